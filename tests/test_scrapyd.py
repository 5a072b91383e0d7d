"""Scheduled runs under a real Scrapyd: the project deployed as an egg with scrapyd-deploy, a
``peoples_daily`` job scheduled through ``schedule.json`` against the fixture portal, its dataset read back.

The egg is the point: the job imports newscrawl from a zip file (Scrapyd appends the egg to ``sys.path``,
and the job's environment has no ``PYTHONPATH``; an editable install's finder only answers after the path
search), so whatever the package reads beside its modules must be package data read through
``importlib.resources``.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from newscrawl.fixture_server import FixtureServer
from newscrawl.validation import invalid_reason
from tests.helpers import ROOT, assert_crawled_records_match_cases, assert_lean_lists, read_jsonl

PROJECT = "newscrawl"
# What a build of the egg needs from the checkout: the package and the files setuptools reads.
BUILD_FILES = ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md")
# Scrapyd's own addresses go straight to it, whatever proxy the environment names.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


@dataclass
class Scrapyd:
    """A Scrapyd process started by the test, with its folders."""

    url: str
    home: Path
    process: subprocess.Popen[bytes]

    def get(self, endpoint: str, **query: str) -> dict[str, Any]:
        with DIRECT.open(f"{self.url}{endpoint}?{urlencode(query)}", timeout=30) as response:
            answer: dict[str, Any] = json.load(response)
        return answer

    def post(self, endpoint: str, form: list[tuple[str, str]]) -> dict[str, Any]:
        with DIRECT.open(f"{self.url}{endpoint}", data=urlencode(form).encode(), timeout=60) as response:
            answer: dict[str, Any] = json.load(response)
        return answer

    def log(self) -> str:
        """Scrapyd's own log and every job log, for a failing assertion to show."""
        logs = [self.home / "scrapyd.log", *sorted((self.home / "logs").rglob("*.log"))]
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}" for path in logs)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def write_config(home: Path, port: int) -> None:
    """Scrapyd reads ``scrapyd.conf`` in its working folder; HOME is the same folder, so no
    ``~/.scrapyd.conf`` of the machine's user overrides it."""
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\n"
        f"logs_dir = {home / 'logs'}\n"
        f"dbs_dir = {home / 'dbs'}\n"
        "items_dir =\n"
        "jobs_dir =\n"
        "max_proc = 1\n"
        "poll_interval = 0.5\n",
        encoding="utf-8",
    )


def scrapyd_environment(home: Path, proxy_url: str) -> dict[str, str]:
    """The environment of Scrapyd and so of its jobs: the fixture portal as their HTTP proxy, and no
    ``PYTHONPATH`` or settings module, so that the jobs run the egg's code with the egg's settings."""
    env = {k: v for k, v in os.environ.items() if k not in (*PROXY_VARIABLES, "PYTHONPATH")}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    return {**env, "HOME": str(home), "http_proxy": proxy_url}


def wait_until_up(scrapyd: Scrapyd, deadline: float) -> bool:
    while time.monotonic() < deadline and scrapyd.process.poll() is None:
        try:
            return bool(scrapyd.get("daemonstatus.json")["status"] == "ok")
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    return False


def start_scrapyd(home: Path, proxy_url: str) -> Scrapyd:
    """Scrapyd on a free port of 127.0.0.1, tried on a new port if another process took it first."""
    home.mkdir()
    for _ in range(3):
        port = free_port()
        write_config(home, port)
        with (home / "scrapyd.log").open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "scrapyd"],
                cwd=home,
                env=scrapyd_environment(home, proxy_url),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its jobs too are stopped with it, by process group
            )
        scrapyd = Scrapyd(f"http://127.0.0.1:{port}/", home, process)
        if wait_until_up(scrapyd, time.monotonic() + 30):
            return scrapyd
        stop(scrapyd)
    raise AssertionError(f"Scrapyd did not start\n{(home / 'scrapyd.log').read_text(errors='replace')}")


