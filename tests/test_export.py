"""``newscrawl export``: the typed tables of a real dataset folder (two People's Daily runs, one Xinhua
run), read back with real pyarrow, DuckDB and pandas, the README's queries run as printed there and
their answers checked against the JSON Lines; incremental runs, bad input and bad arguments."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newscrawl.analysis.arrow_schema import INSTANT, LOCAL, PARTITIONS, WALL_CLOCK, tables
from newscrawl.analysis.fields import duckdb_columns, field_type, record_fields
from newscrawl.analysis.reader import UPGRADES, scan
from newscrawl.items import LIST_SNAPSHOT_SCHEMA_VERSION
from newscrawl.state import record_key
from newscrawl.validation import load_schema, validator
from tests.helpers import ROOT, read_jsonl


def export(data: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newscrawl.cli", "export", str(data), "--out", str(out), *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def records(data: Path, kind: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(site, runId, record) of every line of the dataset's ``kind`` files, oldest run first."""
    found = []
    for run in scan(data).runs:
        path = run.path(kind)
        found += [(run.site, run.run_id, record) for record in (read_jsonl(path) if path.exists() else [])]
    return found


def last_observed(snapshot: dict[str, Any]) -> str:
    """A version-1 snapshot was observed once: last when first."""
    return str(snapshot.get("lastObservedAt", snapshot["observedAt"]))


def latest(data: Path) -> dict[str, dict[str, Any]]:
    """The highest version of each article, by its record key."""
    best: dict[str, dict[str, Any]] = {}
    for _, _, record in records(data, "articles"):
        key = record_key(record)
        if key not in best or record["version"] > best[key]["version"]:
            best[key] = record
    return best


