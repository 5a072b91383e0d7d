"""What every portal module declares: its hosts, URL rules, link lists and article layouts.

A portal module (``peoples_daily.py``) subclasses :class:`Portal` once and :class:`Layout` once per layout
era. Layouts are chosen from evidence in the page (a DOM marker, then URL form and host), never from the
crawl date. Nothing here imports Scrapy: a layout is a function of a parsel selector and a URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, tzinfo
from enum import Enum
from itertools import chain, islice
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from newscrawl.extract.byline import find_editor_line, is_source_line, split_origin
from newscrawl.extract.css import first, matches, select, text_of
from newscrawl.extract.dates import BEIJING
from newscrawl.extract.links import PageList, UrlJoiner, find_lists
from newscrawl.extract.text import clean_or_none, clean_text, split_keywords


class LinkKind(Enum):
    """What a link on a portal page leads to, decided from the URL alone."""

    ARTICLE = "article"
    LISTING = "listing"  # front page, section index, section pagination
    NON_ARTICLE = "non_article"  # galleries, "About us", feeds, files
    OFFSITE = "offsite"
    UNKNOWN = "unknown"  # on the portal, of no known form: fetched when a list links it, then judged


@dataclass(frozen=True, slots=True)
class Link:
    """A classified link: its kind, the URL to fetch (canonical host form) and the article id."""

    kind: LinkKind
    url: str
    article_id: str | None = None
    url_date: date | None = None


@dataclass(slots=True)
class Image:
    """An image of the article body and the caption printed under it."""

    url: str
    caption: str | None = None


@dataclass(slots=True)
class RawArticle:
    """What a layout reads off an article page, before normalisation into a record.

    Strings are as shown (whitespace-cleaned); parsing dates, bylines, editors and the dateline is the
    record builder's job (``newscrawl.record``), so every layout shares it.
    """

    url: str
    site: str
    layout: str
    headline: str | None
    byline: str | None
    published_raw: str | None
    published_hint: str | None  # <meta name="publishdate">, used when the time line is missing
    editors_raw: str | None
    paragraphs: list[str]
    images: list[Image]
    canonical_url: str | None
    section: str | None
    keywords: list[str]
    description: str | None
    language: str
    timezone: tzinfo  # the portal's: its pages print local time without a zone
    article_id: str | None = None


class UnrecognisedLayout(Exception):
    """The page matches none of the portal's layouts; it is counted, logged and not guessed at."""


_CENTRED = re.compile(r"text-align\s*:\s*center|^center$", re.I)
_CAPTION_CLASS = re.compile(r"caption|pic_?desc|img_?desc|pic_?txt|photo_?desc", re.I)
_CREDIT = re.compile(r"\((?:photo|xinhua|file photo)\b[^()]*\)\s*$|^photo taken on\b", re.I)
_MEDIA_TAGS = ("script", "video", "iframe", "embed", "object")
_BREAKS = re.compile(r"<br\s*/?>|</?div[^>]*>", re.I)
_SHARE_LINE = re.compile(r"^\s*E-?mail\s*\|\s*Print\s*\|\s*Comments", re.I)


BREADCRUMB_LEVELS = 2  # the breadcrumb is a sibling of the article box or of its parent


