"""China Daily: www.chinadaily.com.cn and its global., usa., europe., africa. and china. hosts.

Two eras of URL and template. 2010–2016: ``/<section>/YYYY-MM/DD/content_<id>.htm``, the headline in
``#Title_e`` and the source and ``Updated:`` lines under it, in either order (:class:`Layout2010`).
Since 2017: ``/a/YYYYMM/DD/WS<24 hex>.html``, one ``span.info_l`` line ``By X | China Daily | Updated:
YYYY-MM-DD HH:MM`` (:class:`Layout2017`). In both, an article too long for one page goes on at
``…_2.htm(l)``, ``…_3``: the pages make one record (``newscrawl.page``, paged articles), and a link to a
later page is a link to the article. Known of the real site: URL forms, ``#Title_e``, ``span.info_l``,
``#Content``, ``meta publishdate``, the title form, the RSS paths and the home page's "Just in" ticker;
the breadcrumb, pager and list-block class names are guesses (``fixtures/README.md``).

Dates: an ``Updated:`` time is the publication time unless the page also gives one (a time printed with
another label, or a ``publishdate`` of another time); then it is the modification time. Pages of 2026
print Buddhist-era years (``2569-05-17``): the URL's date wins over a printed date that disagrees with it
by more than a few days (``newscrawl.extract.dates.plausible``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import ClassVar
from urllib.parse import SplitResult, urlsplit, urlunsplit

from lxml import etree

from newscrawl.extract.byline import (
    GENERIC_VOCABULARY,
    is_source_line,
    looks_like_outlet,
    split_labelled_origin,
)
from newscrawl.extract.css import first, text_of
from newscrawl.extract.dates import BEIJING, URL_DATE_TOLERANCE, find_timestamp, parse_datetime, plausible
from newscrawl.extract.links import ListLink, PageList, UrlJoiner
from newscrawl.extract.text import clean_or_none, clean_text, split_at_breaks
from newscrawl.portals.base import Element, Layout, Link, LinkKind, Portal, RawArticle, head_metas

WWW = "www.chinadaily.com.cn"
# The editions' hosts serve the same URL forms (``covid-19.`` is a special site of 2020).
HOSTS = frozenset(
    {
        WWW,
        "chinadaily.com.cn",
        "global.chinadaily.com.cn",
        "usa.chinadaily.com.cn",
        "europe.chinadaily.com.cn",
        "africa.chinadaily.com.cn",
        "china.chinadaily.com.cn",
        "covid-19.chinadaily.com.cn",
    }
)

# /a/202605/17/WS6a1b2c3d4e5f60718293a4b5.html, page 2 …_2.html (2017 → today).
_WS_ARTICLE = re.compile(
    r"^/a/(?P<y>\d{4})(?P<m>\d{2})/(?P<d>\d{2})/(?P<id>WS[0-9a-fA-F]{24})(?:_(?P<page>\d{1,3}))?\.html$"
)
# /china/2013-04/22/content_16429711.htm, page 2 …_2.htm; sections may nest (world/2015victoryanniv/).
_CONTENT_ARTICLE = re.compile(
    r"^/(?P<section>(?:[\w-]+/)*?)(?P<y>\d{4})-(?P<m>\d{2})/(?P<d>\d{2})/"
    r"content_(?P<id>\d+)(?:_(?P<page>\d{1,3}))?\.html?$"
)
# /, /china/society, /china/society/, /china/society/page_2.html, /index.html.
_LISTING = re.compile(r"^/(?:[\w-]+/)*(?:[\w-]+|(?:page_\d+|index\d*|node_\d+)\.html?)?$")
# Feeds, scripts, files: never articles, never fetched from a link.
_NON_ARTICLE_PATH = re.compile(
    r"^/(?:rss|html/topnews|static|js|css|images?)/"
    r"|\.(?:xml|rss|pdf|jpe?g|png|gif|webp|mp3|mp4|flv|swf|zip|rar|docx?|xlsx?|php|js|css)$",
    re.I,
)

# The first path segment of 2010–2016 article URLs.
SECTIONS: dict[str, str] = {
    "china": "China",
    "world": "World",
    "bizchina": "Business",
    "business": "Business",
    "opinion": "Opinion",
    "sports": "Sports",
    "culture": "Culture",
    "life": "Life",
    "travel": "Travel",
    "regional": "Regional",
}

# Photo credits that make a line a caption after an image: "… [Photo/Xinhua]", "(Photo by …)".
_CREDIT = re.compile(r"\[[^\[\]]*\bphotos?\b[^\[\]]*\]\s*$|\((?:photo|file photo)\b[^()]*\)\s*$", re.I)
# The print edition's credit closing the body: "(China Daily 04/22/2013 page3)",
# "(China Daily Africa Weekly 12/06/2013 page4)" (MM/DD/YYYY).
_PRINT_CREDIT = re.compile(r"^\(\s*[^()]{0,60}?\b\d{1,2}/\d{1,2}/\d{4}\s*page\s*\w{1,4}\s*\)$", re.I)
# "Headline - Society - Chinadaily.com.cn", "Headline - Chinadaily.com.cn", "… | China Daily".
_SITE = r"(?:chinadaily\.com\.cn|china daily(?: usa| europe| africa| global)?|中国日报网)"
_SITE_NAME = re.compile(rf"^{_SITE}$", re.I)
_TITLE_PARTS = re.compile(r"\s+[-|_]\s+")
MAX_SECTION_WORDS = 4
# Elements after the 2010 headline read for its source and time lines.
ORIGIN_ELEMENTS = 3


class ChinaDailyLayout(Layout):
    """What both eras share: the source and time lines, the ``Updated:`` rule, pages, captions."""

    name = "ChinaDailyLayout"
    marker_css = "#Content"
    paragraphs_css = "#Content p, #Content figure"
    body_css = "#Content"
    caption_credit = _CREDIT
    skip_line = _PRINT_CREDIT

    def extract(self, root: Element, url: str, box: Element | None = None) -> RawArticle:
        if box is None:
            box = self.article_box(root)
            box = root if box is None else box
        raw = super().extract(root, url, box)
        self.dates(raw, root, box)
        if raw.section is None and (section := title_section(root)):
            raw.section = section
            raw.rules["section"] = "title"
        raw.next_page = self.next_page(root, url)
        return raw

    # --- source and time lines -----------------------------------------------------------

    def origin_elements(self, box: Element) -> list[Element]:
        """The elements that hold the source and time lines."""
        raise NotImplementedError

    def origin_lines(self, box: Element) -> list[str]:
        """Each printed line of the origin elements (a ``<br>`` ends a line).

        Where none of them prints a time, the first elements of the box that print ``Updated:`` are read
        too: the time line of a variant of the template that puts it elsewhere.
        """
        lines = _lines_of(self.origin_elements(box))
        if not any(_DIGIT.search(line) and find_timestamp(line) for line in lines):
            lines += _lines_of(_UPDATED_LINES(box)[:MAX_UPDATED_LINES])
        return lines

    def origin(self, box: Element) -> tuple[str | None, str | None]:
        """The source line and the first time printed, wherever each stands.

        ``By X | China Daily | Updated: …`` in one line; ``(Xinhua)`` and ``Updated: …`` on two lines,
        in either order; ``( China Daily ) Updated: 2013-04-22 07:25:25``; a time line with no source.
        """
        byline = published = None
        for line in self.origin_lines(box):
            found_byline, times = _times_in(line)
            if found_byline and byline is None and (times or _names_a_source(found_byline)):
                byline = found_byline
            published = published or next((time for _, time in times), None)
        return byline, published

    def printed_times(self, box: Element) -> list[tuple[str | None, str]]:
        """``(label, time)`` of every time in the origin lines: ``("updated", "2026-05-17 20:43")``."""
        return [found for line in self.origin_lines(box) for found in _times_in(line)[1]]

    def dates(self, raw: RawArticle, root: Element, box: Element) -> None:
        """``Updated:`` is the publication time, unless the page also gives one: then the modification.

        The page gives one in a time printed with another label (or none), or in a ``publishdate``
        meta of another time: a clock time that differs, or an earlier day.
        """
        times = self.printed_times(box)
        updated = next((time for label, time in times if label == "updated"), None)
        if updated is None:
            return
        published_raw = next((time for label, time in times if label != "updated"), None)
        rule = "layout"
        if published_raw is None:
            hint = self.portal.published_hint(head_metas(root))
            if not hint or not _another_time(hint, updated, raw):
                return
            published_raw, rule = hint, "meta"
        raw.published_raw, raw.published = published_raw, parse_datetime(published_raw, raw.timezone)
        raw.modified_raw, raw.modified = updated, parse_datetime(updated, raw.timezone)
        raw.rules["datePublished"], raw.rules["dateModified"] = rule, "layout"

    # --- body ------------------------------------------------------------------------------

    def _body_nodes(self, box: Element) -> list[Element]:
        """Paragraphs and figures of ``#Content``, a paragraph inside a figure read with its figure."""
        nodes = super()._body_nodes(box)
        if any(node.tag == "figure" for node in nodes):
            nodes = [n for n in nodes if n.tag == "figure" or next(n.iterancestors("figure"), None) is None]
        return nodes

    def is_caption(self, element: Element, text: str) -> bool:
        """A figure's text is its ``<figcaption>``."""
        return element.tag == "figure" or super().is_caption(element, text)

    # --- pages -----------------------------------------------------------------------------

    def next_page(self, root: Element, url: str) -> str | None:
        """The page that continues this one (``…_2.html`` after the first), as the page links it.

        Whatever the pager's markup (``#div_currpage`` is a guess), a link to this article's next page
        number is the next page: the article id and the number decide, not the link's place or text.
        """
        here = page_of(url)
        if here is None:
            return None
        article_id, number = here
        join = UrlJoiner(url)
        for href in _HREFS_WITH(root, part=f"_{number + 1}."):
            link = join(str(href).strip()).split("#", 1)[0]
            if page_of(link) == (article_id, number + 1):
                return link
        return None


