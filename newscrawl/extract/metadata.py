"""Readers of the metadata a news page carries about itself, for sites we have no module for.

Each reader walks an lxml tree (the document's root element) and returns *candidates*: values as
the page states them, unjudged. :mod:`newscrawl.extract.generic` chooses among them, field by
field. The readers are bounded (block sizes, object counts, nesting depth) and never raise on broken
input: a JSON-LD block with trailing commas, HTML comments or raw control characters is repaired
where it can be and skipped where it cannot.

- :func:`read_jsonld`: schema.org JSON-LD (``NewsArticle`` and its kin, ``@graph``, top-level lists,
  ``WebPage.mainEntity``, authors as objects, strings, arrays or ``@id`` references).
- :func:`read_metas`: every ``<meta>`` of the page, by lower-cased ``property``/``name``/``itemprop``
  (OpenGraph, ``article:*``, ``author``, ``parsely-*``, ``dc.*``, ``citation_*``, ``sailthru.*``…),
  wherever it stands (pages put metas in ``<body>`` too).
- :func:`read_times`: ``<time datetime>`` elements, those in the article's header first.
- :func:`read_bylines`: byline text, from elements whose class, id, ``itemprop`` or ``rel`` says
  author/byline and from short ``By …`` lines near the headline.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newscrawl.extract.css import text_of
from newscrawl.extract.text import clean_text

# --- JSON-LD ----------------------------------------------------------------------------------

MAX_JSONLD_BLOCKS = 30
MAX_JSONLD_CHARS = 1_000_000  # a block larger than this is a data dump, not page metadata
MAX_JSONLD_NODES = 2_000  # objects looked at across all blocks
MAX_JSONLD_DEPTH = 8

# schema.org types whose object is the article itself (``CreativeWork`` subtypes news sites use).
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "asksnewsarticle",
        "askpublicnewsarticle",
        "satiricalarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "report",
        "techarticle",
        "scholarlyarticle",
        "medicalscholarlyarticle",
        "claimreview",  # a fact-check: the review is the page's article
    }
)
# Of those, the ones that say "news": preferred when a page carries several article objects.
NEWS_TYPES = frozenset(t for t in ARTICLE_TYPES if "news" in t) | {"liveblogposting", "reportagenewsarticle"}
PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "mediapage"})
ORGANISATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "organisation"})
VIDEO_TYPES = frozenset({"videoobject", "videogallery"})

_JSONLD_TYPE = "application/ld+json"
_HTML_COMMENT = re.compile(r"<!--|-->|<!\[CDATA\[|\]\]>")
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Person:
    """An author as JSON-LD names it; ``organisation`` when its ``@type`` says it is not a person."""

    name: str
    organisation: bool = False


@dataclass(slots=True)
class JsonLdArticle:
    """The fields of the page's article object (or of the web page that holds it)."""

    types: tuple[str, ...]
    headline: str | None = None
    name: str | None = None
    authors: list[Person] = field(default_factory=list)
    date_published: str | None = None
    date_modified: str | None = None
    description: str | None = None
    keywords: list[str] = field(default_factory=list)
    section: str | None = None
    language: str | None = None
    images: list[str] = field(default_factory=list)
    url: str | None = None
    publisher: str | None = None


@dataclass(slots=True)
class JsonLd:
    """What the page's JSON-LD says: the article (if any), the page object, every type seen."""

    article: JsonLdArticle | None = None
    page: JsonLdArticle | None = None
    types: set[str] = field(default_factory=set)
    publisher: str | None = None  # a top-level Organization's name, when no article names one

    @property
    def is_article(self) -> bool:
        return self.article is not None


def read_jsonld(root: etree._Element) -> JsonLd:
    """The page's JSON-LD, every block of it, as one :class:`JsonLd`."""
    nodes = list(_jsonld_nodes(root))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    result = JsonLd()
    articles: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    for node in nodes:
        types = node_types(node)
        result.types |= types
        if types & ARTICLE_TYPES:
            articles.append(node)
        elif types & PAGE_TYPES:
            pages.append(node)
            main = _resolve(node.get("mainEntity"), by_id)
            if isinstance(main, dict) and node_types(main) & ARTICLE_TYPES and main not in articles:
                articles.append(main)
        elif types & ORGANISATION_TYPES and result.publisher is None:
            result.publisher = _name_of(node)
    if articles:
        result.article = _article_fields(_best_article(articles), by_id)
    if pages:
        result.page = _article_fields(pages[0], by_id)
    return result


