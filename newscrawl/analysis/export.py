"""``newscrawl export DATA_DIR --out DIR``: a dataset folder as typed tables an analyst loads unchanged.

Parquet (the default) writes one file per run and table, hive-partitioned::

    DIR/articles/site=<site>/date=<YYYY-MM-DD>/<runId>.parquet
    DIR/list_items/site=<site>/date=<YYYY-MM-DD>/<runId>.parquet
    DIR/views.sql        DuckDB views: articles, list_items, articles_latest
    DIR/_export.json     what was exported, from which source files (size, mtime, SHA-256)

with the fixed schemas of :mod:`newscrawl.analysis.arrow_schema`. It is incremental: a run already
exported from the same source files is not read again; a new or changed one is written (again). Every
file is written under a hidden temporary name in its folder, fsynced and renamed, the state file last,
so a reader never meets half a table, and an export killed midway is redone by the next. CSV writes
``DIR/articles.csv`` and ``DIR/list_items.csv`` whole each time (:mod:`newscrawl.analysis.flat`).

Bad input never stops it: each problem of :mod:`newscrawl.analysis.reader` is one line on standard
error, the rest is exported. A run with damage left out is exported without it and read again by the
next export (so its problems are reported again until the file is mended or removed).

Exit status: 0 everything exported; 1 something left out for damage (a run still being written is
reported, not damage), or a file of the export could not be written (the next export writes it); 2 a
bad argument (nothing written).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import fcntl
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from newscrawl import __version__
from newscrawl.analysis.arrow_schema import Table, tables
from newscrawl.analysis.fields import duckdb_columns, record_fields
from newscrawl.analysis.flat import cell_of, flat_cells
from newscrawl.analysis.reader import (
    EXIT_BAD_ARGUMENT,
    EXIT_CLEAN,
    EXIT_LEFT_OUT,
    KIND_RECORD_TYPES,
    Problem,
    Run,
    read_records,
    scan,
)
from newscrawl.files import atomic_file, fsync_folder, part_of, write_text_atomically
from newscrawl.state import record_key

STATE_FILE = "_export.json"
VIEWS_FILE = "views.sql"
LOCK_FILE = ".export.lock"
CSV_FILES = {"articles": "articles.csv", "list_items": "list_items.csv"}
BATCH_ROWS = 8192  # rows per Parquet row group: a run's records are never all held at once
FORMATS = ("parquet", "csv")


class ExportError(Exception):
    """A bad argument: one line, exit status 2, nothing written."""


@dataclass
class Summary:
    """What an export did, for its summary line and the benchmark."""

    out: Path
    runs: int = 0  # runs read and written this time
    unchanged: int = 0  # runs exported before from the same source files
    records: Counter[str] = field(default_factory=Counter)  # records read, by kind of data file
    rows: Counter[str] = field(default_factory=Counter)  # rows written, by table
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def damaged(self) -> bool:
        return any(problem.damage for problem in self.problems)

    @property
    def bytes(self) -> int:
        """The size of every file of the export (the state file and views included)."""
        return sum(path.stat().st_size for path in self.out.rglob("*") if path.is_file())

    def line(self, fmt: str) -> str:
        """``newscrawl export: 3 runs written: 60 articles, 974 list items → DIR (parquet, …); clean``"""
        written = ", ".join(f"{count:,} {name.replace('_', ' ')}" for name, count in self.rows.items())
        unchanged = f", {self.unchanged} unchanged" if self.unchanged else ""
        damaged = sum(problem.damage for problem in self.problems)
        outcome = (
            f"{damaged} problem{'s' if damaged != 1 else ''}: something left out" if damaged else "clean"
        )
        return (
            f"newscrawl export: {self.runs} run{'s' if self.runs != 1 else ''} written{unchanged}: "
            f"{written or 'no rows'} → {self.out} ({fmt}, {self.bytes:,} bytes, {self.seconds:.2f} s); "
            + outcome
        )


# --- the command -------------------------------------------------------------------------------


def add_parser(commands: Any) -> None:
    export = commands.add_parser("export", help="a dataset folder as typed tables: Parquet (or flat CSV)")
    export.add_argument(
        "data", nargs="?", metavar="DATA_DIR", help="the dataset folder (newscrawl run --data)"
    )
    export.add_argument("--out", metavar="DIR", help="the export folder (not inside DATA_DIR)")
    export.add_argument("--format", default="parquet", help="parquet (incremental, default) or csv (whole)")
    export.add_argument(
        "--duckdb-columns",
        metavar="KIND",
        help="print the columns= of DuckDB's read_json for raw articles or lists JSONL, and exit",
    )


def main(args: argparse.Namespace) -> int:
    if args.duckdb_columns is not None:
        if args.duckdb_columns not in KIND_RECORD_TYPES:
            return _bad(f"--duckdb-columns {args.duckdb_columns!r}: give articles or lists")
        print(duckdb_columns(KIND_RECORD_TYPES[args.duckdb_columns]))
        return EXIT_CLEAN
    try:
        data, out = checked_arguments(args.data, args.out, args.format)
        with held(out):
            summary = export(data, out, args.format)
    except ExportError as error:
        return _bad(str(error))
    except OSError as error:  # a full disk, say: what was renamed into place is whole, the rest redone
        where = error.filename or args.out
        sys.stderr.write(f"newscrawl export: {where}: could not be written ({error.strerror or error})\n")
        return EXIT_LEFT_OUT
    for problem in summary.problems:
        sys.stderr.write(f"newscrawl export: {problem}\n")
    print(summary.line(args.format))
    return EXIT_LEFT_OUT if summary.damaged else EXIT_CLEAN


def _bad(message: str) -> int:
    sys.stderr.write(f"newscrawl export: error: {message}\n")
    return EXIT_BAD_ARGUMENT


def checked_arguments(data_arg: str | None, out_arg: str | None, fmt: str) -> tuple[Path, Path]:
    """The dataset and export folders, the export folder created; :class:`ExportError` says what is
    wrong with them."""
    if fmt not in FORMATS:
        raise ExportError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
    if data_arg is None:
        raise ExportError("give DATA_DIR, the dataset folder")
    if out_arg is None:
        raise ExportError("give --out DIR, the export folder")
    data, out = Path(data_arg).resolve(), Path(out_arg).resolve()
    if not data.is_dir():
        raise ExportError(f"DATA_DIR {data_arg} is not a folder")
    if out == data or data in out.parents:
        raise ExportError(f"--out {out_arg} is inside DATA_DIR {data_arg}: it would be read as data")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with open(out / f".{os.getpid()}.probe", "wb"):
            pass
        (out / f".{os.getpid()}.probe").unlink()
    except OSError as error:
        raise ExportError(f"--out {out_arg} cannot be written: {error.strerror or error}") from None
    return data, out


@contextlib.contextmanager
def held(out: Path) -> Iterator[None]:
    """One export at a time into a folder."""
    with open(out / LOCK_FILE, "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExportError(f"--out {out}: another export is writing it") from None
        yield


def export(data: Path, out: Path, fmt: str) -> Summary:
    started = time.perf_counter()
    summary = Summary(out)
    found = scan(data)
    summary.problems.extend(found.problems)
    if fmt == "csv":
        export_csv(found.runs, out, summary)
    else:
        export_parquet(found.runs, out, summary)
    summary.seconds = time.perf_counter() - started
    return summary


# --- Parquet, incremental ----------------------------------------------------------------------


def export_parquet(runs: list[Run], out: Path, summary: Summary) -> None:
    _remove_leftovers(out)
    state = _read_state(out, summary.problems)
    fingerprint = _fingerprint()
    done: dict[str, Any] = state["runs"] if state.get("fingerprint") == fingerprint else {}
    for run in runs:
        key = f"{run.site}/{run.day.isoformat()}/{run.run_id}"
        sources = {table.kind: run.path(table.kind) for table in tables()}
        previous = done.get(key)
        if previous is not None and (stamps := _unchanged(sources, previous["sources"])) is not None:
            done[key] = {**previous, "sources": stamps}
            summary.unchanged += 1
            continue
        before = len(summary.problems)
        entry = _export_run(run, sources, out, summary)
        summary.runs += 1
        if any(problem.damage for problem in summary.problems[before:]):
            done.pop(key, None)  # read again next time: its problems are reported until it is mended
        else:
            done[key] = entry
    _write_views(out)
    write_text_atomically(out / STATE_FILE, _state_text(fingerprint, done))


def _export_run(run: Run, sources: dict[str, Path], out: Path, summary: Summary) -> dict[str, Any]:
    stamps = {kind: _stamp(path, with_hash=True) for kind, path in sources.items()}
    rows: dict[str, int] = {}
    for table in tables():
        target = (
            out / table.name / f"site={run.site}" / f"date={run.day.isoformat()}" / f"{run.run_id}.parquet"
        )
        source = sources[table.kind]
        count = _write_parquet(table, run, source, target, summary) if source.exists() else 0
        if count == 0:
            target.unlink(missing_ok=True)  # a table without rows is no file (a changed run may lose one)
        rows[table.name] = count
        summary.rows[table.name] += count
    return {"sources": stamps, "rows": rows}


def _write_parquet(table: Table, run: Run, source: Path, target: Path, summary: Summary) -> int:
    """The table's rows from one data file, written atomically; how many (0: nothing written)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = part_of(target)
    count = 0
    try:
        with part.open("wb") as handle:
            writer = pq.ParquetWriter(handle, table.schema, compression="zstd")
            for batch in _batches(table, run, source, summary):
                writer.write_batch(table.batch(batch), row_group_size=BATCH_ROWS)
                count += len(batch)
            writer.close()
            handle.flush()
            os.fsync(handle.fileno())
        if count:
            part.rename(target)
            fsync_folder(target.parent)
        return count
    finally:
        part.unlink(missing_ok=True)