@pytest.fixture(scope="module")
def exported(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "export"
    done = export(dataset, out)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "3 runs written" in done.stdout
    return out


# --- the schema ----------------------------------------------------------------------------------


def test_every_schema_property_has_a_column_of_its_type() -> None:
    articles, list_items = tables()
    for table, fields in ((articles, record_fields("article")), (list_items, record_fields("listSnapshot"))):
        columns = {column.name: column.type for column in table.columns}
        properties = dict(fields)
        if table is list_items:
            items = properties.pop("items").items
            assert items is not None
            properties |= dict(items.fields)
        for name, field in properties.items():
            if name in PARTITIONS:
                continue  # from the folder names: site=…/date=…
            assert name in columns, f"{table.name} has no column for {name}"
            if field.kind == "printed_time":
                assert (columns[name], columns[name + LOCAL]) == (INSTANT, WALL_CLOCK)
        assert set(columns) - set(properties) <= {"runId", "recordKey", *(n + LOCAL for n in properties)}
    types = {column.name: column.type for column in articles.columns}
    for name in ("articleId", "schemaVersion", "contentHash", "recordKey", "runId"):
        assert types[name] == pa.string()
    assert types["version"] == pa.int64()
    assert types["firstSeen"] == INSTANT
    assert types["editors"] == pa.list_(
        pa.field("item", pa.struct([pa.field("name", pa.string(), False)]), False)
    )
    metadata = types["metadata"]
    assert metadata.field("dateDownloaded").type == INSTANT
    assert metadata.field("httpStatus").type == pa.int64()
    assert metadata.field("fieldSources").type == pa.string()  # free-form: JSON text
    assert types["dateline"].field("date").type == pa.date32()
    items = {column.name: column.type for column in list_items.columns}
    assert (items["rank"], items["pageCount"], items["articleId"]) == (pa.int64(), pa.int64(), pa.string())
    assert (items["observedAt"], items["lastObservedAt"]) == (INSTANT, INSTANT)


def test_a_schema_construct_without_an_analysis_type_stops_the_derivation() -> None:
    with pytest.raises(ValueError, match="type list"):
        field_type({"type": ["string", "integer"]})
    with pytest.raises(ValueError, match="oneOf"):
        field_type({"oneOf": [{"type": "string"}, {"type": "integer"}]})


def test_version_1_list_snapshots_read_as_version_2_losing_nothing() -> None:
    upgrade = UPGRADES[("listSnapshot", "1")]
    snapshot = {
        "recordType": "listSnapshot",
        "schemaVersion": "1",
        "site": "peoples_daily",
        "listName": "Most Popular",
        "pageUrl": "http://en.people.cn/",
        "observedAt": "2026-12-02T04:35:12+00:00",
        "items": [{"rank": 1, "url": "http://en.people.cn/a.html", "title": "A", "articleId": "1"}],
    }
    upgraded = upgrade(snapshot)
    assert list(upgraded) == [
        "recordType",
        "schemaVersion",
        "site",
        "listName",
        "pageUrl",
        "observedAt",
        "lastObservedAt",
        "pageCount",
        "items",
    ]
    assert upgraded == {
        **snapshot,
        "schemaVersion": "2",
        "lastObservedAt": snapshot["observedAt"],
        "pageCount": 1,
    }
    if LIST_SNAPSHOT_SCHEMA_VERSION == "2":  # once the schema is at version 2, the upgrade is valid
        validator("listSnapshot")(upgraded)


# --- the Parquet tables ---------------------------------------------------------------------------


def test_every_record_is_a_row_with_its_values_typed(dataset: Path, exported: Path) -> None:
    articles, list_items = tables()
    files = sorted((exported / "articles").rglob("*.parquet"))
    assert [f.relative_to(exported).parts[:3] for f in files] == [
        ("articles", "site=peoples_daily", f"date={scan(dataset).runs[0].day}"),
        ("articles", "site=xinhua", f"date={scan(dataset).runs[2].day}"),
    ]  # the second People's Daily run wrote no article: no file
    for path in files:
        assert pq.read_schema(path).remove_metadata() == articles.schema
    table = pq.read_table(exported / "articles")  # hive partitions: site, date
    rows = {(row["runId"], row["recordKey"]): row for row in table.to_pylist()}
    expected = records(dataset, "articles")
    assert len(rows) == table.num_rows == len(expected) == 60
    for site, run_id, record in expected:
        row = rows[(run_id, record_key(record))]
        assert row["site"] == site
        for name in (
            "articleId",
            "headline",
            "schemaVersion",
            "contentHash",
            "version",
            "byline",
            "keywords",
        ):
            assert row[name] == record[name]
        assert row["editors"] == record["editors"]
        printed = datetime.fromisoformat(record["datePublished"])
        assert row["datePublished"] == printed  # the same instant
        assert row["datePublishedLocal"] == printed.replace(tzinfo=None)  # the wall clock as printed
        assert row["dateModified"] is None
        assert row["dateModifiedLocal"] is None
        assert row["firstSeen"] == datetime.fromisoformat(record["firstSeen"])
        metadata = row["metadata"]
        assert metadata["dateDownloaded"] == datetime.fromisoformat(record["metadata"]["dateDownloaded"])
        assert json.loads(metadata["fieldSources"]) == record["metadata"]["fieldSources"]
        assert metadata["httpStatus"] == record["metadata"]["httpStatus"] == 200
        if record["dateline"] is not None:
            assert row["dateline"]["date"].isoformat() == record["dateline"]["date"]
    entries = pq.read_table(exported / "list_items")
    assert entries.schema.remove_metadata().field("rank").type == pa.int64()
    expected_items = [
        (
            run_id,
            snapshot["listName"],
            datetime.fromisoformat(snapshot["observedAt"]),
            datetime.fromisoformat(last_observed(snapshot)),
            snapshot.get("pageCount", 1),  # a version-1 snapshot: one page
            item["rank"],
            item["url"],
            item["articleId"],
        )
        for _, run_id, snapshot in records(dataset, "lists")
        for item in snapshot["items"]
    ]
    names = ("runId", "listName", "observedAt", "lastObservedAt", "pageCount", "rank", "url", "articleId")
    got = [tuple(row[name] for name in names) for row in entries.to_pylist()]
    assert sorted(got, key=str) == sorted(expected_items, key=str)
    assert list(list_items.schema.names) == entries.schema.names[: len(list_items.schema)]


def test_a_printed_time_without_an_offset_keeps_its_wall_clock_and_no_instant() -> None:
    articles = tables()[0]
    columns = {column.name: column for column in articles.columns}
    row = {"datePublished": "2026-11-30T09:15:00"}  # the generic path: no offset printed, none invented
    assert columns["datePublished"].cell(row) is None
    assert columns["datePublishedLocal"].cell(row) == datetime(2026, 11, 30, 9, 15)


# --- the README's queries, with real DuckDB and pandas ----------------------------------------------


def readme_blocks(language: str) -> list[str]:
    """The fenced ``language`` blocks of the README's export section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Typed tables: `newscrawl export`", 1)[1].split("\n### What the runs did", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


def readme_query(title: str) -> str:
    (query,) = [block for block in readme_blocks("sql") if block.startswith(f"-- {title}")]
    return query


def in_folder_with(tmp_path: Path, dataset: Path, exported: Path) -> Path:
    """A folder where the README's ``data`` and ``export`` are the dataset and its export."""
    (tmp_path / "data").symlink_to(dataset)
    (tmp_path / "export").symlink_to(exported)
    return tmp_path


@pytest.fixture
def duck(exported: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute((exported / "views.sql").read_text(encoding="utf-8"))
    return connection


def test_the_views_read_the_parquet_files_with_their_types(
    duck: duckdb.DuckDBPyConnection, exported: Path
) -> None:
    views = (exported / "views.sql").read_text(encoding="utf-8")
    assert f"read_parquet('{exported}/articles/**/*.parquet', hive_partitioning = true" in views
    types = dict(duck.execute("SELECT column_name, column_type FROM (DESCRIBE articles)").fetchall())
    assert types["articleId"] == types["schemaVersion"] == types["site"] == "VARCHAR"
    assert types["datePublished"] == types["firstSeen"] == "TIMESTAMP WITH TIME ZONE"
    assert types["datePublishedLocal"] == "TIMESTAMP"
    assert types["version"] == "BIGINT"
    assert types["date"] == "DATE"
    assert types["editors"] == 'STRUCT("name" VARCHAR)[]'
    items = dict(duck.execute("SELECT column_name, column_type FROM (DESCRIBE list_items)").fetchall())
    assert (items["articleId"], items["rank"], items["observedAt"]) == (
        "VARCHAR",
        "BIGINT",
        "TIMESTAMP WITH TIME ZONE",
    )


def test_articles_per_day_per_site(duck: duckdb.DuckDBPyConnection, dataset: Path) -> None:
    answer = duck.execute(readme_query("articles per day per site")).fetchall()
    expected = Counter((r["site"], r["datePublished"][:10]) for r in latest(dataset).values())
    assert [(site, day.isoformat(), count) for site, day, count in answer] == sorted(
        (site, day, count) for (site, day), count in expected.items()
    )
    assert sum(count for *_, count in answer) == 60


def test_top_editors(duck: duckdb.DuckDBPyConnection, dataset: Path) -> None:
    answer = duck.execute(readme_query("top editors")).fetchall()
    counts = Counter(editor["name"] for r in latest(dataset).values() for editor in r["editors"])
    assert answer == sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:10]
    assert answer[0] == ("Liang Jun", 18)


def test_how_long_a_story_stays_in_most_popular(duck: duckdb.DuckDBPyConnection, dataset: Path) -> None:
    answer = duck.execute(readme_query('how long a story stays in "Most Popular"')).fetchall()
    seen: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"at": [], "runs": set(), "ranks": []})
    for site, run_id, snapshot in records(dataset, "lists"):
        if snapshot["listName"] == "Most Popular":
            for item in snapshot["items"]:
                entry = seen[(site, item["articleId"])]
                entry["at"] += [
                    datetime.fromisoformat(t) for t in (snapshot["observedAt"], last_observed(snapshot))
                ]
                entry["runs"].add(run_id)
                entry["ranks"].append(item["rank"])
    headlines = {(r["site"], r["articleId"]): r["headline"] for r in latest(dataset).values()}
    expected = {
        key: (
            headlines.get(key),
            min(e["at"]),
            max(e["at"]),
            max(e["at"]) - min(e["at"]),
            len(e["runs"]),
            min(e["ranks"]),
        )
        for key, e in seen.items()
    }
    assert {(site, article): tuple(rest) for site, article, *rest in answer} == expected
    assert [row[6] for row in answer] == sorted((row[6] for row in answer), reverse=True)  # most runs first
    assert max(row[6] for row in answer) == 2  # both People's Daily runs saw a story there
    assert sum(row[2] is not None for row in answer) > 0  # the join on articleId finds the articles


