"""CGTN (China Global Television Network): news.cgtn.com, www.cgtn.com, newsaf./newseu./newsus.cgtn.com.

What is known of the real site (``../shared/notes/portals.md`` §5, §7, §9) and what this module guesses:

- Article URLs ``/news/YYYY-MM-DD/<Slug-words>-<8–14 character id>/index.html`` (also ``/p.html``) and a
  date-less ``/news/<slug>-<id>/index.html`` [scraper]; the id is the slug's tail (digits or mixed case).
- Desktop article pages (:class:`Layout2017`) [scraper]: ``div.news-title``, ``div.news-section-date``
  (``World 21:43, 03-Oct-2026``: the section word, then the time), ``div.news-author`` (``By <Name>``, maybe
  followed by ``Updated …``), the body as ``div.text.en`` blocks inside ``#cmsMainContent`` up to the
  ``sourceTextDiv`` marker. Image and video blocks between the text blocks: their markup is a guess.
- AMP pages (:class:`LayoutAmp`) print ``2023.01.19 00:06 GMT+8`` and a separate ``Updated …`` [text]; their
  markup is a guess: the lines under the headline are read for the times and the byline.
- "Most Read" (and "Most Share") panes ``#dayItems`` … ``#allItems``, entries
  ``div.most-read-item-box div.cg-title a[data-time=<epoch ms>]``; front-page "Top News"
  (``div.topNews-item-content-title a``) and "Editors' Pick" (``.titleArea a``); section cards ``.cg-title``
  [scraper: RSSHub]. The dates in ``data-time`` are the entries' shown dates.
- Sitemaps on www.cgtn.com: ``/sitemap.xml`` (index) → latest news and news sitemaps with
  ``news:publication_date`` and ``news:title``, and yearly archives ``sitemap_archived_YYYY[_N].xml``
  [scraper].

The fixture portal in ``fixtures/cgtn/`` has a case for each form handled here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit, urlunsplit

from newscrawl.extract.byline import GENERIC_VOCABULARY
from newscrawl.extract.css import first, matches, select, text_of
from newscrawl.extract.dates import BEIJING, find_timestamp, parse_datetime
from newscrawl.extract.links import ListLink, PageList, UrlJoiner, absolute_url
from newscrawl.extract.text import clean_or_none, clean_text, split_at_breaks
from newscrawl.portals.base import (
    Element,
    Image,
    Layout,
    Link,
    LinkKind,
    Portal,
    RawArticle,
    stated_address,
)

NEWS_HOST = "news.cgtn.com"
WWW_HOST = "www.cgtn.com"
REGIONAL_HOSTS = ("newsaf.cgtn.com", "newseu.cgtn.com", "newsus.cgtn.com")

# /news/2026-10-03/Golden-Week-travel-1nGxAbCdEfG/index.html, /news/<slug>-<id>/index.html, …/p.html.
# 2017–2018 share pages name the article by a hex id alone (/news/3d3d…/share_p.html) [guess: a form
# remembered from links of those years, not in the notes]; any page name is accepted.
_ARTICLE = re.compile(
    r"^/news/(?:(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})/)?(?P<slug>[A-Za-z0-9][\w.-]*)/(?P<page>[\w-]+)\.html?$"
)
_ID_TAIL = re.compile(r"-(?P<id>[A-Za-z0-9]{8,14})$")
_DIGIT = re.compile(r"\d")
_LOWER = re.compile(r"[a-z]")
_UPPER = re.compile(r"[A-Z]")
# /, /world, /opinions, /most-read, /china/politics: section and list pages (words, no file ending).
_LISTING = re.compile(r"^/(?:[a-z][a-z0-9-]*(?:/[a-z][a-z0-9-]*)?/?)?$")
# Feeds, sitemaps, files and the robots.txt-disallowed *.do endpoints: never articles, never fetched.
_NON_ARTICLE_PATH = re.compile(
    r"^/(?:subscribe|account|static|upload)/"
    r"|\.(?:xml|rss|pdf|jpe?g|png|gif|webp|svg|mp3|mp4|m3u8|zip|js|css|ico|do)$"
    r"|\.do\b",
    re.I,
)

# "Updated 21:42, 22-Sep-2023", "Updated: …": the word that makes a printed time the update time.
_UPDATED = re.compile(r"\bupdated\s*(?:at|on)?\s*[:：]?\s*$", re.I)
# "Source(s): Xinhua", "Sources: Xinhua, AFP": the credit the source marker holds [guess: its wording].
_SOURCE_CREDIT = re.compile(r"^sources?\s*(?:\(s\))?\s*[:：]\s*(?P<source>\S.*)$", re.I)
_SEPARATORS = " ,;|/-–—·"
_EN_WORD = re.compile(r"\ben\b")
_MEDIA_TAGS = frozenset({"video", "iframe", "script", "embed", "object", "audio", "amp-video", "amp-iframe"})
_IMAGE_TAGS = ("img", "amp-img")
# The "Most Read" page's panes by id, each one list: "Most Read (day)" … "Most Read (all)".
MOST_READ_PANES: tuple[tuple[str, str], ...] = (
    ("dayItems", "day"),
    ("weekItems", "week"),
    ("monthItems", "month"),
    ("yearItems", "year"),
    ("allItems", "all"),
)
# Epoch milliseconds from this many up: older values of data-time are seconds.
_EPOCH_MS = 10**11


@dataclass(frozen=True, slots=True)
class Stamps:
    """A header line's printed times, with the rest of the line (a section word, a byline)."""

    rest: str | None
    published: str | None  # a time printed without the "Updated" label
    updated: str | None


