"""The generic extractor: any news page, no site module, one small rule per field.

:mod:`newscrawl.extract.metadata` reads the candidates (JSON-LD, OpenGraph, named metas, ``<time>``,
bylines); this module chooses among them and reads the body with trafilatura. Each field's rule is a
function of its own, named after the field, and records where the value came from in
``GenericFields.sources`` (record field name → one of the slugs of docs/record.md: ``jsonld``,
``opengraph``, ``meta``, ``time``, ``byline``, ``h1``, ``title``, ``html``, ``body``, ``figure``,
``url``).

The page is parsed once, by :func:`newscrawl.page.parse_html_for_generic`: trafilatura accepts a
parsed tree only as an ``lxml.html.HtmlElement`` and copies it before cleaning it, so the caller's tree
is left as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.byline import (
    GENERIC_VOCABULARY,
    find_editor_line,
    looks_like_outlet,
    parse_byline,
    split_origin,
)
from newscrawl.extract.css import text_of
from newscrawl.extract.dates import find_timestamp, parse_stated_datetime
from newscrawl.extract.links import absolute_url
from newscrawl.extract.metadata import (
    NEWS_TYPES,
    VIDEO_TYPES,
    BylineCandidate,
    JsonLd,
    TimeCandidate,
    first_meta,
    read_bylines,
    read_jsonld,
    read_metas,
    read_times,
    strip_by,
)
from newscrawl.extract.text import clean_text, split_keywords

Metas = dict[str, list[str]]


@dataclass(slots=True)
class GenericFields:
    """Every field the generic path reads off a page, with the rule that produced each one."""

    headline: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    published_raw: str | None = None
    modified: datetime | None = None
    modified_raw: str | None = None
    canonical_url: str | None = None
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    description: str | None = None
    language: str = "und"
    paragraphs: list[str] = field(default_factory=list)
    editors_raw: str | None = None  # an editor credit closing the body, taken out of it
    source_agency: str | None = None  # the organisation the byline credits
    images: list[tuple[str, str | None]] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class _Page:
    """The candidates of one page, read once and shared by the field rules."""

    root: etree._Element
    url: str
    jsonld: JsonLd
    metas: Metas
    heading: etree._Element | None
    site_names: list[str]


def read_generic(root: HtmlElement, url: str) -> GenericFields:
    """Every field of the article page ``root`` (an ``lxml.html`` tree; see the module docstring)."""
    page = _read_page(root, url)
    fields = GenericFields()
    sources = fields.sources
    fields.headline = _record(sources, "headline", choose_headline(page))
    byline_candidates = read_bylines(root, page.heading)
    fields.byline = _record(sources, "byline", choose_byline(byline_candidates))
    fields.source_agency = _record(sources, "sourceAgency", choose_agency(fields.byline))
    fields.authors = _record(sources, "authors", choose_authors(page, byline_candidates)) or []
    published = _record(sources, "datePublished", choose_published(page))
    if published:
        fields.published_raw, fields.published = published
    modified = _record(sources, "dateModified", choose_modified(page))
    if modified:
        fields.modified_raw, fields.modified = modified
    fields.canonical_url = _record(sources, "canonicalUrl", choose_canonical_url(page))
    fields.section = _record(sources, "section", choose_section(page))
    fields.keywords = _record(sources, "keywords", choose_keywords(page)) or []
    fields.description = _record(sources, "description", choose_description(page))
    fields.language = _record(sources, "inLanguage", choose_language(page)) or "und"
    fields.paragraphs = _record(sources, "articleBody", body_paragraphs(root, url, fields)) or []
    fields.images = _record(sources, "images", choose_images(page)) or []
    return fields


Choice = tuple[Any, str] | None


def _record(sources: dict[str, str], name: str, choice: Choice) -> Any:
    """The chosen value, its source noted under the record field ``name`` (nothing for empty values)."""
    if choice is None or not choice[0]:
        return None
    value, source = choice
    sources[name] = source
    return value


def _read_page(root: etree._Element, url: str) -> _Page:
    jsonld = read_jsonld(root)
    metas = read_metas(root)
    names = [
        *metas.get("og:site_name", []),
        *(meta for meta in metas.get("application-name", [])),
        *(name for name in (jsonld.article.publisher if jsonld.article else None, jsonld.publisher) if name),
    ]
    return _Page(root, url, jsonld, metas, find_heading(root), names)


# --- headline ---------------------------------------------------------------------------------

# " | Site", " - Site", " – Site", " — Site", " :: Site", " · Site", " » Site", " / Site".
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+|\s*:\s+")


def choose_headline(page: _Page) -> Choice:
    """jsonld ``headline`` > opengraph ``og:title`` > h1 > ``<title>``; the site name removed.

    A JSON-LD headline cut short (ending in ``…`` where og:title or the h1 goes on) gives way to the
    longer one, of which it is the start.
    """
    article = page.jsonld.article
    heading = clean_text(text_of(page.heading)) if page.heading is not None else None
    og_title = first_meta(page.metas, "og:title", "twitter:title")
    candidates = [
        (article.headline if article else None, "jsonld"),
        (og_title[1] if og_title else None, "opengraph"),
        (heading, "h1"),
        (_title_text(page.root), "title"),
    ]
    texts = [
        (strip_site_name(text, page.site_names, page.url), source) for text, source in candidates if text
    ]
    texts = [(text, source) for text, source in texts if text]
    if not texts:
        return None
    best, source = texts[0]
    if best.endswith(("…", "...")):
        stem = best.rstrip(".… ")
        longer = next((c for c in texts[1:] if c[0].startswith(stem) and len(c[0]) > len(stem)), None)
        if longer:
            return longer
    return best, source


def strip_site_name(title: str, site_names: Iterable[str], url: str = "") -> str:
    """``Headline | Site`` → ``Headline`` when ``Site`` is the site's name (or its host's name).

    The site's names are og:site_name, application-name and JSON-LD publisher; a part equal to the
    host without ``www.`` and TLD counts too (``Headline - Northbay Ledger`` on northbayledger.example).
    The name may stand first (``Site: Headline``) as well as last; a title that is the name alone
    is kept.
    """
    title = clean_text(title)
    names = {_name_key(name) for name in site_names if name}
    host_key = _host_key(url)
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title

    def is_site(part: str) -> bool:
        key = _name_key(part)
        return bool(key) and (key in names or (len(key) >= 4 and key == host_key))

    separators = _TITLE_SEPARATOR.findall(title)
    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
        separators.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
        separators.pop(0)
    out = parts[0]
    for separator, part in zip(separators, parts[1:], strict=True):
        out += separator + part
    return out


def _name_key(text: str) -> str:
    """A site name compared loosely: case, spaces and punctuation ignored, ``www.`` and TLD dropped."""
    text = text.casefold().strip().removeprefix("www.")
    if _DOMAIN.fullmatch(text):
        text = text.rsplit(".", 2 if _SECOND_LEVEL.search(text) else 1)[0]
    return re.sub(r"[\W_]+", "", text)


_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}")
_SECOND_LEVEL = re.compile(r"\.(?:co|com|org|net|gov|ac)\.[a-z]{2}$")


def _host_key(url: str) -> str:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    labels = host.split(".")
    return _name_key(labels[-2] if len(labels) >= 2 else host)


def find_heading(root: etree._Element) -> etree._Element | None:
    """The article's ``<h1>``: the first inside ``<article>`` or ``<main>``, else the page's first."""
    for container in _containers(root):
        heading = next(container.iter("h1"), None)
        if heading is not None and clean_text(text_of(heading)):
            return heading
    return next((h for h in root.iter("h1") if clean_text(text_of(h))), None)


def _containers(root: etree._Element) -> Iterator[etree._Element]:
    yield from root.iter("article")
    yield from root.iter("main")


def _title_text(root: etree._Element) -> str | None:
    title = next(root.iter("title"), None)
    return clean_text(text_of(title)) or None if title is not None else None


# --- byline and authors -----------------------------------------------------------------------

_NAME_SEPARATORS = re.compile(r"\s*(?:[,;/|·•]|\s(?:and|und|&|y|et|og|och|en|e|i|és|ve)\s)\s*", re.I)
_NOT_NAME = re.compile(r"\d|@|https?:|www\.|\bupdated?\b|\bpublished\b|\bminutes?\b", re.I)
MAX_NAME_WORDS = 5


# Credits that name someone other than the writer: "Foto: …", "Photo: …", "Bild: …".
_OTHER_CREDIT = re.compile(
    r"^\s*(?:fotos?|photos?|bild(?:er)?|images?|grafik|illustration|video)\b\s*[:：]", re.I
)


def choose_agency(byline: str | None) -> Choice:
    """The organisation a printed byline credits (``By Jane Doe, Reuters`` → Reuters), if any."""
    outlet = parse_byline(byline).outlet if byline else None
    return (outlet, "byline") if outlet else None


def choose_byline(candidates: list[BylineCandidate]) -> Choice:
    """The byline as the body prints it, its printed time taken out: the first candidate that names at
    least one person (``By Jane Doe · 15:00, 10-Jun-2024`` → ``By Jane Doe``)."""
    for candidate in candidates:
        if split_names(candidate.text):
            return without_time(candidate.text), "byline"
    return None


def without_time(line: str) -> str:
    """A byline line without the time printed in it; the line as it is when that would leave nothing."""
    byline, time = split_origin(line)
    return byline if time and byline else line


def choose_authors(page: _Page, bylines: list[BylineCandidate]) -> Choice:
    """jsonld ``author`` (people) > byline text > meta (``author``, ``parsely-author``, ``dc.creator``,
    ``citation_author``, ``sailthru.author``) > opengraph ``article:author`` (a name, not a URL).

    JSON-LD authors typed as organisations count only when the page names no person anywhere
    else (an outlet credited as author is what the page says then).
    """
    article = page.jsonld.article
    people = [person_name(p.name) for p in article.authors if not p.organisation] if article else []
    names = list(dict.fromkeys(_split_all(p for p in people if strip_by(p) != p or _LIST_MARK.search(p))))
    names = [n for n in people if n and not (strip_by(n) != n or _LIST_MARK.search(n))] + names
    if names:
        return names, "jsonld"
    for candidate in bylines:
        names = split_names(candidate.text)
        if names:
            return names, "byline"
    for key in (
        "author",
        "parsely-author",
        "dc.creator",
        "dcterms.creator",
        "citation_author",
        "sailthru.author",
    ):
        values = [v for v in page.metas.get(key, []) if not _NOT_NAME.search(v)]
        names = _split_all(values)
        if names:
            return names, "meta"
    og_names = [v for v in page.metas.get("article:author", []) if not _NOT_NAME.search(v)]
    if names := _split_all(og_names):
        return names, "opengraph"
    organisations = [p.name for p in article.authors if p.organisation] if article else []
    if organisations:
        return organisations, "jsonld"
    return None


_LIST_MARK = re.compile(r"[,;/|]|\s(?:and|und|&|y|et|og|och|en|e|i|és|ve)\s", re.I)
_TRAILING_CODE = re.compile(r"\s*\([^()]{0,40}\)\s*$")


def person_name(text: str) -> str:
    """A credited name without the initials code or role after it: ``Jane Doe (jdo)`` → ``Jane Doe``."""
    return _TRAILING_CODE.sub("", clean_text(text))


def _split_all(texts: Iterable[str]) -> list[str]:
    names: dict[str, None] = {}
    for text in texts:
        for name in split_names(text):
            names.setdefault(name, None)
    return list(names)


def _is_role(name: str) -> bool:
    """A job title, desk or outlet printed beside the names (``Staff writer``, ``Reuters``)."""
    return bool(GENERIC_VOCABULARY.title_pattern.search(name) or looks_like_outlet(name))


def split_names(text: str) -> list[str]:
    """People named by a byline: ``By Jane Doe and Omar Haddad`` → ``["Jane Doe", "Omar Haddad"]``.

    The ``By`` word (in the languages of :data:`metadata.BY_PREFIX`) and a date printed in the line
    go; a part with digits, an address or more than five words is not a name.
    """
    text = clean_text(text)
    if _OTHER_CREDIT.match(text):
        return []
    span = find_timestamp(text)
    if span is not None:
        text = clean_text(text[: span[0]] + " " + text[span[1] :])
    text = strip_by(text)
    names = []
    for part in _NAME_SEPARATORS.split(person_name(text)):
        name = person_name(strip_by(part)).strip(" .:-–—[]")
        if name and not _NOT_NAME.search(name) and len(name.split()) <= MAX_NAME_WORDS and not _is_role(name):
            names.append(name)
    return list(dict.fromkeys(names))


# --- dates ------------------------------------------------------------------------------------

_PUBLISHED_METAS = (
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "parsely-pub-date",
    "citation_publication_date",
    "citation_date",
    "sailthru.date",
    "article.published",
    "published_time",
    "datepublished",
    "og:published_time",
    "article_date_original",
    "original-publish-date",
)
_MODIFIED_METAS = (
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "article.updated",
    "datemodified",
    "og:updated_time",
)
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-]?(?P<m>0[1-9]|1[0-2])[/-]?(?P<d>0[1-9]|[12]\d|3[01])(?:/|\D)"
)

DateChoice = tuple[tuple[str, datetime], str] | None


def choose_published(page: _Page) -> DateChoice:
    """jsonld ``datePublished`` > opengraph ``article:published_time`` > meta > ``<time>`` > url."""
    article = page.jsonld.article
    candidates: list[tuple[str | None, str]] = [
        (article.date_published if article else None, "jsonld"),
        (_meta_value(page.metas, "article:published_time", "og:article:published_time"), "opengraph"),
        (_meta_value(page.metas, *_PUBLISHED_METAS), "meta"),
        (page.jsonld.page.date_published if page.jsonld.page else None, "jsonld"),
        *((time.value, "time") for time in _published_times(page.root)),
    ]
    found = _first_date(candidates)
    return found or _url_date(page.url)


def choose_modified(page: _Page) -> DateChoice:
    """jsonld ``dateModified`` > opengraph ``article:modified_time`` > meta (``last-modified``…)."""
    article = page.jsonld.article
    return _first_date(
        [
            (article.date_modified if article else None, "jsonld"),
            (_meta_value(page.metas, "article:modified_time", "og:article:modified_time"), "opengraph"),
            (_meta_value(page.metas, *_MODIFIED_METAS), "meta"),
            *((time.value, "time") for time in read_times(page.root) if _says(time, "modified")),
        ]
    )


def _says(time: TimeCandidate, what: str) -> bool:
    return what in (time.itemprop or "").lower()


def _published_times(root: etree._Element) -> list[TimeCandidate]:
    """``<time>`` elements that may give the publication: ``itemprop=datePublished`` first, then those
    in the article's header, then the rest; never one that says it is the modification time."""
    times = [time for time in read_times(root) if not _says(time, "modified")]
    return sorted(times, key=lambda time: (not _says(time, "published"), not time.in_header))


