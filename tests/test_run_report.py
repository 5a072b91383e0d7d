"""The run report's health verdict, from the thresholds the portal module declares."""

from __future__ import annotations

from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl.extensions import EXIT_HEALTHY, EXIT_UNHEALTHY, RunReport
from newscrawl.spiders.portals import SPIDERS

Spider = SPIDERS["peoples_daily"]


def report_after(pages: int, given_up: list[Request], articles: int = 10) -> dict:
    crawler = get_crawler(Spider)
    crawler.spider = Spider.from_crawler(crawler)
    crawler.stats.open_spider()
    crawler.stats.set_value("response_received_count", pages)
    crawler.stats.set_value("newscrawl/skipped/known", articles)
    report = RunReport(crawler)
    for request in given_up:
        report.request_given_up(request, "http_404")
    return report.summary("finished")


def feed(url: str) -> Request:
    return Request(url, cb_kwargs={"via": "portal feed", "expect": "feed"})


def test_declared_feeds_that_are_gone_are_listed_but_do_not_make_a_small_run_unhealthy() -> None:
    gone = [feed(f"http://en.people.cn/rss/{n}.xml") for n in range(4)]
    report = report_after(pages=12, given_up=gone)
    assert [entry["url"] for entry in report["givenUp"]] == [r.url for r in gone]
    assert report["unhealthy"] == []
    assert report["exitStatus"] == EXIT_HEALTHY


def test_too_many_pages_given_up_on_is_unhealthy() -> None:
    pages = [Request(f"http://en.people.cn/90777/{n}.html") for n in range(4)]
    report = report_after(pages=12, given_up=pages)
    assert report["unhealthy"] == ["4 of 16 requests given up on"]
    assert report["exitStatus"] == EXIT_UNHEALTHY


def test_a_run_that_finds_no_article_is_unhealthy() -> None:
    report = report_after(pages=3, given_up=[], articles=0)
    assert report["unhealthy"] == ["0 articles found, fewer than 1"]
