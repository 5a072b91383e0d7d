"""Session fixtures: the fixture portal on 127.0.0.1 and one full crawl of it, shared by the tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newscrawl.fixture_server import FixtureServer
from tests.helpers import CrawlRun, crawl


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
