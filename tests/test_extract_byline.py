"""Editor lines, bylines and wire datelines as real portals print them (portals notes §1.2, §1.4, §6, §7)."""

from datetime import date

import pytest

from newscrawl.extract.byline import (
    GENERIC_VOCABULARY,
    Byline,
    Dateline,
    Origin,
    find_editor_line,
    looks_like_person,
    name_case,
    origin_times,
    parse_byline,
    parse_editors,
    split_dateline,
    split_origin,
    time_label,
)
from newscrawl.portals.peoples_daily import PORTAL

# People's Daily's bylines credit Chinese media the generic vocabulary does not know.
PD = PORTAL.byline_vocabulary

# --- editor lines ------------------------------------------------------------------------------

EDITOR_LINES = [
    # (editor line as shown, names as written)
    pytest.param("(Editor:YaoChun、Gao Yinan)", ["YaoChun", "Gao Yinan"], id="pd-2013-ideographic-comma"),
    pytest.param(
        "(Web editor: Zhang Wenjie, Wu Chengliang)",
        ["Zhang Wenjie", "Wu Chengliang"],
        id="pd-2024-web-editor",
    ),
    pytest.param("(Editor : A/B)", ["A", "B"], id="space-before-colon-slash"),
    pytest.param("(Editor :Chen Lidan)", ["Chen Lidan"], id="space-before-colon-only"),
    pytest.param("(Editor:Liang Jun)", ["Liang Jun"], id="single"),
    pytest.param("(Editor: Li Ming，Wang Fang)", ["Li Ming", "Wang Fang"], id="fullwidth-comma"),
    pytest.param("(Editor: Li Ming and Wang Fang)", ["Li Ming", "Wang Fang"], id="and"),
    pytest.param("(Editor: Sandy Anderson)", ["Sandy Anderson"], id="and-inside-a-word-does-not-split"),
    pytest.param("(Editors: Li Ming, Wang Fang)", ["Li Ming", "Wang Fang"], id="plural"),
    pytest.param("(editor: Li Ming)", ["Li Ming"], id="lowercase-prefix"),
    pytest.param("（Editor：YaoChun、Gao Yinan）", ["YaoChun", "Gao Yinan"], id="fullwidth-parens-and-colon"),
    pytest.param("(Editor:\u00a0YaoChun、Gao\u00a0Yinan)", ["YaoChun", "Gao Yinan"], id="nbsp"),
    pytest.param("(Editor: Li Ming, Li Ming)", ["Li Ming"], id="duplicate-once"),
    pytest.param("(Editor: Li Ming, )", ["Li Ming"], id="trailing-separator"),
    pytest.param("Editor  : Huang Fang", ["Huang Fang"], id="ecns-bare-odd-spacing"),
    pytest.param("Editor: Gu Liping", ["Gu Liping"], id="ecns-2018-bare"),
    pytest.param("Editor: Gu Liping.", ["Gu Liping"], id="closing-full-stop"),
    pytest.param("Editor: ChangjuanGu", ["ChangjuanGu"], id="cctv-spaceless-name"),
    pytest.param("(责编：牛镛、岳弘彬)", ["牛镛", "岳弘彬"], id="chinese-zebian"),
    pytest.param("责任编辑：张樵苏", ["张樵苏"], id="chinese-zerenbianji"),
]


@pytest.mark.parametrize(("line", "names"), EDITOR_LINES)
def test_parse_editors(line, names):
    assert parse_editors(line) == names


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
        pytest.param("Email|Print|Comments", id="share-line-only"),
        pytest.param("(Xinhua)", id="source-not-editor"),
        pytest.param("The editor said nothing.", id="prose-with-editor-word"),
        pytest.param("(Editor:)", id="prefix-without-names"),
    ],
)
def test_parse_editors_without_editor(line):
    assert parse_editors(line) == []


FOUND_EDITOR_LINES = [
    # (text of the element or paragraph, the editor line exactly as shown)
    pytest.param("(Editor:YaoChun、Gao Yinan)", "(Editor:YaoChun、Gao Yinan)", id="alone"),
    pytest.param(
        "Email|Print|Comments(Editor:YaoChun、Gao Yinan)",
        "(Editor:YaoChun、Gao Yinan)",
        id="pd-2013-share-line",
    ),
    pytest.param(
        "Email | Print | Comments (Editor:YaoChun、Gao Yinan)",
        "(Editor:YaoChun、Gao Yinan)",
        id="share-line-spaced",
    ),
    pytest.param(
        "(Web editor: Zhang Wenjie, Wu Chengliang)",
        "(Web editor: Zhang Wenjie, Wu Chengliang)",
        id="pd-2024-web-editor",
    ),
    pytest.param(
        "Tourism grew. (Web editor: Zhang Wenjie, Wu Chengliang) Photos Related Stories",
        "(Web editor: Zhang Wenjie, Wu Chengliang)",
        id="inside-longer-text",
    ),
    pytest.param("(Editor : A/B)", "(Editor : A/B)", id="space-before-colon"),
    pytest.param("(Editor :Chen Lidan)", "(Editor :Chen Lidan)", id="space-before-colon-only"),
    pytest.param("（Editor：YaoChun、Gao Yinan）", "（Editor：YaoChun、Gao Yinan）", id="fullwidth-parens"),
    pytest.param("(责编：牛镛、岳弘彬)", "(责编：牛镛、岳弘彬)", id="chinese-zebian"),
    pytest.param("Editor: Huang Fang", "Editor: Huang Fang", id="bare"),
    pytest.param(
        "2026-10-03 09:34:32 | Xinhua | Editor  : Huang Fang", "Editor : Huang Fang", id="ecns-downinfo"
    ),
]