def read_stamps(text: str | None) -> Stamps:
    """Split the times off a header line: ``World 21:43, 03-Oct-2026`` → ``World`` and the time.

    A time after ``Updated`` is the update time (``By Li Ming Updated 21:42, 22-Sep-2023``); the others
    are publication times. Each time keeps what is printed with it (``2023.01.19 00:06 GMT+8``).
    """
    rest: list[str] = []
    published = updated = None
    remaining = clean_text(text)
    while (span := find_timestamp(remaining)) is not None:
        start, end = span
        before, stamp = remaining[:start], remaining[start:end].strip(" ,")
        if label := _UPDATED.search(before):
            before = before[: label.start()]
            updated = updated or stamp
        else:
            published = published or stamp
        rest.append(before)
        remaining = remaining[end:]
    rest.append(remaining)
    return Stamps(clean_or_none(clean_text(" ".join(rest)).strip(_SEPARATORS)), published, updated)


@dataclass(frozen=True, slots=True)
class Header:
    """What a CGTN article header prints: section, byline, times."""

    section: str | None
    byline: str | None
    published: str | None  # the publication time, or the update time when it is the only one
    modified: str | None  # the update time, when a publication time is printed too

    @classmethod
    def of(cls, section_line: Stamps, lines: list[Stamps]) -> Header:
        """The header of a section-and-time line and the other lines (author, time lines)."""
        published = section_line.published or next((s.published for s in lines if s.published), None)
        updated = section_line.updated or next((s.updated for s in lines if s.updated), None)
        byline = next((s.rest for s in lines if s.rest), None)
        return cls(section_line.rest, byline, published or updated, updated if published else None)


