"""Politeness that holds, in real crawls: Retry-After and Crawl-delay per host, robots.txt 5xx, the contact.

Each crawl is a real ``scrapy crawl generic`` against sites written by the test into a temporary folder
and served by the fixture server on 127.0.0.1; times are the server's, taken as it answered.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from scrapy.core.downloader import Slot
from scrapy.utils.test import get_crawler

from newscrawl.fixture_server import FixtureServer, Served, Site
from newscrawl.politeness import HostPoliteness
from tests.helpers import CrawlRun, crawl


def page(*links: str) -> str:
    anchors = "".join(f"<li><a href='{link}'>Story {n}</a></li>" for n, link in enumerate(links))
    return f"<html><head><title>Page</title></head><body><ul>{anchors}</ul></body></html>"


def write_site(
    root: Path,
    host: str,
    pages: dict[str, str],
    robots: str = "",
    robots_status: int = 200,
    busy: dict[str, int] | None = None,
) -> Site:
    """A site on ``host``: each path answers its page; ``busy`` paths answer 503 + Retry-After first."""
    folder = root / host
    folder.mkdir()
    routes = {}
    for number, (path, html) in enumerate(pages.items()):
        (folder / f"{number}.html").write_text(html, encoding="utf-8")
        routes[f"http://{host}{path}"] = {"file": f"{number}.html", "charset": "utf-8"}
        if path in (busy or {}):
            routes[f"http://{host}{path}"]["busy"] = (busy or {})[path]
    doc = {"robots": robots, "robots_status": robots_status, "routes": routes}
    (folder / "site.json").write_text(json.dumps(doc), encoding="utf-8")
    return Site.load(folder / "site.json")


def generic_crawl(sites: list[Site], out: Path, start_urls: list[str], *args: str) -> CrawlRun:
    with FixtureServer(extra=sites) as server:
        run = crawl(
            server.proxy_url, out, "-a", f"start_urls={','.join(start_urls)}", *args, spider="generic"
        )
        run.requests = server.requests
    # These sites have no articles: the run ends unhealthy (exit status 1), having finished.
    assert (run.returncode, run.report.get("finishReason")) == (1, "finished"), run.stderr[-3000:]
    return run


def on_host(run: CrawlRun, host: str) -> list[Served]:
    return [served for served in run.requests if served.url.startswith(f"http://{host}/")]


def stat(run: CrawlRun, name: str) -> int | float | None:
    found = re.search(rf"'{re.escape(name)}': ([0-9.]+)", run.stderr)
    return float(found.group(1)) if found else None


# --- Retry-After holds one host, not the crawl --------------------------------------------------

BUSY, CALM = "www.busy-daily.example", "news.calm-herald.example"
BUSY_PAGES = [f"/busy-{n}.html" for n in range(4)]
CALM_PAGES = [f"/story-{n}.html" for n in range(8)]


@pytest.fixture(scope="module")
def busy_crawl(tmp_path_factory: pytest.TempPathFactory) -> CrawlRun:
    """Four pages of one host answer ``503 Retry-After: 5`` at once, as many as the crawl's download
    places (CONCURRENT_REQUESTS=4); another host's pages are crawled meanwhile."""
    root = tmp_path_factory.mktemp("busy-sites")
    busy = write_site(root, BUSY, dict.fromkeys(BUSY_PAGES, page()), busy=dict.fromkeys(BUSY_PAGES, 5))
    calm = write_site(root, CALM, {"/": page(*CALM_PAGES), **dict.fromkeys(CALM_PAGES, page())})
    starts = [*(f"http://{BUSY}{path}" for path in BUSY_PAGES), f"http://{CALM}/"]
    slots = json.dumps({BUSY: {"concurrency": 4}})  # all four asked together
    settings = ("-s", "CONCURRENT_REQUESTS=4", "-s", f"DOWNLOAD_SLOTS={slots}", "-a", "sources=links")
    return generic_crawl([busy, calm], tmp_path_factory.mktemp("busy-crawl"), starts, *settings)


