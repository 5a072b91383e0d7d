"""China Daily: URL forms of both eras, its lists, its date rules, paged articles, and two real crawls.

The per-(case, field) tests of every fixture article are in ``test_portal_cases.py``; here are the rules
behind them, each tried on forms the fixtures do not hold too, and the end-to-end crawls of the fixture
portal from its front page and from its feeds alone.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newscrawl.fixture_server import FIXTURES_DIR, FixtureServer, Site
from newscrawl.items import ArticleItem, ListSnapshotItem, as_record
from newscrawl.page import (
    Continuation,
    merge_pages,
    parse_html,
    partial_record,
    process_page,
    raw_from_json,
    raw_to_json,
)
from newscrawl.portals import PORTALS, portal_for_url
from newscrawl.portals.base import LinkKind
from newscrawl.portals.china_daily import PORTAL, page_of, title_section
from newscrawl.spiders.portals import SPIDERS
from tests.helpers import (
    CrawlRun,
    assert_crawled_records_match_cases,
    assert_finished,
    assert_lean_lists,
    cases,
    crawl,
    record_cases,
    site_routes,
    without_crawl_time,
)

SITE = "china_daily"
WWW = "http://www.chinadaily.com.cn"
PAGED = f"{WWW}/a/202409/03/WS66d6a1f0a310a792b3ab7c15.html"
PAGED_ID = "WS66d6a1f0a310a792b3ab7c15"
HTML = {"Content-Type": "text/html"}


def case(name: str):
    return next(c for c in cases(SITE) if c.name == name)


def served(url: str) -> bytes:
    return (FIXTURES_DIR / SITE / site_routes(SITE)[url]["file"]).read_bytes()


def read(url: str, **kwargs):
    return process_page(served(url), url, HTML, with_links=False, assume_article=True, **kwargs)


# --- URLs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical", "article_id", "day"),
    [
        pytest.param(PAGED, PAGED, PAGED_ID, date(2024, 9, 3), id="ws"),
        pytest.param(PAGED.replace(".html", "_2.html"), PAGED, PAGED_ID, date(2024, 9, 3), id="ws-page-2"),
        pytest.param(
            "https://WWW.chinadaily.com.cn./a/202409/03/WS66d6a1f0a310a792b3ab7c15_12.html?from=rss#top",
            "https://www.chinadaily.com.cn/a/202409/03/WS66d6a1f0a310a792b3ab7c15.html",
            PAGED_ID,
            date(2024, 9, 3),
            id="ws-https-case-dot-page-12-query",
        ),
        pytest.param(
            "http://global.chinadaily.com.cn/a/202511/24/WS6923b5f1a310d6866eb2c1f0.html",
            "http://global.chinadaily.com.cn/a/202511/24/WS6923b5f1a310d6866eb2c1f0.html",
            "WS6923b5f1a310d6866eb2c1f0",
            date(2025, 11, 24),
            id="global-host",
        ),
        pytest.param(
            f"{WWW}/china/2013-04/22/content_16429711.htm",
            f"{WWW}/china/2013-04/22/content_16429711.htm",
            "16429711",
            date(2013, 4, 22),
            id="content",
        ),
        pytest.param(
            f"{WWW}/china/2013-04/22/content_16429711_3.htm",
            f"{WWW}/china/2013-04/22/content_16429711.htm",
            "16429711",
            date(2013, 4, 22),
            id="content-page-3",
        ),
        pytest.param(
            f"{WWW}/world/2015victoryanniv/2015-08/15/content_21607342.htm",
            f"{WWW}/world/2015victoryanniv/2015-08/15/content_21607342.htm",
            "21607342",
            date(2015, 8, 15),
            id="content-nested-section",
        ),
        pytest.param(
            "http://africa.chinadaily.com.cn/weekly/2013-12/06/content_17157232.htm",
            "http://africa.chinadaily.com.cn/weekly/2013-12/06/content_17157232.htm",
            "17157232",
            date(2013, 12, 6),
            id="africa-weekly",
        ),
        pytest.param(
            "http://usa.chinadaily.com.cn/epaper/2013-02/30/content_16200000.html",
            "http://usa.chinadaily.com.cn/epaper/2013-02/30/content_16200000.html",
            "16200000",
            None,
            id="impossible-url-date",
        ),
    ],
)
def test_article_urls_of_both_eras(url: str, canonical: str, article_id: str, day: date | None) -> None:
    link = PORTAL.classify_url(url)
    assert (link.kind, link.url, link.article_id, link.url_date) == (
        LinkKind.ARTICLE,
        canonical,
        article_id,
        day,
    )


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        (f"{WWW}/", LinkKind.LISTING),
        (f"{WWW}/china/society", LinkKind.LISTING),
        (f"{WWW}/china/society/", LinkKind.LISTING),
        (f"{WWW}/china/society/page_2.html", LinkKind.LISTING),
        (f"{WWW}/world/asia_pacific/page_14.html", LinkKind.LISTING),
        (f"{WWW}/china/node_53009.htm", LinkKind.LISTING),
        ("http://europe.chinadaily.com.cn/", LinkKind.LISTING),
        (f"{WWW}/rss/china_rss.xml", LinkKind.NON_ARTICLE),
        (f"{WWW}/html/topnews/english.js", LinkKind.NON_ARTICLE),
        (f"{WWW}/images/attachement/jpg/site1/20130422/a41f726b05111ce4d0e81c.jpg", LinkKind.NON_ARTICLE),
        ("http://img2.chinadaily.com.cn/images/202403/12/65efa0b4a31082fc2f8a1e33.jpeg", LinkKind.OFFSITE),
        ("http://www.xinhuanet.com/english/", LinkKind.OFFSITE),
        ("ftp://www.chinadaily.com.cn/a/202409/03/WS66d6a1f0a310a792b3ab7c15.html", LinkKind.OFFSITE),
        (f"{WWW}/a/202409/03/WS66d6a1f0a310a792b3ab7c1.html", LinkKind.UNKNOWN),  # 23 hex digits
        (f"{WWW}/a/202409/03/index.php?id=1", LinkKind.NON_ARTICLE),
    ],
)
def test_other_urls(url: str, kind: LinkKind) -> None:
    assert PORTAL.classify_url(url).kind is kind


def test_every_host_of_the_portal_is_its_own() -> None:
    hosts = ("www", "global", "usa", "europe", "africa", "china", "covid-19")
    for host in hosts:
        assert (
            portal_for_url(f"http://{host}.chinadaily.com.cn/a/202401/05/WS65974e2aa3105f21a507a1b3.html")
            is PORTAL
        )
    assert PORTALS["china_daily"] is PORTAL


def test_page_numbers() -> None:
    assert page_of(PAGED) == (PAGED_ID, 1)
    assert page_of(PAGED.replace(".html", "_3.html")) == (PAGED_ID, 3)
    assert page_of(f"{WWW}/china/2013-04/22/content_16429711_2.htm") == ("16429711", 2)
    assert page_of(f"{WWW}/china/society/page_2.html") is None


def test_section_names() -> None:
    assert PORTAL.section_name(f"{WWW}/bizchina/2013-05/06/content_16476502.htm") == "Business"
    assert PORTAL.section_name(f"{WWW}/world/2015victoryanniv/2015-08/15/content_21607342.htm") == "World"
    assert (
        PORTAL.section_name("http://africa.chinadaily.com.cn/weekly/2013-12/06/content_17157232.htm") is None
    )
    assert PORTAL.section_name(PAGED) is None  # the /a/ URLs name no section


@pytest.mark.parametrize(
    ("title", "section"),
    [
        ("Headline - Society - Chinadaily.com.cn", "Society"),
        ("Two-state talks - a fresh start - World - chinadaily.com.cn", "World"),
        ("Headline - Chinadaily.com.cn", None),
        ("Headline - Society - Some Other Site", None),
        ("Headline | Asia-Pacific | China Daily", "Asia-Pacific"),
        ("Headline - Hong Kong Macao Taiwan - Chinadaily.com.cn", "Hong Kong Macao Taiwan"),  # four words
        ("Headline - a subtitle of five words - Chinadaily.com.cn", None),  # a headline's part, no section
    ],
)
def test_the_section_in_the_title(title: str, section: str | None) -> None:
    assert title_section(parse_html(f"<html><head><title>{title}</title></head></html>")) == section


# --- lists -----------------------------------------------------------------------------------------


def lists_of(url: str) -> dict[str, list[dict]]:
    page = process_page(served(url), url, HTML)
    return {snapshot.listName: snapshot.items for snapshot in page.lists}


def test_front_page_lists_the_ticker_without_its_clock_and_leaves_the_scripted_list_out() -> None:
    lists = lists_of(f"{WWW}/")
    assert list(lists) == ["Just in", "Top News", "World"]  # "Most Popular" is filled by a script
    assert lists["Just in"][0] == {
        "rank": 1,
        "url": f"{WWW}/a/202605/17/WS6a09b1c2a31059a2d8f1c3e4.html",
        "title": "Coastal wetland park opens boardwalks to birdwatchers",
        "articleId": "WS6a09b1c2a31059a2d8f1c3e4",
    }
    assert [item["rank"] for item in lists["Top News"]] == [1, 2, 3, 4, 5]


def test_a_section_page_is_named_by_its_title_and_its_pager_is_followed_not_listed() -> None:
    url = f"{WWW}/china/society"
    page = process_page(served(url), url, HTML)
    [snapshot] = page.lists
    assert snapshot.listName == "Society"
    assert [item["articleId"] for item in snapshot.items] == [
        "WS6a09b1c2a31059a2d8f1c3e4",
        "WS65efa0b4a31082fc043bc2d7",
        "WS664ab0e2a31082fc043c8a77",
    ]
    pagination = [found.link.url for found in page.links if found.via == "pagination"]
    assert pagination == [f"{WWW}/china/society/page_2.html"] * 2  # "2" and "Next"


def test_a_link_to_a_later_page_is_a_link_to_the_article() -> None:
    url = f"{WWW}/china/society/page_2.html"
    [snapshot] = process_page(served(url), url, HTML).lists
    item = snapshot.items[1]
    assert item["url"] == PAGED.replace(".html", "_2.html")  # as the page shows it
    assert item["articleId"] == PAGED_ID


def test_the_2013_list_gives_the_dates_in_brackets() -> None:
    url = f"{WWW}/china/node_53009.htm"
    page = process_page(served(url), url, HTML)
    dates = {found.link.article_id: found.shown_date for found in page.links if found.listed}
    assert dates["16429711"] == date(2013, 4, 22)
    assert page.lists[0].listName == "China News"


def test_article_pages_rank_their_side_list() -> None:
    for name in ("2024-caps-print-byline", "2015-victory-anniversary"):
        page = process_page(case(name).html.read_bytes(), case(name).url, HTML)
        [snapshot] = page.lists
        assert snapshot.listName in ("Most Viewed", "Most Popular")
        assert [item["rank"] for item in snapshot.items] == list(range(1, len(snapshot.items) + 1))


# --- dates -----------------------------------------------------------------------------------------

INFO_PAGE = """<html lang="en"><head><title>Headline - China - Chinadaily.com.cn</title>{meta}</head><body>
<div class="main_art"><div class="lft_art"><h1>Headline</h1>
<div class="info"><span class="info_l">{info}</span></div>
<div id="Content"><p>One paragraph of text about a thing that happened.</p></div></div></div></body></html>"""
WS_URL = f"{WWW}/a/202605/17/WS6a09b1c2a31059a2d8f1c3e4.html"


def record_of(info: str, publishdate: str | None = None, url: str = WS_URL) -> dict:
    meta = f'<meta name="publishdate" content="{publishdate}">' if publishdate else ""
    page = process_page(INFO_PAGE.format(info=info, meta=meta).encode(), url, HTML, with_links=False)
    assert page.record is not None, page.reason
    return as_record(page.record)


@pytest.mark.parametrize(
    ("info", "publishdate", "published", "modified"),
    [
        pytest.param(
            "By A B | China Daily | Updated: 2026-05-17 20:43",
            None,
            "2026-05-17T20:43:00+08:00",
            None,
            id="updated-only",
        ),
        pytest.param(
            "By A B | China Daily | Updated: 2026-05-17 20:43",
            "2026-05-17",
            "2026-05-17T20:43:00+08:00",
            None,
            id="publishdate-of-the-same-day",
        ),
        pytest.param(
            "By A B | China Daily | Updated: 2026-05-17 20:43",
            "2026-05-16",
            "2026-05-16T00:00:00+08:00",
            "2026-05-17T20:43:00+08:00",
            id="publishdate-of-an-earlier-day",
        ),
        pytest.param(
            "Updated: 2026-05-17 20:43",
            "2026-05-17 08:05:09",
            "2026-05-17T08:05:09+08:00",
            "2026-05-17T20:43:00+08:00",
            id="publishdate-with-a-clock",
        ),
        pytest.param(
            "Updated: 2026-05-17 20:43",
            "2026-05-17 20:43:00",
            "2026-05-17T20:43:00+08:00",
            None,
            id="publishdate-the-same-time",
        ),
        pytest.param(
            "Published: 2026-05-16 09:00 | Updated: 2026-05-17 20:43",
            None,
            "2026-05-16T09:00:00+08:00",
            "2026-05-17T20:43:00+08:00",
            id="both-printed",
        ),
        pytest.param(
            "By A B | China Daily | Updated: 2569-05-17 20:43",
            "2569-05-17",
            "2026-05-17T20:43:00+08:00",
            None,
            id="buddhist-era",
        ),
        pytest.param(
            "By A B | China Daily | Updated: 2569-05-17 20:43",
            "2026-05-17",
            "2026-05-17T20:43:00+08:00",
            None,
            id="buddhist-era-updated-right-publishdate",
        ),
        pytest.param(
            "By A B | China Daily | Updated: 2025-05-17 20:43",
            None,
            "2026-05-17T20:43:00+08:00",
            None,
            id="a-year-off-the-url-wins",
        ),
        pytest.param(
            "By A B | China Daily | Updated: 2026-05-19 06:10",
            None,
            "2026-05-19T06:10:00+08:00",
            None,
            id="two-days-after-the-url-kept",
        ),
        pytest.param(
            "By A B | China Daily | 2026-05-17 20:43",
            None,
            "2026-05-17T20:43:00+08:00",
            None,
            id="a-time-without-a-label",
        ),
        pytest.param(
            "By A B | China Daily | Updated: 2026-05-17 20:43",
            "0000-00-00 00:00:00",
            "2026-05-17T20:43:00+08:00",
            None,
            id="publishdate-of-no-date",
        ),
        pytest.param(
            "By A B | China Daily | Updated: 2026-05-17 20:43",
            "2569-05-16 09:00:00",
            "2026-05-17T09:00:00+08:00",
            "2026-05-17T20:43:00+08:00",
            id="buddhist-era-publishdate-with-a-clock",
        ),
        pytest.param(
            "By A B | China Daily | Updated: 2026-05-17 20:43",
            "2026-05-27 09:00:00",
            "2026-05-17T09:00:00+08:00",
            "2026-05-17T20:43:00+08:00",
            id="publishdate-days-from-the-url-date",
        ),
    ],
)
def test_updated_is_the_publication_time_unless_the_page_gives_one(
    info: str, publishdate: str | None, published: str, modified: str | None
) -> None:
    record = record_of(info, publishdate)
    assert (record["datePublished"], record["dateModified"]) == (published, modified)


def test_both_times_printed_are_the_layouts() -> None:
    record = record_of("Published: 2026-05-16 09:00 | Updated: 2026-05-17 20:43")
    sources = record["metadata"]["fieldSources"]
    assert (sources["datePublished"], sources["dateModified"]) == ("layout", "layout")


def test_an_updated_time_long_after_the_url_date_is_a_modification_not_an_error() -> None:
    record = record_of("Updated: 2026-07-01 10:00", "2026-05-17 08:00:00")
    assert record["datePublished"] == "2026-05-17T08:00:00+08:00"
    assert record["dateModified"] == "2026-07-01T10:00:00+08:00"
    assert record["metadata"]["fieldSources"]["datePublished"] == "meta"


def test_the_buddhist_era_year_is_replaced_and_its_source_is_the_url() -> None:
    record = record_of("By A B | China Daily | Updated: 2569-05-17 20:43")
    assert record["datePublishedRaw"] == "2569-05-17 20:43"
    assert record["metadata"]["fieldSources"]["datePublished"] == "url"


@pytest.mark.parametrize(
    ("info", "byline", "authors", "agency"),
    [
        pytest.param(
            "By ZHAO YINAN and WANG XING | China Daily | Updated: 2026-05-17 20:43",
            "By ZHAO YINAN and WANG XING | China Daily",
            ["Zhao Yinan", "Wang Xing"],
            "China Daily",
            id="caps-two",
        ),
        pytest.param(
            "By ZHAO JIA | China Daily Global | Updated: 2026-05-17 20:43",
            "By ZHAO JIA | China Daily Global",
            ["Zhao Jia"],
            "China Daily Global",
            id="caps-global",
        ),
        pytest.param(
            "By  Li Hong   |  chinadaily.com.cn  |  Updated:2026-05-17 20:43",
            "By Li Hong | chinadaily.com.cn",
            ["Li Hong"],
            "chinadaily.com.cn",
            id="spaces",
        ),
        pytest.param(
            "By Chen Mei in Johannesburg | China Daily | Updated: 2026-05-17 20:43",
            "By Chen Mei in Johannesburg | China Daily",
            ["Chen Mei"],
            "China Daily",
            id="in-place",
        ),
        pytest.param("Xinhua | Updated: 2026-05-17 20:43", "Xinhua", [], "Xinhua", id="source-only"),
        pytest.param("Agencies | Updated: 2026-05-17 20:43", "Agencies", [], "Agencies", id="agencies"),
        pytest.param("Updated: 2026-05-17 20:43", None, [], None, id="time-only"),
        pytest.param(
            "By Wang Yu | Updated: 2026-05-17 20:43", "By Wang Yu", ["Wang Yu"], None, id="person-only"
        ),
    ],
)
def test_the_info_line(info: str, byline: str | None, authors: list[str], agency: str | None) -> None:
    record = record_of(info)
    assert record["byline"] == byline
    assert [author["name"] for author in record["authors"]] == authors
    assert record["sourceAgency"] == agency


OLD_PAGE = """<html><head><title>Headline - China - Chinadaily.com.cn</title></head><body>
<div id="Title_e"><h1>Headline</h1></div>{origin}
<div id="Content"><p>{first}</p><p>Another paragraph.</p><p>(China Daily 04/22/2013 page3)</p></div></body></html>"""
OLD_URL = f"{WWW}/china/2013-04/22/content_16429711.htm"


@pytest.mark.parametrize(
    ("origin", "byline", "published"),
    [
        pytest.param(
            "<div><span>(Xinhua)</span></div><div><span>Updated: 2013-04-22 07:25</span></div>",
            "(Xinhua)",
            "2013-04-22T07:25:00+08:00",
            id="source-then-time",
        ),
        pytest.param(
            "<div><span>Updated: 2013-04-22 07:25</span></div><div><span>(Xinhua)</span></div>",
            "(Xinhua)",
            "2013-04-22T07:25:00+08:00",
            id="time-then-source",
        ),
        pytest.param(
            "<div>Updated: 2013-04-22 07:25 By CAO YIN (China Daily)</div>",
            "By CAO YIN (China Daily)",
            "2013-04-22T07:25:00+08:00",
            id="one-line-time-first",
        ),
        pytest.param(
            "<div>( China Daily )  Updated: 2013-04-22 07:25:25</div>",
            "( China Daily )",
            "2013-04-22T07:25:25+08:00",
            id="parens-with-spaces-seconds",
        ),
        pytest.param(
            "<div>Updated: 2013-04-22 07:25</div>", None, "2013-04-22T07:25:00+08:00", id="time-only"
        ),
        pytest.param(
            "<h2>A subtitle that is no source line</h2><div>Updated: 2013-04-22 07:25</div>",
            None,
            "2013-04-22T07:25:00+08:00",
            id="subtitle",
        ),
        pytest.param(
            "<!-- source and time --><div><span>(Xinhua)</span></div><div><span>Updated: 2013-04-22 07:25</span></div>",
            "(Xinhua)",
            "2013-04-22T07:25:00+08:00",
            id="a-comment-first",
        ),
        pytest.param(
            "<div>By Li Ming</div><div>Updated: 2013-04-22 07:25</div>",
            "By Li Ming",
            "2013-04-22T07:25:00+08:00",
            id="person-line-then-time",
        ),
        pytest.param(
            "<div>Agencies</div><div>Updated: 2013-04-22 07:25</div>",
            "Agencies",
            "2013-04-22T07:25:00+08:00",
            id="outlet-the-portal-knows",
        ),
    ],
)
def test_the_2010_source_and_time_lines(origin: str, byline: str | None, published: str) -> None:
    html = OLD_PAGE.format(origin=origin, first="BEIJING - A paragraph.")
    page = process_page(html.encode(), OLD_URL, HTML, with_links=False)
    assert page.record is not None, page.reason
    record = as_record(page.record)
    assert (record["byline"], record["datePublished"]) == (byline, published)
    assert record["articleBody"] == "A paragraph.\nAnother paragraph."  # print credit out
    assert record["dateline"] == {"place": "BEIJING", "date": None, "raw": "BEIJING -"}


def test_a_page_read_whole_takes_the_headline_before_its_info_line_not_the_logo() -> None:
    html = """<html><body><div class="header"><h1><a href="/">China Daily</a></h1></div>
    <div class="article"><h1>The real headline</h1><div class="info"><span class="info_l">Updated: 2026-05-17 20:43</span></div>
    <div id="Content"><p>Text of the article.</p></div></div></body></html>"""
    page = process_page(html.encode(), WS_URL, HTML, with_links=False)
    assert page.record is not None
    assert page.record.headline == "The real headline"


def test_a_2010_time_line_printed_elsewhere_is_still_read() -> None:
    html = """<html><body><div id="Title_e"><h1>Headline</h1></div><div class="pic"></div>
    <div class="pic"></div><div class="pic"></div><div class="pic"></div>
    <div id="Content"><p>Text of the article.</p></div><p class="foot">(Xinhua) Updated: 2013-04-22 07:25</p></body></html>"""
    record = as_record(process_page(html.encode(), OLD_URL, HTML, with_links=False).record)
    assert (record["byline"], record["datePublished"]) == ("(Xinhua)", "2013-04-22T07:25:00+08:00")


def test_a_2010_origin_line_inside_the_title_box_under_a_headline_that_reads_like_a_byline() -> None:
    html = """<html><body><div id="Title_e"><h1>By the numbers: the spring travel rush</h1>
    <div>(Xinhua) Updated: 2013-04-22 07:25</div></div>
    <div id="Content"><p>Text of the article.</p></div></body></html>"""
    record = as_record(process_page(html.encode(), OLD_URL, HTML, with_links=False).record)
    assert (record["headline"], record["byline"], record["datePublished"]) == (
        "By the numbers: the spring travel rush",
        "(Xinhua)",
        "2013-04-22T07:25:00+08:00",
    )


def test_an_info_line_above_the_headline() -> None:
    html = """<html><body><div class="lft_art"><div class="info"><span class="info_l">By Wang Yu | China Daily |
    Updated: 2026-05-17 20:43</span></div><h1>The headline</h1><div id="Content"><p>Text.</p></div></div></body></html>"""
    record = as_record(process_page(html.encode(), WS_URL, HTML, with_links=False).record)
    assert (record["headline"], record["byline"]) == ("The headline", "By Wang Yu | China Daily")


def test_a_2010_source_line_beside_a_time_line_printed_elsewhere() -> None:
    """The source line under the headline, a line of digits that is no time, the time line after the body."""
    html = """<html><body><div id="Title_e"><h1>Headline</h1></div><div>(Xinhua)</div><div>Comments(2)</div>
    <div id="Content"><p>Text of the article.</p></div><p class="foot">Updated: 2013-04-22 07:25</p></body></html>"""
    page = process_page(html.encode(), OLD_URL, HTML, with_links=False)
    assert page.record is not None, page.reason
    record = as_record(page.record)
    assert (record["byline"], record["datePublished"]) == ("(Xinhua)", "2013-04-22T07:25:00+08:00")


# --- paged articles --------------------------------------------------------------------------------


def test_page_one_alone_gives_the_record_of_what_it_has_and_names_the_next_page() -> None:
    """``newscrawl extract`` of page 1 alone: a record of page 1's text; the continuation says more follows."""
    page = read(PAGED)
    assert page.record is not None
    assert page.record.articleBody.count("\n") == 2  # page 1's three paragraphs
    assert page.continuation is not None
    assert page.continuation.url == PAGED.replace(".html", "_2.html")
    assert page.continuation.partial["pages"] == [PAGED]


