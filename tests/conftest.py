"""Session fixtures: the fixture portal on 127.0.0.1, one full crawl of it and a dataset folder of
scheduled runs, shared by the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.extract import css
from newscrawl.fixture_server import FixtureServer
from newscrawl.portals import PORTALS
from tests.helpers import CrawlRun, crawl


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fresh-caches",
        action="store_true",
        help="clear newscrawl's memo caches before each test (mutation runs: see [tool.mutmut])",
    )


@pytest.fixture(autouse=True)
def fresh_caches(request: pytest.FixtureRequest) -> None:
    """With ``--fresh-caches``, each test starts without the answers earlier tests left memoised.

    A mutation tool runs for each mutant only the tests it saw reach the mutated function; a URL
    classified or a selector compiled by an earlier test hides that reach from every later test.
    """
    if not request.config.getoption("--fresh-caches"):
        return
    for memo in (css.compile_css, css.simple_selectors, css.tag_matcher):
        memo.cache_clear()
    for portal in PORTALS.values():
        portal.classify.cache_clear()


@pytest.fixture(scope="session")
def fixture_server() -> Iterator[FixtureServer]:
    with FixtureServer() as server:
        yield server


@pytest.fixture(scope="session")
def full_crawl(fixture_server: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> CrawlRun:
    """One unbounded crawl from the default start URL; the server's request log is kept with it."""
    before = len(fixture_server.requests)
    run = crawl(fixture_server.proxy_url, tmp_path_factory.mktemp("full-crawl"))
    run.requests = fixture_server.requests[before:]
    return run


@pytest.fixture(scope="session")
def dataset(fixture_server: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset folder as scheduled runs leave it: two ``newscrawl run peoples_daily`` runs (the second
    finds the articles unchanged, and snapshots the lists again) and one ``newscrawl run xinhua``."""
    data = tmp_path_factory.mktemp("dataset") / "data"
    env = {**os.environ, "http_proxy": fixture_server.proxy_url}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    fast = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
    for spider in ("peoples_daily", "peoples_daily", "xinhua"):
        command = [sys.executable, "-m", "newscrawl.cli", "run", spider, "--data", str(data), *fast]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
        assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: the fixture site's canary page
    return data
