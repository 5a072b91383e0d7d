"""Microseconds of extraction per article page, over the fixture portal's article pages.

``python -m benchmarks.extract [--repeat N]`` prints, per stage, the median over N rounds of the mean
time per page: decoding bytes, reading the layout's fields, and the whole ``newscrawl extract`` path
(decode → layout → record → schema validation).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable

from newscrawl.page import checked_record, decode_html, extract_record, read_page
from newscrawl.record import FetchInfo
from tests.helpers import record_cases


def per_page_us(work: Callable[[], object], pages: int, repeat: int) -> float:
    rounds = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        rounds.append((time.perf_counter() - started) / pages * 1e6)
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    pages = [(case.html.read_bytes(), case.url) for case in record_cases()]
    decoded = [(decode_html(body)[1], url) for body, url in pages]
    raws = [read_page(html, url) for html, url in decoded]
    extract_record(*pages[0])  # warm caches (schema compilation) once

    def decode_all() -> None:
        for body, _ in pages:
            decode_html(body)

    def read_all() -> None:
        for html, url in decoded:
            read_page(html, url)

    def record_all() -> None:
        for raw in raws:
            checked_record(raw, FetchInfo(charset="utf-8"))

    def full_all() -> None:
        for body, url in pages:
            extract_record(body, url)

    figures = {
        "pages": len(pages),
        "mean_page_kb": round(sum(len(body) for body, _ in pages) / len(pages) / 1024, 1),
        "decode_us": per_page_us(decode_all, len(pages), args.repeat),
        "layout_us": per_page_us(read_all, len(pages), args.repeat),
        "record_and_validate_us": per_page_us(record_all, len(pages), args.repeat),
        "extract_us": per_page_us(full_all, len(pages), args.repeat),
    }
    for name, value in figures.items():
        print(f"{name:>24}  {value:,.1f}" if isinstance(value, float) else f"{name:>24}  {value}")
    print(json.dumps({k: round(v, 1) if isinstance(v, float) else v for k, v in figures.items()}))


if __name__ == "__main__":
    main()
