"""The crawl frontier in one SQLite file: Scrapy's scheduler and dupefilter, safe against SIGKILL.

Scrapy's own JOBDIR state is written for a clean stop: ``requests.seen`` is buffered and the disk
queues are found again only through ``requests.queue/active.json``, written at close. A crawl killed
with SIGKILL then resumes with nothing to do, or with everything again. Here every request waits as
a row (a pickled ``request_to_dict``), every fingerprint seen is a row, and a request handed to the
downloader stays a row, "in flight", until its page has been read: its records written and its
links queued. Changes are committed together at checkpoints (every ``NEWSCRAWL_CHECKPOINT_SECONDS``
and at close), after the components that write files (the dataset writer) have flushed theirs, so a
committed state never claims a page whose records were not written. A killed crawl resumes from the
last checkpoint: the pages in flight then, and those read since, are fetched again; nothing is lost.

The list snapshots of the run live here too, one row per site, list and content, each page showing
the list one upsert (``ListSnapshotPipeline``): committed with the page's ack, so a resumed crawl
counts every page once, and written out and deleted when the spider closes.

The file is ``JOBDIR/frontier.sqlite``; with no JOBDIR, a state directory's (a dataset run's) or a
temporary file deleted at close. A crawl that finishes deletes it: the next run starts afresh.
Waiting requests live on disk, not in memory: 50,000 articles found and not yet fetched cost pages of
SQLite's cache, not 1.5 KB each.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import sqlite3
import tempfile
import weakref
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.dupefilters import BaseDupeFilter
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.request import RequestFingerprinterProtocol
from scrapy.utils.request import request_from_dict as _request_from_dict
from twisted.internet import task

from newscrawl.items import ListSnapshotItem

logger = logging.getLogger(__name__)

FRONTIER_FILE = "frontier.sqlite"
FRONTIER_ID = "frontier_id"  # Request.meta: the request's row while it is in flight
# Reasons a crawl ends with its work done: its frontier is deleted. Any other (shutdown, a crash)
# keeps it for the next start to resume.
COMPLETE_REASONS = frozenset({"finished", "max_articles", "closespider_itemcount", "closespider_pagecount"})

_SCHEMA = """
CREATE TABLE IF NOT EXISTS queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT, priority INTEGER NOT NULL, in_flight INTEGER NOT NULL DEFAULT 0,
    request BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS queue_next ON queue (in_flight, priority DESC, id);
