"""Crawl throughput against bare Scrapy, extraction cost against trafilatura, memory from 1k to 50k.

``python -m benchmarks.crawl --articles N [--pairs 3] [--scale]`` (``make bench`` adds ``--scale``):

1. writes a synthetic People's Daily portal of N articles (``benchmarks.synthetic``) and serves it with
   nginx on 127.0.0.1 (``benchmarks.server``), whose headroom a load generator measures first;
2. crawls it in rounds of A, B and B0: (A) ``benchmarks/bare.py``, a bare Scrapy spider on Scrapy's
   default settings that turns every list link into a Request; (B) ``scrapy crawl peoples_daily -O``
   with newscrawl's settings, pipelines and feeds, its politeness (delays, AutoThrottle, 2 per host) set
   to Scrapy's defaults so that both crawl at the same concurrency; (B0) B without the state store
   (``NEWSCRAWL_INCREMENTAL=False``), B and B0 in turns first, for what the store costs a first run;
3. checks B's and B0's records against what the generator wrote (every article, headline, time, editors);
4. the incremental case: ``newscrawl run peoples_daily --data`` twice over the same site, C1 with an
   empty state store (its records checked as B's), C2 over the unchanged site, which should fetch the
   listings and the articles published within the re-check window only; between the two, C1's data
   folder is exported to Parquet (``newscrawl export``: records read per second, the export's bytes);
5. with ``--scale``, runs B at 1,000 and 50,000 articles for the RSS growth per article;
6. times extraction alone on 200 pages (``benchmarks.extract``).

It prints a table, then one JSON line with every figure.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.extract import site_extraction
from benchmarks.server import StaticServer
from benchmarks.synthetic import (
    Site,
    article_index,
    article_truth,
    article_url,
    generate,
    listed_articles,
)
from newscrawl.analysis.export import export
from newscrawl.cli import OneLineParser
from newscrawl.settings import NEWSCRAWL_RECHECK_DAYS

ROOT = Path(__file__).resolve().parent.parent
# Scrapy's own defaults, which newscrawl's polite settings are brought back to for a like-for-like run.
SAME_CONCURRENCY = {
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
}
# The measuring add-on, on both spiders; otherwise each runs on its own settings: A on Scrapy's defaults
# (its DEBUG log included), B on newscrawl's (INFO) with SAME_CONCURRENCY. Logs go to <label>.log.
PROBE = {"ADDONS": '{"benchmarks.probe.ProbeAddon": 0}'}
NO_STATE_STORE = {"NEWSCRAWL_INCREMENTAL": "False"}


@dataclass(frozen=True, slots=True)
class Crawl:
    """One benchmark crawl to run: its command, its settings module, where its records go."""

    label: str
    command: list[str]
    settings_module: str
    output: Path | None = None  # B's feed; None: no records (A) or a dataset run's (found afterwards)
    data_dir: Path | None = None  # a dataset run's data folder (``newscrawl run --data``)


@dataclass(frozen=True, slots=True)
class Run:
    """One crawl, as its probe measured it, plus the server's CPU share meanwhile."""

    label: str
    spider: str
    pages: int
    items: int
    seconds: float
    cpu_seconds: float
    peak_rss_kb: int
    server_cpu_share: float
    output: Path | None
    wall_seconds: float = 0.0  # the whole command, interpreter start-up included
    stats: dict[str, float] | None = None  # the crawl's numeric stats, as the probe read them
    manifest: dict[str, Any] | None = None  # a dataset run's
    rss_samples: tuple[dict[str, int], ...] = ()  # the RSS every 500 pages: pages, articles, rss_kb
    articles_bytes: int = 0  # the size of its articles.jsonl (0: none written)
    lists_bytes: int = 0  # the size of its lists.jsonl

    def stat(self, name: str) -> int:
        return int((self.stats or {}).get(name, 0))

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds

    @property
    def cpu_ms_per_page(self) -> float:
        return self.cpu_seconds / self.pages * 1000


