"""The record contract: one dataclass per JSONL record type, fields in the order they are written.

``docs/record.md`` documents every field and ``schema/*.schema.json`` validates them; a test keeps
the three in step.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

ARTICLE_SCHEMA_VERSION = "3"
LIST_SNAPSHOT_SCHEMA_VERSION = "2"


@dataclass(slots=True, kw_only=True)
class ArticleItem:
    """One article: schema version 3 (``schema/article.schema.json``)."""

    recordType: str = "article"
    schemaVersion: str = ARTICLE_SCHEMA_VERSION
    url: str | None  # None: a saved page whose address is not known
    canonicalUrl: str | None
    articleId: str | None
    site: str
    layout: str
    headline: str
    byline: str | None
    authors: list[dict[str, str]]
    editors: list[dict[str, str]]
    editorsRaw: str | None
    datePublished: str | None
    datePublishedRaw: str | None
    dateModified: str | None
    dateline: dict[str, str | None] | None
    sourceAgency: str | None
    section: str | None
    keywords: list[str]
    inLanguage: str
    description: str | None
    articleBody: str
    images: list[dict[str, str | None]]  # url None: relative on a page whose address is not known
    contentHash: str
    version: int = 1  # 1, then + 1 each time a run finds the text changed
    firstSeen: str | None = None  # when a crawl first emitted the article (UTC); None: not crawled
    metadata: dict[str, Any]


@dataclass(slots=True, kw_only=True)
class ListSnapshotItem:
    """One named list with one content, as a run saw it: schema version 2
    (``schema/list_snapshot.schema.json``).

    A page yields one per list it shows, seen once (``pageCount`` 1); ``ListSnapshotPipeline`` counts
    these observations and writes one snapshot per run, site, list and content, with its first page,
    its first and last observation and the number of pages that showed it.
    """

    recordType: str = "listSnapshot"
    schemaVersion: str = LIST_SNAPSHOT_SCHEMA_VERSION
    site: str
    listName: str
    pageUrl: str  # the first page it was seen on
    observedAt: str  # the first observation: that page's fetch time
    lastObservedAt: str
    pageCount: int = 1
    items: list[dict[str, Any]] = field(default_factory=list)


def as_record(item: ArticleItem | ListSnapshotItem) -> dict[str, Any]:
    """The item as the JSON object written to the feed (its values are already plain JSON types)."""
    return {name: getattr(item, name) for name in _field_names(type(item))}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(item_class: type[ArticleItem | ListSnapshotItem]) -> tuple[str, ...]:
    """In declaration order; ``dataclasses.fields`` rebuilds its tuple on every call."""
    names = _FIELD_NAMES.get(item_class)
    if names is None:
        names = _FIELD_NAMES[item_class] = tuple(f.name for f in fields(item_class))
    return names
