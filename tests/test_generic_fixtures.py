"""The generic fixture sites (``fixtures/generic/``) are consistent, checked without the extractor.

Each site's routes point at files that exist, every article page has a hand-written expected record
that validates against schema version 2 and whose ``contentHash`` is right, every article is reachable
from the front page within three links and listed in the site's sitemaps, and the feeds parse. A
failure here is a fault in the fixtures, not in newscrawl.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections import deque
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
import pytest
from jsonschema import Draft7Validator
from lxml import etree

from newscrawl.items import ArticleItem
from newscrawl.validation import invalid_reason, load_schema
from tests.helpers import RUN_STATE_FIELDS

GENERIC_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "generic"
SYNTHETIC_NOTE = "Synthetic fixture page written for newscrawl's tests"
CRAWL_TIME_METADATA = {
    "dateDownloaded": "2026-12-01T00:00:00+00:00",
    "spider": "generic",
    "httpStatus": 200,
    "discoveredVia": "seed",
}
SOURCED_FIELDS = (
    "headline",
    "byline",
    "authors",
    "datePublished",
    "dateModified",
    "canonicalUrl",
    "section",
    "keywords",
    "inLanguage",
    "description",
    "articleBody",
    "images",
    "editors",
    "dateline",
    "sourceAgency",
)
SOURCE_VOCABULARY = {
    "jsonld",
    "opengraph",
    "meta",
    "time",
    "byline",
    "h1",
    "title",
    "html",
    "body",
    "figure",
    "text",
    "url",
}
CONTENT_TYPES = {".html": "text/html", ".rss": "application/rss+xml", ".gz": "application/x-gzip"}
MAX_DEPTH = 3
SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
ATOM_NS = {"atom": "http://www.w3.org/2005/Atom"}
# Sitemaps and feeds are read as a careful crawler reads them: no entities, no network.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class Site:
    """One generic fixture site: its route map and what a complete crawl of it must find."""

    name: str
    root: Path
    routes: dict[str, dict[str, Any]]
    robots: str
    expected: dict[str, Any]

    @property
    def hosts(self) -> set[str]:
        return {urlsplit(url).hostname or "" for url in self.routes}

    def resolve(self, url: str) -> str:
        """The URL a link ends at after the site's own redirects (those to its hosts)."""
        seen = set()
        while url in self.routes and "redirect" in self.routes[url] and url not in seen:
            seen.add(url)
            target = self.routes[url]["redirect"]
            if urlsplit(target).hostname not in self.hosts:
                return target
            url = target
        return url

    def body(self, url: str) -> bytes:
        return (self.root / self.routes[url]["file"]).read_bytes()


@dataclass(frozen=True)
class Case:
    """One article page of a generic site with its expected record."""

    site: Site
    name: str
    url: str
    html: Path
    expected: dict[str, Any]


@cache
def sites() -> tuple[Site, ...]:
    found = []
    for site_json in sorted(GENERIC_DIR.glob("*/site.json")):
        doc = json.loads(site_json.read_text(encoding="utf-8"))
        expected = json.loads((site_json.parent / "expected.json").read_text(encoding="utf-8"))
        found.append(Site(site_json.parent.name, site_json.parent, doc["routes"], doc["robots"], expected))
    return tuple(found)


@cache
def cases() -> tuple[Case, ...]:
    found = []
    for site in sites():
        urls = {route["file"]: url for url, route in site.routes.items() if "file" in route}
        for html in sorted((site.root / "articles").glob("*.html")):
            expected = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))
            found.append(Case(site, html.stem, urls[f"articles/{html.name}"], html, expected))
    return tuple(found)


def site_ids(site: Site) -> str:
    return site.name


def case_ids(case: Case) -> str:
    return f"{case.site.name}-{case.name}"


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def page_text(html: bytes) -> str:
    """The page's visible text, whitespace-normalised (scripts, styles and comments left out)."""
    tree = lxml.html.fromstring(html)
    for node in tree.xpath("//script | //style | //comment()"):
        node.drop_tree()
    return normalised(tree.text_content())


