"""Spider A of the crawl benchmark: what a user writes first, with Scrapy's default settings.

It follows every link of the same lists newscrawl reads ("Latest News", "Most Popular", "Selections
for you", section lists) and does nothing else: no extraction, no items, no feed. Every list link
becomes a Request; Scrapy's duplicate filter drops the ones already seen.

    scrapy runspider benchmarks/bare.py -a start_url=http://en.people.cn/
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

LIST_LINKS = (
    "div.wb_2 a, div.wb_14 a, div.p1_1 a, div.p1_2 a, div.p1_3 a, div.p2 a, div.foreign_d2list a, "
    "div.latest a, div.popular a, div.p2_related a"
)


class BareListSpider(scrapy.Spider):
    name = "bare_lists"

    def __init__(self, start_url: str = "http://en.people.cn/", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start_url]

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css(LIST_LINKS).xpath("@href").getall():
            yield response.follow(href, callback=self.parse)
