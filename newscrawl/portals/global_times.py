"""Global Times, English: www.globaltimes.cn, the 2009–2020 template and the template of 2020 on.

Known of the real site (``../shared/notes/portals.md`` §4, §9): the URL forms ``/content/<id>.shtml``
(2009 → early 2021) and ``/page/YYYYMM/<id>.shtml`` (2021 →), one sequence of ids across both; the 2020
template's ``div.article_column`` (section label), ``div.article_title``, ``div.author_share_left``
(``span.byline``, ``a.author_name``, the ``div.author_card`` to keep out, ``span.pub_time`` with
``Published: Feb 17, 2026 10:37 AM`` or ``Updated: …``) and ``div.article_content`` / ``div.article_right``
(text separated by ``<br><br>``, photos in ``.picture``); the older template's ``div.article-title > h3``,
``div.text-left`` meta line (``By <Name> Source: Global Times Published: <date>``), ``div.row-content``
and "Posted in: …"; list entries ``a.new_title_ms``, a teaser ``p`` and ``.source_time``; the
``sitemap.xml`` and the `` - Global Times`` title suffix.

Guesses, kept as such: the list blocks' class names (``_LIST_BLOCKS``), the ``span.source`` holding
``Source:Global Times`` beside the byline, and where a photo's caption stands (in the ``.picture``
box, or the line after it; a ``Photo: VCG`` credit makes it one either way). The fixture portal in
``fixtures/global_times/`` has a case for each form handled here.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

from lxml import etree

from newscrawl.extract.byline import GENERIC_VOCABULARY, Origin, origin_times
from newscrawl.extract.css import first, matches, select, text_of
from newscrawl.extract.dates import BEIJING, parse_datetime
from newscrawl.extract.links import ListLink, PageList, UrlJoiner
from newscrawl.extract.text import clean_or_none, clean_text, split_at_breaks
from newscrawl.portals.base import Element, Layout, Link, LinkKind, Portal, RawArticle

HOST = "www.globaltimes.cn"
BARE_HOST = "globaltimes.cn"

# /page/202602/1355012.shtml (Feb 2021 →): the month in the path is the publication month.
_PAGE_ARTICLE = re.compile(r"^/page/(?P<y>\d{4})(?P<m>\d{2})/(?P<id>\d+)\.shtml$")
# /content/1190432.shtml (April 2009 → early 2021).
_CONTENT_ARTICLE = re.compile(r"^/content/(?P<id>\d+)\.shtml$")
# /, /index.html, /china/index.html, /opinion/editorial/index.html, /In-depth/index.html, /china/.
_LISTING = re.compile(r"^/(?:(?:[\w-]+/)*(?:index\d*\.html?)?)?$")
# Files, feeds, sitemaps and the attachments folder: never articles, never fetched as pages.
_NON_ARTICLE_PATH = re.compile(
    r"^/(?:Portals|rss|img|images|js|css)/"
    r"|\.(?:xml|rss|pdf|jpe?g|png|gif|webp|mp3|mp4|flv|swf|zip|rar|docx?|xlsx?|js|css)$",
    re.I,
)

# A photo credit: a line that ends so is a caption wherever it stands after a photo.
# "… in Beijing on Monday. Photo: VCG", "(Photo: Xinhua)", "Photo/Li Hao/GT", "Photos: cnsphoto".
_PHOTO_CREDIT = re.compile(r"(?:^|[\s(\[])photos?\s*[:：/]\s*[^\s.!?][^.!?]{0,60}[)\]]?\s*$", re.I)
# Inside the body: lines of their own (a paragraph, a photo box) and elements left out (author cards).
_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "center", "figure", "figcaption"})
_PICTURE_CLASSES = frozenset({"picture", "pic", "article_pic"})
_CARD_CLASSES = frozenset({"author_card", "with_name_card", "author_share", "share"})
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "form", "iframe", "video"})
# "Posted in: CHINA > SOCIETY" (2009–2020 pages).
_POSTED_IN = etree.XPath(".//*[text()[contains(., 'Posted in')]]")
_POSTED_LABEL = re.compile(r"^.*?posted\s+in\s*[:：]?\s*", re.I)


def _classes(element: Element) -> set[str]:
    value = element.get("class")
    return set(value.split()) if value else set()


def _is_block(element: Element) -> bool:
    """A line of its own in a ``<br>`` body: a paragraph, a photo box, a box of text and breaks or of
    paragraphs (other ``<div>``s inside the body, an ad's, hold no text of the article)."""
    if element.tag in _BLOCK_TAGS or not _PICTURE_CLASSES.isdisjoint(_classes(element)):
        return True
    return element.tag == "div" and (element.find(".//br") is not None or element.find(".//p") is not None)


def _is_left_out(element: Element) -> bool:
    """An author's card, a share bar, a script or a player: nothing of the article's text."""
    return element.tag in _SKIPPED_TAGS or not _CARD_CLASSES.isdisjoint(_classes(element))


def _pieces_text(container: Element) -> str:
    """The container's text, each child element a piece of its own, author cards left out.

    ``<span class="byline">By <a>Li Qiao</a><div class="author_card">…</div></span><span>Source:…``
    → ``By Li Qiao Source:…``: the pieces are joined with spaces, as the page shows them apart.
    """
    parts = [container.text or ""]
    for child in container:
        if isinstance(child.tag, str) and not _is_left_out(child):
            parts.append(_pieces_text(child))
        parts.append(child.tail or "")
    return clean_text(" ".join(parts))


class GlobalTimesLayout(Layout):
    """What both templates share: a body of text and ``<br>``, labelled times, photo credits."""

    name = "GlobalTimesLayout"
    body_css = ""
    caption_credit = _PHOTO_CREDIT
    origin_css: str = ""  # the element holding the byline and the time line

    def origin_line(self, box: Element) -> Origin:
        """Byline and printed times, read off the origin element's text."""
        element = first(box, self.origin_css) if self.origin_css else None
        return origin_times(_pieces_text(element)) if element is not None else Origin(None, None)

    def origin(self, box: Element) -> tuple[str | None, str | None]:
        line = self.origin_line(box)
        return line.byline, line.published

    def extract(self, root: Element, url: str, box: Element | None = None) -> RawArticle:
        """The shared reading, and the ``Updated:`` time a page prints beside its ``Published:`` one."""
        if box is None:
            box = self.article_box(root)
            box = root if box is None else box
        raw = super().extract(root, url, box)
        modified = self.origin_line(box).modified
        if modified and (when := parse_datetime(modified, self.portal.timezone)) is not None:
            raw.modified, raw.modified_raw = when, modified
            raw.rules["dateModified"] = "layout"
        return raw

    def _body_nodes(self, box: Element) -> list[Element]:
        containers = (first(box, css) for css in self.body_css.split(","))
        container = next((found for found in containers if found is not None), None)
        return (
            split_at_breaks(container, blocks=_is_block, skip=_is_left_out) if container is not None else []
        )

    def is_caption(self, element: Element, text: str) -> bool:
        """A line of a photo box (``class="picture"``), or one that is centred or ends in a photo credit."""
        return not _PICTURE_CLASSES.isdisjoint(_classes(element)) or super().is_caption(element, text)


class Layout2009(GlobalTimesLayout):
    """The 2009–2020 template (``/content/<id>.shtml``): a Bootstrap grid of ``div.row-fluid`` rows.

    ``div.article-title > h3``, the meta line ``div.span<N>.text-left`` (``By <Name> Source: Global Times
    Published: 2016-6-15 0:58:01``), the body ``div.span12.row-content``, the section in "Posted in: …"
    or the breadcrumb ``div.crumbs``. Cases: fixtures/global_times/articles/20{13,16,19}-*.html.
    """

    name = "Layout2009"
    marker_css = "div.article-title"
    headline_css = "div.article-title h3, div.article-title h1, div.article-title h2"
    origin_css = "div.text-left"
    body_css = "div.row-content"
    breadcrumb_css = "div.crumbs"
    url_form = _CONTENT_ARTICLE

    def article_box(self, root: Element) -> Element | None:
        """The nearest ancestor of the title row that also holds the body row (else the page)."""
        marker = first(root, self.marker_css)
        if marker is None:
            return None
        return next((a for a in marker.iterancestors() if first(a, self.body_css) is not None), root)

    def origin_line(self, box: Element) -> Origin:
        """The first ``div.text-left`` that reads as a byline or a time line (not a body row's)."""
        for element in select(box, self.origin_css):
            line = origin_times(_pieces_text(element))
            if line.published or (line.byline and re.match(r"(?:by|source)\b", line.byline, re.I)):
                return line
        return Origin(None, None)

    def breadcrumb_section(self, root: Element, box: Element) -> str | None:
        """ "Posted in: SOCIETY" as printed, else the breadcrumb's last link."""
        found = _POSTED_IN(box)
        for holder in found if isinstance(found, list) else []:
            if not isinstance(holder, etree._Element):
                continue
            if (section := clean_or_none(_POSTED_LABEL.sub("", clean_text(text_of(holder))))) is not None:
                return section
        return super().breadcrumb_section(root, box)


class Layout2020(GlobalTimesLayout):
    """The template of 2020 on (``/page/YYYYMM/<id>.shtml``, and ``/content/`` pages of 2020):
    ``div.article_page`` holding ``div.article_column`` (the section label, ``OPINION / EDITORIAL``),
    ``div.article_title``, ``div.author_share_left`` (byline, ``Source:…``, ``span.pub_time``) and the
    text in ``div.article_right`` inside ``div.article_content``.

    Cases: fixtures/global_times/articles/202{0..6}-*.html.
    """

    name = "Layout2020"
    marker_css = "div.article_title"
    box_css = "div.article_page"
    headline_css = "div.article_title"
    origin_css = "div.author_share_left"
    body_css = "div.article_right, div.article_content"  # the inner one when both are there
    url_form = _PAGE_ARTICLE

    def origin_line(self, box: Element) -> Origin:
        """``div.author_share_left``; when it holds nothing, its pieces wherever they stand (``span.byline``);
        the time from ``.pub_time`` wherever it stands when the byline's element holds none."""
        left = first(box, self.origin_css)
        line = origin_times(_pieces_text(left)) if left is not None else Origin(None, None)
        if line.byline is None and line.published is None:
            pieces = select(box, "span.byline, span.source, .pub_time")
            line = origin_times(" ".join(_pieces_text(piece) for piece in pieces))
        if line.published is None and (stamp := first(box, ".pub_time")) is not None:
            times = origin_times(_pieces_text(stamp))
            line = Origin(line.byline, times.published, times.modified)
        return line

    def breadcrumb_section(self, root: Element, box: Element) -> str | None:
        column = first(box, "div.article_column")
        if column is None and box is not root:
            column = first(root, "div.article_column")
        return clean_or_none(_pieces_text(column)) if column is not None else None


# List blocks (guessed class names, see the module docstring): section and front-page lists, the
# ranked "Most Popular" column, an article's "Related" box; headings in h2/h3 or div.column_title.
_LIST_BLOCKS = "div.common_list, div.most_popular, div.related_articles, div.top_news"
_ENTRY_LINK = "a.new_title_ms"


class GlobalTimes(Portal):
    """Global Times (English) on www.globaltimes.cn (and the bare host, folded into it)."""

    name = "global_times"
    title = "Global Times"
    hosts = frozenset({HOST, BARE_HOST})
    start_urls = (f"http://{HOST}/",)
    contracts = (
        "@url http://www.globaltimes.cn/page/202602/1355012.shtml",
        "@returns items 3 3",
        "@returns requests 10",
    )
    timezone = BEIJING  # pages print Beijing time without a zone
    byline_vocabulary = GENERIC_VOCABULARY.extended(
        outlets=("xinhua", "agencies", "cgtn", "cctv", "ecns", "chinanews", "gt")
    )
    list_block_css = _LIST_BLOCKS
    list_heading_css = "h2, h3, div.column_title"
    title_suffix = re.compile(r"\s*(?:-|_|\|)\s*Global\s*Times\s*$", re.I)
    layout_classes = (Layout2020, Layout2009)
    sitemaps = (f"http://{HOST}/sitemap.xml",)  # the newest items only, on the real site

    def lists(self, root: Element, url: str) -> list[PageList]:
        """The named blocks, then a section page's own entries; each entry with its ``.source_time``.

        ``<a class="new_title_ms">…</a><p>teaser</p><div class="source_time">Global Times | 2023/9/26
        21:00:53</div>``: the time stands after the teaser, where the generic list reader does not look.
        """
        lists = super().lists(root, url)
        join = UrlJoiner(url)
        entries = [
            (anchor, join(href).split("#", 1)[0])
            for anchor in select(root, _ENTRY_LINK)
            if (href := (anchor.get("href") or "").strip()) and not href.startswith(("#", "javascript:"))
        ]
        if not entries:  # an article page: its lists are all named blocks
            return lists
        in_blocks = {a for block in select(root, self.list_block_css) for a in block.iter("a")}
        own: dict[str, ListLink] = {}
        for anchor, link in entries:
            if anchor not in in_blocks and (link not in own or not own[link].title):
                own[link] = ListLink(link, clean_text(text_of(anchor)))
        if own and (name := self.page_title(root)):
            lists.append(PageList(name, list(own.values())))
        times = {link: shown for anchor, link in entries if (shown := _source_time(anchor))}
        for page_list in lists:
            page_list.links = [
                dataclasses.replace(entry, shown_date=times[entry.url])
                if not entry.shown_date and entry.url in times
                else entry
                for entry in page_list.links
            ]
        return lists

    def classify_url(self, url: str) -> Link:
        parts = _split_plain(url) or urlsplit(url)
        host = (parts.hostname or "").lower().rstrip(".")
        if host not in self.hosts or parts.scheme not in ("http", "https"):
            return Link(LinkKind.OFFSITE, url)
        path = parts.path or "/"
        if article := _PAGE_ARTICLE.match(path) or _CONTENT_ARTICLE.match(path):
            return Link(LinkKind.ARTICLE, _on_host(parts), article.group("id"))
        if _LISTING.match(path):
            return Link(LinkKind.LISTING, _on_host(parts, keep_query=True))
        if _NON_ARTICLE_PATH.search(path):
            return Link(LinkKind.NON_ARTICLE, url)
        return Link(LinkKind.UNKNOWN, urlunsplit((parts.scheme, parts.netloc, path, parts.query, "")))


def _source_time(anchor: Element) -> str | None:
    """The ``.source_time`` printed after an entry's link (past its teaser), before the next entry."""
    for sibling in anchor.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if sibling.tag == "a" and matches(sibling, _ENTRY_LINK):
            return None
        if "source_time" in _classes(sibling):
            return clean_or_none(text_of(sibling))
    return None


def _on_host(parts: SplitResult, keep_query: bool = False) -> str:
    """The URL on www.globaltimes.cn, without fragment (or query)."""
    return urlunsplit((parts.scheme, HOST, parts.path or "/", parts.query if keep_query else "", ""))


_PLAIN_PREFIX = f"http://{HOST}/"


def _split_plain(url: str) -> SplitResult | None:
    """``urlsplit`` for the common case, ``http://www.globaltimes.cn/path`` with no query or fragment."""
    if not url.startswith(_PLAIN_PREFIX) or "?" in url or "#" in url:
        return None
    return SplitResult("http", HOST, url[len(_PLAIN_PREFIX) - 1 :], "", "")


PORTAL = GlobalTimes()
