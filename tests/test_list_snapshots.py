"""List snapshots: one per run, site, list and content, counted in the frontier's real SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.dataset import Dataset
from newscrawl.frontier import Frontier
from newscrawl.items import ListSnapshotItem, as_record
from newscrawl.pipelines import ListSnapshotPipeline
from newscrawl.spiders.portals import SPIDERS
from newscrawl.state import StateStore
from newscrawl.validation import invalid_reason

Spider = SPIDERS["peoples_daily"]
POPULAR = [
    {"rank": 1, "url": "http://en.people.cn/n3/2024/0104/c90000-20118289.html", "title": "A", "articleId": "20118289"},
    {"rank": 2, "url": "http://en.people.cn/n3/2024/0312/c90000-20143377.html", "title": "B", "articleId": "20143377"},
]  # fmt: skip
REORDERED = [{**POPULAR[1], "rank": 1}, {**POPULAR[0], "rank": 2}]


def seen(page: str, at: str, items: list[dict[str, Any]], name: str = "Most Popular") -> ListSnapshotItem:
    """A list as one page shows it (what the spider yields)."""
    when = f"2026-12-02T{at}+00:00"
    return ListSnapshotItem(
        site="peoples_daily", listName=name, pageUrl=page, observedAt=when, lastObservedAt=when, items=items
    )


def snapshots(frontier: Frontier) -> list[dict[str, Any]]:
    return [as_record(snapshot) for batch in frontier.list_snapshots() for _, snapshot in batch]


def page(n: int) -> str:
    return f"http://english.people.com.cn/90882/82215{n:02}.html"


def test_a_site_wide_list_is_one_snapshot_from_its_first_page_to_its_last(tmp_path: Path) -> None:
    frontier = Frontier(tmp_path / "frontier.sqlite")
    for n, at in [(1, "06:00:09"), (2, "06:00:03"), (3, "06:04:51"), (4, "06:01:00")]:  # not in time order
        frontier.observe_list(seen(page(n), at, POPULAR))
    [snapshot] = snapshots(frontier)
    assert snapshot == {
        "recordType": "listSnapshot",
        "schemaVersion": "2",
        "site": "peoples_daily",
        "listName": "Most Popular",
        "pageUrl": page(2),  # the earliest observation's page
        "observedAt": "2026-12-02T06:00:03+00:00",
        "lastObservedAt": "2026-12-02T06:04:51+00:00",
        "pageCount": 4,
        "items": POPULAR,
    }
    assert invalid_reason(snapshot) is None
    frontier.close(complete=True)


def test_a_list_whose_content_changes_within_the_run_gets_a_second_snapshot(tmp_path: Path) -> None:
    frontier = Frontier(tmp_path / "frontier.sqlite")
    for n, at, items in [(1, "08:00:05", POPULAR), (2, "08:01:00", POPULAR), (3, "08:02:41", REORDERED)]:
        frontier.observe_list(seen(page(n), at, items))
    frontier.observe_list(seen(page(4), "08:03:00", REORDERED))
    first, second = snapshots(frontier)
    assert (first["items"], first["pageUrl"], first["pageCount"]) == (POPULAR, page(1), 2)
    assert (first["observedAt"], first["lastObservedAt"]) == (
        "2026-12-02T08:00:05+00:00",
        "2026-12-02T08:01:00+00:00",
    )
    assert (second["items"], second["pageUrl"], second["pageCount"]) == (REORDERED, page(3), 2)
    assert second["observedAt"] == "2026-12-02T08:02:41+00:00"
    frontier.close(complete=True)


def test_a_page_specific_list_stays_one_snapshot_per_page(tmp_path: Path) -> None:
    frontier = Frontier(tmp_path / "frontier.sqlite")
    for n in range(1, 4):
        related = [{**POPULAR[0], "url": f"{page(n)}?related", "articleId": None}]
        frontier.observe_list(seen(page(n), f"09:00:0{n}", related, name="Related Stories"))
        frontier.observe_list(seen(page(n), f"09:00:0{n}", POPULAR))
    related = [s for s in snapshots(frontier) if s["listName"] == "Related Stories"]
    assert [(s["pageUrl"], s["pageCount"]) for s in related] == [(page(1), 1), (page(2), 1), (page(3), 1)]
    assert [s["pageCount"] for s in snapshots(frontier) if s["listName"] == "Most Popular"] == [3]
    frontier.close(complete=True)


def test_observations_after_the_last_checkpoint_die_with_a_killed_run(tmp_path: Path) -> None:
    path = tmp_path / "frontier.sqlite"
    frontier = Frontier(path)
    frontier.observe_list(seen(page(1), "06:00:01", POPULAR))
    frontier.checkpoint()  # committed with the page's ack
    frontier.observe_list(seen(page(2), "06:00:02", POPULAR))  # its page's ack is not committed either
    frontier.db.close()  # SIGKILL: the open transaction is gone
    resumed = Frontier(path)
    [snapshot] = snapshots(resumed)
    assert (snapshot["pageCount"], snapshot["lastObservedAt"]) == (1, "2026-12-02T06:00:01+00:00")
    resumed.close(complete=True)


def test_snapshots_a_killed_run_had_written_are_not_written_again(tmp_path: Path) -> None:
    """Killed as it wrote its snapshots: the lines written are folded in, their rows forgotten."""
    data, state = tmp_path / "data", tmp_path / "state"
    frontier = Frontier(state / "frontier.sqlite")
    frontier.observe_list(seen(page(1), "06:00:01", POPULAR))
    frontier.observe_list(seen(page(2), "06:00:02", POPULAR))
    frontier.observe_list(seen(page(3), "06:00:03", REORDERED))
    frontier.checkpoint()
    [(_, written), _] = next(frontier.list_snapshots())
    killed = Dataset(data, "peoples_daily", "20261202T060000Z-killed", datetime(2026, 12, 2, 6, tzinfo=UTC))
    killed.files.folder.mkdir(parents=True)
    killed.files.part("articles").write_bytes(b"")
    line = json.dumps(as_record(written)).encode()
    killed.files.part("lists").write_bytes(line + b"\n" + line[:40])  # the second line cut by the kill
    frontier.db.close()  # the rows were not yet forgotten when the run died

    resumed = Frontier(state / "frontier.sqlite")
    store = StateStore(state, "peoples_daily")
    Dataset(data, "peoples_daily", "20261202T070000Z-next", datetime(2026, 12, 2, 7, tzinfo=UTC)).open(
        store, resumed
    )
    assert killed.files.final("lists").read_bytes() == line + b"\n"
    manifest = json.loads(killed.files.final("manifest").read_text())
    assert (manifest["status"], manifest["records"]["listSnapshot"]) == ("interrupted", 1)
    resumed.db.close()  # killed again at once: the forgetting was committed before the rename
    again = Frontier(state / "frontier.sqlite")
    assert [(s["items"], s["pageCount"]) for s in snapshots(again)] == [(REORDERED, 1)]
    again.close(complete=True)
    store.close()


def pipeline_of(tmp_path: Path) -> ListSnapshotPipeline:
    crawler = get_crawler(Spider, settings_dict={"JOBDIR": str(tmp_path / "job")})
    crawler.stats.open_spider()
    return ListSnapshotPipeline.from_crawler(crawler)


def test_an_empty_list_is_counted_not_kept(tmp_path: Path) -> None:
    pipeline = pipeline_of(tmp_path)
    for n in range(3):
        with pytest.raises(DropItem):
            pipeline.process_item(seen(page(n), "06:00:00", [], name="Latest News"))
    with pytest.raises(DropItem):
        pipeline.process_item(seen(page(1), "06:00:00", POPULAR))
    stats = pipeline.crawler.stats.get_stats()
    assert stats["newscrawl/lists/empty/Latest News"] == 3
    assert stats["newscrawl/lists/observed"] == 4
    assert not [key for key in stats if key.startswith("newscrawl/dropped/")]  # not an error
    frontier = Frontier.of(pipeline.crawler)
    assert [s["listName"] for s in snapshots(frontier)] == ["Most Popular"]
    frontier.close(complete=True)


def test_the_snapshots_written_at_close_pass_the_pipeline(tmp_path: Path) -> None:
    pipeline = pipeline_of(tmp_path)
    pipeline.closing = True
    coalesced = seen(page(1), "06:00:00", POPULAR)
    assert pipeline.process_item(coalesced) is coalesced
    assert pipeline.crawler.stats.get_value("newscrawl/lists/observed") is None
