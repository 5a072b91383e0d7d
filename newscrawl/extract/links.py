"""Named link lists ("Latest News", "Most Popular", a section's article list) read from a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from parsel import Selector, SelectorList

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
    sel: Selector, base_url: str, block_css: str, heading_css: str, skip_css: str = "", untitled: str = ""
) -> list[PageList]:
    """Every block matching ``block_css``, named by its heading, with its links in page order.

    A block without a heading is named ``untitled`` (a section page's own list, say), or left out when
    that is empty. A link repeated inside a block (an image link and a text link to the same story) is
    one entry; links inside the heading itself or inside ``skip_css`` (pagination) are not entries.
    """
    lists: list[PageList] = []
    for block in sel.css(block_css):
        heading = block.css(heading_css)
        name = heading_name(heading[0].xpath("string()").get()) if heading else untitled
        if not name:
            continue
        # Element proxies are compared by identity while these lists keep them alive.
        excluded = [a.root for a in heading.css("a")]
        for skipped in block.css(skip_css) if skip_css else []:
            excluded += [skipped.root, *(a.root for a in skipped.css("a"))]
        lists.append(PageList(name, _links(block.css("a[href]"), base_url, excluded)))
    return lists


def _links(anchors: SelectorList[Selector], base_url: str, excluded: list[object]) -> list[ListLink]:
    by_url: dict[str, ListLink] = {}
    for anchor in anchors:
        if any(anchor.root is element for element in excluded):
            continue
        href = (anchor.attrib.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        title = clean_text(anchor.xpath("string()").get()) or clean_text(anchor.css("img::attr(alt)").get())
        shown = clean_text(anchor.xpath("following-sibling::*[1][self::span or self::em]/text()").get())
        known = by_url.get(url)
        if known is None or (not known.title and title):
            by_url[url] = ListLink(url, title or (known.title if known else ""), shown or None)
    return list(by_url.values())