@pytest.mark.parametrize(("text", "line"), FOUND_EDITOR_LINES)
def test_find_editor_line(text, line):
    assert find_editor_line(text) == line


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
        pytest.param("Email|Print|Comments", id="share-line-only"),
        pytest.param("By Zhang Mengxu (People's Daily)", id="byline"),
        pytest.param("The editor said the paper would correct it.", id="prose-with-editor-word"),
        pytest.param("(Photo by Wang Jianmin/People's Daily Online)", id="photo-credit"),
    ],
)
def test_find_editor_line_absent(text):
    assert find_editor_line(text) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        pytest.param(
            "Email|Print|Comments(Editor:YaoChun、Gao Yinan)", ["YaoChun", "Gao Yinan"], id="pd-2013"
        ),
        pytest.param(
            "Tourism grew. (Web editor: Zhang Wenjie, Wu Chengliang) Photos",
            ["Zhang Wenjie", "Wu Chengliang"],
            id="pd-2024",
        ),
        pytest.param("2026-10-03 09:34:32 | Xinhua | Editor  : Huang Fang", ["Huang Fang"], id="ecns"),
        pytest.param("Email|Print|Comments", [], id="none"),
    ],
)
def test_editors_from_found_line(text, names):
    assert parse_editors(find_editor_line(text)) == names


# --- bylines -----------------------------------------------------------------------------------

BYLINES = [
    # Every form in portals notes §1.4.
    pytest.param(
        "By Zhang Mengxu (People's Daily)", ("Zhang Mengxu",), "People's Daily", id="name-parens-outlet"
    ),
    pytest.param(
        "By Zhong Sheng, People's Daily", ("Zhong Sheng",), "People's Daily", id="name-comma-outlet"
    ),
    pytest.param(
        "By Zhong Sheng,People's Daily", ("Zhong Sheng",), "People's Daily", id="name-comma-no-space-outlet"
    ),
    pytest.param(
        "By Wang Xinping, Bai Yang, Zhang Penghui, People's Daily",
        ("Wang Xinping", "Bai Yang", "Zhang Penghui"),
        "People's Daily",
        id="three-authors-outlet",
    ),
    pytest.param("By Zhong Sheng", ("Zhong Sheng",), None, id="pen-name-only"),
    pytest.param("By People's Daily", (), "People's Daily", id="outlet-only"),
    pytest.param(
        "By Jiang Bo, Vice President of International Council on Monuments and Sites",
        ("Jiang Bo",),
        None,
        id="title-after-name",
    ),
    pytest.param("(Xinhua)", (), "Xinhua", id="xinhua-parens"),
    pytest.param("(People's Daily Online)", (), "People's Daily Online", id="pdo-parens"),
    pytest.param("(Global Times)", (), "Global Times", id="gt-parens"),
    pytest.param(
        "By Wen Sheng (People's Daily Online)", ("Wen Sheng",), "People's Daily Online", id="pd-2011-name-pdo"
    ),
    # Variants real portals print that the fixtures do not hold.
    pytest.param(
        "By Li Ming and Wang Fang (China Daily)",
        ("Li Ming", "Wang Fang"),
        "China Daily",
        id="and-parens-outlet",
    ),
    pytest.param(
        "By ZHAO YINAN and WANG XING", ("Zhao Yinan", "Wang Xing"), None, id="china-daily-print-caps"
    ),
    pytest.param(
        "By Mei Xinyu, researcher with the Ministry of Commerce", ("Mei Xinyu",), None, id="lowercase-title"
    ),
    pytest.param("By Li Ming in Beijing", ("Li Ming",), None, id="in-place"),
    pytest.param(
        "By Li Ming in Beijing and Wang Fang in Shanghai", ("Li Ming", "Wang Fang"), None, id="in-place-twice"
    ),
    pytest.param(
        "By Chen Weihua in Washington (China Daily)", ("Chen Weihua",), "China Daily", id="in-place-outlet"
    ),
    pytest.param("Source: Xinhua", (), "Xinhua", id="source-prefix"),
    pytest.param("By Liu Zhun, Global Times", ("Liu Zhun",), "Global Times", id="gt-comma-outlet"),
    pytest.param("By Li Ming (Xinhua)", ("Li Ming",), "Xinhua", id="name-xinhua"),
    pytest.param(
        "By Wang Xinping, Bai Yang and Zhang Penghui, People's Daily",
        ("Wang Xinping", "Bai Yang", "Zhang Penghui"),
        "People's Daily",
        id="comma-and-list",
    ),
    pytest.param("By Li Ming、Wang Fang", ("Li Ming", "Wang Fang"), None, id="ideographic-comma"),
    pytest.param(
        "By Zhang Mengxu, People’s Daily", ("Zhang Mengxu",), "People’s Daily", id="curly-apostrophe"
    ),
    pytest.param("BY ZHONG SHENG", ("Zhong Sheng",), None, id="caps-by"),  # written as names are
    pytest.param("by Zhong Sheng", ("Zhong Sheng",), None, id="lowercase-by"),
    pytest.param("Written by Li Ming", ("Li Ming",), None, id="written-by"),
    pytest.param(
        "By\u00a0Zhang\u00a0Mengxu  (People's Daily) ", ("Zhang Mengxu",), "People's Daily", id="nbsp"
    ),
    pytest.param("Xinhua", (), "Xinhua", id="bare-agency"),
    pytest.param("By Li Ming, chinadaily.com.cn", ("Li Ming",), "chinadaily.com.cn", id="domain-outlet"),
    pytest.param("Source:Xinhua", (), "Xinhua", id="cctv-source-no-space"),
    pytest.param("By Mary O'Neil and Li Ming", ("Mary O'Neil", "Li Ming"), None, id="apostrophe-in-name"),
    pytest.param(
        "By Li Ming in New York (China Daily)", ("Li Ming",), "China Daily", id="two-word-place-outlet"
    ),
    pytest.param("By Li Ming, Xinhua", ("Li Ming",), "Xinhua", id="name-comma-agency"),
    pytest.param("From Xinhua", (), "Xinhua", id="from-prefix"),
    # China Daily's info line: "By <Name>[ in <City>] | <Outlet>" (notes §3).
    pytest.param("By Zhang San | China Daily", ("Zhang San",), "China Daily", id="china-daily-pipe"),
    pytest.param(
        "By Chen Weihua in Washington | China Daily",
        ("Chen Weihua",),
        "China Daily",
        id="china-daily-pipe-in-place",
    ),
    pytest.param("By Xinhua, Li Ming and Wang Fang", ("Li Ming", "Wang Fang"), "Xinhua", id="outlet-first"),
    pytest.param("By Li Ming, , Wang Fang", ("Li Ming", "Wang Fang"), None, id="empty-segment"),
    # Global Times (notes §4, §9): the source after the people, "By:", places joined with "and".
    pytest.param("By Li Qiao Source:Global Times", ("Li Qiao",), "Global Times", id="gt-source-after"),
    pytest.param(
        "By Chen Xi and Wang Qiang Source: Global Times",
        ("Chen Xi", "Wang Qiang"),
        "Global Times",
        id="gt-two-source-after",
    ),
    pytest.param("By Li Qiao | Source: Xinhua", ("Li Qiao",), "Xinhua", id="pipe-source-after"),
    pytest.param("By: Global Times", (), "Global Times", id="gt-by-colon"),
    pytest.param("Source: Global Times - Xinhua", (), "Global Times - Xinhua", id="gt-combined-source"),
    pytest.param(
        "By Liu Xin in Kashi and Turpan and Tu Lei in Hotan",
        ("Liu Xin", "Tu Lei"),
        None,
        id="places-joined-by-and",
    ),
    pytest.param("By Liu Xin in Kashi and Turpan", ("Liu Xin",), None, id="one-word-place-after-place"),
    pytest.param(
        "By Li Ming in Beijing and Wang Fang", ("Li Ming", "Wang Fang"), None, id="person-after-place"
    ),
    pytest.param(
        "By Li Ming and Wang Fang in Beijing and Shanghai and Zhao Lei in Hotan",
        ("Li Ming", "Wang Fang", "Zhao Lei"),
        None,
        id="people-before-places",
    ),
    pytest.param("", (), None, id="empty"),
    pytest.param(None, (), None, id="none"),
]


