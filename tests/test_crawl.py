"""End to end: the real ``scrapy crawl peoples_daily`` against the fixture portal over loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from newscrawl.fixture_server import FIXTURES_DIR, FixtureServer, Site
from newscrawl.portals.peoples_daily import PORTAL
from newscrawl.validation import invalid_reason
from tests.helpers import CrawlRun, assert_crawled_records_match_cases, assert_lean_lists, crawl, record_cases

SEED = "http://english.people.com.cn/90883/8221469.html"


def expected_urls() -> set[str]:
    return {case.url for case in record_cases()}


def test_crawl_finishes_cleanly(full_crawl: CrawlRun) -> None:
    assert full_crawl.returncode == 0, full_crawl.stderr[-2000:]
    assert full_crawl.report["finishReason"] == "finished"
    assert full_crawl.report["errors"] == 0


def test_finds_exactly_every_article_once(full_crawl: CrawlRun) -> None:
    urls = [record["url"] for record in full_crawl.articles]
    assert sorted(urls) == sorted(expected_urls())
    assert len({record["articleId"] for record in full_crawl.articles}) == len(urls)


def test_every_record_equals_its_expected_record(full_crawl: CrawlRun) -> None:
    assert_crawled_records_match_cases(full_crawl.articles)


def test_every_record_validates(full_crawl: CrawlRun) -> None:
    for record in full_crawl.articles + full_crawl.lists:
        assert invalid_reason(record) is None, record.get("url") or record.get("pageUrl")


def test_drops_and_skips_are_counted(full_crawl: CrawlRun) -> None:
    report = full_crawl.report
    assert report["articles"] == len(expected_urls())
    assert report["dropped"] == {"empty_body": 1}
    # two galleries, "About us", "Contact us", the RSS feed; the Xinhua link is off-site
    assert report["skipped"] == {"non_article": 5, "offsite": 1}
    assert report["unrecognised"] == 0  # the special-coverage page is a listing at an article URL
    assert report["fallbacks"] == {}
    assert report["httpStatus"]["404"] == 1
    assert report["httpStatus"]["301"] == 1
    assert report["httpStatus"]["503"] == 1
    assert report["layouts"] == {"peoples_daily.Layout2013": 30, "peoples_daily.Layout2024": 17}


def test_log_names_the_url_of_each_drop(full_crawl: CrawlRun) -> None:
    drops = [line for line in full_crawl.stderr.splitlines() if "Dropped article" in line]
    assert len(drops) == 1
    assert drops[0].endswith("http://en.people.cn/n3/2024/0710/c90000-20192233.html: empty_body")
    assert (
        "A listing at an article URL, followed as a listing: http://en.people.cn/n3/2024/0301/c90000-20140001.html"
        in (full_crawl.stderr)
    )


def test_requests_stay_polite_and_minimal(full_crawl: CrawlRun) -> None:
    fetched = Counter(served.url for served in full_crawl.requests)
    assert {served.user_agent for served in full_crawl.requests} == {"newscrawl/0.1.0"}  # no contact set
    assert fetched["http://en.people.cn/robots.txt"] == 1
    assert fetched["http://english.people.com.cn/robots.txt"] == 1
    busy = "http://english.people.com.cn/90780/8221460.html"  # answers 503 + Retry-After: 1 first
    assert fetched.pop(busy) == 2
    assert max(fetched.values()) == 1, "a page was fetched twice"
    first, retry = (served for served in full_crawl.requests if served.url == busy)
    assert (first.status, retry.status) == (503, 200)
    assert retry.at - first.at >= 1.0, "Retry-After was not honoured"
    assert not any("/90786/" in url or "/102840/" in url for url in fetched), "a non-article was fetched"
    assert not any("peopledaily.com.cn" in url for url in fetched), "the legacy host was not folded"
    assert all(url.startswith(("http://en.people.cn/", "http://english.people.com.cn/")) for url in fetched)


def test_list_snapshots(full_crawl: CrawlRun) -> None:
    lists = full_crawl.lists
    by_page = {(s["pageUrl"], s["listName"]): s for s in lists}  # where each content was first seen
    assert len(by_page) == len(lists)
    front = {name for page, name in by_page if page == "http://en.people.cn/"}  # the start page: first
    assert front == {"Top Stories", "Latest News", "Most Popular", "Services", "China", "World", "Business"}
    assert {name for page, name in by_page if page == "http://en.people.cn/90777/index2.html"} == {"World"}
    world_2 = by_page[("http://en.people.cn/90777/index2.html", "World")]["items"]
    assert [item["articleId"] for item in world_2] == ["8221388", "8221445", "8075123", "7961234"]
    # The 2013 pages' side lists, the same on every one of them: a snapshot each, on all of them.
    old = {r["url"]: r["metadata"]["dateDownloaded"] for r in full_crawl.articles if "2013" in r["layout"]}
    assert SEED in old
    assert len(old) == 30
    side = {s["listName"]: s for s in lists if s["pageUrl"] in old and s["pageCount"] > 1}
    assert set(side) == {"Most Popular", "Selections for you", "What's happening in China"}
    for snapshot in side.values():
        assert snapshot["pageCount"] == len(old)
        assert snapshot["observedAt"] == min(old.values()) == old[snapshot["pageUrl"]]
        assert snapshot["lastObservedAt"] == max(old.values())
    most_popular, selections = side["Most Popular"]["items"], side["Selections for you"]["items"]
    assert most_popular[0] == {
        "rank": 1,
        "url": "http://english.people.com.cn/90780/8221460.html",
        "title": "Insisting on wrong road, Japan has no future",
        "articleId": "8221460",
    }
    assert [item["rank"] for item in most_popular] == list(range(1, 11))
    assert selections[0]["title"] == "China's aircraft carrier at Qingdao home base"
    assert selections[0]["articleId"] is None  # a photo gallery, not an article
    assert len(side["What's happening in China"]["items"]) == 6
    # Their "Latest News" is filled by script: counted on every page, never written.
    assert full_crawl.report["emptyLists"] == {"Latest News": len(old)}
    assert [s["pageUrl"] for s in lists if s["listName"] == "Latest News"] == ["http://en.people.cn/"]
    # "Related Stories" belongs to its article: one snapshot per page, unless two articles relate alike.
    related = [s for s in lists if s["listName"] == "Related Stories"]
    assert sum(s["pageCount"] for s in related) == full_crawl.report["layouts"]["peoples_daily.Layout2024"]
    assert len({s["pageUrl"] for s in related}) == len(related)
    assert_lean_lists(lists, full_crawl.report)
    assert (len(lists), full_crawl.report["listObservations"]) == (40, 170)


@pytest.mark.crawl
def test_a_list_that_changes_during_the_run_gets_a_second_snapshot(tmp_path: Path) -> None:
    """One 2013 page ranks "Most Popular" anew (its first two swapped): 29 pages show one content, it
    the other."""
    copy = tmp_path / "site"
    shutil.copytree(FIXTURES_DIR / "peoples_daily", copy)
    changed = copy / "articles" / "2013-cyber-security.html"
    html = changed.read_bytes()  # GB2312, as the 2013 pages are; the lines swapped are ASCII
    first = b'<li><a href="http://english.people.com.cn/90780/8221460.html">Insisting on wrong road, Japan has no future</a></li>'
    second = b"<li><a href=\"http://english.people.com.cn/90777/8221445.html\">US 'turns blind eye to human rights'</a></li>"
    gap = b"\n        "
    assert first + gap + second in html
    changed.write_bytes(html.replace(first + gap + second, second + gap + first))
    with FixtureServer(extra=[Site.load(copy / "site.json")]) as server:
        run = crawl(server.proxy_url, tmp_path / "out")
    assert run.returncode == 0, run.stderr[-2000:]
    page = next(case.url for case in record_cases() if case.name == "2013-cyber-security")
    popular = [s for s in run.lists if s["listName"] == "Most Popular" and len(s["items"]) == 10]
    assert sorted(s["pageCount"] for s in popular) == [1, 29]
    [ranked_anew] = [s for s in popular if s["pageCount"] == 1]
    assert ranked_anew["pageUrl"] == page
    assert ranked_anew["observedAt"] == ranked_anew["lastObservedAt"]
    assert [item["articleId"] for item in ranked_anew["items"][:3]] == ["8221445", "8221460", "8221381"]
    assert [item["rank"] for item in ranked_anew["items"]] == list(range(1, 11))
    assert_lean_lists(run.lists, run.report)


def test_the_declared_feeds_are_read_once_and_a_trailing_dot_host_is_the_portals(
    full_crawl: CrawlRun,
) -> None:
    fetched = Counter(served.url for served in full_crawl.requests)
    assert len(PORTAL.feeds) == 4
    assert all(fetched[feed] == 1 for feed in PORTAL.feeds)
    assert fetched["http://en.people.cn/n3/2024/0808/c90000-20203344.html"] == 1  # linked as en.people.cn./…
    latest = next(
        s
        for s in full_crawl.lists
        if (s["pageUrl"], s["listName"]) == ("http://en.people.cn/", "Latest News")
    )
    assert latest["items"][1] == {
        "rank": 2,
        "url": "http://en.people.cn/n3/2024/0808/c90000-20203344.html",
        "title": "Summer camps teach children to swim safely",
        "articleId": "20203344",
    }


def test_from_the_feeds_alone_every_article_is_found_once(
    fixture_server: FixtureServer, tmp_path: Path
) -> None:
    before = len(fixture_server.requests)
    run = crawl(fixture_server.proxy_url, tmp_path, "-a", "sources=feeds")
    fetched = Counter(served.url for served in fixture_server.requests[before:])
    assert run.returncode == 0, run.stderr[-2000:]
    assert_crawled_records_match_cases(run.articles)
    assert {record["metadata"]["discoveredVia"] for record in run.articles} == {"feed"}
    assert all(fetched[feed] == 1 for feed in PORTAL.feeds)
    listings = [url for url in fetched if "/index" in url or url.endswith("cn/")]
    assert listings == ["http://en.people.cn/"], "a page link was followed"  # the start page is fetched


def test_since_bounds_emission_and_following(fixture_server: FixtureServer, tmp_path: Path) -> None:
    before = len(fixture_server.requests)
    run = crawl(fixture_server.proxy_url, tmp_path, "-a", "since=2024-06-01")
    fetched = [served.url for served in fixture_server.requests[before:]]
    assert run.returncode == 0, run.stderr[-2000:]
    assert sorted(r["articleId"] for r in run.articles) == sorted(
        [
            "20183310",
            "20185566",
            "20189920",
            "20203344",
            "20214455",
            "20224417",
            "20238801",
            "20250156",
            "20260012",
        ]
    )
    assert all(r["datePublished"] >= "2024-06-01" for r in run.articles)
    assert not [url for url in fetched if "english.people.com.cn/9" in url], "old articles were followed"
    assert run.report["skipped"]["before_since"] >= 10


def test_max_articles_stops_the_run(fixture_server: FixtureServer, tmp_path: Path) -> None:
    before = len(fixture_server.requests)
    contact = "-s", "NEWSCRAWL_CONTACT=mailto:crawl-ops@example.org"
    run = crawl(fixture_server.proxy_url, tmp_path, "-a", "max_articles=5", *contact)
    agents = {served.user_agent for served in fixture_server.requests[before:]}
    assert agents == {"newscrawl/0.1.0 (+mailto:crawl-ops@example.org)"}
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(run.articles) == 5
    assert run.report["finishReason"] == "max_articles"
    # The lists seen before the run stopped are written all the same, once per content.
    assert any(s["pageUrl"] == "http://en.people.cn/" for s in run.lists)
    assert_lean_lists(run.lists, run.report)


def test_start_urls_argument_overrides_the_front_page(fixture_server: FixtureServer, tmp_path: Path) -> None:
    start = "http://en.people.cn/90780/index.html"
    args = "-a", f"start_urls={start}", "-a", "max_articles=3", "-a", "sources=links"  # the feeds left out
    run = crawl(fixture_server.proxy_url, tmp_path, *args)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.lists[0]["pageUrl"] == start
    assert len(run.articles) == 3


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("max_articles=0", "max_articles must be a positive whole number"),
        ("since=2024-13-01", "since must be a day as YYYY-MM-DD"),
        ("start_urls=ftp://example.org/", "start_urls: 'ftp://example.org/' is not an http(s) URL"),
        ("colour=blue", "unknown spider argument 'colour'"),
        ("start_urls=http://example.com/", "start_urls: 'http://example.com/' is not on this spider's hosts"),
    ],
)
def test_bad_argument_fails_at_start_with_one_line(tmp_path: Path, argument: str, message: str) -> None:
    run = crawl("http://127.0.0.1:9", tmp_path, "-a", argument)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert message in run.stderr
    assert not (tmp_path / "articles.jsonl").exists()


def test_scrapy_check_contracts_pass_against_the_fixture_portal(
    fixture_server: FixtureServer, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "http_proxy": fixture_server.proxy_url,
        "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
    }
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "check", "peoples_daily"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Ran 2 contracts" in done.stderr
