"""People's Daily layouts on markup variants the fixture portal does not hold, and layout choice.

Each page here is a few lines of inline HTML in one era's markup with one thing changed, so a
failure names the variation that broke.
"""

from __future__ import annotations

import pytest

from newscrawl.page import parse_html
from newscrawl.portals.base import Layout, UnrecognisedLayout
from newscrawl.portals.peoples_daily import PORTAL, Layout2024
from newscrawl.record import FetchInfo, build_article

OLD_URL = "http://english.people.com.cn/90882/8221999.html"
NEW_URL = "http://en.people.cn/n3/2024/0104/c90000-20119999.html"


def page_2013(column: str, head: str = "") -> str:
    return f"""<html><head><title>Quake relief reaches villages - People's Daily Online</title>{head}</head>
    <body><div class="w980 wb_10 clear"><div class="wb_12 wb_left">{column}</div></div></body></html>"""


def page_2024(box: str, head: str = "") -> str:
    return f"""<html lang="en"><head><title>Quake relief reaches villages</title>{head}</head>
    <body><div class="main"><div class="w860 d2txtCon cf">{box}</div></div></body></html>"""


def record(html: str, url: str):
    raw = PORTAL.extract(parse_html(html), url)
    return build_article(raw, FetchInfo(charset="utf-8"))


def test_2013_source_and_time_in_one_line() -> None:
    html = page_2013(
        '<h1 id="p_title">Quake relief reaches villages</h1>'
        '<div id="p_publishtime">(Xinhua) 08:32, April 25, 2013</div>'
        '<div id="p_content"><p>CHENGDU, April 24 (Xinhua) -- Relief arrived.</p></div>'
    )
    item = record(html, OLD_URL)
    assert (item.byline, item.sourceAgency) == ("(Xinhua)", "Xinhua")
    assert item.datePublished == "2013-04-25T08:32:00+08:00"
    assert item.datePublishedRaw == "08:32, April 25, 2013"
    assert item.articleBody == "Relief arrived."


def test_2013_time_without_its_id_is_found_under_the_headline() -> None:
    html = page_2013(
        "<h1>Quake relief reaches villages</h1><div class='wb_7'>By Li Ming (People's Daily Online)</div>"
        "<div class='wb_8'>16:05, April 24, 2013</div><div id='p_content'><p>Relief arrived.</p></div>"
    )
    item = record(html, OLD_URL)
    assert item.datePublished == "2013-04-24T16:05:00+08:00"
    assert item.byline == "By Li Ming (People's Daily Online)"
    assert item.authors == [{"name": "Li Ming"}]


def test_2013_without_time_line_falls_back_to_meta_publishdate() -> None:
    html = page_2013(
        "<h1>Quake relief reaches villages</h1><div id='p_content'><p>Relief arrived.</p></div>",
        head='<meta name="PublishDate" content="2013-04-25">',
    )
    item = record(html, OLD_URL)
    assert item.datePublished == "2013-04-25T00:00:00+08:00"
    assert item.datePublishedRaw == "2013-04-25"


def test_2013_body_written_with_br_instead_of_p() -> None:
    html = page_2013(
        "<h1>Quake relief reaches villages</h1><div id='p_publishtime'>08:32, April 25, 2013</div>"
        "<div id='p_content'>BEIJING, April 24 (Xinhua) -- First line.<br><br>Second&nbsp; line.<br/>"
        "(Editor:Liang Jun、Ye Xin)</div>"
    )
    item = record(html, OLD_URL)
    assert item.articleBody == "First line.\nSecond line."
    assert item.dateline == {"place": "BEIJING", "date": "2013-04-24", "raw": "BEIJING, April 24 (Xinhua) --"}
    assert [e["name"] for e in item.editors] == ["Liang Jun", "Ye Xin"]


def test_caption_in_the_same_centred_paragraph_as_its_image() -> None:
    html = page_2024(
        "<h1>Quake relief reaches villages</h1><div class='origin'>(Xinhua) 14:45, January 04, 2024</div>"
        "<p align='center'><img src='/img/a.jpg'><br>Rescuers at work. (Xinhua/Li Ming)</p>"
        "<p>Relief arrived.</p>"
    )
    item = record(html, NEW_URL)
    assert item.images == [
        {"url": "http://en.people.cn/img/a.jpg", "caption": "Rescuers at work. (Xinhua/Li Ming)"}
    ]
    assert item.articleBody == "Relief arrived."


