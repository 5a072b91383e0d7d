"""Seconds to build ``newscrawl report`` (text and page) and the page's size.

``python -m benchmarks.report [--days N]`` crawls the fixture portals into a dataset folder as the
suite's ``dataset`` fixture does (two People's Daily runs, one Xinhua run), times the report on it,
then on the same runs copied into N day folders (each copy's run ids, times and list observations moved
by its number of days, as N days of scheduled runs would leave them), and prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from newscrawl.analysis.reader import scan
from newscrawl.analysis.render import page, text
from newscrawl.analysis.report import build
from newscrawl.fixture_server import FixtureServer

SPIDERS = ("peoples_daily", "peoples_daily", "xinhua")


def crawl_dataset(data: Path) -> None:
    with FixtureServer() as server:
        env = {**os.environ, "http_proxy": server.proxy_url}
        env.pop("SCRAPY_SETTINGS_MODULE", None)
        for spider in SPIDERS:
            command = [sys.executable, "-m", "newscrawl.cli", "run", spider, "--data", str(data)]
            command += ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
            subprocess.run(command, env=env, capture_output=True, check=False, timeout=300)


def spread_over_days(source: Path, target: Path, days: int) -> None:
    """The runs of ``source`` as if run on each of ``days`` days: the ``d``-th copy d days later."""
    for run in scan(source).runs:
        for shift in range(days):
            delta = timedelta(days=shift)
            day = run.day + delta
            run_id = _shifted_id(run.run_id, delta)
            folder = target / run.site / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{run_id}.articles.jsonl").write_bytes(run.path("articles").read_bytes())
            lists = [json.loads(line) for line in run.path("lists").read_text(encoding="utf-8").splitlines()]
            with (folder / f"{run_id}.lists.jsonl").open("w", encoding="utf-8") as handle:
                for record in lists:
                    record["observedAt"] = _shifted(record["observedAt"], delta)
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            manifest = dict(run.manifest or {})
            manifest.update(
                runId=run_id, **{key: _shifted(manifest[key], delta) for key in _TIMES if key in manifest}
            )
            (folder / f"{run_id}.manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


_TIMES = ("startedAt", "finishedAt")


def _shifted(stamp: str, delta: timedelta) -> str:
    return (datetime.fromisoformat(stamp) + delta).isoformat(timespec="seconds")


def _shifted_id(run_id: str, delta: timedelta) -> str:
    started = datetime.strptime(run_id[:16], "%Y%m%dT%H%M%SZ") + delta
    return re.sub(r"^\d{8}T\d{6}Z", f"{started:%Y%m%dT%H%M%SZ}", run_id)


def timed(data: Path, repeat: int) -> dict[str, Any]:
    """The best of ``repeat`` rounds: build, text and page; the page's bytes."""
    rounds, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        report = build(data)
        text(report)
        content = page(report).encode("utf-8")
        rounds.append(time.perf_counter() - started)
        size = len(content)
    return {
        "runs": len(report.runs),
        "articles": sum(facts.articles for facts in report.runs),
        "seconds": round(min(rounds), 3),
        "page_bytes": size,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30, help="day folders of the bigger dataset (default 30)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best is kept (default 3)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        data, spread = Path(folder) / "data", Path(folder) / "spread"
        crawl_dataset(data)
        spread_over_days(data, spread, args.days)
        figures = {"dataset": timed(data, args.repeat), f"{args.days}_days": timed(spread, args.repeat)}
    for name, result in figures.items():
        print(
            f"{name:>10}: {result['runs']} runs, {result['articles']} articles: report and page in "
            f"{result['seconds']:.2f} s, page {result['page_bytes']:,} bytes"
        )
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
