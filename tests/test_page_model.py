"""process_page, the one path from a page to records: content decides what a page is, and the fallbacks."""

from __future__ import annotations

import json

from newscrawl.items import as_record
from newscrawl.page import PageKind, process_page
from tests.helpers import record_cases, without_crawl_time

PD_ARTICLE_URL = "http://en.people.cn/n3/2026/0512/c90000-20400001.html"
PROSE = (
    "The county council voted on Tuesday to reopen the river ferry after a two-year closure, "
    "ending a long campaign by residents of both banks. "
)


def news_page(jsonld: dict | None = None, head: str = "", body_extra: str = "") -> bytes:
    script = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    paragraphs = "".join(f"<p>{PROSE * 2} Paragraph {n}.</p>" for n in range(5))
    return (
        f"<html lang='en'><head><title>Ferry returns | Redesigned</title>{head}{script}</head><body>"
        f"<div class='new-template'><h1>Ferry returns to the river</h1>{paragraphs}</div>{body_extra}"
        "</body></html>"
    ).encode()


NEWS_ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Ferry returns to the river",
    "datePublished": "2026-05-12T09:30:00",
    "dateModified": "2026-05-12T11:00:00-04:00",
    "author": {"@type": "Person", "name": "Li Ming"},
}


def test_a_portal_page_in_no_layout_with_article_evidence_is_read_generically() -> None:
    page = process_page(news_page(NEWS_ARTICLE), PD_ARTICLE_URL)
    assert page.kind is PageKind.ARTICLE
    assert page.record is not None, page.reason
    record = page.record
    assert (record.layout, record.site, record.articleId) == ("generic", "peoples_daily", "20400001")
    assert record.metadata["fallbackFrom"] == "peoples_daily"
    assert page.fallback_from == "peoples_daily"
    assert record.datePublished == "2026-05-12T09:30:00+08:00"  # printed without offset: the portal's zone
    assert record.dateModified == "2026-05-12T11:00:00-04:00"  # a stated offset is kept
    assert record.authors == [{"name": "Li Ming"}]
    assert record.metadata["fieldSources"]["datePublished"] == "jsonld"


def test_a_portal_page_in_no_layout_without_evidence_stays_unrecognised() -> None:
    page = process_page(news_page(), PD_ARTICLE_URL)
    assert (page.kind, page.record, page.reason) == (PageKind.ARTICLE, None, "unrecognised_layout")


def test_an_article_url_whose_page_is_a_listing_is_a_listing() -> None:
    teasers = "".join(
        f"<li><a href='/n3/2026/0512/c90000-2040{n:04d}.html'>Story {n}</a></li>" for n in range(40)
    )
    html = f"<html><head><title>Special</title></head><body><h1>Special</h1><ul>{teasers}</ul></body></html>"
    page = process_page(html.encode(), PD_ARTICLE_URL)
    assert (page.kind, page.record, page.reason) == (PageKind.LISTING, None, "not_article")


def test_a_page_of_no_known_url_form_with_news_article_jsonld_is_an_article() -> None:
    page = process_page(news_page(NEWS_ARTICLE), "http://news.valley.example/p/8841")
    assert page.kind is PageKind.ARTICLE
    assert page.record is not None
    assert (page.record.layout, page.record.site) == ("generic", "news.valley.example")
    assert page.record.datePublished == "2026-05-12T09:30:00"  # no portal zone: no offset invented
    assert page.record.metadata["fallbackFrom"] is None


def test_a_page_with_og_type_article_is_an_article() -> None:
    head = "<meta property='og:type' content='article'><meta property='og:title' content='Ferry returns'>"
    page = process_page(news_page(head=head), "http://news.valley.example/p/8841")
    assert page.kind is PageKind.ARTICLE
    assert page.record is not None


def test_a_video_page_is_not_an_article() -> None:
    head = "<meta property='og:type' content='video.other'>"
    page = process_page(news_page(head=head), "http://news.valley.example/video/ferry")
    assert (page.kind, page.record) == (PageKind.LISTING, None)


def test_a_saved_generic_page_without_url_takes_its_stated_address() -> None:
    head = "<link rel='canonical' href='https://news.valley.example/2026/05/12/ferry/'>"
    page = process_page(news_page(NEWS_ARTICLE, head=head), None)
    assert page.record is not None
    assert page.record.url == "https://news.valley.example/2026/05/12/ferry/"
    assert page.record.site == "news.valley.example"


def test_a_saved_generic_page_without_any_address_has_none() -> None:
    page = process_page(news_page(NEWS_ARTICLE, body_extra="<figure><img src='/a.jpg'></figure>"), None)
    assert page.record is not None
    assert (page.record.url, page.record.canonicalUrl) == (None, None)
    assert all(image["url"] is None or image["url"].startswith("http") for image in page.record.images)


def test_non_html_is_said_to_be_so() -> None:
    page = process_page(
        b"%PDF-1.7\n...", "http://news.valley.example/report.pdf", {"Content-Type": "application/pdf"}
    )
    assert (page.kind, page.reason) == (PageKind.NOT_HTML, "not_html")


def test_a_sitemap_gives_its_entries_with_dates_and_titles() -> None:
    sitemap = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>http://news.valley.example/2026/05/12/ferry/</loc><news:news><news:publication_date>2026-05-12T09:30:00-05:00</news:publication_date><news:title>Ferry returns</news:title></news:news></url>
      <url><loc>http://news.valley.example/2026/05/11/bridge/</loc><lastmod>2026-05-11</lastmod></url>
    </urlset>"""
    page = process_page(
        sitemap, "http://news.valley.example/sitemap.xml", {"Content-Type": "application/xml"}
    )
    assert page.kind is PageKind.SITEMAP
    found = [
        (f.link.url, f.via, f.shown_date.isoformat() if f.shown_date else None, f.title) for f in page.links
    ]
    assert found == [
        ("http://news.valley.example/2026/05/12/ferry/", "news sitemap", "2026-05-12", "Ferry returns"),
        ("http://news.valley.example/2026/05/11/bridge/", "sitemap", "2026-05-11", None),
    ]


def test_a_malformed_feed_says_why_and_keeps_what_it_could_read() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>Ferry</title><link>http://news.valley.example/2026/05/12/ferry/</link></item>
      <item><title>Broken"""
    page = process_page(feed, "http://news.valley.example/feed.rss", {"Content-Type": "application/rss+xml"})
    assert page.kind is PageKind.FEED
    assert [f.link.url for f in page.links] == ["http://news.valley.example/2026/05/12/ferry/"]
    assert "malformed_feed" in [reason for reason, _ in page.problems]


def test_a_page_at_a_host_written_with_its_final_dot_is_the_portals_page() -> None:
    """Stored URLs carry ``en.people.cn.`` now and then (portals notes §9): the same host, the same record."""
    case = next(c for c in record_cases() if c.name == "2024-rural-revitalization")
    dotted = case.url.replace("://en.people.cn/", "://en.people.cn./")
    page = process_page(case.html.read_bytes(), dotted, {"Content-Type": "text/html; charset=utf-8"})
    assert page.record is not None, page.reason
    assert without_crawl_time(as_record(page.record)) == case.expected
    assert {link.link.url for link in page.links} == {
        link.link.url for link in process_page(case.html.read_bytes(), case.url).links
    }