def test_the_pages_read_travel_as_plain_json_and_come_back_whole() -> None:
    first = read(PAGED)
    assert first.continuation is not None
    partial = json.loads(json.dumps(first.continuation.partial))
    second = read(first.continuation.url, partial=partial)
    assert second.continuation is not None
    assert second.continuation.partial["pages"] == [PAGED, PAGED.replace(".html", "_2.html")]
    last = read(second.continuation.url, partial=json.loads(json.dumps(second.continuation.partial)))
    assert last.continuation is None
    assert last.record is not None
    assert without_crawl_time(as_record(last.record)) == case("2024-paged-article").expected


def test_a_reading_survives_the_round_trip() -> None:
    raw = PORTAL.extract(parse_html(served(PAGED).decode()), PAGED)
    assert raw_from_json(json.loads(json.dumps(raw_to_json(raw)))) == raw


def test_a_next_page_that_is_no_article_ends_the_article_with_the_pages_read() -> None:
    first = read(PAGED)
    assert first.continuation is not None
    for body, headers in (
        (b"<html><body><h1>404 Not Found</h1></body></html>", HTML),
        (b"\x89PNG\r\n\x1a\n", {"Content-Type": "image/png"}),
    ):
        page = process_page(body, first.continuation.url, headers, partial=first.continuation.partial)
        assert page.record is not None
        assert page.record.url == PAGED
        assert page.record.articleBody == first.record.articleBody
        assert page.continuation is None
    lost = partial_record(first.continuation.partial, first.continuation.url)
    assert lost.record is not None
    assert lost.record.articleBody == first.record.articleBody