def _first_date(candidates: Iterable[tuple[str | None, str]]) -> DateChoice:
    for raw, source in candidates:
        if raw:
            parsed = parse_stated_datetime(raw)
            if parsed is not None:
                return (raw, parsed), source
    return None


def url_date(url: str) -> date | None:
    """The date a URL's path carries (``/2026/11/30/``, ``/2026-11-30-``, ``/20261130/``), if any."""
    match = _URL_DATE.search(urlsplit(url).path + "/")
    if match is None:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _url_date(url: str) -> DateChoice:
    day = url_date(url)
    if day is None:
        return None
    match = _URL_DATE.search(urlsplit(url).path + "/")
    printed = match.group(0).strip("/") if match else day.isoformat()
    return (printed, datetime(day.year, day.month, day.day)), "url"


def _meta_value(metas: Metas, *keys: str) -> str | None:
    found = first_meta(metas, *keys)
    return found[1] if found else None


# --- URL, section, keywords, description, language -------------------------------------------


def choose_canonical_url(page: _Page) -> Choice:
    """``<link rel=canonical>`` > ``og:url`` > the page URL; each only as an absolute http(s) URL."""
    for link in page.root.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical" and (
            address := absolute_url(page.url, link.get("href"))
        ):
            return address, "html"
    if address := absolute_url(page.url, _meta_value(page.metas, "og:url")):
        return address, "opengraph"
    return (page.url, "url") if absolute_url(page.url, page.url) else None