def _batches(table: Table, run: Run, source: Path, summary: Summary) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows from a data file, :data:`BATCH_ROWS` at a time; a record whose values cannot
    take the table's types (none should, once the schema accepted it) is left out and counted."""
    problems: list[Problem] = []
    refused: Counter[str] = Counter()
    batch: list[tuple[Any, ...]] = []
    for record in read_records(source, table.kind, problems):
        summary.records[table.kind] += 1
        try:
            cells = [table.cells(row) for row in table.rows(record, run.run_id)]
        except (ValueError, TypeError, KeyError) as error:
            refused[f"not convertible to the {table.name} table ({type(error).__name__}: {error})"] += 1
            continue
        batch += cells
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch
    summary.problems += problems
    summary.problems += [Problem(source, reason, count) for reason, count in refused.items()]


# --- the state file and views ------------------------------------------------------------------


def _fingerprint() -> str:
    """Changes when the tables' schemas do (a new newscrawl): every run is then written again."""
    text = "\n".join(f"{table.name}: {table.schema}" for table in tables())
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _read_state(out: Path, problems: list[Problem]) -> dict[str, Any]:
    path = out / STATE_FILE
    if not path.exists():
        return {"runs": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(state, dict) and isinstance(state.get("runs"), dict):
            return state
        why = "not an export state"
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or type(error).__name__
    problems.append(Problem(path, f"unreadable ({why}): every run is exported again", damage=False))
    return {"runs": {}}


def _state_text(fingerprint: str, runs: dict[str, Any]) -> str:
    state = {"newscrawl": __version__, "fingerprint": fingerprint, "runs": dict(sorted(runs.items()))}
    return json.dumps(state, indent=2, ensure_ascii=False) + "\n"


def _stamp(path: Path, with_hash: bool) -> dict[str, Any] | None:
    """A source file's size, mtime and (``with_hash``) SHA-256; ``None``: it does not exist."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    stamp: dict[str, Any] = {"size": stat.st_size, "mtimeNs": stat.st_mtime_ns}
    if with_hash:
        digest = hashlib.sha256()
        with contextlib.suppress(OSError), path.open("rb") as handle:  # unreadable: read_records says so
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        stamp["sha256"] = digest.hexdigest()
    return stamp


def _unchanged(sources: dict[str, Path], previous: dict[str, Any]) -> dict[str, Any] | None:
    """The sources' stamps if they are the files exported before (same size and mtime, or same SHA-256
    when the mtime moved); ``None`` when one changed."""
    stamps: dict[str, Any] = {}
    for kind, path in sources.items():
        before, now = previous.get(kind), _stamp(path, with_hash=False)
        if before is None or now is None:
            if before != now:
                return None
            stamps[kind] = None
            continue
        if (now["size"], now["mtimeNs"]) != (before["size"], before["mtimeNs"]):
            now = _stamp(path, with_hash=True)
            if now is None or (now["size"], now.get("sha256")) != (before["size"], before["sha256"]):
                return None
        stamps[kind] = {**now, "sha256": before["sha256"]}
    return stamps


def views_sql(out: Path) -> str:
    """DuckDB views over the export's tables (only those with files: DuckDB refuses an empty glob)."""
    lines = [
        f"-- DuckDB views over the newscrawl export in {out}, rewritten by each export.",
        f"-- duckdb -init {out / VIEWS_FILE}   (or, in a session: .read {out / VIEWS_FILE})",
    ]
    for table in tables():
        if any((out / table.name).glob("*/*/*.parquet")):
            glob = str(out / table.name / "**" / "*.parquet").replace("'", "''")
            lines.append(
                f"CREATE OR REPLACE VIEW {table.name} AS SELECT * FROM read_parquet('{glob}', "
                "hive_partitioning = true, hive_types = {'site': VARCHAR, 'date': DATE});"
            )
            if table.name == "articles":
                lines += [
                    "-- The current version of each article: the highest version of its recordKey.",
                    "CREATE OR REPLACE VIEW articles_latest AS SELECT * FROM articles QUALIFY row_number() "
                    "OVER (PARTITION BY recordKey ORDER BY version DESC, runId DESC) = 1;",
                ]
    return "\n".join(lines) + "\n"


