"""Xinhua English: URL rules of both eras, header lines and date forms, JSON list data files, and the
end-to-end crawls of the fixture portal (from its front page, and from its feeds alone)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from newscrawl.fixture_server import FixtureServer
from newscrawl.items import as_record
from newscrawl.page import PageKind, extract_record, parse_html, process_page
from newscrawl.portals import PORTALS, portal_for_url
from newscrawl.portals.base import Element, LinkKind
from newscrawl.portals.xinhua import PORTAL, read_data_source
from newscrawl.record import Rejected
from tests.helpers import (
    CrawlRun,
    assert_crawled_records_match_cases,
    assert_finished,
    assert_lean_lists,
    cases,
    crawl,
    record_cases,
    without_crawl_time,
)

SITE = "xinhua"
NEW = "http://english.news.cn/20221025/3f1a6c0e9b8d4a27a1c5e7d2b4f60819/c.html"
LATEST_JSON = "http://english.news.cn/list/ds_5e0c4a8b2f6d4e1a9c3b7d5f1e2a4c6b.json"
CHINA_JSON = "http://english.news.cn/china/ds_9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a.json"
HEX = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"


def expected_urls() -> list[str]:
    return sorted(case.url for case in record_cases(SITE))


# --- URLs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind", "article_id", "day", "canonical"),
    [
        pytest.param(
            f"https://english.news.cn/20231117/{HEX}/c.html",
            LinkKind.ARTICLE, HEX, date(2023, 11, 17), None, id="new-era",
        ),
        pytest.param(
            f"http://english.news.cn/africa/20240521/{HEX}/c.html#top",
            LinkKind.ARTICLE, HEX, date(2024, 5, 21), f"http://english.news.cn/africa/20240521/{HEX}/c.html",
            id="new-era-section-fragment",
        ),
        pytest.param(
            f"http://English.News.cn./20231117/{HEX.upper()}/c.html?from=list",
            LinkKind.ARTICLE, HEX, date(2023, 11, 17), f"http://english.news.cn/20231117/{HEX.upper()}/c.html",
            id="host-case-trailing-dot-query",
        ),
        pytest.param(
            "http://news.xinhuanet.com/english/world/2013-06/22/c_124894434.htm",
            LinkKind.ARTICLE, "124894434", date(2013, 6, 22), None, id="old-news-host-section",
        ),
        pytest.param(
            "http://www.xinhuanet.com/english/2017-03/05/c_136104720.htm",
            LinkKind.ARTICLE, "136104720", date(2017, 3, 5), None, id="old-www-host",
        ),
        pytest.param(
            "http://news.xinhuanet.com/english/2008-05/12/content_8152490.htm",
            LinkKind.ARTICLE, "8152490", date(2008, 5, 12), None, id="old-content-form",
        ),
        pytest.param(
            "http://www.news.cn/english/2021-06/10/c_1310000001.htm",
            LinkKind.ARTICLE, "1310000001", date(2021, 6, 10), None, id="news-cn-english",
        ),
        pytest.param("http://english.news.cn/", LinkKind.LISTING, None, None, None, id="front"),
        pytest.param("http://english.news.cn/list/latestnews.htm", LinkKind.LISTING, None, None, None, id="list"),
        pytest.param("http://english.news.cn/china/index.htm", LinkKind.LISTING, None, None, None, id="section"),
        pytest.param("http://english.news.cn/africa/", LinkKind.LISTING, None, None, None, id="section-dir"),
        pytest.param(LATEST_JSON, LinkKind.LISTING, None, None, None, id="list-data-file"),
        pytest.param("http://www.xinhuanet.com/english/china/index.htm", LinkKind.LISTING, None, None, None, id="old-section"),
        pytest.param("http://www.xinhuanet.com/english/", LinkKind.LISTING, None, None, None, id="old-front"),
        pytest.param(
            "http://www.xinhuanet.com/english/rss/worldrss.xml", LinkKind.NON_ARTICLE, None, None, None, id="old-feed"
        ),
        pytest.param("http://english.news.cn/static/a.pdf", LinkKind.NON_ARTICLE, None, None, None, id="file"),
        pytest.param("http://english.news.cn/special/summer.htm", LinkKind.UNKNOWN, None, None, None, id="unknown"),
        pytest.param(
            "http://www.xinhuanet.com/politics/2019-05/20/c_1124516000.htm", LinkKind.OFFSITE, None, None, None,
            id="chinese-site-on-an-old-host",
        ),
        pytest.param("http://www.news.cn/", LinkKind.OFFSITE, None, None, None, id="chinese-front"),
        pytest.param("http://en.people.cn/", LinkKind.OFFSITE, None, None, None, id="another-portal"),
        pytest.param("ftp://english.news.cn/x", LinkKind.OFFSITE, None, None, None, id="not-http"),
    ],
)  # fmt: skip
def test_classify(url: str, kind: LinkKind, article_id: str | None, day: date | None, canonical: str | None):
    link = PORTAL.classify(url)
    assert link.kind is kind
    assert link.article_id == (article_id.lower() if article_id else None)
    assert link.url_date == day
    if canonical is not None:
        assert link.url == canonical
    elif kind is LinkKind.ARTICLE:
        assert link.url == url


@pytest.mark.parametrize(
    ("url", "section"),
    [
        (f"http://english.news.cn/africa/20240521/{HEX}/c.html", "Africa"),
        (f"http://english.news.cn/20231117/{HEX}/c.html", None),
        ("http://news.xinhuanet.com/english/world/2013-06/22/c_1.htm", "World"),
        ("http://www.xinhuanet.com/english/sci/2016-01/02/c_2.htm", "Sci-Tech"),
        ("http://www.xinhuanet.com/english/somewhere/2016-01/02/c_3.htm", None),  # a slug of no known name
    ],
)
def test_section_name_from_the_url(url: str, section: str | None) -> None:
    assert PORTAL.section_name(url) == section


def test_the_portal_serves_its_hosts_only() -> None:
    assert portal_for_url(NEW) is PORTAL
    assert portal_for_url("http://www.xinhuanet.com/english/2017-03/05/c_1.htm") is PORTAL
    others = [portal for name, portal in PORTALS.items() if name != SITE]
    assert all(not (portal.hosts & PORTAL.hosts) for portal in others)


# --- header lines and dates ----------------------------------------------------------------------


def page(header: str) -> Element:
    """A Layout2021 page with ``header`` beside the body's box."""
    return parse_html(
        f"<html><head><title>T-Xinhua</title></head><body><div class='main'><div class='conTop'>{header}</div>"
        "<div id='detailContent'><p>BEIJING, Sept. 30 (Xinhua) -- Text.</p></div></div></body></html>"
    )


