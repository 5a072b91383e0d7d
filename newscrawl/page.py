"""The page model: one page's bytes in; its record (or why none), its list snapshots and its links out.

:func:`process_page` is the only path from a fetched page to records. The spider calls it for every
response, ``newscrawl extract`` for every saved page, and a re-extraction from an archive would too, so
they cannot drift apart. It imports no Scrapy: what to fetch next and how to count is the caller's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from enum import Enum
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree
from lxml import html as lxml_html
from w3lib.encoding import html_body_declared_encoding, html_to_unicode

from newscrawl.extract.dates import parse_date
from newscrawl.extract.generic import article_evidence, looks_like_listing
from newscrawl.extract.links import PageList, host_of, without_host_dot
from newscrawl.items import ArticleItem, ListSnapshotItem, as_record
from newscrawl.portals import PORTALS, portal_for_url
from newscrawl.portals.base import (
    Element,
    Image,
    Layout,
    Link,
    LinkKind,
    ListSource,
    Portal,
    RawArticle,
    UnrecognisedLayout,
    stated_address,
)
from newscrawl.portals.generic import GenericSite, generic_fallback, generic_site
from newscrawl.record import FetchInfo, Rejected, build_article
from newscrawl.sources import ChildSitemap, SitemapReader, feed_links, read_feed, sniff
from newscrawl.validation import invalid_reason


class PageKind(Enum):
    """What a fetched page turned out to be, by its URL and its content."""

    ARTICLE = "article"  # it gave a record, or a reason why not
    LISTING = "listing"  # a front page, section, pagination, or a page of links at an article URL
    SITEMAP = "sitemap"
    FEED = "feed"
    NOT_HTML = "not_html"  # an image, a PDF, …


@dataclass(frozen=True, slots=True)
class FoundLink:
    """A link the page shows: where it leads (classified), which list or role showed it, its date."""

    link: Link
    via: str  # the list's name, "navigation", "pagination", "sitemap index", "sitemap", "news sitemap",
    # "feed", "feed link", "list source"
    listed: bool = False  # an entry of a named list, sitemap or feed (its date bounds `since`)
    shown_date: date | None = None  # the URL's date, else the date printed beside the link
    title: str | None = None  # the title a sitemap or feed gives, before the page is fetched


@dataclass(frozen=True, slots=True)
class Continuation:
    """A paged article's next page to fetch, and the pages read so far, as plain JSON.

    The caller fetches ``url`` and hands ``partial`` back with it (``process_page(…, partial=…)``);
    being JSON, it can travel in a Scrapy request's ``cb_kwargs`` and survive a JOBDIR.
    """

    url: str
    partial: dict[str, Any]


@dataclass(slots=True)
class PageResult:
    """Everything one page gave: at most one record, its list snapshots, its links.

    With ``continuation`` set, the page is one of a paged article's and more pages follow: ``record``
    is then that of the pages read so far, for callers that read this page alone (``newscrawl
    extract``); a crawler fetches the continuation instead of writing it.
    """

    url: str | None  # None: a saved page that does not say its address
    kind: PageKind
    charset: str
    record: ArticleItem | None = None
    reason: str | None = None  # why an article page gave no record: a drop reason slug
    error: str | None = None  # for ``error:<Exception>`` reasons, the exception's message
    layout: str | None = None
    lists: list[ListSnapshotItem] = field(default_factory=list)
    links: list[FoundLink] = field(default_factory=list)
    dropped_lists: list[str] = field(default_factory=list)  # reasons of snapshots that failed the schema
    problems: list[tuple[str, str]] = field(default_factory=list)  # a sitemap's or feed's (reason, detail)
    fallback_from: str | None = None  # the portal whose layouts this article page matched none of
    continuation: Continuation | None = None  # a paged article's next page, with the pages read


def process_page(
    body: bytes,
    url: str | None,
    headers: Mapping[str, str] | None = None,
    *,
    fetch: FetchInfo | None = None,
    observed_at: datetime | None = None,
    portal: Portal | None = None,
    with_links: bool = True,
    assume_article: bool = False,
    expected: str | None = None,
    partial: Mapping[str, Any] | None = None,
) -> PageResult:
    """Read one page: decode, parse, classify, extract, build and validate its record, read its lists.

    ``url`` picks the portal (by host) unless ``portal`` is given; with no URL, the portal is the one
    whose layout the page carries. ``fetch`` says how the page was obtained (the record's ``metadata``);
    ``observed_at`` stamps the list snapshots (default: now); ``with_links=False`` leaves lists and
    links unread, for callers that want the record alone (``newscrawl extract``); ``assume_article``
    reads a page of no known URL form as an article even without an article's evidence (the caller
    says it is one); ``expected`` (``"sitemap"``, ``"feed"``) reads a body that sniffs as neither as what
    the link that led to it said it is, so that its problems are told. ``partial``: a paged article's
    pages read so far (a :class:`Continuation`'s), which this page continues. A host written with its
    final dot (``http://en.people.cn./…``) is the same host, and the record's URLs are written without it.
    """
    content_type = _content_type(headers)
    url = without_host_dot(url) if url else url  # "en.people.cn." is en.people.cn: the record says so
    portal = portal or (portal_for_url(url) if url else None)
    if url is not None and portal is not None and (source := portal.read_list_source(body, url)) is not None:
        return _list_source_page(source, portal, url, observed_at)
    if url is not None:
        kind: str = sniff(body, content_type, url)
        if expected in ("sitemap", "feed") and kind not in ("sitemap", "feed"):
            kind = expected
        if partial is not None and kind != "html":  # a next page that is no page: the pages read stand
            return partial_record(partial, url, fetch)
        if kind in ("sitemap", "feed"):
            return read_source(body, url, kind, content_type, portal)
        if kind == "other":
            return PageResult(url, PageKind.NOT_HTML, "", reason="not_html")
    charset, html = decode_html(body, content_type)
    fetch = fetch or FetchInfo(charset=charset)
    fetch.charset = charset
    if url is None:
        return _article_without_portal(html, charset, fetch)
    portal = portal or _generic_for(url)
    root = parse_html_for_generic(html) if isinstance(portal, GenericSite) else parse_html(html)
    link = portal.classify(url)
    article = link.kind is LinkKind.ARTICLE or (
        link.kind is LinkKind.UNKNOWN and (assume_article or article_evidence(root, url) is not None)
    )
    article = article or partial is not None
    result = PageResult(url, PageKind.ARTICLE if article else PageKind.LISTING, charset)
    if article:
        _read_article(result, portal, root, html, url, fetch, partial)
    if with_links:
        observed = observed_at or datetime.now(UTC)
        try:
            _read_lists_and_links(
                result, portal, root, url, observed, paginated=result.kind is PageKind.LISTING
            )
        except Exception as error:  # a bug reading the lists costs the lists, not the page's record
            result.problems.append((f"error:{type(error).__name__}", f"reading the lists and links: {error}"))
    return result


def _generic_for(url: str) -> Portal:
    """The generic site of ``url``'s host: pages of hosts newscrawl has no module for."""
    return generic_site(frozenset({host_of(urlsplit(url))}))


def _read_article(
    result: PageResult,
    portal: Portal,
    root: Element,
    html: str,
    url: str,
    fetch: FetchInfo,
    partial: Mapping[str, Any] | None = None,
) -> None:
    """The record, or the reason there is none; a layout or builder bug costs this record only.

    A page of none of the portal's layouts is read by the generic layout when it carries an article's
    evidence (``fallbackFrom`` names the portal; the page is parsed again, as the body extractor needs
    an ``lxml.html`` tree: the canary's path, not the common one); a page of links is a listing,
    whatever its URL said. A paged article's later page (``partial``) adds its text to the pages read;
    should it be unreadable, the pages read stand.
    """
    if partial is not None:
        try:
            later: RawArticle | None = portal.extract(root, url)
        except Exception as error:  # an error page, another layout: the article ends with the pages read
            later = None
            result.problems.append(("unreadable_next_page", f"{type(error).__name__}: {error}"))
        _finish_partial(result, partial, later, url, fetch, portal)
        return
    try:
        try:
            raw = portal.extract(root, url)
        except UnrecognisedLayout:
            if article_evidence(root, url) is None:
                if looks_like_listing(root):
                    result.kind, result.reason = PageKind.LISTING, "not_article"
                else:
                    result.reason = "unrecognised_layout"
                return
            raw = generic_fallback(parse_html_for_generic(html), url, portal)
            result.fallback_from = portal.name
    except Exception as error:
        result.reason, result.error = f"error:{type(error).__name__}", str(error)
        return
    result.layout = raw.layout
    _continue(result, portal, raw, [url], fetch.http_status)
    _finish_record(result, raw, fetch)


def read_source(
    body: bytes, url: str, kind: str, content_type: str | None, portal: Portal | None
) -> PageResult:
    """A sitemap's or feed's entries as links to fetch, with the dates and titles they give."""
    classify = portal.classify if portal is not None else _generic_for(url).classify
    if kind == "sitemap":
        result = PageResult(url, PageKind.SITEMAP, "")
        reader = SitemapReader(body, url)
        for entry in reader:
            if isinstance(entry, ChildSitemap):
                result.links.append(FoundLink(Link(LinkKind.SOURCE, entry.url), "sitemap index"))
                continue
            when = entry.publication_date or entry.lastmod
            via = "news sitemap" if entry.publication_date or entry.title else "sitemap"
            found = FoundLink(classify(entry.url), via, listed=True, shown_date=_day(when), title=entry.title)
            result.links.append(found)
        result.problems = list(reader.problems)
        return result
    feed = read_feed(body, url, content_type)
    result = PageResult(url, PageKind.FEED, "", problems=list(feed.problems))
    for item in feed.entries:
        found = FoundLink(
            classify(item.url), "feed", listed=True, shown_date=_day(item.published), title=item.title
        )
        result.links.append(found)
    return result


def _list_source_page(
    source: ListSource, portal: Portal, url: str, observed_at: datetime | None
) -> PageResult:
    """A list data file (JSON) a page named: a listing whose one list is the file's entries."""
    result = PageResult(url, PageKind.LISTING, "", problems=list(source.problems))
    if source.page_list is not None:
        observed = (observed_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
        _add_list(result, portal, source.page_list, url, observed)
    return result


def _day(when: datetime | None) -> date | None:
    return when.date() if when is not None else None


def _finish_record(result: PageResult, raw: RawArticle, fetch: FetchInfo) -> None:
    try:
        record = build_article(raw, fetch)
    except Rejected as rejected:
        result.reason = rejected.reason
        return
    except Exception as error:
        result.reason, result.error = f"error:{type(error).__name__}", str(error)
        return
    result.reason = invalid_reason(as_record(record))
    result.record = record if result.reason is None else None


def _article_without_portal(html: str, charset: str, fetch: FetchInfo) -> PageResult:
    """A saved page with no URL: tried against every portal's layouts, then read generically.

    Its address is the one the page states (canonical link, ``og:url``), else unknown (``None``).
    """
    root = parse_html(html)
    for portal in PORTALS.values():
        try:
            layout, box = portal.layout_and_box(root, None)
        except UnrecognisedLayout:
            continue
        return _extracted(layout, root, box, stated_address(root, ""), charset, fetch)
    generic_root = parse_html_for_generic(html)
    page_url = stated_address(generic_root, "")
    site = generic_site(frozenset({urlsplit(page_url).hostname or ""}) if page_url else frozenset())
    return _extracted(site.layouts[0], generic_root, None, page_url, charset, fetch)


def _extracted(
    layout: Layout, root: Element, box: Element | None, url: str | None, charset: str, fetch: FetchInfo
) -> PageResult:
    result = PageResult(url, PageKind.ARTICLE, charset, layout=layout.qualified_name)
    try:
        raw = layout.extract(root, url or "", box)
    except Exception as error:
        result.reason, result.error = f"error:{type(error).__name__}", str(error)
        return result
    _finish_record(result, raw, fetch)
    return result


def _read_lists_and_links(
    result: PageResult, portal: Portal, root: Element, url: str, observed_at: datetime, paginated: bool
) -> None:
    """Snapshots of the named lists and their links; the data files of lists filled by script;
    navigation to listings; a listing's next pages."""
    observed = observed_at.astimezone(UTC).isoformat(timespec="seconds")
    for page_list in portal.lists(root, url):
        _add_list(result, portal, page_list, url, observed)
    for source_url in portal.list_source_urls(root, url):
        result.links.append(FoundLink(portal.classify(source_url), "list source"))
    # A generic site's every page link is judged by the spider: followed, or counted as off-site or refused.
    followed = (
        (LinkKind.LISTING, LinkKind.UNKNOWN, LinkKind.OFFSITE)
        if portal.follows_unknown_links
        else (LinkKind.LISTING,)
    )
    for href in portal.links(root, url):
        link = portal.classify(href)
        if link.kind in followed:
            result.links.append(FoundLink(link, "navigation"))
    if portal.discovers_feeds:
        result.links.extend(
            FoundLink(Link(LinkKind.SOURCE, feed), "feed link") for feed in feed_links(root, url)
        )
    if not paginated:
        return
    for href in portal.pagination_links(root, url):
        link = portal.classify(href)
        if link.kind is LinkKind.UNKNOWN:  # "More" pages of no known form are listings too
            link = Link(LinkKind.LISTING, link.url)
        if link.kind is LinkKind.LISTING:
            result.links.append(FoundLink(link, "pagination"))


def _add_list(result: PageResult, portal: Portal, page_list: PageList, url: str, observed: str) -> None:
    """The list's snapshot (or why it was dropped) and its entries as links, with the dates they show."""
    links = [portal.classify(entry.url) for entry in page_list.links]
    snapshot = _snapshot(portal, page_list, links, url, observed)
    reason = invalid_reason(as_record(snapshot))
    if reason:
        result.dropped_lists.append(reason)
    elif not _shown_already(result, snapshot):
        result.lists.append(snapshot)
    for entry, link in zip(page_list.links, links, strict=True):
        shown = link.url_date or parse_date(entry.shown_date)
        result.links.append(FoundLink(link, page_list.name, listed=True, shown_date=shown))


def _shown_already(result: PageResult, snapshot: ListSnapshotItem) -> bool:
    """A list the page prints twice alike (one box in two layouts) is one observation of it."""
    return any(
        shown.listName == snapshot.listName and shown.items == snapshot.items for shown in result.lists
    )


def _snapshot(
    portal: Portal, page_list: PageList, links: list[Link], page_url: str, observed: str
) -> ListSnapshotItem:
    items = [
        {
            "rank": rank,
            "url": entry.url,
            "title": entry.title,
            "articleId": link.article_id if link.kind is LinkKind.ARTICLE else None,
        }
        for rank, (entry, link) in enumerate(zip(page_list.links, links, strict=True), start=1)
    ]
    return ListSnapshotItem(
        site=portal.name,
        listName=page_list.name,
        pageUrl=page_url,
        observedAt=observed,
        lastObservedAt=observed,
        items=items,
    )


# --- paged articles ------------------------------------------------------------------------------
# An article printed over several pages (China Daily's ``…_2.html``) gives one record. A layout names
# the page that continues the one it read (``RawArticle.next_page``); process_page reports it as a
# Continuation carrying the pages read so far, and builds the record of those pages. The caller that
# fetches the next page passes the partial back and writes the record of the last page read; each page
# is fetched once, and a next page already read, or of another article, ends the article.

MAX_ARTICLE_PAGES = 50  # People's Daily prints stories of 23 pages; more than this is a pager loop


def _continue(
    result: PageResult, portal: Portal, raw: RawArticle, pages: list[str], status: int | None
) -> None:
    """Set ``result.continuation`` when the article goes on to a page not read yet."""
    following = raw.next_page
    if not following or following in pages or len(pages) >= MAX_ARTICLE_PAGES:
        return
    if raw.article_id is None or portal.article_id(following) != raw.article_id:
        return  # a "next" link to another article is no continuation of this one
    partial = {"pages": pages, "httpStatus": status, "article": raw_to_json(raw)}
    result.continuation = Continuation(following, partial)


def _finish_partial(
    result: PageResult,
    partial: Mapping[str, Any],
    later: RawArticle | None,
    url: str,
    fetch: FetchInfo,
    portal: Portal | None = None,
) -> None:
    """The record of the pages read before and of this one (``later``; None: unreadable, not added)."""
    try:
        pages = [str(page) for page in partial["pages"]]
        first = raw_from_json(partial["article"])
    except (KeyError, TypeError, ValueError) as error:
        result.reason, result.error = "error:BadPartial", f"the pages read before {url}: {error!r}"
        return
    status = partial.get("httpStatus")
    if isinstance(status, int) and (later is None or (fetch.http_status or 0) >= 400):
        fetch.http_status = status  # the status of the pages the text came from
    if later is None:
        merged = replace(first, next_page=None)
    else:
        merged = merge_pages(first, later)
        if portal is not None:
            _continue(result, portal, merged, [*pages, url], status if isinstance(status, int) else None)
    result.layout = merged.layout
    _finish_record(result, merged, fetch)


def partial_record(
    partial: Mapping[str, Any], url: str | None = None, fetch: FetchInfo | None = None
) -> PageResult:
    """The record of a paged article's pages read so far, when its next page cannot be had.

    For a crawler whose request for the next page failed (``url``: that page): the pages read stand.
    """
    fetch = fetch or FetchInfo(charset=None)
    result = PageResult(url, PageKind.ARTICLE, fetch.charset or "")
    _finish_partial(result, partial, None, url or "", fetch)
    return result


def merge_pages(first: RawArticle, later: RawArticle) -> RawArticle:
    """The article of ``first``'s pages continued by ``later``: its text, its images, what it adds.

    The opening page's headline, byline, dates and section stand; a later page gives what the opening
    one lacks (the editor line printed on the last page, a modification time) and the next page.
    """
    merged = replace(
        first,
        paragraphs=[*first.paragraphs, *later.paragraphs],
        images=[*first.images, *later.images],
        rules={**later.rules, **first.rules},
        next_page=later.next_page,
    )
    for names in (("editors_raw", "editors"), ("modified", "modified_raw"), ("published", "published_raw")):
        if not any(getattr(first, name) for name in names):
            for name in names:
                setattr(merged, name, getattr(later, name))
    return merged


def raw_to_json(raw: RawArticle) -> dict[str, Any]:
    """A layout's reading as plain JSON (times as ISO strings, the zone by name or offset)."""
    data: dict[str, Any] = {}
    for item in fields(RawArticle):
        value = getattr(raw, item.name)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, tzinfo):
            value = _zone_to_json(value)
        elif isinstance(value, timedelta):
            value = value.total_seconds()
        elif item.name == "images":
            value = [[image.url, image.caption] for image in raw.images]
        data[item.name] = value
    return data


def _zone_to_json(zone: tzinfo) -> dict[str, Any]:
    key = getattr(zone, "key", None)  # a ZoneInfo, by name: its offset varies
    if key:
        return {"zone": key}
    offset = zone.utcoffset(None)
    return {"offset": offset.total_seconds() if offset else 0.0, "name": zone.tzname(None)}


_TIMES = ("published", "modified")


def raw_from_json(data: Mapping[str, Any]) -> RawArticle:
    """:func:`raw_to_json`'s reading back; ``ValueError``/``KeyError``/``TypeError`` when malformed."""
    values = {item.name: data[item.name] for item in fields(RawArticle) if item.name in data}
    for name in _TIMES:
        if values.get(name):
            values[name] = datetime.fromisoformat(values[name])
    if values.get("url_date"):
        values["url_date"] = date.fromisoformat(values["url_date"])
    if values.get("url_date_tolerance") is not None:
        values["url_date_tolerance"] = timedelta(seconds=float(values["url_date_tolerance"]))
    zone = values.get("timezone")
    if isinstance(zone, Mapping):
        if zone.get("zone"):
            values["timezone"] = ZoneInfo(str(zone["zone"]))
        else:
            delta = timedelta(seconds=float(zone["offset"]))
            values["timezone"] = timezone(delta, str(zone["name"])) if zone.get("name") else timezone(delta)
    values["images"] = [Image(url, caption) for url, caption in values.get("images") or []]
    return RawArticle(**values)


def _content_type(headers: Mapping[str, str] | None) -> str | None:
    if not headers:
        return None
    return next((value for name, value in headers.items() if name.lower() == "content-type"), None)


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """``(charset, text)`` as Scrapy decodes a response (HTTP header, BOM, ``<meta>``), then repaired."""
    charset, text = html_to_unicode(content_type, body)
    if charset not in _UTF_8 and not body.isascii() and (as_utf8 := _strict_utf8(body)) is not None:
        # Bytes that are valid UTF-8 and not ASCII are UTF-8: legacy-encoded text almost never forms
        # valid multi-byte sequences. Pages re-saved as UTF-8 keep their old <meta charset=gb2312>.
        return "utf-8", as_utf8
    return repair_charset(body, charset, text)


_UTF_8 = ("utf-8", "utf8")


def _strict_utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def repair_charset(body: bytes, charset: str, text: str) -> tuple[str, str]:
    """Re-decode a page whose HTTP header names the wrong charset.

    Portals serve GBK pages as ``charset=utf-8`` while their ``<meta>`` says ``gbk``: decoding by the
    header then leaves U+FFFD where every Chinese character was. When that happens and the page
    declares another charset, the declaration wins if it decodes the bytes with fewer errors.
    """
    if "\ufffd" not in text:
        return charset, text
    declared = html_body_declared_encoding(body)
    if not declared or declared == charset:
        return charset, text
    try:
        redecoded = body.decode(declared, errors="replace")
    except LookupError:
        return charset, text
    if redecoded.count("\ufffd") < text.count("\ufffd"):
        return declared, redecoded
    return charset, text


# parsel's own parser builds lxml.html elements, whose every Python proxy goes through a class lookup
# written in Python; plain lxml elements are made in C. Reading a 50 KB page touches hundreds of
# elements, and this makes parsing and reading it ~15% cheaper. Same settings as parsel's otherwise.
_HTML_PARSER = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True)


def parse_html(html: str) -> Element:
    """The page as a plain lxml tree, its root element (NUL characters dropped, as parsel does).

    Every layout, and every test of one, reads pages parsed by this one function.
    """
    data = html.strip().replace("\x00", "").encode("utf-8")
    root = etree.fromstring(data, parser=_HTML_PARSER) if data else None
    if root is None:
        root = etree.fromstring(b"<html/>", parser=_HTML_PARSER)
    return root


# The generic path hands its tree to trafilatura, which accepts a parsed tree only as an
# ``lxml.html.HtmlElement`` (anything else it re-parses from a string): the same options as above,
# through lxml.html's parser, so the page is parsed once for metadata and body alike. Comments and
# processing instructions are dropped, as trafilatura's own parser drops them: its cleaning expects
# trees without them, and a ``<!-- -->`` inside a paragraph (as React pages print between text
# runs) cuts the paragraph at the next link (one real page's body F1 0.99 → 0.90 with them).
_GENERIC_HTML_PARSER = lxml_html.HTMLParser(
    recover=True, encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True
)


def parse_html_for_generic(html: str) -> lxml_html.HtmlElement:
    """The page as an ``lxml.html`` tree for the generic path (the same cleaning as :func:`parse_html`)."""
    data = html.strip().replace("\x00", "").encode("utf-8")
    root = etree.fromstring(data, parser=_GENERIC_HTML_PARSER) if data else None
    if not isinstance(root, lxml_html.HtmlElement):
        root = etree.fromstring(b"<html/>", parser=_GENERIC_HTML_PARSER)
    assert isinstance(root, lxml_html.HtmlElement)
    return root


def extract_record(body: bytes, url: str | None, content_type: str | None = None) -> ArticleItem:
    """Bytes of an article page → a valid record, or :class:`Rejected` / :class:`UnrecognisedLayout`."""
    headers = {"Content-Type": content_type} if content_type else None
    result = process_page(body, url, headers, with_links=False, assume_article=True)
    if result.record is not None:
        return result.record
    if result.reason == "unrecognised_layout":
        raise UnrecognisedLayout(result.url)
    raise Rejected(result.reason or "not_article")
