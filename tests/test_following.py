"""Pagination: a listing page's "next page" and "More" links are followed, an article page's are not.

Fixture pages read through :func:`newscrawl.page.process_page` and the spider's real callback. The
section pages' numbered "Next" links are listing URLs, found by navigation as well; a "More" link of
no known form is followed only as pagination, so it is the one that tells the two apart.
"""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newscrawl.page import FoundLink, PageKind, process_page
from newscrawl.portals.base import LinkKind
from newscrawl.spiders.portals import SPIDERS
from tests.helpers import PORTAL_DIR, site_routes

SECTION_URL = "http://en.people.cn/90777/index.html"
ARTICLE_URL = "http://en.people.cn/n3/2024/0104/c90000-20118289.html"
MORE_URL = "http://en.people.cn/90777/more/roundup.html"  # of no known form: classified UNKNOWN
MORE_LINK = b'<a class="more" href="/90777/more/roundup.html">More</a>'


def served(url: str, extra: bytes = b"") -> bytes:
    """The fixture page the site serves at ``url``, with ``extra`` markup put at the end of its body."""
    body = (PORTAL_DIR / site_routes()[url]["file"]).read_bytes()
    return body.replace(b"</body>", extra + b"</body>") if extra else body


def spider():
    crawler = get_crawler(SPIDERS["peoples_daily"])
    crawler.spider = SPIDERS["peoples_daily"].from_crawler(crawler)
    return crawler.spider


def pagination(links: list[FoundLink]) -> list[tuple[LinkKind, str]]:
    return [(found.link.kind, found.link.url) for found in links if found.via == "pagination"]


def test_fixture_pages_are_what_the_tests_below_assume() -> None:
    assert process_page(served(SECTION_URL), SECTION_URL).kind is PageKind.LISTING
    assert process_page(served(ARTICLE_URL), ARTICLE_URL).kind is PageKind.ARTICLE
    assert b'class="more"' not in served(SECTION_URL) + served(ARTICLE_URL)


def test_a_listing_pages_next_links_are_followed_as_pagination() -> None:
    result = process_page(served(SECTION_URL), SECTION_URL)
    assert pagination(result.links) == [
        (LinkKind.LISTING, "http://en.people.cn/90777/index.html"),
        (LinkKind.LISTING, "http://en.people.cn/90777/index2.html"),
        (LinkKind.LISTING, "http://en.people.cn/90777/index2.html"),
    ]


def test_a_listing_pages_more_link_of_no_known_form_is_followed_as_a_listing() -> None:
    result = process_page(served(SECTION_URL, MORE_LINK), SECTION_URL)
    assert (LinkKind.LISTING, MORE_URL) in pagination(result.links)
    assert MORE_URL not in {found.link.url for found in result.links if found.via != "pagination"}


def test_an_article_pages_next_and_more_links_are_not_followed() -> None:
    extra = b'<div class="page_n"><a href="/90777/index2.html">Next</a></div>' + MORE_LINK
    result = process_page(served(ARTICLE_URL, extra), ARTICLE_URL)
    assert result.record is not None
    assert pagination(result.links) == []
    assert MORE_URL not in {found.link.url for found in result.links}


@pytest.mark.parametrize(
    ("url", "followed"),
    [(SECTION_URL, True), (ARTICLE_URL, False)],
    ids=["listing", "article"],
)
def test_the_spider_requests_a_more_link_from_listings_only(url: str, followed: bool) -> None:
    response = HtmlResponse(url, body=served(url, MORE_LINK), request=Request(url))
    output = list(spider().parse(response))
    requests = {r.url: r.cb_kwargs["via"] for r in output if isinstance(r, Request)}
    assert requests.get(MORE_URL) == ("pagination" if followed else None)


def test_listings_linked_from_any_page_are_found_as_navigation_made_absolute() -> None:
    for url in (SECTION_URL, ARTICLE_URL):
        navigation = {
            found.link.url for found in process_page(served(url), url).links if found.via == "navigation"
        }
        assert "http://en.people.cn/90785/index.html" in navigation, url
    section = process_page(served(SECTION_URL), SECTION_URL)
    assert "http://en.people.cn/90777/index2.html" in {
        f.link.url for f in section.links if f.via == "navigation"
    }