@pytest.mark.parametrize(
    ("header", "byline", "published", "editors"),
    [
        pytest.param(
            "<h1>H</h1><p>Source: Xinhua</p><p>Editor: huaxia</p><p>2022-10-25 08:47:56</p>",
            "Source: Xinhua", "2022-10-25 08:47:56", "Editor: huaxia", id="three-lines-above-the-body",
        ),
        pytest.param(
            "<h1>H</h1><div>Source: Xinhua| 2019-05-20 10:12:33|Editor: huaxia</div>",
            "Source: Xinhua", "2019-05-20 10:12:33", "Editor: huaxia", id="one-line-joined-by-bars",
        ),
        pytest.param(
            "<h1>H</h1><div><span>2023-11-17 20:52:15</span> <span>Source：Xinhua</span></div>",
            "Source：Xinhua", "2023-11-17 20:52:15", None, id="time-first-full-width-colon",
        ),
        pytest.param(
            "<div><div><span>Editor:Li Xia</span></div></div><h1>H</h1><div>Source: China Daily 2021-06-10 16:05</div>",
            "Source: China Daily", "2021-06-10 16:05", "Editor:Li Xia", id="nested-and-above-the-headline",
        ),
        pytest.param(
            "<h1>H</h1><p>Editor: huaxia Source: Xinhua 2022-10-25 08:47:56</p>",
            "Source: Xinhua", "2022-10-25 08:47:56", "Editor: huaxia", id="editor-first-on-one-line",
        ),
        pytest.param(
            "<p>Friday, November 17, 2023</p><h1>H</h1><p>By Li Ming | 2023-11-16 09:00</p>",
            "By Li Ming", "2023-11-16 09:00", None, id="the-line-after-the-headline-wins",
        ),
        pytest.param(
            "<h1>H</h1><p>Source: Xinhua (Editor: Zhang Wenjie)</p><p>2022-10-25 08:47:56</p>",
            "Source: Xinhua", "2022-10-25 08:47:56", "(Editor: Zhang Wenjie)", id="editor-in-the-source-line",
        ),
        pytest.param(
            "<h1>H</h1><p>Source: Xinhua, 2022-10-25 08:47:56</p>",
            "Source: Xinhua", "2022-10-25 08:47:56", None, id="comma-before-the-time",
        ),
        pytest.param("<h1>H</h1>", None, None, None, id="nothing-printed"),
    ],
)  # fmt: skip
def test_header_lines_in_any_element_and_order(header, byline, published, editors) -> None:
    lines = next(layout for layout in PORTAL.layouts if layout.name == "Layout2021").header(page(header))
    assert (lines.byline, lines.published, lines.editors) == (byline, published, editors)


