"""Downloader middlewares: retries that honour the server's ``Retry-After``.

Scrapy's RetryMiddleware retries a 503 or 429 at once, however long the server asked it to wait; a
portal under load then sees the same request again within milliseconds. Here the retry of such a
response waits as long as ``Retry-After`` says, up to ``NEWSCRAWL_RETRY_AFTER_MAX`` seconds.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Self

from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.utils.response import response_status_message

RETRY_AFTER_STATUSES = frozenset({429, 503})


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that waits ``Retry-After`` before retrying a 429 or 503."""

    max_wait: float = 120.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.max_wait = crawler.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX", 120.0)
        return middleware

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response) if response.status in RETRY_AFTER_STATUSES else None
        if wait:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/retry_after/waits")
            await asyncio.sleep(min(wait, self.max_wait))
        return self._retry(request, response_status_message(response.status)) or response


def retry_after_seconds(response: Response, now: datetime | None = None) -> float | None:
    """``Retry-After`` in seconds: a number (``2``) or an HTTP date; ``None`` if absent or unreadable."""
    value = (response.headers.get(b"Retry-After") or b"").decode("latin-1").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