def node_types(node: dict[str, Any]) -> set[str]:
    """``@type`` as lower-cased local names: ``"schema:NewsArticle"``, ``["NewsArticle", …]`` → names."""
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for v in values if isinstance(v, str)}


def _best_article(articles: list[dict[str, Any]]) -> dict[str, Any]:
    """The article object to read: a news type before a plain Article, one with a headline first."""

    def rank(node: dict[str, Any]) -> tuple[bool, bool, bool]:
        return (
            not (node_types(node) & NEWS_TYPES),
            not node.get("headline"),
            not node.get("datePublished"),
        )

    return min(articles, key=rank)


def _article_fields(node: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> JsonLdArticle:
    publisher = _resolve(node.get("publisher"), by_id)
    return JsonLdArticle(
        types=tuple(sorted(node_types(node))),
        headline=_text(node.get("headline")),
        name=_text(node.get("name")),
        authors=_people(node.get("author"), by_id) or _people(node.get("creator"), by_id),
        date_published=_text(node.get("datePublished")) or _text(node.get("dateCreated")),
        date_modified=_text(node.get("dateModified")),
        description=_text(node.get("description")),
        keywords=_keywords(node.get("keywords")),
        section=_first_text(node.get("articleSection")),
        language=_language(node.get("inLanguage")),
        images=_image_urls(node.get("image"), by_id),
        url=_text(node.get("url")) or _text(node.get("mainEntityOfPage")),
        publisher=_name_of(publisher) if isinstance(publisher, dict) else _text(publisher),
    )


def _jsonld_nodes(root: etree._Element) -> Iterator[dict[str, Any]]:
    """Every JSON object of every JSON-LD block, flattened (``@graph``, lists, nested objects)."""
    budget = [MAX_JSONLD_NODES]
    for block in _jsonld_blocks(root):
        for document in parse_json_lenient(block):
            yield from _walk(document, 0, budget)


def _jsonld_blocks(root: etree._Element) -> Iterator[str]:
    count = 0
    for script in root.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind != _JSONLD_TYPE or not script.text:
            continue
        count += 1
        if count > MAX_JSONLD_BLOCKS:
            return
        if len(script.text) <= MAX_JSONLD_CHARS:
            yield script.text


def _walk(value: Any, depth: int, budget: list[int]) -> Iterator[dict[str, Any]]:
    """Objects in ``value``, parents before children, within the depth and node budgets."""
    if depth > MAX_JSONLD_DEPTH or budget[0] <= 0:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1, budget)
        return
    if not isinstance(value, dict):
        return
    budget[0] -= 1
    if "@type" in value:
        yield value
    for key, child in value.items():
        if isinstance(child, dict | list) and key not in ("@context",):
            yield from _walk(child, depth + 1, budget)


def parse_json_lenient(text: str) -> list[Any]:
    """The JSON documents in ``text``: one, or several written one after another; ``[]`` if unreadable.

    Repairs, tried in turn: HTML comment and CDATA markers around the JSON, raw control characters,
    trailing commas before ``}``/``]``.
    """
    text = _HTML_COMMENT.sub("", text).strip().rstrip(";")
    for attempt in (text, _CONTROL.sub(" ", text), _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", text))):
        documents = _decode_all(attempt)
        if documents:
            return documents
    return []


def _decode_all(text: str) -> list[Any]:
    decoder = json.JSONDecoder(strict=False)
    documents: list[Any] = []
    position, end = 0, len(text)
    while position < end:
        while position < end and text[position] in " \t\r\n,;":
            position += 1
        if position >= end:
            break
        try:
            document, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
            return []
        documents.append(document)
    return documents


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    """An ``{"@id": …}`` reference replaced by the object of that id in the page's graph."""
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str):
        return by_id.get(value["@id"], value)
    return value


def _people(value: Any, by_id: dict[str, dict[str, Any]]) -> list[Person]:
    """Authors from an object, a string, or a list of either, in order, each once."""
    values = value if isinstance(value, list) else [value]
    people: dict[str, Person] = {}
    for item in values[:50]:
        item = _resolve(item, by_id)
        if isinstance(item, dict):
            name = _name_of(item)
            person = Person(name, bool(node_types(item) & ORGANISATION_TYPES)) if name else None
        else:
            text = _text(item)
            person = Person(text) if text else None
        if person is not None and person.name.lower() not in people:
            people[person.name.lower()] = person
    return list(people.values())


