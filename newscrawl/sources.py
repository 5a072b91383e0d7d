"""Discovery sources: robots.txt ``Sitemap:`` lines, sitemaps, RSS/Atom feeds, and what a response is.

Readers only: no requests are made here. Each reader returns what it could read and a list of
``(reason, detail)`` problems, so that the spider counts them (``newscrawl/bad_input/<reason>``) and
logs each with its URL. Sitemaps and feeds are written by strangers: documents that declare entities
are refused (no XXE, no billion laughs), XML is parsed without DTDs, entity expansion or network, a
gzipped sitemap is decompressed up to a cap (a gzip bomb is refused), and sitemaps are streamed so
that a 50,000-URL file is read in bounded memory.

Scrapy's machinery is used where it fits: its robots.txt reader and its capped ``gunzip``. Its
``Sitemap`` class is not: it builds the whole tree (~70 MB for 50,000 URLs, against ~1 MB streamed) and
drops the ``news:`` children that give a news sitemap's dates and titles; :class:`SitemapReader` reads
the same elements the same way, with ``iterparse``, one entry at a time.

Reasons (slugs): ``entity_declaration``, ``oversized_sitemap``, ``malformed_sitemap``,
``not_a_sitemap``, ``sitemap_entry_without_loc``, ``unreadable_date``, ``malformed_feed``,
``not_a_feed``, ``feed_entry_without_link``, ``not_http_url``.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from io import BytesIO
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import sitemap_urls_from_robots as _scrapy_sitemap_urls_from_robots

from newscrawl.extract.dates import parse_stated_datetime

# The sitemap protocol's own limit on an uncompressed sitemap; more is refused, not decompressed.
SITEMAP_MAX_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 4096

Kind = Literal["sitemap", "feed", "html", "other"]
Problem = tuple[str, str]  # (reason slug, detail for the log line)


# --- robots.txt ---------------------------------------------------------------------------------


def sitemap_urls_from_robots(robots_text: str | bytes, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, absolute against ``base_url``, in order, once each."""
    data = robots_text.encode("utf-8") if isinstance(robots_text, str) else robots_text
    return list(dict.fromkeys(_scrapy_sitemap_urls_from_robots(data, base_url)))


# --- sitemaps -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SitemapPage:
    """A ``<url>`` of a urlset; news sitemaps add the publication date and title."""

    url: str
    lastmod: datetime | None = None
    publication_date: datetime | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class ChildSitemap:
    """A ``<sitemap>`` of a sitemap index: another sitemap to read (loops are the spider's to spot)."""

    url: str
    lastmod: datetime | None = None