@pytest.mark.parametrize(("text", "authors", "outlet"), BYLINES)
def test_parse_byline(text, authors, outlet):
    assert parse_byline(text, PD) == Byline(authors, outlet)


# --- datelines ---------------------------------------------------------------------------------

DATELINES = [
    # (paragraph, publication date, place, dateline date, agency, raw, remaining text)
    pytest.param(
        "BEIJING, April 24 (Xinhua) -- China on Wednesday said it is willing to work with the US.",
        date(2013, 4, 25),
        "BEIJING",
        date(2013, 4, 24),
        "Xinhua",
        "BEIJING, April 24 (Xinhua) --",
        "China on Wednesday said it is willing to work with the US.",
        id="seed-day-before",
    ),
    pytest.param(
        "BEIJING, April 25 (Xinhua) -- Text.",
        date(2013, 4, 25),
        "BEIJING",
        date(2013, 4, 25),
        "Xinhua",
        "BEIJING, April 25 (Xinhua) --",
        "Text.",
        id="same-day",
    ),
    pytest.param(
        "BEIJING, Sept. 30 (Xinhua) -- Text.",
        date(2013, 10, 1),
        "BEIJING",
        date(2013, 9, 30),
        "Xinhua",
        "BEIJING, Sept. 30 (Xinhua) --",
        "Text.",
        id="sept-dot",
    ),
    pytest.param(
        "WASHINGTON, Dec. 20 (Xinhua) -- Text.",
        date(2013, 12, 21),
        "WASHINGTON",
        date(2013, 12, 20),
        "Xinhua",
        "WASHINGTON, Dec. 20 (Xinhua) --",
        "Text.",
        id="dec-dot",
    ),
    pytest.param(
        "WASHINGTON, Dec. 31 (Xinhua) -- Text.",
        date(2014, 1, 1),
        "WASHINGTON",
        date(2013, 12, 31),
        "Xinhua",
        "WASHINGTON, Dec. 31 (Xinhua) --",
        "Text.",
        id="dec-31-on-jan-1-previous-year",
    ),
    pytest.param(
        "LUSHAN, Sichuan, April 24 (Xinhua) -- Rescuers reached the last villages.",
        date(2013, 4, 24),
        "LUSHAN, Sichuan",
        date(2013, 4, 24),
        "Xinhua",
        "LUSHAN, Sichuan, April 24 (Xinhua) --",
        "Rescuers reached the last villages.",
        id="place-with-province",
    ),
    pytest.param(
        "UNITED NATIONS, Sept. 26 (Xinhua) -- Text.",
        date(2013, 9, 27),
        "UNITED NATIONS",
        date(2013, 9, 26),
        "Xinhua",
        "UNITED NATIONS, Sept. 26 (Xinhua) --",
        "Text.",
        id="two-word-place",
    ),
    pytest.param(
        "BEIJING, April 24 (Xinhua) — Text.",
        date(2013, 4, 25),
        "BEIJING",
        date(2013, 4, 24),
        "Xinhua",
        "BEIJING, April 24 (Xinhua) —",
        "Text.",
        id="em-dash",
    ),
    pytest.param(
        "BEIJING, April 24 (Xinhua) - Text.",
        date(2013, 4, 25),
        "BEIJING",
        date(2013, 4, 24),
        "Xinhua",
        "BEIJING, April 24 (Xinhua) -",
        "Text.",
        id="single-hyphen",
    ),
    pytest.param(
        "BEIJING, April 24 (Xinhua)--Text.",
        date(2013, 4, 25),
        "BEIJING",
        date(2013, 4, 24),
        "Xinhua",
        "BEIJING, April 24 (Xinhua)--",
        "Text.",
        id="no-spaces-around-dash",
    ),
    pytest.param(
        "YA'AN, Sichuan, April 21 (Xinhua) -- Text.",
        date(2013, 4, 21),
        "YA'AN, Sichuan",
        date(2013, 4, 21),
        "Xinhua",
        "YA'AN, Sichuan, April 21 (Xinhua) --",
        "Text.",
        id="apostrophe-in-place",
    ),
    pytest.param(
        "YA'AN, April 21 (Xinhua) -- Text.",
        date(2013, 4, 21),
        "YA'AN",
        date(2013, 4, 21),
        "Xinhua",
        "YA'AN, April 21 (Xinhua) --",
        "Text.",
        id="apostrophe-place-alone",
    ),
    pytest.param(
        "BEIJING, April 24 -- China on Wednesday said.",
        date(2013, 4, 25),
        "BEIJING",
        date(2013, 4, 24),
        None,
        "BEIJING, April 24 --",
        "China on Wednesday said.",
        id="no-agency-caps-place",
    ),
    pytest.param(
        "BEIJING, April 24 (People's Daily Online) -- Text.",
        date(2013, 4, 25),
        "BEIJING",
        date(2013, 4, 24),
        "People's Daily Online",
        "BEIJING, April 24 (People's Daily Online) --",
        "Text.",
        id="pdo-agency",
    ),
    pytest.param(
        "BEIJING, April 24 (Xinhua) -- Text.",
        None,
        "BEIJING",
        None,
        "Xinhua",
        "BEIJING, April 24 (Xinhua) --",
        "Text.",
        id="no-publication-date",
    ),
    pytest.param(
        "BEIJING, April 24 (Xinhua) – Text.",
        date(2013, 4, 25),
        "BEIJING",
        date(2013, 4, 24),
        "Xinhua",
        "BEIJING, April 24 (Xinhua) –",
        "Text.",
        id="en-dash",
    ),
    pytest.param(
        "YA’AN, Sichuan, April 21 (Xinhua) -- Text.",
        date(2013, 4, 21),
        "YA’AN, Sichuan",
        date(2013, 4, 21),
        "Xinhua",
        "YA’AN, Sichuan, April 21 (Xinhua) --",
        "Text.",
        id="curly-apostrophe-in-place",
    ),
    pytest.param(
        "WASHINGTON, D.C., April 24 (Xinhua) -- Text.",
        date(2013, 4, 25),
        "WASHINGTON, D.C.",
        date(2013, 4, 24),
        "Xinhua",
        "WASHINGTON, D.C., April 24 (Xinhua) --",
        "Text.",
        id="place-with-dots",
    ),
    pytest.param(
        "BEIJING, SEPT. 24 (Xinhua) -- Text.",
        date(2013, 9, 25),
        "BEIJING",
        date(2013, 9, 24),
        "Xinhua",
        "BEIJING, SEPT. 24 (Xinhua) --",
        "Text.",
        id="month-in-caps",
    ),
    pytest.param(
        "HONG KONG, Jan. 1 (Xinhua) -- Text.",
        date(2014, 1, 1),
        "HONG KONG",
        date(2014, 1, 1),
        "Xinhua",
        "HONG KONG, Jan. 1 (Xinhua) --",
        "Text.",
        id="jan-1-on-jan-1",
    ),
    # A dateline one day ahead of the Beijing page date (allowed by day_near) across New Year.
    pytest.param(
        "WELLINGTON, Jan. 1 (Xinhua) -- Text.",
        date(2013, 12, 31),
        "WELLINGTON",
        date(2014, 1, 1),
        "Xinhua",
        "WELLINGTON, Jan. 1 (Xinhua) --",
        "Text.",
        id="jan-1-on-dec-31-next-year",
    ),
    pytest.param(
        "NEW YORK, April 24, 2012 (Xinhua) -- Text.",
        date(2013, 4, 25),
        "NEW YORK",
        date(2012, 4, 24),
        "Xinhua",
        "NEW YORK, April 24, 2012 (Xinhua) --",
        "Text.",
        id="printed-year-wins",
    ),
    pytest.param(
        "NEW YORK, Feb. 30, 2013 (Xinhua) -- Text.",
        date(2013, 3, 1),
        "NEW YORK",
        None,
        "Xinhua",
        "NEW YORK, Feb. 30, 2013 (Xinhua) --",
        "Text.",
        id="impossible-day-with-year",
    ),
    # A place not in capitals is a dateline when both the day and the agency are printed ...
    pytest.param(
        "Lushan, April 24 (Xinhua) -- Text.",
        date(2013, 4, 25),
        "Lushan",
        date(2013, 4, 24),
        "Xinhua",
        "Lushan, April 24 (Xinhua) --",
        "Text.",
        id="mixed-case-place-day-and-agency",
    ),
    # ... and a place in capitals needs neither; only its first comma-separated part is looked at.
    pytest.param(
        "LUSHAN, Sichuan, April 24 -- Text.",
        date(2013, 4, 25),
        "LUSHAN, Sichuan",
        date(2013, 4, 24),
        None,
        "LUSHAN, Sichuan, April 24 --",
        "Text.",
        id="capital-place-mixed-province-no-agency",
    ),
    # Xinhua copy sometimes prints no space after the abbreviated month's dot.
    pytest.param(
        "BEIJING, Sept.30 (Xinhua) -- Text.",
        date(2013, 9, 30),
        "BEIJING",
        date(2013, 9, 30),
        "Xinhua",
        "BEIJING, Sept.30 (Xinhua) --",
        "Text.",
        id="no-space-after-the-month-dot",
    ),
]


