"""Any news site without a module: its start hosts, URL shapes, and the generic layout.

The generic layout reads what any news page declares (JSON-LD, OpenGraph, ``<meta>``, ``<time>``, byline
text; ``newscrawl.extract.generic``) and takes the body from the body extractor. It also stands in for a
known portal's page that matches none of that portal's layouts: the record then says
``layout: "generic"`` and names the portal in ``metadata.fallbackFrom``, so a redesign shows in the data.
"""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from urllib.parse import urlsplit, urlunsplit

from lxml.html import HtmlElement

from newscrawl.extract.generic import GenericFields, read_generic, url_date
from newscrawl.extract.links import absolute_url, host_of, without_host_dot
from newscrawl.portals.base import Element, Health, Image, Layout, Link, LinkKind, Portal, RawArticle

GENERIC = "generic"

# Files and feeds are never article pages; feeds and sitemaps are reached as sources, not as links.
_NOT_A_PAGE = re.compile(
    r"\.(?:xml|rss|atom|pdf|jpe?g|png|gif|webp|svg|mp3|mp4|m3u8|flv|swf|zip|rar|gz|docx?|xlsx?|pptx?|"
    r"js|css|ico|woff2?|ttf)$",
    re.I,
)


class GenericLayout(Layout):
    """Any article page: fields from the page's own metadata, the body from the body extractor."""

    name = GENERIC
    marker_css = "html"

    @property
    def qualified_name(self) -> str:
        return GENERIC

    def extract(self, root: Element, url: str, box: Element | None = None) -> RawArticle:
        fields = read_generic(_html_tree(root), url)
        site = host_of(urlsplit(url)) or GENERIC
        return raw_article(fields, url, site, url_date(url))


def _html_tree(root: Element) -> HtmlElement:
    """The body extractor takes ``lxml.html`` trees only (``newscrawl.page.parse_html_for_generic``)."""
    if not isinstance(root, HtmlElement):
        raise TypeError("the generic layout reads trees of newscrawl.page.parse_html_for_generic")
    return root


def generic_fallback(root: HtmlElement, url: str, portal: Portal) -> RawArticle:
    """A known portal's page in none of its layouts, read generically: the record names the portal.

    The portal's facts still hold: its timezone for times printed without an offset, its article ids.
    """
    link = portal.classify(url)
    raw = raw_article(read_generic(root, url), url, portal.name, link.url_date or url_date(url))
    raw.fallback_from = portal.name
    raw.article_id = link.article_id if link.kind is LinkKind.ARTICLE else None
    if portal.timezone is not None:
        raw.timezone = portal.timezone
        raw.published = _in_zone(raw.published, portal.timezone)
        raw.modified = _in_zone(raw.modified, portal.timezone)
    return raw


def _in_zone(value: datetime | None, zone: tzinfo) -> datetime | None:
    """A naive time (printed without offset) in the portal's zone; a time with an offset as it is."""
    return value.replace(tzinfo=zone) if value is not None and value.tzinfo is None else value


def raw_article(fields: GenericFields, url: str, site: str, day: date | None) -> RawArticle:
    """The generic reading as the record builder takes it: typed values, with their rules."""
    return RawArticle(
        url=url or None,
        site=site,
        layout=GENERIC,
        headline=fields.headline,
        byline=fields.byline,
        published_raw=fields.published_raw,
        editors_raw=fields.editors_raw,
        paragraphs=fields.paragraphs,
        images=[Image(absolute_url(url, image_url), caption) for image_url, caption in fields.images],
        canonical_url=fields.canonical_url,
        section=fields.section,
        keywords=fields.keywords,
        description=fields.description,
        language=fields.language or "und",
        timezone=None,  # the generic path never invents an offset
        url_date=day,
        published=fields.published,
        modified=fields.modified,
        modified_raw=fields.modified_raw,
        authors=fields.authors,
        source_agency=fields.source_agency,
        editors=None,  # parsed from the body's last lines by the record builder
        rules=dict(fields.sources),
    )


class GenericSite(Portal):
    """A site newscrawl has no module for, kept to the hosts it was started on.

    Every page of those hosts is fetched and judged by its content (``newscrawl.page``); the URL says
    only what is never a page (files, feeds) and what is off the site.
    """

    name = GENERIC
    title = "any news site"
    hosts = frozenset()
    start_urls = ()
    language = "und"
    layout_classes = (GenericLayout,)
    follows_unknown_links = True
    discovers_feeds = True
    # Any site: many print no date a reader can find; every page is read generically.
    health = Health(min_coverage={"headline": 0.9, "articleBody": 0.9}, fallbacks_allowed=True)

    def classify_url(self, url: str) -> Link:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or host_of(parts) not in self.hosts:
            return Link(LinkKind.OFFSITE, url)
        if _NOT_A_PAGE.search(parts.path):
            return Link(LinkKind.NON_ARTICLE, url)
        page = without_host_dot(urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, "")))
        return Link(LinkKind.UNKNOWN, page, url_date=url_date(page))


def generic_site(hosts: frozenset[str]) -> GenericSite:
    """A generic site on ``hosts`` (the start URLs' hosts), each with and without its ``www.``."""
    site_class: type[GenericSite] = type("GenericSite", (GenericSite,), {"hosts": site_hosts(hosts)})
    return site_class()


def site_hosts(hosts: frozenset[str]) -> frozenset[str]:
    """``www.ledger.example`` and ``ledger.example`` are one site: sites link and redirect both ways."""
    names = {host.lower().rstrip(".") for host in hosts if host}
    return frozenset(names | {name[4:] if name.startswith("www.") else f"www.{name}" for name in names})