def test_each_retry_waits_the_retry_after(busy_crawl: CrawlRun) -> None:
    for path in BUSY_PAGES:
        first, retry = (s for s in busy_crawl.requests if s.url == f"http://{BUSY}{path}")
        assert (first.status, retry.status) == (503, 200)
        assert retry.at - first.at >= 5.0
    assert stat(busy_crawl, "newscrawl/retry_after/waits") == 4
    assert stat(busy_crawl, "retry/count") == 4


def test_the_other_host_keeps_its_pace_meanwhile(busy_crawl: CrawlRun) -> None:
    start = busy_crawl.requests[0].at
    refused = next(s for s in on_host(busy_crawl, BUSY) if s.status == 503)
    calm = on_host(busy_crawl, CALM)
    pages = {s.url for s in calm if s.status == 200 and not s.url.endswith("/robots.txt")}
    assert pages == {f"http://{CALM}{path}" for path in ["/", *CALM_PAGES]}
    assert calm[0].at - start < 2.5  # its first answer: well before the busy host's 5 s are over
    assert all(s.at < refused.at + 5.0 for s in calm), "the other host waited for the busy one"


# Two pages that each answer 503 first, whichever is asked first: every request the host gets after a
# 503 waits that 503's Retry-After, the other page's included, not only the retry.
HELD_WAITS = {"/": 5, "/other.html": 2}


def test_a_held_host_sends_nothing_before_the_time(tmp_path: Path) -> None:
    site = write_site(tmp_path, BUSY, dict.fromkeys(HELD_WAITS, page()), busy=HELD_WAITS)
    # Requests leave the host's slot 0.2 s apart (a slot delay): with none, Scrapy may send two that
    # reach a slot in the same instant together, so that one is under way when the other's 503 comes.
    slots = json.dumps({BUSY: {"delay": 0.2, "jitter": 0}})
    starts = [f"http://{BUSY}{path}" for path in HELD_WAITS]
    run = generic_crawl([site], tmp_path / "out", starts, "-s", f"DOWNLOAD_SLOTS={slots}")
    served = on_host(run, BUSY)
    for path in HELD_WAITS:
        assert [s.status for s in served if s.url == f"http://{BUSY}{path}"] == [503, 200]
    for refused in (s for s in served if s.status == 503):
        wait = HELD_WAITS[refused.url.removeprefix(f"http://{BUSY}")]
        early = [
            (s.url, round(s.at - refused.at, 2)) for s in served if refused.at < s.at < refused.at + wait
        ]
        assert not early, f"{refused.url} asked for {wait} s"


# --- robots.txt Crawl-delay ---------------------------------------------------------------------

SLOW = "www.slow-gazette.example"
# Groups for other agents do not apply; ours (matched on the product token, "newscrawl") does.
SLOW_ROBOTS = "User-agent: otherbot\nCrawl-delay: 30\n\nUser-agent: newscrawl\nCrawl-delay: 1\n"


def test_crawl_delay_spaces_the_hosts_requests_even_under_autothrottle(tmp_path: Path) -> None:
    pages = {"/": page("/a.html", "/b.html"), "/a.html": page(), "/b.html": page()}
    site = write_site(tmp_path, SLOW, pages, robots=SLOW_ROBOTS)
    # AutoThrottle on, from no delay: it would shorten the delay after each quick answer.
    throttle = ["-s", "AUTOTHROTTLE_ENABLED=True", "-s", "AUTOTHROTTLE_START_DELAY=0"]
    run = generic_crawl([site], tmp_path / "out", [f"http://{SLOW}/"], "-a", "sources=links", *throttle)
    served = on_host(run, SLOW)
    assert [s.url.removeprefix(f"http://{SLOW}") for s in served][:2] == ["/robots.txt", "/"]
    assert len(served) == 4
    gaps = [later.at - earlier.at for earlier, later in pairwise(served)]
    assert min(gaps) >= 0.9, gaps  # 1 s asked; the server's clock reads answers, not departures
    assert stat(run, "newscrawl/crawl_delay/hosts") == 1
    assert stat(run, "newscrawl/crawl_delay/longest_s") == 1.0


