"""Live progress on a terminal: pages, articles, drops, rate, redrawn twice a second (rich).

On with ``NEWSCRAWL_PROGRESS``, which ``newscrawl run`` sets when standard error is a terminal; under
cron nothing is drawn and the run ends with its summary line only.
"""

from __future__ import annotations

import time
from typing import Any, Self

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

REFRESH_SECONDS = 0.5


class LiveProgress:
    """Draws one status line from the crawl's stats while it runs."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.console = Console(stderr=True)
        self.live = Live(console=self.console, refresh_per_second=4, transient=True)
        self.ticker = task.LoopingCall(self.draw)
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("NEWSCRAWL_PROGRESS"):
            raise NotConfigured  # off unless on a terminal: nothing to warn of
        progress = cls(crawler)
        crawler.signals.connect(progress.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(progress.spider_closed, signal=signals.spider_closed)
        return progress

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.live.start()
        self.ticker.start(REFRESH_SECONDS)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.ticker.running:
            self.ticker.stop()
        self.live.stop()

    def draw(self) -> None:
        assert self.crawler.stats is not None
        self.live.update(Text(status_line(self.crawler.stats.get_stats(), time.monotonic() - self.started)))


def status_line(stats: dict[str, Any], elapsed: float) -> str:
    pages = stats.get("response_received_count", 0)
    dropped = sum(v for k, v in stats.items() if k.startswith("newscrawl/dropped/"))
    new, updated = stats.get("newscrawl/articles/new", 0), stats.get("newscrawl/articles/updated", 0)
    return (
        f"newscrawl  {pages} pages  {stats.get('newscrawl/records/article', 0)} articles "
        f"({new} new, {updated} updated)  "
        f"{stats.get('newscrawl/skipped/known', 0)} known  {dropped} dropped  "
        f"{pages / max(elapsed, 0.001):.1f} pages/s  {elapsed:.0f} s"
    )