def progress(line: str) -> None:
    """A line on stderr while the benchmark runs; the figures go to stdout at the end."""
    print(line, file=sys.stderr, flush=True)


def site_of(articles: int, workdir: Path) -> Site:
    progress(f"synthetic portal of {articles:,} articles (written once, then reused) …")
    return generate(articles, workdir / f"site-{articles}")


def settings_args(settings: dict[str, str]) -> list[str]:
    return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]


def scrapy_binary() -> str:
    return str(Path(sys.executable).with_name("scrapy"))


def newscrawl_binary() -> str:
    return str(Path(sys.executable).with_name("newscrawl"))


def bare_crawl(label: str, site: Site, workdir: Path) -> Crawl:
    spider = str(ROOT / "benchmarks" / "bare.py")
    args = [scrapy_binary(), "runspider", spider, "-a", f"start_url={site.front_url}"]
    settings = {**PROBE, "BENCH_PROBE_FILE": str(probe_file_of(label, workdir))}
    return Crawl(label, [*args, *settings_args(settings)], "benchmarks.bare_settings")


def full_crawl(label: str, site: Site, workdir: Path, store: bool = True) -> Crawl:
    """B (``store``: the state store on, the default) or B0 (off): ``scrapy crawl -O``."""
    output = workdir / f"{label}.articles.jsonl"
    settings = {
        **PROBE,
        **SAME_CONCURRENCY,
        **({} if store else NO_STATE_STORE),
        "BENCH_PROBE_FILE": str(probe_file_of(label, workdir)),
    }
    args = [scrapy_binary(), "crawl", "peoples_daily", "-O", str(output), *portal_args(site)]
    return Crawl(label, [*args, *settings_args(settings)], "newscrawl.settings", output=output)


def incremental_crawl(label: str, site: Site, workdir: Path, data_dir: Path) -> Crawl:
    """C: a scheduled run, ``newscrawl run --data``, its state store in the data folder."""
    settings = {**PROBE, **SAME_CONCURRENCY, "BENCH_PROBE_FILE": str(probe_file_of(label, workdir))}
    args = [newscrawl_binary(), "run", "peoples_daily", "--data", str(data_dir), *portal_args(site)]
    return Crawl(label, [*args, *settings_args(settings)], "newscrawl.settings", data_dir=data_dir)


def portal_args(site: Site) -> list[str]:
    # As A: the synthetic portal has no feeds to fetch, only its lists.
    return ["-a", f"start_urls={site.front_url}", "-a", "sources=links"]


def probe_file_of(label: str, workdir: Path) -> Path:
    return workdir / f"{label}.probe.json"


def crawl_env(server: StaticServer, settings_module: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "https_proxy")}
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return {
        **env,
        "http_proxy": server.proxy_url,
        "PYTHONPATH": pythonpath,
        "SCRAPY_SETTINGS_MODULE": settings_module,
    }


def run_crawl(crawl: Crawl, server: StaticServer, workdir: Path) -> Run:
    probe_file = probe_file_of(crawl.label, workdir)
    probe_file.unlink(missing_ok=True)
    manifests = set(_manifests(crawl.data_dir))
    log = workdir / f"{crawl.label}.log"
    server_cpu = server.cpu_seconds()
    started = time.perf_counter()
    with log.open("w") as log_file:
        done = subprocess.run(
            crawl.command,
            cwd=workdir,
            env=crawl_env(server, crawl.settings_module),
            stdout=log_file,
            stderr=subprocess.STDOUT,
            check=False,
        )
    wall_seconds = time.perf_counter() - started
    server_cpu = server.cpu_seconds() - server_cpu
    if done.returncode != 0 or not probe_file.exists():
        raise SystemExit(f"benchmark crawl {crawl.label} failed (exit {done.returncode}); see {log}")
    probe = json.loads(probe_file.read_text())
    progress(f"{crawl.label}: {probe['spider']}, {probe['pages']:,} pages in {probe['seconds']:.1f} s")
    output, manifest = crawl.output, None
    if crawl.data_dir is not None:
        manifest, output = _run_manifest(crawl, manifests)
    articles_bytes, lists_bytes = (_size(path) for path in _outputs(output, manifest))
    return Run(
        label=crawl.label,
        spider=probe["spider"],
        pages=probe["pages"],
        items=probe["items"],
        seconds=probe["seconds"],
        cpu_seconds=probe["cpu_seconds"],
        peak_rss_kb=probe["peak_rss_kb"],
        server_cpu_share=server_cpu / probe["seconds"],
        output=output,
        wall_seconds=wall_seconds,
        stats=probe.get("stats", {}),
        manifest=manifest,
        rss_samples=tuple(probe.get("rss_samples", ())),
        articles_bytes=articles_bytes,
        lists_bytes=lists_bytes,
    )