class Layout2010(ChinaDailyLayout):
    """``content_<id>.htm`` pages, 2010–2016: ``#Title_e`` over the source and time lines, ``#Content``.

    Cases: fixtures/china_daily/articles/2013-*.html, 2015-*.html.
    """

    name = "Layout2010"
    marker_css = "#Title_e"
    box_css = "body"
    headline_css = "#Title_e h1"
    url_form = _CONTENT_ARTICLE

    def headline(self, box: Element) -> str | None:
        heading = first(box, self.headline_css)
        heading = first(box, self.marker_css) if heading is None else heading
        return clean_or_none(text_of(heading)) if heading is not None else None

    def origin_elements(self, box: Element) -> list[Element]:
        """What ``#Title_e`` holds besides the headline, and the few elements after it."""
        title = first(box, self.marker_css)
        if title is None:
            return []
        inside = [child for child in title if isinstance(child.tag, str) and child.tag != "h1"]
        after: list[Element] = []
        for sibling in title.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            if sibling.get("id") == "Content" or len(after) == ORIGIN_ELEMENTS:
                break
            after.append(sibling)
        return inside + after


class Layout2017(ChinaDailyLayout):
    """``/a/YYYYMM/DD/WS….html`` pages, 2017 → today: ``h1``, ``span.info_l``, ``#Content``.

    Cases: fixtures/china_daily/articles/2017-*.html … 2026-*.html.
    """

    name = "Layout2017"
    marker_css = "span.info_l"
    box_css = "div.lft_art, div.main_art"
    headline_css = "h1"
    breadcrumb_css = "div.breadcrumb"
    url_form = _WS_ARTICLE

    def origin_elements(self, box: Element) -> list[Element]:
        found = first(box, self.marker_css)
        return [found] if found is not None else []

    def headline(self, box: Element) -> str | None:
        """The ``h1`` nearest before the info line (a page read whole may hold a logo ``h1`` too)."""
        line = first(box, self.marker_css)
        before = _NEAREST_H1_BEFORE(line) if line is not None else []
        heading = before[0] if before else first(box, self.headline_css)
        return clean_or_none(text_of(heading)) if heading is not None else None


