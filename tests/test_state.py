"""The state store (``newscrawl.state``) on a real SQLite file: what a run takes for an earlier run's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscrawl.state import Emitted, StateStore

RECORD = {
    "site": "peoples_daily",
    "articleId": "20158812",
    "url": "http://en.people.cn/n3/2024/0418/c90000-20158812.html",
    "contentHash": "0" * 64,
    "version": 1,
    "firstSeen": "2024-04-18T09:00:00+00:00",
    "datePublished": "2024-04-18T14:45:00+08:00",
}


def test_a_run_started_in_the_second_the_last_one_ended_knows_its_articles_as_earlier(tmp_path: Path) -> None:
    first = StateStore(tmp_path, "peoples_daily")
    first.write_now([Emitted.of(RECORD)])
    first.close()
    second = StateStore(tmp_path, "peoples_daily")  # within the same second, on any machine
    try:
        key = "peoples_daily:20158812"
        known = second.known(key)
        assert known is not None
        assert known.this_run is False
        assert second.earlier_runs is True
        now = datetime(2026, 12, 2, tzinfo=UTC)
        assert second.wants(key, RECORD["url"], timedelta(days=3), now) is False
        assert (
            second.wants(key, RECORD["url"], timedelta(days=3000), now) is True
        )  # within the re-check window
    finally:
        second.close()