class Layout2017(Layout):
    """news.cgtn.com (and regional hosts) desktop article pages, 2017 → today: ``#cmsMainContent``.

    Header ``div.news-title`` / ``div.news-section-date`` / ``div.news-author`` [scraper]; body
    ``div.text.en`` blocks up to the ``sourceTextDiv`` marker. Cases: fixtures/cgtn/articles/*, AMP aside.
    """

    name = "Layout2017"
    marker_css = "#cmsMainContent"
    headline_css = ".news-title"
    # Read by the class's start, as the collectors that know these pages do: "news-author-name", …
    section_css = "div[class^='news-section-date']"
    author_css = "div[class^='news-author']"
    author_name_css = ".news-author-name"
    url_form = _ARTICLE

    def article_box(self, root: Element) -> Element | None:
        """The page itself: the header sits outside the body container, whose parents are not known."""
        return root if first(root, self.marker_css) is not None else None

    def headline(self, box: Element) -> str | None:
        return super().headline(box) or _first_clean(box, "h1")

    def header(self, box: Element) -> Header:
        section = author = None
        for element in select(box, f"{self.section_css}, {self.author_css}"):  # one walk for both
            is_section = matches(element, self.section_css)
            if is_section and section is None:
                section = element
            elif not is_section and author is None:
                author = element
        if author is None:
            author = first(box, self.author_name_css)
        lines = [read_stamps(_spaced_text(author))] if author is not None else []
        return Header.of(read_stamps(_spaced_text(section) if section is not None else None), lines)

    def origin(self, box: Element) -> tuple[str | None, str | None]:
        header = self.header(box)
        return header.byline, header.published

    def extract(self, root: Element, url: str, box: Element | None = None) -> RawArticle:
        """The base reading, with what CGTN headers print besides: the section word, the update time,
        and the credit of the source marker."""
        box = box if box is not None else (self.article_box(root) or root)
        raw = super().extract(root, url, box)
        header = self.header(box)
        if header.section:
            raw.section = header.section
            raw.rules["section"] = "layout"
        if header.modified and (modified := parse_datetime(header.modified, self.portal.timezone)):
            raw.modified, raw.modified_raw = modified, header.modified
            raw.rules["dateModified"] = "layout"
        if not raw.source_agency and (credit := self.source_credit(root)):
            raw.source_agency = credit
            raw.rules["sourceAgency"] = "layout"
        return raw

    def source_credit(self, root: Element) -> str | None:
        """``Xinhua`` from the source marker's ``Source(s): Xinhua``."""
        marker = first(root, "#sourceTextDiv")
        if marker is None:
            body = first(root, self.marker_css)
            marker = first(body, ".sourceTextDiv") if body is not None else None
        match = _SOURCE_CREDIT.match(_spaced_text(marker)) if marker is not None else None
        return clean_or_none(match.group("source").strip(_SEPARATORS)) if match else None

    def body_container(self, box: Element) -> Element | None:
        return first(box, self.marker_css)

    def _body_nodes(self, box: Element) -> list[Element]:
        """The text blocks' paragraphs and the image blocks, in page order, up to the source marker."""
        container = self.body_container(box)
        nodes: list[Element] = []
        if container is not None:
            _collect_blocks(container, nodes)
        return nodes

    def body(self, nodes: list[Element], url: str) -> tuple[list[str], list[Image]]:
        """Text paragraphs read as every layout reads them; an image block's own text is its caption."""
        paragraphs: list[str] = []
        images: list[Image] = []
        run: list[Element] = []
        for node in [*nodes, None]:
            if node is not None and _is_text_line(node):
                run.append(node)
                continue
            texts, run_images = super().body(run, url)
            paragraphs += texts
            images += run_images
            run = []
            if node is not None:
                images += _block_images(node, url)
        return paragraphs, images


class LayoutAmp(Layout2017):
    """CGTN AMP article pages (``<html amp>``): ``2023.01.19 00:06 GMT+8``, then ``Updated …`` [text].

    Their markup is not known [guess]: the marker is ``<html amp>`` with a canonical link to a CGTN host,
    the headline is the first ``h1``, the elements right under it are read for the byline and the times,
    and the body is the page's ``div.text.en`` blocks.
    Case: fixtures/cgtn/articles/2023-amp-*.
    """

    name = "LayoutAmp"
    marker_css = "html[amp]"
    headline_css = "h1"
    url_form = _ARTICLE  # the same URLs as the desktop pages: the marker decides, AMP first
    lines_under_headline = 4

    def article_box(self, root: Element) -> Element | None:
        """The page, when it is an AMP page whose canonical page is CGTN's (AMP pages must name one):
        ``<html amp>`` alone is any publisher's AMP page."""
        if root.tag != "html" or root.get("amp") is None:
            return None
        canonical = stated_address(root, "")
        return root if canonical and self.portal.is_own_host(canonical) else None

    def header(self, box: Element) -> Header:
        heading = first(box, self.headline_css)
        lines: list[Stamps] = []
        siblings = heading.itersiblings() if heading is not None else iter(())
        for sibling in siblings:
            if not isinstance(sibling.tag, str):
                continue
            if len(lines) == self.lines_under_headline or _is_text_block(sibling) or sibling.tag == "p":
                break
            lines.append(read_stamps(_spaced_text(sibling)))
        return Header.of(Stamps(None, None, None), lines)

    def body_container(self, box: Element) -> Element | None:
        """The headline's nearest ancestor that holds a text block (not the page header's logo)."""
        heading = first(box, self.headline_css)
        for ancestor in heading.iterancestors() if heading is not None else ():
            if any(_is_text_block(e) for e in ancestor.iter("div")):
                return ancestor
        return None