@pytest.mark.parametrize(
    ("delay", "jitter", "floor", "expected"),
    [
        (0.0, 0.5, 1.0, (1.0, 0.0)),  # raised to the floor, no wait shorter than it
        (3.0, 0.5, 1.0, (3.0, 0.5)),  # already slower: untouched, its shortest wait is 1.5 s
        (1.5, 0.5, 1.0, (1.5, 1 / 3)),  # jitter narrowed: 1.5 × (1 − 1/3) = 1 s at the shortest
    ],
)
def test_the_crawl_delay_floor_keeps_the_shortest_wait(
    delay: float, jitter: float, floor: float, expected: tuple[float, float]
) -> None:
    extension = HostPoliteness(get_crawler())
    extension.floors["site"] = floor
    slot = Slot(concurrency=2, delay=delay, jitter=jitter)
    extension._apply_floor("site", slot)
    assert (slot.delay, slot.jitter) == pytest.approx(expected)


# --- robots.txt answering 5xx: disallow all (RFC 9309 §2.3.1.3); 4xx: allow all ---------------------

FAILING, MISSING = "www.failing-robots.example", "www.no-robots.example"


def test_a_robots_txt_answering_500_disallows_the_host_and_404_allows_it(tmp_path: Path) -> None:
    failing = write_site(tmp_path, FAILING, {"/": page("/a.html"), "/a.html": page()}, robots_status=500)
    missing = write_site(tmp_path, MISSING, {"/": page("/a.html"), "/a.html": page()}, robots_status=404)
    starts = [f"http://{FAILING}/", f"http://{MISSING}/"]
    run = generic_crawl([failing, missing], tmp_path / "out", starts)
    assert {s.url for s in on_host(run, FAILING)} == {f"http://{FAILING}/robots.txt"}  # retried, then no more
    assert {s.url for s in on_host(run, MISSING)} >= {f"http://{MISSING}/", f"http://{MISSING}/a.html"}
    warnings = [line for line in run.stderr.splitlines() if "robots.txt of" in line and "unreachable" in line]
    assert len(warnings) == 1, warnings
    assert f"robots.txt of {FAILING} is unreachable (it answered 500)" in warnings[0]
    assert stat(run, "newscrawl/robotstxt/unreachable") == 1
    assert (stat(run, "robotstxt/forbidden") or 0) >= 1


# --- the contact in the User-Agent --------------------------------------------------------------


def test_without_a_contact_the_agent_is_bare_and_a_public_crawl_warns_once(full_crawl: CrawlRun) -> None:
    assert {served.user_agent for served in full_crawl.requests} == {"newscrawl/0.1.0"}
    warnings = [line for line in full_crawl.stderr.splitlines() if "set NEWSCRAWL_CONTACT" in line]
    assert len(warnings) == 1
    assert "WARNING" in warnings[0]


def test_a_contact_joins_the_agent_and_silences_the_warning(
    fixture_server: FixtureServer, tmp_path: Path
) -> None:
    before = len(fixture_server.requests)
    contact = ("-s", "NEWSCRAWL_CONTACT=crawl-ops@example.org", "-a", "max_articles=2")
    run = crawl(fixture_server.proxy_url, tmp_path, *contact)
    assert run.returncode == 0, run.stderr[-2000:]
    agents = {served.user_agent for served in fixture_server.requests[before:]}
    assert agents == {"newscrawl/0.1.0 (+mailto:crawl-ops@example.org)"}
    assert "NEWSCRAWL_CONTACT" not in run.stderr


def test_a_loopback_crawl_does_not_ask_for_a_contact(fixture_server: FixtureServer, tmp_path: Path) -> None:
    before, start = len(fixture_server.requests), f"{fixture_server.proxy_url}/"
    allow = ("-s", "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS=True")
    run = crawl(fixture_server.proxy_url, tmp_path, "-a", f"start_urls={start}", *allow, spider="generic")
    assert run.report["finishReason"] == "finished", run.stderr[-2000:]  # no articles there: unhealthy
    assert start in {served.url for served in fixture_server.requests[before:]}
    assert "NEWSCRAWL_CONTACT" not in run.stderr
