"""The ``newscrawl`` command: ``demo`` (crawl the bundled fixture portal) and ``extract`` (pages → records).

``extract`` runs the same code as the spider (``newscrawl.page.process_page``): there is no second
extractor to drift apart from the crawler.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TextIO
from urllib.parse import urlsplit

from newscrawl import run as scheduled_run
from newscrawl.fixture_server import FixtureServer
from newscrawl.items import as_record
from newscrawl.page import process_page


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line (and exit status 2), without the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="newscrawl", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    demo = commands.add_parser("demo", help="crawl the bundled fixture portal on 127.0.0.1")
    demo.add_argument("--out", default="out", help="folder for articles.jsonl, lists.jsonl, report.json")

    extract = commands.add_parser("extract", help="extract article records from saved pages")
    extract.add_argument(
        "files", nargs="*", metavar="FILE.html", help="saved pages (.html or .html.gz; -: one from stdin)"
    )
    extract.add_argument("--url", help="the page's URL (with one FILE): picks the portal and fixes links")
    extract.add_argument(
        "--jsonl", action="store_true", help='read {"id", "url", "html_path"} lines on stdin'
    )

    scheduled_run.add_parser(commands)

    args = parser.parse_args(argv)
    if args.command == "run":
        return scheduled_run.main(args)
    if args.command == "demo":
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            demo.error(f"--out {out} is a file, not a folder")
        return run_demo(out)
    if args.jsonl and args.files:
        extract.error("give FILEs or --jsonl, not both")
    if not args.jsonl and not args.files:
        extract.error("give one or more FILE.html, or --jsonl")
    if args.url is not None and len(args.files) != 1:
        extract.error("--url goes with exactly one FILE")
    if args.url is not None and not is_page_url(args.url):
        extract.error(f"--url {args.url!r} is not an http(s) URL")
    if args.files.count("-") > 1:
        extract.error("- (stdin) can be given once")
    if args.jsonl:
        return extract_jsonl(sys.stdin, sys.stdout)
    return extract_files(args.files, args.url, sys.stdout)


# --- extract ---------------------------------------------------------------------------------
# Exit status, both modes: 0 every page gave a record; 1 at least one page or input line did not
# (each says why in its own output line); 2 bad arguments.


def is_page_url(url: object) -> bool:
    parts = urlsplit(url) if isinstance(url, str) else None
    return bool(parts and parts.scheme in ("http", "https") and parts.hostname)


def extract_one(path: str, url: str | None) -> dict[str, Any]:
    """The record for one saved page, or ``{"error": reason}``; never raises for a bad page."""
    try:
        body = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        if body[:2] == b"\x1f\x8b":  # gzip, whatever the file is called
            body = _gunzipped(body)
    except (OSError, EOFError, zlib.error, ValueError) as error:
        return {"error": f"unreadable: {getattr(error, 'strerror', None) or error}"}
    try:
        page = process_page(body, url, {"Content-Type": "text/html"}, with_links=False, assume_article=True)
    except Exception as error:  # one bad page never stops a batch
        return {"error": f"error:{type(error).__name__}: {error}"}
    if page.record is not None:
        return as_record(page.record)
    reason = page.reason or "not_article"  # a listing, sitemap or feed by its URL or content
    return {"error": f"{reason}: {page.error}" if page.error else reason}


MAX_PAGE_BYTES = 64 * 1024 * 1024  # a saved page inflating past this is no page (a gzip bomb)


def _gunzipped(body: bytes) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    page = inflater.decompress(body, MAX_PAGE_BYTES)
    if inflater.unconsumed_tail:
        raise ValueError(f"inflates past {MAX_PAGE_BYTES} bytes")
    if not inflater.eof:
        raise EOFError("truncated gzip")
    return page


def extract_files(files: Iterable[str], url: str | None, out: TextIO) -> int:
    failed = 0
    for path in files:
        record = extract_one(path, url)
        if "error" in record:
            failed += 1
            sys.stderr.write(f"newscrawl extract: {path}: {record['error']}\n")
            record = {"file": path, **record}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 1 if failed else 0


def extract_jsonl(lines: Iterable[str], out: TextIO) -> int:
    """One output line per input line, with the input's ``id``; a bad line or page gives an ``error``."""
    failed = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        started = time.perf_counter()
        page_id, problem, path, url = _request(line, number)
        record = {"error": problem} if problem else extract_one(path, url)
        failed += "error" in record
        record = {"id": page_id, **record, "extract_seconds": round(time.perf_counter() - started, 6)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return 1 if failed else 0


def _request(line: str, number: int) -> tuple[Any, str | None, str, str | None]:
    """``(id, problem, html_path, url)`` of one ``--jsonl`` input line; ``problem`` says what is wrong."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as error:
        return None, f"bad input line {number}: not JSON ({error.msg})", "", None
    if not isinstance(request, dict):
        return None, f"bad input line {number}: not a JSON object", "", None
    page_id, path, url = request.get("id"), request.get("html_path"), request.get("url")
    if not isinstance(path, str) or not path:
        return page_id, f"bad input line {number}: no html_path", "", None
    if path == "-":
        return page_id, f"bad input line {number}: html_path - (stdin) is the input itself", "", None
    if url is not None and not is_page_url(url):
        return page_id, f"bad input line {number}: url {url!r} is not an http(s) URL", "", None
    return page_id, None, path, url


# --- demo ------------------------------------------------------------------------------------


def run_demo(out: Path) -> int:
    """Serve the fixture portal, crawl it with the real spider, print what the run produced."""
    out.mkdir(parents=True, exist_ok=True)
    articles, lists, report = out / "articles.jsonl", out / "lists.jsonl", out / "report.json"
    with FixtureServer() as server:
        started = time.perf_counter()
        code = subprocess.call(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                "peoples_daily",
                "-O",
                str(articles),
                *_demo_settings(lists, report),
            ],
            env={
                **os.environ,
                "http_proxy": server.proxy_url,
                "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
            },
        )
        wall = time.perf_counter() - started
    if code != 0 or not report.exists():
        sys.stderr.write(f"newscrawl demo: the crawl failed (exit status {code})\n")
        return 1
    for line in _summary(json.loads(report.read_text(encoding="utf-8")), wall, articles, lists, report):
        print(line)
    return 0


def _demo_settings(lists: Path, report: Path) -> Iterator[str]:
    """The fixture portal is ours and on loopback: no need to be gentle with it."""
    settings = {
        "NEWSCRAWL_LISTS_FEED": str(lists),
        "NEWSCRAWL_REPORT_FILE": str(report),
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
        "LOG_LEVEL": "WARNING",
    }
    for name, value in settings.items():
        yield from ("-s", f"{name}={value}")


def _summary(report: dict[str, Any], wall: float, *files: Path) -> Iterator[str]:
    crawl_seconds = report.get("elapsedSeconds") or wall
    yield "newscrawl demo: crawled the fixture People's Daily Online English portal on 127.0.0.1"
    yield (
        f"  pages fetched      {report['pages']} ({report['articlePages']} article pages, "
        f"{report['listingPages']} listing pages) in {crawl_seconds:.2f} s: "
        f"{report['pages'] / crawl_seconds:.0f} pages/s"
    )
    yield f"  articles written   {report['articles']} ({report['articles'] / crawl_seconds:.0f} articles/s)"
    yield f"  list snapshots     {report['listSnapshots']}"
    yield f"  dropped            {_by_reason(report['dropped'])}"
    yield f"  skipped            {_by_reason(report['skipped'])}"
    yield f"  unrecognised       {report['unrecognised']}"
    yield f"  generic fallbacks  {_by_reason(report['fallbacks'])}"
    yield f"  bad input          {_by_reason(report['badInput'])}"
    yield f"  refused            {_by_reason(report['refused'])}"
    yield f"  HTTP status        {_by_reason(report['httpStatus'])}"
    yield "  files              " + ", ".join(str(path) for path in files)


def _by_reason(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason} {count}" for reason, count in counts.items()) or "none"


if __name__ == "__main__":
    sys.exit(main())