@pytest.mark.parametrize(("paragraph", "published", "place", "when", "agency", "raw", "rest"), DATELINES)
def test_split_dateline(paragraph, published, place, when, agency, raw, rest):
    dateline, remaining = split_dateline(paragraph, published)
    assert dateline == Dateline(place, when, agency, raw)
    assert remaining == rest
    assert paragraph.startswith(dateline.raw)


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param("China hopes, April 2 -- the talks will resume.", id="prose-comma-month"),
        pytest.param("On April 24 (Xinhua) the ministry said.", id="prose-month-agency"),
        pytest.param("Beijing, April 24 -- text.", id="mixed-case-place-no-agency"),
        pytest.param("China on Wednesday said it is willing to work with the US.", id="plain-paragraph"),
        pytest.param("BEIJING -- China on Wednesday said.", id="no-date"),
        pytest.param("BEIJING, April 24 (Xinhua) China said.", id="no-dash"),
        pytest.param("United Nations (Xinhua) -- text.", id="mixed-case-place-no-day"),
        pytest.param("", id="empty"),
    ],
)
def test_split_dateline_absent(paragraph):
    assert split_dateline(paragraph, date(2013, 4, 25)) == (None, paragraph)


@pytest.mark.parametrize(
    ("paragraph", "published", "record"),
    [
        pytest.param(
            "BEIJING, April 24 (Xinhua) -- Text.",
            date(2013, 4, 25),
            {"place": "BEIJING", "date": "2013-04-24", "raw": "BEIJING, April 24 (Xinhua) --"},
            id="record-example",
        ),
        pytest.param(
            "LUSHAN, Sichuan, April 24 (Xinhua) -- Text.",
            date(2013, 4, 24),
            {
                "place": "LUSHAN, Sichuan",
                "date": "2013-04-24",
                "raw": "LUSHAN, Sichuan, April 24 (Xinhua) --",
            },
            id="place-with-province",
        ),
        pytest.param(
            "WASHINGTON, Dec. 31 (Xinhua) -- Text.",
            date(2014, 1, 1),
            {"place": "WASHINGTON", "date": "2013-12-31", "raw": "WASHINGTON, Dec. 31 (Xinhua) --"},
            id="previous-year",
        ),
        pytest.param(
            "BEIJING, April 24 (Xinhua) -- Text.",
            None,
            {"place": "BEIJING", "date": None, "raw": "BEIJING, April 24 (Xinhua) --"},
            id="no-date",
        ),
    ],
)
def test_dateline_as_record(paragraph, published, record):
    dateline, _ = split_dateline(paragraph, published)
    assert dateline.as_record() == record


