"""CGTN: URL classes of both URL eras on every host, the header's section word and times, the body's text
blocks up to the source marker, the "Most Read" panes as ranked lists, and end-to-end crawls of the
fixture portal from its front page and from its sitemap index alone."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from newscrawl.fixture_server import FixtureServer
from newscrawl.items import as_record
from newscrawl.page import extract_record, parse_html, process_page
from newscrawl.portals import portal_for_url
from newscrawl.portals.base import LinkKind, UnrecognisedLayout
from newscrawl.portals.cgtn import PORTAL, Header, Stamps, article_id_of, read_stamps, shown_time
from newscrawl.record import Rejected
from newscrawl.validation import invalid_reason
from tests.helpers import (
    CrawlRun,
    assert_crawled_records_match_cases,
    assert_finished,
    assert_lean_lists,
    cases,
    crawl,
    record_cases,
)

SITE = "cgtn"
INDEX = "http://www.cgtn.com/sitemap.xml"
GOLDEN_WEEK = "http://news.cgtn.com/news/2026-10-03/Golden-Week-rail-trips-hit-record-1nGdE4aBcDe/index.html"


# --- URLs --------------------------------------------------------------------------------------

ARTICLES = [
    pytest.param(GOLDEN_WEEK, GOLDEN_WEEK, "1nGdE4aBcDe", date(2026, 10, 3), id="dated-news-host"),
    pytest.param(
        "https://newseu.cgtn.com/news/2026-10-03/Climate-talks-open-in-Vienna-1nGdF7kLmNo/index.html",
        "https://newseu.cgtn.com/news/2026-10-03/Climate-talks-open-in-Vienna-1nGdF7kLmNo/index.html",
        "1nGdF7kLmNo",
        date(2026, 10, 3),
        id="https-regional-host",
    ),
    pytest.param(
        "http://newsus.cgtn.com/news/Ranchers-in-Texas-try-drought-grasses-Xy7Kp2QmRt/index.html",
        "http://newsus.cgtn.com/news/Ranchers-in-Texas-try-drought-grasses-Xy7Kp2QmRt/index.html",
        "Xy7Kp2QmRt",
        None,
        id="date-less",
    ),
    pytest.param(
        "http://news.cgtn.com/news/2024-05-06/Why-small-museums-matter-1jKlMnOpQrS/p.html",
        "http://news.cgtn.com/news/2024-05-06/Why-small-museums-matter-1jKlMnOpQrS/p.html",
        "1jKlMnOpQrS",
        date(2024, 5, 6),
        id="p-page",
    ),
    pytest.param(
        "http://newsaf.cgtn.com/news/2025-06-08/Solar-kiosks-1kLmN5oPqRs/index.html?utm_source=x#top",
        "http://newsaf.cgtn.com/news/2025-06-08/Solar-kiosks-1kLmN5oPqRs/index.html",
        "1kLmN5oPqRs",
        date(2025, 6, 8),
        id="query-and-fragment-dropped",
    ),
    pytest.param(
        "http://news.cgtn.com./news/2026-10-03/Golden-Week-rail-trips-hit-record-1nGdE4aBcDe/index.html",
        GOLDEN_WEEK,
        "1nGdE4aBcDe",
        date(2026, 10, 3),
        id="trailing-dot-host",
    ),
    pytest.param(
        "http://news.cgtn.com/news/3d3d514e7a45444e79457a6333566d54/share_p.html",
        "http://news.cgtn.com/news/3d3d514e7a45444e79457a6333566d54/share_p.html",
        "3d3d514e7a45444e79457a6333566d54",
        None,
        id="share-page-hex-id",
    ),
    pytest.param(
        "http://www.cgtn.com/news/2023-01-19/Weather-satellite-sends-first-images-1gHiJkLmNoP/amp.html",
        "http://www.cgtn.com/news/2023-01-19/Weather-satellite-sends-first-images-1gHiJkLmNoP/amp.html",
        "1gHiJkLmNoP",
        date(2023, 1, 19),
        id="www-host-amp",
    ),
]


@pytest.mark.parametrize(("url", "fetched", "article_id", "url_date"), ARTICLES)
def test_article_urls_of_both_eras_on_every_host(url: str, fetched: str, article_id: str, url_date) -> None:
    link = PORTAL.classify(url)
    assert (link.kind, link.url, link.article_id, link.url_date) == (
        LinkKind.ARTICLE,
        fetched,
        article_id,
        url_date,
    )


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://www.cgtn.com/", LinkKind.LISTING),
        ("http://www.cgtn.com/world", LinkKind.LISTING),
        ("https://www.cgtn.com/most-read", LinkKind.LISTING),
        ("http://www.cgtn.com/china/politics/", LinkKind.LISTING),
        ("http://news.cgtn.com/", LinkKind.LISTING),
        ("http://www.cgtn.com/sitemap.xml", LinkKind.NON_ARTICLE),
        ("http://www.cgtn.com/sitemap_archived_2019_2.xml", LinkKind.NON_ARTICLE),
        ("https://www.cgtn.com/subscribe/rss/section/world.xml", LinkKind.NON_ARTICLE),
        ("http://www.cgtn.com/search.do?keyword=x", LinkKind.NON_ARTICLE),
        ("http://news.cgtn.com/news/2026-10-03/x-1nGdE4aBcDe/img/a81c2d.jpeg", LinkKind.NON_ARTICLE),
        ("http://account.user.cgtn.com/login", LinkKind.OFFSITE),
        ("http://ui.cgtn.com/static/ng/js/common.js", LinkKind.OFFSITE),
        ("http://news.cgtn.com.example/news/2026-10-03/x-1nGdE4aBcDe/index.html", LinkKind.OFFSITE),
        ("ftp://news.cgtn.com/news/2026-10-03/x-1nGdE4aBcDe/index.html", LinkKind.OFFSITE),
        ("http://www.cgtn.com/special/Golden-Week.html", LinkKind.UNKNOWN),
    ],
)
def test_other_urls(url: str, kind: LinkKind) -> None:
    assert PORTAL.classify(url).kind is kind


def test_every_host_is_the_portals() -> None:
    for host in ("news.cgtn.com", "www.cgtn.com", "newsaf.cgtn.com", "newseu.cgtn.com", "newsus.cgtn.com"):
        assert portal_for_url(f"https://{host}/") is PORTAL


@pytest.mark.parametrize(
    ("slug", "article_id"),
    [
        ("Golden-Week-rail-trips-hit-record-1nGdE4aBcDe", "1nGdE4aBcDe"),
        ("Short-id-AbCd1234", "AbCd1234"),
        ("Letters-only-QnFxkVgKpG", "QnFxkVgKpG"),
        ("3d3d514e7a45444e79457a6333566d54", "3d3d514e7a45444e79457a6333566d54"),
        ("Golden-Week-Highlights", "Golden-Week-Highlights"),  # a word is no id
        ("COVID-19-UPDATES", "COVID-19-UPDATES"),
        ("no-id-here", "no-id-here"),
    ],
)
def test_article_id_is_the_slugs_tail_or_the_whole_segment(slug: str, article_id: str) -> None:
    assert article_id_of(slug) == article_id


def test_two_slugs_ending_in_the_same_word_are_two_articles() -> None:
    one = PORTAL.classify("http://news.cgtn.com/news/2026-10-03/Golden-Week-Highlights/index.html")
    two = PORTAL.classify("http://news.cgtn.com/news/2026-10-04/Film-festival-Highlights/index.html")
    assert one.kind is two.kind is LinkKind.ARTICLE
    assert one.article_id != two.article_id


# --- header: section word, times -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "stamps"),
    [
        pytest.param(
            "World 21:43, 03-Oct-2026", Stamps("World", "21:43, 03-Oct-2026", None), id="section-time"
        ),
        pytest.param(
            "  Sci-Tech\n 9:05,  3-Jan-2026 ", Stamps("Sci-Tech", "9:05, 3-Jan-2026", None), id="spaces"
        ),
        pytest.param("World | 21:43, 03-Oct-2026", Stamps("World", "21:43, 03-Oct-2026", None), id="pipe"),
        pytest.param(
            "By Li Ming Updated 21:42, 22-Sep-2023",
            Stamps("By Li Ming", None, "21:42, 22-Sep-2023"),
            id="updated",
        ),
        pytest.param(
            "Updated: 21:42, 22-Sep-2023", Stamps(None, None, "21:42, 22-Sep-2023"), id="updated-colon"
        ),
        pytest.param(
            "Sports UPDATED 14:05, 08-Jun-2025",
            Stamps("Sports", None, "14:05, 08-Jun-2025"),
            id="updated-caps",
        ),
        pytest.param(
            "2023.01.19 00:06 GMT+8 Updated 2023.01.19 08:30 GMT+8",
            Stamps(None, "2023.01.19 00:06 GMT+8", "2023.01.19 08:30 GMT+8"),
            id="amp-both",
        ),
        pytest.param("2018-03-20 13:00 GMT+8", Stamps(None, "2018-03-20 13:00 GMT+8", None), id="share-2018"),
        pytest.param("World", Stamps("World", None, None), id="no-time"),
        pytest.param("", Stamps(None, None, None), id="empty"),
    ],
)
def test_read_stamps(text: str, stamps: Stamps) -> None:
    assert read_stamps(text) == stamps


def test_an_update_time_alone_is_the_publication_time() -> None:
    header = Header.of(read_stamps("Sports"), [read_stamps("By Li Ming Updated 21:42, 22-Sep-2023")])
    assert header == Header("Sports", "By Li Ming", "21:42, 22-Sep-2023", None)


def test_an_update_time_beside_a_publication_time_is_the_modification_time() -> None:
    header = Header.of(
        read_stamps("World 21:43, 03-Oct-2026"), [read_stamps("By Li Ming Updated 22:10, 03-Oct-2026")]
    )
    assert header == Header("World", "By Li Ming", "21:43, 03-Oct-2026", "22:10, 03-Oct-2026")


def page(header: str, content: str, head: str = "") -> bytes:
    return (
        f"<html lang='en'><head><title>T - CGTN</title>{head}</head><body>{header}"
        f"<div id='cmsMainContent'>{content}</div></body></html>"
    ).encode()


HEADER = "<div class='news-section-date'>World 21:43, 03-Oct-2026</div><div class='news-title'>Headline</div>"
TEXT = "<div class='text en'><p>One sentence of the story.</p></div>"


def record(body: bytes, url: str = GOLDEN_WEEK):
    return extract_record(body, url)


def test_the_section_word_is_the_section_and_never_a_byline() -> None:
    got = record(page(HEADER, TEXT))
    assert (got.section, got.byline, got.authors) == ("World", None, [])
    assert (got.datePublished, got.datePublishedRaw) == ("2026-10-03T21:43:00+08:00", "21:43, 03-Oct-2026")
    assert got.metadata["fieldSources"]["section"] == "layout"


def test_the_authors_line_may_carry_the_update_time() -> None:
    author = "<div class='news-author'>By <span class='news-author-name'>Li Ming</span> Updated 23:05, 03-Oct-2026</div>"
    got = record(page(HEADER + author, TEXT))
    assert (got.byline, got.authors, got.dateModified) == (
        "By Li Ming",
        [{"name": "Li Ming"}],
        "2026-10-03T23:05:00+08:00",
    )
    assert got.metadata["fieldSources"]["dateModified"] == "layout"


def test_the_author_line_is_the_outer_news_author_element_not_a_piece_inside_it() -> None:
    author = (
        "<div class='news-author'><div class='news-author-name'>By Li Ming</div>"
        "<div class='news-author-date'>Updated 23:05, 03-Oct-2026</div></div>"
    )
    got = record(page(HEADER + author, TEXT))
    assert (got.byline, got.authors, got.dateModified) == (
        "By Li Ming",
        [{"name": "Li Ming"}],
        "2026-10-03T23:05:00+08:00",
    )


def test_header_pieces_in_spans_and_classes_that_start_with_the_known_names() -> None:
    header = (
        "<div class='news-section-date-box'><span>World</span><span>21:43, 03-Oct-2026</span></div>"
        "<h1 class='news-title'>Headline</h1>"
        "<div class='news-author-date'><span>By</span><a>Li Ming</a><span>Updated 23:05, 03-Oct-2026</span></div>"
    )
    got = record(
        page(header, "<div class='text-en'><p>One.</p></div><div class='textContent en'><p>Two.</p></div>")
    )
    assert (got.headline, got.section, got.byline) == ("Headline", "World", "By Li Ming")
    assert (got.datePublished, got.dateModified) == ("2026-10-03T21:43:00+08:00", "2026-10-03T23:05:00+08:00")
    assert got.articleBody == "One.\nTwo."


def test_blocks_of_other_languages_or_plain_text_classes_are_no_body() -> None:
    content = TEXT + "<div class='text zh'><p>中文</p></div><div class='context'><p>Other.</p></div>"
    assert record(page(HEADER, content)).articleBody == "One sentence of the story."


def test_an_author_name_without_its_wrapper_is_the_byline() -> None:
    got = record(page(HEADER + "<span class='news-author-name'>Li Ming</span>", TEXT))
    assert (got.byline, got.authors) == ("Li Ming", [{"name": "Li Ming"}])


def test_a_stated_offset_is_kept() -> None:
    got = record(
        page(
            "<div class='news-section-date'>2026-10-03 13:00 GMT+0</div><div class='news-title'>H</div>", TEXT
        )
    )
    assert got.datePublished == "2026-10-03T13:00:00+00:00"  # the page's URL date too


def test_the_headline_falls_back_to_h1_then_to_the_title() -> None:
    assert record(page("<h1>From h1</h1>", TEXT)).headline == "From h1"
    assert record(page("", TEXT)).headline == "T"


# --- body: text blocks up to the source marker ----------------------------------------------------


def test_body_is_the_text_blocks_up_to_the_source_marker() -> None:
    content = (
        "<div class='text en'><p>First.</p><p>Second.</p></div>"
        "<div class='share-box'>Share this story</div>"  # text outside a text block
        "<div class='wrap'><div class='text en'><p>Third, in a wrapper.</p></div></div>"
        "<div id='sourceTextDiv'>Source(s): Xinhua</div>"
        "<div class='text en'><p>Search Trends</p></div>"
    )
    got = record(page(HEADER, content))
    assert got.articleBody == "First.\nSecond.\nThird, in a wrapper."
    assert (got.sourceAgency, got.metadata["fieldSources"]["sourceAgency"]) == ("Xinhua", "layout")


def test_a_source_marker_inside_a_wrapper_ends_the_body_too() -> None:
    content = (
        "<div class='text en'><p>First.</p></div><div><div class='sourceTextDiv'>Sources: AFP</div></div>"
        + TEXT
    )
    got = record(page(HEADER, content))
    assert (got.articleBody, got.sourceAgency) == ("First.", "AFP")


@pytest.mark.parametrize(
    ("marker", "agency"),
    [
        ("Source(s): Xinhua", "Xinhua"),
        ("Source(s) : Xinhua, AFP", "Xinhua, AFP"),
        ("source: CGTN", "CGTN"),
        ("Source(s)：Reuters", "Reuters"),
        ("Source(s): Xinhua, AFP,", "Xinhua, AFP"),  # a trailing separator is no part of the credit
        ("", None),
        ("Read more", None),
    ],
)
def test_the_source_markers_credit_is_the_source_agency(marker: str, agency: str | None) -> None:
    got = record(page(HEADER, TEXT + f"<div id='sourceTextDiv'>{marker}</div>"))
    assert got.sourceAgency == agency


def test_a_bylines_outlet_comes_before_the_source_marker() -> None:
    author = "<div class='news-author'>By Li Ming, Global Times</div>"
    got = record(page(HEADER + author, TEXT + "<div id='sourceTextDiv'>Source(s): Xinhua</div>"))
    assert (got.authors, got.sourceAgency) == ([{"name": "Li Ming"}], "Global Times")


@pytest.mark.parametrize(
    ("content", "body"),
    [
        pytest.param(
            TEXT + "<video src='/v.mp4'></video><div class='text en'><p>After the video.</p></div>",
            "One sentence of the story.\nAfter the video.",
            id="a-player-between-text-blocks",
        ),
        pytest.param(
            "<div class='wrap'>" + TEXT + "</div><div class='text en'><p>After the wrapper.</p></div>",
            "One sentence of the story.\nAfter the wrapper.",
            id="text-after-a-wrapper",
        ),
        pytest.param(
            TEXT + "<div class='a'><div class='b'><div id='sourceTextDiv'>Source(s): Xinhua</div></div></div>"
            "<div class='text en'><p>Search Trends</p></div>",
            "One sentence of the story.",
            id="a-marker-two-wrappers-deep",
        ),
    ],
)
def test_the_body_runs_over_players_and_wrappers_up_to_the_marker(content: str, body: str) -> None:
    assert record(page(HEADER, content)).articleBody == body


def test_an_image_without_an_address_is_no_image() -> None:
    got = record(page(HEADER, TEXT + "<div class='cmsImage'><img alt='lazy'><img src='/1.jpeg'></div>"))
    assert got.images == [{"url": "http://news.cgtn.com/1.jpeg", "caption": None}]


def test_a_text_block_of_br_lines_gives_one_paragraph_a_line() -> None:
    got = record(page(HEADER, "<div class='text en'>One.<br><br>Two <b>bold</b>.<br>Three.</div>"))
    assert got.articleBody == "One.\nTwo bold.\nThree."


def test_image_blocks_give_images_with_their_text_as_caption_and_video_blocks_nothing() -> None:
    content = (
        TEXT
        + "<div class='cmsImage'><img data-src='/img/1.jpeg' src='/placeholder.png'><div>A crane. /CFP</div></div>"
        + "<div class='cmsVideo'><video src='/v.mp4'></video><p>Video caption</p></div>"
        + "<div class='cmsVideo'><script>player()</script><img src='/poster.jpg'></div>"
        + "<figure><img src='https://cdn.example/2.jpeg'><figcaption>Geese.</figcaption></figure>"
        + "<div class='cmsImage'><img src='/3.jpeg'></div>"
        + "<div class='text en'><p style='text-align:center'><img src='/4.jpeg'></p><p style='text-align:center'>Inline caption.</p><p>After.</p></div>"
    )
    got = record(page(HEADER, content))
    assert got.articleBody == "One sentence of the story.\nAfter."
    assert got.images == [
        {"url": "http://news.cgtn.com/img/1.jpeg", "caption": "A crane. /CFP"},
        {"url": "https://cdn.example/2.jpeg", "caption": "Geese."},
        {"url": "http://news.cgtn.com/3.jpeg", "caption": None},
        {"url": "http://news.cgtn.com/4.jpeg", "caption": "Inline caption."},
    ]


def test_an_image_paragraph_outside_the_text_blocks_gives_its_image_and_caption_not_body_text() -> None:
    content = TEXT + "<p class='pic'><img src='/5.jpeg'>Harbour at dusk. /CGTN</p>"
    got = record(page(HEADER, content))
    assert got.articleBody == "One sentence of the story."
    assert got.images == [{"url": "http://news.cgtn.com/5.jpeg", "caption": "Harbour at dusk. /CGTN"}]


def test_an_amp_pages_header_logo_is_no_article_image() -> None:
    html = (
        b"<html amp><head><link rel='canonical' href='https://news.cgtn.com/news/2023-01-19/S-1gHiJkLmNoP/index.html'>"
        b"</head><body><header><amp-img src='/logo.png'></amp-img></header><article><h1>H</h1><div>By Sun Jie</div>"
        b"<div class='text en'><p>Text.</p></div><div><amp-img src='/1.jpeg'></amp-img><p>Cap.</p></div></article>"
        b"</body></html>"
    )
    got = record(html, "http://news.cgtn.com/news/2023-01-19/S-1gHiJkLmNoP/amp.html")
    assert got.images == [{"url": "http://news.cgtn.com/1.jpeg", "caption": "Cap."}]


def test_a_page_of_video_only_has_no_body() -> None:
    with pytest.raises(Rejected) as caught:
        record(page(HEADER, "<div class='cmsVideo'><video src='/v.mp4'></video></div>"))
    assert caught.value.reason == "empty_body"


# --- layouts ---------------------------------------------------------------------------------------


def test_an_amp_page_reads_the_lines_under_its_headline() -> None:
    html = (
        b"<html amp lang='en'><head><title>T - CGTN</title>"
        b"<link rel='canonical' href='https://news.cgtn.com/news/2023-01-19/Satellite-1gHiJkLmNoP/index.html'>"
        b"</head><body><article><h1>Satellite</h1>"
        b"<div>By Sun Jie</div><div>2023.01.19 00:06 GMT+8</div><div>Updated 2023.01.19 08:30 GMT+8</div>"
        b"<div class='text en'><p>Text.</p></div><div id='sourceTextDiv'>Source(s): CGTN</div>"
        b"<div class='text en'><p>Not the body.</p></div></article></body></html>"
    )
    got = record(html, "http://news.cgtn.com/news/2023-01-19/Satellite-1gHiJkLmNoP/amp.html")
    assert got.layout == "cgtn.LayoutAmp"
    assert (got.byline, got.datePublished, got.dateModified) == (
        "By Sun Jie",
        "2023-01-19T00:06:00+08:00",
        "2023-01-19T08:30:00+08:00",
    )
    assert (got.articleBody, got.sourceAgency, got.section) == ("Text.", "CGTN", None)


AMP_URL = "http://news.cgtn.com/news/2023-01-19/Satellite-1gHiJkLmNoP/amp.html"


def amp_page(article: str) -> bytes:
    return (
        "<html amp lang='en'><head><title>Satellite - CGTN</title>"
        "<link rel='canonical' href='https://news.cgtn.com/news/2023-01-19/Satellite-1gHiJkLmNoP/index.html'>"
        f"</head><body><article>{article}</article></body></html>"
    ).encode()


@pytest.mark.parametrize(
    "under_headline",
    [
        pytest.param(
            "<div>2023.01.19 00:06 GMT+8</div><div class='text en'><p>Text.</p></div>", id="text-block"
        ),
        pytest.param(
            "<!-- time --><div>2023.01.19 00:06 GMT+8</div><p>A standfirst.</p><div class='text en'><p>Text.</p></div>",
            id="comment-then-paragraph",
        ),
    ],
)
def test_an_amp_pages_header_lines_end_at_the_first_paragraph_or_text_block(under_headline: str) -> None:
    got = record(amp_page(f"<h1>Satellite</h1>{under_headline}"), AMP_URL)
    assert got.layout == "cgtn.LayoutAmp"
    assert (got.byline, got.authors, got.datePublished) == (None, [], "2023-01-19T00:06:00+08:00")
    assert got.articleBody.endswith("Text.")


def test_an_amp_page_without_a_source_marker_names_no_agency() -> None:
    got = record(
        amp_page("<h1>Satellite</h1><div>By Sun Jie</div><div class='text en'><p>Text.</p></div>"), AMP_URL
    )
    assert (got.byline, got.articleBody, got.sourceAgency) == ("By Sun Jie", "Text.", None)


def test_an_amp_page_without_its_headline_element_is_told_not_guessed() -> None:
    """The body is found from the headline: without an ``h1``, none is, and the page says so."""
    body = amp_page("<div>By Sun Jie</div><div class='text en'><p>Text.</p></div>")
    result = process_page(body, AMP_URL, None, with_links=False, assume_article=True)
    assert (result.layout, result.record, result.reason) == ("cgtn.LayoutAmp", None, "empty_body")


def test_the_layout_is_chosen_from_the_page() -> None:
    assert PORTAL.layout_for(parse_html(page(HEADER, TEXT).decode()), GOLDEN_WEEK).name == "Layout2017"
    amp = page(HEADER, TEXT, head=f"<link rel='canonical' href='{GOLDEN_WEEK}'>").decode()
    assert PORTAL.layout_for(parse_html(amp.replace("<html ", "<html amp ")), GOLDEN_WEEK).name == "LayoutAmp"


def test_another_publishers_amp_page_is_no_cgtn_amp_page() -> None:
    html = (
        "<html amp><head><link rel='canonical' href='https://news.example/a.html'></head>"
        "<body><h1>H</h1><div class='text en'><p>T.</p></div></body></html>"
    )
    with pytest.raises(UnrecognisedLayout):
        PORTAL.layout_for(parse_html(html), None)


def test_a_page_in_no_layout_with_an_articles_evidence_is_read_generically() -> None:
    html = (
        "<html lang='en'><head><title>Live - CGTN</title><meta property='og:type' content='article'></head>"
        "<body><h1>Live</h1><article>"
        + "<p>"
        + "A sentence of live coverage. " * 12
        + "</p>" * 3
        + "</article></body></html>"
    ).encode()
    result = process_page(html, GOLDEN_WEEK, with_links=False)
    assert result.record is not None
    assert (result.record.layout, result.record.site, result.record.articleId) == (
        "generic",
        "cgtn",
        "1nGdE4aBcDe",
    )
    assert result.record.metadata["fallbackFrom"] == "cgtn"


def test_a_page_in_no_layout_without_evidence_is_not_guessed_at() -> None:
    result = process_page(b"<html><body><p>Short.</p></body></html>", GOLDEN_WEEK, with_links=False)
    assert (result.record, result.reason) == (None, "unrecognised_layout")


# --- lists -----------------------------------------------------------------------------------------


def most_read(path: str = "/most-read") -> bytes:
    panes = "".join(
        f"<div id='{pane}'>"
        + "".join(
            f"<div class='most-read-item-box'><div class='cg-title'><a href='{href}' data-time='{time}'>{title}</a></div></div>"
            for href, time, title in entries
        )
        + "</div>"
        for pane, entries in (
            (
                "dayItems",
                [
                    (GOLDEN_WEEK, "1791022800000", "Golden Week"),
                    ("/news/Dateless-Xy7Kp2QmRt/index.html", "1713483900000", "Dateless"),
                ],
            ),
            ("weekItems", [(GOLDEN_WEEK, "1791022800", "Golden Week")]),
            ("allItems", [("/news/x-1nGdE4aBcDe/index.html", "soon", "Odd time")]),
            ("monthItems", []),
        )
    )
    return f"<html><head><title>Most Read - CGTN</title></head><body>{panes}</body></html>".encode()


def test_most_read_panes_are_ranked_lists_one_per_pane() -> None:
    result = process_page(most_read(), "http://www.cgtn.com/most-read")
    lists = {snapshot.listName: snapshot for snapshot in result.lists}
    assert list(lists) == [
        "Most Read (day)",
        "Most Read (week)",
        "Most Read (all)",
    ]  # the empty pane gives none
    day = lists["Most Read (day)"].items
    assert day == [
        {"rank": 1, "url": GOLDEN_WEEK, "title": "Golden Week", "articleId": "1nGdE4aBcDe"},
        {
            "rank": 2,
            "url": "http://www.cgtn.com/news/Dateless-Xy7Kp2QmRt/index.html",
            "title": "Dateless",
            "articleId": "Xy7Kp2QmRt",
        },
    ]
    assert all(invalid_reason(as_record(snapshot)) is None for snapshot in result.lists)


def test_most_read_entries_are_dated_by_their_data_time() -> None:
    result = process_page(most_read(), "http://www.cgtn.com/most-read")
    shown = {(found.via, found.link.url): found.shown_date for found in result.links if found.listed}
    assert shown[("Most Read (day)", "http://www.cgtn.com/news/Dateless-Xy7Kp2QmRt/index.html")] == date(
        2024, 4, 19
    )
    assert shown[("Most Read (week)", GOLDEN_WEEK)] == date(2026, 10, 3)  # epoch seconds
    assert shown[("Most Read (all)", "http://www.cgtn.com/news/x-1nGdE4aBcDe/index.html")] is None


def test_the_most_share_page_names_its_panes_so() -> None:
    result = process_page(most_read(), "http://www.cgtn.com/most-share")
    assert [s.listName for s in result.lists] == ["Most Share (day)", "Most Share (week)", "Most Share (all)"]


@pytest.mark.parametrize(
    ("data_time", "shown"),
    [
        ("1791034980000", "2026-10-03T21:43:00+08:00"),
        ("1791034980", "2026-10-03T21:43:00+08:00"),
        (" 1791034980000 ", "2026-10-03T21:43:00+08:00"),
        ("", None),
        (None, None),
        ("17910349800001234", None),
        ("2026-10-03", None),
    ],
)
def test_shown_time_of_data_time(data_time: str | None, shown: str | None) -> None:
    assert shown_time(data_time) == shown


def test_front_page_top_news_and_editors_pick() -> None:
    html = (
        "<html><head><title>CGTN | Breaking News</title></head><body>"
        f"<div class='topNews-item'><a href='{GOLDEN_WEEK}'><img alt='pic'></a>"
        f"<div class='topNews-item-content-title'><a href='{GOLDEN_WEEK}' data-time='1791022800000'>Golden Week</a></div></div>"
        "<div class='titleArea'><a href='javascript:void(0)'>x</a></div>"
        "<div class='titleArea'><a href='/news/2024-05-06/Museums-1jKlMnOpQrS/p.html'>Museums</a></div>"
        "</body></html>"
    ).encode()
    result = process_page(html, "http://www.cgtn.com/")
    lists = {s.listName: [item["articleId"] for item in s.items] for s in result.lists}
    assert lists == {"Top News": ["1nGdE4aBcDe"], "Editors' Pick": ["1jKlMnOpQrS"]}


def test_a_sections_cards_are_its_list_named_by_its_title_but_not_on_an_article_page() -> None:
    cards = "".join(
        f"<div class='cg-title'><h3><a href='/news/2024-05-06/S-{n}AbCdEfGh/index.html'>Story {n}</a></h3></div>"
        for n in (1, 2)
    )
    html = f"<html><head><title>Opinions - CGTN</title></head><body>{cards}</body></html>"
    listing = process_page(html.encode(), "http://www.cgtn.com/opinions")
    assert [(s.listName, len(s.items)) for s in listing.lists] == [("Opinions", 2)]
    article = process_page(page(HEADER, TEXT + cards), GOLDEN_WEEK)
    assert article.lists == []


# --- the fixture cases -----------------------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in cases(SITE) if c.is_error], ids=lambda case: case.name)
def test_error_cases_give_their_reason(case) -> None:
    with pytest.raises(Rejected) as caught:
        extract_record(case.html.read_bytes(), case.url)
    assert caught.value.reason == case.expected["error"]


def test_the_fixture_portal_covers_the_required_forms() -> None:
    """The forms the notes list for CGTN (§5, §9), each in at least one expected record."""
    records = [case.expected for case in record_cases(SITE)]
    assert len(records) >= 10
    assert {r["layout"] for r in records} == {"cgtn.Layout2017", "cgtn.LayoutAmp", "generic"}
    assert any(r["metadata"]["fallbackFrom"] == "cgtn" for r in records)
    hosts = {r["url"].split("/")[2] for r in records}
    assert hosts == {"news.cgtn.com", "newsaf.cgtn.com", "newseu.cgtn.com", "newsus.cgtn.com"}
    assert any("/news/20" not in r["url"] for r in records)  # the date-less URL era
    assert any(r["url"].endswith("/p.html") for r in records)
    raw = {r["datePublishedRaw"] for r in records}
    assert {"21:43, 03-Oct-2026", "2023.01.19 00:06 GMT+8", "2018-03-20 13:00 GMT+8"} <= raw
    assert any(r["section"] == "World" and r["byline"] is None for r in records)
    assert sum(bool(r["dateModified"]) for r in records) >= 2
    assert {"By Zhao Ning and Chen Yu", "By Thandiwe Mokoena in Johannesburg", "Ma Rui", None} <= {
        r["byline"] for r in records
    }
    assert any(r["images"] and all(i["caption"] for i in r["images"]) for r in records)
    assert any(r["sourceAgency"] and not r["byline"] for r in records)


# --- end to end ------------------------------------------------------------------------------------


def expected_urls() -> list[str]:
    return sorted(case.url for case in record_cases(SITE))


@pytest.fixture(scope="module")
def runs(fixture_server: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, CrawlRun]:
    found = {}
    for name, args in {
        "links": ("-a", "sources=links"),
        "sitemaps": ("-a", f"start_urls={INDEX}", "-a", "sources=sitemaps"),
        "all": (),
    }.items():
        before = len(fixture_server.requests)
        run = crawl(fixture_server.proxy_url, tmp_path_factory.mktemp(f"cgtn-{name}"), *args, spider=SITE)
        run.requests = fixture_server.requests[before:]
        found[name] = run
    return found


@pytest.mark.crawl
@pytest.mark.parametrize("name", ["links", "sitemaps", "all"])
def test_a_crawl_finds_every_article_exactly_once(runs, name: str) -> None:
    run = runs[name]
    assert_finished(run, fallbacks=1)  # the page in no known layout: the canary
    assert run.report["errors"] == 0
    assert sorted(r["url"] for r in run.articles) == expected_urls()
    assert_crawled_records_match_cases(run.articles, sites=(SITE,), spider=SITE)
    assert run.report["dropped"] == {"empty_body": 1}  # the video-only page
    assert run.report["fallbacks"] == {"cgtn": 1}
    assert run.report["layouts"] == {"cgtn.Layout2017": 11, "cgtn.LayoutAmp": 1, "generic": 1}
    fetched = Counter(served.url for served in run.requests)
    assert max(fetched.values()) == 1, "a page was fetched twice"
    assert all(served.status == 200 for served in run.requests)
    for record in run.articles + run.lists:
        assert invalid_reason(record) is None


@pytest.mark.crawl
def test_the_front_page_crawl_reaches_the_articles_through_the_lists(runs) -> None:
    run = runs["links"]
    via = {record["metadata"]["discoveredVia"] for record in run.articles}
    assert via <= {snapshot["listName"] for snapshot in run.lists}  # whichever list showed it first
    fetched = {served.url for served in run.requests}
    assert not any("sitemap" in url for url in fetched)


@pytest.mark.crawl
def test_the_sitemap_crawl_reads_the_index_its_news_sitemaps_and_the_yearly_archives(runs) -> None:
    run = runs["sitemaps"]
    fetched = {served.url for served in run.requests}
    sitemaps = {url.rsplit("/", 1)[1] for url in fetched if "sitemap" in url}
    assert sitemaps == {
        "sitemap.xml",
        "sitemap_latestnews.xml",
        "sitemap_news.xml",
        "sitemap_news_2.xml",
        "sitemap_archived_2024.xml",
        "sitemap_archived_2024_2.xml",
        "sitemap_archived_2023.xml",
        "sitemap_archived_2018.xml",
    }
    assert not fetched & {
        "http://www.cgtn.com/",
        "http://www.cgtn.com/world",
        "http://www.cgtn.com/most-read",
    }
    via = {record["metadata"]["discoveredVia"] for record in run.articles}
    assert via == {"news sitemap", "sitemap"}  # the 2018 archive gives no news: children
    assert run.lists == []
    assert run.report["badInput"] == {}


@pytest.mark.crawl
def test_most_read_snapshots_of_the_crawl(runs) -> None:
    run = runs["links"]
    assert_lean_lists(run.lists, run.report)
    by_name = {s["listName"]: s for s in run.lists if s["pageUrl"] == "http://www.cgtn.com/most-read"}
    assert list(by_name) == [f"Most Read ({span})" for span in ("day", "week", "month", "year", "all")]
    day = by_name["Most Read (day)"]["items"]
    assert [item["rank"] for item in day] == [1, 2, 3]
    assert day[2] == {
        "rank": 3,
        "url": GOLDEN_WEEK,
        "title": "Golden Week rail trips hit a record on the third day of the holiday",
        "articleId": "1nGdE4aBcDe",
    }
    assert [item["articleId"] for item in by_name["Most Read (all)"]["items"]] == [
        "3d3d514e7a45444e79457a6333566d54",
        "1mBcD4eFgHi",
        "1gHiJkLmNoP",
        "1jKlMnOpQrS",
        "Xy7Kp2QmRt",
        "1qRsTuVwXyZ",
    ]


@pytest.mark.crawl
@pytest.mark.parametrize("sources", ["links", "sitemaps"])
def test_since_bounds_the_crawl_by_data_time_and_publication_dates(
    fixture_server: FixtureServer, tmp_path: Path, sources: str
) -> None:
    before = len(fixture_server.requests)
    start = () if sources == "links" else ("-a", f"start_urls={INDEX}")
    run = crawl(
        fixture_server.proxy_url,
        tmp_path,
        "-a",
        "since=2026-01-01",
        "-a",
        f"sources={sources}",
        *start,
        spider=SITE,
    )
    fetched = {served.url for served in fixture_server.requests[before:]}
    assert run.returncode == 0, run.stderr[-2000:]
    assert sorted(r["articleId"] for r in run.articles) == [
        "1nGdE4aBcDe",
        "1nGdF7kLmNo",
        "1nHaB3cDeFg",
        "1nKpQ8rStUv",
    ]
    # the date-less newsus article is dated only by its list entries' data-time (links) or its sitemap entry
    assert not any("newsus" in url or ("/news/20" in url and "/news/2026" not in url) for url in fetched)


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
