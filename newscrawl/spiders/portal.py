"""PortalSpider: walks a portal's link lists from its front page and hands article pages to a layout.

Crawling only: which links are articles, which lists a page shows and how an article reads all come
from the portal module (``newscrawl.portals``). Links are de-duplicated here, before a Request is built:
articles by their id (one article, many hosts and URL forms), listing pages by URL. Articles found wait
in a lean frontier of URLs and reach Scrapy's scheduler a few dozen at a time (see ``_from_frontier``).
"""

from __future__ import annotations

import logging
import sys
from collections import deque
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.settings import BaseSettings

from newscrawl.items import ArticleItem, ListSnapshotItem
from newscrawl.netguard import names_private_address
from newscrawl.page import FoundLink, PageKind, PageResult, process_page
from newscrawl.params import SpiderParams
from newscrawl.politeness import sign_user_agent
from newscrawl.portals.base import Link, LinkKind, Portal
from newscrawl.record import FetchInfo

logger = logging.getLogger(__name__)

# Articles first, so that a run yields records early and a bounded run ends soon.
ARTICLE_PRIORITY = 10
LISTING_PRIORITY = 0
SOURCE_PRIORITY = 5  # sitemaps and feeds: their entries are articles
SOURCE_ENTRIES = ("sitemap", "news sitemap", "feed")  # how a sitemap's or feed's entries are found
FEED_LINK = "feed link"  # a feed a page declares
ROUTED_FEEDS_PRIORITY = 50
# Article Requests kept in Scrapy's scheduler; the rest of the articles found wait in the frontier.
FRONTIER_FEED = 64


