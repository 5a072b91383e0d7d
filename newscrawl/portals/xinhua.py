"""Xinhua English: english.news.cn (c. 2020 → today), formerly www.xinhuanet.com/english and
news.xinhuanet.com/english.

What is known of the real portal is in ``../shared/notes/portals.md`` §2, §7 and §9; what the notes mark
as a guess is a guess here too, and each layout's docstring says which of its selectors are known and
which are not. A page of none of these layouts is read by the generic layout (``fallbackFrom``). The
fixture portal in ``fixtures/xinhua/`` has a case for each form handled here.

Besides its link lists, the portal's list pages fill lists by script from JSON data files: an element
``data="datasource:<32 hex>"`` names ``<page dir>/ds_<id>.json``, ``{"datasource": [{"publishUrl": …}]}``
with up to 1,000 newest items (:meth:`Xinhua.list_source_urls`, :func:`read_data_source`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from itertools import islice
from typing import Any, ClassVar
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from lxml import etree

from newscrawl.extract.byline import (
    GENERIC_VOCABULARY,
    find_editor_line,
    is_source_line,
    parse_byline,
    parse_editors,
)
from newscrawl.extract.css import first, text_of
from newscrawl.extract.dates import BEIJING, find_timestamp, join_date_pieces
from newscrawl.extract.links import ListLink, PageList
from newscrawl.extract.text import clean_or_none, clean_text
from newscrawl.portals.base import Element, Layout, Link, LinkKind, ListSource, Portal, RawArticle

CURRENT_HOST = "english.news.cn"
# The English pages of the Chinese site's hosts, under /english/ (www.news.cn/english/…: c. 2021, seen
# in rhetoric-corpus's Wayback prefixes). Every other path of these hosts is the Chinese site: off-site.
OLD_HOSTS = ("www.xinhuanet.com", "news.xinhuanet.com", "www.news.cn")

# /20221025/<32 hex>/c.html and /africa/20260421/<32 hex>/c.html (english.news.cn, c. 2020 →).
_NEW_ARTICLE = re.compile(
    r"^/(?:(?P<section>[a-z][\w-]*)/)?(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})/(?P<id>[0-9a-f]{32})/c\.html?$",
    re.I,
)
# /english/world/2013-06/22/c_124894434.htm, /english/2017-03/05/c_136104720.htm. ``content_<n>`` is the
# form before c. 2011 (not in the notes, no fixture: accepted as the same kind of page).
_OLD_ARTICLE = re.compile(
    r"^/english/(?:(?P<section>[a-z][\w-]*)/)?(?P<y>\d{4})-(?P<m>\d{2})/(?P<d>\d{2})/"
    r"(?:c|content)_(?P<id>\d+)\.html?$",
    re.I,
)
# /, /index.htm, /home.htm, /list/latestnews.htm, /china/index.htm, /africa/ (and under /english/).
_NEW_LISTING = re.compile(r"^/(?:(?:[\w-]+/)*(?:index\d*\.html?)?|home\.html?|list/[\w-]+\.html?)$", re.I)
_OLD_LISTING = re.compile(r"^/english/(?:(?:[\w-]+/)*(?:index\d*\.html?)?)?$", re.I)
# A list's data file: <page dir>/ds_<32 hex>.json (the page's ``preview`` attribute names the prefix).
_DATA_SOURCE = re.compile(r"^/(?:[\w-]+/)*[a-z_]{0,10}[0-9a-f]{32}\.json$", re.I)
_FILES = re.compile(
    r"\.(?:xml|rss|json|pdf|jpe?g|png|gif|webp|svg|mp3|mp4|m3u8|flv|swf|zip|rar|docx?|xlsx?|js|css|ico)$",
    re.I,
)

# URL sections whose names are plain (the display names of the real site are not known: a guess).
SECTIONS: dict[str, str] = {
    "world": "World",
    "china": "China",
    "business": "Business",
    "culture": "Culture",
    "sports": "Sports",
    "sci": "Sci-Tech",
    "health": "Health",
    "travel": "Travel",
    "indepth": "In-Depth",
    "africa": "Africa",
    "europe": "Europe",
    "asiapacific": "Asia-Pacific",
}

# Photo credits: "… Oct. 24, 2022. (Xinhua/Li Xin)", "(Photo by Wang Fan/Xinhua)", "(Xinhua)", "(File photo)".
_PHOTO_CREDIT = re.compile(r"\((?:\s*(?:photo|file photo|xinhua)\b[^()]*|[^()]*/\s*xinhua\s*)\)\s*$", re.I)
# Lines that are a photo credit wherever they stand (a caption whose image the body does not hold), and
# the wire copy's "Enditem" (Xinhua house style, not in the notes).
_FURNITURE = re.compile(
    r"^(?:.*\(\s*(?:xinhua\s*/\s*[^()/]+|[^()]*/\s*xinhua)\s*\)"  # "… (Xinhua/Li Xin)", "(Photo by A/Xinhua)"
    r"|\s*xinhua\s*/\s*[\w .'’-]{2,60}"  # "Xinhua/Li Xin" alone
    r"|\s*enditem)\s*$",
    re.I | re.S,
)
_ENDITEM = re.compile(r"\s+Enditem\s*$")
# A writer line opening the body (Xinhua house style, not in the notes): "by Xinhua writers A and B".
_WRITER_LINE = re.compile(
    r"^by\s+(?:xinhua\s+)?(?:(?:staff|special|sports)\s+)?(?:writers?|reporters?|correspondents?|journalists?)\s+"
    r"(?P<names>[^()]{2,120})$",
    re.I,
)
_NAME_PARTS = re.compile(r"\s*(?:,|，|\band\b|&)\s*")
# Tags whose text makes one line of the header (source, editor and time lines).
_LINE_TAGS = ("p", "div", "span", "li", "em", "strong", "b", "h2", "h3", "h4")
_HEADER_LINES_KEPT = 12
_LINES_BEFORE_BODY = 4
# One printed line may hold several: "Source: Xinhua| 2019-05-20 10:12:33|Editor: huaxia",
# "Editor: huaxia Source: Xinhua".
_SEGMENTS = re.compile(r"\s*[|｜]\s*|\s+(?=(?:source|(?:web\s+)?editors?)\s*[:：])", re.I)
_DATA_SOURCES = etree.XPath("//*[starts-with(@data, 'datasource:')]")


@dataclass(frozen=True, slots=True)
class HeaderLines:
    """What the lines around the headline say: the source line, the time and the editor line."""

    byline: str | None
    published: str | None
    editors: str | None


class XinhuaLayout(Layout):
    """What every Xinhua template shares: the header lines, split date pieces, credits and URL dates.

    The source, editor and time lines are read from the header, the headline's surroundings up to the
    body, in whatever elements and order the template prints them (``Source: Xinhua``, ``Editor:
    huaxia``, ``2022-10-25 08:47:56``, also on one line joined by ``|``); a date printed in pieces
    (``div.header-time``: year / MM / DD / time) is joined first. The time falls back to
    ``meta publishdate``, then to the URL's date.
    """

    name = "XinhuaLayout"
    marker_css = ""
    box_css = "body"  # no wrapper around headline and body is known: the page is the box
    date_pieces_css: ClassVar[str] = "div.header-time"
    editor_css = "div.editor, p.editor, span.editor, #editor"
    caption_credit = _PHOTO_CREDIT
    skip_line = _FURNITURE

    def extract(self, root: Element, url: str, box: Element | None = None) -> RawArticle:
        raw = super().extract(root, url, box)
        if raw.paragraphs:
            raw.paragraphs[-1] = _ENDITEM.sub("", raw.paragraphs[-1])
        _take_writer_line(raw, self.portal)
        if not raw.editors_raw:
            scope = self.article_box(root) if box is None else box
            editors = self.header(root if scope is None else scope).editors
            if editors:
                raw.editors_raw, raw.editors = editors, parse_editors(editors)
                raw.rules["editors"] = "layout"
        if raw.published is None and raw.url_date is not None:
            day = raw.url_date
            raw.published = datetime(day.year, day.month, day.day, tzinfo=BEIJING)
            raw.rules["datePublished"] = "url"
        return raw

    def origin(self, box: Element) -> tuple[str | None, str | None]:
        """The source line and the time: the date pieces joined, else a printed time line."""
        lines = self.header(box)
        pieces = first(box, self.date_pieces_css) if self.date_pieces_css else None
        joined = join_date_pieces(pieces.itertext()) if pieces is not None else None
        return lines.byline, joined or lines.published

    def headline(self, box: Element) -> str | None:
        heading = self.heading(box)
        return clean_or_none(text_of(heading)) if heading is not None else None

    def heading(self, box: Element) -> Element | None:
        """The headline element: the first selector of ``headline_css`` that finds one, in its order.

        Not the first match in the page: a bare ``h1`` fallback must not take a logo above the headline.
        """
        for css in self.headline_selectors:
            if (found := first(box, css)) is not None:
                return found
        return None

    @cached_property
    def headline_selectors(self) -> tuple[str, ...]:
        return tuple(css.strip() for css in self.headline_css.split(",") if css.strip())

    def header(self, box: Element) -> HeaderLines:
        """The source, time and editor lines around the headline.

        Of each kind the first line after the headline is taken, else the last one before it (the CMS
        of www.news.cn prints its source line above the headline).
        """
        found: dict[str, list[tuple[bool, str]]] = {"byline": [], "published": [], "editors": []}
        for after, line in _header_texts(self.heading(box), first(box, self.marker_css)):
            for text in _SEGMENTS.split(line):
                if (editor := find_editor_line(text)) is not None:
                    found["editors"].append((after, editor))
                    text = clean_text(text.replace(editor, ""))
                if (span := find_timestamp(text)) is not None:
                    found["published"].append((after, text[span[0] : span[1]].strip()))
                    text = clean_text(f"{text[: span[0]]} {text[span[1] :]}")
                text = text.strip(" |,-–—")
                if text and is_source_line(text):
                    found["byline"].append((after, text))
        chosen = {kind: _nearest(lines) for kind, lines in found.items()}
        return HeaderLines(chosen["byline"], chosen["published"], chosen["editors"])


def _nearest(lines: list[tuple[bool, str]]) -> str | None:
    """The first line after the headline, else the last one before it."""
    after = [text for is_after, text in lines if is_after]
    before = [text for is_after, text in lines if not is_after]
    return after[0] if after else (before[-1] if before else None)


def _header_texts(heading: Element | None, body: Element | None) -> Iterator[tuple[bool, str]]:
    """Texts of the headline's surroundings, one per line element, each with whether it comes after
    the headline; the headline itself left out.

    The header is the headline's highest ancestor that does not hold the body, and the siblings after
    it up to the one that does: ``div.conTop > h1 + div.info`` beside the body's box, or ``h1, div.info,
    div#Content`` side by side. Without a headline, the elements just before the body are read.
    """
    if heading is None:
        before_body = (
            list(islice(body.itersiblings(preceding=True), _LINES_BEFORE_BODY)) if body is not None else []
        )
        region, after = before_body[::-1], True
    else:
        holders = set(body.iterancestors()) if body is not None else set()
        top = heading
        for ancestor in heading.iterancestors():
            if ancestor in holders or ancestor.tag in ("body", "html"):
                break
            top = ancestor
        region, after = [top], False
        for sibling in top.itersiblings():
            if sibling is body or sibling in holders:
                break
            region.append(sibling)
    inside = set(heading.iter()) if heading is not None else set()
    kept = 0
    for part in region:
        for element in part.iter():
            if element is heading:
                after = True
            if element in inside or element.tag not in _LINE_TAGS:
                continue
            if next(element.iterdescendants(*_LINE_TAGS), None) is not None:
                continue  # a wrapper whose lines are read one by one
            if text := clean_text(text_of(element)):
                yield after, text
                kept += 1
                if kept >= _HEADER_LINES_KEPT:
                    return


def _take_writer_line(raw: RawArticle, portal: Portal) -> None:
    """A body opening with ``by Xinhua writers A and B``: the names are the authors, the line leaves."""
    if not raw.paragraphs:
        return
    match = _WRITER_LINE.match(raw.paragraphs[0])
    if match is None:
        return
    names = match.group("names").strip(" .")
    credited = parse_byline(f"By {names}", portal.byline_vocabulary)
    parts = [part for part in _NAME_PARTS.split(names) if part]
    if credited.outlet or not credited.authors or len(credited.authors) != len(parts):
        return  # not only people: text, not a writer line
    raw.paragraphs.pop(0)
    raw.authors = list(credited.authors)
    raw.rules["authors"] = "text"
    if raw.byline is None:
        raw.byline = match.group(0)
        raw.rules["byline"] = "text"


class Layout2013(XinhuaLayout):
    """www.xinhuanet.com/english and news.xinhuanet.com/english pages, c. 2010–2016: ``div#Content``.

    Known: the body container (rhetoric-corpus ``BODY_MARKERS``) and the URL form. Not known: how the
    headline and the source and time lines are marked up; they are read from the header whatever their
    elements. Cases: fixtures/xinhua/articles/2013-cairo-news-host, 2015-national-day-photo.
    """

    name = "Layout2013"
    marker_css = "div#Content"
    headline_css = "h1, #Title"
    paragraphs_css = "div#Content p"
    body_css = "div#Content"
    url_form = _OLD_ARTICLE


class Layout2018(Layout2013):
    """www.xinhuanet.com/english pages, c. 2017–2020: the body in ``div#p-detail`` under ``div.h-title``.

    Known: ``#p-detail`` (rhetoric-corpus) and ``h-time`` (its Chinese twin); ``div.h-title`` and the
    one-line ``Source: Xinhua| <time> |Editor: …`` are a guess. Cases: fixtures/xinhua/articles/2019-*,
    2020-*.
    """

    name = "Layout2018"
    marker_css = "div#p-detail"
    headline_css = "div.h-title, h1"
    paragraphs_css = "div#p-detail p"
    body_css = "div#p-detail"


class Layout2021(XinhuaLayout):
    """english.news.cn pages with ``div.conTop`` (headline) and ``div#detailContent`` (body).

    Known: ``.conTop h1``, ``.time`` and ``#detailContent p`` (a working scraper's selectors) and the
    source, editor and time lines above the body in that order (the live site's text). Cases:
    fixtures/xinhua/articles/2021-*, 2022-*, 2024-video-only.
    """

    name = "Layout2021"
    marker_css = "div#detailContent"
    headline_css = ".conTop h1, h1"
    paragraphs_css = "div#detailContent p"
    body_css = "div#detailContent"
    url_form = _NEW_ARTICLE


class Layout2023(Layout2021):
    """english.news.cn pages on the CMS of the Chinese www.news.cn: ``div.head-line``, ``div#detail``.

    The time is printed in pieces (``div.header-time``: ``span.year > em``, ``span.day > em / em``,
    ``span.time``) and ``div.source`` holds ``Source: Xinhua`` (read on a Chinese page of this CMS, 2023;
    the English pages are said to share it). Cases: fixtures/xinhua/articles/2023-lunar-samples,
    2024-nairobi-railway, 2024-spring-festival-meta, 2024-url-date-only, 2025-un-sept-dateline.
    """

    name = "Layout2023"
    marker_css = "div#detail"
    headline_css = "div.head-line h1, div.head-line .title, h1"
    paragraphs_css = "div#detail p"
    body_css = "div#detail"


class Xinhua(Portal):
    """Xinhua English across its hosts and URL eras."""

    name = "xinhua"
    title = "Xinhua English"
    hosts = frozenset({CURRENT_HOST, *OLD_HOSTS})
    # The site answers https; plain http keeps the fixture portal reachable through the loopback proxy.
    start_urls = (f"http://{CURRENT_HOST}/",)
    contracts = (
        "@url http://english.news.cn/20221025/3f1a6c0e9b8d4a27a1c5e7d2b4f60819/c.html",
        "@returns items 2 2",
        "@returns requests 3",
    )
    timezone = BEIJING  # pages print Beijing time without a zone
    published_metas = ("publishdate",)
    byline_vocabulary = GENERIC_VOCABULARY.extended(
        outlets=("xinhua", "xinhuanet", "cgtn", "cctv", "ecns", "chinadaily")
    )
    # Front page (div.headnews-left, known; the rest a guess), section and list pages, related stories.
    list_block_css = "div.headnews-left, div.headnews-right, div.part, div.latest, div.list, div.related"
    list_heading_css = "h2, h3, .col-tit"
    list_skip_css = "a.more, div.more, div.page"
    pagination_css = "a.more, div.more a, div.page a, a.next"
    # "Headline-Xinhua" (today), "Headline - Xinhua | English.news.cn" (before).
    title_suffix = re.compile(r"\s*(?:-|_|\|)\s*Xinhua(?:net)?(?:\s*\|\s*English\.news\.cn)?\s*$", re.I)
    # RSS of 2015–2017 (ArchiveTeam/NewsGrabber); none was verified on english.news.cn.
    feeds = tuple(
        f"http://www.xinhuanet.com/english/rss/{name}rss.xml"
        for name in (
            "world", "china", "business", "culture", "sports", "sci", "health", "travel", "indepth", "odd",
        )
    )  # fmt: skip
    layout_classes = (Layout2021, Layout2023, Layout2018, Layout2013)

    def classify_url(self, url: str) -> Link:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        if host not in self.hosts or parts.scheme not in ("http", "https"):
            return Link(LinkKind.OFFSITE, url)
        path = parts.path or "/"
        if host == CURRENT_HOST:
            dated, listing = _NEW_ARTICLE.match(path), _NEW_LISTING.match(path)
        elif path.startswith("/english/") or path == "/english":
            dated, listing = _OLD_ARTICLE.match(path), _OLD_LISTING.match(path)
        else:
            return Link(LinkKind.OFFSITE, url)  # the Chinese site
        if dated:
            page = _plain(parts, host)
            return Link(LinkKind.ARTICLE, page, dated.group("id").lower(), _url_date(dated))
        if _DATA_SOURCE.match(path):
            return Link(LinkKind.LISTING, _plain(parts, host))
        if listing:
            return Link(LinkKind.LISTING, _plain(parts, host, keep_query=True))
        if _FILES.search(path):
            return Link(LinkKind.NON_ARTICLE, url)
        return Link(LinkKind.UNKNOWN, _plain(parts, host, keep_query=True))

    def section_name(self, url: str) -> str | None:
        path = urlsplit(url).path
        match = _NEW_ARTICLE.match(path) or _OLD_ARTICLE.match(path)
        section = match.group("section") if match else None
        return SECTIONS.get(section.lower()) if section else None

    def list_source_urls(self, root: Element, url: str) -> list[str]:
        """``data="datasource:<id>"`` (with ``preview="ds_"``) → ``<page dir>/ds_<id>.json``, once each."""
        found: dict[str, None] = {}
        holders = _DATA_SOURCES(root)
        for holder in holders if isinstance(holders, list) else []:
            if not isinstance(holder, etree._Element):
                continue
            source_id = str(holder.get("data") or "").partition(":")[2].strip()
            prefix = str(holder.get("preview") or "ds_").strip()
            if re.fullmatch(r"[0-9a-fA-F]{32}", source_id) and re.fullmatch(r"[A-Za-z_]{0,10}", prefix):
                found.setdefault(urljoin(url, f"{prefix}{source_id}.json"), None)
        return list(found)

    def read_list_source(self, body: bytes, url: str) -> ListSource | None:
        parts = urlsplit(url)
        if not _DATA_SOURCE.match(parts.path) or (parts.hostname or "").lower().rstrip(".") not in self.hosts:
            return None
        return read_data_source(body, url)


def read_data_source(body: bytes, url: str) -> ListSource:
    """A ``ds_<id>.json`` list: its rows in order, each row's ``publishUrl`` (or, for a row of links,
    its ``linkUrls``) made absolute against the file's address, with the row's title and time.

    ``{"categoryName": "Latest News", "datasource": [{"title": …, "publishUrl": "/2022…/c.html",
    "publishTime": "2022-10-25 08:47:56", "contentType": "MultiMedia"}, …]}``; titles may hold markup
    (``<a href=…>…</a>``), which is taken off.
    """
    try:
        document: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        return ListSource(None, [("malformed_list_source", " ".join(str(error).split()))])
    rows = document.get("datasource") if isinstance(document, dict) else document
    if not isinstance(rows, list):
        return ListSource(None, [("not_a_list_source", "no datasource array")])
    name = clean_or_none(document.get("categoryName")) if isinstance(document, dict) else None
    page_list = PageList(name or urlsplit(url).path.rpartition("/")[2].removesuffix(".json"))
    problems: list[tuple[str, str]] = []
    by_url: dict[str, ListLink] = {}
    for row in rows:
        if not isinstance(row, dict):
            problems.append(("list_entry_without_link", f"a row that is no object: {str(row)[:60]}"))
            continue
        shown = clean_or_none(str(row.get("publishTime") or "")) or None
        entries = _row_links(row)
        if not entries:
            problems.append(("list_entry_without_link", f"row {str(row.get('contentId') or '')[:40]}"))
        for href, title in entries:
            address = urljoin(url, href).split("#", 1)[0]
            if address.startswith(("http://", "https://")) and address not in by_url:
                by_url[address] = ListLink(address, title, shown)
    page_list.links = list(by_url.values())
    return ListSource(page_list, problems)


def _row_links(row: dict[str, Any]) -> list[tuple[str, str]]:
    """``(href, title)`` of a row: its ``linkUrls`` when it is a row of links, else its ``publishUrl``."""
    linked = row.get("linkUrls")
    if row.get("contentType") == "Link" and isinstance(linked, list) and linked:
        pairs = [(link.get("linkUrl"), link.get("linkTitle")) for link in linked if isinstance(link, dict)]
    else:
        pairs = [(row.get("publishUrl"), row.get("title") or row.get("showTitle"))]
    return [
        (href.strip(), _plain_text(title)) for href, title in pairs if isinstance(href, str) and href.strip()
    ]


def _plain_text(value: object) -> str:
    """A title as text: markup taken off, entities read, whitespace cleaned."""
    return clean_text(html.unescape(re.sub(r"<[^>]*>", "", value))) if isinstance(value, str) else ""


def _plain(parts: SplitResult, host: str, keep_query: bool = False) -> str:
    """The URL with its host as the portal knows it (lower case, no trailing dot), without fragment."""
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query if keep_query else "", ""))


def _url_date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


PORTAL = Xinhua()