def test_dateline_as_record_direct():
    dateline = Dateline("UNITED NATIONS", date(2013, 9, 26), "Xinhua", "UNITED NATIONS, Sept. 26 (Xinhua) --")
    assert dateline.as_record() == {
        "place": "UNITED NATIONS",
        "date": "2013-09-26",
        "raw": "UNITED NATIONS, Sept. 26 (Xinhua) --",
    }


@pytest.mark.parametrize(
    ("text", "authors", "outlet"),
    [
        pytest.param("By Ursula von der Leyen", ("Ursula von der Leyen",), None, id="particles"),
        pytest.param("By Luiz Inácio Lula da Silva", ("Luiz Inácio Lula da Silva",), None, id="five-words"),
        pytest.param("By Émile Zola (Le Monde)", ("Émile Zola",), "Le Monde", id="accented-capital"),
        pytest.param("By José García, Xinhua", ("José García",), "Xinhua", id="accented-comma-outlet"),
        pytest.param("By Li Ming (Xinhua correspondent)", ("Li Ming",), None, id="parenthesised-title"),
        pytest.param("By the editorial board", (), None, id="lowercase-words-are-no-name"),
    ],
)
def test_parse_byline_names_beyond_ascii(text, authors, outlet):
    assert parse_byline(text, PD) == Byline(authors, outlet)


def test_split_dateline_place_with_slash():
    dateline, rest = split_dateline("RAMALLAH/GAZA, Jan. 4 (Xinhua) -- Talks resumed.", date(2024, 1, 5))
    assert dateline is not None
    assert (dateline.place, dateline.date, rest) == ("RAMALLAH/GAZA", date(2024, 1, 4), "Talks resumed.")


def test_a_portal_vocabulary_tells_its_outlets_from_people():
    assert parse_byline("By Li Ming, Xinhua", PD) == Byline(("Li Ming",), "Xinhua")
    assert parse_byline("By Li Ming, Xinhua", GENERIC_VOCABULARY) == Byline(("Li Ming", "Xinhua"), None)
    assert parse_byline("By Li Ming, Reuters", GENERIC_VOCABULARY) == Byline(("Li Ming",), "Reuters")


def test_an_extended_vocabulary_adds_job_titles():
    vocabulary = GENERIC_VOCABULARY.extended(titles=("stringer",))
    assert parse_byline("By Li Ming, Stringer", vocabulary) == Byline(("Li Ming",), None)
    assert parse_byline("By Li Ming, Stringer", GENERIC_VOCABULARY) == Byline(("Li Ming", "Stringer"), None)