def _is_text_block(element: Element) -> bool:
    """``<div class="text en">``: a block of the article's English text (a class starting ``text`` and
    naming ``en``, as the collectors that know these pages read it)."""
    if element.tag != "div":
        return False
    classes = element.get("class") or ""
    return classes.startswith("text") and _EN_WORD.search(classes) is not None


def _spaced_text(element: Element) -> str:
    """A header line's text, its pieces spaced: ``<span>World</span><span>21:43, …</span>``."""
    return clean_text(" ".join(element.itertext()))


def _is_text_line(node: Element) -> bool:
    """A line of a text block: one of its ``<p>``, or a line split off it (no parent) at its ``<br>``."""
    parent = node.getparent()
    return parent is None or any(_is_text_block(a) for a in node.iterancestors())


def _is_source_marker(element: Element) -> bool:
    return element.get("id") == "sourceTextDiv" or "sourceTextDiv" in (element.get("class") or "").split()


def _collect_blocks(container: Element, nodes: list[Element]) -> bool:
    """Add the text blocks' lines and the image blocks under ``container``; True at the source marker.

    A text block gives its ``<p>`` (or its ``<br>``-separated lines); a block holding an image and no text
    block is an image block; video and player blocks, and text outside the text blocks, give nothing.
    """
    for child in container:
        if not isinstance(child.tag, str):
            continue
        if _is_source_marker(child):
            return True
        if _is_text_block(child):
            nodes.extend(list(child.iter("p")) or split_at_breaks(child))
            continue
        if child.tag in _MEDIA_TAGS:
            continue
        inner = [e for e in child.iterdescendants() if isinstance(e.tag, str)]
        if any(_is_text_block(e) or _is_source_marker(e) for e in inner):
            if _collect_blocks(child, nodes):
                return True
        elif any(e.tag in _MEDIA_TAGS for e in inner):
            continue
        elif child.tag in _IMAGE_TAGS or any(e.tag in _IMAGE_TAGS for e in inner):
            nodes.append(child)
    return False


def _block_images(block: Element, url: str) -> list[Image]:
    """The images of an image block; its text (a caption, a credit) is the last image's caption."""
    images = []
    for img in block.iter(*_IMAGE_TAGS):
        # A lazy-loaded image's src is a placeholder; data-src is the picture.
        src = (img.get("data-src") or img.get("src") or "").strip()
        if src:
            images.append(Image(absolute_url(url, src)))
    if images:
        images[-1].caption = clean_or_none(text_of(block))
    return images


def _first_clean(root: Element, css: str) -> str | None:
    found = first(root, css)
    return clean_or_none(text_of(found)) if found is not None else None


def shown_time(data_time: str | None) -> str | None:
    """``data-time`` (epoch milliseconds, or seconds) as Beijing time: ``2026-10-03T21:43:00+08:00``."""
    digits = (data_time or "").strip()
    if not digits.isdigit() or not 9 <= len(digits) <= 13:
        return None
    value = int(digits)
    seconds = value / 1000 if value >= _EPOCH_MS else value
    return datetime.fromtimestamp(seconds, BEIJING).isoformat(timespec="seconds")


