"""The benchmark code runs: its synthetic portal is what it claims, and a 50-article run of the whole
benchmark (A and B against nginx, the scale runs, the extraction timing) ends in its JSON line.

The figures themselves are `make bench`'s business, not the suite's: nothing here is timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import deque
from pathlib import Path
from urllib.parse import urljoin

import pytest
from parsel import Selector

from benchmarks.bare import LIST_LINKS
from benchmarks.synthetic import PAGE_BYTES, Site, article_truth, generate
from newscrawl.page import extract_record
from tests.helpers import ROOT

ARTICLES = 50


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return generate(ARTICLES, tmp_path_factory.mktemp("synthetic"))


def test_article_pages_weigh_what_real_pages_weigh(site: Site) -> None:
    sizes = [site.path_of(url).stat().st_size for url in site.article_urls()]
    assert PAGE_BYTES[0] <= min(sizes)
    assert max(sizes) <= PAGE_BYTES[1]
    page = Selector(text=site.path_of(site.article_urls()[0]).read_text(encoding="utf-8"))
    assert len(page.css("div.nav a")) >= 120  # the navigation's weight
    assert len(page.css("script")) >= 12
    assert len(page.xpath("//*")) >= 400


def test_every_article_is_reachable_from_the_front_page_through_the_lists(site: Site) -> None:
    seen, queue = {site.front_url}, deque([site.front_url])
    while queue:
        url = queue.popleft()
        page = Selector(text=site.path_of(url).read_text(encoding="utf-8"))
        for href in page.css(LIST_LINKS).xpath("@href").getall():
            target = urljoin(url, href)
            if target not in seen:
                assert site.path_of(target).exists(), f"{url} links {target}, which the site lacks"
                seen.add(target)
                queue.append(target)
    assert set(site.article_urls()) <= seen


def test_records_read_off_the_pages_are_what_the_generator_wrote(site: Site) -> None:
    for index, url in enumerate(site.article_urls()):
        record = extract_record(site.path_of(url).read_bytes(), url)
        truth = article_truth(index)
        assert (record.headline, record.datePublished, record.layout) == (
            truth.headline,
            truth.published,
            truth.layout,
        )
        assert tuple(editor["name"] for editor in record.editors) == truth.editors
        assert record.articleBody == truth.body


def test_generating_twice_reuses_the_site(site: Site) -> None:
    again = generate(ARTICLES, site.root)
    assert again.total_bytes == site.total_bytes
    assert again.listing_urls == site.listing_urls


def test_the_whole_benchmark_runs_on_50_articles(tmp_path: Path) -> None:
    options = f"--articles {ARTICLES} --pairs 1 --scale --scale-sizes 50,80 --extract-pages 10 --repeat 1"
    command = [sys.executable, "-m", "benchmarks.crawl", *options.split(), "--workdir", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ})
    assert done.returncode == 0, done.stderr[-2000:] + done.stdout[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["full_articles_checked"] == ARTICLES  # B wrote every article, each as generated
    assert figures["nostore_articles_checked"] == ARTICLES  # so did B0, without the state store
    assert figures["nostore_pages_per_s"] > 0
    assert len(figures["store_ratios"]) == 1
    assert figures["store_ratio_median"] > 0
    assert "store_cost" in figures
    # The incremental case: C1 wrote every article; C2, over the unchanged site, read its listings and
    # only the articles published within the re-check window (the synthetic dates are years old: none).
    assert figures["incremental_first_articles_checked"] == ARTICLES
    assert figures["incremental_first_pages_per_s"] > 0
    assert figures["incremental_first_over_full"] > 0
    assert figures["articles_in_recheck_window"] == 0
    assert figures["recheck_days"] == 3
    assert figures["incremental_second_article_pages"] == 0
    assert figures["incremental_second_listing_pages"] > 0
    assert figures["incremental_second_known_not_fetched"] == ARTICLES
    assert figures["incremental_second_pages"] < figures["incremental_first_pages"]
    assert 0 < figures["incremental_time_fraction"] < 1
    assert figures["incremental_wall_fraction"] > 0
    # C1's data folder exported to Parquet: every article and snapshot read, the export's size.
    assert figures["export_records"] > ARTICLES
    assert figures["export_records_per_s"] > 0
    assert 0 < figures["export_bytes"] < figures["export_source_bytes"]
    assert "\nexport: newscrawl export of C1's data folder" in done.stdout
    assert figures["bare_pages_per_s"] > 0
    assert figures["full_pages_per_s"] > 0
    assert len(figures["ratios"]) == 1
    assert figures["ratio_median"] > 0
    assert figures["peak_rss_mb"] > 0
    assert "rss_kb_per_article" in figures
    assert figures["scale_articles"] == [50, 80]
    assert figures["extract_pages"] == 10
    assert figures["extract_us_portal"] > 0
    assert "server_cpu_share_max" in figures
    # B's files: every article; the lists particular to a page one line each, the site-wide "Most Popular"
    # one line per edition of it that the crawl met, not one per page.
    assert figures["articles_jsonl_bytes"] > 0
    assert figures["lists_jsonl_bytes"] > 0
    assert ARTICLES < figures["lists_jsonl_lines"] < figures["list_observations"]
    assert "lists.jsonl bytes" in done.stdout
    for label in ("A1", "B1", "B0-1", "C1", "C2"):
        assert f"\n{label} " in done.stdout  # the table


@pytest.mark.parametrize(
    "args",
    [
        ["--articles", "10"],
        ["--pairs", "0"],
        ["--scale-sizes", "80,50"],
        ["--scale-sizes", "100"],
        ["--articles", "x"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.crawl", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
