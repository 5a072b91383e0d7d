"""Global Times: URL classification of both eras, the two templates, their time and byline forms, the
list blocks, and the real ``scrapy crawl global_times`` over the fixture portal, from its front page
and from its sitemap alone."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from newscrawl.fixture_server import FIXTURES_DIR, FixtureServer
from newscrawl.items import as_record
from newscrawl.page import PageResult, extract_record, parse_html, process_page
from newscrawl.portals import portal_for_url
from newscrawl.portals.base import LinkKind, RawArticle, UnrecognisedLayout
from newscrawl.portals.global_times import PORTAL, Layout2009, Layout2020
from newscrawl.record import Rejected
from newscrawl.validation import invalid_reason
from tests.helpers import (
    Case,
    CrawlRun,
    assert_crawled_records_match_cases,
    assert_finished,
    assert_lean_lists,
    cases,
    crawl,
    record_cases,
    site_routes,
)

SITE = "global_times"
HOST = "http://www.globaltimes.cn"
SITEMAP = f"{HOST}/sitemap.xml"


# --- URLs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind", "canonical", "article_id"),
    [
        pytest.param(
            f"{HOST}/page/202602/1355012.shtml", LinkKind.ARTICLE, None, "1355012", id="page-era-2021-on"
        ),
        pytest.param(f"{HOST}/content/776543.shtml", LinkKind.ARTICLE, None, "776543", id="content-era-2009"),
        pytest.param(
            "https://www.globaltimes.cn/page/202309/1298877.shtml",
            LinkKind.ARTICLE,
            None,
            "1298877",
            id="https-kept",
        ),
        pytest.param(
            "http://globaltimes.cn/page/202602/1355230.shtml",
            LinkKind.ARTICLE,
            f"{HOST}/page/202602/1355230.shtml",
            "1355230",
            id="bare-host-folded",
        ),
        pytest.param(
            "http://WWW.GlobalTimes.cn./content/988214.shtml#comments",
            LinkKind.ARTICLE,
            f"{HOST}/content/988214.shtml",
            "988214",
            id="case-trailing-dot-fragment",
        ),
        pytest.param(
            f"{HOST}/page/202602/1355012.shtml?from=app",
            LinkKind.ARTICLE,
            f"{HOST}/page/202602/1355012.shtml",
            "1355012",
            id="query-dropped",
        ),
        pytest.param(f"{HOST}/", LinkKind.LISTING, None, None, id="front"),
        pytest.param(f"{HOST}/index.html", LinkKind.LISTING, None, None, id="front-index"),
        pytest.param(f"{HOST}/opinion/editorial/index.html", LinkKind.LISTING, None, None, id="subsection"),
        pytest.param(f"{HOST}/In-depth/index.html", LinkKind.LISTING, None, None, id="capital-section"),
        pytest.param(f"{HOST}/china/", LinkKind.LISTING, None, None, id="old-section-folder"),
        pytest.param(f"{HOST}/sitemap.xml", LinkKind.NON_ARTICLE, None, None, id="sitemap-file"),
        pytest.param(f"{HOST}/rss/outbrain.xml", LinkKind.NON_ARTICLE, None, None, id="feed-file"),
        pytest.param(
            f"{HOST}/Portals/0/attachment/2026/2026-02-17/a.jpeg",
            LinkKind.NON_ARTICLE,
            None,
            None,
            id="image",
        ),
        pytest.param(f"{HOST}/author/li-qiao.html", LinkKind.UNKNOWN, None, None, id="author-page"),
        pytest.param(f"{HOST}/page/202602/x1355012.shtml", LinkKind.UNKNOWN, None, None, id="bad-id"),
        pytest.param(f"{HOST}/page/2026/1355012.shtml", LinkKind.UNKNOWN, None, None, id="bad-month"),
        pytest.param("http://www.xinhuanet.com/english/", LinkKind.OFFSITE, None, None, id="offsite"),
        pytest.param("ftp://www.globaltimes.cn/content/1.shtml", LinkKind.OFFSITE, None, None, id="ftp"),
    ],
)
def test_classify_url(url: str, kind: LinkKind, canonical: str | None, article_id: str | None) -> None:
    link = PORTAL.classify_url(url)
    assert link.kind is kind
    assert link.article_id == article_id
    if canonical is not None:
        assert link.url == canonical
    assert link.url_date is None  # a month is not a day: list and sitemap dates stand in


def test_one_id_sequence_across_both_url_forms() -> None:
    old, new = (
        PORTAL.classify_url(f"{HOST}{path}")
        for path in ("/content/1199876.shtml", "/page/202008/1199876.shtml")
    )
    assert old.article_id == new.article_id == "1199876"


def test_the_registry_routes_both_hosts_to_the_portal() -> None:
    assert portal_for_url(f"{HOST}/") is PORTAL
    assert portal_for_url("http://globaltimes.cn/content/1.shtml") is PORTAL
    assert PORTAL.start_urls == (f"{HOST}/",)
    assert PORTAL.sitemaps == (SITEMAP,)


# --- layouts ---------------------------------------------------------------------------------------


def page_2020(share_left: str, body: str = "One line.<br><br>Two lines.", column: str = "CHINA") -> str:
    return (
        "<html><body><div class='article_page'><div class='article'>"
        f"<div class='article_column'>{column}</div><div class='article_title'>Headline</div>"
        f"<div class='article_top'><div class='author_share'><div class='author_share_left'>{share_left}</div>"
        "<div class='author_share_right'>Share</div></div></div>"
        f"<div class='article_content'><div class='article_right'>{body}</div></div>"
        "</div></div></body></html>"
    )


def page_2009(meta: str, body: str = "One line.<br><br>Two lines.", posted: str = "") -> str:
    return (
        "<html><body><div class='container'><div class='row-fluid crumbs'><a href='/'>Home</a> &raquo; "
        "<a href='/world/index.html'>WORLD</a></div><div class='span9'>"
        "<div class='row-fluid article-title'><h3>Headline</h3></div>"
        f"<div class='row-fluid'><div class='span9 text-left'>{meta}</div></div>"
        f"<div class='row-fluid'><div class='span12 row-content'>{body}</div></div>{posted}"
        "</div></div></body></html>"
    )


def read(html: str, url: str = f"{HOST}/page/202602/1355012.shtml") -> RawArticle:
    return PORTAL.extract(parse_html(html), url)


@pytest.mark.parametrize(
    ("html", "url", "layout"),
    [
        (page_2020("Published: Feb 17, 2026 10:37 AM"), f"{HOST}/page/202602/1.shtml", Layout2020),
        (page_2020("Published: Aug 30, 2020 11:48 PM"), f"{HOST}/content/1199876.shtml", Layout2020),
        (page_2009("Published: 2016-6-15 0:58:01"), f"{HOST}/content/988214.shtml", Layout2009),
        (page_2009("Published: 2016-6-15 0:58:01"), None, Layout2009),
    ],
)
def test_the_template_decides_the_layout_not_the_url(html: str, url: str | None, layout: type) -> None:
    assert type(PORTAL.layout_for(parse_html(html), url)) is layout


def test_a_page_of_neither_template_is_unrecognised() -> None:
    with pytest.raises(UnrecognisedLayout):
        PORTAL.layout_for(
            parse_html("<html><body><h1>x</h1><p>y</p></body></html>"), f"{HOST}/content/1.shtml"
        )


@pytest.mark.parametrize(
    ("share_left", "byline", "published", "modified"),
    [
        pytest.param(
            "<span class='byline'>By <a class='author_name'>Li Qiao</a></span><span class='source'>Source:Global "
            "Times</span><span class='pub_time'>Published: Feb 17, 2026 10:37 AM</span>",
            "By Li Qiao Source:Global Times",
            "2026-02-17T10:37:00+08:00",
            None,
            id="pieces-without-spaces-between",
        ),
        pytest.param(
            "<span class='pub_time'>Published: Feb 17, 2026 12:05 AM</span>",
            None,
            "2026-02-17T00:05:00+08:00",
            None,
            id="12-am-is-midnight",
        ),
        pytest.param(
            "<span class='pub_time'>Published: Feb 17, 2026 12:05 PM</span>",
            None,
            "2026-02-17T12:05:00+08:00",
            None,
            id="12-pm-is-noon",
        ),
        pytest.param(
            "<span class='pub_time'>Updated: Feb 18, 2026 01:02 PM</span>",
            None,
            "2026-02-18T13:02:00+08:00",
            None,
            id="updated-alone-is-published",
        ),
        pytest.param(
            "<span class='pub_time'>Published: Feb 17, 2026 10:37 PM</span> "
            "<span class='pub_time'>Updated: Feb 18, 2026 9:02 AM</span>",
            None,
            "2026-02-17T22:37:00+08:00",
            "2026-02-18T09:02:00+08:00",
            id="published-and-updated",
        ),
        pytest.param(
            "<span class='byline'>By: Global Times</span> | <span>Published:Aug 03, 2022 09:39 pm</span>",
            "By: Global Times",
            "2022-08-03T21:39:00+08:00",
            None,
            id="one-line-lowercase-pm-no-space",
        ),
        pytest.param(
            "<span class='byline'>By <a class='author_name'>Li Qiao</a><div class='author_card'>Li Qiao is a "
            "reporter. Published: Jan 01, 2020 09:00 AM</div></span>"
            "<span class='pub_time'>Published: Feb 17, 2026 10:37 AM</span>",
            "By Li Qiao",
            "2026-02-17T10:37:00+08:00",
            None,
            id="author-card-left-out",
        ),
    ],
)
def test_origin_forms_of_the_2020_template(
    share_left: str, byline: str | None, published: str, modified: str | None
) -> None:
    raw = read(page_2020(share_left))
    assert raw.byline == byline
    assert raw.published is not None
    assert raw.published.isoformat() == published
    assert (raw.modified.isoformat() if raw.modified else None) == modified
    assert raw.rules.get("dateModified") == ("layout" if modified else None)


@pytest.mark.parametrize(
    "share_left",
    [
        pytest.param("<span class='byline'>By Chen Xi</span>", id="byline-span"),
        pytest.param("By <a class='author_name'>Chen Xi</a>", id="byline-text"),  # no span.byline
    ],
)
def test_the_time_is_found_outside_the_byline_box(share_left: str) -> None:
    html = page_2020(share_left).replace(
        "<div class='article_content'>",
        "<div class='info'><span class='pub_time'>Published: Mar 03, 2025 12:05 AM Updated: Mar 04, 2025 "
        "09:10 AM</span></div><div class='article_content'>",
    )
    raw = read(html)
    assert (raw.byline, raw.published_raw, raw.modified_raw) == (
        "By Chen Xi",
        "Mar 03, 2025 12:05 AM",
        "Mar 04, 2025 09:10 AM",
    )
    assert raw.modified is not None
    assert raw.modified.isoformat() == "2025-03-04T09:10:00+08:00"


def test_the_byline_pieces_are_found_without_the_author_box() -> None:
    html = page_2020("").replace(
        "<div class='article_top'><div class='author_share'><div class='author_share_left'></div>",
        "<div class='article_top'><div class='author_share'><span class='byline'>By Chen Xi</span>"
        "<span class='pub_time'>Published: Mar 03, 2025 12:05 AM</span>",
    )
    assert "author_share_left" not in html
    raw = read(html)
    assert (raw.byline, raw.published_raw, raw.authors) == (
        "By Chen Xi",
        "Mar 03, 2025 12:05 AM",
        ["Chen Xi"],
    )


def test_the_byline_pieces_are_found_without_the_share_box() -> None:
    html = page_2020("").replace(
        "<div class='article_title'>Headline</div>",
        "<div class='article_title'>Headline</div><span class='byline'>By Chen Xi</span>"
        "<span class='pub_time'>Published: Mar 03, 2025 12:05 AM</span>",
    )
    raw = read(html)
    assert (raw.byline, raw.published_raw, raw.authors) == (
        "By Chen Xi",
        "Mar 03, 2025 12:05 AM",
        ["Chen Xi"],
    )


@pytest.mark.parametrize(
    ("meta", "byline", "published", "authors", "outlet"),
    [
        (
            "By Li Ming Source: Global Times Published: 2016-6-15 0:58:01",
            "By Li Ming Source: Global Times",
            "2016-06-15T00:58:01+08:00",
            ["Li Ming"],
            "Global Times",
        ),
        (
            "Source:Xinhua Published: 2019/12/30 21:43:40",
            "Source:Xinhua",
            "2019-12-30T21:43:40+08:00",
            [],
            "Xinhua",
        ),
        ("Published: 2010-1-5 8:03:00", None, "2010-01-05T08:03:00+08:00", [], None),
        (
            "By Li Ming and Wang Fang | Published: 2012-3-1 10:00",
            "By Li Ming and Wang Fang",
            "2012-03-01T10:00:00+08:00",
            ["Li Ming", "Wang Fang"],
            None,
        ),
    ],
)
def test_meta_line_of_the_2009_template(
    meta: str, byline: str | None, published: str, authors: list[str], outlet: str | None
) -> None:
    raw = read(page_2009(meta), f"{HOST}/content/988214.shtml")
    assert raw.byline == byline
    assert raw.published is not None
    assert raw.published.isoformat() == published
    assert (raw.authors, raw.source_agency) == (authors, outlet)


SUBHEAD_2009 = "<div class='row-fluid'><div class='span12 text-left'>A subhead under the headline</div></div>"


def test_the_2009_meta_line_is_the_first_text_left_that_reads_as_one() -> None:
    html = page_2009("By Li Ming Source: Global Times Published: 2016-6-15 0:58:01").replace(
        "<div class='row-fluid'><div class='span9 text-left'>",
        SUBHEAD_2009 + "<div class='row-fluid'><div class='span9 text-left'>",
    )
    raw = read(html, f"{HOST}/content/988214.shtml")
    assert (raw.byline, raw.published_raw) == ("By Li Ming Source: Global Times", "2016-6-15 0:58:01")


@pytest.mark.parametrize(
    ("meta", "byline", "outlet"),
    [
        pytest.param(
            "By Li Ming Source: Global Times", "By Li Ming Source: Global Times", "Global Times", id="by"
        ),
        pytest.param("source: Xinhua", "source: Xinhua", "Xinhua", id="source-lower-case"),
    ],
)
def test_a_2009_meta_line_without_a_time_is_still_the_byline(meta: str, byline: str, outlet: str) -> None:
    html = page_2009(meta).replace(
        "<div class='row-fluid'><div class='span9 text-left'>",
        SUBHEAD_2009 + "<div class='row-fluid'><div class='span9 text-left'>",
    )
    raw = read(html, f"{HOST}/content/988214.shtml")
    assert (raw.byline, raw.source_agency, raw.published) == (byline, outlet, None)


def test_a_2009_page_without_a_meta_line_has_no_byline_and_no_time() -> None:
    html = page_2009("").replace(
        "<div class='row-fluid'><div class='span9 text-left'></div></div>", SUBHEAD_2009
    )
    raw = read(html, f"{HOST}/content/988214.shtml")
    assert (raw.byline, raw.published_raw, raw.published) == (None, None, None)
    assert raw.paragraphs == ["One line.", "Two lines."]


def test_the_2009_section_is_posted_in_else_the_breadcrumb() -> None:
    posted = "<div class='row-fluid'><div class='span12'>Posted in: <a href='/x'>SOCIETY</a></div></div>"
    assert read(page_2009("Published: 2016-6-15 0:58:01", posted=posted)).section == "SOCIETY"
    assert read(page_2009("Published: 2016-6-15 0:58:01")).section == "WORLD"


def test_the_section_label_outside_the_article_box_or_none() -> None:
    outside = (
        page_2020("Published: Feb 17, 2026 10:37 AM")
        .replace("<div class='article_column'>CHINA</div>", "")
        .replace("<body>", "<body><div class='article_column'>SOURCE / VOICE</div>")
    )
    assert read(outside).section == "SOURCE / VOICE"
    without = page_2020("Published: Feb 17, 2026 10:37 AM").replace(
        "<div class='article_column'>CHINA</div>", ""
    )
    raw = read(without)
    assert (raw.section, raw.headline) == (None, "Headline")


def test_the_section_label_is_kept_as_printed() -> None:
    raw = read(page_2020("Published: Feb 17, 2026 10:37 AM", column=" OPINION  /\n EDITORIAL "))
    assert (raw.section, raw.rules["section"]) == ("OPINION / EDITORIAL", "layout")


@pytest.mark.parametrize(
    ("body", "paragraphs", "images"),
    [
        pytest.param("One.<br><br>Two.<br /><br />Three.", ["One.", "Two.", "Three."], [], id="br-br"),
        pytest.param(
            "<p>One.</p>Two.<br><br><p>Three.</p>", ["One.", "Two.", "Three."], [], id="p-among-text"
        ),
        pytest.param(
            "One.<div class='picture'><img src='/a.jpg'><br>Boats at dawn. Photo: VCG</div>Two.",
            ["One.", "Two."],
            [("http://www.globaltimes.cn/a.jpg", "Boats at dawn. Photo: VCG")],
            id="picture-box-caption-after-break",
        ),
        pytest.param(
            "One.<br><br><center><img src='/a.jpg'></center>Workers at the port (Photo: Xinhua)<br><br>Two.",
            ["One.", "Two."],
            [("http://www.globaltimes.cn/a.jpg", "Workers at the port (Photo: Xinhua)")],
            id="credit-line-after-image",
        ),
        pytest.param(
            "<div class='picture'><img src='/a.jpg'></div>No credit here, so body text.<br><br>Two.",
            ["No credit here, so body text.", "Two."],
            [("http://www.globaltimes.cn/a.jpg", None)],
            id="line-after-image-without-credit-is-text",
        ),
        pytest.param(
            "One.<br><br>Two.<div class='with_name_card'><div class='author_card'>Wang Wen writes.</div></div>",
            ["One.", "Two."],
            [],
            id="author-card-left-out",
        ),
        pytest.param(
            "One.<script>var a = '<br>';</script><br><br>Two.<div class='ad'>Advert</div>",
            ["One.", "Two."],
            [],
            id="script-and-ad-left-out",
        ),
        pytest.param("<div><p>One.</p><p>Two.</p></div>", ["One.", "Two."], [], id="wrapped-paragraphs"),
    ],
)
def test_bodies_of_text_and_breaks(
    body: str, paragraphs: list[str], images: list[tuple[str, str | None]]
) -> None:
    raw = read(page_2020("Published: Feb 17, 2026 10:37 AM", body=body))
    assert raw.paragraphs == paragraphs
    assert [(image.url, image.caption) for image in raw.images] == images


def test_the_body_is_the_content_box_when_it_has_no_right_column() -> None:
    html = page_2020("Published: Feb 17, 2026 10:37 AM").replace(
        "<div class='article_right'>One line.<br><br>Two lines.</div>", "Only.<br><br>Lines."
    )
    assert read(html).paragraphs == ["Only.", "Lines."]


# --- fixture cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in cases(SITE) if c.is_error], ids=lambda case: case.name)
def test_error_pages_give_their_reason(case: Case) -> None:
    with pytest.raises((Rejected, UnrecognisedLayout)) as caught:
        extract_record(case.html.read_bytes(), case.url)
    assert getattr(caught.value, "reason", "unrecognised_layout") == case.expected["error"]


def test_the_fixture_portal_covers_the_notes_forms() -> None:
    records = [case.expected for case in record_cases(SITE)]
    bylines = {r["byline"] for r in records}
    layouts = Counter(r["layout"] for r in records)
    assert len(records) >= 10
    assert set(layouts) == {"global_times.Layout2009", "global_times.Layout2020", "generic"}
    assert {"/content/", "/page/"} == {("/page/" if "/page/" in r["url"] else "/content/") for r in records}
    assert any(r["layout"] == "global_times.Layout2020" and "/content/" in r["url"] for r in records)
    assert {"By Li Qiao Source:Global Times", "By: Global Times", "Source:Xinhua", None} <= bylines
    assert any(b and " in " in b and " and " in b for b in bylines)  # places joined with "and"
    assert any(r["dateModified"] for r in records)
    assert any(r["datePublishedRaw"].endswith(" AM") and r["datePublished"][11:13] == "00" for r in records)
    assert any(r["datePublishedRaw"].endswith(" PM") and r["datePublished"][11:13] == "12" for r in records)
    assert any(r["datePublishedRaw"].count(":") == 2 and r["datePublishedRaw"][-8] == " " for r in records)
    assert any(r["section"] == "OPINION / EDITORIAL" for r in records)
    assert any(r["dateline"] for r in records)
    assert sum(bool(r["images"]) for r in records) >= 3
    assert all(image["caption"] for r in records for image in r["images"])
    assert [r["metadata"]["fallbackFrom"] for r in records if r["layout"] == "generic"] == [SITE]
    assert {case.expected["error"] for case in cases(SITE) if case.is_error} == {
        "empty_body",
        "unrecognised_layout",
    }


# --- lists ------------------------------------------------------------------------------------------


def fixture_page(url: str) -> PageResult:
    route = site_routes(SITE)[url]
    return process_page((FIXTURES_DIR / SITE / route["file"]).read_bytes(), url)


def test_front_page_lists_and_the_ranked_list() -> None:
    page = fixture_page(f"{HOST}/")
    lists = {snapshot.listName: snapshot.items for snapshot in page.lists}
    assert list(lists) == ["TOP NEWS", "CHINA", "OPINION", "MOST POPULAR"]
    assert [item["rank"] for item in lists["MOST POPULAR"]] == [1, 2, 3, 4, 5]
    assert lists["MOST POPULAR"][0] == {
        "rank": 1,
        "url": f"{HOST}/page/202602/1355012.shtml",
        "title": "Steady hands needed as spring trade talks resume",
        "articleId": "1355012",
    }
    # a link under the bare host: shown as linked, followed on www
    bare = "http://globaltimes.cn/page/202602/1355230.shtml"
    assert (lists["TOP NEWS"][1]["url"], lists["TOP NEWS"][1]["articleId"]) == (bare, "1355230")
    followed = [found.link.url for found in page.links if found.via == "TOP NEWS"]
    assert followed[1] == f"{HOST}/page/202602/1355230.shtml"
    assert all(invalid_reason(as_record(snapshot)) is None for snapshot in page.lists)


def test_a_section_page_lists_its_own_entries_with_their_source_times() -> None:
    page = fixture_page(f"{HOST}/china/index.html")
    lists = {snapshot.listName: snapshot.items for snapshot in page.lists}
    assert [item["articleId"] for item in lists["China"]] == ["1355230", "1324510", "1272116", "1199876"]
    shown = {found.link.article_id: found.shown_date for found in page.links if found.via == "China"}
    assert {k: v.isoformat() for k, v in shown.items() if v} == {
        "1355230": "2026-02-19",
        "1324510": "2024-11-30",  # "Source: Global Times - Xinhua | 2024/11/30 12:30:00"
        "1272116": "2022-08-03",
        "1199876": "2020-08-30",
    }


def test_list_times_with_places_and_one_digit_hours() -> None:
    page = fixture_page(f"{HOST}/In-depth/index.html")
    shown = {found.link.article_id: found.shown_date for found in page.links if found.via == "In-Depth"}
    assert shown["1298877"].isoformat() == "2023-09-26"  # "By … in Kashi and Turpan and Tu Lei in Hotan | …"
    assert shown["988214"].isoformat() == "2016-06-15"  # "… | 2016/6/15 0:58:01"


# --- the crawl ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs(fixture_server: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, CrawlRun]:
    found = {}
    for name, args in (
        ("front", ()),
        ("sitemap", ("-a", "sources=sitemaps", "-a", f"start_urls={SITEMAP}")),
    ):
        before = len(fixture_server.requests)
        run = crawl(fixture_server.proxy_url, tmp_path_factory.mktemp(f"gt-{name}"), *args, spider=SITE)
        run.requests = fixture_server.requests[before:]
        found[name] = run
    return found


@pytest.mark.crawl
@pytest.mark.parametrize("name", ["front", "sitemap"])
def test_the_crawl_finds_every_article_once_as_expected(runs: dict[str, CrawlRun], name: str) -> None:
    run = runs[name]
    assert_finished(run, fallbacks=1)  # the page in no known layout: the canary
    assert run.report["errors"] == 0
    assert_crawled_records_match_cases(run.articles, sites=(SITE,), spider=SITE)
    assert run.report["dropped"] == {"empty_body": 1}
    assert run.report["unrecognised"] == 1
    assert run.report["fallbacks"] == {SITE: 1}
    assert run.report["layouts"] == {"global_times.Layout2009": 3, "global_times.Layout2020": 9, "generic": 1}
    for record in run.articles + run.lists:
        assert invalid_reason(record) is None


@pytest.mark.crawl
@pytest.mark.parametrize("name", ["front", "sitemap"])
def test_the_crawl_fetches_each_page_once_on_the_www_host(runs: dict[str, CrawlRun], name: str) -> None:
    fetched = Counter(served.url for served in runs[name].requests)
    assert max(fetched.values()) == 1, "a page was fetched twice"
    assert all(url.startswith(f"{HOST}/") for url in fetched), "the bare host was not folded"


@pytest.mark.crawl
def test_the_front_page_crawl_reads_lists_and_the_sitemap(runs: dict[str, CrawlRun]) -> None:
    run = runs["front"]
    fetched = {served.url: served.status for served in run.requests}
    assert fetched[f"{HOST}/page/202512/1350999.shtml"] == 404
    assert [url for url, status in fetched.items() if status != 200] == [f"{HOST}/page/202512/1350999.shtml"]
    assert SITEMAP in fetched
    pages = {(s["pageUrl"], s["listName"]) for s in run.lists}  # where each content was first seen
    assert (f"{HOST}/china/index.html", "China") in pages
    assert (f"{HOST}/page/202602/1355012.shtml", "RELATED ARTICLES") in pages
    # Site-wide: the five of the front page and the 2020 pages, the three of the 2009 pages.
    popular = sorted((s["pageCount"], len(s["items"])) for s in run.lists if s["listName"] == "MOST POPULAR")
    assert popular == [(3, 3), (11, 5)]
    assert_lean_lists(run.lists, run.report)


@pytest.mark.crawl
def test_from_the_sitemap_alone_no_page_link_is_followed(runs: dict[str, CrawlRun]) -> None:
    run = runs["sitemap"]
    fetched = {served.url for served in run.requests}
    assert f"{HOST}/" not in fetched
    assert not any("/index.html" in url for url in fetched)
    assert {record["metadata"]["discoveredVia"] for record in run.articles} == {"sitemap"}
    assert run.report["badInput"] == {}


@pytest.mark.crawl
def test_scrapy_check_contracts_pass(fixture_server: FixtureServer, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "http_proxy": fixture_server.proxy_url,
        "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
    }
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "check", SITE],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Ran 2 contracts" in done.stderr
