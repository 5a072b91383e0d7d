"""End to end: ``scrapy crawl generic`` on the two generic fixture sites, from their links and from their
sitemaps alone. Every article is found exactly once and equals its expected record; no page that is not
an article gives a record; links and redirects to private addresses are refused and counted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.fixture_server import FIXTURES_DIR, FixtureServer
from tests.helpers import CrawlRun, assert_crawled_records_match_cases, crawl

SITES = ("generic/northbay-ledger", "generic/valley-tribune")


def expected(site: str) -> dict:
    return json.loads((FIXTURES_DIR / site / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runs(
    fixture_server: FixtureServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], CrawlRun]:
    found = {}
    for site in SITES:
        start = ",".join(expected(site)["startUrls"])
        for sources in ("links", "sitemaps"):
            before = len(fixture_server.requests)
            out: Path = tmp_path_factory.mktemp(f"{site.split('/')[1]}-{sources}")
            run = crawl(
                fixture_server.proxy_url,
                out,
                "-a",
                f"start_urls={start}",
                "-a",
                f"sources={sources}",
                spider="generic",
            )
            run.requests = fixture_server.requests[before:]
            found[site, sources] = run
    return found


@pytest.mark.parametrize("sources", ["links", "sitemaps"])
@pytest.mark.parametrize("site", SITES)
def test_every_article_is_found_exactly_once(runs, site: str, sources: str) -> None:
    run = runs[site, sources]
    assert run.returncode == 0, run.stderr[-3000:]
    assert sorted(record["url"] for record in run.articles) == sorted(expected(site)["articles"])
    assert_crawled_records_match_cases(run.articles, sites=(site,), spider="generic")
    assert run.report["errors"] == 0
    assert run.report["dropped"] == {}


@pytest.mark.parametrize("sources", ["links", "sitemaps"])
@pytest.mark.parametrize("site", SITES)
def test_pages_that_are_not_articles_give_no_record(runs, site: str, sources: str) -> None:
    written = {record["url"] for record in runs[site, sources].articles}
    assert not written & set(expected(site)["nonArticles"])


@pytest.mark.parametrize("site", SITES)
def test_hostile_addresses_are_refused_never_fetched(runs, site: str) -> None:
    run = runs[site, "links"]
    fetched = {served.url for served in run.requests}
    hostile = [entry["url"] for entry in expected(site)["hostile"]]
    assert not fetched & set(hostile)
    assert run.report["refused"] == {"private_address": len(hostile)}
    for url in hostile:
        assert any("Refused" in line and url.rstrip("/") in line for line in run.stderr.splitlines()), url


@pytest.mark.parametrize("site", SITES)
def test_from_the_sitemaps_alone_no_page_link_is_followed(runs, site: str) -> None:
    run = runs[site, "sitemaps"]
    via = {record["metadata"]["discoveredVia"] for record in run.articles}
    assert via <= {"sitemap", "news sitemap", "seed"}
    assert run.report["badInput"] == {}


def test_max_articles_bounds_a_generic_crawl(fixture_server: FixtureServer, tmp_path: Path) -> None:
    run = crawl(
        fixture_server.proxy_url,
        tmp_path,
        "-a",
        "start_urls=http://www.northbay-ledger.example/",
        "-a",
        "max_articles=2",
        spider="generic",
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(run.articles) == 2
    assert run.report["finishReason"] == "max_articles"


def test_generic_needs_its_start_urls(tmp_path: Path) -> None:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    command = [sys.executable, "-m", "scrapy", "crawl", "generic"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 2
    assert "generic needs -a start_urls=URL" in done.stderr