def _write_views(out: Path) -> None:
    write_text_atomically(out / VIEWS_FILE, views_sql(out))


def _remove_leftovers(out: Path) -> None:
    """The temporary files of an export killed midway (the folder is held: none is being written)."""
    for part in out.glob("*/site=*/date=*/.*.part"):
        part.unlink(missing_ok=True)
    for part in out.glob(".*.part"):
        part.unlink(missing_ok=True)


# --- CSV, whole --------------------------------------------------------------------------------


def export_csv(runs: list[Run], out: Path, summary: Summary) -> None:
    """``articles.csv`` and ``list_items.csv``, every run's rows, each file renamed into place whole."""
    _remove_leftovers(out)
    for table_name, kind in (("articles", "articles"), ("list_items", "lists")):
        with atomic_file(out / CSV_FILES[table_name]) as handle:
            writer = csv.DictWriter(handle, fieldnames=_csv_header(kind))
            writer.writeheader()
            for run in runs:
                for row in _csv_rows(run, kind, summary):
                    writer.writerow(row)
                    summary.rows[table_name] += 1
    summary.runs = len(runs)


@cache
def _csv_cells(kind: str) -> tuple[tuple[str, Callable[[Any], str]], ...]:
    """A list item row's cells: the snapshot's fields but its items, then the item's fields."""
    if kind == "articles":
        return flat_cells("article")
    fields = dict(record_fields("listSnapshot"))
    items = fields.pop("items").items
    assert items is not None
    return tuple((name, cell_of(sub)) for name, sub in (*fields.items(), *items.fields))


def _csv_header(kind: str) -> list[str]:
    return ["runId", *(["recordKey"] if kind == "articles" else []), *(name for name, _ in _csv_cells(kind))]


def _csv_rows(run: Run, kind: str, summary: Summary) -> Iterator[dict[str, str]]:
    source = run.path(kind)
    if not source.exists():
        return
    cells = _csv_cells(kind)
    for record in read_records(source, kind, summary.problems):
        summary.records[kind] += 1
        if kind == "articles":
            head = {"runId": run.run_id, "recordKey": record_key(record)}
            yield head | {name: cell(record.get(name)) for name, cell in cells}
            continue
        for item in record["items"]:
            entry = record | item
            yield {"runId": run.run_id} | {name: cell(entry.get(name)) for name, cell in cells}
