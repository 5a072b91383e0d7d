"""Measures one crawl from inside the crawler process, the same way for every spider benchmarked.

Enabled with ``-s ADDONS='{"benchmarks.probe.ProbeAddon": 0}' -s BENCH_PROBE_FILE=run.json``. From
``spider_opened`` to ``spider_closed`` it takes wall time and the process's CPU time, so interpreter
start-up is left out; peak RSS is the whole process's (``VmHWM``: the ``ru_maxrss`` of a process
started by a big one counts the parent's RSS at the ``exec``). Every ``BENCH_PROBE_RSS_EVERY`` responses
(500) it also notes the RSS of the moment, with the pages and article records so far, so that memory
can be followed through one run past its start-up. The figures go to ``BENCH_PROBE_FILE`` as JSON.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings


def rss_kb() -> int:
    """The process's resident set now (``/proc/self/statm``), in KB."""
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * resource.getpagesize() // 1024


def peak_rss_kb() -> int:
    """The process's peak resident set since its ``exec`` (``VmHWM``), in KB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Probe:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = Path(crawler.settings["BENCH_PROBE_FILE"])
        self.started = self.cpu_started = 0.0
        self.rss_every = crawler.settings.getint("BENCH_PROBE_RSS_EVERY", 500)
        self.responses = 0
        self.rss_samples: list[dict[str, int]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        probe = cls(crawler)
        crawler.signals.connect(probe.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(probe.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(probe.response_received, signal=signals.response_received)
        return probe

    def spider_opened(self, spider: Spider) -> None:
        self.started, self.cpu_started = time.perf_counter(), cpu_seconds()

    def response_received(self) -> None:
        self.responses += 1
        if self.rss_every > 0 and self.responses % self.rss_every == 0:
            assert self.crawler.stats is not None
            articles = self.crawler.stats.get_value("newscrawl/records/article", 0)
            self.rss_samples.append({"pages": self.responses, "articles": articles, "rss_kb": rss_kb()})

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats: dict[str, Any] = self.crawler.stats.get_stats()
        figures = {
            "spider": spider.name,
            "reason": reason,
            "seconds": time.perf_counter() - self.started,
            "cpu_seconds": cpu_seconds() - self.cpu_started,
            "peak_rss_kb": peak_rss_kb(),
            "pages": stats.get("response_received_count", 0),
            "items": stats.get("item_scraped_count", 0),
            "requests": stats.get("scheduler/enqueued", 0),
            "filtered": stats.get("dupefilter/filtered", 0),
            "rss_samples": self.rss_samples,
            "stats": {k: v for k, v in stats.items() if isinstance(v, int | float)},
        }
        self.path.write_text(json.dumps(figures, indent=1, sort_keys=True))


class ProbeAddon:
    """Adds :class:`Probe` to whatever extensions the crawl already has."""

    def update_settings(self, settings: BaseSettings) -> None:
        settings["EXTENSIONS"][Probe] = 0