@pytest.mark.parametrize(
    ("text", "byline", "time"),
    [
        pytest.param("By Li Ming | 08:32, April 25, 2013", "By Li Ming", "08:32, April 25, 2013", id="pipe"),
        pytest.param(
            "(Xinhua) Updated: 08:32, April 25, 2013", "(Xinhua)", "08:32, April 25, 2013", id="label"
        ),
        pytest.param("(Xinhua) 2013-04-25 08:32", "(Xinhua)", "2013-04-25 08:32", id="numeric-date"),
        pytest.param(
            "(Xinhua) April 25, 2013 08:32 Views: 12",
            "(Xinhua) Views: 12",
            "April 25, 2013 08:32",
            id="clock-after",
        ),
        pytest.param("Xinhua | 08:32, April 25, 2013", "Xinhua", "08:32, April 25, 2013", id="bare-outlet"),
        pytest.param("(Xinhua)", "(Xinhua)", None, id="no-time"),
        pytest.param("08:32, April 25, 2013", None, "08:32, April 25, 2013", id="no-byline"),
        pytest.param(
            "By Sun Jie · 2023.01.19 00:06 GMT+8", "By Sun Jie", "2023.01.19 00:06 GMT+8", id="dot-and-offset"
        ),
    ],
)
def test_split_origin(text: str, byline: str | None, time: str | None) -> None:
    assert split_origin(text) == (byline, time)


@pytest.mark.parametrize(
    ("text", "vocabulary", "expected"),
    [
        pytest.param("Li Ming", GENERIC_VOCABULARY, True, id="two-words"),
        pytest.param("Anna Maria de la Cruz", GENERIC_VOCABULARY, True, id="five-words-two-particles"),
        pytest.param("Anna Maria Luisa Cruz Ortega Vidal", GENERIC_VOCABULARY, False, id="six-words"),
        pytest.param("Ecns", GENERIC_VOCABULARY, True, id="unknown-word"),
        pytest.param("Ecns", PD, False, id="the-portals-outlet"),
    ],
)
def test_looks_like_person(text: str, vocabulary, expected: bool) -> None:
    assert looks_like_person(text, vocabulary) is expected


@pytest.mark.parametrize(
    ("text", "origin"),
    [
        pytest.param(
            "By Li Qiao Source:Global Times Published: Feb 17, 2026 10:37 AM",
            Origin("By Li Qiao Source:Global Times", "Feb 17, 2026 10:37 AM"),
            id="gt-published",
        ),
        pytest.param(
            "By: Global Times | Published: Aug 03, 2022 09:39 PM",
            Origin("By: Global Times", "Aug 03, 2022 09:39 PM"),
            id="gt-one-line",
        ),
        pytest.param(
            "Published: Feb 17, 2026 10:37 AM Updated: Feb 18, 2026 01:02 PM",
            Origin(None, "Feb 17, 2026 10:37 AM", "Feb 18, 2026 01:02 PM"),
            id="both",
        ),
        pytest.param(
            "Updated: 2026-05-17 20:43 | Published: 2026-05-17 08:00",
            Origin(None, "2026-05-17 08:00", "2026-05-17 20:43"),
            id="both-updated-first",
        ),
        pytest.param(
            "Updated: Feb 18, 2026 01:02 PM", Origin(None, "Feb 18, 2026 01:02 PM"), id="updated-alone"
        ),
        pytest.param(
            "By Zhang San | China Daily | Updated: 2024-01-04 14:45",
            Origin("By Zhang San | China Daily", "2024-01-04 14:45"),
            id="china-daily-updated-alone",
        ),
        pytest.param(
            "Source:Xinhua Published:2019/12/30 21:43:40",
            Origin("Source:Xinhua", "2019/12/30 21:43:40"),
            id="no-space-after-label-seconds",
        ),
        pytest.param(
            "Last updated on 08:32, April 25, 2013 (Xinhua)",
            Origin("(Xinhua)", "08:32, April 25, 2013"),
            id="last-updated-on-clock-first",
        ),
        pytest.param(
            "By Li Ming (Xinhua) 08:32, April 25, 2013",
            Origin("By Li Ming (Xinhua)", "08:32, April 25, 2013"),
            id="no-label-as-split-origin",
        ),
        pytest.param(
            "Updated news from Li Ming", Origin("Updated news from Li Ming", None), id="label-word-no-time"
        ),
        pytest.param("", Origin(None, None), id="empty"),
        # Labels in lower case: "last updated" is the modification time beside "published".
        pytest.param(
            "published: 2026-02-16 21:00 | last updated: 2026-02-17 10:37",
            Origin(None, "2026-02-16 21:00", "2026-02-17 10:37"),
            id="lower-case-labels",
        ),
        # A label word with no time after it does not end the reading: the labelled times follow.
        pytest.param(
            "By Li Qiao | Published by Global Times | Published: Feb 16, 2026 09:00 PM | Updated: Feb 17, 2026 10:37 AM",
            Origin(
                "By Li Qiao | Published by Global Times", "Feb 16, 2026 09:00 PM", "Feb 17, 2026 10:37 AM"
            ),
            id="label-word-then-labelled-times",
        ),
        pytest.param(
            "Xinhua Published: Feb 17, 2026 10:37 AM",
            Origin("Xinhua", "Feb 17, 2026 10:37 AM"),
            id="agency-alone",
        ),
    ],
)
def test_origin_times(text: str, origin: Origin) -> None:
    assert origin_times(text) == origin


# --- print-edition bylines, labels before the time, place-only datelines ------------------------


@pytest.mark.parametrize(
    ("name", "written"),
    [
        pytest.param("ZHAO YINAN", "Zhao Yinan", id="two-words"),
        pytest.param("O'BRIEN", "O'Brien", id="apostrophe"),
        pytest.param("JEAN-PIERRE DUPONT", "Jean-Pierre Dupont", id="hyphen"),
        pytest.param("J. K. ROWLING", "J. K. Rowling", id="initials"),
        pytest.param("ÉMILE ZOLA", "Émile Zola", id="accent"),
        pytest.param("Zhao Yinan", "Zhao Yinan", id="already-written"),
        pytest.param("YaoChun", "YaoChun", id="mixed-case-kept"),
        pytest.param("J.", "J.", id="lone-initial"),
        pytest.param("WU", "Wu", id="two-letters"),
        pytest.param("赵一楠", "赵一楠", id="no-case"),
    ],
)
def test_name_case(name: str, written: str) -> None:
    assert name_case(name) == written