def _name_of(node: dict[str, Any]) -> str | None:
    name = _first_text(node.get("name"))
    if name:
        return name
    given, family = _text(node.get("givenName")), _text(node.get("familyName"))
    return clean_text(f"{given or ''} {family or ''}") or None


def _image_urls(value: Any, by_id: dict[str, dict[str, Any]]) -> list[str]:
    values = value if isinstance(value, list) else [value]
    urls: list[str] = []
    for item in values[:20]:
        item = _resolve(item, by_id)
        url = _text(item.get("url") or item.get("contentUrl")) if isinstance(item, dict) else _text(item)
        if url:
            urls.append(url)
    return urls


def _keywords(value: Any) -> list[str]:
    if isinstance(value, list):
        words = [w for item in value[:200] if (w := _text(item))]
    elif isinstance(value, str):
        words = [w for part in value.split(",") if (w := clean_text(part))]
    else:
        words = []
    return list(dict.fromkeys(words))


def _language(value: Any) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("alternateName")) or _text(value.get("name"))
    return _first_text(value)


def _text(value: Any) -> str | None:
    """A JSON string (or number) as clean text; ``None`` for anything else or empty.

    A script's text is not entity-decoded by the HTML parser, and pages write entities into their
    JSON-LD strings (``zerst&ouml;ren``, ``&#039;``) as they would into markup: they are decoded here.
    """
    if isinstance(value, str):
        if "&" in value:
            value = html.unescape(value)
        if not value.isprintable():  # raw control characters, kept by the lenient decoder
            value = _CONTROL.sub(" ", value)
        return clean_text(value) or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _first_text(value: Any) -> str | None:
    if isinstance(value, list):
        return next((text for item in value if (text := _text(item))), None)
    return _text(value)


# --- <meta> -----------------------------------------------------------------------------------

MAX_METAS = 1_000


def read_metas(root: etree._Element) -> dict[str, list[str]]:
    """Every ``<meta>`` with content, by lower-cased key, values in page order, anywhere in the page.

    The key is ``property``, else ``name``, else ``itemprop``, else ``http-equiv``: OpenGraph tags
    are written with either of the first two. A key listed twice (``article:tag``) keeps every value.
    """
    metas: dict[str, list[str]] = {}
    for count, meta in enumerate(root.iter("meta")):
        if count >= MAX_METAS:
            break
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = clean_text(meta.get("content"))
        if key and content:
            metas.setdefault(key.strip().lower(), []).append(content)
    return metas


def first_meta(metas: dict[str, list[str]], *keys: str) -> tuple[str, str] | None:
    """``(key, value)`` of the first of ``keys`` the page has."""
    for key in keys:
        values = metas.get(key)
        if values:
            return key, values[0]
    return None


# --- <time datetime> --------------------------------------------------------------------------

MAX_TIMES = 50
_HEADER_CONTEXT = re.compile(r"byline|author|dateline|meta|header|date|time|publish|info", re.I)


@dataclass(frozen=True, slots=True)
class TimeCandidate:
    """A ``<time>`` element's ``datetime``, and whether it sits in the article's header or byline."""

    value: str
    in_header: bool
    itemprop: str | None


def read_times(root: etree._Element) -> list[TimeCandidate]:
    """``<time datetime>`` values, in page order (at most :data:`MAX_TIMES`)."""
    times: list[TimeCandidate] = []
    for element in root.iter("time"):
        value = clean_text(element.get("datetime") or element.get("content"))
        if value:
            times.append(TimeCandidate(value, _in_header(element), element.get("itemprop")))
        if len(times) >= MAX_TIMES:
            break
    return times


def _in_header(element: etree._Element) -> bool:
    """True when the element or one of its few nearest ancestors is a header, byline or meta box."""
    for level, ancestor in enumerate(element.iterancestors()):
        if level > 4:
            return False
        if ancestor.tag in ("header", "article"):
            return True
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if _HEADER_CONTEXT.search(marks):
            return True
    return False


# --- bylines ----------------------------------------------------------------------------------

MAX_BYLINE_CHARS = 200
MAX_BYLINE_ELEMENTS = 40
# "By Jane Doe", and the same word in the languages news sites most often print it in.
BY_WORDS = (
    r"by|von|vom|por|par|av|af|door|di|przez|от|tarafından|written\s+by|text|texto|"
    r"autor(?:in)?|author|auteur|autore"
)
BY_PREFIX = re.compile(rf"^\s*(?:{BY_WORDS})\b\s*[:：]?\s*", re.I)
# "By" words that also open names ("Di Maio", "Von Miller", "Par Lagerkvist"): a prefix only when a
# colon follows, or two name words.
_PARTICLE_BY_WORDS = frozenset({"di", "von", "vom", "par", "por", "av", "af", "door", "text", "texto"})