def test_articles_join_list_items_on_article_id(duck: duckdb.DuckDBPyConnection, dataset: Path) -> None:
    joined = duck.execute("SELECT count(*) FROM list_items JOIN articles USING (site, articleId)").fetchone()
    per_key = Counter((r["site"], r["articleId"]) for _, _, r in records(dataset, "articles"))
    expected = sum(
        per_key[(site, item["articleId"])] for site, _, s in records(dataset, "lists") for item in s["items"]
    )
    assert joined == (expected,)
    assert expected > 100


def test_duckdb_reads_the_raw_jsonl_with_the_documented_columns(
    dataset: Path, exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = readme_query("raw JSON Lines")
    assert duckdb_columns("article") in query  # what --duckdb-columns prints, so it cannot drift
    printed = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "export", "--duckdb-columns", "articles"],
        capture_output=True,
        text=True,
    )
    assert printed.returncode == 0
    assert printed.stdout.strip() == duckdb_columns("article")
    monkeypatch.chdir(in_folder_with(tmp_path, dataset, exported))
    result = duckdb.execute(query)
    types = [str(column[1]) for column in result.description]
    # site, articleId, datePublished as printed; editors; metadata.dateDownloaded an instant
    assert types == ["VARCHAR", "VARCHAR", "VARCHAR", 'STRUCT("name" VARCHAR)[]', "TIMESTAMP WITH TIME ZONE"]
    rows = result.fetchall()
    expected = records(dataset, "articles")
    assert sorted((site, article_id, published) for site, article_id, published, *_ in rows) == sorted(
        (site, r["articleId"], r["datePublished"]) for site, _, r in expected
    )
    lists = duckdb.execute(
        f"SELECT listName, items FROM read_json('data/*/*/*/*/*.lists.jsonl', format = 'newline_delimited', "
        f"columns = {duckdb_columns('listSnapshot')})"
    ).fetchall()
    assert len(lists) == len(records(dataset, "lists"))
    assert all(isinstance(item["articleId"], str | None) for _, items in lists for item in items)


