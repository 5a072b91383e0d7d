"""Item pipelines, in order: one record per article and version → bound the run → (the dataset).

Records arrive built and validated (``newscrawl.page.process_page``, shared with ``newscrawl extract``);
here the run's rules apply: one record per article, and the bounds ``since`` and ``max_articles``.
Every drop raises :class:`DropItem` with a reason slug that also lands in the stats as
``newscrawl/dropped/<reason>`` (``newscrawl/skipped/<reason>`` for records the run's bounds leave out).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from newscrawl.frontier import Frontier
from newscrawl.items import ArticleItem, as_record
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

    def open_spider(self, spider: Spider) -> None:
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
