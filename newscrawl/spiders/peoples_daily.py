"""The People's Daily Online English spider: ``scrapy crawl peoples_daily -O articles.jsonl``."""

from __future__ import annotations

from newscrawl.portals.peoples_daily import PORTAL
from newscrawl.spiders.portal import PortalSpider


class PeoplesDailySpider(PortalSpider):
    """Walks en.people.cn's lists ("Latest News", "Most Popular", sections …) and its 2013 archive.

    Arguments: ``-a start_urls=URL[,URL…]``, ``-a max_articles=N``, ``-a since=YYYY-MM-DD``.
    """

    name = "peoples_daily"
    portal = PORTAL
    allowed_domains = sorted(PORTAL.hosts)
