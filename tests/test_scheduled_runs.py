"""``newscrawl run``: scheduled runs over the fixture portal, as cron would start them, for real.

Real subprocesses from a folder that is not the repository's, a real SQLite state store, real
signals (SIGKILL at several moments, SIGINT), and the fixture server's own log of what was fetched.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newscrawl.fixture_server import FIXTURES_DIR, FixtureServer, Site
from newscrawl.validation import invalid_reason
from tests.helpers import (
    CrawlRun,
    assert_crawled_records_match_cases,
    assert_lean_lists,
    list_pages,
    read_jsonl,
    record_cases,
)

FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=INFO"]


@dataclass
class Run:
    returncode: int
    stderr: str


def command(data: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "newscrawl.cli", "run", "peoples_daily", "--data", str(data), *FAST, *args]


def environment(proxy: str) -> dict[str, str]:
    env = {**os.environ, "http_proxy": proxy}
    for name in ("HTTP_PROXY", "SCRAPY_SETTINGS_MODULE"):
        env.pop(name, None)  # newscrawl run finds its settings itself
    return env


def run(proxy: str, data: Path, *args: str, cwd: Path) -> Run:
    done = subprocess.run(
        command(data, *args), env=environment(proxy), cwd=cwd, capture_output=True, text=True, timeout=120
    )
    return Run(done.returncode, done.stderr)


def start(proxy: str, data: Path, *args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(data, *args), env=environment(proxy), cwd=cwd, stderr=subprocess.PIPE, text=True
    )


def visible(data: Path, kind: str) -> list[Path]:
    """The files a reader watching the folder sees (not the hidden ones being written)."""
    return sorted(data.glob(f"peoples_daily/*/*/*/*.{kind}"))


def articles_in(data: Path) -> list[dict[str, Any]]:
    return [record for path in visible(data, "articles.jsonl") for record in read_jsonl(path)]


def manifests(data: Path) -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in visible(data, "manifest.json")]


def assert_whole_lines(data: Path) -> None:
    for path in visible(data, "articles.jsonl") + visible(data, "lists.jsonl"):
        raw = path.read_bytes()
        assert not raw or raw.endswith(b"\n"), path
        for line in raw.splitlines():
            json.loads(line)


def expected_urls() -> list[str]:
    return sorted(case.url for case in record_cases())


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder that is not the repository: newscrawl run works from any folder."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    return folder


def lists_in(data: Path, run_id: str = "") -> list[dict[str, Any]]:
    """The list snapshots of the data folder (of one run, given its id)."""
    paths = [path for path in visible(data, "lists.jsonl") if path.name.startswith(run_id)]
    return [snapshot for path in paths for snapshot in read_jsonl(path)]


def test_a_second_run_fetches_only_the_lists_and_writes_nothing_new(
    tmp_path: Path, elsewhere: Path, full_crawl: CrawlRun
) -> None:
    data = tmp_path / "data"
    with FixtureServer() as server:
        first = run(server.proxy_url, data, cwd=elsewhere)
        fetched_first = len(server.requests)
        second = run(server.proxy_url, data, cwd=elsewhere)
        fetched_second = [served.url for served in server.requests[fetched_first:]]
    assert first.returncode == 0, first.stderr[-3000:]
    assert second.returncode == 0, second.stderr[-3000:]
    first_manifest, second_manifest = sorted(manifests(data), key=lambda m: m["startedAt"] + m["runId"])
    records = articles_in(data)
    assert_crawled_records_match_cases(records)
    assert all(record["version"] == 1 and record["firstSeen"] for record in records)
    assert first_manifest["newArticles"] == len(expected_urls())
    assert (second_manifest["newArticles"], second_manifest["articles"]) == (0, 0)
    assert second_manifest["knownArticlesNotFetched"] > 0
    assert not set(fetched_second) & set(expected_urls()), second_manifest  # no article fetched again
    assert second_manifest["listSnapshots"] > 0  # the lists were: the ranking time series goes on
    for manifest in (first_manifest, second_manifest):  # each run: one snapshot per list and content
        assert_lean_lists(lists_in(data, manifest["runId"]), manifest)
    # The dataset run saw the lists the feed path (scrapy crawl -O) saw, on as many pages.
    assert list_pages(lists_in(data, first_manifest["runId"])) == list_pages(full_crawl.lists)
    assert "http://en.people.cn/" in fetched_second
    assert "newscrawl run" in second.stderr.splitlines()[-1]  # the summary line


def edited_copy(tmp_path: Path, case_name: str) -> Site:
    """The People's Daily fixture site with one article's text changed."""
    copy = tmp_path / "edited"
    shutil.copytree(FIXTURES_DIR / "peoples_daily", copy)
    page = copy / "articles" / f"{case_name}.html"
    html = page.read_bytes()
    marker = b"surnamed Liu.</p>"  # the body's last paragraph
    assert marker in html
    page.write_bytes(html.replace(marker, b"surnamed Liu. A sentence added later.</p>"))
    return Site.load(copy / "site.json")


def test_a_silent_edit_within_the_recheck_window_is_a_new_version(tmp_path: Path, elsewhere: Path) -> None:
    data = tmp_path / "data"
    case = next(c for c in record_cases() if c.name == "2024-winter-tourism")
    recheck = ["-s", "NEWSCRAWL_RECHECK_DAYS=100000"]  # every fixture article is "recent"
    with FixtureServer() as server:
        assert run(server.proxy_url, data, *recheck, cwd=elsewhere).returncode == 0
    with FixtureServer(extra=[edited_copy(tmp_path, case.name)]) as server:
        second = run(server.proxy_url, data, *recheck, cwd=elsewhere)
    assert second.returncode == 0, second.stderr[-3000:]
    versions = [r for r in articles_in(data) if r["articleId"] == case.expected["articleId"]]
    assert [r["version"] for r in versions] == [1, 2]
    assert versions[0]["firstSeen"] == versions[1]["firstSeen"]
    assert "A sentence added later." in versions[1]["articleBody"]
    manifest = max(manifests(data), key=lambda m: m["runId"] if m["updatedArticles"] else "")
    assert manifest["updatedArticles"] == 1
    assert manifest["unchangedArticles"] > 0  # the others were fetched again and not written


def test_a_run_killed_at_any_moment_resumes_and_writes_every_article_once(
    tmp_path: Path, elsewhere: Path, full_crawl: CrawlRun
) -> None:
    slow = ["-s", "CONCURRENT_REQUESTS=2", "-s", "NEWSCRAWL_CHECKPOINT_SECONDS=0.2"]
    for kill_after in (1.0, 2.5, 4.0):  # early, mid, late
        data = tmp_path / f"killed-at-{kill_after}"
        with FixtureServer(delay=0.08) as server:
            crawl = start(server.proxy_url, data, *slow, cwd=elsewhere)
            time.sleep(kill_after)
            crawl.send_signal(signal.SIGKILL)
            crawl.wait(timeout=30)
            assert crawl.returncode == -signal.SIGKILL, f"the run ended before {kill_after} s"
            assert visible(data, "articles.jsonl") == []  # nothing half-written in sight
            fetched_before = Counter(s.url for s in server.requests)
            resumed = run(server.proxy_url, data, *slow, cwd=elsewhere)
            fetched = Counter(s.url for s in server.requests)
        assert resumed.returncode == 0, resumed.stderr[-3000:]
        assert_whole_lines(data)
        assert not list(data.rglob("*.part"))
        records = articles_in(data)
        assert sorted(r["url"] for r in records) == expected_urls(), f"killed at {kill_after} s"
        assert_crawled_records_match_cases(records)
        for record in records:
            assert invalid_reason(record) is None
        # Every list and content the site shows, on as many pages as a clean run counts: the pages read
        # before the kill counted once, in the frontier the resumed run took up and wrote them from.
        assert list_pages(lists_in(data)) == list_pages(full_crawl.lists), f"killed at {kill_after} s"
        assert all(invalid_reason(snapshot) is None for snapshot in lists_in(data))
        again = sum(count - 1 for url, count in fetched.items() if fetched_before[url] and count > 1)
        assert again <= 12, f"{again} pages fetched again after a kill at {kill_after} s"  # in flight only
        [resumed_manifest] = [m for m in manifests(data) if "finishReason" in m]
        if kill_after > 2:  # past the first checkpoints: the killed run's frontier was taken up
            assert resumed_manifest["resumed"] is True
            assert resumed_manifest["foldedIn"]


def test_ctrl_c_ends_the_run_interrupted_and_the_next_run_finishes_it(
    tmp_path: Path, elsewhere: Path, full_crawl: CrawlRun
) -> None:
    data = tmp_path / "data"
    with FixtureServer(delay=0.08) as server:
        crawl = start(server.proxy_url, data, "-s", "CONCURRENT_REQUESTS=2", cwd=elsewhere)
        time.sleep(2.5)
        crawl.send_signal(signal.SIGINT)
        _, stderr = crawl.communicate(timeout=60)
        assert crawl.returncode == 3, stderr[-3000:]
        [interrupted] = manifests(data)
        assert interrupted["finishReason"] == "shutdown"
        assert_lean_lists(lists_in(data, interrupted["runId"]), interrupted)  # the lists seen so far
        assert interrupted["listSnapshots"] > 0
        finished = run(server.proxy_url, data, cwd=elsewhere)
    assert finished.returncode == 0, finished.stderr[-3000:]
    assert sorted(r["url"] for r in articles_in(data)) == expected_urls()
    # Each run wrote what it saw; together, every page's lists once.
    assert list_pages(lists_in(data)) == list_pages(full_crawl.lists)


def test_a_second_run_on_a_held_state_directory_exits_4_touching_nothing(
    tmp_path: Path, elsewhere: Path
) -> None:
    data = tmp_path / "data"
    state = data / ".state"
    state.mkdir(parents=True)
    with (state / "peoples_daily.lock").open("a+") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running run holds
        before = sorted(str(p) for p in data.rglob("*"))
        with FixtureServer() as server:
            second = run(server.proxy_url, data, cwd=elsewhere)
            fetched = server.requests
    assert second.returncode == 4
    assert len(second.stderr.strip().splitlines()) == 1
    assert "is held" in second.stderr
    assert sorted(str(p) for p in data.rglob("*")) == before
    assert fetched == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "max_articles=lots"], "max_articles must be a positive whole number"),
        (["-a", "colour=red"], "unknown spider argument 'colour'"),
        (["-s", "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS=maybe"], "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS"),
        (["-s", "LOG_LEVEL"], "is not NAME=VALUE"),
        (["-s", "NEWSCRAWL_RETRY_AFTER_MAX=abc"], "NEWSCRAWL_RETRY_AFTER_MAX must be a number of seconds"),
        (["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=0"], "CONCURRENT_REQUESTS_PER_DOMAIN must be a whole number"),
        (["-s", "NEWSCRAWL_CONTACT_URL=ops@example.org"], "did you mean NEWSCRAWL_CONTACT?"),
        (["-a", "start_urls=http://example.com/"], "is not on this spider's hosts"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    tmp_path: Path, elsewhere: Path, args: list[str], message: str
) -> None:
    done = run("http://127.0.0.1:9", tmp_path / "data", *args, cwd=elsewhere)
    assert done.returncode == 2
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_an_unknown_spider_and_an_unwritable_data_folder_exit_2(tmp_path: Path, elsewhere: Path) -> None:
    env = environment("http://127.0.0.1:9")
    unknown = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "run", "nosuch", "--data", str(tmp_path / "d")],
        env=env,
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert unknown.returncode == 2
    assert "unknown spider 'nosuch'" in unknown.stderr
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    unwritable = run("http://127.0.0.1:9", blocked / "data", cwd=elsewhere)
    assert unwritable.returncode == 2
    assert "--data" in unwritable.stderr
    assert len(unwritable.stderr.strip().splitlines()) == 1


def quiet_command(data: Path) -> list[str]:
    """As cron runs it: no -s LOG_LEVEL, so the run picks its own."""
    run = [sys.executable, "-m", "newscrawl.cli", "run", "peoples_daily", "--data", str(data)]
    return [*run, "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]


def test_under_cron_a_healthy_run_says_one_line(tmp_path: Path, elsewhere: Path) -> None:
    with FixtureServer() as server:
        done = subprocess.run(
            quiet_command(tmp_path / "data"),
            env=environment(server.proxy_url),
            cwd=elsewhere,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == ""
    [line] = done.stderr.strip().splitlines()  # no terminal: no progress, no log below ERROR
    assert line.startswith("newscrawl run ")
    assert f"{len(expected_urls())} new" in line
    assert "; healthy;" in line


def test_on_a_terminal_the_run_draws_its_progress(tmp_path: Path, elsewhere: Path) -> None:
    import pty

    with FixtureServer(delay=0.05) as server:
        leader, follower = pty.openpty()
        crawl = subprocess.Popen(
            quiet_command(tmp_path / "data"),
            env=environment(server.proxy_url),
            cwd=elsewhere,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=follower,
        )
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the run ended: the terminal closed
                break
            if not chunk:
                break
            seen += chunk
        crawl.wait(timeout=120)
        os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert crawl.returncode == 0, text[-3000:]
    assert "pages/s" in text  # the live line, redrawn as it ran
    assert " articles (" in text
    assert "newscrawl run " in text  # then the summary
