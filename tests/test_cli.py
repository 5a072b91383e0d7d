"""The ``newscrawl`` command: extract (files and ``--jsonl``), demo, and its argument errors."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet
import pytest

from newscrawl import cli
from newscrawl.portals import PORTALS
from newscrawl.portals.base import Portal
from tests.helpers import (
    ROOT,
    assert_crawled_records_match_cases,
    assert_lean_lists,
    canary,
    cases,
    read_jsonl,
    record_cases,
    without_crawl_time,
)


def newscrawl(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_extract_jsonl_gives_the_fixture_records(tmp_path: Path) -> None:
    requests = [{"id": case.name, "url": case.url, "html_path": str(case.html)} for case in cases()]
    done = newscrawl("extract", "--jsonl", stdin="".join(json.dumps(r) + "\n" for r in requests))
    assert done.returncode == 1, done.stderr  # two fixture pages give no record, by design
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == [case.name for case in cases()]
    for case, line in zip(cases(), lines, strict=True):
        line.pop("id")
        assert isinstance(line.pop("extract_seconds"), float)
        got = line if case.is_error else without_crawl_time(line)
        assert got == case.expected, case.name


def test_extract_jsonl_survives_bad_lines_and_pages(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"\xff\xfe<html><body><p>not a news page</p>")
    good = record_cases()[0]
    stdin = "\n".join(
        [
            "this is not json",
            json.dumps({"id": "missing", "url": None, "html_path": str(tmp_path / "nope.html")}),
            json.dumps(
                {
                    "id": "broken",
                    "url": "http://en.people.cn/n3/2024/0101/c90000-1.html",
                    "html_path": str(broken),
                }
            ),
            json.dumps({"id": "good", "url": good.url, "html_path": str(good.html)}),
            json.dumps({"id": "no-path"}),
        ]
    )
    done = newscrawl("extract", "--jsonl", stdin=stdin + "\n" + json.dumps([1]) + "\n")
    assert done.returncode == 1  # some lines gave no record: each says why
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line.get("id") for line in lines] == [None, "missing", "broken", "good", "no-path", None]
    assert lines[0]["error"] == "bad input line 1: not JSON (Expecting value)"
    assert lines[1]["error"].startswith("unreadable:")
    assert (
        lines[2]["error"] == "unrecognised_layout"
    )  # read as the page it was given as: no layout of its portal
    assert lines[3]["headline"] == good.expected["headline"]
    assert lines[4]["error"] == "bad input line 5: no html_path"
    assert lines[5]["error"] == "bad input line 6: not a JSON object"


def test_extract_jsonl_refuses_a_url_that_is_no_url() -> None:
    good = record_cases()[0]
    stdin = json.dumps({"id": "x", "url": "not-a-url", "html_path": str(good.html)}) + "\n"
    done = newscrawl("extract", "--jsonl", stdin=stdin)
    assert done.returncode == 1
    assert json.loads(done.stdout)["error"] == "bad input line 1: url 'not-a-url' is not an http(s) URL"


def test_extract_reads_a_page_from_stdin() -> None:
    case = record_cases()[0]
    done = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "extract", "--url", case.url, "-"],
        input=case.html.read_bytes(),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert without_crawl_time(json.loads(done.stdout)) == case.expected


@pytest.mark.parametrize("name", ["2024-winter-tourism", "2013-daily-life-quake"])
def test_extract_without_url_takes_the_pages_own_address_or_none(name: str) -> None:
    case = next(c for c in record_cases() if c.name == name)
    done = newscrawl("extract", str(case.html))
    record = json.loads(done.stdout)
    states_address = "canonicalUrl" in case.expected["metadata"]["fieldSources"]
    canonical = case.expected["canonicalUrl"] if states_address else None
    assert record["url"] == canonical
    assert record["canonicalUrl"] == canonical
    assert "file:" not in done.stdout
    for image, expected in zip(record["images"], case.expected["images"], strict=True):
        assert image["url"] in (None, expected["url"])  # a relative address stays unknown, never made up
    assert record["articleId"] == (case.expected["articleId"] if canonical else None)


def test_extract_of_a_page_decoded_wrongly_fails_with_the_garbled_field(tmp_path: Path) -> None:
    case = next(c for c in record_cases() if c.name == "2013-cyber-security")
    page = tmp_path / "page.html"
    page.write_bytes(case.html.read_bytes().replace(b"charset=GB2312", b"charset=utf-8"))
    done = newscrawl("extract", "--url", case.url, str(page))
    assert done.returncode == 1
    assert json.loads(done.stdout)["error"] == "garbled:editorsRaw"
    assert "garbled:editorsRaw" in done.stderr


def test_extract_files_prints_one_record_per_page(tmp_path: Path) -> None:
    first, second = record_cases()[:2]
    zipped = tmp_path / f"{second.name}.html.gz"
    zipped.write_bytes(gzip.compress(second.html.read_bytes()))
    done = newscrawl("extract", str(first.html), str(zipped))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["headline"] for r in records] == [first.expected["headline"], second.expected["headline"]]


def test_extract_with_url_matches_the_expected_record() -> None:
    case = record_cases()[0]
    done = newscrawl("extract", "--url", case.url, str(case.html))
    assert done.returncode == 0, done.stderr
    assert without_crawl_time(json.loads(done.stdout)) == case.expected


def test_extract_unreadable_file_is_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    case = record_cases()[0]
    missing = tmp_path / "missing.html"
    done = newscrawl("extract", str(missing), str(case.html))
    assert done.returncode == 1
    assert done.stderr.strip() == f"newscrawl extract: {missing}: unreadable: No such file or directory"
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[0] == {"file": str(missing), "error": "unreadable: No such file or directory"}
    assert lines[1]["headline"] == case.expected["headline"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the following arguments are required: command"),
        (["extract"], "give one or more FILE.html, or --jsonl"),
        (["extract", "--jsonl", "a.html"], "give FILEs or --jsonl, not both"),
        (
            ["extract", "--url", "http://en.people.cn/", "a.html", "b.html"],
            "--url goes with exactly one FILE",
        ),
        (["extract", "--colour", "x.html"], "unrecognized arguments: --colour"),
        (["extract", "--url", "not-a-url", "a.html"], "--url 'not-a-url' is not an http(s) URL"),
        (["extract", "-", "-"], "- (stdin) can be given once"),
        (["crawl"], "invalid choice: 'crawl'"),
        (["demo", "--out", "pyproject.toml"], "--out pyproject.toml is a file, not a folder"),
        (["demo", "--portal", "nope"], "--portal 'nope' is not a portal; known: peoples_daily"),
        (["portals", "--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: list[str], message: str) -> None:
    done = newscrawl(*args, cwd=ROOT)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert message in done.stderr
    assert done.stdout == ""


def test_demo_crawls_the_fixture_portal(tmp_path: Path) -> None:
    done = newscrawl("demo", "--out", "result", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "result"
    articles = read_jsonl(out / "articles.jsonl")
    assert_crawled_records_match_cases(articles)
    lists, report = read_jsonl(out / "lists.jsonl"), json.loads((out / "report.json").read_text())
    assert_lean_lists(lists, report)
    assert (
        f"list snapshots     {len(lists)} (one per list and content, of {report['listObservations']} lists "
        f"seen on pages, {report['emptyLists']['Latest News']} of them empty)"
    ) in done.stdout
    assert f"articles written   {len(articles)}" in done.stdout
    assert "dropped            empty_body 1" in done.stdout
    assert "health             healthy" in done.stdout
    assert "pages/s" in done.stdout


def test_demo_writes_the_dataset_its_parquet_export_and_report_page(tmp_path: Path) -> None:
    for attempt in (1, 2):  # a second demo starts afresh: the same records, not "every article known"
        done = newscrawl("demo", "--out", "result", cwd=tmp_path)
        assert done.returncode == 0, (attempt, done.stderr)
    out = tmp_path / "result"
    (articles_file,) = (out / "data" / "peoples_daily").glob("*/*/*/*.articles.jsonl")
    assert read_jsonl(articles_file) == read_jsonl(out / "articles.jsonl")
    table = pyarrow.parquet.read_table(out / "parquet" / "articles", partitioning="hive")
    assert sorted(table.column("url").to_pylist()) == sorted(
        r["url"] for r in read_jsonl(out / "articles.jsonl")
    )
    assert table.schema.field("articleId").type == pyarrow.string()
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 3
    assert f"Parquet export     result/parquet: {table.num_rows} articles" in done.stdout
    assert "report page        result/report.html" in done.stdout


# --- demo --portal and portals: every registered portal, from the registry ---------------------

WITH_FIXTURE_SITES = [name for name, portal in PORTALS.items() if cli.fixture_site(portal).is_file()]


@pytest.mark.parametrize("name", [name for name in WITH_FIXTURE_SITES if name != cli.DEMO_PORTAL])
def test_demo_crawls_each_portals_fixture_site(tmp_path: Path, name: str) -> None:
    done = newscrawl("demo", "--portal", name, "--out", "result", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    articles = read_jsonl(tmp_path / "result" / "articles.jsonl")
    assert_crawled_records_match_cases(articles, sites=(name,), spider=name)
    assert f"crawled the fixture {PORTALS[name].title} portal ({name})" in done.stdout
    assert f"articles written   {len(articles)}" in done.stdout
    assert f"health             {canary(1)}" in done.stdout  # each site's page in no known layout


def test_demo_portal_defaults_to_peoples_daily_and_is_passed_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crawled: list[tuple[Path, Portal]] = []
    monkeypatch.setattr(cli, "run_demo", lambda out, portal: crawled.append((out, portal)) or 0)
    assert cli.main(["demo", "--out", str(tmp_path)]) == 0
    assert cli.main(["demo", "--portal", "peoples_daily", "--out", str(tmp_path)]) == 0
    assert crawled == [(tmp_path, PORTALS["peoples_daily"])] * 2


class _Elsewhere(Portal):
    """A registered portal of the test's own, served from a fixture site in a temporary folder."""

    name = "elsewhere"
    title = "Elsewhere News"
    hosts = frozenset({"www.elsewhere.example"})
    start_urls = ("https://www.elsewhere.example/", "https://www.elsewhere.example/latest/")


