"""Retry-After parsing (its holds are exercised by real crawls in test_politeness); robots.txt statuses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.http import Response

from newscrawl.middlewares import robots_unreachable
from newscrawl.politeness import retry_after_seconds

NOW = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("2", 2.0),
        ("0", 0.0),
        (" 120 ", 120.0),
        ("Thu, 26 Nov 2026 12:00:30 GMT", 30.0),
        ("Thu, 26 Nov 2026 11:59:00 GMT", 0.0),  # already past: retry now
        ("soon", None),
        ("-5", None),
        ("", None),
    ],
)
def test_retry_after_seconds(header: str, seconds: float | None) -> None:
    headers = {"Retry-After": header} if header else {}
    response = Response("http://en.people.cn/", status=503, headers=headers)
    assert retry_after_seconds(response, now=NOW) == seconds


@pytest.mark.parametrize(
    ("status", "unreachable"),
    [
        (200, False),
        (404, False),
        (403, False),
        (401, False),
        (429, True),
        (500, True),
        (503, True),
        (599, True),
    ],
)
def test_robots_txt_statuses_per_rfc_9309(status: int, unreachable: bool) -> None:
    assert robots_unreachable(status) is unreachable