def test_caption_marked_by_class_after_an_image() -> None:
    html = page_2024(
        "<h1>Quake relief reaches villages</h1><div class='origin'>(Xinhua)<span>14:45, January 04, 2024</span></div>"
        "<p><img src='http://img.example/b.jpg'></p><p class='pic_desc'>Tents go up.</p><p>&nbsp;</p>"
        "<p>Relief arrived.</p>"
    )
    item = record(html, NEW_URL)
    assert item.images == [{"url": "http://img.example/b.jpg", "caption": "Tents go up."}]
    assert item.articleBody == "Relief arrived."


def test_editor_line_as_last_body_paragraph_in_brackets() -> None:
    html = page_2024(
        "<h1>Quake relief reaches villages</h1><div class='origin'>By Wang Fang, People's Daily"
        "<span>09:00, March 01, 2024</span></div><p>Relief arrived.</p><p>[Web Editor: Du Mingming, Liang Jun]</p>"
    )
    item = record(html, NEW_URL)
    assert item.articleBody == "Relief arrived."
    assert item.editorsRaw == "[Web Editor: Du Mingming, Liang Jun]"
    assert [e["name"] for e in item.editors] == ["Du Mingming", "Liang Jun"]
    assert (item.authors, item.sourceAgency) == ([{"name": "Wang Fang"}], "People's Daily")


def test_meta_names_are_case_insensitive_and_title_stands_in_for_a_missing_heading() -> None:
    html = page_2013(
        "<div id='p_publishtime'>08:32, April 25, 2013</div><div id='p_content'><p>Relief arrived.</p></div>",
        head='<meta name="Keywords" content="quake, relief，Sichuan"><meta name="Description" content=" Aid. ">',
    )
    item = record(html, OLD_URL)
    assert item.headline == "Quake relief reaches villages"
    assert item.keywords == ["quake", "relief", "Sichuan"]
    assert item.description == "Aid."


BOTH_MARKERS = page_2024("<h1>x</h1><p>y</p><div id='p_content'><p>y</p></div>")


@pytest.mark.parametrize(
    ("html", "url", "layout"),
    [
        (page_2024("<h1>x</h1><p>y</p>"), NEW_URL, "peoples_daily.Layout2024"),
        (page_2024("<h1>x</h1><p>y</p>"), None, "peoples_daily.Layout2024"),
        (page_2013("<h1>x</h1><div id='p_content'><p>y</p></div>"), OLD_URL, "peoples_daily.Layout2013"),
        (page_2013("<h1>x</h1><div id='p_content'><p>y</p></div>"), NEW_URL, "peoples_daily.Layout2013"),
        (BOTH_MARKERS, NEW_URL, "peoples_daily.Layout2024"),
        (BOTH_MARKERS, OLD_URL, "peoples_daily.Layout2013"),
    ],
    ids=["2024", "2024-no-url", "2013", "2013-markup-at-n3-url", "both-n3-url", "both-old-url"],
)
def test_layout_is_chosen_from_the_page(html: str, url: str | None, layout: str) -> None:
    assert PORTAL.layout_for(parse_html(html), url).qualified_name == layout


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div class='pic_show'><h1>Photo story</h1><img src='a.jpg'></div></body></html>",
        "<html><body><div class='zt_list'><h2>Two Sessions</h2><ul><li><a href='/a'>a</a></li></ul></div></body></html>",
        "",
    ],
    ids=["gallery", "special-page", "empty"],
)
def test_page_of_neither_layout_is_not_guessed_at(html: str) -> None:
    with pytest.raises(UnrecognisedLayout):
        PORTAL.layout_for(parse_html(html), NEW_URL)


@pytest.mark.parametrize(
    "title",
    [
        "Quake relief reaches villages - People's Daily Online",
        "Quake relief reaches villages_People's Daily Online",
        "Quake relief reaches villages--People's Daily",
        "Quake relief reaches villages | People's Daily Online English",
    ],
)
def test_title_without_the_portal_name_stands_in_for_a_missing_heading(title: str) -> None:
    html = f"<html><head><title>{title}</title></head><body><div id='p_content'><p>Relief arrived.</p></div></body></html>"
    assert PORTAL.extract(parse_html(html), OLD_URL).headline == "Quake relief reaches villages"


