"""The state store: every article a crawl has emitted, across runs, in one SQLite file.

A row per article (its key: ``<site>:<articleId>``, or the URL where a site has no ids) holds the
URL, the contentHash and version last emitted, when it was first and last seen and when it was
published; every URL an article was found under is an alias of its key. Incremental runs read it:
an article known and published before the re-check window is not fetched again, one fetched again
is emitted only if its contentHash changed (``version`` + 1).

A record counts as emitted once its line is in the dataset file: records are *noted* as they are
scraped and written to the store in batches at the frontier's checkpoints, after the dataset
writer has flushed their lines, by one writer thread (commits do not hold the reactor). Lookups read
the committed rows and the notes not yet written. The directory is held with an exclusive lock per
site: a second run over it stops at once (:class:`StateLocked`).
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from newscrawl.fingerprint import article_key

logger = logging.getLogger(__name__)

STATE_FILE = "state.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY, site TEXT NOT NULL, url TEXT, content_hash TEXT NOT NULL,
    version INTEGER NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, published TEXT);
CREATE TABLE IF NOT EXISTS aliases (url TEXT PRIMARY KEY, key TEXT NOT NULL) WITHOUT ROWID;
"""

_STORES: weakref.WeakKeyDictionary[Crawler, StateStore] = weakref.WeakKeyDictionary()


class StateLocked(RuntimeError):
    """Another run holds the state directory for this site."""


@dataclass(frozen=True, slots=True)
class Known:
    """What the store remembers of one article."""

    content_hash: str
    version: int
    first_seen: str
    published: str | None
    this_run: bool  # emitted or seen again by the running crawl


@dataclass(frozen=True, slots=True)
class _Batch:
    future: Future[None]
    notes: dict[str, Emitted]


@dataclass(frozen=True, slots=True)
class Emitted:
    """One article record as written to a dataset file."""

    key: str
    site: str
    urls: tuple[str, ...]
    content_hash: str
    version: int
    first_seen: str
    published: str | None

    @classmethod
    def of(cls, record: dict[str, Any]) -> Emitted:
        urls = tuple(dict.fromkeys(u for u in (record.get("url"), record.get("canonicalUrl")) if u))
        return cls(
            key=record_key(record),
            site=record["site"],
            urls=urls,
            content_hash=record["contentHash"],
            version=int(record.get("version") or 1),
            first_seen=record.get("firstSeen") or _now(),
            published=record.get("datePublished"),
        )


def record_key(record: dict[str, Any]) -> str:
    """The key of the article a record is of: its id, else its canonical URL, else its URL."""
    if record.get("articleId"):
        return article_key(record["site"], record["articleId"])
    return f"{record['site']}:url:{record.get('canonicalUrl') or record.get('url') or record['contentHash']}"


def state_dir_of(settings: Any) -> Path | None:
    """``NEWSCRAWL_STATE_DIR``, else ``.state`` in ``NEWSCRAWL_DATA_DIR``; ``None``: a throwaway store."""
    if explicit := settings.get("NEWSCRAWL_STATE_DIR"):
        return Path(explicit)
    if data_dir := settings.get("NEWSCRAWL_DATA_DIR"):
        return Path(data_dir) / ".state"
    return None