def _outputs(output: Path | None, manifest: dict[str, Any] | None) -> list[Path | None]:
    """A run's articles and lists files: ``lists.jsonl`` beside B's feed, ``<runId>.lists.jsonl`` beside
    a dataset run's articles."""
    if output is None:
        return [None, None]
    lists = f"{manifest['runId']}.lists.jsonl" if manifest is not None else "lists.jsonl"
    return [output, output.with_name(lists)]


def _size(path: Path | None) -> int:
    return path.stat().st_size if path is not None and path.exists() else 0


def _manifests(data_dir: Path | None) -> list[Path]:
    return sorted(data_dir.glob("*/*/*/*/*.manifest.json")) if data_dir is not None else []


def _run_manifest(crawl: Crawl, before: set[Path]) -> tuple[dict[str, Any], Path]:
    """The manifest the dataset run just wrote (the one that was not there before it), and its
    articles file (``<runId>.articles.jsonl`` beside it)."""
    new = [path for path in _manifests(crawl.data_dir) if path not in before]
    if len(new) != 1:
        raise SystemExit(f"benchmark crawl {crawl.label}: {len(new)} new manifests in {crawl.data_dir}")
    manifest: dict[str, Any] = json.loads(new[0].read_text())
    return manifest, new[0].with_name(f"{manifest['runId']}.articles.jsonl")


def check_records(run: Run, site: Site) -> int:
    """How many of the site's articles a run wrote correctly; raises on a missing or wrong one."""
    assert run.output is not None
    unseen = set(range(site.articles))
    with run.output.open(encoding="utf-8") as records:
        for line in records:
            record = json.loads(line)
            index = article_index(record["articleId"])
            if index is None or index not in unseen:
                raise SystemExit(f"{run.label}: unexpected or repeated article {record['url']}")
            unseen.discard(index)
            truth = article_truth(index)
            got = (record["headline"], record["datePublished"], tuple(e["name"] for e in record["editors"]))
            if got != (truth.headline, truth.published, truth.editors) or record["articleBody"] != truth.body:
                raise SystemExit(f"{run.label}: {record['url']} does not match the generated page: {got}")
    if unseen:
        raise SystemExit(
            f"{run.label}: {len(unseen)} articles never written, e.g. {article_url(min(unseen))}"
        )
    return site.articles


def crawl_rounds(site: Site, pairs: int, workdir: Path) -> tuple[list[Run], Incremental, float | None]:
    """A, B and B0 in turns (B first in odd rounds, B0 first in even ones), then C1 and C2."""
    with StaticServer(site.root, workdir / "nginx") as server:
        server_rps = server.load_test(site.article_urls()[0].removeprefix("http://en.people.cn"))
        runs: list[Run] = []
        for pair in range(1, pairs + 1):
            runs.append(run_crawl(bare_crawl(f"A{pair}", site, workdir), server, workdir))
            with_store = full_crawl(f"B{pair}", site, workdir)
            without = full_crawl(f"B0-{pair}", site, workdir, store=False)
            for crawl in (with_store, without) if pair % 2 else (without, with_store):
                runs.append(run_crawl(crawl, server, workdir))
                check_records(runs[-1], site)
                _drop_outputs(runs[-1])
        incremental = incremental_runs(site, server, workdir)
    return runs, incremental, server_rps