def strip_by(text: str) -> str:
    """``text`` without its "By" word: ``Von Anna Beispiel`` → ``Anna Beispiel``; ``Von Miller`` stays."""
    match = BY_PREFIX.match(text)
    if match is None:
        return text
    prefix, rest = match.group(0), text[match.end() :]
    word = prefix.strip(" :：\t").lower()
    if word in _PARTICLE_BY_WORDS and not re.search("[:：]", prefix) and len(rest.split()) < 2:
        return text
    return rest


_BY_LINE = re.compile(
    r"^\s*(?:(?:written|story|words|reporting|text)\s+by|by|von|por|par|av|af|door)\s+\S", re.I
)
_AUTHOR_PAGE = re.compile(r"/(?:authors?|autor|autoren|auteur|journalist)/", re.I)
_BYLINE_MARK = re.compile(r"byline|author|autor|auteur|writer|reporter|verfasser|journalist", re.I)
_NOT_BYLINE_MARK = re.compile(r"bio|about|avatar|image|img|photo|pic|social|follow|more|list|box|card", re.I)
_BYLINE_CANDIDATES = etree.XPath(
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'byline') or contains(@class, 'author')"
    " or contains(@class, 'Author') or contains(@class, 'Byline') or contains(@id, 'byline')"
    " or contains(@class, 'autor') or contains(@class, 'Autor')"
    " or (self::a and (contains(@href, '/author/') or contains(@href, '/authors/')"
    " or contains(@href, '/autor/') or contains(@href, '/autoren/') or contains(@href, '/auteur/')"
    " or contains(@href, '/journalist/')))]"
)


@dataclass(frozen=True, slots=True)
class BylineCandidate:
    """A byline as the page shows it, and how it was found (``rel``/``itemprop``/``class``/``text``)."""

    text: str
    how: str


def read_bylines(root: etree._Element, heading: etree._Element | None = None) -> list[BylineCandidate]:
    """Byline texts in page order: marked elements first, then ``By …`` lines under the headline.

    A marked element whose text is long (an author's bio card) or whose marks say bio/avatar/social
    is not a byline; an element inside another candidate is not counted twice.
    """
    found: list[BylineCandidate] = []
    seen: set[str] = set()
    taken: list[etree._Element] = []
    for element in _BYLINE_CANDIDATES(root)[: MAX_BYLINE_ELEMENTS * 4]:
        if not isinstance(element, etree._Element) or element.tag in ("meta", "link", "script", "img"):
            continue
        if any(_is_inside(element, outer) for outer in taken):
            continue
        how = _byline_mark(element)
        if how is None:
            continue
        text = clean_text(text_of(element))
        if not text or len(text) > MAX_BYLINE_CHARS:
            continue
        taken.append(element)
        if text not in seen:
            seen.add(text)
            found.append(BylineCandidate(text, how))
        if len(found) >= MAX_BYLINE_ELEMENTS:
            break
    if heading is not None:
        for text in _lines_after(heading):
            if _BY_LINE.match(text) and len(text) <= MAX_BYLINE_CHARS and text not in seen:
                seen.add(text)
                found.append(BylineCandidate(text, "text"))
    return found


def _byline_mark(element: etree._Element) -> str | None:
    """How an element says it is a byline, or ``None`` when its marks say bio, avatar, social…"""
    if element.get("rel") == "author":
        return "rel"
    if (element.get("itemprop") or "").lower() == "author":
        return "itemprop"
    if element.tag == "a" and _AUTHOR_PAGE.search(element.get("href") or ""):
        return "link"
    marks = f"{element.get('class') or ''} {element.get('id') or ''}"
    if not _BYLINE_MARK.search(marks) or _NOT_BYLINE_MARK.search(marks):
        return None
    return "class"


def _is_inside(element: etree._Element, outer: etree._Element) -> bool:
    return any(ancestor is outer for ancestor in element.iterancestors())


def _lines_after(heading: etree._Element, limit: int = 6) -> Iterator[str]:
    """Texts of the few elements after the headline (its siblings, then its parent's)."""
    count = 0
    for anchor in (heading, heading.getparent()):
        if anchor is None:
            continue
        for sibling in anchor.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            count += 1
            if count > limit:
                return
            text = clean_text(text_of(sibling))
            if text:
                yield text