def test_a_list_without_heading_takes_the_page_title() -> None:
    html = """<html><head><title>World - People's Daily Online</title></head><body>
    <div class="foreign_d2list"><ul class="foreign_list8 cf">
      <li><a href="/n3/2024/0927/c90000-20224417.html">Envoy</a><span>2024-09-27 10:32</span></li>
    </ul><div class="page_n clearfix"><a href="index2.html">Next</a></div></div></body></html>"""
    root = parse_html(html)
    page_url = "http://en.people.cn/90777/index.html"
    [world] = PORTAL.lists(root, page_url)
    assert world.name == "World"
    assert [(link.url, link.title, link.shown_date) for link in world.links] == [
        ("http://en.people.cn/n3/2024/0927/c90000-20224417.html", "Envoy", "2024-09-27 10:32")
    ]
    assert PORTAL.pagination_links(root, page_url) == ["http://en.people.cn/90777/index2.html"]


def test_2024_paragraphs_inside_a_wrapper_and_editor_paragraph_in_its_div() -> None:
    html = page_2024(
        "<h1>Quake relief reaches villages</h1><div class='origin'>(Xinhua) 14:45, January 04, 2024</div>"
        "<div class='rm_txt_con'><p>First.</p><div><p>Second.</p></div></div>"
        "<div class='edit'><p>(Web editor: Zhao Yan)</p></div>"
    )
    item = record(html, NEW_URL)
    assert item.articleBody == "First.\nSecond."
    assert item.editors == [{"name": "Zhao Yan"}]


def test_2013_body_of_br_lines_is_split_at_the_breaks_without_comments_or_ads() -> None:
    html = page_2013(
        '<h1 id="p_title">Quake relief reaches villages</h1>'
        '<div id="p_publishtime">(Xinhua) 08:32, April 25, 2013</div>'
        '<div id="p_content">CHENGDU, April 24 (Xinhua) -- Relief arrived.<br><br>'
        'Tents went up<!-- <br> --> by night.<div class="ad">Advertisement</div><br>Schools reopen.</div>'
    )
    item = record(html, OLD_URL)
    assert item.articleBody == "Relief arrived.\nTents went up by night.\nSchools reopen."


@pytest.mark.parametrize(
    "share_line",
    [
        "Email|Print|Comments(Editor:Yao Chun、Gao Yinan)",
        "E-mail | Print | Comments",
        "email|print|comments(0)",
    ],
    ids=["with-editor", "spaced-hyphenated", "lower-case-count"],
)
def test_2013_share_line_is_not_a_body_paragraph(share_line: str) -> None:
    html = page_2013(
        "<h1>Quake relief reaches villages</h1><div id='p_publishtime'>08:32, April 25, 2013</div>"
        f"<div id='p_content'><p>Relief arrived.</p><p>{share_line}</p></div>"
    )
    assert record(html, OLD_URL).articleBody == "Relief arrived."


def test_2013_a_paragraph_mentioning_print_and_email_is_kept() -> None:
    html = page_2013(
        "<h1>Quake relief reaches villages</h1><div id='p_publishtime'>08:32, April 25, 2013</div>"
        "<div id='p_content'><p>Relief arrived.</p><p>Readers can Email | Print | Comments to the desk.</p></div>"
    )
    assert (
        record(html, OLD_URL).articleBody
        == "Relief arrived.\nReaders can Email | Print | Comments to the desk."
    )


# OLD_URL's own section (90882) is "Society", NEW_URL's (90000) has none: a breadcrumb saying "China"
# can only have come from the page.
BREADCRUMB = "<div class='{css}'><a href='/'>Home</a>&gt;&gt;<a href='/90785/index.html'>China</a></div>"


@pytest.mark.parametrize(
    ("html", "url"),
    [
        (
            page_2013("<h1>x</h1><div id='p_content'><p>y</p></div>").replace(
                '<div class="wb_12', BREADCRUMB.format(css="wb_2b") + '<div class="wb_12'
            ),
            OLD_URL,
        ),
        (
            page_2013("<h1>x</h1><div id='p_content'><p>y</p></div>").replace(
                "<body>", "<body>" + BREADCRUMB.format(css="route")
            ),
            OLD_URL,
        ),
        (
            page_2024("<h1>x</h1><p>y</p>").replace(
                '<div class="main">', '<div class="main">' + BREADCRUMB.format(css="route")
            ),
            NEW_URL,
        ),
        (
            page_2024("<h1>x</h1><p>y</p>").replace("<body>", "<body>" + BREADCRUMB.format(css="route")),
            NEW_URL,
        ),
    ],
    ids=["2013-beside-box", "2013-beside-box-parent", "2024-beside-box", "2024-beside-box-parent"],
)
def test_breadcrumb_beside_the_box_or_its_parent_names_the_section(html: str, url: str) -> None:
    item = record(html, url)
    assert item.section == "China"
    assert item.metadata["fieldSources"]["section"] == "layout"