class PortalSpider(scrapy.Spider):
    """Base for portal spiders; a subclass names the spider and its portal."""

    portal: Portal  # a portal spider's is its class's; the generic spider's is made from its start URLs

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        spider_args = {k: kwargs.pop(k) for k in list(kwargs) if k in SpiderParams.KNOWN}
        super().__init__(*args, **kwargs)
        self.params = self.parse_params(spider_args)
        self.seen_articles: set[str] = set()
        self.seen_pages: set[str] = set()
        self.seen_skipped: set[str] = set()
        self.seen_links: set[str] = set()  # every URL linked from a page, looked at for navigation
        self.duplicate_links = 0  # links to articles already requested; into the stats once a page
        # Articles to fetch: (URL, the list that showed it, links from the start pages).
        self.frontier: deque[tuple[str, str, int]] = deque()
        self.lean_frontier = True  # off with a JOBDIR, whose disk queues keep (and resume) the requests

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

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.lean_frontier = not crawler.settings.get("JOBDIR")
        crawler.signals.connect(spider._feed_when_idle, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.params.start_urls:
            link = self.portal.classify(url)
            if link.kind in (LinkKind.OFFSITE, LinkKind.NON_ARTICLE):  # asked for by name: fetched as given
                link = Link(LinkKind.UNKNOWN, url)
            if request := self._request(link, via="seed", depth=0):
                yield request
        for request in self.source_requests():
            yield request
        for request in self._from_frontier():
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
    ) -> Iterator[Any]:
        """Read the page; ``within``: the sitemap indexes that led to this sitemap, outermost first."""
        # All is read off the page before anything is yielded: its parsed tree, ~10× the page's size,
        # is freed now rather than kept while Scrapy works through the page's items and requests.
        yield from list(self._read(response, via, depth, expect, within))
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newscrawl/links/duplicate", self.duplicate_links)

    def _read(
        self, response: Response, via: str, depth: int, expect: str | None, within: tuple[str, ...]
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
        )
        if page.kind is PageKind.NOT_HTML:
            self._count("skipped/not_html")
            return
        if page.kind is PageKind.ARTICLE:
            self._note_article(self.portal.classify(response.url))
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
        yield from self._from_frontier()

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
                if found.via == "navigation":
                    if found.link.url in self.seen_links:  # the same navigation is on every page
                        continue
                    self.seen_links.add(found.link.url)
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
        """A sitemap or feed, fetched once. A sitemap index that lists itself or one of the indexes that
        led to it (a loop) is counted and logged; one listed twice (robots.txt and an index) is not."""
        if f"{kind}s" not in self.params.sources:
            return
        if url in within:
            self._count("bad_input/sitemap_loop")
            self.logger.warning("Sitemap index loops back to %s, not fetched again", url)
            return
        if url in self.seen_pages:
            return
        self.seen_pages.add(url)
        kwargs: dict[str, Any] = {"via": via, "expect": kind, **({"within": within} if within else {})}
        yield scrapy.Request(url, callback=self.parse, priority=SOURCE_PRIORITY, cb_kwargs=kwargs)

    def _request(self, link: Link, via: str, depth: int) -> scrapy.Request | None:
        """A Request for a link not seen before, or ``None`` (counted under its reason).

        Without a JOBDIR, an article not seen before joins the frontier instead (``None`` too).
        """
        if link.kind is LinkKind.OFFSITE and names_private_address(urlsplit(link.url).hostname or ""):
            if link.url not in self.seen_skipped:  # a page linking the operator's own network
                self.seen_skipped.add(link.url)
                self._count("refused/private_address")
                self.logger.warning("Refused %s: a link to a private address", link.url)
            return None
        if link.kind is LinkKind.OFFSITE or link.kind is LinkKind.NON_ARTICLE:
            self._skip(link.url, link.kind.value)
            return None
        if link.kind is LinkKind.ARTICLE:
            if link.article_id in self.seen_articles:
                self.duplicate_links += 1
                return None
            self._note_article(link)
            if not self.lean_frontier:
                return self._fetch(link.url, ARTICLE_PRIORITY, via, depth)
            self.frontier.append((link.url, sys.intern(via), depth))
            return None
        if link.url in self.seen_pages:
            return None
        self.seen_pages.add(link.url)
        if via in SOURCE_ENTRIES and self.lean_frontier:  # a sitemap's pages wait like articles do
            self.frontier.append((link.url, sys.intern(via), depth))
            return None
        priority = ARTICLE_PRIORITY if via in SOURCE_ENTRIES else LISTING_PRIORITY
        return self._fetch(link.url, priority, via, depth)

    # --- the frontier -----------------------------------------------------------------------

    def _from_frontier(self, at_least: int = 0) -> Iterator[scrapy.Request]:
        """Requests for waiting articles, enough to keep ``FRONTIER_FEED`` in Scrapy's scheduler.

        Articles wait as bare URLs: a scheduled Request weighs ~1.5 KB, a waiting URL ~0.2 KB, and at
        a crawl's peak most of a site's articles have been seen in lists and not yet fetched. With a
        JOBDIR the frontier stays empty: Scrapy's disk queues hold the requests, and resume them.
        """
        assert self.crawler.stats is not None
        stats = self.crawler.stats
        enqueued, dequeued = stats.get_value("scheduler/enqueued"), stats.get_value("scheduler/dequeued")
        scheduled = (enqueued or 0) - (dequeued or 0)
        for _ in range(min(len(self.frontier), max(at_least, FRONTIER_FEED - scheduled))):
            url, via, depth = self.frontier.popleft()
            yield self._fetch(url, ARTICLE_PRIORITY, via, depth)

    def _fetch(self, url: str, priority: int, via: str, depth: int) -> scrapy.Request:
        # The depth travels with the request (and its JOBDIR copy) only where it bounds the crawl.
        bounded = depth and self.params.depth is not None
        kwargs: dict[str, Any] = {"via": via, "depth": depth} if bounded else {"via": via}
        return scrapy.Request(url, callback=self.parse, priority=priority, cb_kwargs=kwargs)

    def _feed_when_idle(self) -> None:
        """Scrapy ran out of requests while articles still wait: schedule more, and keep going."""
        if not self.frontier:
            return
        assert self.crawler.engine is not None
        for request in self._from_frontier(at_least=FRONTIER_FEED):
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def _skip(self, url: str, reason: str) -> None:
        """Count a page not fetched, once per URL however often it is linked."""
        if url not in self.seen_skipped:
            self.seen_skipped.add(url)
            self._count(f"skipped/{reason}")

    def _note_article(self, link: Link) -> None:
        if link.article_id:
            self.seen_articles.add(link.article_id)

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
