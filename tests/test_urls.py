"""People's Daily URL classification (portals notes §1.1): article, listing, non-article, offsite."""

from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest

from newscrawl.extract.links import UrlJoiner, absolute_url, without_host_dot
from newscrawl.page import parse_html
from newscrawl.portals import peoples_daily, portal_for_url
from newscrawl.portals.base import LinkKind
from newscrawl.portals.generic import generic_site
from newscrawl.portals.peoples_daily import PORTAL, _split_plain
from tests.helpers import record_cases

HOSTS = ("en.people.cn", "english.people.com.cn", "english.peopledaily.com.cn")

# --- articles ----------------------------------------------------------------------------------

DATED = [
    # (path, canonical URL on en.people.cn, articleId, url_date)
    (
        "/n3/2024/0104/c90000-20118289.html",
        "http://en.people.cn/n3/2024/0104/c90000-20118289.html",
        "20118289",
        date(2024, 1, 4),
    ),
    (
        "/n3/2016/0715/c90000-9086529.html",
        "http://en.people.cn/n3/2016/0715/c90000-9086529.html",
        "9086529",
        date(2016, 7, 15),
    ),
    (
        "/n3/2026/0228/c90000-20429547.html",
        "http://en.people.cn/n3/2026/0228/c90000-20429547.html",
        "20429547",
        date(2026, 2, 28),
    ),
    (
        "/n/2014/0912/c90882-8782115.html",
        "http://en.people.cn/n/2014/0912/c90882-8782115.html",
        "8782115",
        date(2014, 9, 12),
    ),
    (
        "/n/2015/0101/c90785-8830442.html",
        "http://en.people.cn/n/2015/0101/c90785-8830442.html",
        "8830442",
        date(2015, 1, 1),
    ),
]


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize(
    ("path", "canonical", "article_id", "url_date"),
    [pytest.param(*case, id=case[0].split("/")[1] + "-" + case[2]) for case in DATED],
)
def test_dated_article_on_every_host(host, path, canonical, article_id, url_date):
    link = PORTAL.classify(f"http://{host}{path}")
    assert link.kind is LinkKind.ARTICLE
    assert link.url == canonical
    assert link.article_id == article_id
    assert link.url_date == url_date


UNDATED = [
    # (path, articleId)
    pytest.param("/90883/8221469.html", "8221469", id="seed-2013"),
    pytest.param("/90777/8294968.html", "8294968", id="world-2013"),
    pytest.param("/90882/7560758.html", "7560758", id="society-2011"),
    pytest.param("/90001/90776/90882/7253359.html", "7253359", id="nested-2011"),
    pytest.param("/90780/202983/7706300.html", "7706300", id="opinion-subsection-2012"),
]


@pytest.mark.parametrize("host", HOSTS)
@pytest.mark.parametrize(("path", "article_id"), UNDATED)
def test_section_article_on_every_host(host, path, article_id):
    link = PORTAL.classify(f"http://{host}{path}")
    assert link.kind is LinkKind.ARTICLE
    assert link.url == f"http://english.people.com.cn{path}"
    assert link.article_id == article_id
    assert link.url_date is None


@pytest.mark.parametrize("host", ["english.peopledaily.com.cn", "english.people.com.cn"])
@pytest.mark.parametrize(
    ("path", "article_id", "url_date"),
    [
        pytest.param("/200508/11/eng20050811_201717.html", "201717", date(2005, 8, 11), id="2005"),
        pytest.param("/200312/31/eng20031231_131415.htm", "131415", date(2003, 12, 31), id="htm"),
    ],
)
def test_eng_article(host, path, article_id, url_date):
    link = PORTAL.classify(f"http://{host}{path}")
    assert link.kind is LinkKind.ARTICLE
    assert link.url == f"http://english.people.com.cn{path}"
    assert link.article_id == article_id
    assert link.url_date == url_date