def choose_section(page: _Page) -> Choice:
    """jsonld ``articleSection`` (the first of a list) > ``article:section``."""
    article = page.jsonld.article
    if article and article.section:
        return article.section, "jsonld"
    section = _meta_value(page.metas, "article:section")
    return (section, "opengraph") if section else None


def choose_keywords(page: _Page) -> Choice:
    """jsonld ``keywords`` > ``<meta name=keywords>`` > ``article:tag`` metas, in order, each once."""
    article = page.jsonld.article
    if article and article.keywords:
        return article.keywords, "jsonld"
    if keywords := split_keywords(_meta_value(page.metas, "keywords", "news_keywords")):
        return keywords, "meta"
    tags = list(dict.fromkeys(page.metas.get("article:tag", [])))
    return (tags, "opengraph") if tags else None


def choose_description(page: _Page) -> Choice:
    """``<meta name=description>`` > ``og:description`` > jsonld ``description``."""
    if description := _meta_value(page.metas, "description"):
        return description, "meta"
    if description := _meta_value(page.metas, "og:description"):
        return description, "opengraph"
    article = page.jsonld.article
    return (article.description, "jsonld") if article and article.description else None


def choose_language(page: _Page) -> Choice:
    """``<html lang>`` as written > jsonld ``inLanguage`` > ``og:locale`` (``_`` → ``-``) > ``und``."""
    lang = clean_text(page.root.get("lang") or page.root.get("xml:lang"))
    if lang:
        return lang, "html"
    article = page.jsonld.article
    if article and article.language:
        return article.language, "jsonld"
    locale = _meta_value(page.metas, "og:locale")
    return (locale.replace("_", "-"), "opengraph") if locale else None