def test_a_bad_partial_is_an_error_of_that_article() -> None:
    page = process_page(served(PAGED.replace(".html", "_2.html")), PAGED, HTML, partial={"pages": []})
    assert page.record is None
    assert page.reason == "error:BadPartial"


def test_a_next_page_already_read_or_of_another_article_is_no_continuation() -> None:
    first = read(PAGED)
    assert first.continuation is not None
    partial = dict(first.continuation.partial)
    partial["pages"] = [PAGED, PAGED.replace(".html", "_2.html"), PAGED.replace(".html", "_3.html")]
    again = read(PAGED.replace(".html", "_2.html"), partial=partial)
    assert again.continuation is None  # page 3 was read: a pager loop ends here
    other = served(PAGED).replace(b"WS66d6a1f0a310a792b3ab7c15_2", b"WS65efa0b4a31082fc043bc2d7_2")
    assert process_page(other, PAGED, HTML).continuation is None


def test_merging_keeps_the_opening_page_and_adds_what_it_lacks() -> None:
    first = PORTAL.extract(parse_html(served(PAGED).decode()), PAGED)
    later_url = PAGED.replace(".html", "_3.html")
    later = PORTAL.extract(parse_html(served(later_url).decode()), later_url)
    later.editors_raw, later.editors, later.headline = "(Editor: Wu Na)", ["Wu Na"], "Another headline"
    merged = merge_pages(first, later)
    assert merged.headline == first.headline
    assert merged.editors == ["Wu Na"]
    assert merged.paragraphs == first.paragraphs + later.paragraphs
    assert merged.url == PAGED