def page_links(html: bytes, base: str) -> list[str]:
    """Absolute ``<a href>`` targets of a page, fragments removed, javascript:/mailto: left out."""
    tree = lxml.html.fromstring(html)
    links = []
    for href in tree.xpath("//a/@href"):
        href = href.strip()
        if href and not href.startswith(("javascript:", "mailto:", "#")):
            links.append(urldefrag(urljoin(base, href))[0])
    return links


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, XML_PARSER)


def html_routes(site: Site) -> list[str]:
    return [url for url, route in site.routes.items() if route.get("file", "").endswith(".html")]


# ---------------------------------------------------------------------------------------- routes


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_every_route_file_exists(site: Site) -> None:
    missing = [
        r["file"] for r in site.routes.values() if "file" in r and not (site.root / r["file"]).is_file()
    ]
    assert missing == []


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_every_route_declares_its_content_type(site: Site) -> None:
    for url, route in site.routes.items():
        if "file" not in route:
            assert route["status"] in (301, 302), url
            assert route["redirect"].startswith("http://"), url
            continue
        suffix = Path(route["file"]).suffix
        want = CONTENT_TYPES.get(suffix)
        got = route.get("content_type", "text/html")
        if suffix == ".xml":
            assert got in ("application/xml", "text/xml", "application/atom+xml"), url
        else:
            assert got == want, url
        assert route["charset"] == (None if suffix == ".gz" else "utf-8"), url


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_every_file_is_routed_and_every_article_has_its_record(site: Site) -> None:
    routed = {route["file"] for route in site.routes.values() if "file" in route}
    on_disk = {str(p.relative_to(site.root)) for p in site.root.rglob("*") if p.is_file()}
    assert on_disk - routed == {"site.json", "expected.json"} | {
        str(p.relative_to(site.root)) for p in (site.root / "articles").glob("*.json")
    }
    for html in (site.root / "articles").glob("*.html"):
        assert html.with_suffix(".json").is_file(), html.name
    assert not list((site.root / "site").rglob("*.json")), "a page that gives no record has no .json"


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_every_page_says_it_is_synthetic(site: Site) -> None:
    for url in html_routes(site):
        assert f"<!-- {SYNTHETIC_NOTE}" in site.body(url).decode("utf-8"), url


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_expected_lists_agree_with_the_routes(site: Site) -> None:
    articles = sorted(u for u, r in site.routes.items() if r.get("file", "").startswith("articles/"))
    pages = sorted(
        u for u, r in site.routes.items() if r.get("file", "").startswith("site/") and u in html_routes(site)
    )
    assert site.expected["articles"] == articles
    assert site.expected["nonArticles"] == pages
    assert sorted(case.url for case in cases() if case.site is site) == articles
    for url, target in site.expected["redirects"].items():
        assert site.routes[url] == {"redirect": target, "status": 301}


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_hostile_urls_are_offered_and_never_routed(site: Site) -> None:
    links = {link for url in html_routes(site) for link in page_links(site.body(url), url)}
    for hostile in site.expected["hostile"]:
        assert urlsplit(hostile["url"]).hostname not in site.hosts
        if hostile["how"] == "link":
            assert hostile["url"] in links
            assert hostile["url"] in page_links(site.body(hostile["from"]), hostile["from"])
        else:
            assert site.routes[hostile["from"]]["redirect"] == hostile["url"]
            assert hostile["from"] in links
    for offsite in site.expected["offsite"]:
        assert offsite in links


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_no_link_on_the_site_leads_to_a_missing_page(site: Site) -> None:
    broken = {
        (url, link)
        for url in html_routes(site)
        for link in page_links(site.body(url), url)
        if urlsplit(link).hostname in site.hosts and link not in site.routes
    }
    assert broken == set()


# ---------------------------------------------------------------------------------- discovery