def test_the_headline_is_not_a_logo_above_it() -> None:
    html = (
        "<html><body><div class='top'><h1 class='logo'>Xinhua</h1></div><div class='main'><div class='conTop'>"
        "<h1>The headline</h1><p>Source: Xinhua</p></div><div id='detailContent'><p>Text.</p></div></div>"
        "</body></html>"
    )
    record = as_record(extract_record(html.encode(), NEW))
    assert (record["headline"], record["byline"]) == ("The headline", "Source: Xinhua")


def test_without_a_headline_the_lines_before_the_body_are_read() -> None:
    html = (
        "<html><head><title>The headline - Xinhua | English.news.cn</title></head><body><table><tr><td>"
        "<div class='bt'>The headline</div><div>Source: Xinhua 2013-06-22 08:59:47</div>"
        "<div id='Content'><p>CAIRO, June 22 (Xinhua) -- Text.</p></div></td></tr></table></body></html>"
    )
    record = as_record(extract_record(html.encode(), "http://news.xinhuanet.com/english/2013-06/22/c_1.htm"))
    assert (record["layout"], record["headline"], record["byline"], record["datePublished"]) == (
        "xinhua.Layout2013",
        "The headline",
        "Source: Xinhua",
        "2013-06-22T08:59:47+08:00",
    )


@pytest.mark.parametrize(
    ("pieces", "published"),
    [
        pytest.param(
            "<span class='year'><em>2023</em></span><span class='day'><em>11</em>/<em>17</em></span>"
            "<span class='time'>20:52:15</span>", "2023-11-17T20:52:15+08:00", id="year-day-time",
        ),
        pytest.param(
            "\n <span class='year'><em>2024</em></span>\n <span class='month'>05</span> / <span>21</span>\n"
            " <span class='time'>09:30</span>\n", "2024-05-21T09:30:00+08:00", id="year-month-day-time-spaced",
        ),
        pytest.param("", "2024-03-08T00:00:00+08:00", id="empty-pieces-url-date"),
    ],
)  # fmt: skip
def test_split_date_pieces_are_joined_before_parsing(pieces: str, published: str) -> None:
    html = (
        "<html><body><div class='header'><div class='header-time left'>" + pieces + "</div>"
        "<div class='source'>Source: Xinhua</div><div class='head-line'><h1>H</h1></div></div>"
        "<div class='main'><div id='detail'><p>Text of the story, long enough.</p></div></div></body></html>"
    )
    url = f"http://english.news.cn/{published[:10].replace('-', '')}/{HEX}/c.html"  # the same day
    record = as_record(extract_record(html.encode(), url))
    assert record["layout"] == "xinhua.Layout2023"
    assert record["datePublished"] == published
    assert record["byline"] == "Source: Xinhua"


