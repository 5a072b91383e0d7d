"""What every portal module declares: its hosts, URL rules, sources, link lists and article layouts.

A portal module (``peoples_daily.py``) subclasses :class:`Portal` once and :class:`Layout` once per layout
era. Layouts are chosen from evidence in the page (a DOM marker, then URL form and host), never from the
crawl date. The base classes hold no portal's rules: what one portal prints differently (its caption
credits, a share line, where its breadcrumb sits, its timezone) is a class attribute or a small hook
method that its module sets or overrides. Nothing here imports Scrapy: a layout is a function of an lxml
element tree and a URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from enum import Enum
from functools import lru_cache
from itertools import chain
from typing import ClassVar, TypeVar
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.extract.byline import (
    GENERIC_VOCABULARY,
    Vocabulary,
    find_editor_line,
    is_source_line,
    parse_byline,
    parse_editors,
    split_origin,
)
from newscrawl.extract.css import first, matches, select, text_of
from newscrawl.extract.dates import parse_datetime
from newscrawl.extract.links import PageList, UrlJoiner, absolute_url, find_lists, host_of
from newscrawl.extract.text import clean_or_none, clean_text, split_at_breaks, split_keywords

Element = etree._Element
T = TypeVar("T")


class LinkKind(Enum):
    """What a link leads to, by its URL (a page's content may still say otherwise: ``newscrawl.page``)."""

    ARTICLE = "article"
    LISTING = "listing"  # front page, section index, section pagination
    NON_ARTICLE = "non_article"  # galleries, "About us", feeds, files
    OFFSITE = "offsite"
    UNKNOWN = "unknown"  # on the portal, of no known form: fetched when a list links it, then judged
    SOURCE = "source"  # a sitemap or feed: fetched, and its entries followed


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

    url: str | None  # None: a relative address on a page whose own address is not known
    caption: str | None = None


@dataclass(slots=True)
class RawArticle:
    """What a layout reads off an article page: typed values, the strings they came from, and the rules.

    Typed values (``published``, ``authors``, ``editors``) are what the record builder uses; the display
    strings (``byline``, ``published_raw``, ``editors_raw``) stay as evidence, and are parsed by the
    builder only where a layout left the typed value unset (``None``). ``rules`` names, per record
    field, the rule that produced the value (``layout``, ``meta``, ``url``, …: ``metadata.fieldSources``).
    """

    url: str | None  # None: a saved page whose address is not known
    site: str
    layout: str
    headline: str | None
    byline: str | None
    published_raw: str | None
    editors_raw: str | None
    paragraphs: list[str]
    images: list[Image]
    canonical_url: str | None
    section: str | None
    keywords: list[str]
    description: str | None
    language: str
    timezone: tzinfo | None  # the portal's, for times printed without an offset; None: none invented
    article_id: str | None = None
    url_date: date | None = None
    published: datetime | None = None
    modified: datetime | None = None
    modified_raw: str | None = None
    authors: list[str] | None = None
    editors: list[str] | None = None
    source_agency: str | None = None  # the credited organisation the layout read (a byline's outlet)
    rules: dict[str, str] = field(default_factory=dict)
    fallback_from: str | None = None  # the portal whose layouts the page matched none of
    # Datelines of a place and a dash alone ("BEIJING - ") are the portal's house style: read them.
    place_only_datelines: bool = False
    url_date_tolerance: timedelta | None = None  # the portal's: its URL date is the publication day
    # A paged article's next page (``…_2.html``), whose text continues this record (``newscrawl.page``).
    next_page: str | None = None


@dataclass(slots=True)
class ListSource:
    """A data file (JSON) a page names as the source of a list it fills by script, as read.

    ``page_list`` holds the file's entries in its order (None: nothing readable); ``problems`` are
    ``(reason, detail)`` pairs, counted and logged as a sitemap's or feed's are.
    """

    page_list: PageList | None
    problems: list[tuple[str, str]] = field(default_factory=list)


class UnrecognisedLayout(Exception):
    """The page matches none of the portal's layouts; it is counted, logged and not guessed at."""


_CENTRED = re.compile(r"text-align\s*:\s*center|^center$", re.I)
_CAPTION_CLASS = re.compile(r"caption|pic_?desc|img_?desc|pic_?txt|photo_?desc", re.I)
_MEDIA_TAGS = ("script", "video", "iframe", "embed", "object")


class Layout:
    """One layout era of a portal's article pages; subclasses override only what changed.

    Selectors are class attributes, read once and easy to grep; each field has one small method. The
    hooks a portal tunes: ``caption_credit``, ``skip_line``, ``player_markers``, ``lines_under_headline``
    and :meth:`breadcrumb`.
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
    # A body line that is a photo credit, and so a caption wherever it stands after an image.
    caption_credit: ClassVar[re.Pattern[str] | None] = None
    skip_line: ClassVar[re.Pattern[str] | None] = None  # body lines that are page furniture
    player_markers: ClassVar[tuple[str, ...]] = ()  # text of a paragraph that only holds a player
    # Elements after the headline read for the source and time lines when the layout's are missing.
    lines_under_headline: ClassVar[int] = 0

    def __init__(self, portal: Portal) -> None:
        self.portal = portal

    @property
    def qualified_name(self) -> str:
        """``peoples_daily.Layout2013``: the value recorded in each record's ``layout``."""
        return f"{self.portal.name}.{self.name}"

    def article_box(self, root: Element) -> Element | None:
        """The part of the page the article's own fields are read from; None without the DOM marker.

        Fields are looked up inside it: on a 50 KB page each query over the whole document costs
        ~50–100 µs, inside the box a few. A page with the marker but no box is read whole.
        """
        marker = first(root, self.marker_css)
        if marker is None:
            return None
        if not self.box_css:
            return marker
        return next((a for a in marker.iterancestors() if matches(a, self.box_css)), root)

    def extract(self, root: Element, url: str, box: Element | None = None) -> RawArticle:
        """Read every field off the page: the article's from its box, the rest from ``<head>``."""
        if box is None:
            box = self.article_box(root)
            box = root if box is None else box
        portal = self.portal
        body_nodes = self._body_nodes(box)
        paragraphs, images = self.body(body_nodes, url)
        byline, published_raw = self.origin(box)
        metas = head_metas(root)
        rules: dict[str, str] = {}
        headline = _noted(rules, "headline", "layout", self.headline(box)) or _noted(
            rules, "headline", "title", portal.page_title(root)
        )
        published = parse_datetime(published_raw, portal.timezone)
        if published is None and (hint := portal.published_hint(metas)):
            published = _noted(rules, "datePublished", "meta", parse_datetime(hint, portal.timezone))
            published_raw = published_raw or hint
        _noted(rules, "datePublished", "layout", published)
        modified_raw = portal.modified_hint(metas)
        modified = _noted(rules, "dateModified", "meta", parse_datetime(modified_raw, portal.timezone))
        credited = parse_byline(byline, portal.byline_vocabulary)
        editors_raw = self.editors_raw(box, body_nodes) or self.editors_raw(root, [])
        section = _noted(rules, "section", "layout", self.breadcrumb_section(root, box)) or _noted(
            rules, "section", "url", portal.section_name(url)
        )
        language = _noted(rules, "inLanguage", "html", clean_or_none(_first_text(root, _LANG)))
        link = portal.classify(url)
        for name, rule, value in (
            ("byline", "layout", byline),
            ("authors", "layout", credited.authors),
            ("sourceAgency", "layout", credited.outlet),
            ("editors", "layout", editors_raw),
            ("articleBody", "layout", paragraphs),
            ("images", "layout", images),
            ("keywords", "meta", metas.get("keywords")),
            ("description", "meta", metas.get("description")),
        ):
            _noted(rules, name, rule, value)
        canonical = _noted(rules, "canonicalUrl", "html", self.canonical_url(root, url))
        return RawArticle(
            url=url or None,
            site=portal.name,
            layout=self.qualified_name,
            headline=headline,
            byline=byline,
            published_raw=published_raw,
            editors_raw=editors_raw,
            paragraphs=paragraphs,
            images=images,
            canonical_url=canonical,
            section=section,
            keywords=split_keywords(metas.get("keywords")),
            description=metas.get("description"),
            language=language or _noted(rules, "inLanguage", "portal", portal.language),
            timezone=portal.timezone,
            article_id=link.article_id if link.kind is LinkKind.ARTICLE else None,
            url_date=link.url_date,
            published=published,
            modified=modified,
            modified_raw=modified_raw,
            authors=list(credited.authors),
            editors=parse_editors(editors_raw),
            source_agency=credited.outlet,
            rules=rules,
            place_only_datelines=portal.place_only_datelines,
            url_date_tolerance=portal.url_date_tolerance,
        )

    def headline(self, box: Element) -> str | None:
        heading = first(box, self.headline_css)
        return clean_or_none(text_of(heading)) if heading is not None else None

    def origin(self, box: Element) -> tuple[str | None, str | None]:
        """The source line and the time line, ``(byline, time)``.

        Pages put them in one element (``(Xinhua) 08:32, April 25, 2013``) or in two. What the layout's
        elements do not hold is looked for in the ``lines_under_headline`` elements under the headline:
        the time line, and a source line printed apart, in an element of its own, between the headline
        and the time line (``<h1>…</h1><div>(People's Daily App)</div><div id=p_publishtime>…``).
        """
        nodes = [*select(box, self.byline_css), *select(box, self.time_css)] if self.byline_css else []
        byline, published = split_origin(" ".join(_unique_texts(nodes)))
        if (byline and published) or not self.lines_under_headline:
            return byline, published
        heading = first(box, self.headline_css)
        lines = list(_next_elements(heading, self.lines_under_headline)) if heading is not None else []
        if published is not None:
            # Only the lines above the layout's time line: below it the body starts.
            at = next((i for i, line in enumerate(lines) if _holds_any(line, nodes)), None)
            lines = lines[:at] if at is not None else []
        for line in lines:
            text = clean_text(text_of(line))
            found_byline, found_time = split_origin(text)
            if byline is None and (found_time or is_source_line(text)):
                byline = found_byline
            if found_time:
                return byline, published or found_time
        return byline, published

    def editors_raw(self, scope: Element, body_nodes: list[Element]) -> str | None:
        """The editor credit, from its own element or, failing that, from the body's last lines."""
        candidates = select(scope, self.editor_css) if self.editor_css else []
        for text in chain(map(text_of, candidates), map(text_of, reversed(body_nodes))):
            line = find_editor_line(text)
            if line:
                return line
        return None

    def breadcrumb_section(self, root: Element, box: Element) -> str | None:
        """The breadcrumb's last link (``Home>>China`` → ``China``)."""
        trail = self.breadcrumb(root, box)
        crumbs = list(trail.iter("a")) if trail is not None else []
        return clean_or_none(text_of(crumbs[-1])) if len(crumbs) > 1 else None

    def breadcrumb(self, root: Element, box: Element) -> Element | None:
        """The page's breadcrumb element: the first match of ``breadcrumb_css``."""
        return first(root, self.breadcrumb_css) if self.breadcrumb_css else None

    def canonical_url(self, root: Element, url: str) -> str | None:
        return stated_address(root, url)

    def body(self, nodes: list[Element], url: str) -> tuple[list[str], list[Image]]:
        """Text paragraphs and images, without captions, players, furniture and editor lines.

        A caption is the centred (or caption-classed) paragraph right after an image-only paragraph, or a
        ``caption_credit`` line there. Paragraphs are read through lxml directly: this is the hot loop.
        """
        paragraphs: list[str] = []
        images: list[Image] = []
        after_image: list[Image] = []
        for element in nodes:
            leaf = len(element) == 0  # most paragraphs: plain text, nothing inside to look for
            text = clean_text(text_of(element))
            if _is_media(element, leaf) or self._is_player(text):
                after_image = []
                continue
            sources = [] if leaf and element.tag != "img" else _image_sources(element)
            node_images = [Image(absolute_url(url, src)) for src in sources]
            images.extend(node_images)
            if node_images and not text:
                after_image = node_images
                continue
            caption_for = node_images or after_image
            if caption_for and text and self.is_caption(element, text):  # <p align=center><img><br>caption
                caption_for[-1].caption = text
                after_image = []
                continue
            after_image = []
            if editor_line := find_editor_line(text):  # "…said. (Web editor: A)" keeps "…said."
                text = clean_text(text.replace(editor_line, ""))
            if text and not (self.skip_line and self.skip_line.match(text)):
                paragraphs.append(text)
        return paragraphs, images

    def is_caption(self, element: Element, text: str) -> bool:
        """Printed as a caption (centred, or of a caption class), or a photo credit line."""
        style = element.get("style") or element.get("align") or ""
        return (
            bool(_CENTRED.search(style))
            or bool(_CAPTION_CLASS.search(element.get("class") or ""))
            or bool(self.caption_credit and self.caption_credit.search(text))
        )

    def _is_player(self, text: str) -> bool:
        return any(marker in text for marker in self.player_markers)

    def _body_nodes(self, box: Element) -> list[Element]:
        """The body's paragraph elements (lxml: this is the hot loop of a page)."""
        nodes = select(box, self.paragraphs_css)
        if nodes or not self.body_css:
            return nodes
        container = first(box, self.body_css)
        return split_at_breaks(container) if container is not None else []


def stated_address(root: Element, url: str) -> str | None:
    """``<link rel=canonical>``, else ``og:url``, made absolute (None if that gives no http(s) URL)."""
    href = _first_text(root, _CANONICAL) or _first_text(root, _OG_URL)
    return absolute_url(url, href) if href and href.strip() else None


def _noted(rules: dict[str, str], name: str, rule: str, value: T) -> T:
    """``value``, with ``rule`` recorded as its source when it is the field's first non-empty value."""
    if value and name not in rules:
        rules[name] = rule
    return value


def _is_media(element: Element, leaf: bool) -> bool:
    """A player or embed, or a paragraph holding one."""
    return element.tag in _MEDIA_TAGS or (not leaf and next(element.iter(*_MEDIA_TAGS), None) is not None)


def _image_sources(element: Element) -> list[str]:
    return [src for img in element.iter("img") if (src := (img.get("src") or "").strip())]


def _holds_any(element: Element, nodes: list[Element]) -> bool:
    """``element`` is one of ``nodes`` or holds one of them."""
    return any(node is element or any(a is element for a in node.iterancestors()) for node in nodes)


def _next_elements(element: Element, count: int) -> Iterator[Element]:
    """The next ``count`` sibling elements (comments and processing instructions skipped)."""
    siblings = (e for e in element.itersiblings() if isinstance(e.tag, str))
    for _, sibling in zip(range(count), siblings, strict=False):
        yield sibling


# Compiled once: compiling an XPath costs more than running these short paths into <head>.
_ALL_HREFS = etree.XPath("//a/@href", smart_strings=False)  # plain strings: a third faster
_LANG = etree.XPath("/html/@lang", smart_strings=False)
_CANONICAL = etree.XPath("/html/head/link[@rel='canonical']/@href", smart_strings=False)
_OG_URL = etree.XPath("/html/head/meta[@property='og:url']/@content", smart_strings=False)
_TITLE = etree.XPath("/html/head/title/text()", smart_strings=False)
_ANY_TITLE = etree.XPath("//title/text()", smart_strings=False)
_HEAD_METAS = etree.XPath("/html/head/meta[@name]")
_ANY_METAS = etree.XPath("//meta[@name]")


def head_metas(root: Element) -> dict[str, str]:
    """Every named ``<meta>`` by lower-cased name (the first of a name wins), cleaned.

    ``<head>`` is read first; a page whose parser pushed the metas into ``<body>`` is searched whole.
    """
    metas: dict[str, str] = {}
    found = _HEAD_METAS(root) or _ANY_METAS(root)
    for meta in found if isinstance(found, list) else []:
        if not isinstance(meta, Element):
            continue
        content = clean_or_none(meta.get("content"))
        name = meta.get("name")
        if content and name:
            metas.setdefault(name.strip().lower(), content)
    return metas


def _first_text(root: Element, xpath: etree.XPath) -> str | None:
    """The first string an absolute XPath finds: a cheap path into ``<head>`` before any full walk."""
    found = xpath(root)
    return str(found[0]) if isinstance(found, list) and found else None


def _unique_texts(nodes: Iterable[Element]) -> list[str]:
    """Cleaned texts of the elements, in order, skipping empty ones and repeats."""
    texts: dict[str, None] = {}
    for node in nodes:
        text = clean_text(text_of(node))
        if text:
            texts.setdefault(text, None)
    return list(texts)


# The links classified once and remembered: the navigation and side lists that repeat on every page
# (a few hundred links); a bigger cache only holds article links seen once, ~1 KB each.
CLASSIFIED_LINKS_KEPT = 1024


@dataclass(frozen=True, slots=True)
class Health:
    """Thresholds under which a run is unhealthy: too few articles, too many pages given up on, a
    field filled in too few records (what a changed layout looks like first)."""

    min_articles: int = 1  # articles found (written, unchanged or known) in the run
    max_error_rate: float = 0.2  # pages given up on / pages finished (a declared feed or sitemap: not)
    min_coverage: dict[str, float] = field(
        default_factory=lambda: {"headline": 0.95, "articleBody": 0.95, "datePublished": 0.8}
    )
    fallbacks_allowed: bool = False  # a page read generically on a known portal: the canary


class Portal:
    """A news portal: hosts, URL rules, the blocks that hold its link lists, and its layouts."""

    name: ClassVar[str]
    title: ClassVar[str]  # "People's Daily Online English"
    hosts: ClassVar[frozenset[str]]
    start_urls: ClassVar[tuple[str, ...]]
    # ``scrapy check`` contracts of the portal's spider, run against its fixture site.
    contracts: ClassVar[tuple[str, ...]] = ()
    language: ClassVar[str] = "en"
    # The zone of times the portal prints without an offset; None: such times stay without one.
    timezone: ClassVar[tzinfo | None] = None
    # <meta name=…> holding the publication time, read when the page prints no time line.
    published_metas: ClassVar[tuple[str, ...]] = ()
    # <meta name=…> holding the modification time (a layout that prints one overrides modified_hint).
    modified_metas: ClassVar[tuple[str, ...]] = ()
    byline_vocabulary: ClassVar[Vocabulary] = GENERIC_VOCABULARY
    list_block_css: ClassVar[str] = ""
    list_heading_css: ClassVar[str] = "h1, h2, h3, h4"
    list_skip_css: ClassVar[str] = ""
    pagination_css: ClassVar[str] = ""  # "next page" links of a listing, followed like listing pages
    # Whether every page link of no known form is followed (the generic site), not only listings'.
    follows_unknown_links: ClassVar[bool] = False
    # Whether feeds a page declares (<link rel="alternate">) are read; a portal declares its own.
    discovers_feeds: ClassVar[bool] = False
    # Whether a place in capitals and a dash alone opens the body as a dateline (``BEIJING - ``).
    place_only_datelines: ClassVar[bool] = False
    # A printed date further than this from the URL's date is wrong and the URL's day stands (China
    # Daily's Buddhist-era years, mistyped days); None: only an impossible year is replaced.
    url_date_tolerance: ClassVar[timedelta | None] = None
    # Sitemaps and feeds where the portal's articles are found, besides its link lists.
    sitemaps: ClassVar[tuple[str, ...]] = ()
    feeds: ClassVar[tuple[str, ...]] = ()
    title_suffix: ClassVar[re.Pattern[str] | None] = None  # the portal's name closing every <title>
    layout_classes: ClassVar[tuple[type[Layout], ...]] = ()  # most specific marker first
    # What a healthy run over the portal looks like (the run's exit status; a layout-change canary).
    health: ClassVar[Health] = Health()
    classify: Callable[[str], Link]  # classify_url, cached per portal

    def __init__(self) -> None:
        self.layouts = [cls(self) for cls in self.layout_classes]
        # Navigation and side lists repeat on every page: their links are classified once.
        self.classify = lru_cache(maxsize=CLASSIFIED_LINKS_KEPT)(self.classify_url)

    def layout_for(self, root: Element, url: str | None) -> Layout:
        """The layout whose evidence the page carries; :class:`UnrecognisedLayout` if none."""
        return self.layout_and_box(root, url)[0]

    def layout_and_box(self, root: Element, url: str | None) -> tuple[Layout, Element]:
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
            if (box := layout.article_box(root)) is not None:
                return layout, box
        raise UnrecognisedLayout(url or "page")

    def extract(self, root: Element, url: str) -> RawArticle:
        layout, box = self.layout_and_box(root, url)
        return layout.extract(root, url, box)

    def lists(self, root: Element, url: str) -> list[PageList]:
        """The named link lists the page shows; a list without a heading takes the page's title."""
        if not self.list_block_css:
            return []
        untitled = self.page_title(root) or ""
        return find_lists(root, url, self.list_block_css, self.list_heading_css, self.list_skip_css, untitled)

    def page_title(self, root: Element) -> str | None:
        """``<title>`` without the portal's name: ``World - People's Daily Online`` → ``World``."""
        title = clean_text(_first_text(root, _TITLE) or _first_text(root, _ANY_TITLE))
        return clean_or_none(self.title_suffix.sub("", title)) if self.title_suffix else clean_or_none(title)

    def published_hint(self, metas: dict[str, str]) -> str | None:
        """The publication time a ``<meta>`` gives, for pages that print no time line."""
        return next((metas[name] for name in self.published_metas if name in metas), None)

    def modified_hint(self, metas: dict[str, str]) -> str | None:
        """The modification time the page states, if it states one."""
        return next((metas[name] for name in self.modified_metas if name in metas), None)

    def links(self, root: Element, url: str) -> list[str]:
        """Every link on the page, absolute, for finding listing pages (navigation, pagination)."""
        hrefs = _ALL_HREFS(root)
        return UrlJoiner(url).join_all([str(h) for h in hrefs] if isinstance(hrefs, list) else [])

    def pagination_links(self, root: Element, url: str) -> list[str]:
        """The page's "next page" / "More" links, absolute."""
        anchors = select(root, self.pagination_css) if self.pagination_css else []
        return UrlJoiner(url).join_all([href for a in anchors if (href := a.get("href")) is not None])

    def list_source_urls(self, root: Element, url: str) -> list[str]:
        """The data files a page names as the source of a list it fills by script; by default none.

        A portal whose list pages print an empty ``<ul>`` and load their entries from a JSON file names
        those files here; they are followed like listing pages and read by :meth:`read_list_source`.
        """
        return []

    def read_list_source(self, body: bytes, url: str) -> ListSource | None:
        """``body`` read as one of the portal's list data files; None when ``url`` is not one (default).

        Called for every fetched page before its content is sniffed: it decides by the URL first.
        """
        return None

    def is_own_host(self, url: str) -> bool:
        return host_of(urlsplit(url)) in self.hosts

    # URL rules: overridden by each portal module.
    def classify_url(self, url: str) -> Link:
        raise NotImplementedError

    def article_id(self, url: str) -> str | None:
        link = self.classify(url)
        return link.article_id if link.kind is LinkKind.ARTICLE else None

    def section_name(self, url: str) -> str | None:
        return None
