"""The records' JSON Lines exporter writes what Scrapy's writes; their CSV is flat (no Python reprs); the
log formatter's quiet lines."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.exporters import JsonLinesItemExporter
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.analysis.flat import SEPARATOR
from newscrawl.exporters import RecordCsvExporter, RecordJsonLinesExporter
from newscrawl.fixture_server import FixtureServer
from newscrawl.items import ListSnapshotItem
from newscrawl.logformatter import NewscrawlLogFormatter
from newscrawl.page import extract_record
from tests.helpers import assert_finished, crawl, record_cases


def exported(exporter_class: type[JsonLinesItemExporter], items: list, **options: object) -> bytes:
    out = io.BytesIO()
    exporter = exporter_class(out, **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return out.getvalue()


def sample_items() -> list:
    articles = [extract_record(case.html.read_bytes(), case.url) for case in record_cases()]
    snapshot = ListSnapshotItem(
        site="peoples_daily",
        listName="Most Popular",
        pageUrl="http://en.people.cn/",
        observedAt="2026-11-26T04:00:00+00:00",
        lastObservedAt="2026-11-26T04:20:00+00:00",
        pageCount=12,
        items=[
            {
                "rank": 1,
                "url": "http://en.people.cn/n3/2024/0104/c90000-20118289.html",
                "title": "Héllo “quoted”",
            }
        ],
    )
    return [*articles, snapshot]


@pytest.mark.parametrize("encoding", ["utf-8", None])
def test_records_are_written_byte_for_byte_as_scrapy_writes_them(
    encoding: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = sample_items()
    expected = exported(JsonLinesItemExporter, items, encoding=encoding)

    def field_by_field(*args: object) -> None:
        raise AssertionError("records take the one-call path")

    monkeypatch.setattr(RecordJsonLinesExporter, "get_serialized_fields", field_by_field)
    ours = exported(RecordJsonLinesExporter, items, encoding=encoding)
    assert ours == expected
    assert ours.count(b"\n") == len(items)


def test_exporter_options_take_scrapys_way() -> None:
    items = sample_items()[:2]
    options = {"encoding": "utf-8", "fields_to_export": ["url", "headline"]}
    ours = exported(RecordJsonLinesExporter, items, **options)
    assert ours == exported(JsonLinesItemExporter, items, **options)
    assert b'"articleBody"' not in ours


def test_csv_rows_are_flat() -> None:
    items = sample_items()
    rows = list(csv.DictReader(io.StringIO(exported(RecordCsvExporter, items[:-1]).decode("utf-8"))))
    assert len(rows) == len(items) - 1
    for row, item in zip(rows, items, strict=False):
        assert row["editors"] == SEPARATOR.join(editor["name"] for editor in item.editors)
        assert json.loads(row["metadata"]) == item.metadata
        assert row["version"] == "1"
        assert row["byline"] == (item.byline or "")
    snapshot = list(csv.DictReader(io.StringIO(exported(RecordCsvExporter, items[-1:]).decode("utf-8"))))
    assert json.loads(snapshot[0]["items"]) == items[-1].items


@pytest.mark.crawl
def test_scrapy_crawl_to_csv_writes_flat_rows(fixture_server: FixtureServer, tmp_path: Path) -> None:
    """``scrapy crawl -O x.csv`` beside ``-O articles.jsonl``: the same records, one flat row each."""
    run = crawl(fixture_server.proxy_url, tmp_path, "-O", str(tmp_path / "articles.csv"))
    assert_finished(run)
    text = (tmp_path / "articles.csv").read_text(encoding="utf-8")
    assert "{'" not in text  # no Python repr anywhere
    rows = {row["url"]: row for row in csv.DictReader(io.StringIO(text))}
    assert len(rows) == len(run.articles) > 40
    for record in run.articles:
        row = rows[record["url"]]
        assert row["authors"] == SEPARATOR.join(author["name"] for author in record["authors"])
        assert row["editors"] == SEPARATOR.join(editor["name"] for editor in record["editors"])
        assert row["keywords"] == SEPARATOR.join(record["keywords"])
        assert row["articleId"] == record["articleId"]
        assert row["datePublished"] == (record["datePublished"] or "")
        assert json.loads(row["metadata"]) == record["metadata"]
        assert json.loads(row["images"]) == record["images"]
    assert any(row["authors"] == "Zhang Mengxu" for row in rows.values())


@pytest.mark.parametrize(("level", "logged"), [("DEBUG", True), ("INFO", False), (logging.WARNING, False)])
def test_crawled_and_scraped_lines_are_made_only_at_debug(level: str | int, logged: bool) -> None:
    formatter = NewscrawlLogFormatter.from_crawler(get_crawler(settings_dict={"LOG_LEVEL": level}))
    response = HtmlResponse(
        "http://en.people.cn/", body=b"<html></html>", request=Request("http://en.people.cn/")
    )
    spider = Spider("s")
    assert (formatter.crawled(response.request, response, spider) is not None) is logged
    assert (formatter.scraped({"a": 1}, response, spider) is not None) is logged