def test_demo_takes_any_registered_portal_with_a_fixture_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portal = _Elsewhere()
    monkeypatch.setattr(cli, "PORTALS", {**PORTALS, portal.name: portal})
    monkeypatch.setattr(cli, "FIXTURES_DIR", tmp_path)
    assert cli.demo_portal_problem("elsewhere") == (
        "--portal 'elsewhere' has no fixture site (fixtures/elsewhere/site.json); portals with one: none"
    )
    site = tmp_path / "elsewhere" / "site.json"
    site.parent.mkdir()
    site.write_text(json.dumps({"routes": {"http://www.elsewhere.example/other/": {"file": "x.html"}}}))
    assert cli.demo_portal_problem("elsewhere") == (
        "--portal 'elsewhere': fixtures/elsewhere/site.json serves none of its start URLs"
    )
    # The fixture server answers plain HTTP: an https start URL is crawled from its http twin.
    site.write_text(json.dumps({"routes": {"http://www.elsewhere.example/": {"file": "front.html"}}}))
    assert cli.demo_portal_problem("elsewhere") is None
    assert cli.demo_start_urls(portal) == ["http://www.elsewhere.example/"]


def test_demo_start_urls_of_peoples_daily_are_its_own() -> None:
    assert cli.demo_start_urls(PORTALS["peoples_daily"]) == list(PORTALS["peoples_daily"].start_urls)


