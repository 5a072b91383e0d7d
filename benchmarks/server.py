"""nginx serving a synthetic site on 127.0.0.1, as an HTTP proxy target that routes by host.

Crawlers reach it with ``http_proxy=http://127.0.0.1:PORT``: a proxied request names its host in the
request line (``GET http://en.people.cn/… HTTP/1.1``), and nginx picks the server block by that host.
One worker process serves static files with sendfile; its CPU time is read from ``/proc`` so that a
benchmark can show the server was not the bottleneck.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

from benchmarks.synthetic import CURRENT_HOST, HOSTS

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ServerMissing(RuntimeError):
    """nginx is not installed (``make bench`` installs it)."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _config(site_root: Path, state: Path, port: int) -> str:
    servers = "\n".join(
        f"  server {{ listen 127.0.0.1:{port}{' default_server' if host == CURRENT_HOST else ''}; "
        f"server_name {host}; root {site_root / host}; index index.html; }}"
        for host in HOSTS
    )
    user = "user root root;\n" if os.geteuid() == 0 else ""
    temp = " ".join(
        f"{kind}_temp_path {state / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\ndaemon off;\npid {state / 'nginx.pid'};\n"
        f"error_log {state / 'error.log'} warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  keepalive_requests 1000000;\n"
        "  types { text/html html; text/plain txt; }\n  default_type text/html;\n  charset utf-8;\n"
        f"  {temp}\n{servers}\n}}\n"
    )


class StaticServer:
    """``with StaticServer(site_root) as server:`` nginx on a free loopback port until the block ends."""

    def __init__(self, site_root: Path, state: Path) -> None:
        self.site_root = site_root.resolve()
        self.state = state.resolve()
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> StaticServer:
        binary = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
        if binary is None:
            raise ServerMissing("nginx is not installed: run `make bench`, or install Debian's nginx-light")
        self.state.mkdir(parents=True, exist_ok=True)
        conf = self.state / "nginx.conf"
        conf.write_text(_config(self.site_root, self.state, self.port))
        self.process = subprocess.Popen(
            [binary, "-c", str(conf), "-p", str(self.state)], stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"nginx did not start: {error.strip()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start listening within 10 s")

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def cpu_seconds(self) -> float:
        """CPU time used so far by nginx, master and workers."""
        assert self.process is not None
        pids = [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(pid) for pid in children.read_text().split()]
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / CLOCK_TICKS

    def load_test(self, path: str, seconds: int = 3) -> float | None:
        """Requests per second a load generator (wrk, 2 threads, 32 connections) gets, or None."""
        wrk = shutil.which("wrk")
        if wrk is None:
            return None
        result = subprocess.run(
            [wrk, "-t2", "-c32", f"-d{seconds}s", "-H", f"Host: {CURRENT_HOST}", f"{self.proxy_url}{path}"],
            capture_output=True,
            text=True,
            check=False,
        )
        found = re.search(r"Requests/sec:\s*([\d.]+)", result.stdout)
        return float(found.group(1)) if found else None