def crawl_depths(site: Site) -> dict[str, int]:
    """Breadth-first over the site's own links from its start URLs: final URL → depth of first sight."""
    depths: dict[str, int] = {}
    queue = deque((site.resolve(url), 0) for url in site.expected["startUrls"])
    while queue:
        url, depth = queue.popleft()
        if url in depths or depth > MAX_DEPTH or url not in site.routes:
            continue
        depths[url] = depth
        if not site.routes[url]["file"].endswith(".html"):
            continue
        for link in page_links(site.body(url), url):
            target = site.resolve(link)
            if urlsplit(target).hostname in site.hosts:
                queue.append((target, depth + 1))
    return depths


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_every_article_is_reachable_from_the_front_page_within_depth_3(site: Site) -> None:
    depths = crawl_depths(site)
    assert [url for url in site.expected["articles"] if url not in depths] == []
    assert [url for url in site.expected["nonArticles"] if url not in depths] == []


def sitemap_urls(site: Site) -> tuple[dict[str, list[str]], list[etree._Element]]:
    """Every sitemap reached from robots.txt (indexes followed) → the page URLs it lists."""
    robots = [
        line.split(":", 1)[1].strip() for line in site.robots.splitlines() if line.startswith("Sitemap:")
    ]
    assert robots == site.expected["discovery"]["robots"]
    listed: dict[str, list[str]] = {}
    news_entries: list[etree._Element] = []
    todo = list(robots)
    while todo:
        url = todo.pop(0)
        if url in listed:
            continue
        data = site.body(url)
        if url.endswith(".gz"):
            data = gzip.decompress(data)
        root = parse_xml(data)
        if etree.QName(root).localname == "sitemapindex":
            listed[url] = []
            todo += [loc.strip() for loc in root.xpath("sm:sitemap/sm:loc/text()", namespaces=SITEMAP_NS)]
            continue
        assert etree.QName(root).localname == "urlset", url
        listed[url] = [loc.strip() for loc in root.xpath("sm:url/sm:loc/text()", namespaces=SITEMAP_NS)]
        news_entries += root.xpath("sm:url[news:news]", namespaces=SITEMAP_NS)
    return listed, news_entries


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_the_sitemaps_list_every_article(site: Site) -> None:
    listed, _ = sitemap_urls(site)
    discovery = site.expected["discovery"]
    assert sorted(listed) == sorted(discovery["sitemapIndexes"] + discovery["sitemaps"])
    every = [url for urls in listed.values() for url in urls]
    assert set(site.expected["articles"]) <= set(every)
    assert set(every) <= set(site.expected["articles"]) | set(site.expected["nonArticles"])


def test_the_news_sitemap_dates_and_titles_the_newest_articles() -> None:
    site = next(s for s in sites() if s.expected["discovery"]["sitemapIndexes"])
    _, entries = sitemap_urls(site)
    assert len(entries) >= 3
    for entry in entries:
        url = entry.findtext("sm:loc", namespaces=SITEMAP_NS).strip()
        record = next(case.expected for case in cases() if case.url == url)
        title = entry.findtext("news:news/news:title", namespaces=SITEMAP_NS)
        published = entry.findtext("news:news/news:publication_date", namespaces=SITEMAP_NS)
        assert title == record["headline"]
        assert (
            published == record["datePublishedRaw"]
            or published.replace("Z", "+00:00") == record["datePublished"]
        )


def test_the_gzipped_sitemap_is_reproducible() -> None:
    """Stored as ``gzip.compress(xml, mtime=0)``: the header carries no timestamp."""
    for path in GENERIC_DIR.glob("*/site/**/*.xml.gz"):
        data = path.read_bytes()
        assert data[:2] == b"\x1f\x8b", path
        assert data[4:8] == b"\0\0\0\0", path
        assert gzip.compress(gzip.decompress(data), compresslevel=9, mtime=0) == data


def feed_links(site: Site, url: str) -> list[str]:
    root = parse_xml(site.body(url))
    if etree.QName(root).localname == "rss":
        assert root.get("version") == "2.0"
        return [link.strip() for link in root.xpath("channel/item/link/text()")]
    assert etree.QName(root).localname == "feed"
    return root.xpath("atom:entry/atom:link[@rel='alternate']/@href", namespaces=ATOM_NS)


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_the_feeds_parse_and_list_the_newest_articles(site: Site) -> None:
    by_date = sorted(
        (case for case in cases() if case.site is site),
        key=lambda c: c.expected["datePublished"],
        reverse=True,
    )
    for feed in site.expected["discovery"]["feeds"]:
        links = feed_links(site, feed)
        assert 4 <= len(links) <= 5
        assert links == [case.url for case in by_date[: len(links)]]