@dataclass(frozen=True, slots=True)
class ExportSpeed:
    """``newscrawl export --format parquet`` of C1's data folder, timed in this process (what the
    command runs after its argument checks, without the interpreter's start-up)."""

    articles: int  # article records read
    snapshots: int  # list snapshots read
    rows: int  # rows written, both tables
    seconds: float
    bytes: int  # the export's files
    source_bytes: int  # the JSON Lines they came from

    @property
    def records_per_s(self) -> float:
        return (self.articles + self.snapshots) / self.seconds


def export_speed(data_dir: Path, workdir: Path) -> ExportSpeed:
    out = workdir / "export"
    shutil.rmtree(out, ignore_errors=True)
    progress("exporting C1's data folder to Parquet …")
    summary = export(data_dir, out, "parquet")
    if summary.problems or summary.runs != 1:
        raise SystemExit(
            f"newscrawl export of C1: {summary.runs} runs, {'; '.join(map(str, summary.problems))}"
        )
    sources = sum(path.stat().st_size for path in data_dir.glob("*/*/*/*/*.jsonl"))
    speed = ExportSpeed(
        summary.records["articles"],
        summary.records["lists"],
        sum(summary.rows.values()),
        summary.seconds,
        summary.bytes,
        sources,
    )
    shutil.rmtree(out)
    return speed


@dataclass(frozen=True, slots=True)
class Incremental:
    """C1, a scheduled run with an empty state store, and C2, the next run over the unchanged site."""

    first: Run
    second: Run
    recheck_days: float
    in_window: int  # the site's articles published within the re-check window, as C2 started
    export: ExportSpeed  # C1's data folder exported

    @property
    def second_article_pages(self) -> int:
        return self.second.stat("newscrawl/pages/article")

    @property
    def second_listing_pages(self) -> int:
        return self.second.stat("newscrawl/pages/listing")

    @property
    def time_fraction(self) -> float:
        return self.second.seconds / self.first.seconds

    @property
    def wall_fraction(self) -> float:
        return self.second.wall_seconds / self.first.wall_seconds


def incremental_runs(site: Site, server: StaticServer, workdir: Path) -> Incremental:
    data_dir = workdir / "incremental"
    shutil.rmtree(data_dir, ignore_errors=True)
    first = run_crawl(incremental_crawl("C1", site, workdir, data_dir), server, workdir)
    check_records(first, site)
    exported = export_speed(data_dir, workdir)
    recheck_days = float(NEWSCRAWL_RECHECK_DAYS)
    in_window = articles_within(site, timedelta(days=recheck_days), datetime.now(UTC))
    second = run_crawl(incremental_crawl("C2", site, workdir, data_dir), server, workdir)
    incremental = Incremental(first, second, recheck_days, in_window, exported)
    check_second_run(incremental, site)
    for run in (first, second):
        _drop_outputs(run)
    return incremental


def articles_within(site: Site, window: timedelta, now: datetime) -> int:
    """How many of the site's articles were published within ``window`` of ``now`` (re-checked)."""
    return sum(
        1
        for index in range(site.articles)
        if now - datetime.fromisoformat(article_truth(index).published) <= window
    )


def check_second_run(incremental: Incremental, site: Site) -> None:
    """C2 fetched the listings C1 did and no article outside the re-check window, and wrote nothing new."""
    first, second = incremental.first, incremental.second
    assert second.manifest is not None
    problems = []
    if second.manifest["newArticles"] or second.manifest["updatedArticles"]:
        problems.append(f"{second.manifest['newArticles']} new, {second.manifest['updatedArticles']} updated")
    listings = first.stat("newscrawl/pages/listing")
    if incremental.second_listing_pages != listings:
        problems.append(f"{incremental.second_listing_pages} listing pages, where C1 read {listings}")
    if incremental.second_article_pages > incremental.in_window:
        problems.append(
            f"{incremental.second_article_pages} article pages, {incremental.in_window} in the window"
        )
    # C2 reads no known article outside the window, so it sees only the articles the listings link: the
    # others, linked from article pages alone, are out of its sight (and not fetched either).
    known, listed = second.manifest["knownArticlesNotFetched"], len(listed_articles(site.articles))
    if known + incremental.second_article_pages != listed:
        problems.append(
            f"{known} known articles not fetched and {incremental.second_article_pages} fetched, "
            f"where the listings link {listed}"
        )
    if problems:
        raise SystemExit(f"C2, the second run over the unchanged site: {'; '.join(problems)}")


