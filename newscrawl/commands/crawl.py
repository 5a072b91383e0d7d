"""``scrapy crawl`` that checks its settings and the spider's ``-a`` arguments before anything starts,
and whose exit status says how the run went (``newscrawl.run``: 0 healthy, 1 unhealthy, 3 interrupted, …).

A bad setting (``newscrawl.checks``: every ``NEWSCRAWL_*`` setting, the Scrapy settings whose bad
values crash late, every output path) or a bad argument ends the command with exit status 2 and one
line on stderr saying what is wrong, instead of a traceback from deep inside the crawler.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.spiderloader import get_spider_loader

from newscrawl.checks import SettingError, check_settings
from newscrawl.extensions import EXIT_INTERRUPTED
from newscrawl.params import ArgumentError


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Scrapy's run, with the run report's exit status (``newscrawl.run``'s table)."""
        if len(args) != 1 or self.crawler_process is None:
            super().run(args, opts)
            return
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        status = crawler.stats.get_value("newscrawl/exit_status") if crawler.stats else None
        self.exitcode = (
            1 if self.crawler_process.bootstrap_failed else EXIT_INTERRUPTED if status is None else status
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)  # -s, -o/-O (as FEEDS) are in self.settings after this
        if self.settings is not None:
            try:
                check_settings(self.settings)
            except SettingError as error:
                sys.stderr.write(f"scrapy crawl: {error}\n")
                raise SystemExit(2) from None
        if len(args) != 1 or self.settings is None:
            return
        try:
            spidercls = get_spider_loader(self.settings).load(args[0])
        except KeyError:
            return  # Scrapy reports an unknown spider itself
        validate = getattr(spidercls, "validate_arguments", None)
        if validate is None:
            return
        try:
            validate(dict(opts.spargs))
        except ArgumentError as error:
            sys.stderr.write(f"scrapy crawl {args[0]}: {error}\n")
            raise SystemExit(2) from None