class Cgtn(Portal):
    """CGTN's English news across its hosts: lists, "Most Read" panes, sitemaps and two article layouts."""

    name = "cgtn"
    title = "CGTN"
    hosts = frozenset({NEWS_HOST, WWW_HOST, *REGIONAL_HOSTS})
    start_urls = (f"http://{WWW_HOST}/",)
    contracts = (
        "@url http://news.cgtn.com/news/2026-10-03/Golden-Week-rail-trips-hit-record-1nGdE4aBcDe/index.html",
        "@returns items 1 1",
        "@returns requests 4 4",
    )
    sitemaps = (f"http://{WWW_HOST}/sitemap.xml",)
    title_suffix = re.compile(r"\s*(?:-|_|\|)\s*CGTN(?:\.com)?\s*$", re.I)
    layout_classes = (LayoutAmp, Layout2017)
    timezone = BEIJING  # pages print Beijing time without a zone, or say GMT+8
    byline_vocabulary = GENERIC_VOCABULARY.extended(outlets=("cgtn", "xinhua", "cctv", "vcg", "ecns"))

    def classify_url(self, url: str) -> Link:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        if host not in self.hosts or parts.scheme not in ("http", "https"):
            return Link(LinkKind.OFFSITE, url)
        netloc = host if parts.port is None else f"{host}:{parts.port}"
        path = parts.path or "/"
        if article := _ARTICLE.match(path):
            page = urlunsplit((parts.scheme, netloc, path, "", ""))
            return Link(LinkKind.ARTICLE, page, article_id_of(article.group("slug")), _url_date(article))
        if _LISTING.match(path):
            return Link(LinkKind.LISTING, urlunsplit((parts.scheme, netloc, path, parts.query, "")))
        if _NON_ARTICLE_PATH.search(path):
            return Link(LinkKind.NON_ARTICLE, url)
        return Link(LinkKind.UNKNOWN, urlunsplit((parts.scheme, netloc, path, parts.query, "")))

    def lists(self, root: Element, url: str) -> list[PageList]:
        """The "Most Read" panes (one list each), "Top News", "Editors' Pick", and a section's cards."""
        join = UrlJoiner(url)
        found: list[PageList] = []
        in_panes: set[Element] = set()
        prefix = "Most Share" if urlsplit(url).path.startswith("/most-share") else "Most Read"
        for pane_id, span in MOST_READ_PANES:
            pane = first(root, f"#{pane_id}")
            if pane is None:
                continue
            cards = select(pane, ".cg-title")
            in_panes.update(cards)
            found.append(_card_list(f"{prefix} ({span})", cards, join))
        found.append(_card_list("Top News", select(root, "div.topNews-item-content-title"), join))
        found.append(_card_list("Editors' Pick", select(root, ".titleArea"), join))
        if self.classify(url).kind is not LinkKind.ARTICLE:  # a section's own cards, named by its title
            cards = [card for card in select(root, ".cg-title") if card not in in_panes]
            found.append(_card_list(self.page_title(root) or "Latest", cards, join))
        return [page_list for page_list in found if page_list.links]


def _card_list(name: str, cards: list[Element], join: UrlJoiner) -> PageList:
    """A list of cards, each one entry: its first link, the link's text, the time in its ``data-time``."""
    by_url: dict[str, ListLink] = {}
    for card in cards:
        anchor = next((a for a in card.iter("a") if (a.get("href") or "").strip()), None)
        if anchor is None:
            continue
        href = (anchor.get("href") or "").strip()
        if href.startswith(("#", "javascript:", "mailto:")):
            continue
        link_url = join(href).split("#", 1)[0]
        title = clean_text(text_of(anchor)) or clean_text(
            next((i.get("alt") for i in anchor.iter("img")), None)
        )
        by_url.setdefault(link_url, ListLink(link_url, title, shown_time(anchor.get("data-time"))))
    return PageList(name, list(by_url.values()))


def article_id_of(slug: str) -> str:
    """``Golden-Week-rail-trips-1nGdE4aBcDe`` → ``1nGdE4aBcDe``; a segment without an id tail (a share
    page's hex id, a slug of words alone) is its own id.

    Ids carry digits or mixed case; a tail that reads as a word (``…-Highlights``) is no id, or every
    slug ending in that word would be one article.
    """
    tail = _ID_TAIL.search(slug)
    if tail is None:
        return slug
    candidate = tail.group("id")
    mixed_case = _LOWER.search(candidate) and _UPPER.search(candidate[1:])
    return candidate if _DIGIT.search(candidate) or mixed_case else slug


def _url_date(match: re.Match[str]) -> date | None:
    if not match.group("y"):
        return None
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


PORTAL = Cgtn()
