"""Request fingerprints in which one article, under any of its URLs and hosts, is one request.

A spider puts the article's key (``<site>:<articleId>``) into ``Request.meta["article_key"]``; the
fingerprint is then a hash of that key alone, so Scrapy's dupefilter (and the frontier's, and any
other dupefilter keyed on fingerprints) drops a second link to the same article whatever its URL
form. A redirected request keeps its meta but not its first URL: its fingerprint is the URL's, so
that the redirect is followed, and a redirect loop still ends at the dupefilter.
"""

from __future__ import annotations

import hashlib
from typing import Self

from scrapy.crawler import Crawler
from scrapy.http import Request
from scrapy.utils.request import RequestFingerprinter

ARTICLE_KEY = "article_key"


def article_key(site: str, article_id: str) -> str:
    """The key of one article across its URL forms and hosts."""
    return f"{site}:{article_id}"


def article_fingerprint(key: str) -> bytes:
    """The fingerprint of every request for the article of ``key``, whatever its URL."""
    return hashlib.sha1(f"article\0{key}".encode()).digest()


class ArticleFingerprinter:
    """``REQUEST_FINGERPRINTER_CLASS``: an article's key when the request carries one, else Scrapy's."""

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.default = RequestFingerprinter(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def fingerprint(self, request: Request) -> bytes:
        key = request.meta.get(ARTICLE_KEY)
        if key and not request.meta.get("redirect_times"):
            return article_fingerprint(key)
        return self.default.fingerprint(request)