@pytest.mark.parametrize(
    ("url", "canonical", "article_id"),
    [
        pytest.param(
            "http://en.people.cn/n3/2024/0104/c90000-20118289.html#comments",
            "http://en.people.cn/n3/2024/0104/c90000-20118289.html",
            "20118289",
            id="n3-fragment",
        ),
        pytest.param(
            "http://english.people.com.cn/n3/2024/0104/c90000-20118289.html?from=rss&x=1",
            "http://en.people.cn/n3/2024/0104/c90000-20118289.html",
            "20118289",
            id="n3-query-other-host",
        ),
        pytest.param(
            "http://en.people.cn/90883/8221469.html?utm_source=x#top",
            "http://english.people.com.cn/90883/8221469.html",
            "8221469",
            id="old-query-and-fragment",
        ),
        pytest.param(
            "http://english.peopledaily.com.cn/200508/11/eng20050811_201717.html#p2",
            "http://english.people.com.cn/200508/11/eng20050811_201717.html",
            "201717",
            id="eng-fragment",
        ),
        pytest.param(
            "https://english.people.com.cn/n3/2023/0303/c90000-10215655.html",
            "https://en.people.cn/n3/2023/0303/c90000-10215655.html",
            "10215655",
            id="https-kept",
        ),
        pytest.param(
            "http://EN.PEOPLE.CN/n3/2024/0104/c90000-20118289.html",
            "http://en.people.cn/n3/2024/0104/c90000-20118289.html",
            "20118289",
            id="host-case",
        ),
        pytest.param(
            "http://en.people.cn:80/90883/8221469.html",
            "http://english.people.com.cn/90883/8221469.html",
            "8221469",
            id="explicit-port",
        ),
    ],
)
def test_article_url_is_normalised(url, canonical, article_id):
    link = PORTAL.classify(url)
    assert link.kind is LinkKind.ARTICLE
    assert link.url == canonical
    assert link.article_id == article_id


def test_same_article_under_two_hosts_has_one_url_and_id():
    old = PORTAL.classify("http://en.people.cn/90883/8221469.html")
    legacy = PORTAL.classify("http://english.peopledaily.com.cn/90883/8221469.html")
    assert (old.url, old.article_id) == (legacy.url, legacy.article_id)


def test_impossible_date_in_url_keeps_article_without_date():
    link = PORTAL.classify("http://en.people.cn/n3/2024/0230/c90000-20118289.html")
    assert link.kind is LinkKind.ARTICLE
    assert link.article_id == "20118289"
    assert link.url_date is None


# --- listings ----------------------------------------------------------------------------------

LISTINGS = [
    # (URL, the URL to fetch on en.people.cn)
    pytest.param("http://en.people.cn/", "http://en.people.cn/", id="front-page"),
    pytest.param("http://en.people.cn", "http://en.people.cn/", id="front-page-no-slash"),
    pytest.param("http://english.people.com.cn/", "http://en.people.cn/", id="front-page-old-host"),
    pytest.param("http://en.people.cn/index.html", "http://en.people.cn/index.html", id="front-index"),
    pytest.param(
        "http://en.people.cn/90777/index.html", "http://en.people.cn/90777/index.html", id="section-index"
    ),
    pytest.param(
        "http://en.people.cn/90777/index47.html", "http://en.people.cn/90777/index47.html", id="paginated"
    ),
    pytest.param(
        "http://en.people.cn/90777/index2.html", "http://en.people.cn/90777/index2.html", id="page-2"
    ),
    pytest.param(
        "http://en.people.cn/90782/207872/index.html",
        "http://en.people.cn/90782/207872/index.html",
        id="nested-sub-section",
    ),
    pytest.param(
        "http://en.people.cn/business/index.html",
        "http://en.people.cn/business/index.html",
        id="word-section",
    ),
    pytest.param(
        "http://english.peopledaily.com.cn/90777/index.html",
        "http://en.people.cn/90777/index.html",
        id="section-legacy-host",
    ),
    pytest.param(
        "http://english.people.com.cn/90780/index3.html#top",
        "http://en.people.cn/90780/index3.html",
        id="fragment-dropped",
    ),
    pytest.param(
        "http://english.people.com.cn/index.html?page=2#top",
        "http://en.people.cn/index.html?page=2",
        id="query-kept",
    ),
]


@pytest.mark.parametrize(("url", "canonical"), LISTINGS)
def test_listing(url, canonical):
    link = PORTAL.classify(url)
    assert link.kind is LinkKind.LISTING
    assert link.url == canonical
    assert link.article_id is None


# --- non-articles ------------------------------------------------------------------------------

