"""Spider arguments (-a name=value): SpiderParams.parse and its one-line ArgumentError messages."""

from datetime import date

import pytest

from newscrawl.params import ArgumentError, SpiderParams

DEFAULT = ("http://en.people.cn/",)


GOOD = [
    # (arguments, expected start_urls, max_articles, since)
    pytest.param({}, DEFAULT, None, None, id="defaults"),
    pytest.param(
        {"start_urls": "http://en.people.cn/90777/index.html"},
        ("http://en.people.cn/90777/index.html",),
        None,
        None,
        id="one-url",
    ),
    pytest.param(
        {"start_urls": "http://en.people.cn/,https://english.people.com.cn/90883/8221469.html"},
        ("http://en.people.cn/", "https://english.people.com.cn/90883/8221469.html"),
        None,
        None,
        id="comma-list",
    ),
    pytest.param(
        {"start_urls": "  http://en.people.cn/ ,\thttp://en.people.cn/90780/index.html  "},
        ("http://en.people.cn/", "http://en.people.cn/90780/index.html"),
        None,
        None,
        id="whitespace-trimmed",
    ),
    pytest.param(
        {"start_urls": "http://en.people.cn/,,"},
        ("http://en.people.cn/",),
        None,
        None,
        id="empty-items-dropped",
    ),
    pytest.param(
        {"start_urls": ["http://en.people.cn/", " https://en.people.cn/n3/ "]},
        ("http://en.people.cn/", "https://en.people.cn/n3/"),
        None,
        None,
        id="list-value",
    ),
    pytest.param({"max_articles": "5"}, DEFAULT, 5, None, id="max-articles-5"),
    pytest.param({"max_articles": "1"}, DEFAULT, 1, None, id="max-articles-1"),
    pytest.param({"max_articles": 7}, DEFAULT, 7, None, id="max-articles-int"),
    pytest.param({"max_articles": " 12 "}, DEFAULT, 12, None, id="max-articles-padded"),
    pytest.param({"max_articles": ""}, DEFAULT, None, None, id="max-articles-empty-is-unset"),
    pytest.param({"since": "2024-01-01"}, DEFAULT, None, date(2024, 1, 1), id="since"),
    pytest.param({"since": "2024-02-29"}, DEFAULT, None, date(2024, 2, 29), id="since-leap-day"),
    pytest.param({"since": ""}, DEFAULT, None, None, id="since-empty-is-unset"),
    pytest.param(
        {"start_urls": "https://en.people.cn/", "max_articles": "3", "since": "2013-04-25"},
        ("https://en.people.cn/",),
        3,
        date(2013, 4, 25),
        id="all-three",
    ),
]


@pytest.mark.parametrize(("args", "start_urls", "max_articles", "since"), GOOD)
def test_parse_good(args, start_urls, max_articles, since):
    params = SpiderParams.parse(args, DEFAULT)
    assert params == SpiderParams(start_urls=start_urls, max_articles=max_articles, since=since)