def test_pandas_loads_the_tables_and_the_raw_jsonl_as_the_readme_says(
    dataset: Path, exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(in_folder_with(tmp_path, dataset, exported))
    namespace: dict[str, Any] = {}
    for block in readme_blocks("python"):
        exec(block, namespace)
    articles, list_items, popular, raw = (namespace[n] for n in ("articles", "list_items", "popular", "raw"))
    assert pd.api.types.is_string_dtype(articles["articleId"])
    assert pd.api.types.is_string_dtype(list_items["articleId"])
    assert str(articles["datePublished"].dtype) == "datetime64[us, UTC]"
    assert str(articles["datePublishedLocal"].dtype) == "datetime64[us]"
    assert str(articles["version"].dtype) == "int64"
    assert len(articles) == 60
    most_popular = [
        (site, item["articleId"])
        for site, _, s in records(dataset, "lists")
        if s["listName"] == "Most Popular"
        for item in s["items"]
    ]
    per_key = Counter((r["site"], r["articleId"]) for _, _, r in records(dataset, "articles"))
    assert len(popular) == sum(per_key[key] for key in most_popular) > 0
    assert pd.api.types.is_string_dtype(raw["articleId"])
    assert pd.api.types.is_string_dtype(raw["schemaVersion"])
    assert pd.api.types.is_string_dtype(raw["dateModified"])  # always null: not float64
    assert sorted(raw["articleId"]) == sorted(r["articleId"] for _, _, r in records(dataset, "articles"))
    assert set(raw["schemaVersion"]) == {"3"}


# --- incremental ---------------------------------------------------------------------------------


def copy(dataset: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(dataset, data, ignore=shutil.ignore_patterns(".state"))
    return data


def parquet_files(out: Path) -> dict[Path, int]:
    """Every table file of the export, with its inode (a file rewritten is a new inode)."""
    return {path.relative_to(out): path.stat().st_ino for path in sorted(out.glob("*/*/*/*.parquet"))}


def test_a_grown_dataset_adds_only_its_new_runs(dataset: Path, tmp_path: Path) -> None:
    data, out = copy(dataset, tmp_path), tmp_path / "export"
    xinhua = tmp_path / "later"
    shutil.move(data / "xinhua", xinhua)
    first = export(data, out)
    assert first.returncode == 0, first.stderr
    assert "2 runs written" in first.stdout
    before = parquet_files(out)
    assert len(before) == 3  # PD run 1: articles and list items; PD run 2: list items only
    shutil.move(xinhua, data / "xinhua")
    second = export(data, out)
    assert second.returncode == 0, second.stderr
    assert "1 run written, 2 unchanged: 14 articles" in second.stdout
    after = parquet_files(out)
    assert {path: inode for path, inode in after.items() if path in before} == before  # not rewritten
    assert len(after) == 5
    state = json.loads((out / "_export.json").read_text(encoding="utf-8"))
    assert len(state["runs"]) == 3
    # A file touched but not changed is not written again; one changed is, in place, atomically.
    run = scan(data).runs[0]
    articles = run.path("articles")
    os.utime(articles, ns=(1, 1))
    assert "0 runs written, 3 unchanged" in export(data, out).stdout
    assert parquet_files(out) == after
    lines = articles.read_bytes().splitlines(keepends=True)
    articles.write_bytes(b"".join(lines[:10]))
    third = export(data, out)
    assert "1 run written, 2 unchanged: 10 articles" in third.stdout
    table = pq.read_table(out / "articles")
    assert table.num_rows == 10 + 14
    assert not list(out.rglob("*.part"))


def test_a_stale_temporary_file_is_never_read_and_is_cleared(
    exported: Path, tmp_path: Path, dataset: Path
) -> None:
    out = tmp_path / "export"
    shutil.copytree(exported, out)
    folder = next((out / "articles").glob("*/*"))
    stale = folder / ".20261202T000000Z-dead.parquet.99999.part"
    stale.write_bytes(b"PAR1 half a table")
    assert pq.read_table(out / "articles").num_rows == 60  # hidden: no reader takes it
    done = export(dataset, out)
    assert done.returncode == 0
    assert not stale.exists()


# --- bad input and bad arguments -------------------------------------------------------------------


def test_bad_input_is_reported_with_its_path_and_the_rest_exported(dataset: Path, tmp_path: Path) -> None:
    data, out = copy(dataset, tmp_path), tmp_path / "export"
    pd_first, pd_second, xinhua = scan(data).runs
    truncated = pd_first.path("articles")
    lines = truncated.read_bytes().splitlines(keepends=True)
    truncated.write_bytes(b"".join(lines[:-1]) + lines[-1][:50])  # a truncated last line
    older = xinhua.path("lists")
    older.write_text(
        "".join(json.dumps({**r, "schemaVersion": "0"}) + "\n" for r in read_jsonl(older)), encoding="utf-8"
    )  # a file of an older schema version
    pd_second.path("lists").unlink()
    pd_second.path("articles").unlink()  # a manifest without its data file
    unreadable = xinhua.path("articles")
    unreadable.unlink()
    unreadable.mkdir()  # a file that cannot be read (whoever runs the test, root included)
    writing = pd_first.folder / ".20261202T235959Z-0000beef.articles.jsonl.part"
    writing.write_bytes(lines[0])  # a run still being written

    done = export(data, out)
    assert done.returncode == 1
    problems = done.stderr.splitlines()
    assert all(line.startswith("newscrawl export: ") for line in problems)
    said = "\n".join(problems)
    assert (
        f"{truncated}: truncated last line (a run still writing, or a cut copy) at line {len(lines)}" in said
    )
    assert (
        f"{older}: schema version '0', this version of newscrawl reads '{LIST_SNAPSHOT_SCHEMA_VERSION}' ({len(read_jsonl(xinhua.path('lists')))} lines left out)"
        in said
    )
    assert f"{pd_second.path('articles')}: a manifest without its articles file" in said
    assert f"{unreadable}: unreadable" in said
    assert f"{writing}: run 20261202T235959Z-0000beef is still being written" in said
    assert len(problems) == 5
    assert "4 problems: something left out" in done.stdout
    table = pq.read_table(out / "articles")
    assert table.num_rows == len(lines) - 1  # the rest of the file
    assert set(table.column("site").to_pylist()) == {"peoples_daily"}
    assert pq.read_table(out / "list_items").num_rows == sum(
        len(s["items"]) for s in read_jsonl(pd_first.path("lists"))
    )
    assert not list(out.rglob("*.part"))
    # Damaged runs are read again until mended: their problems come back, the clean ones do not move.
    again = export(data, out)
    assert again.returncode == 1
    assert sorted(again.stderr.splitlines()) == sorted(problems)


def test_a_run_still_being_written_is_reported_but_is_no_damage(dataset: Path, tmp_path: Path) -> None:
    data = copy(dataset, tmp_path)
    run = scan(data).runs[0]
    (run.folder / ".20261202T235959Z-0000beef.articles.jsonl.part").write_bytes(b'{"recordType": "art')
    done = export(data, tmp_path / "export")
    assert done.returncode == 0, done.stderr
    assert "still being written" in done.stderr
    assert done.stdout.rstrip().endswith("clean")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["{tmp}/absent", "--out", "{tmp}/export"], "DATA_DIR {tmp}/absent is not a folder"),
        (
            ["{data}", "--out", "{tmp}/export", "--format", "xlsx"],
            "--format 'xlsx' is not one of parquet, csv",
        ),
        (
            ["{data}", "--out", "{tmp}/file/export"],
            "--out {tmp}/file/export cannot be written: Not a directory",
        ),
        (["{data}", "--out", "{data}/export"], "--out {data}/export is inside DATA_DIR {data}"),
        (["{data}"], "give --out DIR"),
        (["--out", "{tmp}/export"], "give DATA_DIR"),
        (["--duckdb-columns", "pages"], "--duckdb-columns 'pages': give articles or lists"),
    ],
)
def test_a_bad_argument_exits_2_with_one_line(
    dataset: Path, tmp_path: Path, arguments: list[str], message: str
) -> None:
    (tmp_path / "file").write_text("not a folder")
    fill = {"tmp": str(tmp_path), "data": str(dataset)}
    command = [sys.executable, "-m", "newscrawl.cli", "export", *(a.format(**fill) for a in arguments)]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert message.format(**fill) in done.stderr
    assert not (tmp_path / "export").exists()
    assert not (dataset / "export").exists()


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_is_flat_names_joined_nested_fields_json(dataset: Path, exported: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    done = export(dataset, out, "--format", "csv")
    assert done.returncode == 0, done.stderr
    with (out / "articles.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = records(dataset, "articles")
    assert len(rows) == len(expected)
    article_fields = [name for name, _ in record_fields("article")]
    assert list(rows[0]) == ["runId", "recordKey", *article_fields]
    by_key = {(row["runId"], row["recordKey"]): row for row in rows}
    for _, run_id, record in expected:
        row = by_key[(run_id, record_key(record))]
        assert row["articleId"] == record["articleId"]
        assert row["editors"] == "; ".join(editor["name"] for editor in record["editors"])
        assert row["authors"] == "; ".join(author["name"] for author in record["authors"])
        assert row["keywords"] == "; ".join(record["keywords"])
        assert row["datePublished"] == record["datePublished"]
        assert row["dateModified"] == ""
        assert row["version"] == str(record["version"])
        assert json.loads(row["metadata"]) == record["metadata"]
        assert json.loads(row["images"]) == record["images"]
        assert (json.loads(row["dateline"]) if row["dateline"] else None) == record["dateline"]
    text = (out / "articles.csv").read_text(encoding="utf-8")
    assert "{'" not in text  # never a Python repr
    with (out / "list_items.csv").open(encoding="utf-8", newline="") as handle:
        items = list(csv.DictReader(handle))
    assert len(items) == pq.read_table(exported / "list_items").num_rows
    assert list(items[0])[-4:] == ["rank", "url", "title", "articleId"]
    assert sorted(row["pageCount"] for row in items) == sorted(
        str(snapshot.get("pageCount", 1))
        for _, _, snapshot in records(dataset, "lists")
        for _ in snapshot["items"]
    )


def test_the_record_schema_files_are_the_ones_derived_from() -> None:
    for record_type in ("article", "listSnapshot"):
        assert [name for name, _ in record_fields(record_type)] == list(
            load_schema(record_type)["properties"]
        )


def test_every_column_is_documented() -> None:
    doc = (ROOT / "docs" / "record.md").read_text(encoding="utf-8").split("## Export tables", 1)[1]
    doc = doc.split("\n## ", 1)[0]
    for table in tables():
        part = doc.split(f"`{table.name}`: one row per", 1)[1]
        documented = re.findall(r"^\| `(\w+)` \|", part.split("\n\n", 2)[1], re.M)
        assert documented == [*table.schema.names, *PARTITIONS]


def test_an_export_that_cannot_write_stops_with_one_line_and_leaves_no_half_file(
    dataset: Path, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    (out / "list_items").mkdir(parents=True)
    (out / "list_items" / "site=peoples_daily").write_text("a file where a folder goes")
    done = export(dataset, out)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "could not be written" in done.stderr
    assert not (out / "_export.json").exists()  # nothing recorded: the next export does it all again
    assert not list(out.rglob("*.part"))
    for path in out.rglob("*.parquet"):
        pq.read_table(path)  # each file there is whole