def test_breadcrumb_three_levels_above_the_box_is_not_looked_for() -> None:
    html = (
        page_2013("<h1>x</h1><div id='p_content'><p>y</p></div>")
        .replace("<body>", "<body>" + BREADCRUMB.format(css="route") + "<div class='wrap'>")
        .replace("</body>", "</div></body>")
    )
    item = record(html, OLD_URL)
    assert (item.section, item.metadata["fieldSources"]["section"]) == ("Society", "url")


MOVED_URL = "http://english.people.com.cn/90785/8221999.html"


@pytest.mark.parametrize(
    ("head", "canonical"),
    [
        ('<link rel="canonical" href="http://en.people.cn/n3/2024/0104/c90000-20119999.html">', NEW_URL),
        ('<link rel="canonical" href="/90785/8221999.html">', MOVED_URL),
        ('<meta property="og:url" content="8221999.html?from=og">', OLD_URL + "?from=og"),
        (
            '<meta property="og:url" content="http://en.people.cn/og.html">'
            '<link rel="canonical" href="/90785/8221999.html">',
            MOVED_URL,
        ),
        ('<link rel="canonical" href="  ">', OLD_URL),
        ('<link rel="canonical" href="javascript:void(0)">', OLD_URL),
    ],
    ids=["absolute", "relative", "og-url-fallback", "canonical-before-og-url", "blank", "not-http"],
)
def test_canonical_url_from_link_rel_canonical_else_og_url_made_absolute(head: str, canonical: str) -> None:
    html = page_2013("<h1>x</h1><div id='p_content'><p>y</p></div>", head=head)
    item = record(html, OLD_URL)
    assert item.canonicalUrl == canonical
    assert ("canonicalUrl" in item.metadata["fieldSources"]) == (canonical != OLD_URL)


def test_metas_outside_head_are_read_when_head_has_none() -> None:
    html = page_2013(
        "<h1>x</h1><div id='p_content'><p>y</p></div>"
        '<meta name="keywords" content="quake, relief"><meta name="description" content="Aid arrives.">'
    )
    assert "<meta" in html.split("<body>")[1]
    item = record(html, OLD_URL)
    assert (item.keywords, item.description) == (["quake", "relief"], "Aid arrives.")


def test_metas_outside_head_are_ignored_when_head_has_its_own() -> None:
    html = page_2013(
        "<h1>x</h1><div id='p_content'><p>y</p></div>"
        '<div class="widget"><meta name="description" content="Another story."></div>',
        head='<meta name="keywords" content="quake">',
    )
    item = record(html, OLD_URL)
    assert (item.keywords, item.description) == (["quake"], None)


@pytest.mark.parametrize(
    "caption",
    [
        "Rescuers at work. (Photo/Xinhua)",
        "Rescuers at work. (Xinhua/Li Ming)",
        "Photo taken on April 24 shows tents.",
    ],
    ids=["photo-credit", "agency-credit", "photo-taken-on"],
)
def test_credit_line_after_an_image_is_its_caption_though_not_centred(caption: str) -> None:
    html = page_2024(
        "<h1>Quake relief reaches villages</h1><div class='origin'>(Xinhua) 14:45, January 04, 2024</div>"
        f"<p><img src='/img/a.jpg'></p><p>{caption}</p><p>Relief arrived.</p>"
    )
    item = record(html, NEW_URL)
    assert item.images == [{"url": "http://en.people.cn/img/a.jpg", "caption": caption}]
    assert item.articleBody == "Relief arrived."


def test_credit_line_not_after_an_image_stays_in_the_body() -> None:
    html = page_2024(
        "<h1>Quake relief reaches villages</h1><div class='origin'>(Xinhua) 14:45, January 04, 2024</div>"
        "<p><img src='/img/a.jpg'></p><p>Tents went up.</p><p>Relief arrived, officials said. (Xinhua)</p>"
    )
    item = record(html, NEW_URL)
    assert item.images == [{"url": "http://en.people.cn/img/a.jpg", "caption": None}]
    assert item.articleBody == "Tents went up.\nRelief arrived, officials said. (Xinhua)"


