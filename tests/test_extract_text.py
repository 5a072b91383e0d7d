"""Whitespace, heading and keyword normalisation (docs/record.md: articleBody, listName, keywords)."""

import pytest

from newscrawl.extract.css import text_of
from newscrawl.extract.text import clean_or_none, clean_text, heading_name, split_at_breaks, split_keywords
from newscrawl.page import parse_html

CLEAN = [
    pytest.param("China eyes cyber security", "China eyes cyber security", id="plain"),
    pytest.param("  padded  ", "padded", id="trim"),
    pytest.param("a   b", "a b", id="run-of-spaces"),
    pytest.param("a\u00a0b", "a b", id="nbsp"),
    pytest.param("a\u00a0\u00a0 b", "a b", id="nbsp-run-with-space"),
    pytest.param("\u00a0lead and trail\u00a0", "lead and trail", id="nbsp-trim"),
    pytest.param("a\u3000b", "a b", id="ideographic-space"),
    pytest.param("\u3000\u3000Indented paragraph", "Indented paragraph", id="ideographic-indent"),
    pytest.param("a\u2009b", "a b", id="thin-space"),
    pytest.param("a\u202fb", "a b", id="narrow-nbsp"),
    pytest.param("a\u200ab", "a b", id="hair-space"),
    pytest.param("a\u2002b\u2003c", "a b c", id="en-em-spaces"),
    pytest.param("a\u205fb", "a b", id="math-space"),
    pytest.param("a\u1680b", "a b", id="ogham-space"),
    pytest.param("a\u2028b\u2029c", "a b c", id="line-paragraph-separators"),
    pytest.param("Yao\u200bChun", "YaoChun", id="zero-width-space"),
    pytest.param("a\u200cb\u200dc", "abc", id="zero-width-joiners"),
    pytest.param("a\u2060b", "ab", id="word-joiner"),
    pytest.param("\ufeffBOM first", "BOM first", id="bom"),
    pytest.param("a \u200b b", "a b", id="zero-width-between-spaces"),
    pytest.param("a\tb", "a b", id="tab"),
    pytest.param("a\nb", "a b", id="newline"),
    pytest.param("line one\r\n\r\n\tline two", "line one line two", id="crlf-and-tab"),
    pytest.param("Editor:YaoChun、Gao Yinan", "Editor:YaoChun、Gao Yinan", id="ideographic-comma-kept"),
    pytest.param("People’s Daily", "People’s Daily", id="curly-apostrophe-kept"),
    pytest.param("", "", id="empty"),
    pytest.param(None, "", id="none"),
    pytest.param(" \u00a0\u3000\t\n\u200b", "", id="only-spaces"),
]


@pytest.mark.parametrize(("text", "expected"), CLEAN)
def test_clean_text(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(" a\u00a0 b ", "a b", id="text"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="none"),
        pytest.param(" \u00a0\u3000\n", None, id="spaces-only"),
        pytest.param("\u200b", None, id="zero-width-only"),
        pytest.param("0", "0", id="zero-is-text"),
    ],
)
def test_clean_or_none(text, expected):
    assert clean_or_none(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Most Popular", "Most Popular", id="plain"),
        pytest.param("What’s happening in China", "What's happening in China", id="curly-apostrophe"),
        pytest.param("‘Selections’ for you", "'Selections' for you", id="curly-single-quotes"),
        pytest.param("Latest News:", "Latest News", id="trailing-colon"),
        pytest.param("Latest News :", "Latest News", id="space-colon"),
        pytest.param("Latest News：", "Latest News", id="fullwidth-colon"),
        pytest.param("  Related\u00a0Stories \n", "Related Stories", id="whitespace"),
        pytest.param("Time: 10:32", "Time: 10:32", id="inner-colon-kept"),
        pytest.param("Generation X:", "Generation X", id="only-colons-and-spaces-stripped"),
        pytest.param("", "", id="empty"),
        pytest.param(None, "", id="none"),
    ],
)
def test_heading_name(text, expected):
    assert heading_name(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("cyber security,China", ["cyber security", "China"], id="comma"),
        pytest.param("cyber security, China ,US", ["cyber security", "China", "US"], id="comma-spaces"),
        pytest.param("cyber security，China", ["cyber security", "China"], id="fullwidth-comma"),
        pytest.param("cyber security;China", ["cyber security", "China"], id="semicolon"),
        pytest.param("cyber security；China", ["cyber security", "China"], id="fullwidth-semicolon"),
        pytest.param("a,b;c，d", ["a", "b", "c", "d"], id="mixed"),
        pytest.param("China,US,China", ["China", "US"], id="duplicates-first-kept"),
        pytest.param("China, China ,China", ["China"], id="duplicates-after-trim"),
        pytest.param("a,,b, ,", ["a", "b"], id="blanks"),
        pytest.param("cyber\u00a0 security", ["cyber security"], id="inner-whitespace"),
        pytest.param("B,A", ["B", "A"], id="order-kept"),
        pytest.param("China", ["China"], id="single"),
        pytest.param("", [], id="empty"),
        pytest.param(" , ", [], id="only-separators"),
        pytest.param(None, [], id="none"),
    ],
)
def test_split_keywords(value, expected):
    assert split_keywords(value) == expected