def test_the_time_falls_back_to_meta_publishdate_then_to_the_url() -> None:
    url = f"http://english.news.cn/20240308/{HEX}/c.html"
    body = "<div class='conTop'><h1>H</h1></div><div id='detailContent'><p>Text.</p></div>"
    with_meta = f"<html><head><meta name='publishdate' content='2024-03-07'></head><body>{body}</body></html>"
    by_meta = as_record(extract_record(with_meta.encode(), url))
    assert (by_meta["datePublished"], by_meta["metadata"]["fieldSources"]["datePublished"]) == (
        "2024-03-07T00:00:00+08:00",
        "meta",
    )
    by_url = as_record(extract_record(f"<html><body>{body}</body></html>".encode(), url))
    assert (by_url["datePublished"], by_url["datePublishedRaw"]) == ("2024-03-08T00:00:00+08:00", None)
    assert by_url["metadata"]["fieldSources"]["datePublished"] == "url"


# --- body: credits, writer lines, furniture ------------------------------------------------------


def body_of(paragraphs: str) -> tuple[str, list[dict], list[str]]:
    html = f"<html><body><div class='conTop'><h1>H</h1><p>Source: Xinhua</p></div><div id='detailContent'>{paragraphs}</div></body></html>"
    record = as_record(extract_record(html.encode(), NEW))
    return record["articleBody"], record["images"], [a["name"] for a in record["authors"]]


def test_photo_credits_stay_out_of_the_body() -> None:
    text, images, _ = body_of(
        "<p><img src='a.jpg'></p><p>People walk in a park, Oct. 24, 2022. (Xinhua/Li Xin)</p>"
        "<p>BEIJING, Oct. 25 (Xinhua) -- The story.</p>"
        "<p>A view of the park. (Photo by Wang Fan / Xinhua)</p>"  # its image is not in the body
        "<p>Xinhua/Zhang San</p>"
        "<p>More of the story, which cites Xinhua (a news agency) as a source.</p>"
    )
    assert text == "The story.\nMore of the story, which cites Xinhua (a news agency) as a source."
    assert images == [
        {
            "url": "http://english.news.cn/20221025/3f1a6c0e9b8d4a27a1c5e7d2b4f60819/a.jpg",
            "caption": "People walk in a park, Oct. 24, 2022. (Xinhua/Li Xin)",
        }
    ]


def test_enditem_closes_the_wire_copy_and_is_not_body() -> None:
    assert body_of("<p>One.</p><p>Two. Enditem</p>")[0] == "One.\nTwo."
    assert body_of("<p>One.</p><p>Enditem</p>")[0] == "One."


@pytest.mark.parametrize(
    ("first", "authors", "kept"),
    [
        ("by Xinhua writers Liu Yang and Chen Ming", ["Liu Yang", "Chen Ming"], False),
        ("By Xinhua Writer Wang Fan", ["Wang Fan"], False),
        ("by Xinhua reporters Zhao Yi, Qian Er", ["Zhao Yi", "Qian Er"], False),
        ("by Xinhua sports writer Li Jia", ["Li Jia"], False),
        ("By Monday, the new rules apply to every port", [], True),  # prose, not a writer line
        ("by Xinhua writers and editors of the desk", [], True),
        ("by Xinhua writers Xu Wei and Li Xin.", ["Xu Wei", "Li Xin"], False),  # the full stop is no name's
        ("by Xinhua correspondents Li Xin and CGTN Africa", [], True),  # another outlet credited: text
        ("by Xinhua writers Li Xin, Wang Fang, director of the desk", [], True),  # not only names
    ],
)
def test_a_writer_line_opening_the_body_gives_the_authors(first: str, authors: list[str], kept: bool) -> None:
    text, _, found = body_of(f"<p>{first}</p><p>BEIJING, Oct. 25 (Xinhua) -- The story.</p>")
    assert found == authors
    assert text.startswith(first) is kept


def test_a_writer_line_is_the_byline_of_a_page_without_a_source_line() -> None:
    html = (
        "<html><body><div class='conTop'><h1>H</h1><p>2022-10-25 08:47:56</p></div><div id='detailContent'>"
        "<p>by Xinhua writers Liu Yang and Chen Ming</p><p>BEIJING, Oct. 25 (Xinhua) -- The story.</p>"
        "</div></body></html>"
    )
    record = as_record(extract_record(html.encode(), NEW))
    assert (record["byline"], [a["name"] for a in record["authors"]]) == (
        "by Xinhua writers Liu Yang and Chen Ming",
        ["Liu Yang", "Chen Ming"],
    )
    assert record["articleBody"] == "The story."
    sources = record["metadata"]["fieldSources"]
    assert (sources["byline"], sources["authors"]) == ("text", "text")


