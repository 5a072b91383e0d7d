"""Settings checked at start (newscrawl.checks): the table's checkers, and ``scrapy crawl`` exiting 2 with one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

import newscrawl.settings
from newscrawl.checks import CHECKS, SettingError, check_settings
from tests.helpers import crawl


def project_settings(**values: object) -> Settings:
    settings = Settings()
    settings.setmodule(newscrawl.settings, priority="project")
    for name, value in values.items():
        settings.set(name, value, priority="cmdline")
    return settings


def test_the_project_defaults_pass() -> None:
    check_settings(project_settings())


def test_every_newscrawl_setting_of_the_project_has_a_check() -> None:
    ours = {name for name in vars(newscrawl.settings) if name.startswith("NEWSCRAWL_")}
    assert ours <= set(CHECKS)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "NEWSCRAWL_RETRY_AFTER_MAX",
            "abc",
            "NEWSCRAWL_RETRY_AFTER_MAX must be a number of seconds (0 or more), not 'abc'",
        ),
        (
            "NEWSCRAWL_RETRY_AFTER_MAX",
            "-1",
            "NEWSCRAWL_RETRY_AFTER_MAX must be a number of seconds (0 or more)",
        ),
        ("NEWSCRAWL_RETRY_AFTER_MAX", "inf", "NEWSCRAWL_RETRY_AFTER_MAX must be a number"),
        (
            "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS",
            "maybe",
            "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS must be True or False",
        ),
        (
            "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS",
            "",
            "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS must be True or False",
        ),
        (
            "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS",
            "2",
            "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS must be True or False",
        ),
        (
            "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS",
            7,
            "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS must be True or False",
        ),
        (
            "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS",
            ["True"],
            "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS must be True or False",
        ),
        (
            "NEWSCRAWL_CONTACT",
            "me",
            "NEWSCRAWL_CONTACT must be an e-mail address or an http(s) URL, not 'me'",
        ),
        (
            "NEWSCRAWL_CONTACT",
            "ftp://example.org/",
            "NEWSCRAWL_CONTACT must be an e-mail address or an http(s) URL",
        ),
        ("NEWSCRAWL_CONTACT", "https://example.org/a bot", "NEWSCRAWL_CONTACT must be an e-mail address"),
        ("NEWSCRAWL_CONTACT", "ops@example.org)", "NEWSCRAWL_CONTACT must be an e-mail address"),
        ("NEWSCRAWL_GC_THRESHOLDS", "fast", "NEWSCRAWL_GC_THRESHOLDS must be 1 to 3 whole numbers"),
        ("NEWSCRAWL_GC_THRESHOLDS", "1,2,3,4", "NEWSCRAWL_GC_THRESHOLDS must be 1 to 3 whole numbers"),
        ("NEWSCRAWL_GC_THRESHOLDS", "-5", "NEWSCRAWL_GC_THRESHOLDS must be 1 to 3 whole numbers"),
        ("CONCURRENT_REQUESTS", "abc", "CONCURRENT_REQUESTS must be a whole number of 0 or more, not 'abc'"),
        (
            "CONCURRENT_REQUESTS_PER_DOMAIN",
            "0",
            "CONCURRENT_REQUESTS_PER_DOMAIN must be a whole number of 1 or more",
        ),
        ("CONCURRENT_REQUESTS_PER_DOMAIN", "2.5", "CONCURRENT_REQUESTS_PER_DOMAIN must be a whole number"),
        (
            "CONCURRENT_REQUESTS_PER_IP",
            "-1",
            "CONCURRENT_REQUESTS_PER_IP must be a whole number of 0 or more",
        ),
        ("CONCURRENT_ITEMS", "0", "CONCURRENT_ITEMS must be a whole number of 1 or more"),
        ("DOWNLOAD_DELAY", "x", "DOWNLOAD_DELAY must be a number of seconds (0 or more), not 'x'"),
        ("DOWNLOAD_DELAY", "-1", "DOWNLOAD_DELAY must be a number of seconds (0 or more)"),
        ("DOWNLOAD_TIMEOUT", "0", "DOWNLOAD_TIMEOUT must be a number of seconds (more than 0)"),
        ("AUTOTHROTTLE_ENABLED", "maybe", "AUTOTHROTTLE_ENABLED must be True or False, not 'maybe'"),
        ("AUTOTHROTTLE_START_DELAY", "x", "AUTOTHROTTLE_START_DELAY must be a number of seconds"),
        ("AUTOTHROTTLE_MAX_DELAY", "nan", "AUTOTHROTTLE_MAX_DELAY must be a number of seconds"),
        (
            "AUTOTHROTTLE_TARGET_CONCURRENCY",
            "0",
            "AUTOTHROTTLE_TARGET_CONCURRENCY must be a number (more than 0)",
        ),
        ("ROBOTSTXT_OBEY", "maybe", "ROBOTSTXT_OBEY must be True or False"),
        ("RETRY_TIMES", "-1", "RETRY_TIMES must be a whole number of 0 or more"),
        ("RETRY_TIMES", "x", "RETRY_TIMES must be a whole number of 0 or more"),
        ("DOWNLOAD_MAXSIZE", "big", "DOWNLOAD_MAXSIZE must be a whole number"),
        ("CLOSESPIDER_TIMEOUT", "x", "CLOSESPIDER_TIMEOUT must be a number of seconds"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'LOUD'"),
        ("USER_AGENT", "bot\r\nX-Injected: 1", "USER_AGENT must be one line of text"),
        ("USER_AGENT", "", "USER_AGENT must be one line of text"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_setting(name: str, value: object, message: str) -> None:
    with pytest.raises(SettingError) as raised:
        check_settings(project_settings(**{name: value}))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS", True),
        ("NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS", "True"),
        ("NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS", "false"),
        ("NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS", "1"),
        ("NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS", 0),
        ("NEWSCRAWL_CONTACT", "ops@example.org"),
        ("NEWSCRAWL_CONTACT", "mailto:ops@example.org"),
        ("NEWSCRAWL_CONTACT", "https://example.org/about-our-crawler"),
        ("NEWSCRAWL_GC_THRESHOLDS", ""),
        ("NEWSCRAWL_GC_THRESHOLDS", "700"),
        ("NEWSCRAWL_GC_THRESHOLDS", " 50000, 20, 100 "),
        ("NEWSCRAWL_RETRY_AFTER_MAX", "0"),
        ("NEWSCRAWL_RETRY_AFTER_MAX", 30.5),
        ("CONCURRENT_REQUESTS", "0"),  # Scrapy's "no limit but the per-host one"
        ("DOWNLOAD_DELAY", "0.25"),
        ("LOG_LEVEL", "debug"),
        ("LOG_LEVEL", 10),
        ("FEEDS", '{"stdout:": {"format": "jsonl"}}'),
        ("NEWSCRAWL_LISTS_FEED", "s3://bucket/lists.jsonl"),  # not a local file: not checked here
    ],
)
def test_good_values_pass(name: str, value: object) -> None:
    check_settings(project_settings(**{name: value}))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("NEWSCRAWL_CONTACT_URL", "unknown setting NEWSCRAWL_CONTACT_URL; did you mean NEWSCRAWL_CONTACT?"),
        (
            "NEWSCRAWL_RETRY_AFTER",
            "unknown setting NEWSCRAWL_RETRY_AFTER; did you mean NEWSCRAWL_RETRY_AFTER_MAX?",
        ),
        ("NEWSCRAWL_XYZZY", "unknown setting NEWSCRAWL_XYZZY; known: NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS, "),
    ],
)
def test_an_unknown_newscrawl_setting_is_a_typo(name: str, message: str) -> None:
    with pytest.raises(SettingError, match=message.replace("?", r"\?")):
        check_settings(project_settings(**{name: "x"}))


# --- output paths ------------------------------------------------------------------------------


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("not a folder")
    return path


@pytest.mark.parametrize("name", ["NEWSCRAWL_REPORT_FILE", "NEWSCRAWL_LISTS_FEED", "LOG_FILE"])
def test_an_output_file_that_cannot_be_created_is_refused(name: str, a_file: Path) -> None:
    with pytest.raises(
        SettingError, match=f"{name}: {a_file}/out.json cannot be created, {a_file} is a file"
    ):
        check_settings(project_settings(**{name: str(a_file / "out.json")}))


def test_an_output_file_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingError, match=f"NEWSCRAWL_REPORT_FILE: {tmp_path} is a folder, not a file"):
        check_settings(project_settings(NEWSCRAWL_REPORT_FILE=str(tmp_path)))


def test_a_jobdir_that_is_a_file_is_refused(a_file: Path) -> None:
    with pytest.raises(SettingError, match=f"JOBDIR: {a_file} is a file, not a folder"):
        check_settings(project_settings(JOBDIR=str(a_file)))


@pytest.mark.parametrize(
    "uri",
    ["{a_file}/articles.jsonl", "file://{a_file}/articles.jsonl", "{a_file}/%(name)s/%(time)s.jsonl"],
)
def test_a_feed_that_cannot_be_written_is_refused(uri: str, a_file: Path) -> None:
    feeds = {uri.format(a_file=a_file): {"format": "jsonlines"}}
    with pytest.raises(SettingError, match=f"the output .*{a_file}.* cannot be created, {a_file} is a file"):
        check_settings(project_settings(FEEDS=feeds))


def test_outputs_in_folders_yet_to_be_made_pass(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    check_settings(
        project_settings(
            FEEDS={
                f"{deep}/%(name)s/articles.jsonl": {"format": "jsonlines"},
                "stdout:": {"format": "jsonl"},
            },
            NEWSCRAWL_REPORT_FILE=str(deep / "report.json"),
            NEWSCRAWL_LISTS_FEED=f"file://{deep}/lists.jsonl",
            JOBDIR=str(deep / "job"),
            NEWSCRAWL_DATA_DIR=str(deep / "data"),
        )
    )
    assert not (tmp_path / "a").exists()  # checked, nothing made


# --- the crawl command: exit status 2 and one line, before anything starts ----------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-s", "NEWSCRAWL_RETRY_AFTER_MAX=abc"], "NEWSCRAWL_RETRY_AFTER_MAX must be a number of seconds"),
        (
            ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=0"],
            "CONCURRENT_REQUESTS_PER_DOMAIN must be a whole number of 1",
        ),
        (["-s", "AUTOTHROTTLE_ENABLED=maybe"], "AUTOTHROTTLE_ENABLED must be True or False"),
        (["-s", "NEWSCRAWL_CONTACT_URL=ops@example.org"], "did you mean NEWSCRAWL_CONTACT?"),
        (["-s", "NEWSCRAWL_CONTACT=ops"], "NEWSCRAWL_CONTACT must be an e-mail address or an http(s) URL"),
        (
            ["-O", "{a_file}/more.jsonl"],
            "the output {a_file}/more.jsonl: {a_file}/more.jsonl cannot be created",
        ),
        (
            ["-s", "NEWSCRAWL_LISTS_FEED={a_file}/lists.jsonl"],
            "NEWSCRAWL_LISTS_FEED: {a_file}/lists.jsonl cannot",
        ),
        (
            ["-s", "NEWSCRAWL_REPORT_FILE={a_file}/r.json"],
            "NEWSCRAWL_REPORT_FILE: {a_file}/r.json cannot be created",
        ),
        (["-s", "JOBDIR={a_file}"], "JOBDIR: {a_file} is a file, not a folder"),
    ],
)
def test_a_bad_setting_stops_the_crawl_at_start(
    tmp_path: Path, a_file: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    run = crawl("http://127.0.0.1:9", out, *(arg.format(a_file=a_file) for arg in args))
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1, run.stderr[-2000:]
    assert run.stderr.startswith("scrapy crawl: ")
    assert message.format(a_file=a_file) in run.stderr
    assert list(out.iterdir()) == []  # nothing written, not even an empty feed
