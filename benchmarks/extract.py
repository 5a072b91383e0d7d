"""Microseconds of extraction per article page.

``python -m benchmarks.extract [--repeat N]`` prints, per stage, over the fixture portal's article pages,
the median over N rounds of the mean time per page: decoding bytes, reading the layout's fields, and the
whole ``newscrawl extract`` path (``process_page``: decode → layout → record → schema validation).

:func:`site_extraction` (run by ``benchmarks.crawl``) times that whole path on pages of a synthetic
portal against trafilatura's ``extract()`` on the same bytes, when trafilatura is installed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from benchmarks.synthetic import Site
from newscrawl.items import as_record
from newscrawl.page import decode_html, extract_record, parse_html, process_page
from newscrawl.portals.peoples_daily import PORTAL
from newscrawl.record import FetchInfo, build_article
from newscrawl.validation import invalid_reason
from tests.helpers import record_cases


def per_page_us(work: Callable[[], object], pages: int, repeat: int) -> float:
    rounds = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        rounds.append((time.perf_counter() - started) / pages * 1e6)
    return statistics.median(rounds)


def site_extraction(site: Site, pages: int, repeat: int) -> dict[str, Any]:
    """µs a page on ``pages`` article pages spread over the site: newscrawl's paths and trafilatura."""
    urls = site.article_urls()
    step = max(1, len(urls) // pages)
    sample = [(site.path_of(url).read_bytes(), url) for url in urls[::step][:pages]]

    def portal_path() -> None:
        for body, url in sample:
            extract_record(body, url)

    generic_host = [(body, url.replace("://", "://generic.", 1)) for body, url in sample]

    def generic_path() -> None:  # the same pages, on a host of no module: JSON-LD, metas, trafilatura
        for body, url in generic_host:
            process_page(body, url, with_links=False, assume_article=True)

    portal_path()  # warm caches (schema compilation, selector translation) once
    generic_path()
    figures: dict[str, Any] = {
        "extract_pages": len(sample),
        "extract_us_portal": round(per_page_us(portal_path, len(sample), repeat)),
        "extract_us_generic": round(per_page_us(generic_path, len(sample), repeat)),
        "extract_us_trafilatura": None,
        "trafilatura_over_portal": None,
    }
    try:
        import trafilatura
    except ImportError:
        return figures

    def trafilatura_path() -> None:  # with its metadata, as the generic path reads metadata too
        for body, _ in sample:
            trafilatura.extract(body, with_metadata=True)

    trafilatura_path()
    figures["extract_us_trafilatura"] = round(per_page_us(trafilatura_path, len(sample), repeat))
    figures["trafilatura_over_portal"] = round(
        figures["extract_us_trafilatura"] / figures["extract_us_portal"], 1
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    pages = [(case.html.read_bytes(), case.url) for case in record_cases()]
    decoded = [(decode_html(body)[1], url) for body, url in pages]
    raws = [PORTAL.extract(parse_html(html), url) for html, url in decoded]
    extract_record(*pages[0])  # warm caches (schema compilation) once

    def decode_all() -> None:
        for body, _ in pages:
            decode_html(body)

    def read_all() -> None:
        for html, url in decoded:
            PORTAL.extract(parse_html(html), url)

    def record_all() -> None:
        for raw in raws:
            invalid_reason(as_record(build_article(raw, FetchInfo(charset="utf-8"))))

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