BAD = [
    # (arguments, the argument the message must name)
    pytest.param({"start_urls": ""}, "start_urls", id="start-urls-empty"),
    pytest.param({"start_urls": " , ,"}, "start_urls", id="start-urls-only-commas"),
    pytest.param({"start_urls": []}, "start_urls", id="start-urls-empty-list"),
    pytest.param({"start_urls": "en.people.cn"}, "start_urls", id="start-urls-no-scheme"),
    pytest.param({"start_urls": "ftp://en.people.cn/"}, "start_urls", id="start-urls-ftp"),
    pytest.param({"start_urls": "file:///tmp/page.html"}, "start_urls", id="start-urls-file"),
    pytest.param({"start_urls": "mailto:news@people.cn"}, "start_urls", id="start-urls-mailto"),
    pytest.param({"start_urls": "http://"}, "start_urls", id="start-urls-no-host"),
    pytest.param(
        {"start_urls": "http://en.people.cn/,javascript:void(0)"}, "start_urls", id="start-urls-second-bad"
    ),
    pytest.param({"max_articles": "0"}, "max_articles", id="max-articles-0"),
    pytest.param({"max_articles": "-1"}, "max_articles", id="max-articles-negative"),
    pytest.param({"max_articles": "x"}, "max_articles", id="max-articles-word"),
    pytest.param({"max_articles": "2.5"}, "max_articles", id="max-articles-fraction"),
    pytest.param({"max_articles": "5\n6"}, "max_articles", id="max-articles-newline"),
    pytest.param({"since": "2024-13-01"}, "since", id="since-month-13"),
    pytest.param({"since": "2023-02-29"}, "since", id="since-feb-29-non-leap"),
    pytest.param({"since": "20240101"}, "since", id="since-compact"),
    pytest.param({"since": "yesterday"}, "since", id="since-word"),
    pytest.param({"since": "2024-1-1"}, "since", id="since-unpadded"),
    pytest.param({"since": "2024-01-01T00:00"}, "since", id="since-with-time"),
    pytest.param({"since": "2024-01-01\n"}, "since", id="since-trailing-newline"),
    pytest.param({"max_article": "5"}, "max_article", id="unknown-typo"),
    pytest.param({"start_url": "http://en.people.cn/"}, "start_url", id="unknown-singular"),
    pytest.param({"dept": "2", "since": "2024-01-01"}, "dept", id="unknown-with-known"),
    pytest.param({"depth": "-1"}, "depth", id="depth-negative"),
    pytest.param({"depth": "two"}, "depth", id="depth-word"),
    pytest.param({"sources": "links,rss"}, "sources", id="sources-unknown"),
    pytest.param({"sources": ","}, "sources", id="sources-empty"),
]


@pytest.mark.parametrize(
    ("args", "depth", "sources"),
    [
        ({}, None, {"links", "sitemaps", "feeds"}),
        ({"depth": "0"}, 0, {"links", "sitemaps", "feeds"}),
        ({"depth": " 3 ", "sources": "sitemaps"}, 3, {"sitemaps"}),
        ({"sources": "feeds, links"}, None, {"feeds", "links"}),
    ],
)
def test_depth_and_sources(args, depth, sources):
    params = SpiderParams.parse(args, DEFAULT)
    assert (params.depth, params.sources) == (depth, frozenset(sources))


def test_a_spider_names_its_default_depth():
    assert SpiderParams.parse({}, DEFAULT, default_depth=2).depth == 2


@pytest.mark.parametrize(("args", "name"), BAD)
def test_parse_bad(args, name):
    with pytest.raises(ArgumentError) as excinfo:
        SpiderParams.parse(args, DEFAULT)
    message = str(excinfo.value)
    assert "\n" not in message
    assert "\r" not in message
    assert name in message


def test_argument_error_is_a_value_error():
    assert issubclass(ArgumentError, ValueError)


def test_unknown_argument_message_lists_known_names():
    with pytest.raises(ArgumentError, match="start_urls, max_articles, since"):
        SpiderParams.parse({"maxarticles": "5"}, DEFAULT)


def test_defaults_are_not_copied_from_args():
    params = SpiderParams.parse({"max_articles": "2"}, ("http://english.people.com.cn/",))
    assert params.start_urls == ("http://english.people.com.cn/",)


def test_runner_arguments_starting_with_underscore_pass():
    params = SpiderParams.parse({"_job": "6487ec79947edab326d6db28a2d86511", "since": "2024-01-01"}, DEFAULT)
    assert params.since == date(2024, 1, 1)


HOSTS = frozenset({"en.people.cn", "english.people.com.cn"})


@pytest.mark.parametrize(
    "url", ["http://en.people.cn/90777/index.html", "https://EN.People.CN/", "http://english.people.com.cn./"]
)
def test_start_urls_on_the_spiders_hosts_pass(url):
    assert SpiderParams.parse({"start_urls": url}, DEFAULT, hosts=HOSTS).start_urls == (url,)


@pytest.mark.parametrize("url", ["http://example.com/", "http://people.cn/", "http://en.people.cn.evil.org/"])
def test_a_start_url_off_the_spiders_hosts_is_refused(url):
    with pytest.raises(
        ArgumentError, match=r"is not on this spider's hosts \(en.people.cn, english.people.com.cn\)"
    ):
        SpiderParams.parse({"start_urls": f"http://en.people.cn/,{url}"}, DEFAULT, hosts=HOSTS)


def test_without_hosts_any_host_passes():
    assert SpiderParams.parse({"start_urls": "http://example.com/"}, ()).start_urls == (
        "http://example.com/",
    )
