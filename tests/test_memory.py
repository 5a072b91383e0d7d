"""Memory stays bounded over a long run: past its start, a scheduled run's RSS grows by under 2 KB an
article.

A real ``newscrawl run`` (dataset writer, state store, SQLite frontier) crawls a synthetic portal of
3,000 articles served by nginx (``benchmarks.server``); the benchmark's probe add-on notes the process's
RSS every 500 pages. What a run keeps per article (waiting requests, seen fingerprints, store rows) must
live on disk, not in the process: from the note at 1,000 pages to the peak at the end, RSS may grow by
no more than 2 KB for each article written meanwhile. The first pages are left out because
they fill what is bounded by construction (interpreter and allocator arenas, the link classifier's
1,024 links, SQLite's page caches): two runs of 300 and 3,000 articles differ by ~1.5-1.9 KB an article
for that fill alone, ~0.5 KB past it. ``make bench`` measures 1,000 against 50,000 articles; nothing
here is timed.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.crawl import check_records, incremental_crawl, run_crawl
from benchmarks.server import StaticServer
from benchmarks.synthetic import generate

ARTICLES = 3_000
WARMED_UP = 1_000  # pages read before the first measure
MAX_KB_PER_ARTICLE = 2.0


def test_rss_grows_by_under_2_kb_an_article_over_a_long_run(tmp_path: Path) -> None:
    site = generate(ARTICLES, tmp_path / "site")
    with StaticServer(site.root, tmp_path / "nginx") as server:
        run = run_crawl(incremental_crawl("long", site, tmp_path, tmp_path / "data"), server, tmp_path)
    assert check_records(run, site) == ARTICLES  # the whole run, every article once, as generated
    warm = next(sample for sample in run.rss_samples if sample["pages"] >= WARMED_UP)
    growth = (run.peak_rss_kb - warm["rss_kb"]) / (ARTICLES - warm["articles"])
    assert growth <= MAX_KB_PER_ARTICLE, (
        f"RSS {warm['rss_kb']} KB after {warm['articles']} articles, peak {run.peak_rss_kb} KB after "
        f"{ARTICLES}: {growth:.2f} KB an article"
    )
