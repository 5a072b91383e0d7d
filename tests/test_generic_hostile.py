"""The generic spider on a hostile site: every bad sitemap, feed and page is counted and logged, none stops it.

The site is written into a temporary folder by the test (a 60 MB gzip bomb and a 50,000-URL sitemap are
not worth committing) and served by the fixture server beside the bundled sites, on 127.0.0.1 only.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.fixture_server import FixtureServer, Site
from tests.helpers import CrawlRun, crawl

HOST = "http://hostile.example"
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
ARTICLE = f"""<html lang="en"><head><title>Ferry returns</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Ferry returns to the river", "datePublished": "2026-05-12T09:30:00-05:00",
"author": {{"@type": "Person", "name": "Ada Moss"}}}}</script></head><body><article>
<h1>Ferry returns to the river</h1>
{"".join(f"<p>The county council voted on Tuesday to reopen the river ferry, paragraph {n}, after a long campaign by residents of both banks.</p>" for n in range(5))}
</article></body></html>"""
LAUGHS = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol2;</loc></url></urlset>"""


def write_site(root: Path) -> Site:
    files = {
        "front.html": "<html><body><h1>Hostile</h1><a href='/2026/05/12/ferry/'>Ferry</a>"
        "<a href='/report.pdf'>Report</a><a href='/files/report'>Report (no extension)</a><link rel='alternate' type='application/rss+xml' href='/feed.rss'></body></html>",
        "ferry.html": ARTICLE,
        "index.xml": f"<?xml version='1.0'?><sitemapindex {NS}><sitemap><loc>{HOST}/index.xml</loc></sitemap>"
        f"<sitemap><loc>{HOST}/a.xml</loc></sitemap></sitemapindex>",
        "a.xml": f"<?xml version='1.0'?><urlset {NS}><url><loc>{HOST}/2026/05/12/ferry/</loc></url></urlset>",
        "broken.xml": f"<?xml version='1.0'?><urlset {NS}><url><loc>{HOST}/2026/05/12/ferry/</loc></url><url><loc>",
        "laughs.xml": LAUGHS,
        "feed.rss": "<?xml version='1.0'?><rss version='2.0'><channel><item><title>Ferry</title><link>",
        "report.pdf": "%PDF-1.7 not a page",
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    bomb = f"<?xml version='1.0'?><urlset {NS}><url><loc>{HOST}/x</loc></url>".encode() + b" " * (60 << 20)
    (root / "bomb.xml.gz").write_bytes(gzip.compress(bomb, compresslevel=9))
    old = "".join(
        f"<url><loc>{HOST}/2001/01/01/old-{n}/</loc><lastmod>2001-01-01</lastmod></url>"
        for n in range(50_000)
    )
    (root / "big.xml").write_text(f"<?xml version='1.0'?><urlset {NS}>{old}</urlset>", encoding="utf-8")
    routes = {
        f"{HOST}/": {"file": "front.html", "charset": "utf-8"},
        f"{HOST}/2026/05/12/ferry/": {"file": "ferry.html", "charset": "utf-8"},
        f"{HOST}/report.pdf": {"file": "report.pdf", "content_type": "application/pdf"},
        f"{HOST}/files/report": {"file": "report.pdf", "content_type": "application/pdf"},
        f"{HOST}/feed.rss": {"file": "feed.rss", "content_type": "application/rss+xml"},
        **{
            f"{HOST}/{name}": {"file": name, "content_type": "application/xml"}
            for name in ("index.xml", "a.xml", "broken.xml", "laughs.xml", "big.xml")
        },
        f"{HOST}/bomb.xml.gz": {"file": "bomb.xml.gz", "content_type": "application/x-gzip"},
    }
    sitemaps = ("index.xml", "bomb.xml.gz", "laughs.xml", "broken.xml", "big.xml")
    robots = "User-agent: *\nAllow: /\n" + "".join(f"Sitemap: {HOST}/{name}\n" for name in sitemaps)
    (root / "site.json").write_text(json.dumps({"robots": robots, "routes": routes}), encoding="utf-8")
    return Site.load(root / "site.json")


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawlRun]:
    site = write_site(tmp_path_factory.mktemp("hostile-site"))
    with FixtureServer(extra=[site]) as server:
        out = tmp_path_factory.mktemp("hostile-crawl")
        run = crawl(
            server.proxy_url, out, "-a", f"start_urls={HOST}/", "-a", "since=2026-01-01", spider="generic"
        )
        run.requests = server.requests
        yield run


def test_the_crawl_survives_and_writes_the_one_article(hostile_crawl: CrawlRun) -> None:
    assert hostile_crawl.returncode == 0, hostile_crawl.stderr[-3000:]
    assert [record["url"] for record in hostile_crawl.articles] == [f"{HOST}/2026/05/12/ferry/"]
    assert hostile_crawl.articles[0]["datePublished"] == "2026-05-12T09:30:00-05:00"
    assert hostile_crawl.report["errors"] == 0


def test_every_bad_source_is_counted_by_reason(hostile_crawl: CrawlRun) -> None:
    bad = hostile_crawl.report["badInput"]
    assert bad["sitemap_loop"] == 1
    assert bad["oversized_sitemap"] == 1
    assert bad["entity_declaration"] == 1
    assert bad["malformed_sitemap"] == 1
    assert bad["malformed_feed"] == 1


@pytest.mark.parametrize(
    ("what", "url"),
    [
        ("Sitemap index loops back to", f"{HOST}/index.xml"),
        ("Bad sitemap", f"{HOST}/bomb.xml.gz: oversized_sitemap"),
        ("Bad sitemap", f"{HOST}/laughs.xml: entity_declaration"),
        ("Bad sitemap", f"{HOST}/broken.xml: malformed_sitemap"),
        ("Bad feed", f"{HOST}/feed.rss: malformed_feed"),
    ],
)
def test_each_bad_source_is_logged_with_its_url(hostile_crawl: CrawlRun, what: str, url: str) -> None:
    assert any(what in line and url in line for line in hostile_crawl.stderr.splitlines())


def test_dated_sitemap_entries_before_since_are_not_fetched(hostile_crawl: CrawlRun) -> None:
    assert hostile_crawl.report["skipped"]["before_since"] == 50_000


def test_files_are_not_fetched_and_a_non_html_answer_is_counted(hostile_crawl: CrawlRun) -> None:
    fetched = {served.url for served in hostile_crawl.requests}
    assert f"{HOST}/report.pdf" not in fetched  # a file by its name: never fetched
    assert f"{HOST}/files/report" in fetched
    assert hostile_crawl.report["skipped"]["not_html"] == 1  # /files/report: a PDF by its answer
    assert not any(url.startswith(f"{HOST}/2001/") for url in fetched)  # 50,000 old entries, none fetched