NON_ARTICLES = [
    pytest.param("http://en.people.cn/90786/8221000.html", "8221000", id="gallery-section"),
    pytest.param("http://english.people.com.cn/90786/208025/8221000.html", "8221000", id="nested-gallery"),
    pytest.param("http://en.people.cn/102840/7560415.html", "7560415", id="services-section"),
    pytest.param("http://english.people.com.cn/102840/7560415.html", "7560415", id="services-old-host"),
    pytest.param("http://en.people.cn/90785/9716018.html", "9716018", id="about-page"),
    pytest.param("http://en.people.cn/n3/2019/0101/c90000-9716018.html", "9716018", id="about-page-n3-form"),
    pytest.param("http://en.people.cn/rss/90000.xml", None, id="rss"),
    pytest.param("http://en.people.cn/rss/World.xml", None, id="rss-word"),
    pytest.param("http://english.people.com.cn/data/people/x.shtml", None, id="bio-page"),
    pytest.param("http://english.people.com.cn/constitution/constitution.html", None, id="constitution"),
    pytest.param(
        "http://en.people.cn/NMediaFile/2024/0104/FOREIGN202401041445000134567891234.jpg", None, id="image"
    ),
    pytest.param("http://en.people.cn/90882/8221137.pdf", None, id="pdf"),
]


@pytest.mark.parametrize(("url", "article_id"), NON_ARTICLES)
def test_non_article(url, article_id):
    link = PORTAL.classify(url)
    assert link.kind is LinkKind.NON_ARTICLE
    assert link.url == url  # never fetched: kept as linked
    assert link.article_id == article_id


@pytest.mark.parametrize(
    ("url", "article_id"),
    [
        pytest.param("http://english.people.com.cn/90883/8221469.html", "8221469", id="article"),
        pytest.param("http://en.people.cn/n3/2024/0104/c90000-20118289.html", "20118289", id="dated-article"),
        pytest.param("http://en.people.cn/90786/8221000.html", None, id="gallery"),
        pytest.param("http://en.people.cn/90777/index.html", None, id="listing"),
        pytest.param("https://english.news.cn/20260421/abc/c.html", None, id="offsite"),
    ],
)
def test_article_id_is_for_articles_only(url: str, article_id: str | None) -> None:
    assert PORTAL.article_id(url) == article_id


def test_a_url_of_no_registered_portal_has_no_portal() -> None:
    assert portal_for_url("https://www.northbay-ledger.example/news/a.html") is None
    assert portal_for_url("http://en.people.cn/") is PORTAL


# --- unknown: on the portal, of no known form; fetched when a list links it, then judged -------


@pytest.mark.parametrize(
    ("url", "fetched_as"),
    [
        pytest.param(
            "http://en.people.cn/90883/12345.html", "http://en.people.cn/90883/12345.html", id="short-id"
        ),
        pytest.param(
            "http://en.people.cn/r/8221125/1#top", "http://en.people.cn/r/8221125/1", id="redirector"
        ),
        pytest.param(
            "http://english.people.com.cn/latest/2.html",
            "http://english.people.com.cn/latest/2.html",
            id="more-page",
        ),
        pytest.param(
            "http://en.people.cn/special/twosessions/",
            "http://en.people.cn/special/twosessions/",
            id="special",
        ),
    ],
)
def test_unknown(url, fetched_as):
    link = PORTAL.classify(url)
    assert link.kind is LinkKind.UNKNOWN
    assert link.url == fetched_as
    assert link.article_id is None


# --- offsite -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("http://www.people.com.cn/", id="chinese-people-com-cn"),
        pytest.param("http://people.cn/n3/2024/0104/c90000-20118289.html", id="bare-people-cn"),
        pytest.param("http://paper.people.com.cn/rmrb/", id="paper"),
        pytest.param("https://english.news.cn/20260421/abc/c.html", id="xinhua"),
        pytest.param("https://www.globaltimes.cn/page/202602/1355000.shtml", id="global-times"),
        pytest.param("http://en.people.cn.example.com/90883/8221469.html", id="lookalike-suffix"),
        pytest.param("http://fake-en.people.cn/90883/8221469.html", id="lookalike-prefix"),
        pytest.param("mailto:webmaster@people.cn", id="mailto"),
        pytest.param("ftp://en.people.cn/90883/8221469.html", id="ftp-on-portal-host"),
        pytest.param("javascript:void(0)", id="javascript"),
        pytest.param("/90883/8221469.html", id="relative-no-host"),
        pytest.param("", id="empty"),
    ],
)
def test_offsite(url):
    link = PORTAL.classify(url)
    assert link.kind is LinkKind.OFFSITE
    assert link.url == url
    assert link.article_id is None


