"""Crawl-wide extensions: the run report, and the garbage collector tuned for a crawl.

RunReport counts records by type and, when the spider closes, writes an honest run summary. The
summary (``NEWSCRAWL_REPORT_FILE``, JSON) holds what a scheduled run's operator checks: pages fetched,
records written, drops and skips by reason, unrecognised pages, HTTP errors, why it ended. It is also
logged as one line.
"""

from __future__ import annotations

import gc
import json
import logging
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)


_FAMILIES = ("dropped", "skipped", "fallbacks", "badInput", "refused")  # counts by reason


class RunReport:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("NEWSCRAWL_REPORT_FILE") or None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: Any, spider: Spider) -> None:
        assert self.crawler.stats is not None
        kind = getattr(item, "recordType", type(item).__name__)
        self.crawler.stats.inc_value(f"newscrawl/records/{kind}")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        report = self.summary(reason)
        logger.info(
            "Run report: %(pages)s pages, %(articles)s articles, %(listSnapshots)s list snapshots, "
            "dropped %(dropped)s, skipped %(skipped)s, unrecognised %(unrecognised)s, "
            "generic fallbacks %(fallbacks)s, bad input %(badInput)s, refused %(refused)s, "
            "finished: %(finishReason)s",
            {
                **report,
                **{
                    key: report[key] or "none"
                    for key in ("dropped", "skipped", "fallbacks", "badInput", "refused")
                },
            },
        )
        if self.path:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            Path(self.path).write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")

    def summary(self, reason: str) -> dict[str, Any]:
        assert self.crawler.stats is not None
        assert self.crawler.spider is not None
        stats = self.crawler.stats.get_stats()

        def family(prefix: str) -> dict[str, int]:
            return {k[len(prefix) :]: v for k, v in sorted(stats.items()) if k.startswith(prefix)}

        return {
            "spider": self.crawler.spider.name,
            "finishReason": reason,
            "pages": stats.get("response_received_count", 0),
            "articlePages": stats.get("newscrawl/pages/article", 0),
            "listingPages": stats.get("newscrawl/pages/listing", 0),
            "articles": stats.get("newscrawl/records/article", 0),
            "listSnapshots": stats.get("newscrawl/records/listSnapshot", 0),
            "dropped": family("newscrawl/dropped/"),
            "skipped": family("newscrawl/skipped/"),
            "unrecognised": stats.get("newscrawl/unrecognised_layout", 0),
            "fallbacks": family("newscrawl/fallback/"),
            "badInput": family("newscrawl/bad_input/"),
            "refused": family("newscrawl/refused/"),
            "layouts": family("newscrawl/layout/"),
            "httpStatus": family("downloader/response_status_count/"),
            "errors": stats.get("log_count/ERROR", 0),
            "elapsedSeconds": round(stats.get("elapsed_time_seconds", 0.0), 3),
        }


class GcThresholds:
    """Sets the garbage collector's thresholds for the crawl, and puts Python's back when it ends.

    A crawl allocates millions of short-lived objects (requests, responses, items) that reference
    counting frees; with Python's default thresholds (700, 10, 10) the cycle collector still runs some
    thousand times a minute over every live object. ``NEWSCRAWL_GC_THRESHOLDS = "50000,20,100"``
    made a 10,000-page benchmark crawl ~9% cheaper in CPU; empty leaves Python's defaults alone.
    """

    def __init__(self, thresholds: tuple[int, ...]) -> None:
        self.thresholds = thresholds
        self.saved: tuple[int, ...] = ()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        text = str(crawler.settings.get("NEWSCRAWL_GC_THRESHOLDS") or "").replace(" ", "")
        if not text:
            raise NotConfigured("NEWSCRAWL_GC_THRESHOLDS is empty: Python's defaults stay")
        parts = text.split(",")
        if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
            logger.warning(
                "NEWSCRAWL_GC_THRESHOLDS=%r is not 1 to 3 whole numbers: Python's defaults stay", text
            )
            raise NotConfigured("NEWSCRAWL_GC_THRESHOLDS is malformed")
        extension = cls(tuple(int(part) for part in parts))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.saved = gc.get_threshold()
        gc.set_threshold(*self.thresholds)

    def spider_closed(self, spider: Spider) -> None:
        if self.saved:
            gc.set_threshold(*self.saved)