# --- JSON list data files ------------------------------------------------------------------------


def test_list_pages_name_their_data_files() -> None:
    root = parse_html(
        "<html><body><ul id='list' data='datasource:5e0c4a8b2f6d4e1a9c3b7d5f1e2a4c6b' datatype='ds' preview='ds_'>"
        "</ul><div data='datasource:5E0C4A8B2F6D4E1A9C3B7D5F1E2A4C6B'></div>"  # another case: a second file
        "<div data='datasource:not-an-id'></div><div data='other:9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a'></div>"
        "<div data='datasource:9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a'></div></body></html>"
    )
    assert PORTAL.list_source_urls(root, "http://english.news.cn/list/latestnews.htm") == [
        LATEST_JSON,
        "http://english.news.cn/list/ds_5E0C4A8B2F6D4E1A9C3B7D5F1E2A4C6B.json",
        "http://english.news.cn/list/ds_9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a.json",
    ]
    assert PORTAL.list_source_urls(root, "http://english.news.cn/")[0].startswith(
        "http://english.news.cn/ds_"
    )


def test_a_data_file_gives_its_rows_in_order() -> None:
    rows = {
        "categoryName": "China",
        "datasource": [
            {"title": "A", "publishUrl": "/20240308/6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b/c.html", "publishTime": "2024-03-08 15:40:00"},
            {"title": "B &amp; <b>C</b>", "publishUrl": "../20240210/4e6a8c0b2d4f6a8c0e2b4d6f8a0c2e4a/c.html"},
            {"title": "D", "publishUrl": "20231117/9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b/c.html"},
            {"title": "A again", "publishUrl": "http://english.news.cn/20240308/6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b/c.html#x"},
            {
                "contentType": "Link",
                "title": "<a href='x'>ignored</a>",
                "publishUrl": "http://english.news.cn/special/index.htm",
                "linkUrls": [{"linkTitle": "E", "linkUrl": "http://english.news.cn/20230601/1c3e5a7b9d1f3a5c7e9b1d3f5a7c9e1d/c.html"}],
            },
        ],
    }  # fmt: skip
    source = read_data_source(json.dumps(rows).encode(), CHINA_JSON)
    assert source.problems == []
    assert source.page_list is not None
    assert source.page_list.name == "China"
    assert [(link.url.split("/")[3:5], link.title) for link in source.page_list.links] == [
        (["20240308", "6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b"], "A"),
        (["20240210", "4e6a8c0b2d4f6a8c0e2b4d6f8a0c2e4a"], "B & C"),
        (["china", "20231117"], "D"),  # relative to the file's folder
        (["20230601", "1c3e5a7b9d1f3a5c7e9b1d3f5a7c9e1d"], "E"),
    ]
    assert source.page_list.links[0].shown_date == "2024-03-08 15:40:00"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html>not json</html>", "malformed_list_source"),
        (b'{"datasource": "x"}', "not_a_list_source"),
        (b"{}", "not_a_list_source"),
        (b'{"datasource": [1, {"title": "no link"}]}', "list_entry_without_link"),
    ],
)
def test_a_bad_data_file_is_told_not_guessed(body: bytes, reason: str) -> None:
    source = read_data_source(body, LATEST_JSON)
    assert reason in {problem for problem, _ in source.problems}


