"""The spider's callback on real responses: one broken page costs that page only."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DontCloseSpider
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


def test_articles_found_wait_in_the_frontier_and_are_fed_a_few_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newscrawl.spiders import portal as portal_module

    monkeypatch.setattr(portal_module, "FRONTIER_FEED", 2)
    spider = spider_on({})
    case = next(c for c in record_cases() if c.name == "2013-cyber-security")
    output = list(spider.parse(response_for(case)))
    fed = article_urls(output)
    assert len(fed) == 2  # what the scheduler lacked, with nothing scheduled yet
    assert len(spider.frontier) > 5  # the rest of the page's articles wait as URLs
    assert not fed & {url for url, _, _ in spider.frontier}
    spider.crawler.stats.set_value("scheduler/enqueued", 2)  # both now sit in the scheduler
    assert article_urls(list(spider.parse(response_for(case)))) == set()
    waiting = len(spider.frontier)
    engine = spider.crawler.engine = type(
        "Engine", (), {"crawled": [], "crawl": lambda self, r: self.crawled.append(r)}
    )()
    with pytest.raises(DontCloseSpider):  # Scrapy ran dry: the frontier keeps the crawl going
        spider._feed_when_idle()
    assert len(engine.crawled) == min(2, waiting)
    spider.frontier.clear()
    spider._feed_when_idle()  # nothing waits: the spider may close


def test_with_a_jobdir_articles_go_straight_to_scrapys_disk_queues(tmp_path) -> None:
    spider = spider_on({"JOBDIR": str(tmp_path)})
    case = next(c for c in record_cases() if c.name == "2013-cyber-security")
    output = list(spider.parse(response_for(case)))
    assert len(article_urls(output)) > 5
    assert not spider.frontier


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
    assert list(spider.source_requests()) == []  # each source is fetched once


def test_sources_left_out_by_the_argument_are_not_fetched() -> None:
    class WithSources(PeoplesDaily):
        sitemaps = ("http://en.people.cn/sitemap_index.xml",)
        feeds = ("http://en.people.cn/rss/90000.xml",)

    crawler = get_crawler(PeoplesDailySpider)
    spider = PeoplesDailySpider.from_crawler(crawler, sources="links,feeds")
    crawler.spider = spider
    spider.portal = WithSources()
    assert [r.cb_kwargs["expect"] for r in spider.source_requests()] == ["feed"]