class ChinaDaily(Portal):
    """China Daily's English sites, www and the editions' hosts."""

    name = "china_daily"
    title = "China Daily"
    hosts = HOSTS
    start_urls = (f"http://{WWW}/",)
    contracts = (
        "@url http://www.chinadaily.com.cn/a/202403/12/WS65efa0b4a31082fc043bc2d7.html",
        "@returns items 2 2",
        "@returns requests 5",
    )
    timezone = BEIJING  # pages print Beijing time without a zone
    published_metas = ("publishdate",)
    byline_vocabulary = GENERIC_VOCABULARY.extended(
        outlets=("xinhua", "chinadaily", "agencies", "cgtn", "cctv", "ecns", "vcg")
    )
    # Home page blocks, section lists, the article pages' side lists ("mb10" is a spacing class used
    # all over the page: only the right columns' are lists). The home page's "Most Popular" is filled by
    # a script (html/topnews/english.js): in the page it is an empty list, and left out.
    list_block_css = "div.list-box, div.left-liebiao, div.rt_art div.mb10, div.w320 div.mb10"
    list_heading_css = "h2, h3, .tt3"
    list_skip_css = "#div_currpage, a.more"
    pagination_css = "#div_currpage a"
    ticker_css: ClassVar[str] = "div#ScrollMe"  # "Just in": links with their <i>HH:MM:SS</i>
    feeds = tuple(
        f"http://{WWW}/rss/{name}_rss.xml" for name in ("china", "world", "bizchina", "sports", "opinion")
    )
    title_suffix = re.compile(rf"\s+[-|_]\s+{_SITE}\s*$", re.I)
    layout_classes = (Layout2010, Layout2017)
    place_only_datelines = True  # "BEIJING - ", "LUSHAN, Sichuan - ": China Daily's own reporters
    url_date_tolerance = URL_DATE_TOLERANCE  # the URL's day is the publication day

    def classify_url(self, url: str) -> Link:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        if host not in self.hosts or parts.scheme not in ("http", "https"):
            return Link(LinkKind.OFFSITE, url)
        path = parts.path or "/"
        if article := _WS_ARTICLE.match(path) or _CONTENT_ARTICLE.match(path):
            page_one = _first_page(parts, host, article)
            return Link(LinkKind.ARTICLE, page_one, article.group("id"), _day(article))
        if _NON_ARTICLE_PATH.search(path):
            return Link(LinkKind.NON_ARTICLE, url)
        if _LISTING.match(path):
            return Link(LinkKind.LISTING, urlunsplit((parts.scheme, host, path, parts.query, "")))
        return Link(LinkKind.UNKNOWN, urlunsplit((parts.scheme, host, path, parts.query, "")))

    def section_name(self, url: str) -> str | None:
        match = _CONTENT_ARTICLE.match(urlsplit(url).path)
        return SECTIONS.get(match.group("section").split("/", 1)[0].lower()) if match else None

    def lists(self, root: Element, url: str) -> list[PageList]:
        """The named lists with links (script-filled ones are empty in the page), the ticker first."""
        found = [page_list for page_list in super().lists(root, url) if page_list.links]
        ticker = first(root, self.ticker_css)
        if ticker is not None and (links := _ticker_links(ticker, url)):
            found.insert(0, PageList("Just in", links))
        return found