@pytest.mark.parametrize("site", sites(), ids=site_ids)
def test_every_page_links_the_feed(site: Site) -> None:
    (feed,) = site.expected["discovery"]["feeds"]
    kind = site.routes[feed]["content_type"]
    for url in html_routes(site):
        tree = lxml.html.fromstring(site.body(url))
        hrefs = [urljoin(url, h) for h in tree.xpath(f"//head/link[@rel='alternate'][@type='{kind}']/@href")]
        assert hrefs == [feed], url


# ---------------------------------------------------------------------------- expected records


def with_crawl_time(record: dict[str, Any]) -> dict[str, Any]:
    page = {k: v for k, v in record.items() if k != "metadata"}
    metadata = {**CRAWL_TIME_METADATA, **record["metadata"]}
    return {**page, "version": 1, "firstSeen": None, "metadata": metadata}


@pytest.mark.parametrize("case", cases(), ids=case_ids)
def test_expected_record_is_valid(case: Case) -> None:
    record = with_crawl_time(case.expected)
    assert list(Draft7Validator(load_schema("article")).iter_errors(record)) == []
    assert invalid_reason(record) is None


@pytest.mark.parametrize("case", cases(), ids=case_ids)
def test_expected_record_keys_in_record_order(case: Case) -> None:
    assert list(case.expected) == [f for f in ArticleItem.__dataclass_fields__ if f not in RUN_STATE_FIELDS]
    assert list(case.expected["metadata"]) == ["charset", "fieldSources", "fallbackFrom"]


@pytest.mark.parametrize("case", cases(), ids=case_ids)
def test_expected_record_is_a_generic_record_of_its_page(case: Case) -> None:
    record = case.expected
    assert record["schemaVersion"] == "3"
    assert record["url"] == case.url
    assert record["site"] == urlsplit(case.url).hostname
    assert (record["layout"], record["articleId"]) == ("generic", None)
    assert record["metadata"]["charset"] == "utf-8"
    assert record["metadata"]["fallbackFrom"] is None


@pytest.mark.parametrize("case", cases(), ids=case_ids)
def test_content_hash(case: Case) -> None:
    record = case.expected
    text = f"{record['headline']}\n{record['articleBody']}"
    assert record["contentHash"] == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("case", cases(), ids=case_ids)
def test_field_sources_name_exactly_the_filled_fields(case: Case) -> None:
    record = case.expected
    sources = record["metadata"]["fieldSources"]
    assert list(sources) == [f for f in SOURCED_FIELDS if record[f] not in (None, [], "")]
    assert set(sources.values()) <= SOURCE_VOCABULARY


@pytest.mark.parametrize("case", cases(), ids=case_ids)
def test_expected_text_is_on_the_page(case: Case) -> None:
    """Headline, body paragraphs, captions, byline and credit lines are typed from the page itself."""
    record = case.expected
    text = page_text(case.html.read_bytes())
    shown = [record["headline"], *record["articleBody"].split("\n")]
    shown += [image["caption"] for image in record["images"] if image["caption"]]
    shown += [record[f] for f in ("byline", "editorsRaw") if record[f]]
    if record["dateline"]:
        shown.append(f"{record['dateline']['raw']} {record['articleBody'].split(chr(10))[0]}")
    assert [s for s in shown if s not in text] == []
    assert all(line.strip() == line and line for line in record["articleBody"].split("\n"))
    if record["editorsRaw"]:
        assert record["editorsRaw"] not in record["articleBody"]