class StateStore:
    """The store of one crawl: a read connection on the reactor thread, a writer thread for batches."""

    def __init__(self, directory: Path | None, site: str) -> None:
        self.temporary = directory is None
        self.directory = Path(tempfile.mkdtemp(prefix="newscrawl-state-")) if directory is None else directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.site = site
        self.started = _now()
        self.lock_file: TextIO | None = hold_state_lock(self.directory, site)
        self.path = self.directory / STATE_FILE
        writer = _connect(self.path)
        writer.executescript(_SCHEMA)
        writer.close()
        self.reader = _connect(self.path)
        # Only an article an earlier run emitted can make a link not worth fetching; every row this
        # run writes is of this run. With none (a first run), links cost no lookup (:meth:`wants`).
        self.earlier_runs = self._has_rows_before(self.started)
        self.notes: dict[str, Emitted] = {}  # scraped since the last batch
        self.touched: dict[str, str] = {}  # unchanged articles seen again: key -> when
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newscrawl-state")
        self.batches: list[_Batch] = []  # handed to the writer thread, maybe not yet committed
        self._writer: sqlite3.Connection | None = None
        self.closed = False
        # Run on the writer thread before each batch: the dataset's fsync, so that the store never
        # knows a record whose line a power cut could still take back.
        self.durable_first: list[Callable[[], None]] = []

    @classmethod
    def of(cls, crawler: Crawler) -> StateStore:
        """The crawl's store, opened (and locked) by the first component asking for it."""
        store = _STORES.get(crawler)
        if store is None:
            site = crawler.spidercls.name if crawler.spidercls else "crawl"
            store = _STORES[crawler] = cls(state_dir_of(crawler.settings), site)
            # After the frontier's last checkpoint (the scheduler closes before this signal).
            crawler.signals.connect(store.spider_closed, signal=signals.spider_closed)
        return store

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.close()

    # --- reading ----------------------------------------------------------------------------

    def known(self, key: str) -> Known | None:
        """The article as last emitted, noted or committed; ``None`` if never."""
        for notes in (self.notes, *(batch.notes for batch in reversed(self.batches))):
            if (note := notes.get(key)) is not None:
                return Known(note.content_hash, note.version, note.first_seen, note.published, True)
        row = self.reader.execute(
            "SELECT content_hash, version, first_seen, published, last_seen >= ? FROM articles WHERE key = ?",
            (self.started, key),
        ).fetchone()
        if row is None:
            return None
        content_hash, version, first_seen, published, this_run = row
        return Known(content_hash, version, first_seen, published, bool(this_run) or key in self.touched)

    def key_of_url(self, url: str) -> str | None:
        """The key of the article known under ``url``, if any."""
        for notes in (self.notes, *(batch.notes for batch in self.batches)):
            for note in notes.values():
                if url in note.urls:
                    return note.key
        row = self.reader.execute("SELECT key FROM aliases WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def _has_rows_before(self, moment: str) -> bool:
        query = "SELECT EXISTS (SELECT 1 FROM articles WHERE last_seen < ?)"
        return bool(self.reader.execute(query, (moment,)).fetchone()[0])

    def wants(self, key: str | None, url: str, recheck: timedelta, now: datetime) -> bool:
        """Whether an article link is worth fetching: not emitted by an earlier run, or published
        within ``recheck`` (a second link within this run is the dupefilter's to drop)."""
        if not self.earlier_runs:  # whatever the store knows, this run emitted: worth fetching
            return True
        key = key or self.key_of_url(url)
        known = self.known(key) if key else None
        if known is None or known.this_run:
            return True
        if not known.published:
            return False
        try:
            published = datetime.fromisoformat(known.published)
        except ValueError:
            return True
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        return now - published <= recheck

    # --- writing ----------------------------------------------------------------------------

    def note(self, emitted: Emitted) -> None:
        """A record scraped (its line handed to the writer); in the store at the next batch."""
        self.notes[emitted.key] = emitted

    def touch(self, key: str) -> None:
        """An unchanged article seen again."""
        self.touched[key] = _now()

    def write_batch(self) -> None:
        """Hand the notes to the writer thread (called once their lines are flushed)."""
        if self.closed:
            return
        self.batches = [batch for batch in self.batches if not batch.future.done()]
        if not self.notes and not self.touched:
            return
        notes, touched = self.notes, self.touched
        self.notes, self.touched = {}, {}
        future = self.thread.submit(self._write, list(notes.values()), touched)
        self.batches.append(_Batch(future, notes))

    def _write(self, notes: list[Emitted], touched: dict[str, str]) -> None:
        for make_durable in self.durable_first:
            make_durable()
        if self._writer is None:
            self._writer = _connect(self.path)
        with self._writer:
            self._writer.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                " url = excluded.url, content_hash = excluded.content_hash, version = excluded.version,"
                " last_seen = excluded.last_seen, published = excluded.published"
                " WHERE excluded.version >= articles.version",
                [_article_row(note) for note in notes],
            )
            self._writer.executemany(
                "INSERT OR REPLACE INTO aliases VALUES (?, ?)", [(u, n.key) for n in notes for u in n.urls]
            )
            self._writer.executemany(
                "UPDATE articles SET last_seen = ? WHERE key = ?", [(w, k) for k, w in touched.items()]
            )

    def write_now(self, emitted: list[Emitted]) -> None:
        """Write records found on disk (a killed run's lines) before the crawl starts."""
        for record in emitted:
            known = self.known(record.key)
            if known is None or known.version < record.version:
                self.note(record)
        self.write_batch()
        self.wait()

    def wait(self) -> None:
        for batch in self.batches:
            batch.future.result()
        self.batches = []

    def close(self) -> None:
        """Write what is noted, wait for it, release the lock (once; later calls do nothing)."""
        if self.closed:
            return
        self.write_batch()
        self.closed = True
        self.wait()
        self.thread.submit(self._close_writer).result()
        self.thread.shutdown()
        self.reader.close()
        if self.lock_file is not None:
            release_state_lock(self.directory, self.site)
            self.lock_file = None
        if self.temporary:
            shutil.rmtree(self.directory, ignore_errors=True)

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


_HELD: dict[Path, TextIO] = {}  # the state locks this process holds


def hold_state_lock(directory: Path, site: str) -> TextIO:
    """Hold ``<directory>/<site>.lock`` for this process (again: the same hold); :class:`StateLocked`
    if another process holds it. The lock goes with the process, however it ends."""
    directory.mkdir(parents=True, exist_ok=True)
    path = (directory / f"{site}.lock").resolve()
    if (held := _HELD.get(path)) is not None:
        return held
    handle = path.open("a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another run"
        handle.close()
        raise StateLocked(
            f"the state directory {directory} is held for {site} by {holder}; "
            "wait for that run to end, or give another --state"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"process {os.getpid()}")
    handle.flush()
    _HELD[path] = handle
    return handle


def release_state_lock(directory: Path, site: str) -> None:
    if (handle := _HELD.pop((directory / f"{site}.lock").resolve(), None)) is not None:
        handle.close()


def _article_row(note: Emitted) -> tuple[object, ...]:
    url = note.urls[0] if note.urls else None
    return (
        note.key,
        note.site,
        url,
        note.content_hash,
        note.version,
        note.first_seen,
        _now(),
        note.published,
    )


def _connect(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=30, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def _now() -> str:
    """To the microsecond: a row is of this run when last seen since it started, and a run started in
    the second the last one wrote its last rows must not take them for its own (they would be fetched
    again). Older stores' whole-second times compare as earlier within their second (``+`` < ``.``)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