def page_of(url: str) -> tuple[str, int] | None:
    """``(article id, page number)`` of an article URL: ``…/WS…_2.html`` → ``("WS…", 2)``."""
    match = _WS_ARTICLE.match(urlsplit(url).path) or _CONTENT_ARTICLE.match(urlsplit(url).path)
    if match is None:
        return None
    return match.group("id"), int(match.group("page") or 1)


def title_section(root: Element) -> str | None:
    """The section ``<title>`` names between headline and site: ``Headline - Society - Chinadaily.com.cn``."""
    title = next(root.iter("title"), None)
    parts = _TITLE_PARTS.split(clean_text(text_of(title))) if title is not None else []
    if len(parts) < 3 or not _SITE_NAME.match(parts[-1]):
        return None
    section = parts[-2]
    return section if len(section.split()) <= MAX_SECTION_WORDS else None


def _ticker_links(ticker: Element, url: str) -> list[ListLink]:
    """The ticker's links, each title without the clock time printed inside its link."""
    join = UrlJoiner(url)
    links: dict[str, ListLink] = {}
    for anchor in ticker.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        words = [anchor.text or ""]
        for child in anchor:
            words.append(("" if child.tag == "i" else text_of(child)) + (child.tail or ""))
        title = clean_text("".join(words))
        link = join(href).split("#", 1)[0]
        links.setdefault(link, ListLink(link, title))
    return list(links.values())