def spider():
    spider_class = SPIDERS["china_daily"]
    crawler = get_crawler(spider_class)
    instance = spider_class.from_crawler(crawler)
    crawler.spider = instance
    return instance


def test_the_spider_fetches_each_next_page_with_the_pages_read_and_writes_one_record() -> None:
    crawling = spider()
    url, output = PAGED, list(crawling.parse(HtmlResponse(PAGED, body=served(PAGED), request=Request(PAGED))))
    pages = [url]
    while True:
        follow = [r for r in output if isinstance(r, Request) and "partial" in r.cb_kwargs]
        records = [item for item in output if isinstance(item, ArticleItem)]
        if not follow:
            break
        assert not records
        [request] = follow
        pickle.dumps(request.to_dict(spider=crawling))  # what a JOBDIR keeps
        json.dumps(request.cb_kwargs["partial"])
        url = request.url
        pages.append(url)
        response = HtmlResponse(url, body=served(url), request=request)
        output = list(crawling.parse(response, **request.cb_kwargs))
    assert pages == [PAGED, PAGED.replace(".html", "_2.html"), PAGED.replace(".html", "_3.html")]
    [record] = records
    assert without_crawl_time(as_record(record)) == case("2024-paged-article").expected
    assert {item.pageUrl for item in output if isinstance(item, ListSnapshotItem)} == {url}
    stats = crawling.crawler.stats
    assert stats.get_value("newscrawl/pages/article") == 3
    assert stats.get_value("newscrawl/pages/article_continued") == 2