@pytest.mark.parametrize(
    ("text", "authors", "outlet"),
    [
        pytest.param("By ZHAO YINAN and WANG XING", ("Zhao Yinan", "Wang Xing"), None, id="print-two"),
        pytest.param(
            "By ZHAO YINAN and WANG XING | China Daily",
            ("Zhao Yinan", "Wang Xing"),
            "China Daily",
            id="print-two-outlet",
        ),
        pytest.param(
            "By ZHAO JIA in BEIJING | China Daily Global",
            ("Zhao Jia",),
            "China Daily Global",
            id="print-in-place",
        ),
        pytest.param("By CAO YIN (China Daily)", ("Cao Yin",), "China Daily", id="print-parens"),
        pytest.param("By CHINA DAILY", (), "CHINA DAILY", id="outlet-in-capitals"),
        pytest.param("By ZHAO YINAN AND WANG XING", ("Zhao Yinan", "Wang Xing"), None, id="and-in-capitals"),
        pytest.param("By XU LIN and WU", ("Xu Lin", "Wu"), None, id="two-letter-name"),
    ],
)
def test_parse_byline_print_edition_capitals(text: str, authors: tuple[str, ...], outlet: str | None) -> None:
    assert parse_byline(text) == Byline(authors, outlet)


@pytest.mark.parametrize(
    ("text", "byline", "time", "label"),
    [
        pytest.param(
            "By Zhang San | China Daily | Updated: 2026-05-17 20:43",
            "By Zhang San | China Daily",
            "2026-05-17 20:43",
            "updated",
            id="info-line",
        ),
        pytest.param(
            "Updated: 2013-04-22 07:25 By Cao Yin (China Daily)",
            "By Cao Yin (China Daily)",
            "2013-04-22 07:25",
            "updated",
            id="label-first",
        ),
        pytest.param(
            "( China Daily ) Updated: 2013-04-22 07:25:25",
            "( China Daily )",
            "2013-04-22 07:25:25",
            "updated",
            id="seconds",
        ),
        pytest.param(
            "Published: Feb 17, 2026 10:37 AM | Source: X",
            "Source: X",
            "Feb 17, 2026 10:37 AM",
            "published",
            id="published",
        ),
        pytest.param("(Xinhua) 2013-04-25 08:32", "(Xinhua)", "2013-04-25 08:32", None, id="no-label"),
        pytest.param("(Xinhua)", "(Xinhua)", None, None, id="no-time"),
    ],
)
def test_the_label_belongs_to_the_time_wherever_it_stands(text, byline, time, label) -> None:
    assert split_origin(text) == (byline, time)
    assert time_label(text) == label


@pytest.mark.parametrize(
    ("paragraph", "place", "raw", "rest"),
    [
        pytest.param("BEIJING - China said.", "BEIJING", "BEIJING -", "China said.", id="hyphen"),
        pytest.param(
            "CHENGDU -- The city said.", "CHENGDU", "CHENGDU --", "The city said.", id="two-hyphens"
        ),
        pytest.param(
            "LUSHAN, Sichuan - Rescuers said.",
            "LUSHAN, Sichuan",
            "LUSHAN, Sichuan -",
            "Rescuers said.",
            id="province",
        ),
        pytest.param(
            "HONG KONG — “We are ready,” he said.",
            "HONG KONG",
            "HONG KONG —",
            "“We are ready,” he said.",
            id="two-words-em-dash-quote",
        ),
        pytest.param(
            "YA'AN, Sichuan -- Text.", "YA'AN, Sichuan", "YA'AN, Sichuan --", "Text.", id="apostrophe"
        ),
    ],
)
def test_a_place_only_dateline_where_the_portal_files_them(paragraph, place, raw, rest) -> None:
    assert split_dateline(paragraph, date(2013, 4, 25), place_only=True) == (
        Dateline(place, None, None, raw),
        rest,
    )
    assert split_dateline(paragraph, date(2013, 4, 25)) == (None, paragraph)  # elsewhere: no dateline


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param("Beijing - the city said.", id="mixed-case"),
        pytest.param("US-China trade rose.", id="no-spaces"),
        pytest.param("A - b.", id="one-letter"),
        pytest.param("BEIJING, April 24 (Xinhua) -- Text.", id="a-full-dateline-is-read-as-before"),
    ],
)
def test_place_only_datelines_need_a_place_in_capitals_and_a_spaced_dash(paragraph) -> None:
    dateline, _ = split_dateline(paragraph, date(2013, 4, 25), place_only=True)
    assert dateline is None or dateline.date == date(2013, 4, 24)


# --- forms read off the live sites' text (portals notes §9) ----------------------------------

