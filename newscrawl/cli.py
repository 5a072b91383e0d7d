"""The ``newscrawl`` command: ``demo`` (crawl a bundled fixture portal), ``portals`` (what newscrawl knows of
each portal), ``extract`` (pages → records), ``run`` (a scheduled run), ``export`` (a dataset folder →
typed tables) and ``report`` (what the runs of a dataset folder wrote).

``extract`` runs the same code as the spider (``newscrawl.page.process_page``): there is no second
extractor to drift apart from the crawler.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TextIO
from urllib.parse import urlsplit

from newscrawl import run as scheduled_run
from newscrawl.analysis import export as dataset_export
from newscrawl.analysis import report as dataset_report
from newscrawl.extensions import EXIT_HEALTHY, EXIT_UNHEALTHY
from newscrawl.fixture_server import FIXTURES_DIR, FixtureServer
from newscrawl.items import as_record
from newscrawl.page import process_page
from newscrawl.portals import PORTALS
from newscrawl.portals.base import Portal


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line (and exit status 2), without the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def main(argv: list[str] | None = None) -> int:
    parser = OneLineParser(prog="newscrawl", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    demo = commands.add_parser("demo", help="crawl a bundled fixture portal on 127.0.0.1")
    demo.add_argument("--out", default="out", help="folder for the records, dataset, export, report")
    demo.add_argument(
        "--portal", default=DEMO_PORTAL, help=f"whose fixture site to crawl (default {DEMO_PORTAL})"
    )

    portals = commands.add_parser("portals", help="list the portals: hosts, layouts, sources, fixture sites")
    portals.add_argument("--json", action="store_true", help="one JSON document instead of text")

    extract = commands.add_parser("extract", help="extract article records from saved pages")
    extract.add_argument(
        "files", nargs="*", metavar="FILE.html", help="saved pages (.html or .html.gz; -: one from stdin)"
    )
    extract.add_argument("--url", help="the page's URL (with one FILE): picks the portal and fixes links")
    extract.add_argument(
        "--jsonl", action="store_true", help='read {"id", "url", "html_path"} lines on stdin'
    )

    scheduled_run.add_parser(commands)
    dataset_export.add_parser(commands)

    dataset_report.add_parser(commands)

    args = parser.parse_args(argv)
    if args.command == "run":
        return scheduled_run.main(args)
    if args.command == "report":
        return dataset_report.main(args)
    if args.command == "export":
        return dataset_export.main(args)
    if args.command == "demo":
        out = Path(args.out)
        if out.exists() and not out.is_dir():
            demo.error(f"--out {out} is a file, not a folder")
        if problem := demo_portal_problem(args.portal):
            demo.error(problem)
        return run_demo(out, PORTALS[args.portal])
    if args.command == "portals":
        return list_portals(sys.stdout, as_json=args.json)
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

DEMO_PORTAL = "peoples_daily"
# What the demo writes beside its flat files: the run's dataset folder, its export and its report page.
DEMO_DATA, DEMO_TABLES, DEMO_PAGE = "data", "parquet", "report.html"


def fixture_site(portal: Portal) -> Path:
    """The portal's fixture site: ``fixtures/<name>/site.json`` (served by :class:`FixtureServer`)."""
    return FIXTURES_DIR / portal.name / "site.json"


def demo_portal_problem(name: str) -> str | None:
    """Why ``--portal name`` cannot be crawled: not a registered portal, one without a fixture site, or
    one whose fixture site serves none of its start URLs."""
    if name not in PORTALS:
        return f"--portal {name!r} is not a portal; known: {', '.join(PORTALS)}"
    if not fixture_site(PORTALS[name]).is_file():
        with_sites = [other for other, portal in PORTALS.items() if fixture_site(portal).is_file()]
        return (
            f"--portal {name!r} has no fixture site (fixtures/{name}/site.json); "
            f"portals with one: {', '.join(with_sites) or 'none'}"
        )
    if not demo_start_urls(PORTALS[name]):
        return f"--portal {name!r}: fixtures/{name}/site.json serves none of its start URLs"
    return None