# --- the fixture portal ----------------------------------------------------------------------------


def test_the_fixture_portal_covers_the_forms_the_notes_list() -> None:
    records = [c.expected for c in record_cases(SITE)]
    bylines = {r["byline"] for r in records}
    assert len(records) >= 10
    assert [c.expected["error"] for c in cases(SITE) if c.is_error] == ["empty_body"]
    assert {r["layout"] for r in records} == {"china_daily.Layout2010", "china_daily.Layout2017", "generic"}
    assert {
        "Xinhua",
        "China Daily",
        "(Xinhua)",
        "( China Daily )",
        "(chinadaily.com.cn/Xinhua)",
        None,
    } <= bylines
    assert any(
        b and re.match(r"By [A-Z]+ [A-Z]+ and [A-Z]+ [A-Z]+ \|", b) for b in bylines
    )  # two, in capitals
    assert any(b and " in Johannesburg" in b for b in bylines)
    assert any(r["sourceAgency"] == "China Daily Global" for r in records)
    places = {r["dateline"]["raw"] for r in records if r["dateline"]}
    assert {"BEIJING -", "LUSHAN, Sichuan -", "CHENGDU --"} <= places
    assert any(r["datePublishedRaw"].startswith("2569-") for r in records)
    assert any(r["dateModified"] for r in records)
    assert any(r["datePublishedRaw"].count(":") == 2 for r in records)  # seconds
    assert any(image["caption"].endswith("[Photo/Xinhua]") for r in records for image in r["images"])
    hosts = {r["url"].split("/")[2].split(".")[0] for r in records}
    assert hosts >= {"www", "global", "usa", "europe", "africa", "china", "covid-19"}
    assert any(r["metadata"]["fallbackFrom"] == "china_daily" for r in records)