# --- section_name ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "section"),
    [
        pytest.param("http://english.people.com.cn/90777/8294968.html", "World", id="old-world"),
        pytest.param("http://english.people.com.cn/90778/8221000.html", "Business", id="old-business"),
        pytest.param("http://english.people.com.cn/90785/8221000.html", "China", id="old-china"),
        pytest.param("http://english.people.com.cn/202936/8221000.html", "Sci-Tech", id="old-sci-tech"),
        pytest.param("http://en.people.cn/90882/7560758.html", "Society", id="old-society-current-host"),
        pytest.param(
            "http://english.people.com.cn/90001/90776/90882/7253359.html", "Society", id="nested-last-known"
        ),
        pytest.param("http://english.people.com.cn/90883/8221469.html", None, id="old-unknown-section"),
        pytest.param("http://en.people.cn/n3/2024/0104/c90000-20118289.html", None, id="n3-c90000"),
        pytest.param("http://en.people.cn/n3/2023/0303/c90777-10215655.html", "World", id="n3-c90777"),
        pytest.param("http://en.people.cn/n/2014/0912/c90882-8782115.html", "Society", id="n-society"),
        pytest.param("http://en.people.cn/n/2015/0101/c90785-8830442.html", "China", id="n-china"),
        pytest.param("http://en.people.cn/n/2014/0912/c98649-8781550.html", None, id="n-unknown"),
        pytest.param("http://english.people.com.cn/200508/11/eng20050811_201717.html", None, id="eng-form"),
        pytest.param("http://en.people.cn/90777/index.html", None, id="listing"),
        # Opinion > readers' comments (202983 is a sub-section id of Opinion 90780).
        pytest.param(
            "http://en.people.cn/90780/202983/7706300.html", "Opinion", id="nested-parent-known-child-unknown"
        ),
    ],
)
def test_section_name(url, section):
    assert PORTAL.section_name(url) == section


@pytest.mark.parametrize(
    "url",
    [
        "http://en.people.cn/n3/2024/0104/c90000-20118289.html",
        "http://english.people.com.cn/90777/8221388.html",
        "http://english.peopledaily.com.cn/",
        "http://en.people.cn/90777/index.html?page=2",  # a query: left to urlsplit
        "http://en.people.cn/n3/2024/0104/c90000-20118289.html#comments",
        "http://en.people.cn:8080/90777/index.html",
        "https://en.people.cn/",
        "http://EN.people.cn/90777/index.html",
        "http://www.xinhuanet.com/english/",
    ],
)
def test_hand_split_portal_urls_agree_with_urlsplit(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _split_plain(url)
    assert plain is None or plain == urlsplit(url)
    fast = PORTAL.classify_url(url)  # uncached: classify() would answer from its cache
    monkeypatch.setattr(peoples_daily, "_split_plain", lambda url: None)
    assert PORTAL.classify_url(url) == fast


HREFS = [
    "http://en.people.cn/n3/2024/0104/c90000-20118289.html",
    "https://en.people.cn/",
    "/90777/index.html",
    "/90777/../90778/index.html",
    "/./a.html",
    "//english.people.com.cn/90883/8221469.html",
    "index2.html",
    "../index.html",
    "?page=2",
    "#top",
    "http://en.people.cn/a b.html",
    "HTTP://EN.PEOPLE.CN/x.html",
    "http://en.people.cn/a/./b.html",
    "mailto:desk@example.org",
    "javascript:void(0)",
    "",
]


@pytest.mark.parametrize(
    "base", ["http://en.people.cn/90777/index.html", "https://en.people.cn/n3/a/b.html", "x.html"]
)
def test_url_joiner_agrees_with_urljoin(base: str) -> None:
    """UrlJoiner's hand-made cases pay on the crawl benchmark (B/A 1.22 → 1.90 with them): guard them."""
    joiner = UrlJoiner(base)
    assert [joiner(href) for href in HREFS] == [urljoin(base, href) for href in HREFS]
    assert joiner.join_all([f"  {h} " for h in HREFS]) == [urljoin(base, h) for h in HREFS if h]


def test_url_joiner_agrees_with_urljoin_on_every_fixture_link() -> None:
    for case in record_cases():
        root = parse_html(case.html.read_text(encoding="utf-8", errors="replace"))
        hrefs = [a.get("href") or "" for a in root.iter("a")]
        assert UrlJoiner(case.url).join_all(hrefs) == [  # hosts written without their final dot
            without_host_dot(urljoin(case.url, h.strip())) for h in hrefs if h.strip()
        ]


# --- a host written with its final dot ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind", "fetched_as"),
    [
        pytest.param(
            "http://en.people.cn./n3/2024/0104/c90000-20118289.html",
            LinkKind.ARTICLE,
            "http://en.people.cn/n3/2024/0104/c90000-20118289.html",
            id="n3-article",
        ),
        pytest.param(
            "http://english.people.com.cn./90882/8221410.html",
            LinkKind.ARTICLE,
            "http://english.people.com.cn/90882/8221410.html",
            id="old-article",
        ),
        pytest.param(
            "http://EN.PEOPLE.CN.:80/90883/8221469.html",
            LinkKind.ARTICLE,
            "http://english.people.com.cn/90883/8221469.html",
            id="caps-and-port",
        ),
        pytest.param(
            "http://en.people.cn./90777/index.html",
            LinkKind.LISTING,
            "http://en.people.cn/90777/index.html",
            id="listing",
        ),
        pytest.param(
            "http://en.people.cn./r/8221125/1",
            LinkKind.UNKNOWN,
            "http://en.people.cn/r/8221125/1",
            id="unknown",
        ),
        pytest.param(
            "http://en.people.cn../special/x/",
            LinkKind.UNKNOWN,
            "http://en.people.cn/special/x/",
            id="two-dots",
        ),
    ],
)
def test_a_host_with_its_final_dot_is_the_same_host(url: str, kind: LinkKind, fetched_as: str) -> None:
    link = PORTAL.classify(url)
    assert (link.kind, link.url) == (kind, fetched_as)
    assert PORTAL.is_own_host(url)
    assert portal_for_url(url) is PORTAL