def test_headline_from_the_title_and_time_from_a_meta_name_their_rules() -> None:
    html = page_2013(
        "<div id='p_content'><p>Relief arrived.</p></div>",
        head='<meta name="PublishDate" content="2013-04-25">',
    )
    sources = record(html, OLD_URL).metadata["fieldSources"]
    assert (sources["headline"], sources["datePublished"]) == ("title", "meta")


def test_a_title_the_parser_left_in_body_still_names_the_page() -> None:
    html = "<html><head></head><body><title>Quake relief - People's Daily Online</title></body></html>"
    assert PORTAL.page_title(parse_html(html)) == "Quake relief"


def test_fields_are_read_from_the_article_box_when_no_box_is_given() -> None:
    html = page_2013("<h1>Quake relief reaches villages</h1><div id='p_content'><p>Relief arrived.</p></div>")
    root = parse_html(html.replace("<body>", "<body><h1>People's Daily Online</h1>"))
    layout = PORTAL.layout_for(root, OLD_URL)
    assert layout.extract(root, OLD_URL).headline == "Quake relief reaches villages"
    assert PORTAL.extract(root, OLD_URL).headline == "Quake relief reaches villages"


@pytest.mark.parametrize(
    ("url", "layout"),
    [(NEW_URL, "peoples_daily.Layout2024"), (OLD_URL, "peoples_daily.Layout2013")],
)
def test_extract_reads_a_page_of_both_markers_by_its_urls_layout(url: str, layout: str) -> None:
    assert PORTAL.extract(parse_html(BOTH_MARKERS), url).layout == layout


@pytest.mark.parametrize(
    ("crumbs", "section", "rule"),
    [
        (
            "<a href='/'>Home</a>&gt;&gt;<a href='/90785/'>China</a>&gt;&gt;<a href='/90785/1/'>Regions</a>",
            "Regions",
            "layout",
        ),
        ("<a href='/'>Home</a>", "Society", "url"),  # a lone link names no section
    ],
    ids=["last-of-three", "home-alone"],
)
def test_the_breadcrumbs_last_link_names_the_section(crumbs: str, section: str, rule: str) -> None:
    html = page_2013("<h1>x</h1><div id='p_content'><p>y</p></div>").replace(
        '<div class="wb_12', f"<div class='wb_2b'>{crumbs}</div><div class=\"wb_12"
    )
    item = record(html, OLD_URL)
    assert (item.section, item.metadata["fieldSources"]["section"]) == (section, rule)


def test_a_page_read_whole_finds_its_breadcrumb_anywhere() -> None:
    html = (  # #p_content without its div.wb_12 box
        "<html><head><title>x</title></head><body><div class='top'><div class='route'><a href='/'>Home</a>"
        "&gt;&gt;<a href='/90785/index.html'>China</a></div></div><h1>x</h1><div id='p_content'><p>y</p></div>"
        "</body></html>"
    )
    assert record(html, OLD_URL).section == "China"


def test_the_base_layouts_breadcrumb_is_the_first_match_anywhere_or_none() -> None:
    root = parse_html(page_2024(BREADCRUMB.format(css="route") + "<h1>x</h1><p>y</p>"))
    layout = PORTAL.layout_for(root, NEW_URL)
    assert Layout.breadcrumb(layout, root, root).get("class") == "route"
    no_css = type("NoBreadcrumb", (Layout2024,), {"breadcrumb_css": ""})(PORTAL)
    assert Layout.breadcrumb(no_css, root, root) is None


@pytest.mark.parametrize(
    "attributes",
    ["style='text-align: center'", "align='center'", "class='pic_desc'"],
    ids=["centred-by-style", "centred-by-align", "caption-class"],
)
def test_a_centred_or_caption_classed_line_after_an_image_is_its_caption(attributes: str) -> None:
    html = page_2024(
        "<h1>x</h1><div class='origin'>(Xinhua) 14:45, January 04, 2024</div>"
        f"<p><img src='/img/a.jpg'></p><p {attributes}>Tents go up.</p><p>Relief arrived.</p>"
    )
    item = record(html, NEW_URL)
    assert item.images == [{"url": "http://en.people.cn/img/a.jpg", "caption": "Tents go up."}]
    assert item.articleBody == "Relief arrived."


