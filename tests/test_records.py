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
from newscrawl.pipelines import BoundsPipeline, IncrementalPipeline
from newscrawl.spiders.portals import SPIDERS
from newscrawl.validation import SCHEMA_DIR, invalid_reason, load_schema
from tests.helpers import ROOT, record_cases, without_crawl_time

PeoplesDailySpider = SPIDERS["peoples_daily"]

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


def test_one_record_per_article_and_version() -> None:
    crawler = crawler_with_spider()
    pipeline = IncrementalPipeline(crawler)
    record = sample_record()
    assert pipeline.process_item(record) is record
    assert (record.version, record.firstSeen) == (1, record.metadata["dateDownloaded"])
    pipeline.item_scraped(record, crawler.spider)
    assert dropped_reason(pipeline, replace(record, url="http://english.peopledaily.com.cn/x")) == "duplicate"
    edited = replace(record, contentHash="f" * 64)
    assert pipeline.process_item(edited) is edited
    assert (edited.version, edited.firstSeen) == (2, record.firstSeen)
    pipeline.store.close()


def test_bounds_skip_records_before_since() -> None:
    crawler = crawler_with_spider(since="2020-01-01")
    record = sample_record()  # published 2013
    assert dropped_reason(BoundsPipeline(crawler), record) == "before_since"
    assert crawler.stats.get_value("newscrawl/skipped/before_since") == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"editorsRaw": "(Editor:YaoChun\ufffd\ufffdGao Yinan)"}, "garbled:editorsRaw"),
        ({"headline": "Winter \ufffd\ufffd tourism"}, "garbled:headline"),
        ({"articleBody": "The CafÃ© reopened on Monday."}, "garbled:articleBody"),
        ({"articleBody": "â€œWe will,â€\x9d she said."}, "garbled:articleBody"),
        ({"authors": [{"name": "Ã‰mile Zola"}]}, "garbled:authors"),
    ],
)
def test_replacement_characters_and_mojibake_fail_validation(change: dict, reason: str) -> None:
    assert invalid_reason(as_record(replace(sample_record(), **change))) == reason


@pytest.mark.parametrize(
    "text",
    ["São Paulo’s “Two Sessions” – Señor Müller", "Émile Zola in Montréal", "Привет, 北京", "naïve café"],
)
def test_real_text_in_any_script_is_not_garbled(text: str) -> None:
    assert invalid_reason(as_record(replace(sample_record(), articleBody=text))) is None


def test_a_header_naming_the_wrong_charset_is_repaired_by_the_pages_declaration() -> None:
    case = next(c for c in record_cases() if c.name == "2013-cyber-security")  # GB2312 bytes, <meta> says so
    page = process_page(case.html.read_bytes(), case.url, {"Content-Type": "text/html; charset=utf-8"})
    assert page.record is not None
    assert page.charset == "gb18030"
    assert page.record.editorsRaw == "(Editor:YaoChun、Gao Yinan)"
    assert without_crawl_time(as_record(page.record)) == case.expected


def test_a_page_that_cannot_be_repaired_is_dropped_as_garbled() -> None:
    case = next(c for c in record_cases() if c.name == "2013-cyber-security")
    undeclared = case.html.read_bytes().replace(b"charset=GB2312", b"")  # nothing to repair it by
    page = process_page(undeclared, case.url, {"Content-Type": "text/html; charset=utf-8"})
    assert page.record is None
    assert page.reason == "garbled:editorsRaw"


def test_a_page_resaved_as_utf8_under_its_old_charset_declaration_is_read_as_utf8() -> None:
    case = next(c for c in record_cases() if c.name == "2013-cyber-security")  # <meta> says GB2312
    resaved = case.html.read_bytes().decode("gb18030").encode("utf-8")
    page = process_page(resaved, case.url)
    assert page.charset == "utf-8"
    assert page.record is not None
    expected = {**case.expected, "metadata": {**case.expected["metadata"], "charset": "utf-8"}}
    assert without_crawl_time(as_record(page.record)) == expected


def test_legacy_bytes_that_happen_to_be_ascii_keep_their_declared_charset() -> None:
    page = process_page(
        b"<html><head><meta charset='iso-8859-1'></head><body><p>plain</p></body></html>",
        "http://en.people.cn/90777/index.html",
    )
    assert page.charset == "cp1252"  # as the declaration says (w3lib reads latin-1 as its superset)
