"""Feed routing, User-Agent signing and the GC thresholds, on real Scrapy settings and crawlers."""

from __future__ import annotations

import gc

import pytest
from scrapy import Spider
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newscrawl import __version__
from newscrawl.extensions import GcThresholds
from newscrawl.items import ArticleItem, ListSnapshotItem
from newscrawl.politeness import sign_user_agent
from newscrawl.spiders.portal import route_feeds


def routed(feeds: dict, **extra: str) -> dict:
    settings = Settings()
    settings.set("FEEDS", feeds, priority="cmdline")
    for name, value in extra.items():
        settings.set(name, value, priority="cmdline")
    route_feeds(settings)
    return settings.getdict("FEEDS")


def test_overwrite_feed_gets_articles_and_lists_go_beside_it() -> None:
    feeds = routed({"out/articles.jsonl": {"format": "jsonl", "overwrite": True}})
    assert feeds["out/articles.jsonl"]["item_classes"] == [ArticleItem]
    assert feeds["out/lists.jsonl"] == {
        "format": "jsonlines",
        "item_classes": [ListSnapshotItem],
        "overwrite": True,
    }


def test_append_feed_appends_lists_too() -> None:
    feeds = routed({"articles.jsonl": {"format": "jsonl"}})
    assert feeds["lists.jsonl"]["overwrite"] is False


def test_lists_feed_setting_wins_and_explicit_item_classes_are_kept() -> None:
    feeds = routed(
        {"a.jsonl": {"format": "jsonl", "item_classes": [ListSnapshotItem]}},
        NEWSCRAWL_LISTS_FEED="snapshots/%(time)s.jsonl",
    )
    assert feeds["a.jsonl"]["item_classes"] == [ListSnapshotItem]
    assert "snapshots/%(time)s.jsonl" in feeds


def test_no_local_feed_warns_that_lists_are_not_exported(caplog: pytest.LogCaptureFixture) -> None:
    feeds = routed({"stdout:": {"format": "jsonl"}})
    assert list(feeds) == ["stdout:"]
    assert "set NEWSCRAWL_LISTS_FEED" in caplog.text


def test_no_feed_is_left_alone() -> None:
    settings = Settings()
    route_feeds(settings)
    assert settings.getdict("FEEDS") == {}


@pytest.mark.parametrize(
    ("contact", "agent", "expected"),
    [
        ("", None, "newscrawl/0.1.0"),  # no contact: newscrawl and its version only
        ("mailto:ops@example.org", None, "newscrawl/0.1.0 (+mailto:ops@example.org)"),
        ("ops@example.org", None, "newscrawl/0.1.0 (+mailto:ops@example.org)"),
        ("https://example.org/crawl", None, "newscrawl/0.1.0 (+https://example.org/crawl)"),
        ("ops@example.org", "MyBot/1.0", "MyBot/1.0"),  # a User-Agent of one's own wins
    ],
)
@pytest.mark.parametrize("contact_priority", ["project", "cmdline"])
def test_user_agent_is_signed_with_the_contact(
    contact: str, agent: str | None, expected: str, contact_priority: str
) -> None:
    settings = Settings()
    settings.setmodule("newscrawl.settings", priority="project")
    settings.set("NEWSCRAWL_CONTACT", contact, priority=contact_priority)
    if agent:
        settings.set("USER_AGENT", agent, priority="project")
    sign_user_agent(settings)
    assert settings["USER_AGENT"] == expected
    assert __version__ == "0.1.0"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("50000,20,100", (50000, 20, 100)), ("1000", (1000,)), (" 700, 10 ", (700, 10))],
)
def test_gc_thresholds_hold_for_the_crawl_and_are_put_back(value: str, expected: tuple) -> None:
    before = gc.get_threshold()
    crawler = get_crawler(settings_dict={"NEWSCRAWL_GC_THRESHOLDS": value})
    extension = GcThresholds.from_crawler(crawler)
    extension.spider_opened(Spider("s"))
    try:
        assert gc.get_threshold()[: len(expected)] == expected
    finally:
        extension.spider_closed(Spider("s"))
    assert gc.get_threshold() == before


@pytest.mark.parametrize("value", ["", "fast", "1,2,3,4", "-5"])
def test_gc_thresholds_off_or_malformed_leave_python_alone(
    value: str, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(NotConfigured):
        GcThresholds.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_GC_THRESHOLDS": value}))
    assert bool(value) == ("NEWSCRAWL_GC_THRESHOLDS" in caplog.text)