def demo_start_urls(portal: Portal) -> list[str]:
    """The portal's start URLs as its fixture site serves them.

    The fixture server answers plain-HTTP requests only (it is a proxy that tunnels nothing): a start URL
    routed as ``https://…`` is not, and its ``http://`` twin is taken when the site routes that.
    """
    routes = json.loads(fixture_site(portal).read_text(encoding="utf-8"))["routes"]
    served: list[str] = []
    for url in portal.start_urls:
        plain = "http://" + url.removeprefix("https://") if url.startswith("https://") else url
        served.extend(candidate for candidate in dict.fromkeys((url, plain)) if candidate in routes)
    return list(dict.fromkeys(served))


def run_demo(out: Path, portal: Portal | None = None) -> int:
    """Serve the fixture sites, crawl the portal's with its real spider, print what the run produced."""
    portal = portal or PORTALS[DEMO_PORTAL]
    out.mkdir(parents=True, exist_ok=True)
    articles, lists, report = out / "articles.jsonl", out / "lists.jsonl", out / "report.json"
    for folder in (out / DEMO_DATA, out / DEMO_TABLES):  # each demo starts afresh: a state store kept
        shutil.rmtree(folder, ignore_errors=True)  # from the last one would find every article known
    start_urls = demo_start_urls(portal)
    start = [] if start_urls == list(portal.start_urls) else ["-a", f"start_urls={','.join(start_urls)}"]
    with FixtureServer() as server:
        started = time.perf_counter()
        code = subprocess.call(
            [
                sys.executable,
                "-m",
                "scrapy",
                "crawl",
                portal.name,
                "-O",
                str(articles),
                *start,
                *_demo_settings(lists, report, out / DEMO_DATA),
            ],
            env={
                **os.environ,
                "http_proxy": server.proxy_url,
                "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
            },
        )
        wall = time.perf_counter() - started
    # 1: the crawl ran to its end and found the site unhealthy; the summary says why. Each fixture site
    # but People's Daily's holds a page in no known layout, which is what the canary is for.
    if code not in (EXIT_HEALTHY, EXIT_UNHEALTHY) or not report.exists():
        sys.stderr.write(f"newscrawl demo: the crawl failed (exit status {code})\n")
        return 1
    summary = _summary(json.loads(report.read_text(encoding="utf-8")), wall, portal, articles, lists, report)
    for line in summary:
        print(line)
    return _demo_analysis(out)


def _demo_analysis(out: Path) -> int:
    """The run's dataset folder as Parquet tables and as a report page, as an analyst would make them."""
    from newscrawl.analysis import render  # matplotlib: imported when a page is drawn only

    data, tables, page = out / DEMO_DATA, out / DEMO_TABLES, out / DEMO_PAGE
    tables.mkdir()
    with dataset_export.held(tables):
        exported = dataset_export.export(data, tables, "parquet")
    report = dataset_report.build(data)
    render.write_page(page, render.page(report))
    rows = ", ".join(f"{count:,} {table.replace('_', ' ')}" for table, count in exported.rows.items())
    print(f"  dataset            {data} (newscrawl run's layout: <site>/<YYYY>/<MM>/<DD>/<runId>.*)")
    print(f"  Parquet export     {tables}: {rows} ({exported.bytes:,} bytes)")
    print(f"  report page        {page} ({page.stat().st_size:,} bytes)")
    for problem in [*exported.problems, *report.problems]:
        sys.stderr.write(f"newscrawl demo: {problem}\n")
    return 1 if exported.damaged or report.damage else 0


def _demo_settings(lists: Path, report: Path, data: Path) -> Iterator[str]:
    """The fixture portal is ours and on loopback: no need to be gentle with it."""
    settings = {
        "NEWSCRAWL_LISTS_FEED": str(lists),
        "NEWSCRAWL_REPORT_FILE": str(report),
        "NEWSCRAWL_DATA_DIR": str(data),
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
        "LOG_LEVEL": "WARNING",
    }
    for name, value in settings.items():
        yield from ("-s", f"{name}={value}")


