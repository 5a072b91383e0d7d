"""PrivateAddressGuard: address rules, and real crawls that must not reach private addresses.

The crawls run ``scrapy runspider`` with the project's settings against two local servers: a proxy
that answers for a public-looking name (``www.northbay-ledger.example``), and a "secret" server on
127.0.0.1 that the crawler must not reach unless its host is a start host explicitly allowed.
"""

from __future__ import annotations

import ipaddress
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from newscrawl.netguard import (
    is_local_name,
    is_public_address,
    literal_address,
    resolve,
    start_hosts,
)
from tests.helpers import ROOT

PUBLIC_HOST = "www.northbay-ledger.example"


# --- rules --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("10.0.0.7", False),
        ("172.16.0.1", False),
        ("172.31.255.255", False),
        ("172.32.0.1", True),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),  # multicast
        ("240.0.0.1", False),  # reserved
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("fc00::1", False),
        ("fd12:3456::1", False),
        ("fe80::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:10.0.0.7", False),
        ("2002:a00:7::1", False),  # 6to4 around 10.0.0.7
    ],
)
def test_public_and_private_addresses(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    ("host", "literal"),
    [
        ("10.0.0.7", "10.0.0.7"),
        ("[::1]", "::1"),
        ("fe80::1%eth0", "fe80::1"),
        (PUBLIC_HOST, None),
        ("127.1", None),  # not literal, but resolve() reads it as the connection would
    ],
)
def test_literal_addresses(host: str, literal: str | None) -> None:
    found = literal_address(host)
    assert (str(found) if found else None) == literal


@pytest.mark.parametrize(
    ("host", "addresses"),
    [
        ("127.1", ["127.0.0.1"]),
        ("2130706433", ["127.0.0.1"]),
        ("localhost", None),  # whatever /etc/hosts says, never public
        (PUBLIC_HOST, []),  # no DNS here: a name that does not resolve is let through
    ],
)
def test_resolve_reads_shorthand_and_lets_unresolved_names_pass(
    host: str, addresses: list[str] | None
) -> None:
    found = resolve(host)
    if addresses is None:
        assert found
        assert not any(is_public_address(address) for address in found)
    else:
        assert sorted({str(address) for address in found}) == addresses


@pytest.mark.parametrize(
    ("host", "local"),
    [("localhost", True), ("LocalHost.", True), ("a.b.localhost", True), ("localhost.example", False)],
)
def test_localhost_names(host: str, local: bool) -> None:
    assert is_local_name(host) is local


def test_start_hosts_from_params_else_start_urls() -> None:
    params = SimpleNamespace(start_urls=("http://127.0.0.1:8080/a", "http://Www.Example.org/"))
    with_params = SimpleNamespace(params=params, start_urls=["http://10.0.0.7/"])
    plain = SimpleNamespace(start_urls=["http://[::1]:81/"])
    assert start_hosts(with_params) == {"127.0.0.1", "www.example.org"}
    assert start_hosts(plain) == {"::1"}


# --- real crawls --------------------------------------------------------------------------------


@dataclass
class Route:
    status: int = 200
    body: str = ""
    location: str = ""


class _LoggingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, routes: dict[str, Route]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.log: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    """Answers a route by full URL (as a proxy is asked) or by path (as a server is); logs every request."""

    server: _LoggingServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        url = self.path if "://" in self.path else f"http://{self.headers.get('Host', '')}{self.path}"
        self.server.log.append(url)
        route = self.server.routes.get(url) or self.server.routes.get(self.path) or Route(404, "not here")
        body = route.body.encode()
        self.send_response(route.status)
        if route.location:
            self.send_header("Location", route.location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def servers() -> Iterator[tuple[_LoggingServer, _LoggingServer]]:
    """(proxy for the public name, secret server on 127.0.0.1), both serving in threads."""
    secret = _LoggingServer({})
    proxy = _LoggingServer({})
    started = [threading.Thread(target=server.serve_forever, daemon=True) for server in (secret, proxy)]
    for thread in started:
        thread.start()
    yield proxy, secret
    for server in (secret, proxy):
        server.shutdown()
        server.server_close()


PROBE_SPIDER = '''
import json
import scrapy


class Probe(scrapy.Spider):
    """Follows every link; writes the crawl's stats to `stats_file` when it closes."""

    name = "probe"

    def __init__(self, start_url, stats_file, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start_url]
        self.stats_file = stats_file

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href)

    def closed(self, reason):
        with open(self.stats_file, "w") as out:
            json.dump(self.crawler.stats.get_stats(), out, default=str)
'''


def run_probe(
    tmp_path: Path, proxy: _LoggingServer, start_url: str, *settings: str
) -> tuple[dict[str, Any], str]:
    """``scrapy runspider`` of the probe with the project's settings; (its stats, its stderr)."""
    spider, stats = tmp_path / "probe.py", tmp_path / "stats.json"
    spider.write_text(PROBE_SPIDER, encoding="utf-8")
    command = [sys.executable, "-m", "scrapy", "runspider", str(spider), "-a", f"start_url={start_url}"]
    command += ["-a", f"stats_file={stats}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
    command += ["-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_TIMEOUT=10", "-s", "LOG_LEVEL=INFO"]
    for setting in settings:
        command += ["-s", setting]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),  # this checkout's newscrawl, not an installed one
        "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
        "http_proxy": proxy.url,
        # Loopback is reached directly, not through the proxy: were the guard to let a request for
        # 127.0.0.1 through, the secret server would see it.
        "no_proxy": "127.0.0.1,localhost",
    }
    for name in ("HTTP_PROXY", "NO_PROXY"):
        env.pop(name, None)
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(stats.read_text(encoding="utf-8")), done.stderr