@pytest.fixture(scope="module")
def crawls(fixture_server: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, CrawlRun]:
    runs = {}
    for sources in ("links", "feeds"):
        before = len(fixture_server.requests)
        out = tmp_path_factory.mktemp(f"china-daily-{sources}")
        args = () if sources == "links" else ("-a", "sources=feeds")
        run = crawl(fixture_server.proxy_url, out, *args, spider=SITE)
        run.requests = fixture_server.requests[before:]
        runs[sources] = run
    return runs


@pytest.mark.crawl
@pytest.mark.parametrize("sources", ["links", "feeds"])
def test_the_crawl_finds_every_article_once_each_equal_to_its_expected_record(crawls, sources: str) -> None:
    run = crawls[sources]
    assert_finished(run, fallbacks=1)  # the page in no known layout: the canary
    assert run.report["errors"] == 0
    assert_crawled_records_match_cases(run.articles, sites=(SITE,), spider=SITE)
    assert run.report["dropped"] == {"empty_body": 1}
    assert run.report["fallbacks"] == {"china_daily": 1}
    assert run.report["layouts"] == {"china_daily.Layout2010": 5, "china_daily.Layout2017": 11, "generic": 1}


@pytest.mark.crawl
@pytest.mark.parametrize("sources", ["links", "feeds"])
def test_every_page_is_fetched_once_the_later_pages_only_as_continuations(crawls, sources: str) -> None:
    run = crawls[sources]
    fetched = Counter(served.url for served in run.requests)
    assert max(fetched.values()) == 1, [url for url, n in fetched.items() if n > 1]
    assert fetched[PAGED.replace(".html", "_2.html")] == fetched[PAGED.replace(".html", "_3.html")] == 1
    assert not [s for s in run.requests if s.status != 200]
    assert run.report["articlePages"] == 19  # 17 articles, two of them continued over two more pages