def _summary(report: dict[str, Any], wall: float, portal: Portal, *files: Path) -> Iterator[str]:
    crawl_seconds = report.get("elapsedSeconds") or wall
    yield f"newscrawl demo: crawled the fixture {portal.title} portal ({portal.name}) on 127.0.0.1"
    yield (
        f"  pages fetched      {report['pages']} ({report['articlePages']} article pages, "
        f"{report['listingPages']} listing pages) in {crawl_seconds:.2f} s: "
        f"{report['pages'] / crawl_seconds:.0f} pages/s"
    )
    yield f"  articles written   {report['articles']} ({report['articles'] / crawl_seconds:.0f} articles/s)"
    empty = sum(report["emptyLists"].values())
    yield (
        f"  list snapshots     {report['listSnapshots']} (one per list and content, of "
        f"{report['listObservations']} lists seen on pages, {empty} of them empty)"
    )
    yield f"  dropped            {_by_reason(report['dropped'])}"
    yield f"  skipped            {_by_reason(report['skipped'])}"
    yield f"  unrecognised       {report['unrecognised']}"
    yield f"  generic fallbacks  {_by_reason(report['fallbacks'])}"
    yield f"  bad input          {_by_reason(report['badInput'])}"
    yield f"  refused            {_by_reason(report['refused'])}"
    yield f"  HTTP status        {_by_reason(report['httpStatus'])}"
    yield f"  given up           {len(report['givenUp']) or 'none'}"
    yield "  health             " + ("healthy" if report["healthy"] else "; ".join(report["unhealthy"]))
    yield "  files              " + ", ".join(str(path) for path in files)


def _by_reason(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason} {count}" for reason, count in counts.items()) or "none"


# --- report ----------------------------------------------------------------------------------
# Exit status: 0 everything read; 1 something was left out for damage (each problem on stderr); 2 a bad
# argument. A run still being written is reported, not damage.


# --- portals ---------------------------------------------------------------------------------


def portal_facts(portal: Portal) -> dict[str, Any]:
    """What newscrawl knows of a portal, from its module: hosts, layouts, sources, its fixture site."""
    site = fixture_site(portal)
    return {
        "name": portal.name,
        "title": portal.title,
        "hosts": sorted(portal.hosts),
        "layouts": [
            {"name": layout.qualified_name, "about": _first_sentence(type(layout).__doc__)}
            for layout in portal.layouts
        ],
        "startUrls": list(portal.start_urls),
        "sitemaps": list(portal.sitemaps),
        "feeds": list(portal.feeds),
        "timezone": _offset(portal),
        "fixtureSite": str(site.parent.relative_to(FIXTURES_DIR.parent)) if site.is_file() else None,
    }


def list_portals(out: TextIO, as_json: bool = False) -> int:
    """``newscrawl portals``: every registered portal, as text or as one JSON document."""
    facts = [portal_facts(portal) for portal in PORTALS.values()]
    if as_json:
        out.write(json.dumps({"portals": facts}, ensure_ascii=False, indent=2) + "\n")
        return 0
    for portal in facts:
        out.write(f"{portal['name']}: {portal['title']}\n")
        out.write(f"  hosts      {', '.join(portal['hosts'])}\n")
        for number, layout in enumerate(portal["layouts"]):
            out.write(f"  {'layouts' if number == 0 else '':<10} {layout['name']}: {layout['about']}\n")
        for label, key in (("start", "startUrls"), ("sitemaps", "sitemaps"), ("feeds", "feeds")):
            for number, url in enumerate(portal[key] or ["none declared"]):
                out.write(f"  {label if number == 0 else '':<10} {url}\n")
        zone = portal["timezone"] or "left without one"
        out.write(f"  times      printed without an offset are taken as {zone}\n")
        site = portal["fixtureSite"]
        demo = f" (newscrawl demo --portal {portal['name']})" if site else ""
        out.write(f"  fixtures   {site or 'none'}{demo}\n")
    out.write("generic: any other news site, read from what its pages declare (scrapy crawl generic)\n")
    return 0


def _first_sentence(doc: str | None) -> str:
    """A layout docstring's summary (its first paragraph), without reST's double backquotes."""
    summary = (doc or "").strip().split("\n\n", 1)[0]
    return " ".join(summary.split()).replace("``", "`").rstrip(".")


def _offset(portal: Portal) -> str | None:
    """``+08:00``: the portal's zone for times printed without an offset."""
    offset = portal.timezone.utcoffset(None) if portal.timezone is not None else None
    if offset is None:
        return None
    minutes = int(offset.total_seconds()) // 60
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


if __name__ == "__main__":
    sys.exit(main())
