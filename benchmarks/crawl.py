"""Crawl throughput against bare Scrapy, extraction cost against trafilatura, memory from 1k to 50k.

``python -m benchmarks.crawl --articles N [--pairs 3] [--scale]`` (``make bench`` adds ``--scale``):

1. writes a synthetic People's Daily portal of N articles (``benchmarks.synthetic``) and serves it with
   nginx on 127.0.0.1 (``benchmarks.server``), whose headroom a load generator measures first;
2. crawls it A B A B …: (A) ``benchmarks/bare.py``, a bare Scrapy spider on Scrapy's default settings
   that turns every list link into a Request; (B) ``scrapy crawl peoples_daily -O`` with newscrawl's
   settings, pipelines and feeds, its politeness (delays, AutoThrottle, 2 per host) set to Scrapy's
   defaults so that both crawl at the same concurrency;
3. checks B's records against what the generator wrote (every article, headline, time, editors);
4. with ``--scale``, runs B at 1,000 and 50,000 articles for the RSS growth per article;
5. times extraction alone on 200 pages (``benchmarks.extract``).

It prints a table, then one JSON line with every figure.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.extract import site_extraction
from benchmarks.server import StaticServer
from benchmarks.synthetic import Site, article_index, article_truth, article_url, generate
from newscrawl.cli import OneLineParser

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


def bare_command(site: Site, probe_file: Path) -> list[str]:
    spider = str(ROOT / "benchmarks" / "bare.py")
    args = [scrapy_binary(), "runspider", spider, "-a", f"start_url={site.front_url}"]
    return [*args, *settings_args({**PROBE, "BENCH_PROBE_FILE": str(probe_file)})]


def full_command(site: Site, probe_file: Path, output: Path) -> list[str]:
    settings = {**PROBE, **SAME_CONCURRENCY, "BENCH_PROBE_FILE": str(probe_file)}
    args = [
        scrapy_binary(),
        "crawl",
        "peoples_daily",
        "-O",
        str(output),
        "-a",
        f"start_urls={site.front_url}",
        "-a",
        "sources=links",  # as A: the synthetic portal has no feeds to fetch, only its lists
    ]
    return [*args, *settings_args(settings)]


def crawl_env(server: StaticServer, settings_module: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "https_proxy")}
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return {
        **env,
        "http_proxy": server.proxy_url,
        "PYTHONPATH": pythonpath,
        "SCRAPY_SETTINGS_MODULE": settings_module,
    }


def run_crawl(label: str, site: Site, server: StaticServer, workdir: Path, full: bool) -> Run:
    probe_file = workdir / f"{label}.probe.json"
    output = workdir / f"{label}.articles.jsonl" if full else None
    if output is not None:
        command = full_command(site, probe_file, output)
        env = crawl_env(server, "newscrawl.settings")
    else:
        command = bare_command(site, probe_file)
        env = crawl_env(server, "benchmarks.bare_settings")
    log = workdir / f"{label}.log"
    server_cpu = server.cpu_seconds()
    with log.open("w") as log_file:
        done = subprocess.run(
            command, cwd=workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT, check=False
        )
    server_cpu = server.cpu_seconds() - server_cpu
    if done.returncode != 0 or not probe_file.exists():
        raise SystemExit(f"benchmark crawl {label} failed (exit {done.returncode}); see {log}")
    probe = json.loads(probe_file.read_text())
    progress(f"{label}: {probe['spider']}, {probe['pages']:,} pages in {probe['seconds']:.1f} s")
    return Run(
        label=label,
        spider=probe["spider"],
        pages=probe["pages"],
        items=probe["items"],
        seconds=probe["seconds"],
        cpu_seconds=probe["cpu_seconds"],
        peak_rss_kb=probe["peak_rss_kb"],
        server_cpu_share=server_cpu / probe["seconds"],
        output=output,
    )


def check_records(run: Run, site: Site) -> int:
    """How many of the site's articles B wrote correctly; raises on a missing or wrong one."""
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


def crawl_pairs(site: Site, pairs: int, workdir: Path) -> tuple[list[Run], float | None]:
    with StaticServer(site.root, workdir / "nginx") as server:
        server_rps = server.load_test(site.article_urls()[0].removeprefix("http://en.people.cn"))
        runs: list[Run] = []
        for pair in range(1, pairs + 1):
            runs.append(run_crawl(f"A{pair}", site, server, workdir, full=False))
            runs.append(run_crawl(f"B{pair}", site, server, workdir, full=True))
            check_records(runs[-1], site)
            _drop_outputs(runs[-1])
    return runs, server_rps


def scale_runs(sizes: tuple[int, ...], workdir: Path) -> list[tuple[Site, Run]]:
    results = []
    for size in sizes:
        site = site_of(size, workdir)
        with StaticServer(site.root, workdir / "nginx") as server:
            run = run_crawl(f"scale{size}", site, server, workdir, full=True)
        check_records(run, site)
        _drop_outputs(run)
        results.append((site, run))
    return results


def _drop_outputs(run: Run) -> None:
    if run.output is not None:
        for path in (run.output, run.output.with_name("lists.jsonl")):
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
    columns = ("pages", "items", "s", "pages/s", "CPU ms/page", "peak RSS MB", "server CPU")
    print(f"{'run':<6}{'spider':<15}" + "".join(f"{name:>{max(8, len(name) + 2)}}" for name in columns))
    for run in runs:
        print(
            f"{run.label:<6}{run.spider:<15}{run.pages:>8,}{run.items:>8,}{run.seconds:>8.1f}{run.pages_per_s:>9.1f}"
            f"{run.cpu_ms_per_page:>13.2f}{run.peak_rss_kb / 1024:>13.0f}{run.server_cpu_share:>12.1%}"
        )


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = OneLineParser(prog="python -m benchmarks.crawl", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the synthetic portal")
    parser.add_argument("--pairs", type=int, default=3, help="A B pairs to run (at least 1)")
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
    started = time.monotonic()
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    site = site_of(args.articles, workdir)
    runs, server_rps = crawl_pairs(site, args.pairs, workdir)
    print_table(site, runs, server_rps)
    bare = [run for run in runs if run.spider != "peoples_daily"]
    full = [run for run in runs if run.spider == "peoples_daily"]
    ratios = [b.pages_per_s / a.pages_per_s for a, b in zip(bare, full, strict=True)]
    print("B/A pages/s, pair by pair: " + ", ".join(f"{ratio:.2f}" for ratio in ratios))
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
        "full_articles_checked": site.articles,
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
