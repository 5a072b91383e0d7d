"""Raw page fields → the article record: dates, bylines, editors, dateline, body, hash.

The one normalisation path: the spider's ``NormalizePipeline`` and ``newscrawl extract`` both call
:func:`build_article`, so a crawl and a re-extraction give the same record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newscrawl.extract.byline import Dateline, parse_byline, parse_editors, split_dateline
from newscrawl.extract.dates import isoformat, parse_datetime
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


@dataclass(slots=True)
class ArticlePage:
    """What the spider yields for an article page: the raw fields and how they were fetched."""

    raw: RawArticle
    fetch: FetchInfo


def build_article(raw: RawArticle, fetch: FetchInfo) -> ArticleItem:
    """Normalise ``raw`` into a record; raise :class:`Rejected` for a page with no headline or body."""
    if not raw.headline:
        raise Rejected("missing_headline")
    published = parse_datetime(raw.published_raw, raw.timezone) or parse_datetime(
        raw.published_hint, raw.timezone
    )
    dateline, paragraphs = _split_dateline(raw.paragraphs, published.date() if published else None)
    body = "\n".join(paragraphs)
    if not body:
        raise Rejected("empty_body")
    byline = parse_byline(raw.byline)
    agency = byline.outlet or (dateline.agency if dateline else None)
    return ArticleItem(
        url=raw.url,
        canonicalUrl=raw.canonical_url or raw.url,
        articleId=raw.article_id,
        site=raw.site,
        layout=raw.layout,
        headline=raw.headline,
        byline=raw.byline,
        authors=[{"name": name} for name in byline.authors],
        editors=[{"name": name} for name in parse_editors(raw.editors_raw)],
        editorsRaw=raw.editors_raw,
        datePublished=isoformat(published),
        datePublishedRaw=raw.published_raw or raw.published_hint,
        dateModified=None,
        dateline=dateline.as_record() if dateline else None,
        sourceAgency=agency,
        section=raw.section,
        keywords=raw.keywords,
        inLanguage=raw.language,
        description=raw.description,
        articleBody=body,
        images=[{"url": image.url, "caption": image.caption} for image in raw.images],
        contentHash=content_hash(raw.headline, body),
        metadata=fetch.as_record(),
    )


def content_hash(headline: str, body: str) -> str:
    """SHA-256 of the text a reader sees: equal hashes mean equal articles, whatever the URL."""
    return hashlib.sha256(f"{headline}\n{body}".encode()).hexdigest()


def _split_dateline(paragraphs: list[str], published: Any) -> tuple[Dateline | None, list[str]]:
    """Take the dateline off the first text paragraph (a photo may come before it)."""
    if not paragraphs:
        return None, []
    dateline, first = split_dateline(paragraphs[0], published)
    rest = paragraphs[1:]
    return dateline, ([first, *rest] if first else rest)
