"""The spider's callback on real responses: one broken page costs that page only."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newscrawl.items import ArticleItem, ListSnapshotItem
from newscrawl.portals.peoples_daily import PeoplesDaily
from newscrawl.spiders.portals import SPIDERS
from tests.helpers import record_cases

PeoplesDailySpider = SPIDERS["peoples_daily"]


class BrokenPortal(PeoplesDaily):
    """People's Daily whose article reading has a bug."""

    def extract(self, root, url):
        raise KeyError("p_content")


def spider_with(portal=None) -> PeoplesDailySpider:
    crawler = get_crawler(PeoplesDailySpider)
    spider = PeoplesDailySpider.from_crawler(crawler)
    crawler.spider = spider
    if portal is not None:
        spider.portal = portal
    return spider


def response_for(case) -> HtmlResponse:
    return HtmlResponse(case.url, body=case.html.read_bytes(), request=Request(case.url))


def test_a_layout_bug_costs_the_article_but_not_the_page_lists(caplog: pytest.LogCaptureFixture) -> None:
    spider = spider_with(BrokenPortal())
    case = next(c for c in record_cases() if c.name == "2013-cyber-security")
    output = list(spider.parse(response_for(case)))
    assert not [item for item in output if isinstance(item, ArticleItem)]
    assert {item.listName for item in output if isinstance(item, ListSnapshotItem)} >= {"Most Popular"}
    assert [r for r in output if isinstance(r, Request)]
    assert spider.crawler.stats.get_value("newscrawl/dropped/error:KeyError") == 1
    assert f"Extraction failed for {case.url}: error:KeyError: 'p_content'" in caplog.text


def test_the_article_page_yields_its_record_lists_and_links() -> None:
    spider = spider_with()
    case = next(c for c in record_cases() if c.name == "2024-winter-tourism")
    output = list(spider.parse(response_for(case), via="Top Stories"))
    [record] = [item for item in output if isinstance(item, ArticleItem)]
    assert record.metadata["discoveredVia"] == "Top Stories"
    assert record.metadata["charset"] == "utf-8"
    assert record.metadata["spider"] == "peoples_daily"
    assert [item.listName for item in output if isinstance(item, ListSnapshotItem)] == [
        "Related Stories",
        "Photos",
    ]
    followed = {r.url for r in output if isinstance(r, Request)}
    assert "http://en.people.cn/90785/index.html" in followed  # navigation to a section
    assert "http://en.people.cn/102840/9716018.html" not in followed  # "About us" in the footer


def test_a_builder_bug_drops_one_named_record(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    import newscrawl.page as page_module

    def broken(raw, fetch):
        raise TypeError("paragraph is None")

    monkeypatch.setattr(page_module, "build_article", broken)
    spider = spider_with()
    case = record_cases()[0]
    output = list(spider.parse(response_for(case)))
    assert not [item for item in output if isinstance(item, ArticleItem)]
    assert [item for item in output if isinstance(item, ListSnapshotItem)]
    assert spider.crawler.stats.get_value("newscrawl/dropped/error:TypeError") == 1
    assert f"Extraction failed for {case.url}: error:TypeError: paragraph is None" in caplog.text


def spider_on(settings: dict) -> PeoplesDailySpider:
    crawler = get_crawler(PeoplesDailySpider, settings_dict=settings)
    spider = PeoplesDailySpider.from_crawler(crawler)
    crawler.spider = spider
    return spider


def article_urls(output: list) -> set[str]:
    return {r.url for r in output if isinstance(r, Request) and PeoplesDaily().article_id(r.url)}


def test_article_links_carry_their_key_and_come_first() -> None:
    spider = spider_on({})
    case = next(c for c in record_cases() if c.name == "2013-cyber-security")
    requests = [r for r in spider.parse(response_for(case)) if isinstance(r, Request)]
    articles = [r for r in requests if PeoplesDaily().article_id(r.url)]
    assert len(articles) > 5
    for request in articles:
        assert request.meta["article_key"] == f"peoples_daily:{PeoplesDaily().article_id(request.url)}"
        assert request.priority > max(r.priority for r in requests if r not in articles)


def test_a_portals_declared_sitemaps_and_feeds_are_fetched_as_sources() -> None:
    class WithSources(PeoplesDaily):
        sitemaps = ("http://en.people.cn/sitemap_index.xml",)
        feeds = ("http://en.people.cn/rss/90000.xml",)

    spider = spider_with(WithSources())
    requests = list(spider.source_requests())
    assert [(r.url, r.cb_kwargs["expect"]) for r in requests] == [
        ("http://en.people.cn/sitemap_index.xml", "sitemap"),
        ("http://en.people.cn/rss/90000.xml", "feed"),
    ]


def test_sources_left_out_by_the_argument_are_not_fetched() -> None:
    class WithSources(PeoplesDaily):
        sitemaps = ("http://en.people.cn/sitemap_index.xml",)
        feeds = ("http://en.people.cn/rss/90000.xml",)

    crawler = get_crawler(PeoplesDailySpider)
    spider = PeoplesDailySpider.from_crawler(crawler, sources="links,feeds")
    crawler.spider = spider
    spider.portal = WithSources()
    assert [r.cb_kwargs["expect"] for r in spider.source_requests()] == ["feed"]
