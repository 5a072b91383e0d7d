"""Shared test helpers: the fixture cases and a real ``scrapy crawl`` against the fixture portal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from newscrawl.fixture_server import FIXTURES_DIR, Served
from newscrawl.items import ArticleItem
from newscrawl.page import process_page
from newscrawl.record import Rejected

ROOT = Path(__file__).resolve().parent.parent
PORTAL_DIR = FIXTURES_DIR / "peoples_daily"
# Fields that depend on the crawl, not on the page: left out of the expected records.
CRAWL_TIME_METADATA = ("dateDownloaded", "spider", "httpStatus", "discoveredVia")
# Run state, not page content: what the state store says of the article.
RUN_STATE_FIELDS = ("version", "firstSeen")


@dataclass(frozen=True, eq=False)
class Case:
    """One article page of the fixture portal and its expected record (or expected error)."""

    name: str
    url: str
    html: Path
    expected: dict[str, Any]
    site: str = "peoples_daily"

    @property
    def is_error(self) -> bool:
        return "error" in self.expected


def fixture_sites() -> list[str]:
    """Every fixture site with article cases: ``peoples_daily``, ``generic/northbay-ledger``, …"""
    return sorted(
        str(path.parent.relative_to(FIXTURES_DIR))
        for path in FIXTURES_DIR.rglob("site.json")
        if (path.parent / "articles").is_dir()
    )


@cache
def site_routes(site: str = "peoples_daily") -> dict[str, dict[str, Any]]:
    return json.loads((FIXTURES_DIR / site / "site.json").read_text(encoding="utf-8"))["routes"]


@cache
def cases(site: str = "peoples_daily") -> tuple[Case, ...]:
    """Every ``articles/<case>.html`` of a site with its ``.json``, at the URL the site serves it from.

    A page served under several URLs (two hosts) is taken at the URL its expected record names.
    """
    urls: dict[str, list[str]] = {}
    for url, route in site_routes(site).items():
        urls.setdefault(route.get("file", ""), []).append(url)
    found = []
    for html in sorted((FIXTURES_DIR / site / "articles").glob("*.html")):
        expected = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))
        served = urls[f"articles/{html.name}"]
        url = expected["url"] if expected.get("url") in served else served[0]
        found.append(Case(html.stem, url, html, expected, site))
    return tuple(found)


def extract_case(case: Case) -> ArticleItem:
    """The case's record as a crawl makes it: a paged article's later pages are read from the site's
    routes (``newscrawl.page`` reports each next page with the pages read so far), each once."""
    headers = {"Content-Type": "text/html"}
    result = process_page(case.html.read_bytes(), case.url, headers, with_links=False, assume_article=True)
    while result.continuation is not None:
        following = result.continuation.url
        body = (FIXTURES_DIR / case.site / site_routes(case.site)[following]["file"]).read_bytes()
        partial = result.continuation.partial
        result = process_page(
            body, following, headers, with_links=False, assume_article=True, partial=partial
        )
    if result.record is None:
        raise Rejected(result.reason or "not_article")
    return result.record


def record_cases(site: str = "peoples_daily") -> list[Case]:
    return [case for case in cases(site) if not case.is_error]


def without_crawl_time(record: dict[str, Any]) -> dict[str, Any]:
    """The record as its expected ``.json`` holds it: crawl-time metadata and run state left out."""
    metadata = {k: v for k, v in record["metadata"].items() if k not in CRAWL_TIME_METADATA}
    page = {k: v for k, v in record.items() if k not in RUN_STATE_FIELDS}
    return {**page, "metadata": metadata}


def assert_crawled_records_match_cases(
    records: list[dict[str, Any]], sites: tuple[str, ...] = ("peoples_daily",), spider: str = "peoples_daily"
) -> None:
    """Exactly one record per article case of the sites, each equal to its expected record on every field."""
    by_url = {record["url"]: record for record in records}
    assert len(by_url) == len(records), "two records share a URL"
    expected = [case for site in sites for case in record_cases(site)]
    assert sorted(by_url) == sorted(case.url for case in expected)
    for case in expected:
        record = by_url[case.url]
        assert without_crawl_time(record) == case.expected, case.name
        assert set(record["metadata"]) == {*CRAWL_TIME_METADATA, "charset", "fieldSources", "fallbackFrom"}
        assert record["metadata"]["spider"] == spider
        assert record["metadata"]["httpStatus"] == 200
        assert record["metadata"]["discoveredVia"]


def list_pages(lists: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """Pages that showed each (listName, items as JSON), over snapshots: what the runs saw."""
    pages: Counter[tuple[str, str]] = Counter()
    for snapshot in lists:
        pages[snapshot["listName"], json.dumps(snapshot["items"])] += snapshot["pageCount"]
    return pages


def assert_lean_lists(lists: list[dict[str, Any]], report: dict[str, Any]) -> None:
    """One snapshot per list and content, none empty, and the report's counts adding up."""
    contents = [(s["site"], s["listName"], json.dumps(s["items"])) for s in lists]
    assert len(set(contents)) == len(contents), "a list's content written twice"
    assert all(s["items"] and s["observedAt"] <= s["lastObservedAt"] for s in lists)
    assert report["listSnapshots"] == len(lists)
    empty = sum(report["emptyLists"].values())
    assert sum(s["pageCount"] for s in lists) + empty == report["listObservations"]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class CrawlRun:
    """What one ``scrapy crawl peoples_daily`` run left behind."""

    returncode: int
    stderr: str
    articles: list[dict[str, Any]]
    lists: list[dict[str, Any]]
    report: dict[str, Any]
    requests: list[Served]


def crawl(proxy_url: str, out: Path, *args: str, spider: str = "peoples_daily") -> CrawlRun:
    """Run the real crawl command against the fixture sites (loopback only), as a user would."""
    out.mkdir(parents=True, exist_ok=True)
    articles, lists, report = out / "articles.jsonl", out / "lists.jsonl", out / "report.json"
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-O", str(articles)]
    command += ["-s", f"NEWSCRAWL_REPORT_FILE={report}", "-s", "AUTOTHROTTLE_ENABLED=False"]
    command += ["-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO", *args]
    env = {**os.environ, "http_proxy": proxy_url, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    env.pop("HTTP_PROXY", None)
    done = subprocess.run(command, env=env, cwd=out, capture_output=True, text=True, timeout=120)
    return CrawlRun(
        returncode=done.returncode,
        stderr=done.stderr,
        articles=read_jsonl(articles) if articles.exists() else [],
        lists=read_jsonl(lists) if lists.exists() else [],
        report=json.loads(report.read_text(encoding="utf-8")) if report.exists() else {},
        requests=[],
    )


def canary(fallbacks: int) -> str:
    """The run report's reason for calling a run unhealthy when a known portal's pages fell back."""
    return f"{fallbacks} pages in no known layout, read generically: has the site changed?"


def assert_finished(run: CrawlRun, fallbacks: int = 0) -> None:
    """The crawl ended on its own; a fixture site's fallback pages make it unhealthy (exit status 1)."""
    assert run.returncode == (1 if fallbacks else 0), run.stderr[-3000:]
    assert run.report["finishReason"] == "finished"
    assert run.report["unhealthy"] == ([canary(fallbacks)] if fallbacks else [])