def test_a_data_file_is_a_listing_page_with_one_snapshot() -> None:
    body = json.dumps(
        {"datasource": [{"title": "A", "publishUrl": f"/20231117/{HEX}/c.html", "publishTime": "2023-11-17"}]}
    )
    result = process_page(body.encode(), LATEST_JSON, {"Content-Type": "application/json"})
    assert result.kind is PageKind.LISTING
    assert [(s.listName, s.pageUrl, s.items) for s in result.lists] == [
        (
            "ds_5e0c4a8b2f6d4e1a9c3b7d5f1e2a4c6b",  # no categoryName: the file's name
            LATEST_JSON,
            [
                {
                    "rank": 1,
                    "url": f"http://english.news.cn/20231117/{HEX}/c.html",
                    "title": "A",
                    "articleId": HEX,
                }
            ],
        )
    ]
    assert [(f.link.kind, f.listed, f.shown_date) for f in result.links] == [
        (LinkKind.ARTICLE, True, date(2023, 11, 17))
    ]
    bad = process_page(b"oops", LATEST_JSON, {"Content-Type": "application/json"})
    assert (bad.kind, bad.lists, bad.problems[0][0]) == (PageKind.LISTING, [], "malformed_list_source")


def test_json_elsewhere_is_not_a_list_data_file() -> None:
    assert PORTAL.read_list_source(b"{}", "http://english.news.cn/static/config.json") is None
    assert (
        PORTAL.read_list_source(b"{}", "http://example.org/ds_5e0c4a8b2f6d4e1a9c3b7d5f1e2a4c6b.json") is None
    )
    assert process_page(b"{}", "http://english.news.cn/static/config.json").kind is PageKind.NOT_HTML


# --- the fixture cases ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in cases(SITE) if c.is_error], ids=lambda case: case.name)
def test_error_case_gives_its_reason(case) -> None:
    with pytest.raises(Rejected) as caught:
        extract_record(case.html.read_bytes(), case.url)
    assert caught.value.reason == case.expected["error"]


def test_a_saved_page_without_its_address_is_read_by_its_layout() -> None:
    case = next(c for c in record_cases(SITE) if c.name == "2023-lunar-samples")
    result = process_page(case.html.read_bytes(), None)
    assert result.record is not None
    record = without_crawl_time(as_record(result.record))
    assert record["layout"] == "xinhua.Layout2023"
    assert record["url"] == record["canonicalUrl"] == case.url  # the page states it
    assert {k: v for k, v in record.items() if k != "metadata"} == {
        k: v for k, v in case.expected.items() if k != "metadata"
    }


def test_the_fixture_portal_covers_the_required_forms() -> None:
    records = [case.expected for case in record_cases(SITE)]
    layouts = Counter(r["layout"] for r in records)
    bylines = {r["byline"] for r in records}
    editors = {r["editorsRaw"] for r in records}
    datelines = [r["dateline"]["raw"] for r in records if r["dateline"]]
    sources = [r["metadata"]["fieldSources"].get("datePublished") for r in records]
    hosts = {case.url.split("/")[2] for case in record_cases(SITE)}
    assert len(records) >= 10
    assert set(layouts) == {
        f"xinhua.{cls}" for cls in ("Layout2013", "Layout2018", "Layout2021", "Layout2023")
    } | {"generic"}
    assert hosts == {"english.news.cn", "www.xinhuanet.com", "news.xinhuanet.com"}
    assert {"Source: Xinhua", "Source: China Daily", "Source：Xinhua", None} <= bylines
    assert {"Editor: huaxia", "[Editor: Wang Lin]", "Editor : Shi Yuan", None} <= editors
    assert any("Sept." in d for d in datelines)
    assert {"layout", "meta", "url"} <= set(sources)  # header pieces or time line, meta publishdate, URL
    assert any(r["authors"] for r in records)
    assert any(any("(Xinhua/" in (i["caption"] or "") for i in r["images"]) for r in records)
    assert not any("(Xinhua/" in r["articleBody"] or "Enditem" in r["articleBody"] for r in records)
    assert [r["metadata"]["fallbackFrom"] for r in records if r["layout"] == "generic"] == ["xinhua"]
    assert [c.expected["error"] for c in cases(SITE) if c.is_error] == ["empty_body"]


# --- end to end ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs(fixture_server: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, CrawlRun]:
    found = {}
    for name, args in (("links", ()), ("feeds", ("-a", "sources=feeds"))):
        before = len(fixture_server.requests)
        run = crawl(fixture_server.proxy_url, tmp_path_factory.mktemp(f"xinhua-{name}"), *args, spider=SITE)
        run.requests = fixture_server.requests[before:]
        found[name] = run
    return found


