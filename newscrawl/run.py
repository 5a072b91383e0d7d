"""``newscrawl run SPIDER --data DIR``: one scheduled run, from cron, a shell or Scrapyd alike.

Runs the spider in this process with the project's settings (from any folder: the settings are the
package's, not a scrapy.cfg's), writes the run's dated files into the data folder
(``newscrawl.dataset``), keeps the state store and frontier beside them (``--state``, default
``DATA/.state``), and ends with one summary line and an exit status that says how it went:

====  ==========================================================================================
 0    healthy
 1    unhealthy: no articles, too many pages given up on, a field under its portal's coverage
      threshold, or pages of a known portal read generically (its layout changed?)
 2    bad arguments or settings (nothing was started)
 3    interrupted (Ctrl-C, SIGTERM): the next run resumes it
 4    the state directory is held by another run (nothing was touched)
====  ==========================================================================================
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import SETTINGS_PRIORITIES, Settings
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings

from newscrawl.checks import SettingError, check_settings
from newscrawl.extensions import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_STATE_LOCKED
from newscrawl.params import ArgumentError
from newscrawl.state import StateLocked, hold_state_lock, state_dir_of


class RunError(Exception):
    """A bad argument or setting: one line, exit status 2."""


def add_parser(commands: Any) -> None:
    run = commands.add_parser("run", help="a scheduled run: crawl SPIDER into dated dataset files")
    run.add_argument("spider", help="a portal (peoples_daily, …) or generic with -a start_urls=…")
    run.add_argument("--data", required=True, metavar="DIR", help="the dataset folder")
    run.add_argument("--state", metavar="DIR", help="state store and frontier (default: DIR/.state)")
    run.add_argument("-a", dest="spider_args", action="append", default=[], metavar="NAME=VALUE")
    run.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE")


def main(args: argparse.Namespace) -> int:
    try:
        settings, spider_args = prepared(args)
    except RunError as error:
        sys.stderr.write(f"newscrawl run: {error}\n")
        return EXIT_BAD_INPUT
    state_dir = state_dir_of(settings)
    assert state_dir is not None
    try:
        hold_state_lock(state_dir, args.spider)
    except StateLocked as error:
        sys.stderr.write(f"newscrawl run: {error}\n")
        return EXIT_STATE_LOCKED
    return crawl(settings, args.spider, spider_args)


def prepared(args: argparse.Namespace) -> tuple[Settings, dict[str, str]]:
    """The run's settings and spider arguments, checked before anything starts."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawl.settings")
    settings = get_project_settings()
    for name, value in _pairs(args.settings, "-s").items():
        settings.set(name, value, priority="cmdline")
    data = Path(args.data).resolve()
    _writable_folder(data, "--data")
    settings.set("NEWSCRAWL_DATA_DIR", str(data), priority="cmdline")
    if args.state:
        state = Path(args.state).resolve()
        _writable_folder(state, "--state")
        settings.set("NEWSCRAWL_STATE_DIR", str(state), priority="cmdline")
    quiet_log = (settings.getpriority("LOG_LEVEL") or 0) < SETTINGS_PRIORITIES["cmdline"]
    if sys.stderr.isatty():  # a person watching: the live progress line, and warnings
        if (settings.getpriority("NEWSCRAWL_PROGRESS") or 0) < SETTINGS_PRIORITIES["cmdline"]:
            settings.set("NEWSCRAWL_PROGRESS", True, priority="cmdline")
        if quiet_log:
            settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    elif quiet_log:
        settings.set("LOG_LEVEL", "ERROR", priority="cmdline")  # under cron: the summary and errors only
    try:
        check_settings(settings)
    except SettingError as error:
        raise RunError(str(error)) from None
    try:
        spidercls = get_spider_loader(settings).load(args.spider)
    except KeyError:
        known = ", ".join(sorted(get_spider_loader(settings).list()))
        raise RunError(f"unknown spider {args.spider!r}; known: {known}") from None
    spider_args = _pairs(args.spider_args, "-a")
    validate = getattr(spidercls, "validate_arguments", None)
    try:
        if validate is not None:
            validate(spider_args)
    except ArgumentError as error:
        raise RunError(f"{args.spider}: {error}") from None
    return settings, spider_args


def crawl(settings: Settings, spider: str, spider_args: dict[str, str]) -> int:
    """Run the crawl; its exit status is the run report's (interrupted if it never closed)."""
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **spider_args)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    status = stats.get("newscrawl/exit_status")
    if status is None:
        sys.stderr.write("newscrawl run: the crawl did not close cleanly; the next run resumes it\n")
        return EXIT_INTERRUPTED
    sys.stderr.write(summary_line(stats) + "\n")
    return int(status)


def summary_line(stats: dict[str, Any]) -> str:
    report = stats.get("newscrawl/report") or {}
    health = "healthy" if report.get("healthy") else "UNHEALTHY: " + "; ".join(report.get("unhealthy", []))
    files = report.get("files", {})
    return (
        f"newscrawl run {report.get('runId')}: {report.get('newArticles', 0)} new, "
        f"{report.get('updatedArticles', 0)} updated, {report.get('unchangedArticles', 0)} unchanged, "
        f"{report.get('knownArticlesNotFetched', 0)} known not fetched; "
        f"{report.get('listSnapshots', 0)} list snapshots; {len(report.get('givenUp', []))} given up; "
        f"finished: {report.get('finishReason')}; {health}; {files.get('articles', '')}"
    )


def _pairs(values: list[str], flag: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, equals, setting = value.partition("=")
        if not equals or not name.strip():
            raise RunError(f"{flag} {value!r} is not NAME=VALUE")
        pairs[name.strip()] = setting
    return pairs


def _writable_folder(path: Path, flag: str) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".newscrawl-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise RunError(f"{flag} {path}: cannot write there ({error.strerror or error})") from None