class Layout:
    """One layout era of a portal's article pages; subclasses override only what changed.

    Selectors are class attributes, read once and easy to grep; each field has one small method.
    """

    name: ClassVar[str]
    marker_css: ClassVar[str]  # present on every page of this layout, absent from the others
    # The marker's ancestor that holds headline, origin, body and editor line; "": the marker itself.
    box_css: ClassVar[str] = ""
    headline_css: ClassVar[str] = "h1"
    byline_css: ClassVar[str] = ""  # the source line ("(Xinhua)", "By …"); may also hold the time
    time_css: ClassVar[str] = ""
    paragraphs_css: ClassVar[str] = "p"
    body_css: ClassVar[str] = ""  # a body-only container, read line by line when it holds no <p>
    editor_css: ClassVar[str] = ""
    breadcrumb_css: ClassVar[str] = ""
    url_form: ClassVar[re.Pattern[str] | None] = None  # article paths of this era, for tie-breaks

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    @property
    def qualified_name(self) -> str:
        """``peoples_daily.Layout2013``: the value recorded in each record's ``layout``."""
        return f"{self.portal.name}.{self.name}"

    def article_box(self, sel: Selector) -> Selector | None:
        """The part of the page the article's own fields are read from; None without the DOM marker.

        Fields are looked up inside it: on a 50 KB page each query over the whole document costs
        ~50–100 µs, inside the box a few. A page with the marker but no box is read whole.
        """
        marker = first(sel.root, self.marker_css)
        if marker is None:
            return None
        if self.box_css:
            marker = next((a for a in marker.iterancestors() if matches(a, self.box_css)), None)
        return Selector(root=marker, type="html") if marker is not None else sel

    def extract(self, sel: Selector, url: str, box: Selector | None = None) -> RawArticle:
        """Read every field off the page: the article's from its box, the rest from ``<head>``."""
        if box is None:  # a Selector's truth is its serialised markup: test for None, never truthiness
            box = self.article_box(sel)
            box = sel if box is None else box
        body_nodes = self._body_nodes(box)
        paragraphs, images = self.body(body_nodes, url)
        byline, published_raw = self.origin(box)
        metas = head_metas(sel)
        return RawArticle(
            url=url,
            site=self.portal.name,
            layout=self.qualified_name,
            headline=self.headline(box) or self.portal.page_title(sel),
            byline=byline,
            published_raw=published_raw,
            published_hint=metas.get("publishdate"),
            editors_raw=self.editors_raw(box, body_nodes) or self.editors_raw(sel, []),
            paragraphs=paragraphs,
            images=images,
            canonical_url=self.canonical_url(sel, url),
            section=self.section(box, url),
            keywords=split_keywords(metas.get("keywords")),
            description=metas.get("description"),
            language=clean_or_none(_first_text(sel.root, _LANG)) or self.portal.language,
            timezone=self.portal.timezone,
            article_id=self.portal.article_id(url),
        )

    def headline(self, sel: Selector) -> str | None:
        heading = first(sel.root, self.headline_css)
        return clean_or_none(text_of(heading)) if heading is not None else None

    def origin(self, sel: Selector) -> tuple[str | None, str | None]:
        """The source line and the time line, ``(byline, time)``.

        Pages put them in one element (``(Xinhua) 08:32, April 25, 2013``) or in two; when the layout's
        elements are missing, the lines right under the headline are read instead.
        """
        root = sel.root
        nodes = [*select(root, self.byline_css), *select(root, self.time_css)] if self.byline_css else []
        byline, published = split_origin(" ".join(_unique_texts(nodes)))
        heading = first(root, self.headline_css) if published is None else None
        if heading is not None:
            under_headline = islice((e for e in heading.itersiblings() if isinstance(e.tag, str)), 3)
            for text in _unique_texts(under_headline):
                found_byline, published = split_origin(text)
                byline = byline or (found_byline if published or is_source_line(text) else None)
                if published:
                    break
        return byline, published

    def editors_raw(self, sel: Selector, body_nodes: list[Any]) -> str | None:
        """The editor credit, from its own element or, failing that, from the body's last lines."""
        candidates = select(sel.root, self.editor_css) if self.editor_css else []
        texts = chain(map(text_of, candidates), map(text_of, reversed(body_nodes)))
        for text in texts:
            line = find_editor_line(text)
            if line:
                return line
        return None

    def section(self, box: Selector, url: str) -> str | None:
        """The breadcrumb's last link (``Home>>China`` → ``China``), else the section the URL names."""
        trail = self.breadcrumb(box)
        crumbs = list(trail.iter("a")) if trail is not None else []
        if len(crumbs) > 1:
            return clean_or_none(text_of(crumbs[-1]))
        return self.portal.section_name(url)

    def breadcrumb(self, box: Selector) -> Any | None:
        """The breadcrumb beside the article box, or beside the box's parent.

        Both eras print it in the column that holds the box, above it; looking only there keeps this
        to a few elements instead of a walk over the whole page.
        """
        if not self.breadcrumb_css:
            return None
        if box.root.getparent() is None:  # no box: the page is read whole
            return first(box.root, self.breadcrumb_css)
        for ancestor in islice(box.root.iterancestors(), BREADCRUMB_LEVELS):
            for child in ancestor:
                if matches(child, self.breadcrumb_css):
                    return child
        return None

    def canonical_url(self, sel: Selector, url: str) -> str | None:
        href = _first_text(sel.root, _CANONICAL)
        return urljoin(url, href.strip()) if href and href.strip() else None

    def body(self, nodes: list[Any], url: str) -> tuple[list[str], list[Image]]:
        """Text paragraphs and images, without captions, players, share and editor lines.

        Captions are the centred paragraph right after an image-only paragraph, as both eras print
        them (``<p style="text-align: center;">… (Photo/Xinhua)</p>``), or a credit-ending line there.
        Paragraphs are read through lxml directly: a page has dozens, and this is the hot loop.
        """
        paragraphs: list[str] = []
        images: list[Image] = []
        after_image: list[Image] = []
        for element in nodes:
            leaf = len(element) == 0  # most paragraphs: plain text, nothing inside to look for
            text = clean_text(text_of(element))
            if _is_media(element, leaf) or "showPlayer(" in text:
                after_image = []
                continue
            sources = [] if leaf and element.tag != "img" else _image_sources(element)
            node_images = [Image(urljoin(url, src.strip())) for src in sources]
            images.extend(node_images)
            if node_images and not text:
                after_image = node_images
                continue
            if node_images and _is_caption(element, text):  # <p align=center><img><br>caption</p>
                node_images[-1].caption = text
                after_image = []
                continue
            if after_image and text and _is_caption(element, text):
                after_image[-1].caption = text
                after_image = []
                continue
            after_image = []
            if editor_line := find_editor_line(text):  # "…said. (Web editor: A)" keeps "…said."
                text = clean_text(text.replace(editor_line, ""))
            if text and not _SHARE_LINE.match(text):
                paragraphs.append(text)
        return paragraphs, images

    def _body_nodes(self, sel: Selector) -> list[Any]:
        """The body's paragraph elements (lxml: this is the hot loop of a page)."""
        return select(sel.root, self.paragraphs_css) or self._lines_of_body(sel)

    def _lines_of_body(self, sel: Selector) -> list[Any]:
        """A body written as text and ``<br>`` without ``<p>``, as one pseudo-paragraph per line."""
        container = sel.css(self.body_css)[:1] if self.body_css else []
        if not container:
            return []
        html = container[0].get() or ""
        inner = html[html.find(">") + 1 : html.rfind("<")]
        lines = [Selector(text=f"<p>{line}</p>") for line in _BREAKS.split(inner) if line.strip()]
        return [first(line.root, "p") for line in lines]