@pytest.mark.parametrize(
    "url", ["http://en.people.cn.example.com/90883/8221469.html", "http://en.people.cn.x/90883/8221469.html"]
)
def test_a_dot_inside_a_longer_host_is_still_offsite(url: str) -> None:
    assert PORTAL.classify(url).kind is LinkKind.OFFSITE


@pytest.mark.parametrize(
    ("url", "plain"),
    [
        ("http://en.people.cn./a.html", "http://en.people.cn/a.html"),
        ("https://en.people.cn.", "https://en.people.cn"),
        ("http://en.people.cn.:8080/a?b=c", "http://en.people.cn:8080/a?b=c"),
        ("http://user@en.people.cn../a#top", "http://user@en.people.cn/a#top"),
        ("http://en.people.cn.?q=1", "http://en.people.cn?q=1"),
        ("http://en.people.cn/a./b.html", "http://en.people.cn/a./b.html"),  # a dot in the path stays
        ("http://en.people.cn/story.", "http://en.people.cn/story."),
        ("./index.html", "./index.html"),
        ("", ""),
    ],
)
def test_without_host_dot(url: str, plain: str) -> None:
    assert without_host_dot(url) == plain


def test_links_and_addresses_are_joined_without_the_hosts_final_dot() -> None:
    joiner = UrlJoiner("http://en.people.cn./n3/2024/0104/c90000-20118289.html")
    hrefs = ["/90777/index.html", "index2.html", "http://english.people.com.cn./90882/8221410.html"]
    assert joiner.join_all(hrefs) == [
        "http://en.people.cn/90777/index.html",
        "http://en.people.cn/n3/2024/0104/index2.html",
        "http://english.people.com.cn/90882/8221410.html",
    ]
    assert (
        absolute_url("http://en.people.cn/", "http://en.people.cn./img/a.jpg")
        == "http://en.people.cn/img/a.jpg"
    )
    assert absolute_url("http://en.people.cn./a/", "b.jpg") == "http://en.people.cn/a/b.jpg"


def test_a_generic_site_knows_its_hosts_with_their_final_dot() -> None:
    site = generic_site(frozenset({"www.northbay-ledger.example."}))
    link = site.classify("http://northbay-ledger.example./2026/11/30/story.html")
    assert (link.kind, link.url) == (LinkKind.UNKNOWN, "http://northbay-ledger.example/2026/11/30/story.html")
