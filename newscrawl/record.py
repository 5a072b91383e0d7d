"""Raw page fields → the article record: dates, bylines, editors, dateline, body, hash.

The one normalisation path: :func:`newscrawl.page.process_page` calls :func:`build_article` for every
article page, whoever asked (the spider, ``newscrawl extract``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newscrawl.extract.byline import Dateline, parse_byline, parse_editors, split_dateline
from newscrawl.extract.dates import isoformat, parse_datetime, plausible
from newscrawl.items import ArticleItem
from newscrawl.portals.base import RawArticle


class Rejected(Exception):
    """A page that cannot become a valid record; ``reason`` is the stats and log slug."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class FetchInfo:
    """How the page was obtained: the record's ``metadata``."""

    charset: str | None
    spider: str | None = None
    http_status: int | None = None
    discovered_via: str | None = None
    downloaded_at: datetime | None = None

    def as_record(self) -> dict[str, Any]:
        when = self.downloaded_at or datetime.now(UTC)
        return {
            "dateDownloaded": when.astimezone(UTC).isoformat(timespec="seconds"),
            "spider": self.spider,
            "httpStatus": self.http_status,
            "discoveredVia": self.discovered_via,
            "charset": self.charset,
        }


def build_article(raw: RawArticle, fetch: FetchInfo) -> ArticleItem:
    """Normalise ``raw`` into a record; raise :class:`Rejected` for a page with no headline or body.

    Typed values the layout read come first; its display strings are parsed only where it left a
    typed value unset.
    """
    if not raw.headline:
        raise Rejected("missing_headline")
    rules = dict(raw.rules)
    published = _time(raw.published, raw.published_raw, raw, rules, "datePublished")
    modified = _time(raw.modified, raw.modified_raw, raw, rules, "dateModified")
    day = published.date() if published else None
    dateline, paragraphs = _split_dateline(raw.paragraphs, day, raw.place_only_datelines)
    body = "\n".join(paragraphs)
    if not body:
        raise Rejected("empty_body")
    if raw.authors is None:
        credited = parse_byline(raw.byline)
        authors, outlet = list(credited.authors), credited.outlet
    else:
        authors, outlet = raw.authors, raw.source_agency
    editors = raw.editors if raw.editors is not None else parse_editors(raw.editors_raw)
    if dateline:
        rules["dateline"] = "text"
        if not outlet and dateline.agency:
            rules["sourceAgency"] = "text"
    item = ArticleItem(
        url=raw.url,
        canonicalUrl=raw.canonical_url or raw.url,
        articleId=raw.article_id,
        site=raw.site,
        layout=raw.layout,
        headline=raw.headline,
        byline=raw.byline,
        authors=[{"name": name} for name in authors],
        editors=[{"name": name} for name in editors],
        editorsRaw=raw.editors_raw,
        datePublished=isoformat(published),
        datePublishedRaw=raw.published_raw,
        dateModified=isoformat(modified),
        dateline=dateline.as_record() if dateline else None,
        sourceAgency=outlet or (dateline.agency if dateline else None),
        section=raw.section,
        keywords=raw.keywords,
        inLanguage=raw.language,
        description=raw.description,
        articleBody=body,
        images=[{"url": image.url, "caption": image.caption} for image in raw.images],
        contentHash=content_hash(raw.headline, body),
        metadata=fetch.as_record(),
    )
    item.metadata["fieldSources"] = _sources_of_filled(item, rules)
    item.metadata["fallbackFrom"] = raw.fallback_from
    return item


def _time(
    typed: datetime | None, printed: str | None, raw: RawArticle, rules: dict[str, str], name: str
) -> datetime | None:
    """The layout's typed time, else the printed one parsed; a date that cannot be is fixed or dropped."""
    if typed is None and printed:
        typed = parse_datetime(printed, raw.timezone)
        rules.setdefault(name, "text")
    checked = plausible(typed, raw.url_date, later=name == "dateModified", tolerance=raw.url_date_tolerance)
    if checked is not None and checked != typed:
        rules[name] = "url"  # the printed date could not be: the URL's date stands in
    return checked


def _sources_of_filled(item: ArticleItem, rules: dict[str, str]) -> dict[str, str]:
    """``metadata.fieldSources``: the rule of every field that holds a value, in record order."""
    return {name: rules[name] for name in _SOURCED_FIELDS if name in rules and getattr(item, name)}


_SOURCED_FIELDS = (
    "headline", "byline", "authors", "datePublished", "dateModified", "canonicalUrl", "section",
    "keywords", "inLanguage", "description", "articleBody", "images", "editors", "dateline", "sourceAgency",
)  # fmt: skip


def content_hash(headline: str, body: str) -> str:
    """SHA-256 of the text a reader sees: equal hashes mean equal articles, whatever the URL."""
    return hashlib.sha256(f"{headline}\n{body}".encode()).hexdigest()


def _split_dateline(
    paragraphs: list[str], published: Any, place_only: bool = False
) -> tuple[Dateline | None, list[str]]:
    """Take the dateline off the first text paragraph (a photo may come before it)."""
    if not paragraphs:
        return None, []
    dateline, first = split_dateline(paragraphs[0], published, place_only)
    rest = paragraphs[1:]
    return dateline, ([first, *rest] if first else rest)