# --- images -----------------------------------------------------------------------------------


def choose_images(page: _Page) -> Choice:
    """Figures with an image inside ``<article>`` (else ``<main>``), captioned by ``<figcaption>``;
    else the lead image of JSON-LD ``image``, else ``og:image``."""
    container = next(page.root.iter("article"), None)
    if container is None:
        container = next(page.root.iter("main"), None)
    figures = _figures(container, page.url) if container is not None else []
    if figures:
        return figures, "figure"
    article = page.jsonld.article
    if article and article.images:
        return [(urljoin(page.url, article.images[0]), None)], "jsonld"
    og_image = _meta_value(page.metas, "og:image", "og:image:url")
    return ([(urljoin(page.url, og_image), None)], "opengraph") if og_image else None


def _figures(container: etree._Element, url: str) -> list[tuple[str, str | None]]:
    figures: list[tuple[str, str | None]] = []
    for figure in container.iter("figure"):
        image = next(figure.iter("img"), None)
        src = _image_source(image) if image is not None else None
        if not src:
            continue
        caption = next(figure.iter("figcaption"), None)
        figures.append(
            (urljoin(url, src), clean_text(text_of(caption)) or None if caption is not None else None)
        )
    return figures


def _image_source(image: etree._Element) -> str | None:
    """``src``, else the lazy-loading ``data-src``, else the first URL of ``srcset``."""
    for attribute in ("src", "data-src", "data-original", "data-lazy-src"):
        value = (image.get(attribute) or "").strip()
        if value and not value.startswith("data:"):
            return value
    srcset = image.get("srcset") or image.get("data-srcset") or ""
    candidates = (part.split() for part in srcset.split(","))
    return next((words[0] for words in candidates if words), None)


