"""The People's Daily Online English spider: ``scrapy crawl peoples_daily -O articles.jsonl``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from newscrawl.portals.peoples_daily import PORTAL
from newscrawl.spiders.portal import PortalSpider


class PeoplesDailySpider(PortalSpider):
    """Walks en.people.cn's lists ("Latest News", "Most Popular", sections …) and its 2013 archive.

    Arguments: ``-a start_urls=URL[,URL…]``, ``-a max_articles=N``, ``-a since=YYYY-MM-DD``.
    """

    name = "peoples_daily"
    portal = PORTAL
    allowed_domains = sorted(PORTAL.hosts)

    def parse(self, response: Response, via: str = "seed") -> Iterator[Any]:
        """Article pages become records; every page's lists become snapshots and links to follow.

        ``scrapy check peoples_daily`` runs these contracts (against the fixture portal, with
        ``http_proxy`` pointing at ``python -m newscrawl.fixture_server``):

        @url http://en.people.cn/n3/2024/0104/c90000-20118289.html
        @returns items 3 3
        @returns requests 4
        """
        return super().parse(response, via)
