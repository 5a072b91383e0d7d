"""Dated datasets: ``DATA/<site>/<YYYY>/<MM>/<DD>/<runId>.{articles,lists}.jsonl`` and ``.manifest.json``.

The files of a run are written under hidden temporary names (``.<runId>.articles.jsonl.part``) and
appear under their own names only when the run ends: flushed, fsynced, renamed, the manifest last. A
reader watching the folder (``*.articles.jsonl``) never sees a half-written file or a partial line.
A run that was killed leaves its ``.part`` files: the next run over the same data folder folds them
in before it starts (the partial last line cut, every complete record entered in the state store, the
files renamed, a manifest saying ``interrupted``), so no line is lost or doubled.

``DatasetPipeline`` (the last pipeline) writes the lines; ``RunReport`` (``newscrawl.extensions``) hands
it the manifest when the spider closes. Lines reach the kernel at every frontier checkpoint, before the
frontier commits what they vouch for, and the disk (fsync, on the state store's thread) before the state
store writes them down as emitted.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Self

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.files import write_json_atomically
from newscrawl.frontier import Frontier
from newscrawl.items import ArticleItem, ListSnapshotItem, as_record
from newscrawl.state import Emitted, StateStore

logger = logging.getLogger(__name__)

KINDS = ("articles", "lists")
_DATASETS: weakref.WeakKeyDictionary[Crawler, Dataset] = weakref.WeakKeyDictionary()


def new_run_id(now: datetime, job: str | None = None) -> str:
    """Sortable by start time, unique per run (a Scrapyd job's id where there is one)."""
    suffix = "".join(c for c in job if c.isalnum() or c in "-_") if job else secrets.token_hex(4)
    return f"{now:%Y%m%dT%H%M%SZ}-{suffix}"


@dataclass
class RunFiles:
    """One run's files in its day folder."""

    folder: Path
    run_id: str

    def final(self, kind: str) -> Path:
        suffix = "manifest.json" if kind == "manifest" else f"{kind}.jsonl"
        return self.folder / f"{self.run_id}.{suffix}"

    def part(self, kind: str) -> Path:
        return self.folder / f".{self.final(kind).name}.part"


@dataclass
class Dataset:
    """The files a run writes, and the killed runs' files it folds in first."""

    root: Path
    site: str
    run_id: str
    started: datetime
    files: RunFiles = field(init=False)
    handles: dict[str, IO[bytes]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    folded: list[str] = field(default_factory=list)  # run ids of killed runs folded in

    def __post_init__(self) -> None:
        day = self.started.astimezone(UTC)
        self.files = RunFiles(self.root / self.site / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}", self.run_id)

    @classmethod
    def of(cls, crawler: Crawler) -> Dataset | None:
        return _DATASETS.get(crawler)

    def open(self, store: StateStore, frontier: Frontier) -> None:
        """Fold in killed runs' files, then open this run's temporary files."""
        self.fold_in(store, frontier)
        self.files.folder.mkdir(parents=True, exist_ok=True)
        for kind in KINDS:
            self.handles[kind] = self.files.part(kind).open("wb")

    def write(self, kind: str, record: dict[str, Any]) -> None:
        self.handles[kind].write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        self.lines[kind] += 1

    def flush(self) -> None:
        """Hand the lines written so far to the kernel: they survive the process's death."""
        for handle in self.handles.values():
            handle.flush()

    def fsync(self) -> None:
        """Put the lines handed to the kernel on the disk (called off the reactor thread)."""
        for handle in list(self.handles.values()):
            with contextlib.suppress(ValueError, OSError):  # closed meanwhile: fsynced by close()
                os.fsync(handle.fileno())

    def close(self, manifest: dict[str, Any]) -> dict[str, str]:
        """fsync and rename the data files, then write the manifest; returns the files' paths."""
        paths = {}
        for kind, handle in self.handles.items():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            self.files.part(kind).rename(self.files.final(kind))
            paths[kind] = str(self.files.final(kind))
        self.handles.clear()
        write_json_atomically(self.files.final("manifest"), manifest)  # the folder fsynced: the renames too
        return paths

    def fold_in(self, store: StateStore, frontier: Frontier) -> None:
        """Make the files of killed runs whole and visible, their records known to the store, and
        their list snapshots (a run killed as it wrote them) gone from the frontier, not written again."""
        for part in sorted(self.root.glob(f"{self.site}/*/*/*/.*.articles.jsonl.part")):
            killed = RunFiles(part.parent, part.name[1 : -len(".articles.jsonl.part")])
            counts = {}
            for kind in KINDS:
                records = _complete_lines(killed.part(kind))
                if kind == "articles":
                    store.write_now([Emitted.of(record) for record in records])
                else:
                    frontier.forget_written_lists(records)
                counts[kind] = len(records)
                if killed.part(kind).exists():
                    killed.part(kind).rename(killed.final(kind))
            manifest = {
                "runId": killed.run_id,
                "site": self.site,
                "status": "interrupted",
                "foldedInBy": self.run_id,
                "records": {"article": counts["articles"], "listSnapshot": counts["lists"]},
            }
            write_json_atomically(killed.final("manifest"), manifest)
            self.folded.append(killed.run_id)
            logger.warning(
                "Folded in the files of run %s, which did not end: %d articles, %d list snapshots",
                killed.run_id,
                counts["articles"],
                counts["lists"],
            )


def _complete_lines(path: Path) -> list[dict[str, Any]]:
    """The records of a killed run's file, its partial last line cut off (on disk too)."""
    if not path.exists():
        return []
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end < len(data):
        with path.open("r+b") as handle:
            handle.truncate(end)
            os.fsync(handle.fileno())
    records = []
    for number, line in enumerate(data[:end].splitlines(), 1):
        try:
            records.append(json.loads(line))
        except ValueError:
            logger.error("Left out line %d of %s: not JSON", number, path)
    return records


class DatasetPipeline:
    """The last pipeline: writes each record to the run's dataset file (``NEWSCRAWL_DATA_DIR``)."""

    def __init__(self, crawler: Crawler, root: Path) -> None:
        self.crawler = crawler
        self.root = root
        self.dataset: Dataset | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        root = crawler.settings.get("NEWSCRAWL_DATA_DIR")
        if not root:
            raise NotConfigured("no NEWSCRAWL_DATA_DIR: no dataset is written")
        return cls(crawler, Path(root))

    def open_spider(self) -> None:
        spider = self.crawler.spider
        assert spider is not None
        started = datetime.now(UTC)
        run_id = self.crawler.settings.get("NEWSCRAWL_RUN_ID") or new_run_id(
            started, getattr(spider, "_job", None)
        )
        dataset = Dataset(self.root, spider.name, run_id, started)
        store = StateStore.of(self.crawler)
        dataset.open(store, Frontier.of(self.crawler))
        store.durable_first.append(dataset.fsync)
        _DATASETS[self.crawler] = self.dataset = dataset
        Frontier.of(self.crawler).before_commit.append(dataset.flush)
        logger.info("Writing the dataset of run %s in %s", run_id, dataset.files.folder)

    def process_item(self, item: Any) -> Any:
        assert self.dataset is not None
        if isinstance(item, ArticleItem):
            self.dataset.write("articles", as_record(item))
        elif isinstance(item, ListSnapshotItem):
            self.dataset.write("lists", as_record(item))
        return item
