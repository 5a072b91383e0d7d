"""``newscrawl report``: the text and the page from a real dataset folder, bad input named and counted,
and the page checked in a real headless Chromium: self-contained, each figure drawn from the data."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newscrawl.analysis import figures
from newscrawl.analysis.reader import list_snapshot_1_as_2, scan
from newscrawl.analysis.render import page, write_page
from newscrawl.analysis.report import TOP, build, observations
from newscrawl.cli import main
from newscrawl.portals import PORTALS
from tests.helpers import read_jsonl

CHROMIUM = Path("/usr/bin/chromium")  # Debian's (benchmarks/install-system-deps), never downloaded
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def copy(dataset: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(dataset, data)
    return data


def report_of(data: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str]:
    code = main(["report", str(data), *options])
    out, err = capsys.readouterr()
    return code, out, err


def day_block(out: str, site: str) -> list[str]:
    """The lines of a site's day block in the text report."""
    lines = out.splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith(f"{site}  "))
    end = next((number for number in range(start + 1, len(lines)) if not lines[number]), len(lines))
    return lines[start:end]


def row(block: list[str], first: str) -> list[str]:
    return next(line.split() for line in block if line.strip().startswith(first))


# --- the text ------------------------------------------------------------------------------


@pytest.mark.crawl
def test_the_text_says_per_site_and_day_what_the_runs_wrote(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = report_of(dataset, capsys)
    assert (code, err) == (0, "")
    runs = scan(dataset).runs
    for run in runs:
        manifest = run.manifest
        assert manifest is not None
        block = day_block(out, run.site)
        assert block[0] == f"{run.site}  {run.day}: {sum(r.site == run.site for r in runs)} run" + (
            "s" if run.site == "peoples_daily" else ""
        )
        cells = row(block, run.run_id)
        assert cells[3:11] == [
            str(manifest["newArticles"]),
            str(manifest["updatedArticles"]),
            str(manifest["unchangedArticles"]),
            str(manifest["knownArticlesNotFetched"]),
            str(len(read_jsonl(run.path("articles")))),
            str(len(read_jsonl(run.path("lists")))),
            str(sum(manifest["dropped"].values())),
            str(len(manifest["givenUp"])),
        ]
        assert cells[11] == ("healthy" if manifest["healthy"] else "UNHEALTHY")
    first, second, xinhua = runs
    assert first.manifest
    assert second.manifest
    assert xinhua.manifest
    peoples = day_block(out, "peoples_daily")
    assert row(peoples, "day")[1:9] == [
        str(first.manifest["newArticles"] + second.manifest["newArticles"]),
        "0",
        "0",
        str(second.manifest["knownArticlesNotFetched"]),
        str(len(read_jsonl(first.path("articles")))),
        str(len(read_jsonl(first.path("lists"))) + len(read_jsonl(second.path("lists")))),
        "2",
        "2",
    ]
    notes = "\n".join(peoples)
    assert "given up    http_404 2" in notes
    assert "dropped     empty_body 2" in notes
    # the second run wrote no article: the day's coverage is the first run's, thresholds beside it
    coverage = " ".join(line[14:] for line in peoples if line[2:13].strip() in ("coverage", ""))
    for name, least in PORTALS["peoples_daily"].health.min_coverage.items():
        share = first.manifest["coverage"][name]
        assert f"{name} {share:.0%} (min {least:.0%})" in coverage
    assert f"authors {first.manifest['coverage']['authors']:.0%}," in coverage
    unhealthy = next(line for line in day_block(out, "xinhua") if "unhealthy" in line)
    assert unhealthy.split(None, 1)[1] == f"{xinhua.run_id}: {'; '.join(xinhua.manifest['unhealthy'])}"


@pytest.mark.crawl
def test_an_interrupted_run_is_counted_from_its_records(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy(dataset, tmp_path)
    run = scan(data).runs[0]
    full = json.loads(run.path("manifest").read_text(encoding="utf-8"))
    minimal = {  # what newscrawl.dataset writes for a killed run it folds in
        "runId": run.run_id,
        "site": run.site,
        "status": "interrupted",
        "foldedInBy": "20991231T000000Z-later",
        "records": {"article": full["articles"], "listSnapshot": full["listSnapshots"]},
    }
    run.path("manifest").write_text(json.dumps(minimal), encoding="utf-8")
    report = build(data)
    facts = report.runs[0]
    assert (facts.ended, facts.healthy, facts.unchanged, facts.known) == ("interrupted", None, None, None)
    assert facts.new == full["newArticles"] > 0
    assert facts.coverage == full["coverage"]  # counted from the records: what the run itself counted
    assert facts.started == datetime.strptime(run.run_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    code, out, _ = report_of(data, capsys)
    assert code == 0
    assert row(day_block(out, "peoples_daily"), run.run_id)[2:] == [
        "interrupted",
        str(full["newArticles"]),
        "0",
        "-",
        "-",
        str(full["articles"]),
        str(full["listSnapshots"]),
        "0",
        "0",
        "not",
        "judged",
    ]


# --- bad input and bad arguments -------------------------------------------------------------


@pytest.mark.crawl
def test_damage_is_named_with_its_path_and_the_rest_reported(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy(dataset, tmp_path)
    first, second, xinhua = scan(data).runs
    articles = first.path("articles")
    lines = articles.read_bytes().splitlines(keepends=True)
    older = {**json.loads(lines[1]), "schemaVersion": "2"}
    articles.write_bytes(lines[0] + json.dumps(older).encode() + b"\n" + b"".join(lines[2:]) + lines[0][:50])
    second.path("articles").unlink()  # a manifest without its data file
    xinhua.path("lists").unlink()
    xinhua.path("lists").mkdir()  # unreadable, whoever runs the test (root included)
    first.path("lists").unlink()  # a data file missing beside its manifest
    page_path = tmp_path / "report.html"

    code, out, err = report_of(data, capsys, "--html", str(page_path))
    assert code == 1
    expected = [
        f"{articles}: schema version '2', this version of newscrawl reads '3' (1 line left out)",
        f"{articles}: truncated last line (a run still writing, or a cut copy) at line {len(lines) + 1}"
        " (1 line left out)",
        f"{second.path('articles')}: a manifest without its articles file: run {second.run_id} left out",
        f"{xinhua.path('lists')}: unreadable (Is a directory): the rest of the file left out",
        f"{first.path('lists')}: no lists file: the run's list snapshots left out",
    ]
    expected.sort(key=lambda line: line.split(": ", 1))  # by path, then reason
    assert err.splitlines() == [f"newscrawl report: {line}" for line in expected]
    assert out.splitlines()[0].endswith("; 5 problems left data out")
    assert out.split("left out for damage: 5\n", 1)[1].splitlines() == [f"  {line}" for line in expected]
    # the rest is reported: the damaged file's good records, the unreadable lists' run
    assert row(day_block(out, "peoples_daily"), first.run_id)[7] == str(len(lines) - 1)
    assert second.run_id not in out.split("left out for damage")[0]
    assert row(day_block(out, "xinhua"), xinhua.run_id)[7:9] == [str(xinhua.manifest["articles"]), "0"]  # type: ignore[index]
    html = page_path.read_text(encoding="utf-8")
    problems = html.split('<h2 id="problems">', 1)[1].split("<h2", 1)[0]
    assert problems.count("<li>") == 5
    for line in expected:
        path, why = line.split(": ", 1)
        assert f"<code>{path}</code>: {why.replace(chr(39), '&#x27;')}</li>" in problems


@pytest.mark.crawl
def test_a_run_still_being_written_is_reported_not_damage(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy(dataset, tmp_path)
    run = scan(data).runs[0]
    part = run.folder / ".20991231T000000Z-writing.articles.jsonl.part"
    part.write_bytes(run.path("articles").read_bytes()[:100])
    code, out, err = report_of(data, capsys)
    assert code == 0
    assert err == f"newscrawl report: {part}: run 20991231T000000Z-writing is still being written: left out\n"
    assert "still being written: 1\n" in out
    assert "nothing left out for damage" in out.splitlines()[0]


def test_bad_arguments_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    cases = {
        (str(tmp_path / "absent"),): f"DATA_DIR {tmp_path / 'absent'} does not exist",
        (str(tmp_path / "a-file"),): f"DATA_DIR {tmp_path / 'a-file'} is not a folder",
        (str(tmp_path / "data"), "--html", str(tmp_path)): f"--html {tmp_path} is a folder, not a file",
        (str(tmp_path / "data"), "--html", str(tmp_path / "a-file" / "r.html")): (
            f"--html {tmp_path / 'a-file' / 'r.html'}: the folder {tmp_path / 'a-file'} does not exist"
        ),
        (str(tmp_path / "data"), "--html", str(tmp_path / "no" / "r.html")): (
            f"--html {tmp_path / 'no' / 'r.html'}: the folder {tmp_path / 'no'} does not exist"
        ),
    }
    for arguments, message in cases.items():
        code = main(["report", *arguments])
        out, err = capsys.readouterr()
        assert (code, out, err) == (2, "", f"newscrawl report: error: {message}\n")


def test_an_empty_folder_reports_no_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page_path = tmp_path / "r.html"
    code, out, err = report_of(tmp_path, capsys, "--html", str(page_path))
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == "no runs found"
    assert "0 runs of 0 sites" in page_path.read_text(encoding="utf-8")


def test_the_page_replaces_the_old_one_whole(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    target.write_text("old", encoding="utf-8")
    write_page(target, "<p>new</p>\n")
    assert target.read_text(encoding="utf-8") == "<p>new</p>\n"
    assert [path.name for path in tmp_path.iterdir()] == ["r.html"]


# --- the ranked list ---------------------------------------------------------------------------


def snapshot(run: str, at: str, ranks: list[str], **v2: Any) -> dict[str, Any]:
    items = [
        {"rank": n, "url": f"http://x.example/{s}.html", "title": s, "articleId": s}
        for n, s in enumerate(ranks, 1)
    ]
    return {"runId": run, "observedAt": at, "items": items, **v2}


def test_one_observation_per_run_and_content_whatever_the_schema_version() -> None:
    eleven = [f"s{n}" for n in range(11)]
    v1 = [
        snapshot("r1", "2026-01-01T10:00:05+00:00", ["a", "b"]),
        snapshot("r1", "2026-01-01T10:00:01+00:00", ["a", "b"]),  # the same list on another page
        snapshot("r1", "2026-01-01T10:00:03+00:00", eleven),  # another content in the same run
        snapshot("r2", "2026-01-01T11:00:00+00:00", ["a", "b"]),
    ]
    v2 = [
        snapshot(
            "r1",
            "2026-01-01T10:00:01+00:00",
            ["a", "b"],
            lastObservedAt="2026-01-01T10:00:05+00:00",
            pageCount=2,
        ),
        snapshot(
            "r1", "2026-01-01T10:00:03+00:00", eleven, lastObservedAt="2026-01-01T10:00:03+00:00", pageCount=1
        ),
        snapshot(
            "r2",
            "2026-01-01T11:00:00+00:00",
            ["a", "b"],
            lastObservedAt="2026-01-01T11:00:00+00:00",
            pageCount=1,
        ),
    ]
    for records in ([list_snapshot_1_as_2(record) for record in v1], v2):  # as the reader reads v1
        seen = observations(records)
        assert [(o.run_id, o.first.second, o.last.second, o.pages) for o in seen] == [
            ("r1", 1, 5, 2),
            ("r1", 3, 3, 1),
            ("r2", 0, 0, 1),
        ]
        assert [entry.story for entry in seen[1].entries] == eleven[:TOP]
        assert [(entry.rank, entry.story) for entry in seen[2].entries] == [(1, "a"), (2, "b")]


@pytest.mark.crawl
def test_the_ranked_list_is_chosen_by_a_rule_not_a_portal(dataset: Path) -> None:
    report = build(dataset)
    assert report.ranked["peoples_daily"].name == "Most Popular"
    assert report.ranked["xinhua"].name is None  # its fixture site shows no most-popular list
    chosen = build(dataset, "latest news")
    assert chosen.ranked["xinhua"].name == "Latest News"
    assert chosen.ranked["peoples_daily"].name == "Latest News"
    assert "“Latest News”" in page(chosen)


# --- the page in a real browser ----------------------------------------------------------------


def expected_ranks(dataset: Path, site: str, name: str) -> set[tuple[str, int, int]]:
    """(story, observation, rank) of the top ranks, read from the raw list files: each content a run
    showed, once, at its first observation."""
    first_seen: dict[tuple[str, str], str] = {}
    for run in scan(dataset).runs:
        if run.site != site:
            continue
        for record in read_jsonl(run.path("lists")):
            if record["listName"] == name:
                content = json.dumps(
                    [(i["rank"], i["articleId"] or i["url"]) for i in record["items"] if i["rank"] <= TOP]
                )
                key = (run.run_id, content)
                first_seen[key] = min(first_seen.get(key, record["observedAt"]), record["observedAt"])
    order = sorted(first_seen, key=lambda key: (datetime.fromisoformat(first_seen[key]), key[0]))
    return {
        (figures.gid(str(story)), index, rank)
        for index, (_, content) in enumerate(order)
        for rank, story in json.loads(content)
    }


@pytest.fixture(scope="module")
def browser_page(
    dataset: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, list[str], str]]:
    """The report page of the dataset open in headless Chromium; every request it made is recorded."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), "Debian's chromium is missing: run benchmarks/install-system-deps"
    folder = tmp_path_factory.mktemp("page")
    target = folder / "report.html"
    assert main(["report", str(dataset), "--html", str(target)]) == 0
    requests: list[str] = []
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(folder / "profile"),  # a fresh user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 900},
        )
        context.route("**/*", lambda route: _only_the_file(route, requests, target.as_uri()))
        browser = context.new_page()
        browser.goto(target.as_uri())
        browser.wait_for_load_state("load")
        yield browser, requests, target.as_uri()
        context.close()


def _only_the_file(route: Any, requests: list[str], allowed: str) -> None:
    requests.append(route.request.url)
    if route.request.url == allowed:
        route.continue_()
    else:
        route.abort()


def boxes(browser: Any, prefix: str, inner: str = "") -> dict[str, dict[str, float]]:
    """Element id → its box on screen (centre x, y; width, height), for ids starting with ``prefix``;
    with ``inner``, the boxes of those elements inside it (``use``: a line's markers, as lists)."""
    return browser.evaluate(  # type: ignore[no-any-return]
        """([prefix, inner]) => {
            const box = (e) => { const r = e.getBoundingClientRect();
                return {x: r.x + r.width / 2, y: r.y + r.height / 2, width: r.width, height: r.height,
                        top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
            const found = {};
            for (const e of document.querySelectorAll(`[id^="${prefix}"]`)) {
                found[e.id] = inner ? [...e.querySelectorAll(inner)].map(box) : box(e);
            }
            return found;
        }""",
        [prefix, inner],
    )


@pytest.mark.crawl
def test_the_page_is_self_contained_and_every_figure_renders(
    browser_page: tuple[Any, list[str], str],
) -> None:
    browser, requests, uri = browser_page
    assert requests == [uri]  # nothing fetched but the file itself
    sizes = browser.evaluate(
        "[...document.querySelectorAll('figure svg')].map(s => s.getBoundingClientRect())"
    )
    assert len(sizes) == 3
    assert all(size["width"] > 300 and size["height"] > 150 for size in sizes)
    assert browser.evaluate("document.querySelectorAll('script, link, img, iframe, object').length") == 0
    text = browser.inner_text("body")
    assert "peoples_daily: “Most Popular”" in text
    assert "xinhua: no list matching." in text


@pytest.mark.crawl
def test_the_bars_are_the_article_counts(dataset: Path, browser_page: tuple[Any, list[str], str]) -> None:
    browser, _, _ = browser_page
    counts: dict[str, int] = {}
    for run in scan(dataset).runs:
        bar = figures.gid("volume-bar", run.site, run.day.isoformat())
        counts[bar] = counts.get(bar, 0) + len(read_jsonl(run.path("articles")))
    bars = boxes(browser, "volume-bar--")
    assert set(bars) == set(counts)
    axes = boxes(browser, "volume-axes")["volume-axes"]
    per_article = {bar: bars[bar]["height"] / count for bar, count in counts.items()}
    assert max(per_article.values()) - min(per_article.values()) < 0.01 * max(per_article.values())
    assert all(abs(box["bottom"] - axes["bottom"]) < 1 for box in bars.values())  # standing on 0


def _value(y: float, axes: dict[str, float], limits: tuple[float, float]) -> float:
    """The data value at screen height ``y`` in an axes whose y limits are ``limits`` (bottom, top)."""
    bottom, top = limits
    return bottom + (axes["bottom"] - y) / (axes["bottom"] - axes["top"]) * (top - bottom)


@pytest.mark.crawl
def test_thresholds_and_coverage_are_where_the_values_are(
    dataset: Path, browser_page: tuple[Any, list[str], str]
) -> None:
    browser, _, _ = browser_page
    runs = scan(dataset).runs
    for site in ("peoples_daily", "xinhua"):
        axes = boxes(browser, figures.gid("coverage-axes", site))[figures.gid("coverage-axes", site)]
        span = figures.COVERAGE_LIMITS[1] - figures.COVERAGE_LIMITS[0]
        tolerance = span / (axes["bottom"] - axes["top"])  # a pixel
        thresholds = boxes(browser, figures.gid("threshold", site) + "--")
        health = PORTALS[site].health.min_coverage
        assert set(thresholds) == {figures.gid("threshold", site, name) for name in health}
        site_runs = [run for run in runs if run.site == site]
        for name, least in health.items():
            line = thresholds[figures.gid("threshold", site, name)]
            assert line["width"] > 0.9 * (axes["right"] - axes["left"])
            assert _value(line["y"], axes, figures.COVERAGE_LIMITS) == pytest.approx(least, abs=tolerance)
            markers = boxes(browser, figures.gid("coverage-line", site, name), "use")
            points = markers[figures.gid("coverage-line", site, name)]
            written = [run for run in site_runs if run.manifest and run.manifest["articles"]]
            assert len(points) == len(written)  # a run that wrote no article has no point
            for point, run in zip(points, written, strict=True):
                assert run.manifest is not None
                share = run.manifest["coverage"][name]
                assert _value(point["y"], axes, figures.COVERAGE_LIMITS) == pytest.approx(
                    share, abs=tolerance
                )


@pytest.mark.crawl
def test_the_bump_chart_has_exactly_the_top_ranks_of_the_snapshots(
    dataset: Path, browser_page: tuple[Any, list[str], str]
) -> None:
    browser, _, _ = browser_page
    expected = expected_ranks(dataset, "peoples_daily", "Most Popular")
    observed = len({index for _, index, _ in expected})
    assert observed >= 2
    assert len(expected) > TOP
    axes = boxes(browser, "ranks-axes--peoples_daily")["ranks-axes--peoples_daily"]
    lines = boxes(browser, "rank-line--peoples_daily--", "use")
    left, right = figures.runs_xlim(observed)
    drawn = set()
    for line_id, points in lines.items():
        story = line_id.removeprefix("rank-line--peoples_daily--")
        for point in points:
            index = left + (point["x"] - axes["left"]) / (axes["right"] - axes["left"]) * (right - left)
            rank = _value(point["y"], axes, figures.RANK_LIMITS)
            assert abs(index - round(index)) < 0.02
            assert abs(rank - round(rank)) < 0.02
            drawn.add((story, round(index), round(rank)))
    assert drawn == expected
    assert len(lines) == len({story for story, _, _ in expected})  # one line per story
    assert boxes(browser, "rank-line--xinhua--") == {}


# --- the benchmark's dataset ---------------------------------------------------------------------


@pytest.mark.crawl
def test_the_benchmark_spreads_the_runs_over_days(dataset: Path, tmp_path: Path) -> None:
    from benchmarks.report import spread_over_days, timed

    spread_over_days(dataset, tmp_path / "spread", 3)
    original, spread = build(dataset), build(tmp_path / "spread")
    assert spread.problems == []
    assert len({facts.run.run_id for facts in spread.runs}) == len(spread.runs) == 3 * len(original.runs)
    assert sorted(
        {facts.run.day.toordinal() - original.runs[0].run.day.toordinal() for facts in spread.runs}
    ) == [0, 1, 2]
    most_popular = spread.ranked["peoples_daily"].observations
    assert len(most_popular) == 3 * len(original.ranked["peoples_daily"].observations)
    assert [seen.first for seen in most_popular] == sorted(seen.first for seen in most_popular)
    figures_ = timed(tmp_path / "spread", repeat=1)
    assert figures_["runs"] == len(spread.runs)
    assert figures_["articles"] == 3 * sum(facts.articles for facts in original.runs)
    assert figures_["page_bytes"] > 0
