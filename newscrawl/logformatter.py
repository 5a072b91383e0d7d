"""One log line per dropped record, naming its URL and reason (Scrapy's default prints the item)."""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class NewscrawlLogFormatter(LogFormatter):
    """Scrapy's log lines, but a dropped record is one line with its URL and reason.

    Below DEBUG, the "Crawled" and "Scraped from" lines are not even made: Scrapy builds a log record
    for each page and item before its handler throws it away, and a page yields ~4 items.
    """

    def __init__(self, debug: bool = True) -> None:
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        level = crawler.settings.get("LOG_LEVEL", "DEBUG")
        numeric = level if isinstance(level, int) else logging.getLevelName(str(level).upper())
        enabled = crawler.settings.getbool("LOG_ENABLED", True)
        return cls(debug=enabled and isinstance(numeric, int) and numeric <= logging.DEBUG)

    # Scrapy documents None as "log nothing"; its annotations do not say so yet.
    def crawled(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider
    ) -> LogFormatterResult | None:
        return super().crawled(request, response, spider) if self.debug else None

    def scraped(  # type: ignore[override]
        self, item: Any, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult | None:
        return super().scraped(item, response, spider) if self.debug else None

    def dropped(  # type: ignore[override]
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult | None:
        """The reason goes in as text: the exception itself, kept in the scraper's frame that its
        traceback holds, would make a cycle keeping the page alive until the cycle collector runs (with
        a list observation dropped for every list on every page, tens of MB)."""
        level = getattr(exception, "log_level", None) or logging.WARNING
        if isinstance(level, str):
            level = getattr(logging, level)
        if level <= logging.DEBUG and not self.debug:
            return None
        return {
            "level": level,
            "msg": "Dropped %(kind)s %(url)s: %(reason)s",
            "args": {"kind": _kind(item), "url": _url(item, response), "reason": str(exception)},
        }


def _kind(item: Any) -> str:
    return getattr(item, "recordType", None) or "article"


def _url(item: Any, response: Response | Failure | None) -> str:
    raw = getattr(item, "raw", None)
    for candidate in (getattr(item, "url", None), getattr(raw, "url", None), getattr(item, "pageUrl", None)):
        if candidate:
            return str(candidate)
    return response.url if isinstance(response, Response) else "?"