def scale_runs(sizes: tuple[int, ...], workdir: Path) -> list[tuple[Site, Run]]:
    results = []
    for size in sizes:
        site = site_of(size, workdir)
        with StaticServer(site.root, workdir / "nginx") as server:
            run = run_crawl(full_crawl(f"scale{size}", site, workdir), server, workdir)
        check_records(run, site)
        _drop_outputs(run)
        results.append((site, run))
    return results


def _drop_outputs(run: Run) -> None:
    """The records files go once checked and measured (a dataset run's manifest stays)."""
    for path in _outputs(run.output, run.manifest):
        if path is not None:
            path.unlink(missing_ok=True)


def print_table(site: Site, runs: list[Run], server_rps: float | None) -> None:
    mean_kb = site.total_bytes / max(1, site.articles) / 1024
    print(
        f"\nsite: {site.articles:,} articles, 2 layouts, {mean_kb:.1f} KB a page on average; nginx, 1 worker"
    )
    fastest = max(run.pages_per_s for run in runs)
    if server_rps:
        times = server_rps / fastest
        print(f"server headroom: wrk gets {server_rps:,.0f} pages/s, {times:,.0f}× the fastest crawl")
    print(
        "A: bare Scrapy; B: scrapy crawl -O (state store on); B0: B with NEWSCRAWL_INCREMENTAL=False; "
        "C1, C2: newscrawl run --data, twice"
    )
    columns = ("pages", "items", "s", "pages/s", "CPU ms/page", "peak RSS MB", "server CPU")
    files = ("articles.jsonl bytes", "lists.jsonl bytes")
    print(
        f"{'run':<6}{'spider':<15}"
        + "".join(f"{name:>{max(8, len(name) + 2)}}" for name in (*columns, *files))
    )
    for run in runs:
        print(
            f"{run.label:<6}{run.spider:<15}{run.pages:>8,}{run.items:>8,}{run.seconds:>8.1f}{run.pages_per_s:>9.1f}"
            f"{run.cpu_ms_per_page:>13.2f}{run.peak_rss_kb / 1024:>13.0f}{run.server_cpu_share:>12.1%}"
            f"{run.articles_bytes:>22,}{run.lists_bytes:>19,}"
        )


def store_figures(full: list[Run], without: list[Run]) -> dict[str, Any]:
    """What the state store costs a first run: B's pages/s over B0's, round by round."""
    ratios = [b.pages_per_s / b0.pages_per_s for b, b0 in zip(full, without, strict=True)]
    median = statistics.median(ratios)
    print(
        "B/B0 pages/s (state store on/off), round by round: "
        + ", ".join(f"{ratio:.3f}" for ratio in ratios)
        + f"; median {median:.3f}: "
        + (
            f"the store costs {1 - median:.1%} of pages/s"
            if median < 1
            else "the store costs nothing measurable"
        )
    )
    return {
        "nostore_pages_per_s": round(statistics.median(run.pages_per_s for run in without), 1),
        "store_ratios": [round(ratio, 3) for ratio in ratios],
        "store_ratio_median": round(median, 3),
        "store_cost": round(1 - median, 3),
    }