CREATE TABLE IF NOT EXISTS seen (fingerprint BLOB PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS noted (what TEXT, url TEXT, PRIMARY KEY (what, url)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lists (
    id INTEGER PRIMARY KEY, site TEXT NOT NULL, list_name TEXT NOT NULL, content BLOB NOT NULL,
    page_url TEXT NOT NULL, observed_at TEXT NOT NULL, last_observed_at TEXT NOT NULL,
    page_count INTEGER NOT NULL, items TEXT NOT NULL, UNIQUE (site, list_name, content));
"""
# One list observation (a page showing a list) joins the snapshot of its list and content: the first
# page and time stay those of the earliest observation, the last time is the latest, one page more.
_OBSERVE = """
INSERT INTO lists (site, list_name, content, page_url, observed_at, last_observed_at, page_count, items)
VALUES (?, ?, ?, ?, ?, ?, 1, ?)
ON CONFLICT (site, list_name, content) DO UPDATE SET
    page_url = CASE WHEN excluded.observed_at < observed_at THEN excluded.page_url ELSE page_url END,
    observed_at = min(observed_at, excluded.observed_at),
    last_observed_at = max(last_observed_at, excluded.last_observed_at),
    page_count = page_count + 1
"""

_FRONTIERS: weakref.WeakKeyDictionary[Crawler, Frontier] = weakref.WeakKeyDictionary()


def frontier_path(crawler: Crawler) -> Path | None:
    """Where a crawl's frontier lives; ``None``: a temporary file."""
    settings = crawler.settings
    if jobdir := settings.get("JOBDIR"):
        return Path(jobdir) / FRONTIER_FILE
    if state_dir := settings.get("NEWSCRAWL_STATE_DIR") or _dataset_state_dir(
        settings.get("NEWSCRAWL_DATA_DIR")
    ):
        name = crawler.spidercls.name if crawler.spidercls else "crawl"
        return Path(state_dir) / "frontier" / f"{name}.sqlite"
    return None


def _dataset_state_dir(data_dir: str | None) -> str | None:
    return str(Path(data_dir) / ".state") if data_dir else None


class Frontier:
    """The SQLite file behind the scheduler, the dupefilter and the spider's "seen once" counts."""

    def __init__(self, path: Path | None) -> None:
        self.temporary = path is None
        if path is None:
            path = Path(tempfile.mkdtemp(prefix="newscrawl-frontier-")) / FRONTIER_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.resumed = path.exists()
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # a commit survives the process's death
        self.db.executescript(_SCHEMA)
        self.db.execute("UPDATE queue SET in_flight = 0 WHERE in_flight = 1")  # fetched again
        self.queued = self.db.execute("SELECT count(*) FROM queue").fetchone()[0]
        self.resumed = self.resumed and self.queued > 0
        self.db.execute("BEGIN")
        self.before_commit: list[Callable[[], None]] = []  # writers flushing what the commit vouches for
        self.after_commit: list[Callable[[], None]] = []  # stores of what the flushed lines hold
        self.closed = False

    @classmethod
    def of(cls, crawler: Crawler) -> Frontier:
        """The crawl's frontier, opened by the first component that asks for it."""
        frontier = _FRONTIERS.get(crawler)
        if frontier is None or frontier.closed:
            frontier = _FRONTIERS[crawler] = cls(frontier_path(crawler))
        return frontier

    # --- the dupefilter's and the spider's -------------------------------------------------

    def first_seen(self, fingerprint: bytes) -> bool:
        """Record a request fingerprint; ``False`` if it was recorded before."""
        return self.db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (fingerprint,)).rowcount == 1

    def has_seen(self, fingerprint: bytes) -> bool:
        """Whether a request of this fingerprint was scheduled before (nothing is recorded)."""
        return (
            self.db.execute("SELECT 1 FROM seen WHERE fingerprint = ?", (fingerprint,)).fetchone() is not None
        )

    def first_noted(self, what: str, url: str) -> bool:
        """Record a URL looked at for ``what`` (skipped, navigation); ``False`` if it was before."""
        return self.db.execute("INSERT OR IGNORE INTO noted VALUES (?, ?)", (what, url)).rowcount == 1

    # --- the list snapshots' ----------------------------------------------------------------

    def observe_list(self, snapshot: ListSnapshotItem) -> None:
        """A page showed this list: one more page for the snapshot of its content (one upsert)."""
        text, content = list_content(snapshot.items)
        self.db.execute(
            _OBSERVE,
            (
                snapshot.site,
                snapshot.listName,
                content,
                snapshot.pageUrl,
                snapshot.observedAt,
                snapshot.lastObservedAt,
                text,
            ),
        )

    def list_snapshots(self, batch: int = 100) -> Iterator[list[tuple[int, ListSnapshotItem]]]:
        """The snapshots observed, first seen first, in batches of (row, snapshot): no cursor stays
        open between batches, whatever the caller does meanwhile."""
        after = 0
        while rows := self.db.execute(
            "SELECT id, site, list_name, page_url, observed_at, last_observed_at, page_count, items"
            " FROM lists WHERE id > ? ORDER BY id LIMIT ?",
            (after, batch),
        ).fetchall():
            yield [(row[0], _snapshot_of(row)) for row in rows]
            after = rows[-1][0]

    def forget_lists(self, rows: Iterable[int]) -> None:
        """Snapshots written out leave the frontier (committed with the lines that hold them)."""
        self.db.executemany("DELETE FROM lists WHERE id = ?", [(row,) for row in rows])

    def forget_written_lists(self, records: Iterable[dict[str, Any]]) -> int:
        """Snapshots found written in a killed run's file leave the frontier, committed at once (before
        the file is renamed), so that no later close writes them again; returns how many were here."""
        forgotten = 0
        for record in records:
            site, name, items = record.get("site"), record.get("listName"), record.get("items")
            if not isinstance(items, list):  # not a snapshot: it forgets nothing
                continue
            key = (site, name, list_content(items)[1])
            cursor = self.db.execute(
                "DELETE FROM lists WHERE site = ? AND list_name = ? AND content = ?", key
            )
            forgotten += cursor.rowcount
        if forgotten:
            self.checkpoint()
        return forgotten

    # --- the scheduler's --------------------------------------------------------------------

    def push(self, request: dict[str, Any], priority: int, replaces: int | None) -> None:
        """Queue a request; ``replaces``: the in-flight row it stands for (a retry, a redirect)."""
        self.db.execute(
            "INSERT INTO queue (priority, request) VALUES (?, ?)",
            (priority, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)),
        )
        self.queued += 1
        if replaces is not None:
            self.done(replaces)

    def pop(self) -> tuple[int, dict[str, Any]] | None:
        """The next request by priority, first queued first; it stays a row, in flight."""
        row = self.db.execute(
            "SELECT id, request FROM queue WHERE in_flight = 0 ORDER BY priority DESC, id LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        self.db.execute("UPDATE queue SET in_flight = 1 WHERE id = ?", (row[0],))
        self.queued -= 1
        request: dict[str, Any] = pickle.loads(row[1])
        return row[0], request

    def done(self, row: int) -> None:
        """A request's page has been read (or given up on): it leaves the frontier."""
        self.db.execute("DELETE FROM queue WHERE id = ?", (row,))

    # --- durability -------------------------------------------------------------------------

    def checkpoint(self) -> None:
        """Commit: first the writers flush, so that nothing committed outruns the files."""
        if self.closed:
            return
        for flush in self.before_commit:
            flush()
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")
        for hook in self.after_commit:
            hook()

    def close(self, complete: bool) -> None:
        """Commit and close; a complete crawl's (or a temporary) frontier is deleted."""
        if self.closed:
            return
        self.checkpoint()
        self.db.execute("COMMIT")
        self.db.close()
        self.closed = True
        if complete or self.temporary:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        if self.temporary:
            self.path.parent.rmdir()


def list_content(items: list[dict[str, Any]]) -> tuple[str, bytes]:
    """A list's items as stored (JSON, in their order) and their digest: equal digests, equal lists."""
    text = json.dumps(items, ensure_ascii=False, separators=(",", ":"))
    return text, hashlib.sha256(text.encode("utf-8")).digest()[:16]


def _snapshot_of(row: tuple[Any, ...]) -> ListSnapshotItem:
    _, site, list_name, page_url, observed_at, last_observed_at, page_count, items = row
    return ListSnapshotItem(
        site=site,
        listName=list_name,
        pageUrl=page_url,
        observedAt=observed_at,
        lastObservedAt=last_observed_at,
        pageCount=page_count,
        items=json.loads(items),
    )


class FrontierDupeFilter(BaseDupeFilter):
    """``DUPEFILTER_CLASS``: fingerprints (``newscrawl.fingerprint``) recorded in the frontier."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        assert crawler.request_fingerprinter is not None
        self.fingerprinter: RequestFingerprinterProtocol = crawler.request_fingerprinter
        self.debug = crawler.settings.getbool("DUPEFILTER_DEBUG")
        self.logged = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def request_seen(self, request: Request) -> bool:
        return not Frontier.of(self.crawler).first_seen(self.fingerprinter.fingerprint(request))

    def log(self, request: Request, spider: Spider) -> None:
        if self.debug or not self.logged:
            logger.debug("Filtered duplicate request: %(request)s", {"request": request})
            self.logged = True
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("dupefilter/filtered")


class FrontierScheduler:
    """``SCHEDULER``: requests by priority from the frontier; duplicates dropped by the dupefilter."""

    def __init__(self, crawler: Crawler, dupefilter: BaseDupeFilter) -> None:
        self.crawler = crawler
        self.df = dupefilter
        self.spider: Spider | None = None
        self.frontier: Frontier | None = None
        self.unpicklable: deque[Request] = deque()  # requests whose callback is no spider method
        self.ticker: task.LoopingCall | None = None
        self.interval = crawler.settings.getfloat("NEWSCRAWL_CHECKPOINT_SECONDS", 1.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        dupefilter = build_from_crawler(load_object(crawler.settings["DUPEFILTER_CLASS"]), crawler)
        scheduler = cls(crawler, dupefilter)
        crawler.signals.connect(scheduler._page_read, signal=page_read)
        crawler.signals.connect(scheduler._page_read, signal=signals.request_dropped)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.frontier = Frontier.of(self.crawler)
        if self.frontier.resumed:
            logger.info(
                "Resuming the crawl: %d requests wait in %s", self.frontier.queued, self.frontier.path
            )
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("newscrawl/resumed", True)
        self.df.open()
        self.ticker = task.LoopingCall(self.frontier.checkpoint)
        self.ticker.start(self.interval, now=False)

    def close(self, reason: str) -> None:
        if self.ticker is not None and self.ticker.running:
            self.ticker.stop()
        self.df.close(reason)
        if self.frontier is not None:
            self.frontier.close(complete=reason in COMPLETE_REASONS)

    def has_pending_requests(self) -> bool:
        return bool(self.unpicklable) or (self.frontier is not None and self.frontier.queued > 0)

    def enqueue_request(self, request: Request) -> bool:
        assert self.frontier is not None
        assert self.crawler.stats is not None
        if not request.dont_filter and self.df.request_seen(request):
            assert self.spider is not None
            self.df.log(request, self.spider)
            return False
        replaces = request.meta.pop(FRONTIER_ID, None)
        try:
            as_dict = request.to_dict(spider=self.spider)
        except ValueError:  # a callback that is not a spider method: kept in memory
            self.unpicklable.append(request)
        else:
            self.frontier.push(as_dict, request.priority, replaces)
        self.crawler.stats.inc_value("scheduler/enqueued")
        return True

    def next_request(self) -> Request | None:
        assert self.frontier is not None
        assert self.crawler.stats is not None
        if self.unpicklable:
            request = self.unpicklable.popleft()
        else:
            popped = self.frontier.pop()
            if popped is None:
                return None
            row, as_dict = popped
            request = _request_from_dict(as_dict, spider=self.spider)
            request.meta[FRONTIER_ID] = row
        self.crawler.stats.inc_value("scheduler/dequeued")
        return request

    def _page_read(self, request: Request) -> None:
        """Once per request: a 404 is acknowledged by the downloader middleware and again by the spider
        middleware (its HttpError), and a row id must never be deleted twice, whoever holds it now
        (row ids are not reused either: ``AUTOINCREMENT``)."""
        row = request.meta.pop(FRONTIER_ID, None)
        if row is not None and self.frontier is not None:
            self.frontier.done(row)


# Sent when a request's page has been read, or given up on: its row leaves the frontier.
page_read = object()
# Sent (request=, reason=) when a request ends in the downloader without a page to read.
request_given_up = object()


class FrontierAckSpiderMiddleware:
    """Sends ``page_read`` once a page's callback output has all passed (records, requests)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        yield from result
        self.crawler.signals.send_catch_log(page_read, request=response.request)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> Any:
        async for item in result:
            yield item
        self.crawler.signals.send_catch_log(page_read, request=response.request)

    def process_spider_exception(self, response: Response, exception: BaseException) -> None:
        self.crawler.signals.send_catch_log(page_read, request=response.request)


class FrontierAckDownloaderMiddleware:
    """Sends ``page_read`` for requests that end in the downloader: an error status no retry took up,
    an exception no retry took up, a request refused (robots.txt, off-site)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if not 200 <= response.status < 300:
            self._given_up(request, f"http_{response.status}")
        return response

    def process_exception(self, request: Request, exception: BaseException) -> None:
        if not isinstance(exception, IgnoreRequest):
            self._given_up(request, type(exception).__name__)
            return
        message = str(exception).lower()
        if any(word in message for word in _REFUSALS):  # the crawl's own rules: not a failure
            self.crawler.signals.send_catch_log(page_read, request=request)
            return
        self._given_up(request, "max_redirects" if "redirect" in message else "ignored")

    def _given_up(self, request: Request, reason: str) -> None:
        self.crawler.signals.send_catch_log(page_read, request=request)
        self.crawler.signals.send_catch_log(request_given_up, request=request, reason=reason)


# IgnoreRequest messages of requests the crawl chose not to make (robots.txt, off-site, private).
_REFUSALS = ("robots", "offsite", "private")
