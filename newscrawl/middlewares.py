"""Downloader middlewares: robots.txt read as RFC 9309 says when it cannot be had.

Scrapy's RobotsTxtMiddleware parses whatever a robots.txt request returns: a 500 error page parses
as no rules at all, so a site whose robots.txt is failing is crawled as if it allowed everything, and a
network error allows everything too. RFC 9309 §2.3.1.3 says the opposite: an unreachable robots.txt
(a server error, 5xx, or a network error) means complete disallow; an unavailable one (4xx) allows
all. 429 Too Many Requests is read as unreachable (the server is overloaded, as Google reads it).
Retries come first: the robots.txt request goes through RetryMiddleware like any other.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


def robots_unreachable(status: int) -> bool:
    """Whether a robots.txt answer with this status means "disallow all" (RFC 9309 §2.3.1.3)."""
    return status >= 500 or status == 429


class RobotsTxtMiddleware(ScrapyRobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, with an unreachable robots.txt disallowing the whole host."""

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if robots_unreachable(response.status):
            self._unreachable(netloc, f"it answered {response.status}")
            response = response.replace(body=DISALLOW_ALL)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):  # refused by us (a private address): Scrapy's way
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._unreachable(netloc, f"{type(exc).__name__}: {exc}")
        parser = build_from_crawler(self._parserimpl, self.crawler, DISALLOW_ALL)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)

    def _unreachable(self, netloc: str, why: str) -> None:
        """Counted and logged once per host: robots.txt is fetched once per host."""
        self._stats.inc_value("newscrawl/robotstxt/unreachable")
        logger.warning(
            "robots.txt of %s is unreachable (%s): nothing on that host is fetched (RFC 9309 §2.3.1.3)",
            netloc,
            why,
        )
