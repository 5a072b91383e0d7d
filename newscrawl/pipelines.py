"""Item pipelines, in order: one record per article and version → bound the run → one snapshot per
list and content → (the dataset).

Records arrive built and validated (``newscrawl.page.process_page``, shared with ``newscrawl extract``);
here the run's rules apply: one record per article, the bounds ``since`` and ``max_articles``, and one
list snapshot per run, list and content. Every drop raises :class:`DropItem` with a reason slug that
also lands in the stats as ``newscrawl/dropped/<reason>`` (``newscrawl/skipped/<reason>`` for records
the run's bounds leave out; list observations, which are counted, not lost, under ``newscrawl/lists/``).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from newscrawl.frontier import Frontier
from newscrawl.items import ArticleItem, ListSnapshotItem, as_record
from newscrawl.state import Emitted, StateStore, record_key


class _Pipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def drop(self, reason: str, *, counter: str = "dropped", level: str = "WARNING") -> NoReturn:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/{counter}/{reason}")
        raise DropItem(reason, log_level=level)


class IncrementalPipeline(_Pipeline):
    """One record per article and version, across runs (``newscrawl.state``).

    An article never emitted is version 1; one emitted before (by an earlier run, under any URL) is
    emitted again only if its contentHash changed, as the next version; a second record of an
    article within the run is a duplicate. Records are entered in the store once scraped (after the
    bounds and the dataset writer), and written to it with the frontier's checkpoints.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        if not crawler.settings.getbool("NEWSCRAWL_INCREMENTAL", True):
            raise NotConfigured("NEWSCRAWL_INCREMENTAL is off: no state store")
        self.store = StateStore.of(crawler)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    def open_spider(self) -> None:
        Frontier.of(self.crawler).after_commit.append(self.store.write_batch)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        known = self.store.known(record_key(as_record(item)))
        if known is not None and known.content_hash == item.contentHash:
            if known.this_run:
                self.drop("duplicate", level="INFO")
            self.store.touch(record_key(as_record(item)))
            self.drop("unchanged", counter="skipped", level="DEBUG")
        if known is not None:
            item.version, item.firstSeen = known.version + 1, known.first_seen
        else:
            item.firstSeen = item.metadata.get("dateDownloaded")
        return item

    def item_scraped(self, item: Any, spider: Spider) -> None:
        if isinstance(item, ArticleItem):
            self.store.note(Emitted.of(as_record(item)))
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value(f"newscrawl/articles/{'new' if item.version == 1 else 'updated'}")


class BoundsPipeline(_Pipeline):
    """Applies ``-a since=`` (publication day) and ``-a max_articles=`` to the records written."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.written = 0

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        params = getattr(self.crawler.spider, "params", None)
        since = getattr(params, "since", None)
        limit = getattr(params, "max_articles", None)
        # A valid record's datePublished is ISO 8601: its first ten characters are the day.
        published = date.fromisoformat(item.datePublished[:10]) if item.datePublished else None
        if since and published and published < since:
            self.drop("before_since", counter="skipped", level="DEBUG")
        if limit is not None and self.written >= limit:
            self.drop("max_articles", counter="skipped", level="DEBUG")
        self.written += 1
        if limit is not None and self.written == limit:
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_articles"))
        return item


class ListSnapshotPipeline(_Pipeline):
    """One list snapshot per run, site, list and content, written when the spider closes.

    A page yields a snapshot of every list it shows; most lists are site-wide (the same "Most Popular"
    on every page), so each is an observation here: counted (``newscrawl/lists/observed``), entered in
    the frontier's table of snapshots (one upsert; committed with the page's ack at the next checkpoint,
    so a killed run's resumption counts each page once) and dropped. An empty list (filled by script) is
    counted under ``newscrawl/lists/empty/<listName>`` only. When the spider closes, for whatever
    reason, the snapshots go through the rest of the item flow (the dataset writer, the feeds, the
    run report) and leave the frontier in the transaction its close commits.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.closing = False  # from here on, the snapshots passing are the coalesced ones

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ListSnapshotItem) or self.closing:
            return item
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newscrawl/lists/observed")
        if not item.items:
            self.drop(item.listName, counter="lists/empty", level="DEBUG")
        Frontier.of(self.crawler).observe_list(item)
        raise DropItem("observed: one snapshot per list and content when the run ends", log_level="DEBUG")

    async def close_spider(self) -> None:
        self.closing = True
        assert self.crawler.engine is not None
        scraper = self.crawler.engine.scraper
        frontier = Frontier.of(self.crawler)
        for batch in frontier.list_snapshots():
            for _, snapshot in batch:
                await scraper.start_itemproc_async(snapshot, response=None)
            frontier.forget_lists(row for row, _ in batch)
