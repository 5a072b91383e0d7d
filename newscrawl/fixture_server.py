"""The fixture sites: every ``fixtures/**/site.json`` served at once on 127.0.0.1, as an HTTP proxy.

Crawls point Scrapy at it with ``http_proxy=http://127.0.0.1:PORT``; requests for a site's real URLs
(``http://en.people.cn/…``, ``http://www.northbay-ledger.example/…``) then reach the fixture pages, routed
by host, so records carry the real URLs while no byte leaves the machine. Anything not in a route map
answers 404; nothing is ever forwarded.

Run alone: ``python -m newscrawl.fixture_server [--port N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import urlsplit

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class Site:
    """A fixture site's route map (``site.json``): URL → file or redirect, plus robots.txt.

    Route keys: ``file`` (under the site's folder), ``charset`` (sent in ``Content-Type``; null: none),
    ``content_type`` (default ``text/html``), ``redirect`` with ``status``, and ``busy``. Beside
    ``robots`` (its text), ``robots_status`` says how robots.txt answers (default 200).
    """

    root: Path
    routes: dict[str, dict[str, Any]]
    robots: str
    hosts: set[str] = field(default_factory=set)
    robots_status: int = 200
    busy_counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def load(cls, site_json: Path) -> Self:
        doc = json.loads(site_json.read_text(encoding="utf-8"))
        routes = doc["routes"]
        hosts = {urlsplit(url).hostname or "" for url in routes}
        return cls(site_json.parent, routes, doc.get("robots", ""), hosts, int(doc.get("robots_status", 200)))

    def respond(self, url: str) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body for a GET of ``url``.

        A route with ``"busy": N`` answers every other request with 503 and ``Retry-After: N``, starting
        with the first: a polite crawler waits N seconds, then gets the page.
        """
        parts = urlsplit(url)
        key = f"http://{parts.hostname}{parts.path or '/'}"
        if parts.query:
            key += f"?{parts.query}"
        if parts.path == "/robots.txt" and parts.hostname in self.hosts:
            return self.robots_status, {"Content-Type": "text/plain; charset=utf-8"}, self.robots.encode()
        route = self.routes.get(key)
        if route is None:
            return (
                404,
                {"Content-Type": "text/html; charset=utf-8"},
                b"<html><body><h1>404 Not Found</h1></body></html>",
            )
        if "redirect" in route:
            return int(route.get("status", 301)), {"Location": route["redirect"]}, b""
        if "busy" in route and self._next_is_busy(key):
            return 503, {"Retry-After": str(route["busy"]), "Content-Type": "text/html"}, b"<h1>Busy</h1>"
        charset = route.get("charset")
        content_type = route.get("content_type", "text/html")
        content_type = f"{content_type}; charset={charset}" if charset else content_type
        return 200, {"Content-Type": content_type}, (self.root / route["file"]).read_bytes()

    def _next_is_busy(self, key: str) -> bool:
        with self._lock:
            self.busy_counts[key] = count = self.busy_counts.get(key, 0) + 1
        return count % 2 == 1


@dataclass(frozen=True, slots=True)
class Served:
    """One request the fixture portal answered."""

    url: str
    status: int
    user_agent: str
    at: float  # time.monotonic() when answered


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_CONNECT(self) -> None:  # no tunnels: https is never forwarded anywhere
        self.send_error(405, "CONNECT not supported by the fixture portal")

    def _answer(self, send_body: bool) -> None:
        url = self.path if "://" in self.path else f"http://{self.headers.get('Host', '')}{self.path}"
        if self.server.delay:
            time.sleep(self.server.delay)
        status, headers, body = self.server.site.respond(url)
        self.server.record(Served(url, status, self.headers.get("User-Agent", ""), time.monotonic()))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: requests are kept in .requests
        pass


class Sites:
    """Every fixture site, each answering for its own hosts; an unknown host answers 404."""

    def __init__(self, sites: list[Site]) -> None:
        self.by_host: dict[str, Site] = {}
        for site in sites:
            for host in site.hosts:
                if host in self.by_host:
                    raise ValueError(f"{host} is served by both {self.by_host[host].root} and {site.root}")
                self.by_host[host] = site

    @classmethod
    def load_all(cls, root: Path = FIXTURES_DIR) -> Self:
        return cls([Site.load(path) for path in sorted(root.rglob("site.json"))])

    def respond(self, url: str) -> tuple[int, dict[str, str], bytes]:
        site = self.by_host.get(urlsplit(url).hostname or "")
        if site is None:
            return (
                404,
                {"Content-Type": "text/html; charset=utf-8"},
                b"<html><body><h1>404</h1></body></html>",
            )
        return site.respond(url)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: Sites) -> None:
        super().__init__(address, _Handler)
        self.site = site
        self.delay = 0.0
        self.requests: list[Served] = []
        self._lock = threading.Lock()

    def record(self, served: Served) -> None:
        with self._lock:
            self.requests.append(served)


class FixtureServer:
    """The fixture sites in a background thread: ``with FixtureServer() as server: server.proxy_url``."""

    def __init__(self, port: int = 0, extra: list[Site] | None = None, delay: float = 0.0) -> None:
        """``extra``: sites written elsewhere (a test's hostile site in a temporary folder), answering
        for their hosts instead; ``delay``: seconds every answer waits (a slow portal)."""
        sites = Sites.load_all()
        for site in extra or []:
            sites.by_host.update(dict.fromkeys(site.hosts, site))
        self._server = _Server(("127.0.0.1", port), sites)
        self._server.delay = delay
        self._thread = threading.Thread(target=self._server.serve_forever, name="fixture-server", daemon=True)

    @property
    def proxy_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def hosts(self) -> list[str]:
        """Every host the server answers for."""
        return sorted(self._server.site.by_host)

    @property
    def requests(self) -> list[Served]:
        """Every request served so far, in order."""
        return list(self._server.requests)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    args = parser.parse_args(argv)
    server = FixtureServer(args.port)
    hosts = ", ".join(sorted(server.hosts))
    print(f"fixture sites on {server.proxy_url} (use it as http_proxy): {hosts}", flush=True)
    with server, contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()


if __name__ == "__main__":
    main()