@pytest.mark.crawl
@pytest.mark.parametrize("name", ["links", "feeds"])
def test_crawl_finds_every_article_exactly_once(runs: dict[str, CrawlRun], name: str) -> None:
    run = runs[name]
    assert_finished(run, fallbacks=1)  # the page in no known layout: the canary
    assert sorted(record["url"] for record in run.articles) == expected_urls()
    assert_crawled_records_match_cases(run.articles, sites=(SITE,), spider=SITE)
    report = run.report
    assert (report["finishReason"], report["errors"], report["badInput"]) == ("finished", 0, {})
    assert report["dropped"] == {"empty_body": 1}
    assert report["fallbacks"] == {SITE: 1}
    assert report["layouts"] == {
        "generic": 1,
        "xinhua.Layout2013": 2,
        "xinhua.Layout2018": 2,
        "xinhua.Layout2021": 5,
        "xinhua.Layout2023": 5,
    }
    fetched = Counter(served.url for served in run.requests)
    assert max(fetched.values()) == 1, "a page was fetched twice"


@pytest.mark.crawl
def test_the_front_page_crawl_reads_the_list_data_files(runs: dict[str, CrawlRun]) -> None:
    run = runs["links"]
    fetched = {served.url for served in run.requests}
    assert {LATEST_JSON, CHINA_JSON} <= fetched
    by_page = {(s["pageUrl"], s["listName"]): s["items"] for s in run.lists}  # where first seen
    assert_lean_lists(run.lists, run.report)
    latest = by_page[(LATEST_JSON, "Latest News")]
    assert [item["rank"] for item in latest] == [1, 2, 3, 4, 5]
    assert latest[2] == {
        "rank": 3,
        "url": "http://english.news.cn/20240415/0d2f4b6a8c0e2d4f6b8a0c2e4d6f8b0a/c.html",
        "title": "Video: Cherry blossoms at a Wuhan university",
        "articleId": "0d2f4b6a8c0e2d4f6b8a0c2e4d6f8b0a",
    }
    china = [item["title"] for item in by_page[(CHINA_JSON, "China")]]
    assert china[2:4] == [  # a row of links: each link an entry
        "Feature: Night trains carry summer travelers to the grasslands",
        "Young farmers turn to livestreaming to sell tea",
    ]
    front = {name for page, name in by_page if page == "http://english.news.cn/"}
    assert front == {"Top News", "Latest News", "China", "World"}
    # Articles listed only in a data file were found through it.
    via = {r["url"]: r["metadata"]["discoveredVia"] for r in run.articles}
    assert via["http://english.news.cn/20220101/5a7b9c1d3e5f4a6b8c0d2e4f6a8b0c2d/c.html"] in (
        "Latest News",
        "feed",
    )
    assert run.report["skipped"] == {"offsite": 1}
    assert all(url.startswith(("http://english.news.cn/", "http://www.xinhuanet.com/english/", "http://news.xinhuanet.com/english/")) for url in fetched if not url.endswith("/robots.txt"))  # fmt: skip


@pytest.mark.crawl
def test_the_feed_crawl_follows_no_page_link(runs: dict[str, CrawlRun]) -> None:
    run = runs["feeds"]
    assert {r["metadata"]["discoveredVia"] for r in run.articles} == {"feed"}
    fetched = {served.url for served in run.requests}
    assert LATEST_JSON not in fetched
    assert len({u for u in fetched if "/english/rss/" in u}) == len(PORTAL.feeds)


@pytest.mark.crawl
def test_since_bounds_the_lists_and_data_files(fixture_server: FixtureServer, tmp_path: Path) -> None:
    run = crawl(fixture_server.proxy_url, tmp_path, "-a", "since=2024-01-01", spider=SITE)
    assert run.returncode == 0, run.stderr[-2000:]
    assert sorted(r["datePublished"][:10] for r in run.articles) == [
        "2024-02-10",
        "2024-03-08",
        "2024-05-21",
        "2025-09-29",
    ]
    assert run.report["skipped"]["before_since"] >= 8


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
