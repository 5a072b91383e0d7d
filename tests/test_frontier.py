"""The frontier: Scrapy's scheduler and dupefilter over one SQLite file, as a crawl uses them."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl import settings as project_settings
from newscrawl.fingerprint import ArticleFingerprinter
from newscrawl.frontier import FRONTIER_ID, Frontier, FrontierScheduler, page_read
from newscrawl.spiders.portals import SPIDERS

Spider = SPIDERS["peoples_daily"]


def scheduler_in(jobdir: Path | None) -> FrontierScheduler:
    names = ("REQUEST_FINGERPRINTER_CLASS", "DUPEFILTER_CLASS", "SCHEDULER", "NEWSCRAWL_CHECKPOINT_SECONDS")
    settings = {name: getattr(project_settings, name) for name in names}
    if jobdir is not None:
        settings["JOBDIR"] = str(jobdir)
    crawler = get_crawler(Spider, settings_dict=settings)
    spider = Spider.from_crawler(crawler)
    crawler.spider = spider
    scheduler = FrontierScheduler.from_crawler(crawler)
    scheduler.open(spider)
    return scheduler


def article(url: str, article_id: str) -> Request:
    return Request(url, meta={"article_key": f"peoples_daily:{article_id}"}, callback=None)


def drain(scheduler: FrontierScheduler) -> list[str]:
    urls = []
    while (request := scheduler.next_request()) is not None:
        urls.append(request.url)
    return urls


def test_one_article_under_two_urls_and_hosts_is_one_request(tmp_path: Path) -> None:
    scheduler = scheduler_in(tmp_path)
    assert scheduler.enqueue_request(article("http://en.people.cn/90883/8221469.html", "8221469"))
    assert not scheduler.enqueue_request(
        article("http://english.peopledaily.com.cn/90883/8221469.html", "8221469")
    )
    assert scheduler.enqueue_request(article("http://en.people.cn/90883/8221470.html", "8221470"))
    assert scheduler.crawler.stats.get_value("dupefilter/filtered") == 1
    assert drain(scheduler) == [
        "http://en.people.cn/90883/8221469.html",
        "http://en.people.cn/90883/8221470.html",
    ]
    scheduler.close("finished")


def test_a_redirect_of_an_article_request_is_followed_and_replaces_it() -> None:
    fingerprinter = ArticleFingerprinter()
    first = article("http://en.people.cn/n/2013/0425/c90882-8221139.html", "8221139")
    redirected = first.replace(url="http://en.people.cn/90882/8221139.html")
    redirected.meta["redirect_times"] = 1
    assert fingerprinter.fingerprint(first) != fingerprinter.fingerprint(redirected)
    same = article("http://english.people.com.cn/90882/8221139.html", "8221139")
    assert fingerprinter.fingerprint(first) == fingerprinter.fingerprint(same)


def test_higher_priority_first_then_first_queued_first(tmp_path: Path) -> None:
    scheduler = scheduler_in(tmp_path)
    for url, priority in [("http://a/1", 0), ("http://a/2", 10), ("http://a/3", 0), ("http://a/4", 10)]:
        scheduler.enqueue_request(Request(url, priority=priority))
    assert drain(scheduler) == ["http://a/2", "http://a/4", "http://a/1", "http://a/3"]
    scheduler.close("finished")


def test_a_killed_crawl_resumes_from_its_last_checkpoint(tmp_path: Path) -> None:
    scheduler = scheduler_in(tmp_path)
    for n in range(5):
        scheduler.enqueue_request(Request(f"http://a/{n}"))
    done, in_flight = scheduler.next_request(), scheduler.next_request()
    assert done is not None
    assert in_flight is not None
    scheduler.frontier.done(done.meta[FRONTIER_ID])
    scheduler.frontier.checkpoint()
    scheduler.enqueue_request(Request("http://a/uncommitted"))  # after the checkpoint: lost
    # SIGKILL: nothing more is committed; the next crawl opens the same file.
    scheduler.ticker.stop()
    scheduler.frontier.db.close()  # what the kernel does for a killed process: uncommitted work is gone
    resumed = Frontier(tmp_path / "frontier.sqlite")
    assert resumed.resumed
    assert resumed.queued == 4  # the one in flight waits again, the one read is gone
    again = []
    while (popped := resumed.pop()) is not None:
        again.append(popped[1]["url"])
    assert again == ["http://a/1", "http://a/2", "http://a/3", "http://a/4"]
    assert not resumed.first_seen(ArticleFingerprinter().fingerprint(Request("http://a/0")))
    assert resumed.first_seen(ArticleFingerprinter().fingerprint(Request("http://a/uncommitted")))


def test_a_retry_replaces_the_request_in_flight(tmp_path: Path) -> None:
    scheduler = scheduler_in(tmp_path)
    scheduler.enqueue_request(Request("http://a/1"))
    request = scheduler.next_request()
    assert request is not None
    retry = request.replace(dont_filter=True)  # RetryMiddleware's copy keeps the meta
    assert scheduler.enqueue_request(retry)
    scheduler.frontier.checkpoint()
    rows = scheduler.frontier.db.execute("SELECT in_flight FROM queue").fetchall()
    assert rows == [(0,)]
    scheduler.close("shutdown")


def test_a_request_acknowledged_twice_takes_no_other_request_with_it(tmp_path: Path) -> None:
    """A 404 is acknowledged by the downloader middleware and again by the spider middleware (its
    HttpError): the second acknowledgement must not remove a request queued in between, which SQLite
    would give the freed row id (the fault portal's kill-and-resume check lost an article so)."""
    scheduler = scheduler_in(tmp_path)
    scheduler.enqueue_request(Request("http://a/rss/feed.xml"))
    feed = scheduler.next_request()
    assert feed is not None
    scheduler.crawler.signals.send_catch_log(page_read, request=feed)  # the downloader middleware: a 404
    scheduler.enqueue_request(Request("http://a/article.html"))  # a link of a page read meanwhile
    scheduler.crawler.signals.send_catch_log(page_read, request=feed)  # the spider middleware: HttpError
    assert drain(scheduler) == ["http://a/article.html"]
    scheduler.frontier.checkpoint()
    assert scheduler.frontier.db.execute("SELECT count(*) FROM queue").fetchone() == (1,)  # in flight
    scheduler.close("shutdown")


@pytest.mark.parametrize(("reason", "kept"), [("finished", False), ("shutdown", True)])
def test_a_finished_crawl_deletes_its_frontier_an_interrupted_one_keeps_it(
    tmp_path: Path, reason: str, kept: bool
) -> None:
    scheduler = scheduler_in(tmp_path)
    scheduler.enqueue_request(Request("http://a/1"))
    scheduler.close(reason)
    assert (tmp_path / "frontier.sqlite").exists() is kept


def test_without_a_jobdir_the_frontier_is_a_temporary_file() -> None:
    scheduler = scheduler_in(None)
    scheduler.enqueue_request(Request("http://a/1"))
    path = scheduler.frontier.path
    assert path.exists()
    scheduler.close("shutdown")
    assert not path.exists()
    assert not path.parent.exists()