def test_portals_lists_hosts_layouts_and_sources_of_every_portal() -> None:
    done = newscrawl("portals", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    for name, portal in PORTALS.items():
        assert f"{name}: {portal.title}\n" in done.stdout
        expected = [*portal.hosts, *portal.start_urls, *portal.sitemaps, *portal.feeds]
        expected += [layout.qualified_name for layout in portal.layouts]
        assert all(text in done.stdout for text in expected), name
    assert "  fixtures   fixtures/peoples_daily (newscrawl demo --portal peoples_daily)\n" in done.stdout
    assert "peoples_daily.Layout2013: english.people.com.cn article pages, 2011–2013" in done.stdout
    assert done.stdout.endswith("(scrapy crawl generic)\n")


def test_portals_json() -> None:
    done = newscrawl("portals", "--json", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    listed = {portal["name"]: portal for portal in json.loads(done.stdout)["portals"]}
    assert list(listed) == list(PORTALS)
    for name, portal in PORTALS.items():
        assert listed[name]["hosts"] == sorted(portal.hosts)
        assert [layout["name"] for layout in listed[name]["layouts"]] == [
            layout.qualified_name for layout in portal.layouts
        ]
        assert (listed[name]["sitemaps"], listed[name]["feeds"]) == (
            list(portal.sitemaps),
            list(portal.feeds),
        )
    assert listed["peoples_daily"] == {
        "name": "peoples_daily",
        "title": "People's Daily Online English",
        "hosts": ["en.people.cn", "english.people.com.cn", "english.peopledaily.com.cn"],
        "layouts": [
            {
                "name": "peoples_daily.Layout2024",
                "about": "en.people.cn `/n3/` article pages, 2016 → today: the `div.w860.d2txtCon` box",
            },
            {
                "name": "peoples_daily.Layout2013",
                "about": "english.people.com.cn article pages, 2011–2013: `div.wb_12.wb_left` around `#p_content`",
            },
        ],
        "startUrls": ["http://en.people.cn/"],
        "sitemaps": [],
        "feeds": [
            "http://en.people.cn/rss/90000.xml",
            "http://en.people.cn/rss/90001.xml",
            "http://en.people.cn/rss/politics.xml",
            "http://english.people.com.cn/rss/World.xml",
        ],
        "timezone": "+08:00",
        "fixtureSite": "fixtures/peoples_daily",
    }


def test_extract_survives_a_corrupt_gzip_and_a_gzip_bomb(tmp_path: Path) -> None:
    corrupt, bomb = tmp_path / "corrupt.html.gz", tmp_path / "bomb.html.gz"
    corrupt.write_bytes(b"\x1f\x8b\x08\x00garbage that is no deflate stream")
    bomb.write_bytes(gzip.compress(b" " * (80 * 1024 * 1024)))
    case = record_cases()[0]
    done = newscrawl("extract", str(corrupt), str(bomb), str(case.html))
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line.get("error", "").split(":")[0] for line in lines] == ["unreadable", "unreadable", ""]
    assert lines[2]["headline"] == case.expected["headline"]


def test_extract_jsonl_refuses_stdin_as_a_page_path() -> None:
    done = newscrawl("extract", "--jsonl", stdin=json.dumps({"id": "x", "html_path": "-"}) + "\n")
    assert json.loads(done.stdout)["error"] == "bad input line 1: html_path - (stdin) is the input itself"