def stop(scrapyd: Scrapyd) -> None:
    """SIGTERM to Scrapyd's process group (Scrapyd and any job still running), SIGKILL if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(scrapyd.process.pid, sig)
        except ProcessLookupError:
            return
        try:
            scrapyd.process.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def scrapyd(fixture_server: FixtureServer, tmp_path: Path) -> Iterator[Scrapyd]:
    server = start_scrapyd(tmp_path / "scrapyd", fixture_server.proxy_url)
    try:
        yield server
    finally:
        stop(server)


def checkout_copy(destination: Path, scrapyd_url: str) -> Path:
    """The files an egg is built from, copied out of the checkout (the build's ``build/`` and
    ``*.egg-info`` stay out of it), with a deploy target ``test`` for this Scrapyd."""
    destination.mkdir()
    for name in BUILD_FILES:
        shutil.copy(ROOT / name, destination / name)
    shutil.copytree(
        ROOT / "newscrawl", destination / "newscrawl", ignore=shutil.ignore_patterns("__pycache__")
    )
    with (destination / "scrapy.cfg").open("a", encoding="utf-8") as cfg:
        cfg.write(f"\n[deploy:test]\nurl = {scrapyd_url}\nproject = {PROJECT}\n")
    return destination


def scrapyd_deploy(project_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``scrapyd-deploy`` (its console script runs scrapyd_client.deploy's main), as a user runs it."""
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    return subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", *args],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def wait_until_finished(scrapyd: Scrapyd, job: str, timeout: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        finished = {entry["id"]: entry for entry in scrapyd.get("listjobs.json", project=PROJECT)["finished"]}
        if job in finished:
            entry: dict[str, Any] = finished[job]
            return entry
        time.sleep(0.5)
    raise AssertionError(f"job {job} not finished in {timeout} s\n{scrapyd.log()}")


def test_scrapy_cfg_has_a_local_scrapyd_target() -> None:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "scrapy.cfg", encoding="utf-8")
    assert cfg["deploy:local"]["url"] == "http://127.0.0.1:6800/"
    assert cfg["deploy:local"]["project"] == PROJECT
    assert cfg["settings"]["default"] == "newscrawl.settings"


def test_egg_carries_the_schemas_and_the_settings_entry_point(tmp_path: Path) -> None:
    project_dir = checkout_copy(tmp_path / "project", "http://127.0.0.1:9/")
    egg = tmp_path / "newscrawl.egg"
    done = scrapyd_deploy(project_dir, "--build-egg", str(egg))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode()
    assert {"newscrawl/schema/article.schema.json", "newscrawl/schema/list_snapshot.schema.json"} <= names
    assert "[scrapy]\nsettings = newscrawl.settings" in entry_points


def run_files(data: Path) -> dict[str, Path]:
    """The dataset files a reader sees, by kind: one run's ``<runId>.<kind>`` in its day folder."""
    found = sorted(path for path in data.glob("peoples_daily/*/*/*/*") if not path.name.startswith("."))
    by_kind = {path.name.split(".", 1)[1]: path for path in found}
    assert len(by_kind) == len(found), found
    return by_kind


def test_a_job_scheduled_on_scrapyd_writes_the_whole_dataset(scrapyd: Scrapyd, tmp_path: Path) -> None:
    deployed = scrapyd_deploy(checkout_copy(tmp_path / "project", scrapyd.url), "test", "--version", "r1")
    assert deployed.returncode == 0, deployed.stderr + scrapyd.log()
    assert json.loads(deployed.stdout)["status"] == "ok", deployed.stdout

    data = tmp_path / "data"
    settings = {"NEWSCRAWL_DATA_DIR": str(data), "AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0"}
    form = [("project", PROJECT), ("spider", "peoples_daily"), ("jobid", "scheduled-1")]
    form += [("setting", f"{name}={value}") for name, value in settings.items()]
    scheduled = scrapyd.post("schedule.json", form)
    assert scheduled == {"node_name": scheduled.get("node_name"), "status": "ok", "jobid": "scheduled-1"}

    wait_until_finished(scrapyd, "scheduled-1")
    # Scrapyd says "Process finished" of a job that exited 0 (healthy), "Process died: exitstatus=N" otherwise.
    assert "Process finished: project='newscrawl' spider='peoples_daily' job='scheduled-1'" in scrapyd.log()
    files = run_files(data)
    assert sorted(files) == ["articles.jsonl", "lists.jsonl", "manifest.json"], scrapyd.log()
    manifest = json.loads(files["manifest.json"].read_text(encoding="utf-8"))
    assert manifest["runId"].endswith("-scheduled-1")  # the run is named by its Scrapyd job
    assert {path.name.split(".", 1)[0] for path in files.values()} == {manifest["runId"]}
    assert (manifest["healthy"], manifest["exitStatus"]) == (True, 0)

    records, snapshots = read_jsonl(files["articles.jsonl"]), read_jsonl(files["lists.jsonl"])
    assert_crawled_records_match_cases(records)
    assert (manifest["articles"], manifest["listSnapshots"]) == (len(records), len(snapshots))
    assert snapshots
    assert_lean_lists(snapshots, manifest)
    for record in records + snapshots:
        assert invalid_reason(record) is None, record.get("url") or record.get("pageUrl")