MAX_TIMES_IN_A_LINE = 3
_DIGIT = re.compile(r"\d")
MAX_UPDATED_LINES = 2


def _lines_of(elements: list[Element]) -> list[str]:
    lines: list[str] = []
    for element in elements:
        pieces = split_at_breaks(element) if element.find(".//br") is not None else [element]
        lines.extend(text for piece in pieces if (text := clean_text(text_of(piece))))
    return lines


def _times_in(line: str) -> tuple[str | None, list[tuple[str | None, str]]]:
    """The line without its times, and its times with their labels, in order.

    ``Published: 2026-05-16 09:00 | Updated: 2026-05-17 20:43`` → no byline, two labelled times.
    """
    times: list[tuple[str | None, str]] = []
    rest: str | None = line
    while rest and len(times) < MAX_TIMES_IN_A_LINE and _DIGIT.search(rest):
        without, time, label = split_labelled_origin(rest)
        if time is None:
            break
        times.append((label, time))
        rest = without
    return rest, times


def _names_a_source(text: str) -> bool:
    """A line without a time that is a source line: ``(Xinhua)``, ``By …``, ``Xinhua``."""
    return is_source_line(text) or looks_like_outlet(text, ChinaDaily.byline_vocabulary)


def _another_time(hint: str, updated: str, raw: RawArticle) -> bool:
    """Whether ``publishdate`` gives a publication time other than the ``Updated:`` one."""
    stated = _checked(parse_datetime(hint, raw.timezone), raw)
    shown = _checked(parse_datetime(updated, raw.timezone), raw)
    if stated is None or shown is None or stated >= shown:
        return False
    return ":" in hint or stated.date() < shown.date()


def _checked(value: datetime | None, raw: RawArticle) -> datetime | None:
    return plausible(value, raw.url_date, tolerance=raw.url_date_tolerance)


def _first_page(parts: SplitResult, host: str, article: re.Match[str]) -> str:
    """The article's URL: its first page's, on the host it was linked on, without query or fragment."""
    path = parts.path
    if article.group("page"):
        path = path[: article.start("page") - 1] + path[article.end("page") :]
    return urlunsplit((parts.scheme, host, path, "", ""))


def _day(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


_UPDATED_LINES = etree.XPath(
    "descendant::*[not(self::script or self::style)][text()[contains(., 'Updated') or contains(., '更新')]]"
)
_NEAREST_H1_BEFORE = etree.XPath("preceding::h1[1]")
_HREFS_WITH = etree.XPath("descendant-or-self::a[contains(@href, $part)]/@href", smart_strings=False)

PORTAL = ChinaDaily()
