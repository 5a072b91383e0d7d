"""Item pipelines, in order: de-duplicate → bound the run.

Records arrive built and validated (``newscrawl.page.process_page``, shared with ``newscrawl extract``);
here the run's rules apply: one record per article, and the bounds ``since`` and ``max_articles``.
Every drop raises :class:`DropItem` with a reason slug that also lands in the stats as
``newscrawl/dropped/<reason>`` (``newscrawl/skipped/<reason>`` for records the run's bounds leave out).
"""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from newscrawl.items import ArticleItem


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


class DedupePipeline(_Pipeline):
    """One record per ``articleId`` per run, whatever host, URL form or redirect led to it."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.seen: set[str] = set()

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            key = item.articleId or item.canonicalUrl or item.contentHash
            if key in self.seen:
                self.drop("duplicate", level="INFO")
            self.seen.add(key)
        return item


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
