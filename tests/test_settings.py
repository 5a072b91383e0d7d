"""Feed routing and User-Agent signing, on real Scrapy settings objects."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from newscrawl import __version__
from newscrawl.items import ArticleItem, ListSnapshotItem
from newscrawl.spiders.portal import route_feeds, sign_user_agent


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
        (None, None, None),  # project defaults stand
        ("mailto:ops@example.org", None, f"newscrawl/{__version__} (+mailto:ops@example.org)"),
        ("mailto:ops@example.org", "MyBot/1.0", "MyBot/1.0"),  # an explicit User-Agent wins
    ],
)
def test_user_agent_is_signed_with_the_contact(
    contact: str | None, agent: str | None, expected: str | None
) -> None:
    settings = Settings({"USER_AGENT": "project-default", "NEWSCRAWL_CONTACT_URL": "x"}, priority="project")
    if contact:
        settings.set("NEWSCRAWL_CONTACT_URL", contact, priority="cmdline")
    if agent:
        settings.set("USER_AGENT", agent, priority="cmdline")
    sign_user_agent(settings)
    assert settings["USER_AGENT"] == (expected or "project-default")
