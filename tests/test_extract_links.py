"""Named link lists read off a page: names, entries, what is left out, and the date shown beside a link."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from newscrawl.extract.links import ListLink, UrlJoiner, find_lists
from newscrawl.page import parse_html

BASE = "http://en.people.cn/90777/index.html"


def lists_of(
    body: str, skip_css: str = "div.page_n, a.more", untitled: str = ""
) -> list[tuple[str, list[ListLink]]]:
    root = parse_html(f"<html><body>{body}</body></html>")
    return [
        (found.name, found.links) for found in find_lists(root, BASE, "div.box", "h2", skip_css, untitled)
    ]


def test_a_block_is_named_by_its_heading_and_lists_its_links_in_order() -> None:
    body = """<div class="box"><h2><a href="/90777/">Latest News:</a></h2>
      <a href="/n3/a.html">First</a><span>2024-09-27 10:32</span>
      <a href="b.html">Second</a><em>Sept 26</em>
      <a href="http://en.people.cn/c.html">Third</a><i>not a date</i>
      <a href="/d.html">Fourth</a><span></span></div>"""
    assert lists_of(body) == [
        (
            "Latest News",
            [
                ListLink("http://en.people.cn/n3/a.html", "First", "2024-09-27 10:32"),
                ListLink("http://en.people.cn/90777/b.html", "Second", "Sept 26"),
                ListLink("http://en.people.cn/c.html", "Third", None),
                ListLink("http://en.people.cn/d.html", "Fourth", None),
            ],
        )
    ]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        pytest.param(
            '<a href="/a.html"><img src="a.jpg"></a><a href="/a.html">Story</a>',
            [ListLink("http://en.people.cn/a.html", "Story")],
            id="image-link-then-text-link-one-entry",
        ),
        pytest.param(
            '<a href="/a.html">Story</a><a href="/a.html">Again</a>',
            [ListLink("http://en.people.cn/a.html", "Story")],
            id="first-title-kept",
        ),
        pytest.param(
            '<a href="/a.html"><img src="a.jpg" alt="From the alt"></a>',
            [ListLink("http://en.people.cn/a.html", "From the alt")],
            id="image-alt-as-title",
        ),
        pytest.param(
            '<a href="/a.html#comments">Story</a><a href="/a.html">Story</a>',
            [ListLink("http://en.people.cn/a.html", "Story")],
            id="fragment-dropped",
        ),
        pytest.param(
            '<a href="#top">Top</a><a href="javascript:void(0)">Share</a><a href="mailto:a@b.c">Mail</a>'
            '<a href=" ">Blank</a><a>No href</a><a href="/a.html">Story</a>',
            [ListLink("http://en.people.cn/a.html", "Story")],
            id="non-links-skipped",
        ),
        pytest.param(
            '<a href="/a.html">Story</a><div class="page_n"><a href="index2.html">2</a></div>'
            '<a class="more" href="/more.html">More</a><a href="/b.html">Other</a>',
            [
                ListLink("http://en.people.cn/a.html", "Story"),
                ListLink("http://en.people.cn/b.html", "Other"),
            ],
            id="pagination-and-more-skipped",
        ),
    ],
)
def test_entries(links: str, expected: list[ListLink]) -> None:
    assert lists_of(f'<div class="box"><h2>News</h2>{links}</div>') == [("News", expected)]


def test_a_block_without_heading_takes_the_untitled_name_or_is_left_out() -> None:
    body = '<div class="box"><a href="/a.html">Story</a></div><div class="box"><h2>Named</h2></div>'
    assert lists_of(body, untitled="World") == [
        ("World", [ListLink("http://en.people.cn/a.html", "Story")]),
        ("Named", []),
    ]
    assert lists_of(body) == [("Named", [])]


def test_a_block_with_an_empty_heading_is_left_out_and_the_next_kept() -> None:
    body = '<div class="box"><h2> </h2><a href="/a.html">A</a></div><div class="box"><h2>B</h2><a href="/b.html">B</a></div>'
    assert lists_of(body, untitled="World") == [("B", [ListLink("http://en.people.cn/b.html", "B")])]


def test_without_skip_selector_every_link_is_an_entry() -> None:
    body = '<div class="box"><h2>News</h2><a href="/a.html">A</a><div class="page_n"><a href="/2.html">2</a></div></div>'
    assert lists_of(body, skip_css="") == [
        ("News", [ListLink("http://en.people.cn/a.html", "A"), ListLink("http://en.people.cn/2.html", "2")])
    ]


@pytest.mark.parametrize(
    "href",
    [
        "//www.chinadaily.com.cn/china/society",
        "//img2.chinadaily.com.cn/images/202403/12/x.jpeg?w=600#top",
        "//host",
        "//host/a/./b",
        "///path",
        "//",
        "//host/a b",
        "/root-relative",
        "/with space",
        "relative/page.html",
    ],
)
def test_protocol_relative_links_join_as_urljoin_joins_them(href: str) -> None:
    """China Daily writes every link as ``//host/path``: the joiner's fast path gives urljoin's answer."""
    for base in (
        "http://www.chinadaily.com.cn/a/202403/12/WS65efa0b4a31082fc043bc2d7.html",
        "https://x.example/",
    ):
        assert UrlJoiner(base)(href) == urljoin(base, href)
