"""The record contract kept in step: item classes, JSON Schemas and docs/record.md list the same fields."""

from __future__ import annotations

import json
import re
from dataclasses import fields, replace

import pytest
from jsonschema import Draft7Validator
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.items import ArticleItem, ListSnapshotItem, as_record
from newscrawl.page import extract_record, process_page
from newscrawl.pipelines import BoundsPipeline, DedupePipeline
from newscrawl.spiders.peoples_daily import PeoplesDailySpider
from newscrawl.validation import SCHEMA_DIR, invalid_reason, load_schema
from tests.helpers import ROOT, record_cases

DOC = (ROOT / "docs" / "record.md").read_text(encoding="utf-8")


def documented(section: str) -> list[str]:
    part = DOC.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", part, re.M)


@pytest.mark.parametrize(
    ("item_class", "schema_file", "section"),
    [
        (ArticleItem, "article.schema.json", "Article record"),
        (ListSnapshotItem, "list_snapshot.schema.json", "List snapshot record"),
    ],
)
def test_item_schema_and_doc_agree(item_class: type, schema_file: str, section: str) -> None:
    names = [f.name for f in fields(item_class)]
    schema = json.loads((SCHEMA_DIR / schema_file).read_text(encoding="utf-8"))
    assert list(schema["properties"]) == names
    assert schema["required"] == names
    assert documented(section) == names


@pytest.mark.parametrize("record_type", ["article", "listSnapshot"])
def test_schemas_are_valid_draft_7(record_type: str) -> None:
    Draft7Validator.check_schema(load_schema(record_type))


def test_reference_validator_agrees_on_the_fixture_records() -> None:
    """The fast compiled validator is not more lenient than the reference implementation."""
    reference = Draft7Validator(load_schema("article"))
    for case in record_cases():
        record = as_record(extract_record(case.html.read_bytes(), case.url))
        assert list(reference.iter_errors(record)) == []
        assert invalid_reason(record) is None
        broken = {**record, "articleBody": "", "images": [{"url": "x"}]}
        assert list(reference.iter_errors(broken))
        assert invalid_reason(broken) is not None


def test_published_schema_path_is_the_package_schema() -> None:
    assert (ROOT / "schema" / "article.schema.json").read_text() == (
        SCHEMA_DIR / "article.schema.json"
    ).read_text()


def sample_record() -> ArticleItem:
    case = record_cases()[0]
    return extract_record(case.html.read_bytes(), case.url)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"headline": ""}, "invalid:headline"),
        ({"datePublished": "25 April 2013"}, "invalid:datePublished"),
        ({"authors": [{"name": ""}]}, "invalid:authors.0.name"),
        ({"contentHash": "abc"}, "invalid:contentHash"),
        ({"url": "about:blank"}, "invalid:url"),
    ],
)
def test_schema_names_the_offending_field(change: dict, reason: str) -> None:
    assert invalid_reason(as_record(replace(sample_record(), **change))) == reason


def test_record_missing_a_key_is_invalid() -> None:
    record = as_record(sample_record())
    del record["editors"]
    assert invalid_reason(record) == "invalid:editors"


# --- pipelines on hand-built items, with a real crawler's stats --------------------------------


def crawler_with_spider(**spider_args: str):
    crawler = get_crawler(PeoplesDailySpider)
    crawler.spider = PeoplesDailySpider.from_crawler(crawler, **spider_args)
    return crawler


def dropped_reason(pipeline, item) -> str:
    with pytest.raises(DropItem) as caught:
        pipeline.process_item(item)
    return str(caught.value)


def test_a_page_without_body_gives_its_reason_and_no_record() -> None:
    html = b"<html><body><div class='wb_12'><h1 id='p_title'>Relief</h1><div id='p_content'><p>&nbsp;</p></div></div></body></html>"
    page = process_page(html, "http://english.people.com.cn/90882/8221999.html")
    assert (page.record, page.reason) == (None, "empty_body")


def test_a_record_that_fails_its_schema_gives_the_field_as_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    import newscrawl.page as page_module

    build = page_module.build_article
    monkeypatch.setattr(
        page_module, "build_article", lambda raw, fetch: replace(build(raw, fetch), contentHash="x")
    )
    case = record_cases()[0]
    page = process_page(case.html.read_bytes(), case.url)
    assert (page.record, page.reason) == (None, "invalid:contentHash")


def test_dedupe_keeps_the_first_record_of_an_article() -> None:
    crawler = crawler_with_spider()
    pipeline = DedupePipeline(crawler)
    record = sample_record()
    assert pipeline.process_item(record) is record
    assert dropped_reason(pipeline, replace(record, url="http://english.peopledaily.com.cn/x")) == "duplicate"


def test_bounds_skip_records_before_since() -> None:
    crawler = crawler_with_spider(since="2020-01-01")
    record = sample_record()  # published 2013
    assert dropped_reason(BoundsPipeline(crawler), record) == "before_since"
    assert crawler.stats.get_value("newscrawl/skipped/before_since") == 1