# --- body -------------------------------------------------------------------------------------


def body_paragraphs(root: HtmlElement, url: str, fields: GenericFields) -> Choice:
    """The article text from trafilatura (its metadata extraction off), cleaned of what we know
    is not body: the headline and the byline when trafilatura keeps them as paragraphs."""
    from trafilatura import bare_extraction

    document = bare_extraction(
        root, url=url, with_metadata=False, include_comments=False, include_tables=True, include_images=False
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text:
        return None
    lines = text.split("\n")
    fields.editors_raw = take_editor_line(lines)
    if fields.editors_raw:
        fields.sources["editors"] = "text"
    paragraphs = clean_paragraphs(lines, fields)
    return (paragraphs, "body") if paragraphs else None


EDITOR_LINE_REACH = 3  # an editor credit closes the body: looked for in its last lines


def take_editor_line(lines: list[str]) -> str | None:
    """The editor credit closing the body (``(Editor: A, B)``), taken out of its line; None if absent."""
    for index in range(len(lines) - 1, max(-1, len(lines) - 1 - EDITOR_LINE_REACH), -1):
        line = find_editor_line(lines[index])
        if line:
            lines[index] = clean_text(lines[index].replace(line, ""))
            return line
    return None


MAX_TAIL_CHARS = 50
# Lines of page furniture a body extractor keeps: an ad slot's label, a "Read more:" link to another story.
_FURNITURE = re.compile(
    r"^(?:advertisement|advertising|anzeige|werbung|publicité|publicidad|sponsored)$"
    r"|^(?:read more|read also|also read|see also|more on this|related(?: stories| articles)?)\s*[:：|»>]",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?…»«“”\"')\]。！？」』]$")


def clean_paragraphs(lines: Iterable[str], fields: GenericFields) -> list[str]:
    """Trafilatura's lines as paragraphs, with what it leaves that is not article text removed.

    Measured on real pages (docs/record.md): whitespace normalised; the headline and the byline
    repeated at the top dropped; a paragraph repeated word for word kept once (consent placeholders,
    "external content" boxes and ad labels repeat, prose does not); and short lines without a
    sentence's closing punctuation at the end dropped (``Comments``, ``Related topics``, share
    labels, a list of related links, the author's name alone): body F1 0.946 → 0.948 on the
    trafilatura text alone.
    """
    skip = {text for text in (fields.headline, fields.byline) if text}
    paragraphs = list(
        dict.fromkeys(text for line in lines if (text := clean_text(line)) and not _FURNITURE.match(text))
    )
    while paragraphs and (paragraphs[0] in skip or without_time(paragraphs[0]) in skip):
        paragraphs.pop(0)
    while paragraphs and len(paragraphs[-1]) < MAX_TAIL_CHARS and not _SENTENCE_END.search(paragraphs[-1]):
        paragraphs.pop()
    return paragraphs


# --- is this page an article? -----------------------------------------------------------------

MIN_ARTICLE_PARAGRAPHS = 3
MIN_ARTICLE_CHARS = 600
MIN_PROSE_CHARS = 80  # a block shorter than this is a teaser line or a caption, not prose
MIN_LISTING_CARDS = 4  # this many <article> teasers without a body among them: a listing
_INLINE_TAGS = frozenset(
    {"span", "b", "strong", "em", "i", "q", "mark", "small", "sup", "sub", "abbr", "time"}
)
# Han, kana and Hangul say in one character what alphabets say in about three.
_DENSE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def article_evidence(root: etree._Element, url: str) -> str | None:
    """Why ``root`` is an article page, or ``None`` when it is not one (listing, video, anything else).

    - ``jsonld:<type>``: a NewsArticle-kind JSON-LD object; ``opengraph:article``: ``og:type=article``.
      Either is believed unless the page is teaser cards (at least :data:`MIN_LISTING_CARDS`
      ``<article>`` elements) without a body of prose.
    - ``article-element``: an ``<article>`` holding at least three prose paragraphs and 600 characters
      (CJK characters counted three times), on a page that is not mostly links (link text longer
      than the prose: a listing, whatever its URL says).
    - a video page (``og:type`` video, or JSON-LD that types only a video) is not an article.
    """
    jsonld = read_jsonld(root)
    og_type = (_meta_value(read_metas(root), "og:type") or "").lower()
    body = next(root.iter("body"), root)
    if (jsonld.article is not None or og_type == "article") and not _teaser_cards(root, body):
        if jsonld.article is not None:
            kinds = set(jsonld.article.types)
            return f"jsonld:{sorted(kinds & NEWS_TYPES or kinds)[0]}"
        return "opengraph:article"
    if og_type.startswith("video") or (jsonld.types & VIDEO_TYPES):
        return None
    if any(_has_body(article) for article in root.iter("article")) and not _mostly_links(body):
        return "article-element"
    return None


def looks_like_listing(root: etree._Element) -> bool:
    """A page of links, not of prose: teaser cards without a body, or link text longer than the prose.

    For pages that carry no article evidence: a listing (counted as such) rather than an article of
    an unknown layout.
    """
    body = next(root.iter("body"), root)
    return _teaser_cards(root, body) or (not _has_body(body) and _mostly_links(body))


def prose_paragraphs(container: etree._Element) -> tuple[int, int]:
    """``(paragraphs, characters)`` of prose under ``container``.

    A prose paragraph is a block whose own text, links and nested blocks left out, is at least
    :data:`MIN_PROSE_CHARS` long, dense scripts weighted (see :func:`_weighted`).
    """
    count = chars = 0
    for element in container.iter("p", "div", "section", "td", "li", "blockquote"):
        length = _weighted(_own_text(element))
        if length >= MIN_PROSE_CHARS:
            count += 1
            chars += length
    return count, chars


def _has_body(container: etree._Element) -> bool:
    count, chars = prose_paragraphs(container)
    return count >= MIN_ARTICLE_PARAGRAPHS and chars >= MIN_ARTICLE_CHARS


def _teaser_cards(root: etree._Element, body: etree._Element) -> bool:
    """Many ``<article>`` cards and no body of prose on the page: a section front or tag page."""
    cards = sum(1 for _ in root.iter("article"))
    return cards >= MIN_LISTING_CARDS and not _has_body(body)


def _mostly_links(body: etree._Element) -> bool:
    linked = sum(len(clean_text(text_of(a))) for a in body.iter("a"))
    return linked > prose_paragraphs(body)[1]


def _own_text(element: etree._Element) -> str:
    """The element's text and its inline children's, without links and without nested blocks."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in _INLINE_TAGS:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return clean_text(" ".join(parts))


def _weighted(text: str) -> int:
    return len(text) + 2 * len(_DENSE_SCRIPT.findall(text)) if not text.isascii() else len(text)
