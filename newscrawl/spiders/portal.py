"""PortalSpider: walks a portal's link lists from its front page and hands article pages to a layout.

Crawling only: which links are articles, which lists a page shows and how an article reads all come
from the portal module (``newscrawl.portals``). Requests are de-duplicated by Scrapy's scheduler and
dupefilter: an article request carries its key (site and id) in its meta, and the fingerprint is the key's
(``newscrawl.fingerprint``), so one article under many hosts and URL forms is fetched once. What the crawl
has seen lives in its frontier (``newscrawl.frontier``), not in the spider.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from newscrawl.fingerprint import ARTICLE_KEY, ArticleFingerprinter, article_fingerprint, article_key
from newscrawl.frontier import Frontier
from newscrawl.items import ArticleItem, ListSnapshotItem
from newscrawl.netguard import names_private_address
from newscrawl.page import Continuation, FoundLink, PageKind, PageResult, partial_record, process_page
from newscrawl.params import SpiderParams
from newscrawl.politeness import sign_user_agent
from newscrawl.portals.base import Link, LinkKind, Portal
from newscrawl.record import FetchInfo
from newscrawl.state import StateStore

logger = logging.getLogger(__name__)

# Articles first, so that a run yields records early and a bounded run ends soon.
ARTICLE_PRIORITY = 10
LISTING_PRIORITY = 0
SOURCE_PRIORITY = 5  # sitemaps and feeds: their entries are articles
SOURCE_ENTRIES = ("sitemap", "news sitemap", "feed")  # how a sitemap's or feed's entries are found
FEED_LINK = "feed link"  # a feed a page declares
ROUTED_FEEDS_PRIORITY = 50
# A paged article's next page answering these still ends the article, with the pages read.
NEXT_PAGE_ERRORS = [404, 410, 500, 502, 503, 504]


class PortalSpider(scrapy.Spider):
    """Base for portal spiders; a subclass names the spider and its portal."""

    portal: Portal  # a portal spider's is its class's; the generic spider's is made from its start URLs

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        spider_args = {k: kwargs.pop(k) for k in list(kwargs) if k in SpiderParams.KNOWN}
        super().__init__(*args, **kwargs)
        self.params = self.parse_params(spider_args)

    @classmethod
    def parse_params(cls, args: dict[str, object]) -> SpiderParams:
        """The ``-a`` arguments, checked; :class:`newscrawl.params.ArgumentError` says what is wrong."""
        return SpiderParams.parse(args, cls.portal.start_urls, hosts=cls.portal.hosts)

    @classmethod
    def validate_arguments(cls, args: dict[str, object]) -> None:
        """Raise :class:`newscrawl.params.ArgumentError` for bad ``-a`` arguments (used at start)."""
        cls.parse_params(args)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        route_feeds(settings)
        sign_user_agent(settings)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.params.start_urls:
            link = self.portal.classify(url)
            if link.kind in (LinkKind.OFFSITE, LinkKind.NON_ARTICLE):  # asked for by name: fetched as given
                link = Link(LinkKind.UNKNOWN, url)
            if request := self._request(link, via="seed", depth=0):
                yield request
        for request in self.source_requests():
            yield request

    def source_requests(self) -> Iterator[scrapy.Request]:
        """The portal's declared sitemaps and feeds, as the ``sources`` argument allows."""
        if "sitemaps" in self.params.sources:
            for url in self.portal.sitemaps:
                yield from self._follow_source(url, "sitemap", "portal sitemap")
        if "feeds" in self.params.sources:
            for url in self.portal.feeds:
                yield from self._follow_source(url, "feed", "portal feed")

    def parse(
        self,
        response: Response,
        via: str = "seed",
        depth: int = 0,
        expect: str | None = None,
        within: tuple[str, ...] = (),
        partial: dict[str, Any] | None = None,
    ) -> Iterator[Any]:
        """Read the page; ``within``: the sitemap indexes that led to this sitemap, outermost first;
        ``partial``: a paged article's pages read before this one (see :meth:`_next_page`)."""
        # All is read off the page before anything is yielded: its parsed tree, ~10× the page's size,
        # is freed now rather than kept while Scrapy works through the page's items and requests.
        yield from list(self._read(response, via, depth, expect, within, partial))

    def _read(
        self,
        response: Response,
        via: str,
        depth: int,
        expect: str | None,
        within: tuple[str, ...],
        partial: dict[str, Any] | None = None,
    ) -> Iterator[Any]:
        now = datetime.now(UTC)
        fetch = FetchInfo(
            charset=None, spider=self.name, http_status=response.status, discovered_via=via, downloaded_at=now
        )
        content_type = response.headers.get("Content-Type")
        headers = {"Content-Type": content_type.decode("latin-1")} if content_type else None
        page = process_page(
            response.body,
            response.url,
            headers,
            fetch=fetch,
            observed_at=now,
            portal=self.portal,
            expected=expect,
            partial=partial,
        )
        if page.kind is PageKind.NOT_HTML:
            self._count("skipped/not_html")
            return
        if page.kind is PageKind.ARTICLE:
            if page.continuation is not None:  # a paged article: its record comes with its last page
                yield self._next_page(page.continuation, via, depth)
            else:
                yield from self._article(page)
        elif page.kind in (PageKind.SITEMAP, PageKind.FEED):
            self._count(f"pages/{page.kind.value}")
        else:
            self._count("pages/listing")
            if page.reason == "not_article":  # an article's URL, a page of links
                self._count("pages/listing_at_article_url")
                self.logger.info("A listing at an article URL, followed as a listing: %s", response.url)
        for reason, detail in page.problems:
            self._count(f"bad_input/{reason}")
            self.logger.warning("Bad %s %s: %s: %s", page.kind.value, response.url, reason, detail)
        for reason in page.dropped_lists:
            self._count(f"dropped/{reason}")
            self.logger.error("Dropped listSnapshot %s: %s", response.url, reason)
        yield from page.lists
        chain = (*within, response.url) if page.kind is PageKind.SITEMAP else ()
        yield from self._follow(page.links, bool(page.lists or page.dropped_lists), depth, chain)

    # --- articles ---------------------------------------------------------------------------

    def _article(self, page: PageResult) -> Iterator[ArticleItem]:
        """The page's record; a page without one is counted and logged with its URL and reason."""
        self._count("pages/article")
        if page.layout:
            self._count(f"layout/{page.layout}")
        if page.fallback_from:  # the canary: a known portal's page in none of its layouts
            self._count(f"fallback/{page.fallback_from}")
            self.logger.warning("No %s layout matched, read generically: %s", page.fallback_from, page.url)
        if page.record is not None:
            yield page.record
        elif page.reason == "unrecognised_layout":
            self._count("unrecognised_layout")
            self.logger.warning("Unrecognised layout, not extracted: %s", page.url)
        elif page.reason:
            self._count(f"dropped/{page.reason}")
            if page.error is not None:  # a bug in a layout or the builder: one record lost, named
                self.logger.error("Extraction failed for %s: %s: %s", page.url, page.reason, page.error)
            else:
                self.logger.warning("Dropped article %s: %s", page.url, page.reason)

    def _next_page(self, continuation: Continuation, via: str, depth: int) -> scrapy.Request:
        """The next page of a paged article, carrying the pages read so far in its ``cb_kwargs``.

        ``partial`` is plain JSON, so the request survives the frontier and a restart. It is not keyed
        by article id (its article is the one being read) and goes first: an article begun is finished
        first. Error statuses reach :meth:`parse` too, and a download that fails for good reaches
        :meth:`_next_page_failed`: either way the pages read stand.
        """
        self._count("pages/article")
        self._count("pages/article_continued")
        kwargs: dict[str, Any] = {"via": via, "depth": depth, "partial": continuation.partial}
        return scrapy.Request(
            continuation.url,
            callback=self.parse,
            priority=ARTICLE_PRIORITY + 1,
            errback=self._next_page_failed,
            cb_kwargs=kwargs,
            meta={"handle_httpstatus_list": NEXT_PAGE_ERRORS},
        )

    def _next_page_failed(self, failure: Failure) -> Iterator[ArticleItem]:
        """A paged article's next page could not be had: the record of the pages read."""
        request: scrapy.Request = failure.request  # type: ignore[attr-defined]  # set by Scrapy
        self._count("bad_input/unreadable_next_page")
        self.logger.warning("Next page %s failed (%s): the pages read stand", request.url, failure.value)
        via = request.cb_kwargs.get("via")
        fetch = FetchInfo(charset=None, spider=self.name, http_status=200, discovered_via=via)  # pages read
        yield from self._article(partial_record(request.cb_kwargs["partial"], request.url, fetch))

    # --- links ------------------------------------------------------------------------------

    def _follow(
        self, links: list[FoundLink], has_lists: bool, depth: int, within: tuple[str, ...] = ()
    ) -> Iterator[scrapy.Request]:
        """Requests for the lists' (sitemaps', feeds') articles, then sources, navigation, next pages.

        An entry dated before ``since`` is skipped before it is fetched; when every dated list entry of
        the page is, the page's navigation and next pages are not followed either: they lead to older
        pages still. Navigation is followed to ``depth`` links from the start pages.
        """
        all_old = True  # every entry dated, and dated before `since`
        by_links = "links" in self.params.sources
        for found in links:
            if found.link.kind is LinkKind.SOURCE:
                kind = "feed" if found.via == FEED_LINK else "sitemap"
                yield from self._follow_source(found.link.url, kind, found.via, within)
                continue
            if not by_links and found.via not in SOURCE_ENTRIES:
                continue
            if not found.listed:
                if self.params.since and has_lists and all_old:
                    return
                if self.params.depth is not None and depth >= self.params.depth:
                    continue
                if found.via == "navigation" and not self._first_noted("navigation", found.link.url):
                    continue  # the same navigation is on every page: one look is enough
            else:
                shown = found.shown_date
                all_old = all_old and shown is not None and self._before_since(shown)
                dated_entry = found.link.kind is LinkKind.ARTICLE or found.via in SOURCE_ENTRIES
                if dated_entry and shown and self._before_since(shown):
                    self._skip(found.link.url, "before_since")
                    continue
            if request := self._request(found.link, via=found.via, depth=depth + 1):
                yield request

    def _follow_source(
        self, url: str, kind: str, via: str, within: tuple[str, ...] = ()
    ) -> Iterator[scrapy.Request]:
        """A sitemap or feed (fetched once: the dupefilter). A sitemap index that lists itself or one of
        the indexes that led to it (a loop) is counted and logged; one listed twice is not."""
        if f"{kind}s" not in self.params.sources:
            return
        if url in within:
            self._count("bad_input/sitemap_loop")
            self.logger.warning("Sitemap index loops back to %s, not fetched again", url)
            return
        kwargs: dict[str, Any] = {"via": via, "expect": kind, **({"within": within} if within else {})}
        yield scrapy.Request(url, callback=self.parse, priority=SOURCE_PRIORITY, cb_kwargs=kwargs)

    def _request(self, link: Link, via: str, depth: int) -> scrapy.Request | None:
        """A Request for a link to fetch, or ``None`` (counted under its reason)."""
        if link.kind is LinkKind.OFFSITE and names_private_address(urlsplit(link.url).hostname or ""):
            if self._first_noted("skipped", link.url):  # a page linking the operator's own network
                self._count("refused/private_address")
                self.logger.warning("Refused %s: a link to a private address", link.url)
            return None
        if link.kind is LinkKind.OFFSITE or link.kind is LinkKind.NON_ARTICLE:
            self._skip(link.url, link.kind.value)
            return None
        key = article_key(self.portal.name, link.article_id) if link.article_id else None
        if key and link.kind is LinkKind.ARTICLE and self._requested_before(key):
            return None  # the dupefilter would drop it: not worth a Request, a signal, a lookup
        if link.kind is LinkKind.ARTICLE and not self._worth_fetching(key, link.url):
            self._skip(link.url, "known")
            return None
        listed = link.kind is LinkKind.ARTICLE or via in SOURCE_ENTRIES
        request = self._fetch(link.url, ARTICLE_PRIORITY if listed else LISTING_PRIORITY, via, depth)
        if link.kind is LinkKind.ARTICLE and key:
            request.meta[ARTICLE_KEY] = key
        return request

    def _requested_before(self, key: str) -> bool:
        """The frontier's dupefilter has seen this article's fingerprint (lists repeat on every page)."""
        if not isinstance(self.crawler.request_fingerprinter, ArticleFingerprinter):
            return False  # another fingerprinter: the dupefilter alone decides
        return Frontier.of(self.crawler).has_seen(article_fingerprint(key))

    def _worth_fetching(self, key: str | None, url: str) -> bool:
        """An article an earlier run emitted is fetched again only within the re-check window."""
        if not self.crawler.settings.getbool("NEWSCRAWL_INCREMENTAL", True):
            return True
        recheck = timedelta(days=self.crawler.settings.getfloat("NEWSCRAWL_RECHECK_DAYS", 3.0))
        return StateStore.of(self.crawler).wants(key, url, recheck, datetime.now(UTC))

    def _fetch(self, url: str, priority: int, via: str, depth: int) -> scrapy.Request:
        # The depth travels with the request (and its JOBDIR copy) only where it bounds the crawl.
        bounded = depth and self.params.depth is not None
        kwargs: dict[str, Any] = {"via": via, "depth": depth} if bounded else {"via": via}
        return scrapy.Request(url, callback=self.parse, priority=priority, cb_kwargs=kwargs)

    def _skip(self, url: str, reason: str) -> None:
        """Count a page not fetched, once per URL however often it is linked."""
        if self._first_noted("skipped", url):
            self._count(f"skipped/{reason}")

    def _first_noted(self, what: str, url: str) -> bool:
        return Frontier.of(self.crawler).first_noted(what, url)

    def _before_since(self, day: date) -> bool:
        return self.params.since is not None and day < self.params.since

    def _count(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/{key}")


def route_feeds(settings: BaseSettings) -> None:
    """Send articles and list snapshots to separate feeds.

    A feed given without ``item_classes`` (``-O articles.jsonl``) takes articles only; list snapshots
    go to ``NEWSCRAWL_LISTS_FEED``, by default ``lists.jsonl`` beside the first local article feed.
    """
    feeds = {uri: dict(options or {}) for uri, options in settings.getdict("FEEDS").items()}
    if not feeds:
        return
    for options in feeds.values():
        options.setdefault("item_classes", [ArticleItem])
    lists_uri = settings.get("NEWSCRAWL_LISTS_FEED") or _beside_first_local(feeds)
    if not lists_uri:
        logger.warning(
            "List snapshots are not exported: no local feed to put them beside; set NEWSCRAWL_LISTS_FEED"
        )
    elif lists_uri not in feeds:
        overwrite = any(options.get("overwrite") for options in feeds.values())
        feeds[lists_uri] = {"format": "jsonlines", "item_classes": [ListSnapshotItem], "overwrite": overwrite}
    # Above "cmdline" (40): the crawl command merges its own FEEDS into the crawler after this runs.
    settings.set("FEEDS", feeds, priority=ROUTED_FEEDS_PRIORITY)


def _beside_first_local(feeds: dict[str, dict[str, Any]]) -> str | None:
    for uri in feeds:
        parts = urlsplit(str(uri))
        if parts.scheme in ("", "file"):
            return str(Path(parts.path if parts.scheme else str(uri)).with_name("lists.jsonl"))
    return None
