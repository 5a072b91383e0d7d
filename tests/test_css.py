"""newscrawl.extract.css finds exactly what parsel's CSS finds, in the same order, on every fixture page."""

from __future__ import annotations

from pathlib import Path

import pytest
from parsel import Selector

from newscrawl.extract.css import compile_css, first, matches, select, simple_selectors, tag_matcher, text_of
from newscrawl.page import parse_html
from newscrawl.portals.peoples_daily import PORTAL, Layout2013, Layout2024
from tests.helpers import PORTAL_DIR

PAGES = sorted([*(PORTAL_DIR / "articles").glob("*.html"), *(PORTAL_DIR / "site").glob("*.html")])
SELECTORS = [
    PORTAL.list_block_css,  # a group of a dozen: matched in Python
    PORTAL.pagination_css,  # combinators and attributes: XPath
    PORTAL.list_heading_css,
    Layout2013.editor_css,
    Layout2013.headline_css,
    Layout2024.marker_css,
    "#p_content",
    "div#p_content",
    "p",
    "a.more, a[rel=next], div.page_n a",
    "div.nav a, div.footer",
]


def page(path: Path) -> Selector:
    """The page parsed as production parses it, with parsel's CSS over that same tree."""
    return Selector(root=parse_html(path.read_bytes().decode("utf-8", errors="replace")), type="html")


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.stem)
@pytest.mark.parametrize("css", SELECTORS)
def test_select_finds_what_parsel_finds(path: Path, css: str) -> None:
    sel = page(path)
    expected = [found.root for found in sel.css(css)]
    got = select(sel.root, css)
    assert len(got) == len(expected)
    assert all(a is b for a, b in zip(got, expected, strict=True))
    first_found = first(sel.root, css)
    assert (first_found is expected[0]) if expected else first_found is None


@pytest.mark.parametrize("path", PAGES[:8], ids=lambda path: path.stem)
def test_matches_agrees_with_select(path: Path) -> None:
    sel = page(path)
    css = "div.wb_4, div.wb_13, div.route, div.d2txtCon, ul"
    found = select(sel.root, css)
    for element in sel.root.iter("div", "ul", "p"):
        assert matches(element, css) == any(element is f for f in found)


def test_id_lookup_takes_the_first_of_a_repeated_id() -> None:
    sel = Selector(root=parse_html('<div id="x" class="one"></div><p><span id="x" class="two"></span></p>'))
    assert first(sel.root, "#x").get("class") == "one"
    assert first(sel.root, "span#x").get("class") == "two"  # the first #x is no <span>: walked
    assert [e.get("class") for e in select(sel.root, "#x")] == ["one", "two"]


def test_groups_of_one_tag_are_matched_in_python_and_others_as_xpath() -> None:
    assert tag_matcher(PORTAL.list_block_css) is not None
    assert tag_matcher("div.a, div.b") is None  # too few to beat one libxml2 walk
    assert tag_matcher("div.a, p.b, div.c, div.d, div.e, div.f") is None  # two tags
    assert simple_selectors("div.page_n a") is None
    assert "descendant-or-self::div[" in compile_css("div.a, div.b").path  # one walk for both


def test_pseudo_elements_are_refused() -> None:
    with pytest.raises(ValueError, match="pseudo-elements"):
        compile_css("a::attr(href)")


# Every shape of selector the fast paths handle, on a page that has each near miss: a class on the
# wrong tag, an id with and without the class asked for, an element with two classes, a repeated id.
SHAPES_PAGE = """<html><body>
<div class="a">a</div><p class="a">p.a</p><div class="a b">a b</div><div class="b">b</div>
<div id="x" class="c">x.c</div><div id="y">y</div><span id="y" class="c">span y.c</span>
<div class="c d e f g h">many</div><div class="z">z</div><div>bare</div><p id="x">p x</p>
<section><div id="w" class="a">w.a</div></section>
</body></html>"""
SHAPES = [
    "div.a, div.b, div.c, div.d, div.e, div.f",  # classes only: one set test per element
    "div#x, div#y, div.a, div.b, div.g, div.h",  # ids among them
    "div.a.b, div.c, div.d, div.e, div.f, div.g",  # two classes in one selector
    "div#x.c, div#y.c, div.q, div.r, div.s, div.t",  # id and class together
    "div#x.q, div.q, div.r, div.s, div.t, div.u",  # an id whose holder lacks the class
    "div, div.a, div.b, div.c, div.d, div.e",  # a bare tag: every div
    "div#x.c, div#y.c, div#w.a, div#v.b, div#u.d, div#t.e",  # every one an id and a class
    "div.a.b, div.c.d, div.e.f, div.g.h, div.i.j, div.k.l",  # every one two classes
    "div.a, div.b, div.d, div.e, div.f, div#x.a.b",  # one class each, and one of id and two classes
    "div.z",
    "div#x",
    "#y",
    "#y.c",
    "span#y",
    "#nothing",
    "#nothing, p",
    "#y, div.z",
]


@pytest.mark.parametrize("css", SHAPES)
def test_fast_paths_find_what_parsel_finds_on_every_selector_shape(css: str) -> None:
    sel = Selector(root=parse_html(SHAPES_PAGE), type="html")
    expected = [found.root for found in sel.css(css)]
    assert [e.text for e in select(sel.root, css)] == [e.text for e in expected]
    first_found = first(sel.root, css)
    assert (first_found is expected[0]) if expected else first_found is None
    for element in sel.root.iter():
        assert matches(element, css) == any(element is e for e in expected), element.text


def test_an_id_outside_the_element_searched_is_not_found() -> None:
    root = parse_html(SHAPES_PAGE)
    section = root.find(".//section")
    assert first(section, "#x") is None
    assert first(section, "#w").text == "w.a"


def test_text_of_an_empty_element_is_empty() -> None:
    assert text_of(parse_html("<p></p>").find(".//p")) == ""