def _is_media(element: Any, leaf: bool) -> bool:
    """A player or embed, or a paragraph holding one."""
    return element.tag in _MEDIA_TAGS or (not leaf and next(element.iter(*_MEDIA_TAGS), None) is not None)


def _image_sources(element: Any) -> list[str]:
    return [src for img in element.iter("img") if (src := (img.get("src") or "").strip())]


def _is_caption(element: Any, text: str) -> bool:
    style = element.get("style") or element.get("align") or ""
    return (
        bool(_CENTRED.search(style))
        or bool(_CREDIT.search(text))
        or bool(_CAPTION_CLASS.search(element.get("class") or ""))
    )


# Compiled once: compiling an XPath costs more than running these short paths into <head>.
_ALL_HREFS = etree.XPath("//a/@href", smart_strings=False)  # plain strings: a third faster
_LANG = etree.XPath("/html/@lang", smart_strings=False)
_CANONICAL = etree.XPath("/html/head/link[@rel='canonical']/@href", smart_strings=False)
_TITLE = etree.XPath("/html/head/title/text()", smart_strings=False)
_HEAD_METAS = etree.XPath("/html/head/meta[@name]")
_ANY_METAS = etree.XPath("//meta[@name]")


def head_metas(sel: Selector) -> dict[str, str]:
    """Every named ``<meta>`` of ``<head>`` by lower-cased name (the first of a name wins), cleaned."""
    metas: dict[str, str] = {}
    for meta in _HEAD_METAS(sel.root) or _ANY_METAS(sel.root):
        content = clean_or_none(meta.get("content"))
        if content:
            metas.setdefault(meta.get("name").strip().lower(), content)
    return metas


