"""The generic spider: any news site without a module, ``scrapy crawl generic -a start_urls=https://site/``.

It stays on its start URLs' hosts, reads their robots.txt ``Sitemap:`` lines, the sitemaps (indexes and
news sitemaps) and the feeds the pages declare, and follows page links to ``-a depth=N`` (default
:data:`DEFAULT_DEPTH`). Each page is judged by its content: article evidence makes a record (layout
``generic``), anything else is a listing whose links lead on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

from newscrawl.params import ArgumentError, SpiderParams
from newscrawl.portals.generic import GenericSite, generic_site
from newscrawl.sources import sitemap_urls_from_robots
from newscrawl.spiders.portal import SOURCE_PRIORITY, PortalSpider

DEFAULT_DEPTH = 2  # links from the start pages: front page → section → article


class GenericSpider(PortalSpider):
    """Walks any news site from its start URLs, its sitemaps and its feeds."""

    name = "generic"
    portal: GenericSite = generic_site(frozenset())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hosts = frozenset((urlsplit(url).hostname or "").lower() for url in self.params.start_urls)
        self.portal = generic_site(hosts)
        self.allowed_domains = sorted(self.portal.hosts)

    @classmethod
    def parse_params(cls, args: dict[str, object]) -> SpiderParams:
        if not args.get("start_urls"):
            raise ArgumentError("generic needs -a start_urls=URL[,URL…]: the sites to crawl")
        return SpiderParams.parse(args, (), default_depth=DEFAULT_DEPTH)

    def source_requests(self) -> Iterator[scrapy.Request]:
        """Each start host's robots.txt, for its ``Sitemap:`` lines."""
        if "sitemaps" not in self.params.sources:
            return
        origins = {f"{parts.scheme}://{parts.netloc}" for parts in map(urlsplit, self.params.start_urls)}
        for origin in sorted(origins):
            yield scrapy.Request(f"{origin}/robots.txt", callback=self.parse_robots, priority=SOURCE_PRIORITY)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status != 200:
            return
        for url in sitemap_urls_from_robots(response.body, response.url):
            yield from self._follow_source(url, "sitemap", "robots.txt")
