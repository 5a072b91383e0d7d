"""One log line per dropped record, naming its URL and reason (Scrapy's default prints the item)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class NewscrawlLogFormatter(LogFormatter):
    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        level = getattr(exception, "log_level", None) or logging.WARNING
        if isinstance(level, str):
            level = getattr(logging, level)
        return {
            "level": level,
            "msg": "Dropped %(kind)s %(url)s: %(reason)s",
            "args": {"kind": _kind(item), "url": _url(item, response), "reason": exception},
        }


def _kind(item: Any) -> str:
    return getattr(item, "recordType", None) or "article"


def _url(item: Any, response: Response | Failure | None) -> str:
    raw = getattr(item, "raw", None)
    for candidate in (getattr(item, "url", None), getattr(raw, "url", None), getattr(item, "pageUrl", None)):
        if candidate:
            return str(candidate)
    return response.url if isinstance(response, Response) else "?"