@pytest.mark.crawl
def test_from_the_feeds_alone_no_page_link_is_followed(crawls) -> None:
    run = crawls["feeds"]
    fetched = {served.url for served in run.requests}
    assert not [url for url in fetched if "/china/society" in url or "node_" in url]
    assert run.report["listingPages"] == 1  # the front page, fetched as the start page


@pytest.mark.crawl
def test_the_crawl_records_the_ranked_lists(crawls) -> None:
    run = crawls["links"]
    by_page = {(s["pageUrl"], s["listName"]): s["items"] for s in run.lists}  # where first seen
    [most_viewed] = [s for s in run.lists if s["listName"] == "Most Viewed"]  # the same on every article
    assert most_viewed["pageCount"] == 13
    assert [item["rank"] for item in most_viewed["items"]] == [1, 2, 3, 4, 5]
    assert most_viewed["items"][4]["articleId"] == PAGED_ID  # a link to its page 2
    assert {name for page, name in by_page if page == f"{WWW}/"} == {"Just in", "Top News", "World"}
    assert_lean_lists(run.lists, run.report)


@pytest.mark.crawl
def test_a_paged_article_is_whole_with_a_jobdir(fixture_server: FixtureServer, tmp_path: Path) -> None:
    """The pages read ride in the requests' cb_kwargs, which Scrapy's disk queues keep."""
    run = crawl(
        fixture_server.proxy_url,
        tmp_path,
        "-a",
        f"start_urls={PAGED}",
        "-a",
        "sources=links",
        "-s",
        f"JOBDIR={tmp_path / 'job'}",
        spider=SITE,
    )
    assert_finished(run, fallbacks=1)
    [record] = [r for r in run.articles if r["articleId"] == PAGED_ID]
    assert without_crawl_time(record) == case("2024-paged-article").expected
    assert run.report["articles"] == len(record_cases(SITE))  # its side list leads to the others