def test_a_player_written_as_paragraph_text_is_no_body_text() -> None:
    html = page_2024(
        "<h1>x</h1><div class='origin'>(Xinhua) 14:45, January 04, 2024</div>"
        "<p>showPlayer({'id': 1, 'src': 'v.mp4'})</p><p>Relief arrived.</p>"
    )
    assert record(html, NEW_URL).articleBody == "Relief arrived."


def test_an_editor_credit_closing_a_paragraph_leaves_the_paragraph() -> None:
    html = page_2024(
        "<h1>x</h1><div class='origin'>(Xinhua) 14:45, January 04, 2024</div>"
        "<p>Tents went up.</p><p>Relief arrived. (Web editor: Zhao Yan)</p>"
    )
    item = record(html, NEW_URL)
    assert item.articleBody == "Tents went up.\nRelief arrived."
    assert item.editors == [{"name": "Zhao Yan"}]


def test_the_origin_line_is_found_wherever_it_stands_in_the_box() -> None:
    html = page_2024(  # before the headline; the lines under the headline hold no time
        "<div class='origin'>(Xinhua) 14:45, January 04, 2024</div><h1>x</h1><p>Relief arrived.</p><p>Tents.</p>"
    )
    item = record(html, NEW_URL)
    assert (item.byline, item.datePublished) == ("(Xinhua)", "2024-01-04T14:45:00+08:00")


def test_a_line_under_the_headline_that_is_no_source_is_no_byline() -> None:
    html = page_2013(
        "<h1>Quake relief reaches villages</h1><div class='wb_7'>Font size: A A A</div>"
        "<div class='wb_8'>16:05, April 24, 2013</div><div id='p_content'><p>Relief arrived.</p></div>"
    )
    item = record(html, OLD_URL)
    assert (item.byline, item.datePublished) == (None, "2013-04-24T16:05:00+08:00")


def test_a_list_without_heading_on_a_page_without_title_is_left_out() -> None:
    html = "<html><body><div class='latest'><ul><li><a href='/90777/index.html'>World</a></li></ul></div></body></html>"
    assert PORTAL.lists(parse_html(html), "http://en.people.cn/") == []


def test_body_images_need_a_src_and_may_be_https_and_media_paragraphs_are_skipped() -> None:
    html = page_2024(
        "<h1>x</h1><div class='origin'>(Xinhua) 14:45, January 04, 2024</div>"
        "<p><img src='https://img.example/a.jpg'></p><p><img data-src='/lazy.jpg'></p>"
        "<p><iframe src='/player'></iframe>Video: rescue teams at work</p>"
        "<p>Listen: <audio src='/a.mp3'></audio></p><p>Relief arrived.</p>"
    )
    item = record(html, NEW_URL)
    assert item.images == [{"url": "https://img.example/a.jpg", "caption": None}]
    assert item.articleBody == "Listen:\nRelief arrived."


def test_the_portals_outlets_in_a_byline_are_no_authors() -> None:
    html = page_2024(
        "<h1>x</h1><div class='origin'>By Li Ming, Ecns<span>14:45, January 04, 2024</span></div><p>y</p>"
    )
    item = record(html, NEW_URL)
    assert (item.authors, item.sourceAgency) == ([{"name": "Li Ming"}], "Ecns")


def test_an_impossible_printed_year_takes_the_urls_date() -> None:
    html = page_2024("<h1>x</h1><div class='origin'>(Xinhua) 14:45, January 04, 2569</div><p>y</p>")
    assert record(html, NEW_URL).datePublished == "2024-01-04T14:45:00+08:00"


# --- a source line printed apart from the layout's source element ----------------------------