@dataclass(slots=True)
class SitemapResult:
    """What one sitemap held: its kind, its pages or child sitemaps, and what went wrong."""

    url: str
    kind: Literal["urlset", "sitemapindex"] | None = None
    pages: list[SitemapPage] = field(default_factory=list)
    sitemaps: list[ChildSitemap] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class SitemapReader:
    """Streams the entries of a sitemap body (bytes, gzipped or not); problems gather in ``problems``.

    Iterate once: each ``<url>``/``<sitemap>`` is read when its end tag is parsed, then cleared and
    dropped from the tree, so memory stays bounded by one entry whatever the sitemap's length. A
    parse error ends the iteration; the entries yielded before it stand.
    """

    def __init__(self, body: bytes, url: str = "", max_bytes: int = SITEMAP_MAX_BYTES) -> None:
        self.body = body
        self.url = url
        self.max_bytes = max_bytes
        self.kind: Literal["urlset", "sitemapindex"] | None = None
        self.problems: list[Problem] = []

    def __iter__(self) -> Iterator[SitemapPage | ChildSitemap]:
        xml = self._xml()
        if xml is None:
            return
        if declares_entities(xml):
            self.problems.append(("entity_declaration", "the sitemap declares XML entities; not read"))
            return
        depth = 0
        events = etree.iterparse(
            BytesIO(xml),
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
        try:
            for event, element in events:
                if event == "start":
                    depth += 1
                    if depth == 1 and not self._start(element):
                        return
                    continue
                depth -= 1
                if depth == 1:
                    entry = self._entry(element)
                    _drop(element)
                    if entry is not None:
                        yield entry
        except etree.XMLSyntaxError as error:
            self.problems.append(("malformed_sitemap", _one_line(str(error))))

    def _xml(self) -> bytes | None:
        """The XML bytes: the body, or the body gunzipped up to ``max_bytes``."""
        if not self.body.startswith(GZIP_MAGIC):
            return self.body
        try:
            return gunzip(self.body, max_size=self.max_bytes)
        except ValueError:  # scrapy's size-cap error is a ValueError
            self.problems.append(
                ("oversized_sitemap", f"gzipped sitemap inflates past {self.max_bytes} bytes; not read")
            )
        except (OSError, EOFError, zlib.error) as error:
            self.problems.append(("malformed_sitemap", f"unreadable gzip: {_one_line(str(error))}"))
        return None

    def _start(self, root: etree._Element) -> bool:
        """Note the root's kind; ``False`` (and a problem) when this is no sitemap."""
        name = local_name(root)
        if name == "urlset" or name == "sitemapindex":
            self.kind = "urlset" if name == "urlset" else "sitemapindex"
            return True
        self.problems.append(("not_a_sitemap", f"root element <{name}>, not <urlset> or <sitemapindex>"))
        return False

    def _entry(self, element: etree._Element) -> SitemapPage | ChildSitemap | None:
        name = local_name(element)
        if (name, self.kind) not in (("url", "urlset"), ("sitemap", "sitemapindex")):
            return None
        fields = {local_name(child): child for child in element}
        loc = _text(fields.get("loc"))
        if not loc:
            self.problems.append(("sitemap_entry_without_loc", f"a <{name}> without <loc>"))
            return None
        url = urljoin(self.url, loc)
        if not is_http_url(url):
            self.problems.append(("not_http_url", url))
            return None
        lastmod = self._date(fields.get("lastmod"))
        if name == "sitemap":
            return ChildSitemap(url, lastmod)
        news = fields.get("news")
        if news is None:
            return SitemapPage(url, lastmod)
        news_fields = {local_name(child): child for child in news}
        return SitemapPage(
            url,
            lastmod,
            publication_date=self._date(news_fields.get("publication_date")),
            title=_text(news_fields.get("title")) or None,
        )

    def _date(self, element: etree._Element | None) -> datetime | None:
        text = _text(element)
        if not text:
            return None
        value = parse_stated_datetime(text)
        if value is None:
            self.problems.append(("unreadable_date", f"{local_name(element)} {text!r}"))
        return value


def read_sitemap(body: bytes, url: str = "", max_bytes: int = SITEMAP_MAX_BYTES) -> SitemapResult:
    """Every entry of a sitemap or sitemap index, and its problems (see :class:`SitemapReader`)."""
    reader = SitemapReader(body, url, max_bytes)
    result = SitemapResult(url)
    for entry in reader:
        if isinstance(entry, SitemapPage):
            result.pages.append(entry)
        else:
            result.sitemaps.append(entry)
    result.kind, result.problems = reader.kind, reader.problems
    return result


def _drop(element: etree._Element) -> None:
    """Free an entry read: its content, and the siblings already read before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def local_name(element: etree._Element | None) -> str:
    """``{namespace}loc`` → ``loc``; namespaces vary (and are misspelt) across sites, names do not."""
    tag = element.tag if element is not None else ""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


# --- entity declarations ------------------------------------------------------------------------

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def declares_entities(body: bytes) -> bool:
    """Whether an XML document declares entities, in any encoding it may be written in.

    Entities are what XXE (``SYSTEM "file:///…"``) and billion-laughs documents are made of; no
    sitemap or feed needs them, so a document declaring one is refused before any parser sees it.
    """
    if _ENTITY_DECLARATION.search(body):
        return True
    text = _wide_text(body)
    return text is not None and "<!entity" in text.lower()


def _wide_text(body: bytes) -> str | None:
    """The text of a UTF-16/32 document (by BOM, or by the NULs around its first ``<``), else None."""
    for bom, codec in zip(_WIDE_BOMS, ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"), strict=True):
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace")
    for prefix, codec in (
        (b"<\0\0\0", "utf-32-le"),
        (b"\0\0\0<", "utf-32-be"),
        (b"<\0", "utf-16-le"),
        (b"\0<", "utf-16-be"),
    ):
        if body.startswith(prefix):
            return body.decode(codec, errors="replace")
    return None


# --- feeds --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """An RSS item or Atom entry: its link (absolute), title, and dates with the offset printed."""

    url: str
    title: str | None = None
    published: datetime | None = None
    updated: datetime | None = None


@dataclass(slots=True)
class FeedResult:
    """What one feed held: its format (``rss20``, ``atom10``… as feedparser names it), entries, problems."""

    url: str
    version: str = ""
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# feedparser flags these on well-formed feeds: an encoding or Content-Type that disagrees with the bytes.
_HARMLESS_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def read_feed(body: bytes, url: str = "", content_type: str | None = None) -> FeedResult:
    """The entries of an RSS or Atom feed, read by feedparser from the bytes (never from the network).

    A malformed feed yields the entries feedparser could still read, and a ``malformed_feed`` problem.
    """
    result = FeedResult(url)
    if declares_entities(body):
        result.problems.append(("entity_declaration", "the feed declares XML entities; not read"))
        return result
    headers = {"content-location": url} if url else {}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, resolve_relative_uris=True)
    result.version = str(parsed.get("version") or "")
    result.title = _clean(parsed.get("feed", {}).get("title"))
    if parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), _HARMLESS_BOZO):
        result.problems.append(("malformed_feed", _one_line(str(parsed.get("bozo_exception")))))
    if not result.version and not parsed.entries:
        result.problems.append(("not_a_feed", "neither RSS nor Atom"))
    for entry in parsed.entries:
        if feed_entry := _feed_entry(entry, url, result.problems):
            result.entries.append(feed_entry)
    return result


def _feed_entry(entry: Any, base_url: str, problems: list[Problem]) -> FeedEntry | None:
    link = _clean(entry.get("link"))
    if not link:
        problems.append(("feed_entry_without_link", _clean(entry.get("title")) or "an entry without a title"))
        return None
    url = urljoin(base_url, link)
    if not is_http_url(url):
        problems.append(("not_http_url", url))
        return None
    return FeedEntry(
        url=url,
        title=_clean(entry.get("title")),
        # dict.get: feedparser's own get() answers `updated` with `published` when there is none
        published=_feed_date(dict.get(entry, "published"), problems),
        updated=_feed_date(dict.get(entry, "updated"), problems),
    )


def _feed_date(text: object, problems: list[Problem]) -> datetime | None:
    """A feed's date as printed: ISO 8601 (Atom) or RFC 822 (RSS), offset kept.

    feedparser's own ``*_parsed`` dates are converted to UTC, which loses the offset the feed printed.
    """
    raw = str(text or "").strip()
    if not raw:
        return None
    value = parse_stated_datetime(raw)
    if value is None:
        try:
            value = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            value = None
    if value is None:
        problems.append(("unreadable_date", repr(raw)))
    return value


def is_http_url(url: str) -> bool:
    """Whether a URL found in a sitemap or feed may be fetched: ``http(s)`` with a host.

    Scrapy also downloads ``file:``, ``ftp:``, ``s3:`` and ``data:`` URLs; a stranger's sitemap must
    not make the crawler read local files.
    """
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _clean(value: object) -> str | None:
    text = " ".join(str(value or "").split())
    return text or None


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- feed links in HTML -------------------------------------------------------------------------

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})


def feed_links(root: etree._Element, url: str) -> list[str]:
    """The feeds an HTML page declares (``<link rel="alternate" type="application/rss+xml">``), absolute.

    ``root`` is the page's lxml root element. In page order, once each.
    """
    base = url
    base_hrefs = root.xpath("//base/@href")
    if isinstance(base_hrefs, list) and base_hrefs:
        base = urljoin(url, str(base_hrefs[0]).strip())
    found: dict[str, None] = {}
    for link in root.iter("link"):
        rel = str(link.get("rel") or "").lower().split()
        kind = str(link.get("type") or "").split(";")[0].strip().lower()
        href = str(link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            found[urljoin(base, href)] = None
    return list(found)


# --- sniffing -----------------------------------------------------------------------------------

_FIRST_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")
_SKIPPED = re.compile(r"\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.DOTALL | re.IGNORECASE)
_ROOTS: dict[str, Kind] = {"urlset": "sitemap", "sitemapindex": "sitemap", "rss": "feed", "feed": "feed"}
_ROOTS.update({"rdf": "feed", "html": "html"})
_TYPES: dict[str, Kind] = {"application/rss+xml": "feed", "application/atom+xml": "feed"}
_TYPES.update({"text/html": "html", "application/xhtml+xml": "html"})


def sniff(body: bytes, content_type: str | None, url: str = "") -> Kind:
    """What a response is, by its root element first, then by its Content-Type, then by its URL.

    Servers mislabel: sitemaps come as ``text/xml`` or ``application/octet-stream``, ``.xml.gz`` as
    ``application/x-gzip``, feeds as ``text/html``. The document's root element decides when it is
    one we know; the Content-Type next; the URL's ending (``.rss``, ``sitemap.xml.gz``) last.
    """
    head = _head_text(body)
    root = _first_element(head) if head is not None else None
    if root and (kind := _ROOTS.get(root.rpartition(":")[2].lower())):
        return kind
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime in _TYPES:
        return _TYPES[mime]
    if root is None:
        path = urlsplit(url).path.lower().removesuffix(".gz")
        if path.endswith((".rss", ".atom")):
            return "feed"
        if path.rpartition("/")[2].startswith("sitemap") and path.endswith(".xml"):
            return "sitemap"
    elif not mime:
        return "html"  # markup of an element we do not know, and no type said: a page (<head>, <div>…)
    return "other"


def _head_text(body: bytes) -> str | None:
    """The first few KB of the document as text, gunzipped if need be; ``None`` if unreadable."""
    head = body[:SNIFF_BYTES]
    if body.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body[: 64 * 1024], SNIFF_BYTES)
        except zlib.error:
            return None
    wide = _wide_text(head)
    return wide if wide is not None else head.decode("utf-8", errors="replace").lstrip("\ufeff")


def _first_element(head: str) -> str | None:
    """The name of the document's first element, past the XML declaration, comments and doctype."""
    position = 0
    while match := _SKIPPED.match(head, position):
        if match.end() == position:
            break
        position = match.end()
    match = _FIRST_TAG.match(head, position)
    return match.group(1) if match else None