# --- bodies written with <br> --------------------------------------------------------------------


def lines_of(inner: str) -> list[str]:
    container = parse_html(f"<html><body><div id='body'>{inner}</div></body></html>").find(".//div")
    return [clean_text(text_of(line)) for line in split_at_breaks(container)]


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        pytest.param("One.<br>Two.<br/><br>Three.", ["One.", "Two.", "Three."], id="breaks"),
        pytest.param("a<!-- <br> -->b<br>c", ["ab", "c"], id="commented-break-is-no-break"),
        pytest.param(
            "<b>One</b> and<!-- x --> a half.<!-- y --> Still.<br>Two.",
            ["One and a half. Still.", "Two."],
            id="comments-after-inline-markup",
        ),
        pytest.param(
            "<!-- intro -->Only.<br><b>Bold</b><!-- x --> after.",
            ["Only.", "Bold after."],
            id="comment-first",
        ),
        pytest.param(
            "One.<div class='ad'>Buy now</div> still one.<br>Two.",
            ["One. still one.", "Two."],
            id="ad-div-is-no-line",
        ),
        pytest.param(
            "<b>Bold</b> start.<br><a href='/x'>Link</a> here.",
            ["Bold start.", "Link here."],
            id="inline-markup-kept",
        ),
        pytest.param("One.<script>var a = '<br>';</script><br>Two.", ["One.", "Two."], id="script-left-out"),
        pytest.param("<br><br>  <br>Only.", ["Only."], id="empty-lines-dropped"),
        pytest.param(
            "<font>One.<br>Two.</font><br>Three.",
            ["One.", "Two.", "Three."],
            id="breaks-inside-inline-markup",
        ),
        pytest.param(
            "<b>One, <i>still<br>two</i></b>, two.", ["One, still", "two, two."], id="breaks-nested-twice"
        ),
    ],
)
def test_a_br_body_is_split_by_walking_its_tree(inner: str, expected: list[str]) -> None:
    assert lines_of(inner) == expected


def test_a_br_body_gives_one_p_element_per_line() -> None:
    container = parse_html("<div>One.<br><b>Two</b>.</div>").find(".//div")
    assert [line.tag for line in split_at_breaks(container)] == ["p", "p"]


def test_a_br_body_keeps_its_images_in_their_line() -> None:
    container = parse_html("<div><img src='/a.jpg'><br>Caption.<br>Text.</div>").find(".//div")
    lines = split_at_breaks(container)
    assert [img.get("src") for img in lines[0].iter("img")] == ["/a.jpg"]
    assert container.find("img") is not None  # the page's own tree is left as it was


def test_blocks_are_lines_of_their_own_and_keep_their_class() -> None:
    container = parse_html(
        "<div>One.<p>Two.</p>Three.<div class='picture' style='x'><img src='/a.jpg'><br>Cap.</div>Four.</div>"
    ).find(".//div")
    lines = split_at_breaks(container, blocks=lambda e: e.tag == "p" or e.get("class") == "picture")
    assert [clean_text(text_of(line)) for line in lines] == ["One.", "Two.", "Three.", "", "Cap.", "Four."]
    assert [line.get("class") for line in lines] == [None, None, None, "picture", "picture", None]
    assert lines[3].find("img") is not None
    assert lines[4].get("style") == "x"


def test_skipped_elements_leave_only_their_tails() -> None:
    container = parse_html("<div>One.<span class='card'>Bio.<br>More.</span> still one.<br>Two.</div>").find(
        ".//div"
    )
    lines = split_at_breaks(container, skip=lambda e: e.get("class") == "card")
    assert [clean_text(text_of(line)) for line in lines] == ["One. still one.", "Two."]


def test_without_blocks_a_div_is_still_no_line() -> None:
    container = parse_html("<div>One.<div><p>Ad.</p></div><p>Kept in its line.</p></div>").find(".//div")
    assert [clean_text(text_of(line)) for line in split_at_breaks(container)] == ["One.Kept in its line."]