def _first_text(root: Any, xpath: etree.XPath) -> str | None:
    """The first string an absolute XPath finds: a cheap path into ``<head>`` before any full walk."""
    found = xpath(root)
    return str(found[0]) if found else None


def _absolute(hrefs: list[str], base_url: str) -> list[str]:
    return UrlJoiner(base_url).join_all(hrefs)


def _unique_texts(nodes: Iterable[Any]) -> list[str]:
    """Cleaned texts of the elements, in order, skipping empty ones and repeats."""
    texts: dict[str, None] = {}
    for node in nodes:
        text = clean_text(text_of(node))
        if text:
            texts.setdefault(text, None)
    return list(texts)


class Portal:
    """A news portal: hosts, URL rules, the blocks that hold its link lists, and its layouts."""

    name: ClassVar[str]
    hosts: ClassVar[frozenset[str]]
    start_urls: ClassVar[tuple[str, ...]]
    language: ClassVar[str] = "en"
    timezone: ClassVar[tzinfo] = BEIJING
    list_block_css: ClassVar[str] = ""
    list_heading_css: ClassVar[str] = "h1, h2, h3, h4"
    list_skip_css: ClassVar[str] = ""
    pagination_css: ClassVar[str] = ""  # "next page" links of a listing, followed like listing pages
    title_suffix: ClassVar[re.Pattern[str] | None] = None  # the portal's name closing every <title>
    layout_classes: ClassVar[tuple[type[Layout], ...]] = ()  # most specific marker first

    def __init__(self) -> None:
        self.layouts = [cls(self) for cls in self.layout_classes]

    def layout_for(self, sel: Selector, url: str | None) -> Layout:
        """The layout whose evidence the page carries; :class:`UnrecognisedLayout` if none."""
        return self.layout_and_box(sel, url)[0]

    def layout_and_box(self, sel: Selector, url: str | None) -> tuple[Layout, Selector]:
        """The layout whose evidence the page carries, with its article box; or :class:`UnrecognisedLayout`.

        The DOM marker decides; should two layouts' markers both be present, the one whose URL forms
        match the page's URL wins (the crawl date never enters into it).
        """
        path = urlsplit(url).path if url else ""
        by_url_first = sorted(
            self.layouts, key=lambda layout: not (layout.url_form and layout.url_form.match(path))
        )
        # The same choice as testing every marker, but a page of the URL's own layout needs one walk.
        for layout in by_url_first:
            if (box := layout.article_box(sel)) is not None:
                return layout, box
        raise UnrecognisedLayout(url or "page")

    def extract(self, sel: Selector, url: str) -> RawArticle:
        layout, box = self.layout_and_box(sel, url)
        return layout.extract(sel, url, box)

    def lists(self, sel: Selector, url: str) -> list[PageList]:
        """The named link lists the page shows; a list without a heading takes the page's title."""
        untitled = self.page_title(sel) or ""
        return find_lists(sel, url, self.list_block_css, self.list_heading_css, self.list_skip_css, untitled)

    def page_title(self, sel: Selector) -> str | None:
        """``<title>`` without the portal's name: ``World - People's Daily Online`` → ``World``."""
        title = clean_text(_first_text(sel.root, _TITLE) or sel.css("title::text").get())
        return clean_or_none(self.title_suffix.sub("", title)) if self.title_suffix else clean_or_none(title)

    def links(self, sel: Selector, url: str) -> list[str]:
        """Every link on the page, absolute, for finding listing pages (navigation, pagination)."""
        return _absolute(_ALL_HREFS(sel.root), url)

    def pagination_links(self, sel: Selector, url: str) -> list[str]:
        """The page's "next page" / "More" links, absolute."""
        anchors = select(sel.root, self.pagination_css) if self.pagination_css else []
        return _absolute([href for a in anchors if (href := a.get("href")) is not None], url)

    def is_own_host(self, url: str) -> bool:
        return (urlsplit(url).hostname or "") in self.hosts

    # URL rules: overridden by each portal module.
    def classify(self, url: str) -> Link:
        raise NotImplementedError

    def article_id(self, url: str) -> str | None:
        link = self.classify(url)
        return link.article_id if link.kind is LinkKind.ARTICLE else None

    def section_name(self, url: str) -> str | None:
        return None