def test_the_fixture_sites_cover_the_required_forms() -> None:
    """The forms the brief asks for, each present in at least one expected record or page."""
    records = {case_ids(case): case.expected for case in cases()}
    pages = {case_ids(case): case.html.read_text(encoding="utf-8") for case in cases()}
    dates = [r["datePublished"] for r in records.values()]
    assert any(d.endswith("-05:00") for d in dates)
    assert any(d.endswith("+00:00") for d in dates)
    assert any(re.fullmatch(r"[\d-]+T[\d:]+", d) for d in dates)  # printed without offset
    assert any(d.endswith("T00:00:00") for d in dates)  # a date alone
    assert any(r["dateModified"] for r in records.values())
    assert {
        "By Dana Whitfield, Luis Ortega and Mei Tanaka",
        "Written by Ana Ruiz and Ben Okafor",
        "By Carla Mendes | Staff writer",
        None,
    } <= {r["byline"] for r in records.values()}
    assert {r["editorsRaw"] for r in records.values()} >= {
        "(Editor: Priya Nair, Tom Beck)",
        "Editor: Sam Whitaker",
    }
    datelines = {r["dateline"]["raw"]: r["sourceAgency"] for r in records.values() if r["dateline"]}
    assert datelines == {"LONDON, Nov. 28 (Reuters) --": "Reuters", "SPRINGFIELD, Nov. 29 --": None}
    assert any(len(r["images"]) == 2 and all(i["caption"] for i in r["images"]) for r in records.values())
    assert {r["inLanguage"] for r in records.values()} >= {"en", "en-US", "en-GB"}
    ledger = " ".join(p for name, p in pages.items() if name.startswith("northbay-ledger"))
    jsonld_forms = (
        r'"@graph"',
        r'"ReportageNewsArticle"',
        r'"AnalysisNewsArticle"',
        r'"BlogPosting"',
        r'"author": \[',
        r'"author": "',
        r'"author": \{\s*"@id"',
        r'"image": \[',
        r'"image": \{',
        r'"image": "',
        r'"dateModified"',
        r'<script type="application/ld\+json">\s*\[',
    )
    assert [form for form in jsonld_forms if not re.search(form, ledger)] == []
    tribune = " ".join(p for name, p in pages.items() if name.startswith("valley-tribune"))
    assert "application/ld+json" not in tribune
    for form in (
        'name="parsely-pub-date"',
        'name="dc.date"',
        "<time datetime=",
        'property="article:author"',
        "<br><br>",
        "<!-- old template: <br>",
    ):
        assert form in tribune, form


def first_record() -> dict[str, Any]:
    return with_crawl_time(cases()[0].expected)


def with_metadata(record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**record, "metadata": {**record["metadata"], **changes}}


def without_metadata(record: dict[str, Any], key: str) -> dict[str, Any]:
    return {**record, "metadata": {k: v for k, v in record["metadata"].items() if k != key}}


SCHEMA_CASES = [
    ("v2 as written", lambda r: r, True),
    ("v2 local time without offset", lambda r: {**r, "datePublished": "2026-11-30T09:15:00"}, True),
    ("v2 minutes only", lambda r: {**r, "datePublished": "2026-11-30T09:15"}, False),
    ("v2 without fieldSources", lambda r: without_metadata(r, "fieldSources"), False),
    ("v2 without fallbackFrom", lambda r: without_metadata(r, "fallbackFrom"), False),
    ("v2 fallbackFrom a portal", lambda r: with_metadata(r, fallbackFrom="peoples_daily"), True),
    ("v2 fieldSources unknown field", lambda r: with_metadata(r, fieldSources={"url": "html"}), False),
    ("v2 fieldSources non-string", lambda r: with_metadata(r, fieldSources={"headline": 1}), False),
    ("version 2: newscrawl writes version 3 only", lambda r: {**r, "schemaVersion": "2"}, False),
    ("version 4", lambda r: {**r, "schemaVersion": "4"}, False),
    ("article version 0", lambda r: {**r, "version": 0}, False),
    ("firstSeen a time", lambda r: {**r, "firstSeen": "2026-12-02T09:00:12+00:00"}, True),
]


@pytest.mark.parametrize(("change", "valid"), [c[1:] for c in SCHEMA_CASES], ids=[c[0] for c in SCHEMA_CASES])
def test_schema_draft(change: Any, valid: bool) -> None:
    record = change(first_record())
    reference = not list(Draft7Validator(load_schema("article")).iter_errors(record))
    assert reference is valid
    assert (invalid_reason(record) is None) is valid