@pytest.mark.crawl
def test_a_next_page_that_fails_still_gives_the_pages_read(tmp_path: Path) -> None:
    """chinadaily.com.cn (no www.) serves page 1 of an article whose page 2 answers 404."""
    url = "http://chinadaily.com.cn/a/202409/03/WS66d6a1f0a310a792b3ab7c15.html"
    (tmp_path / "page1.html").write_bytes(served(PAGED).replace(b"//www.chinadaily", b"//chinadaily"))
    site = Site(tmp_path, {url: {"file": "page1.html", "charset": "utf-8"}}, "", {"chinadaily.com.cn"})
    with FixtureServer(extra=[site]) as server:
        start = ("-a", f"start_urls={url}", "-a", "sources=links")
        run = crawl(server.proxy_url, tmp_path / "out", *start, spider=SITE)
        statuses = {served.url: served.status for served in server.requests}
    # Every side-list link answers 404 here: a run that gives up on that many pages is unhealthy.
    assert run.returncode == 1, run.stderr[-3000:]
    assert [reason.split(" of ")[1] for reason in run.report["unhealthy"]] == ["24 requests given up on"]
    assert statuses[url.replace(".html", "_2.html")] == 404
    [record] = run.articles  # its side list's links, on this host too, answer 404
    assert record["url"] == url
    assert record["articleBody"] == as_record(read(PAGED).record)["articleBody"]
    assert record["metadata"]["httpStatus"] == 200
    assert run.report["badInput"] == {"unreadable_next_page": 1}


@pytest.mark.crawl
def test_scrapy_check_contracts_pass_against_the_fixture_portal(
    fixture_server: FixtureServer, tmp_path: Path
) -> None:
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


def test_the_paged_continuation_is_a_frozen_value() -> None:
    continuation = Continuation("http://x/", {"pages": []})
    with pytest.raises(AttributeError):
        continuation.url = "http://y/"  # type: ignore[misc]
