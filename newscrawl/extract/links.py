"""Named link lists ("Latest News", "Most Popular", a section's article list) read from a page.

Every page of a crawl comes through here, so the walk is over lxml elements directly (see
:mod:`newscrawl.extract.css`), and URLs that need no joining are not joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urljoin, urlsplit

from lxml import etree

from newscrawl.extract.css import select, text_of
from newscrawl.extract.text import clean_text, heading_name


@dataclass(frozen=True, slots=True)
class ListLink:
    """One entry of a list: where it points, its text, and the date printed beside it, if any."""

    url: str
    title: str
    shown_date: str | None = None


@dataclass(slots=True)
class PageList:
    """A list as the page shows it, in page order."""

    name: str
    links: list[ListLink] = field(default_factory=list)


def find_lists(
    root: etree._Element,
    base_url: str,
    block_css: str,
    heading_css: str,
    skip_css: str = "",
    untitled: str = "",
) -> list[PageList]:
    """Every block matching ``block_css``, named by its heading, with its links in page order.

    A block without a heading is named ``untitled`` (a section page's own list, say), or left out when
    that is empty. A link repeated inside a block (an image link and a text link to the same story) is
    one entry; links inside the heading itself or inside ``skip_css`` (pagination) are not entries.
    """
    lists: list[PageList] = []
    join = UrlJoiner(base_url)
    for block in select(root, block_css):
        headings = select(block, heading_css)
        name = heading_name(text_of(headings[0])) if headings else untitled
        if not name:
            continue
        # Elements hash by identity, and these sets keep their proxies alive while they are compared.
        excluded = {a for heading in headings for a in heading.iter("a")}
        for skipped in select(block, skip_css) if skip_css else []:
            excluded |= {skipped, *skipped.iter("a")}
        lists.append(PageList(name, _links(block, join, excluded)))
    return lists


def _links(block: etree._Element, join: UrlJoiner, excluded: set[etree._Element]) -> list[ListLink]:
    by_url: dict[str, ListLink] = {}
    for anchor in block.iter("a"):
        href = (anchor.get("href") or "").strip()
        if anchor in excluded or not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = join(href).split("#", 1)[0]
        title = clean_text(text_of(anchor)) or clean_text(_image_alt(anchor))
        known = by_url.get(url)
        if known is None or (not known.title and title):
            by_url[url] = ListLink(url, title or (known.title if known else ""), _shown_date(anchor))
    return list(by_url.values())


def _image_alt(anchor: etree._Element) -> str | None:
    return next((img.get("alt") for img in anchor.iter("img")), None)


def _shown_date(anchor: etree._Element) -> str | None:
    """The date a list prints right after a link: ``<a>…</a><span>2024-09-27 10:32</span>``."""
    after = anchor.getnext()
    if after is None or after.tag not in ("span", "em"):
        return None
    texts = after.xpath("text()")
    return clean_text(str(texts[0])) if isinstance(texts, list) and texts else None


def absolute_url(base: str, href: str | None) -> str | None:
    """``href`` made absolute against ``base`` (``""``: unknown); None unless that is an http(s) URL
    (``javascript:``, ``data:``, or a relative address on a page whose own address is not known)."""
    if not href or not href.strip():
        return None
    joined = without_host_dot(urljoin(base, href.strip()))
    return joined if joined.startswith(("http://", "https://")) else None


# --- hosts -------------------------------------------------------------------------------------
# A host written with its final dot (``en.people.cn.``, the fully qualified form) names the same host;
# stored URLs and links carry it now and then. Hosts are compared, and URLs written, without it.

# The host of an absolute URL whose last label is followed by one or more dots.
_HOST_DOT = re.compile(
    r"^([a-zA-Z][a-zA-Z0-9+.\-]*://(?:[^/?#@]*@)?[^/?#@:\[\]]*[^/?#@:.\[\]])\.+(?=[:/?#]|$)"
)


def without_host_dot(url: str) -> str:
    """``http://en.people.cn./a.html`` → ``http://en.people.cn/a.html``; any other URL as it is."""
    if "./" not in url and ".:" not in url and ".?" not in url and ".#" not in url and url[-1:] != ".":
        return url  # the common case, in a few substring tests
    return _HOST_DOT.sub(r"\1", url, count=1)


def host_of(parts: SplitResult) -> str:
    """The URL's host, lower-cased and without a final dot: what portal and site hosts are matched on."""
    return (parts.hostname or "").rstrip(".")


class UrlJoiner:
    """``urljoin`` against one page's URL, with the cheap cases (absolute, root-relative, protocol-relative
    ``//host/path``, which some portals write for every link) done by hand."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url = without_host_dot(base_url)
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None
        self.scheme = f"{parts.scheme}:" if self.origin else None

    def __call__(self, href: str) -> str:
        if _is_plain_absolute(href):
            return href
        if self.origin and href.startswith("/") and "/." not in href and " " not in href:
            if not href.startswith("//"):
                return self.origin + href
            if self.scheme and href[2:3] not in ("/", "") and "\\" not in href:
                return without_host_dot(self.scheme + href)
        return without_host_dot(urljoin(self.base_url, href))

    def join_all(self, hrefs: list[str]) -> list[str]:
        """Every non-empty href, stripped and absolute; the common case inlined (pages have hundreds)."""
        return [href if _is_plain_absolute(href) else self(href) for raw in hrefs if (href := raw.strip())]


def _is_plain_absolute(href: str) -> bool:
    return href.startswith(("http://", "https://")) and " " not in href and "./" not in href