PLACED_BYLINES = [
    # Reprinted China Daily bylines: each group of people followed by where they wrote from.
    pytest.param(
        "By Hu Yongqi in Ya'an, Sichuan, and Peng Yining, Zhao Yinan in Beijing (China Daily)",
        ("Hu Yongqi", "Peng Yining", "Zhao Yinan"),
        "China Daily",
        id="notes-three-people-two-places",
    ),
    pytest.param(
        "By Li Ming in Kashi and Turpan and Tu Lei in Hotan",
        ("Li Ming", "Tu Lei"),
        None,
        id="places-joined-by-and",
    ),
    pytest.param(
        "By Li Ming in Erenhot, Inner Mongolia, and Wang Fang in Beijing | China Daily",
        ("Li Ming", "Wang Fang"),
        "China Daily",
        id="two-word-region-pipe-outlet",
    ),
    pytest.param(
        "By Li Ming in Lushan, Sichuan, Wang Fang in Beijing", ("Li Ming", "Wang Fang"), None, id="no-and"
    ),
    pytest.param(
        "By Li Ming and Wang Fang in Ya'an, Sichuan", ("Li Ming", "Wang Fang"), None, id="shared-place-region"
    ),
    pytest.param(
        "By Li Ming in Johannesburg, China Daily", ("Li Ming",), "China Daily", id="place-then-comma-outlet"
    ),
    pytest.param(
        "By Li Ming in Geneva, Vice President of the Red Cross Society",
        ("Li Ming",),
        None,
        id="place-then-title",
    ),
    pytest.param("By LI MING IN BEIJING", ("Li Ming",), None, id="caps"),  # written as names are
    # The credit after a place and "and": the place is no part of it.
    pytest.param("By Li Ming in Beijing and Reuters", ("Li Ming",), "Reuters", id="place-and-outlet"),
    pytest.param(
        "By Li Ming and Wang Fang in Beijing and Shanghai and Reuters",
        ("Li Ming", "Wang Fang"),
        "Reuters",
        id="places-and-outlet",
    ),
    pytest.param(
        "By Li Ming in Beijing, Bloomberg and Reuters",
        ("Li Ming",),
        "Bloomberg and Reuters",
        id="two-outlets",
    ),
    pytest.param(
        "By Li Ming in Beijing and Xinhua and Reuters",
        ("Li Ming",),
        "Xinhua and Reuters",
        id="place-and-two-outlets",
    ),
    # A place in a place: "in Lhasa in Tibet", then the next group.
    pytest.param(
        "By Li Ming in Lhasa in Tibet, and Wang Fang in Beijing",
        ("Li Ming", "Wang Fang"),
        None,
        id="place-in-place",
    ),
    # An outlet only the portal knows (People's Daily credits Xinhua), after a place.
    pytest.param("By Hu Yongqi in Ya'an, Xinhua", ("Hu Yongqi",), "Xinhua", id="place-then-portal-outlet"),
    pytest.param(
        "By Li Ming, a specialist in Chinese history", ("Li Ming",), None, id="in-inside-a-title-is-no-place"
    ),
    # An Oxford comma before the last name.
    pytest.param(
        "By Li Ming, Wang Fang, and Zhang Wei (Xinhua)",
        ("Li Ming", "Wang Fang", "Zhang Wei"),
        "Xinhua",
        id="oxford-comma",
    ),
    # The People's Daily app credited as the source.
    pytest.param("(People's Daily App)", (), "People's Daily App", id="pd-app"),
    pytest.param("By Li Ming (People's Daily App)", ("Li Ming",), "People's Daily App", id="name-pd-app"),
    pytest.param("By Li Ming, People's Daily App", ("Li Ming",), "People's Daily App", id="comma-pd-app"),
]


@pytest.mark.parametrize(("text", "authors", "outlet"), PLACED_BYLINES)
def test_parse_byline_places_are_no_people(text, authors, outlet):
    assert parse_byline(text, PD) == Byline(authors, outlet)
    assert parse_byline(text, GENERIC_VOCABULARY).authors == authors  # no portal's vocabulary needed


@pytest.mark.parametrize(
    ("text", "byline", "time"),
    [
        pytest.param(
            "(People's Daily App)\u00a0\u00a0\u00a0\u00a009:08, February 28, 2019",
            "(People's Daily App)",
            "09:08, February 28, 2019",
            id="pd-app-one-line",
        ),
        pytest.param(
            "(People's Daily App) 14:45, January 04, 2024",
            "(People's Daily App)",
            "14:45, January 04, 2024",
            id="pd-app-span",
        ),
    ],
)
def test_split_origin_of_the_app_source(text: str, byline: str, time: str) -> None:
    assert split_origin(text) == (byline, time)


@pytest.mark.parametrize(
    ("paragraph", "published", "place", "when", "raw", "rest"),
    [
        pytest.param(
            "BEIJING, May 3 -- The ministry said.",
            date(2024, 5, 3),
            "BEIJING",
            date(2024, 5, 3),
            "BEIJING, May 3 --",
            "The ministry said.",
            id="beijing",
        ),
        pytest.param(
            "UNITED NATIONS, Sept. 3 -- Delegates agreed.",
            date(2024, 9, 4),
            "UNITED NATIONS",
            date(2024, 9, 3),
            "UNITED NATIONS, Sept. 3 --",
            "Delegates agreed.",
            id="notes-united-nations-day-before",
        ),
        pytest.param(
            "HONG KONG, Dec. 31 — Markets closed early.",
            date(2025, 1, 1),
            "HONG KONG",
            date(2024, 12, 31),
            "HONG KONG, Dec. 31 —",
            "Markets closed early.",
            id="em-dash-across-new-year",
        ),
        pytest.param(
            "YA'AN, Sichuan, April 23 --Rescuers arrived.",
            date(2013, 4, 24),
            "YA'AN, Sichuan",
            date(2013, 4, 23),
            "YA'AN, Sichuan, April 23 --",
            "Rescuers arrived.",
            id="province-no-space-after-dashes",
        ),
        pytest.param(
            "BEIJING, May 3, 2023 -- Text.",
            date(2024, 5, 3),
            "BEIJING",
            date(2023, 5, 3),
            "BEIJING, May 3, 2023 --",
            "Text.",
            id="printed-year",
        ),
        pytest.param(
            "BEIJING, May 3 -- Text.", None, "BEIJING", None, "BEIJING, May 3 --", "Text.", id="no-page-date"
        ),
    ],
)
def test_wire_dateline_without_an_agency(paragraph, published, place, when, raw, rest):
    dateline, remaining = split_dateline(paragraph, published)
    assert dateline is not None
    assert (dateline.place, dateline.date, dateline.agency, dateline.raw, remaining) == (
        place,
        when,
        None,
        raw,
        rest,
    )