def incremental_figures(incremental: Incremental, full: list[Run], site: Site) -> dict[str, Any]:
    first, second = incremental.first, incremental.second
    full_rate = statistics.median(run.pages_per_s for run in full)
    assert second.manifest is not None
    print(
        f"incremental: C1 (empty state) {first.pages:,} pages in {first.seconds:.1f} s, "
        f"{first.pages_per_s:.1f} pages/s, {first.pages_per_s / full_rate:.2f}× B's; "
        f"all {site.articles:,} articles checked"
    )
    other = second.pages - incremental.second_listing_pages - incremental.second_article_pages
    print(
        f"incremental: C2 (unchanged site) {second.pages:,} pages: {incremental.second_listing_pages} "
        f"listings, {incremental.second_article_pages} articles ({incremental.in_window} of "
        f"{site.articles:,} published within the {incremental.recheck_days:g}-day re-check window), "
        f"{other} robots.txt; {second.manifest['knownArticlesNotFetched']:,} known articles not fetched; "
        f"{second.seconds:.2f} s = {incremental.time_fraction:.3f} of C1's "
        f"(whole command: {second.wall_seconds:.1f} s of {first.wall_seconds:.1f} s, "
        f"{incremental.wall_fraction:.3f})"
    )
    speed = incremental.export
    print(
        f"export: newscrawl export of C1's data folder to Parquet: {speed.articles:,} articles and "
        f"{speed.snapshots:,} list snapshots ({speed.rows:,} rows) in {speed.seconds:.2f} s: "
        f"{speed.records_per_s:,.0f} records/s; {speed.bytes:,} bytes from {speed.source_bytes:,} bytes "
        f"of JSON Lines ({speed.bytes / speed.source_bytes:.3f})"
    )
    return {
        "export_records": speed.articles + speed.snapshots,
        "export_rows": speed.rows,
        "export_seconds": round(speed.seconds, 3),
        "export_records_per_s": round(speed.records_per_s),
        "export_bytes": speed.bytes,
        "export_source_bytes": speed.source_bytes,
        "incremental_first_pages": first.pages,
        "incremental_first_seconds": round(first.seconds, 2),
        "incremental_first_pages_per_s": round(first.pages_per_s, 1),
        "incremental_first_over_full": round(first.pages_per_s / full_rate, 3),
        "incremental_first_articles_checked": site.articles,
        "incremental_second_pages": second.pages,
        "incremental_second_listing_pages": incremental.second_listing_pages,
        "incremental_second_article_pages": incremental.second_article_pages,
        "incremental_second_known_not_fetched": second.manifest["knownArticlesNotFetched"],
        "incremental_second_seconds": round(second.seconds, 2),
        "incremental_time_fraction": round(incremental.time_fraction, 4),
        "incremental_wall_seconds": [round(first.wall_seconds, 1), round(second.wall_seconds, 1)],
        "incremental_wall_fraction": round(incremental.wall_fraction, 4),
        "recheck_days": incremental.recheck_days,
        "articles_in_recheck_window": incremental.in_window,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = OneLineParser(prog="python -m benchmarks.crawl", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the synthetic portal")
    parser.add_argument("--pairs", type=int, default=3, help="rounds of A, B and B0 to run (at least 1)")
    parser.add_argument("--scale", action="store_true", help="also run B at 1,000 and 50,000 articles")
    parser.add_argument(
        "--scale-sizes", default="1000,50000", help="the article counts of --scale, smallest first"
    )
    parser.add_argument("--extract-pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the extraction timing")
    parser.add_argument("--workdir", type=Path, default=ROOT / ".bench")
    args = parser.parse_args(argv)
    if args.articles < 50 or args.pairs < 1 or args.extract_pages < 1 or args.repeat < 1:
        parser.error("--articles must be at least 50; --pairs, --extract-pages and --repeat at least 1")
    sizes = tuple(int(size) for size in args.scale_sizes.split(",") if size.strip().isdigit())
    if (
        len(sizes) < 2
        or len(sizes) != len(args.scale_sizes.split(","))
        or min(sizes) < 50
        or sorted(sizes) != list(sizes)
    ):
        parser.error("--scale-sizes must be two or more article counts of at least 50, smallest first")
    # SIGTERM unwinds like Ctrl-C: the running crawl is killed and nginx stopped, not left behind.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    started = time.monotonic()
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    site = site_of(args.articles, workdir)
    runs, incremental, server_rps = crawl_rounds(site, args.pairs, workdir)
    print_table(site, [*runs, incremental.first, incremental.second], server_rps)
    bare = [run for run in runs if run.label.startswith("A")]
    full = [run for run in runs if run.label.startswith("B") and not run.label.startswith("B0")]
    without = [run for run in runs if run.label.startswith("B0")]
    ratios = [b.pages_per_s / a.pages_per_s for a, b in zip(bare, full, strict=True)]
    print("B/A pages/s, pair by pair: " + ", ".join(f"{ratio:.2f}" for ratio in ratios))
    store = store_figures(full, without)
    figures: dict[str, Any] = {
        "articles": args.articles,
        "pairs": args.pairs,
        "page_kb_mean": round(site.total_bytes / site.articles / 1024, 1),
        "server_pages_per_s": round(server_rps) if server_rps else None,
        "server_cpu_share_max": round(max(run.server_cpu_share for run in runs), 3),
        "bare_pages_per_s": round(statistics.median(run.pages_per_s for run in bare), 1),
        "full_pages_per_s": round(statistics.median(run.pages_per_s for run in full), 1),
        "ratios": [round(ratio, 2) for ratio in ratios],
        "ratio_median": round(statistics.median(ratios), 2),
        "bare_cpu_ms_per_page": round(statistics.median(run.cpu_ms_per_page for run in bare), 2),
        "full_cpu_ms_per_page": round(statistics.median(run.cpu_ms_per_page for run in full), 2),
        "bare_peak_rss_mb": round(max(run.peak_rss_kb for run in bare) / 1024),
        "peak_rss_mb": round(max(run.peak_rss_kb for run in full) / 1024),
        "full_articles_checked": site.articles,  # every B and B0 run wrote every article, as generated
        "articles_jsonl_bytes": statistics.median(run.articles_bytes for run in full),
        "lists_jsonl_bytes": statistics.median(run.lists_bytes for run in full),
        "lists_jsonl_lines": full[0].stat("newscrawl/records/listSnapshot"),
        "list_observations": full[0].stat("newscrawl/lists/observed"),
        "nostore_articles_checked": site.articles,
        **store,
        **incremental_figures(incremental, full, site),
    }
    if args.scale:
        scaled = scale_runs(sizes, workdir)
        (small_site, small), (big_site, big) = scaled[0], scaled[-1]
        growth = (big.peak_rss_kb - small.peak_rss_kb) / (big_site.articles - small_site.articles)
        for scaled_site, run in scaled:
            print(
                f"scale: B at {scaled_site.articles:,} articles: {run.pages_per_s:.1f} pages/s, "
                f"peak RSS {run.peak_rss_kb / 1024:.0f} MB"
            )
        print(f"RSS growth per article, {small_site.articles:,} → {big_site.articles:,}: {growth:.2f} KB")
        figures |= {
            "scale_articles": [s.articles for s, _ in scaled],
            "scale_peak_rss_mb": [round(r.peak_rss_kb / 1024) for _, r in scaled],
            "scale_pages_per_s": [round(r.pages_per_s, 1) for _, r in scaled],
            "rss_kb_per_article": round(growth, 2),
        }
    progress(f"extraction on {args.extract_pages} pages …")
    extraction = site_extraction(site, args.extract_pages, args.repeat)
    print(
        f"extraction on {extraction['extract_pages']} pages, µs a page (median of {args.repeat}): "
        f"portal {extraction['extract_us_portal']:,.0f}, generic "
        + (
            f"{extraction['extract_us_generic']:,.0f}"
            if extraction["extract_us_generic"]
            else "n/a (none yet)"
        )
        + ", trafilatura "
        + (
            f"{extraction['extract_us_trafilatura']:,.0f} "
            f"({extraction['trafilatura_over_portal']:.1f}× the portal path)"
            if extraction["extract_us_trafilatura"]
            else "n/a (not installed)"
        )
    )
    figures |= extraction
    figures["bench_seconds"] = round(time.monotonic() - started)
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