def test_links_and_redirects_to_private_addresses_are_not_requested(
    tmp_path: Path, servers: tuple[_LoggingServer, _LoggingServer]
) -> None:
    proxy, secret = servers
    port = secret.server_address[1]
    private = [
        f"http://127.0.0.1:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        f"http://localhost:{port}/local",
        f"http://[::1]:{port}/v6",
        f"http://127.1:{port}/shorthand",
        f"http://127.0.0.1.:{port}/dotted",
    ]
    home = f"http://{PUBLIC_HOST}/"
    links = [
        *private,
        f"http://{PUBLIC_HOST}/go",
        f"http://{PUBLIC_HOST}/moved",
        f"http://{PUBLIC_HOST}/news",
    ]
    page = "<html><body>" + "".join(f'<a href="{url}">a link</a>' for url in links) + "</body></html>"
    proxy.routes.update(
        {
            home: Route(body=page),
            f"http://{PUBLIC_HOST}/go": Route(302, location="http://10.0.0.7/"),
            f"http://{PUBLIC_HOST}/moved": Route(302, location=f"http://127.0.0.1:{port}/moved-secret"),
            f"http://{PUBLIC_HOST}/news": Route(body="<html><body>news</body></html>"),
        }
    )
    stats, stderr = run_probe(tmp_path, proxy, home)

    assert secret.log == []
    assert sorted(proxy.log) == sorted(
        [
            f"http://{PUBLIC_HOST}/robots.txt",
            home,
            *(f"http://{PUBLIC_HOST}/{path}" for path in ("go", "moved", "news")),
        ]
    )
    assert stats["newscrawl/refused/private_address"] == len(private) + 2  # and the two redirects' targets
    assert stats["downloader/response_status_count/302"] == 2
    for url in [*private, "http://10.0.0.7/", f"http://127.0.0.1:{port}/moved-secret"]:
        assert f"Refused {url}: host " in stderr, url


@pytest.mark.parametrize("allowed", [True, False])
def test_a_private_start_host_is_crawled_only_when_allowed(
    tmp_path: Path, servers: tuple[_LoggingServer, _LoggingServer], allowed: bool
) -> None:
    proxy, secret = servers
    secret.routes.update(
        {
            "/": Route(body='<a href="/next">next</a> <a href="http://169.254.169.254/">metadata</a>'),
            "/next": Route(body="<p>the next page</p>"),
        }
    )
    stats, _ = run_probe(tmp_path, proxy, secret.url + "/", f"NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS={allowed}")

    paths = [url.split(str(secret.server_address[1]), 1)[1] for url in secret.log]
    assert sorted(paths) == (["/", "/next", "/robots.txt"] if allowed else [])
    assert proxy.log == []  # the metadata address is refused, start host or not
    # allowed: the metadata link is refused; not allowed: the start URL itself is
    assert stats["newscrawl/refused/private_address"] == 1


def test_bad_setting_ends_scrapy_crawl_with_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    command = [sys.executable, "-m", "scrapy", "crawl", "peoples_daily", "-s"]
    command += ["NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS=maybe"]
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == (
        "scrapy crawl: NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS must be True or False, not 'maybe'\n"
    )
