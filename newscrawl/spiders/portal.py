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
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings

from newscrawl import __version__
from newscrawl.items import ArticleItem, ListSnapshotItem
from newscrawl.page import FoundLink, PageKind, PageResult, process_page
from newscrawl.params import SpiderParams
from newscrawl.portals.base import Link, LinkKind, Portal
from newscrawl.record import FetchInfo

logger = logging.getLogger(__name__)

# Articles first, so that a run yields records early and a bounded run ends soon.
ARTICLE_PRIORITY = 10
LISTING_PRIORITY = 0
ROUTED_FEEDS_PRIORITY = 50
# Article Requests kept in Scrapy's scheduler; the rest of the articles found wait in the frontier.
FRONTIER_FEED = 64


class PortalSpider(scrapy.Spider):
    """Base for portal spiders; a subclass names the spider and its portal."""

    portal: ClassVar[Portal]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        spider_args = {k: kwargs.pop(k) for k in list(kwargs) if k in SpiderParams.KNOWN}
        super().__init__(*args, **kwargs)
        self.params = SpiderParams.parse(spider_args, self.portal.start_urls)
        self.seen_articles: set[str] = set()
        self.seen_pages: set[str] = set()
        self.seen_skipped: set[str] = set()
        self.seen_links: set[str] = set()  # every URL linked from a page, looked at for navigation
        self.duplicate_links = 0  # links to articles already requested; into the stats once a page
        self.frontier: deque[tuple[str, str]] = deque()  # articles to fetch: (URL, list that showed it)
        self.lean_frontier = True  # off with a JOBDIR, whose disk queues keep (and resume) the requests

    @classmethod
    def validate_arguments(cls, args: dict[str, object]) -> None:
        """Raise :class:`newscrawl.params.ArgumentError` for bad ``-a`` arguments (used at start)."""
        SpiderParams.parse(args, cls.portal.start_urls)

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
            if request := self._request(link, via="seed"):
                yield request
        for request in self._from_frontier():
            yield request

    def parse(self, response: Response, via: str = "seed") -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            self._count("skipped/not_html")
            return
        # All is read off the page before anything is yielded: its parsed tree, ~10× the page's size,
        # is freed now rather than kept while Scrapy works through the page's items and requests.
        yield from list(self._read(response, via))
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newscrawl/links/duplicate", self.duplicate_links)

    def _read(self, response: TextResponse, via: str) -> Iterator[Any]:
        now = datetime.now(UTC)
        fetch = FetchInfo(
            charset=None, spider=self.name, http_status=response.status, discovered_via=via, downloaded_at=now
        )
        content_type = response.headers.get("Content-Type")
        headers = {"Content-Type": content_type.decode("latin-1")} if content_type else None
        page = process_page(
            response.body, response.url, headers, fetch=fetch, observed_at=now, portal=self.portal
        )
        if page.kind is PageKind.ARTICLE:
            self._note_article(self.portal.classify(response.url))
            yield from self._article(page)
        else:
            self._count("pages/listing")
        for reason in page.dropped_lists:
            self._count(f"dropped/{reason}")
            self.logger.error("Dropped listSnapshot %s: %s", response.url, reason)
        yield from page.lists
        yield from self._follow(page.links, has_lists=bool(page.lists or page.dropped_lists))
        yield from self._from_frontier()

    # --- articles ---------------------------------------------------------------------------

    def _article(self, page: PageResult) -> Iterator[ArticleItem]:
        """The page's record; a page without one is counted and logged with its URL and reason."""
        self._count("pages/article")
        if page.layout:
            self._count(f"layout/{page.layout}")
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

    def _follow(self, links: list[FoundLink], has_lists: bool) -> Iterator[scrapy.Request]:
        """Requests for the lists' articles, then navigation and (listings') next pages.

        An article dated before ``since`` is skipped; when every dated list entry of the page is, the
        page's navigation and next pages are not followed either: they lead to older pages still.
        """
        all_old = True  # every entry dated, and dated before `since`
        for found in links:
            if not found.listed:
                if self.params.since and has_lists and all_old:
                    return
                if found.via == "navigation":
                    if found.link.url in self.seen_links:  # the same navigation is on every page
                        continue
                    self.seen_links.add(found.link.url)
            else:
                shown = found.shown_date
                all_old = all_old and shown is not None and self._before_since(shown)
                if found.link.kind is LinkKind.ARTICLE and shown and self._before_since(shown):
                    self._skip(found.link.url, "before_since")
                    continue
            if request := self._request(found.link, via=found.via):
                yield request

    def _request(self, link: Link, via: str) -> scrapy.Request | None:
        """A Request for a link not seen before, or ``None`` (counted under its reason).

        Without a JOBDIR, an article not seen before joins the frontier instead (``None`` too).
        """
        if link.kind is LinkKind.OFFSITE or link.kind is LinkKind.NON_ARTICLE:
            self._skip(link.url, link.kind.value)
            return None
        if link.kind is LinkKind.ARTICLE:
            if link.article_id in self.seen_articles:
                self.duplicate_links += 1
                return None
            self._note_article(link)
            if not self.lean_frontier:
                return self._fetch(link.url, ARTICLE_PRIORITY, via)
            self.frontier.append((link.url, sys.intern(via)))
            return None
        if link.url in self.seen_pages:
            return None
        self.seen_pages.add(link.url)
        return self._fetch(link.url, LISTING_PRIORITY, via)

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
            url, via = self.frontier.popleft()
            yield self._fetch(url, ARTICLE_PRIORITY, via)

    def _fetch(self, url: str, priority: int, via: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse, priority=priority, cb_kwargs={"via": via})

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


def sign_user_agent(settings: BaseSettings) -> None:
    """Put ``NEWSCRAWL_CONTACT_URL`` into the User-Agent, unless the User-Agent was set on its own."""
    contact_priority = settings.getpriority("NEWSCRAWL_CONTACT_URL") or 0
    if contact_priority > (settings.getpriority("USER_AGENT") or 0):
        agent = f"newscrawl/{__version__} (+{settings['NEWSCRAWL_CONTACT_URL']})"
        settings.set("USER_AGENT", agent, priority=contact_priority)


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
