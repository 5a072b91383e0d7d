"""People's Daily Online, English: english.people.com.cn (2011–2013 layout) and en.people.cn (today).

URL forms, class names and date, byline and editor formats are those known of the real portal; the
fixture portal in ``fixtures/peoples_daily/`` has a case for each form handled here.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import islice
from urllib.parse import SplitResult, urlsplit, urlunsplit

from newscrawl.extract.byline import GENERIC_VOCABULARY
from newscrawl.extract.css import first, matches
from newscrawl.extract.dates import BEIJING
from newscrawl.extract.links import host_of, without_host_dot
from newscrawl.portals.base import Element, Layout, Link, LinkKind, Portal

CURRENT_HOST = "en.people.cn"
OLD_HOST = "english.people.com.cn"
LEGACY_HOST = "english.peopledaily.com.cn"

# /n3/2024/0104/c90000-20118289.html (2016 → today) and /n/2014/0912/c90882-8782115.html (2014–2015).
_DATED_ARTICLE = re.compile(
    r"^/n3?/(?P<y>\d{4})/(?P<m>\d{2})(?P<d>\d{2})/c(?P<section>\d+)-(?P<id>\d+)\.html$"
)
# /90883/8221469.html and nested /90001/90776/90882/7253359.html (2011–2013).
_SECTION_ARTICLE = re.compile(r"^/(?P<sections>(?:\d+/)+)(?P<id>\d{6,})\.html$")
# /200508/11/eng20050811_201717.html (≤ 2010).
_ENG_ARTICLE = re.compile(r"^/\d{6}/\d{2}/eng(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})_(?P<id>\d+)\.html?$")
# /, /index.html, /90777/index.html, /90777/index47.html, /90782/207872/index.html, /business/index.html.
_LISTING = re.compile(r"^/(?:(?:[\w-]+/)*index\d*\.html)?$")

# Section ids that hold no articles: photo galleries and site services ("About us", "Contact us").
_NON_ARTICLE_SECTIONS = frozenset({"90786", "102840"})
_NON_ARTICLE_IDS = frozenset({"9716018"})  # "About People's Daily Online", linked from every page
# Feeds, files and old biography pages: never articles, never fetched.
_NON_ARTICLE_PATH = re.compile(
    r"^/(?:rss|rss_mobile|data|constitution|img|mediafile|NMediaFile)/"
    r"|\.(?:xml|rss|pdf|jpe?g|png|gif|webp|mp3|mp4|flv|swf|zip|rar|docx?|xlsx?|php|js|css)$",
    re.I,
)

SECTIONS: dict[str, str] = {
    "90777": "World",
    "90778": "Business",
    "90779": "Sports",
    "90780": "Opinion",
    "90782": "Culture",
    "90783": "Travel",
    "90785": "China",
    "90882": "Society",
    "202936": "Sci-Tech",
}


# Photo credits that make a line a caption wherever it stands after an image: "… (Photo/Xinhua)".
_CREDIT = re.compile(r"\((?:photo|xinhua|file photo)\b[^()]*\)\s*$|^photo taken on\b", re.I)
# The 2013 share bar, printed as a body line: "Email|Print|Comments(Editor:…)".
_SHARE_LINE = re.compile(r"^\s*E-?mail\s*\|\s*Print\s*\|\s*Comments", re.I)
# Both eras print the breadcrumb beside the article box or beside the box's parent.
BREADCRUMB_LEVELS = 2


class Layout2013(Layout):
    """english.people.com.cn article pages, 2011–2013: ``div.wb_12.wb_left`` around ``#p_content``.

    Cases: fixtures/peoples_daily/articles/2013-*.html, 2012-*.html (seed: 2013-cyber-security).
    """

    name = "Layout2013"
    marker_css = "#p_content"
    box_css = "div.wb_12"
    url_form = _SECTION_ARTICLE
    headline_css = "#p_title, .wb_12 h1, h1"
    byline_css = "#p_origin"
    time_css = "#p_publishtime"
    paragraphs_css = "#p_content p"
    body_css = "#p_content"
    # "Email|Print|Comments(Editor:YaoChun、Gao Yinan)" sits in div.wb_4 (or wb_13) after the body.
    editor_css = "div.wb_4, div.wb_13, .editor, #p_editor"
    breadcrumb_css = "div.wb_2b, div.route"
    caption_credit = _CREDIT
    skip_line = _SHARE_LINE
    player_markers = ("showPlayer(",)  # a video paragraph: <script>showPlayer({…})</script> as text
    lines_under_headline = 3  # pages without #p_origin print source and time in the next elements

    def breadcrumb(self, root: Element, box: Element) -> Element | None:
        """The breadcrumb beside the article box, or beside the box's parent.

        Looking only there keeps this to a few elements instead of a walk over the whole page; a page
        read whole (no box) is searched whole.
        """
        if box is root:
            return first(root, self.breadcrumb_css)
        for ancestor in islice(box.iterancestors(), BREADCRUMB_LEVELS):
            for child in ancestor:
                if isinstance(child.tag, str) and matches(child, self.breadcrumb_css):
                    return child
        return None


class Layout2024(Layout2013):
    """en.people.cn ``/n3/`` article pages, 2016 → today: the ``div.w860.d2txtCon`` box.

    The source and time share ``div.origin``: ``By Zhang Mengxu (People's Daily) <span>14:45, …</span>``.
    Cases: fixtures/peoples_daily/articles/2024-*.html, 2025-*.html.
    """

    name = "Layout2024"
    marker_css = "div.d2txtCon"  # also the box the fields below are looked up in
    box_css = ""
    headline_css = "h1"
    byline_css = "div.origin"
    time_css = "div.origin"
    paragraphs_css = "p"  # also inside wrappers some pages put around the text
    body_css = ""  # the box also holds the headline and origin line: no line-by-line fallback
    # "(Web editor: Zhang Wenjie, Wu Chengliang)" closes the box.
    editor_css = ".edit, .editor"
    breadcrumb_css = "div.route"
    url_form = _DATED_ARTICLE


class PeoplesDaily(Portal):
    """People's Daily Online English across its three hosts."""

    name = "peoples_daily"
    title = "People's Daily Online English"
    hosts = frozenset({CURRENT_HOST, OLD_HOST, LEGACY_HOST})
    start_urls = (f"http://{CURRENT_HOST}/",)
    contracts = (
        "@url http://en.people.cn/n3/2024/0104/c90000-20118289.html",
        "@returns items 3 3",
        "@returns requests 4",
    )
    # 2013 side lists (div.wb_14) and ticker (div.wb_2); front page blocks (p1_*, p2); section lists
    # (foreign_d2list; #tiles on section 518252); article-page lists (p2_related, p2_photos); special
    # pages (zt_list); the plain "latest"/"popular" boxes of simpler templates.
    list_block_css = (
        "div.wb_2, div.wb_14, div.p1_1, div.p1_2, div.p1_3, div.p1_4, div.p2, div.foreign_d2list, "
        "div#tiles, div.p2_related, div.p2_photos, div.zt_list, div.latest, div.popular"
    )
    list_heading_css = "h2, h3, .wb_2_t, .title"
    list_skip_css = "div.page_n, a.more"
    pagination_css = "div.page_n a, a.more, a.next, a[rel=next]"
    # "Headline - People's Daily Online" (2011–2013), "Headline_People's Daily Online", "…--People's Daily".
    title_suffix = re.compile(r"\s*(?:-{1,2}|_|\|)\s*People'?s Daily(?: Online)?(?: English)?\s*$", re.I)
    layout_classes = (Layout2024, Layout2013)
    timezone = BEIJING  # pages print Beijing time without a zone
    published_metas = ("publishdate",)
    byline_vocabulary = GENERIC_VOCABULARY.extended(outlets=("xinhua", "cgtn", "cctv", "ecns"))
    # The RSS paths third-party feed lists cite (not verified live): 90000 is the id of /n3/ URLs, 90001 the
    # old "China" container; a 2014 feed spider read World.xml (the legacy host serves the same feed). No
    # sitemap of the English site is known: its robots.txt names none, and people.cn's are the Chinese site's.
    feeds = (
        f"http://{CURRENT_HOST}/rss/90000.xml",
        f"http://{CURRENT_HOST}/rss/90001.xml",
        f"http://{CURRENT_HOST}/rss/politics.xml",
        f"http://{OLD_HOST}/rss/World.xml",
    )

    def classify_url(self, url: str) -> Link:
        parts = _split_plain(url) or urlsplit(url)
        if host_of(parts) not in self.hosts or parts.scheme not in ("http", "https"):
            return Link(LinkKind.OFFSITE, url)
        path = parts.path or "/"
        if dated := _DATED_ARTICLE.match(path) or _ENG_ARTICLE.match(path):
            kind = LinkKind.NON_ARTICLE if dated.group("id") in _NON_ARTICLE_IDS else LinkKind.ARTICLE
            host = CURRENT_HOST if path.startswith("/n") else OLD_HOST
            return Link(kind, self._on_host(parts, host), dated.group("id"), _url_date(dated))
        if undated := _SECTION_ARTICLE.match(path):
            sections = set(undated.group("sections").strip("/").split("/"))
            doc_id = undated.group("id")
            if sections & _NON_ARTICLE_SECTIONS or doc_id in _NON_ARTICLE_IDS:
                return Link(LinkKind.NON_ARTICLE, url, doc_id)
            return Link(LinkKind.ARTICLE, self._on_host(parts, OLD_HOST), doc_id)
        if _LISTING.match(path):
            return Link(LinkKind.LISTING, self._on_host(parts, CURRENT_HOST, keep_query=True))
        if _NON_ARTICLE_PATH.search(path):
            return Link(LinkKind.NON_ARTICLE, url)
        page = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
        return Link(LinkKind.UNKNOWN, without_host_dot(page))

    def section_name(self, url: str) -> str | None:
        path = urlsplit(url).path
        if match := _DATED_ARTICLE.match(path):
            return SECTIONS.get(match.group("section"))
        if match := _SECTION_ARTICLE.match(path):  # the innermost section we have a name for
            ids = reversed(match.group("sections").strip("/").split("/"))
            return next((SECTIONS[i] for i in ids if i in SECTIONS), None)
        return None

    @staticmethod
    def _on_host(parts: SplitResult, host: str, keep_query: bool = False) -> str:
        """The URL on the portal's canonical host for its form, without fragment (or query)."""
        return urlunsplit((parts.scheme, host, parts.path or "/", parts.query if keep_query else "", ""))


_PLAIN_PREFIXES = tuple(f"http://{host}/" for host in (CURRENT_HOST, OLD_HOST, LEGACY_HOST))


def _split_plain(url: str) -> SplitResult | None:
    """``urlsplit`` for the common case, ``http://<portal host>/path`` with no query or fragment.

    Every link of every page is classified; splitting those by hand takes a third of the time.
    """
    if not url.startswith(_PLAIN_PREFIXES) or "?" in url or "#" in url:
        return None
    host, _, path = url[7:].partition("/")
    return SplitResult("http", host, "/" + path, "", "")


def _url_date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


PORTAL = PeoplesDaily()