@pytest.mark.parametrize(
    ("column", "byline"),
    [
        pytest.param(
            "<h1 id='p_title'>x</h1><div class='wb_6'>By Li Ming (People's Daily Online)</div>"
            "<div id='p_publishtime'>16:05, April 24, 2013</div>",
            "By Li Ming (People's Daily Online)",
            id="between-headline-and-time",
        ),
        pytest.param(
            "<h1 id='p_title'>x</h1><div class='share'>Font size: A A A</div><div class='wb_6'>(Xinhua)</div>"
            "<div id='p_publishtime'>16:05, April 24, 2013</div>",
            "(Xinhua)",
            id="after-a-line-that-is-no-source",
        ),
        pytest.param(
            "<h1 id='p_title'>x</h1><div class='wb_6'>(China Daily)</div><div class='wb_8'>Share</div>"
            "<div id='p_publishtime'>16:05, April 24, 2013</div>",
            "(China Daily)",
            id="before-a-line-that-is-no-source",
        ),
    ],
)
def test_2013_source_line_apart_is_read_though_the_time_has_its_id(column: str, byline: str) -> None:
    item = record(page_2013(column + "<div id='p_content'><p>Relief arrived.</p></div>"), OLD_URL)
    assert (item.byline, item.datePublished) == (byline, "2013-04-24T16:05:00+08:00")


def test_2024_source_line_apart_from_an_origin_holding_only_the_time() -> None:
    html = page_2024(
        "<h1>x</h1><div class='sou'>By Li Ming (People's Daily App)</div>"
        "<div class='origin'><span>14:45, January 04, 2024</span></div><p>Relief arrived.</p>"
    )
    item = record(html, NEW_URL)
    assert (item.byline, item.authors, item.sourceAgency) == (
        "By Li Ming (People's Daily App)",
        [{"name": "Li Ming"}],
        "People's Daily App",
    )
    assert item.datePublished == "2024-01-04T14:45:00+08:00"


@pytest.mark.parametrize(
    "box",
    [
        pytest.param(  # below the time line the body starts: its lines are no byline
            "<h1>x</h1><div class='origin'><span>14:45, January 04, 2024</span></div>"
            "<div class='lead'>By the river, tents went up.</div><p>Relief arrived.</p>",
            id="below-the-time-line",
        ),
        pytest.param(  # the time line above the headline: the lines under the headline are the body
            "<div class='origin'><span>14:45, January 04, 2024</span></div><h1>x</h1>"
            "<div class='lead'>By the river, tents went up.</div><p>Relief arrived.</p>",
            id="time-line-above-the-headline",
        ),
    ],
)
def test_a_line_that_is_not_above_the_time_line_is_no_byline(box: str) -> None:
    item = record(page_2024(box), NEW_URL)
    assert (item.byline, item.datePublished) == (None, "2024-01-04T14:45:00+08:00")


@pytest.mark.parametrize(
    "origin",
    [
        "(<a href='http://en.people.cn/'>People's Daily App</a>) <span>14:45, January 04, 2024</span>",
        "(People's Daily App)&nbsp;&nbsp;&nbsp;&nbsp;14:45, January 04, 2024",
    ],
    ids=["linked-with-span", "one-line"],
)
def test_the_peoples_daily_app_is_the_source(origin: str) -> None:
    item = record(page_2024(f"<h1>x</h1><div class='origin'>{origin}</div><p>Relief arrived.</p>"), NEW_URL)
    assert (item.byline, item.authors, item.sourceAgency) == (
        "(People's Daily App)",
        [],
        "People's Daily App",
    )
    assert item.datePublished == "2024-01-04T14:45:00+08:00"


def test_a_wire_dateline_without_agency_credits_no_one() -> None:
    html = page_2024(
        "<h1>x</h1><div class='origin'><span>07:55, September 04, 2024</span></div>"
        "<p>UNITED NATIONS, Sept. 3 -- Delegates agreed.</p>"
    )
    item = record(html, NEW_URL)
    assert item.dateline == {
        "place": "UNITED NATIONS",
        "date": "2024-09-03",
        "raw": "UNITED NATIONS, Sept. 3 --",
    }
    assert (item.byline, item.sourceAgency, item.articleBody) == (None, None, "Delegates agreed.")


def test_a_reprinted_byline_with_places_names_its_people_only() -> None:
    html = page_2013(
        "<h1 id='p_title'>x</h1><div id='p_origin'>By Hu Yongqi in Ya'an, Sichuan, and Peng Yining, Zhao Yinan "
        "in Beijing (China Daily)</div><div id='p_publishtime'>16:05, April 24, 2013</div>"
        "<div id='p_content'><p>Relief arrived.</p></div>"
    )
    item = record(html, OLD_URL)
    assert [a["name"] for a in item.authors] == ["Hu Yongqi", "Peng Yining", "Zhao Yinan"]
    assert item.sourceAgency == "China Daily"
