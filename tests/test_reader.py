"""Reading a dataset folder back (``newscrawl.analysis.reader``): the runs, and each kind of bad input
named with its path and reason while the rest is read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from newscrawl.analysis.reader import Problem, read_records, scan
from tests.helpers import read_jsonl


def copy(dataset: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(dataset, data)
    return data


def test_the_runs_of_a_dataset_are_found_with_their_manifests(dataset: Path) -> None:
    found = scan(dataset)
    assert found.problems == []
    assert [run.site for run in found.runs] == ["peoples_daily", "peoples_daily", "xinhua"]
    for run in found.runs:
        assert run.manifest is not None
        assert run.manifest["runId"] == run.run_id
        assert run.path("articles").is_file()
        assert run.folder.relative_to(dataset).parts == (
            run.site,
            f"{run.day:%Y}",
            f"{run.day:%m}",
            f"{run.day:%d}",
        )
    first = found.runs[0]
    problems: list[Problem] = []
    records = list(read_records(first.path("articles"), "articles", problems))
    assert problems == []
    assert records == read_jsonl(first.path("articles"))
    assert len(records) == first.manifest["articles"] > 0  # type: ignore[index]


def test_bad_input_is_named_and_the_rest_read(dataset: Path, tmp_path: Path) -> None:
    data = copy(dataset, tmp_path)
    runs = scan(data).runs
    pd_first, pd_second, xinhua = runs
    articles = pd_first.path("articles")
    lines = articles.read_bytes().splitlines(keepends=True)
    older = json.loads(lines[1])
    older["schemaVersion"] = "2"
    # a truncated last line, an older schema version, a line that is not JSON, one the schema refuses
    articles.write_bytes(
        lines[0]
        + json.dumps(older).encode()
        + b"\n"
        + b"{oops\n"
        + json.dumps({**json.loads(lines[2]), "headline": 7}).encode()
        + b"\n"
        + b"".join(lines[3:])
        + lines[0][:40]
    )
    pd_second.path("articles").unlink()  # a manifest without its data file
    xinhua.path("manifest").write_text("{not json", encoding="utf-8")  # an unreadable manifest
    hidden = pd_first.folder / f".{pd_first.run_id}x.articles.jsonl.part"
    hidden.write_bytes(lines[0])  # a run still writing

    found = scan(data)
    assert [run.run_id for run in found.runs] == [pd_first.run_id, xinhua.run_id]
    assert found.runs[1].manifest is None
    reasons = {(problem.path.name, problem.reason) for problem in found.problems}
    assert (
        pd_second.path("articles").name,
        f"a manifest without its articles file: run {pd_second.run_id} left out",
    ) in reasons
    assert (
        xinhua.path("manifest").name,
        "manifest unreadable (JSONDecodeError): run read without it",
    ) in reasons
    assert any(name == hidden.name and "still being written" in why for name, why in reasons)

    problems: list[Problem] = []
    records = list(read_records(articles, "articles", problems))
    assert [record["url"] for record in records] == [
        json.loads(line)["url"] for line in [lines[0], *lines[3:]]
    ]
    by_reason = {problem.reason: problem.lines for problem in problems}
    assert by_reason == {
        "schema version '2', this version of newscrawl reads '3'": 1,
        "not JSON": 1,
        "not valid: data.headline must be string": 1,
        f"truncated last line (a run still writing, or a cut copy) at line {len(lines) + 2}": 1,
    }
    assert all(problem.path == articles for problem in problems)


def test_an_unreadable_file_costs_only_itself(dataset: Path, tmp_path: Path) -> None:
    data = copy(dataset, tmp_path)
    run = scan(data).runs[0]
    run.path("articles").unlink()
    run.path("articles").mkdir()  # cannot be read as a file, whoever runs the test (root included)
    problems: list[Problem] = []
    assert list(read_records(run.path("articles"), "articles", problems)) == []
    assert len(problems) == 1
    assert "unreadable" in problems[0].reason


def test_a_folder_that_is_not_a_dataset_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "notes" / "misc" / "a" / "b").mkdir(parents=True)
    found = scan(tmp_path)
    assert found.runs == []
    assert [problem.reason for problem in found.problems] == [
        "not a <site>/<YYYY>/<MM>/<DD> folder: left out"
    ]
    assert scan(tmp_path / "absent").problems == [Problem(tmp_path / "absent", "not a folder")]


def test_a_schema_1_list_snapshot_reads_as_one_observation(tmp_path: Path) -> None:
    """Schema 1 wrote one snapshot per page and list: each is a snapshot of schema 2 seen on one page."""
    old = {
        "recordType": "listSnapshot",
        "schemaVersion": "1",
        "site": "peoples_daily",
        "listName": "Most Popular",
        "pageUrl": "http://en.people.cn/",
        "observedAt": "2026-11-26T03:45:12+00:00",
        "items": [{"rank": 1, "url": "http://en.people.cn/n3/2024/0104/c90000-20118289.html", "title": "A",
                   "articleId": "20118289"}],
    }  # fmt: skip
    path = tmp_path / "run.lists.jsonl"
    path.write_text(json.dumps(old) + "\n", encoding="utf-8")
    problems: list[Problem] = []
    [record] = read_records(path, "lists", problems)
    assert problems == []
    assert record == {**old, "schemaVersion": "2", "lastObservedAt": old["observedAt"], "pageCount": 1}
    assert list(record) == ["recordType", "schemaVersion", "site", "listName", "pageUrl", "observedAt",
                            "lastObservedAt", "pageCount", "items"]  # fmt: skip
