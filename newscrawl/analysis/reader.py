"""Reading a dataset folder back: its runs, their manifests and records, and what is wrong with them.

A dataset folder (``newscrawl run --data DIR``, ``newscrawl.dataset``) holds
``<site>/<YYYY>/<MM>/<DD>/<runId>.{articles,lists}.jsonl`` and ``<runId>.manifest.json``. The export and
the report read it through :func:`scan` and :func:`read_records`, which never raise on bad input: each
problem (a run still writing, a truncated or non-JSON line, a record of another schema version or not
valid, a manifest without its data file, a file that cannot be read) becomes a :class:`Problem` naming
its path and reason, and everything else is read.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newscrawl.items import ARTICLE_SCHEMA_VERSION, LIST_SNAPSHOT_SCHEMA_VERSION
from newscrawl.validation import validator

# The exit statuses of the commands that read a dataset (export, report): all read; something left out
# for damage; a bad argument.
EXIT_CLEAN, EXIT_LEFT_OUT, EXIT_BAD_ARGUMENT = 0, 1, 2

KIND_RECORD_TYPES = {"articles": "article", "lists": "listSnapshot"}
CURRENT_VERSIONS = {"article": ARTICLE_SCHEMA_VERSION, "listSnapshot": LIST_SNAPSHOT_SCHEMA_VERSION}


def list_snapshot_1_as_2(record: dict[str, Any]) -> dict[str, Any]:
    """A version-1 list snapshot is one observation on one page: first and last observed at its
    ``observedAt``, on 1 page. Nothing is lost or guessed."""
    upgraded: dict[str, Any] = {}
    for name, value in record.items():
        upgraded[name] = "2" if name == "schemaVersion" else value
        if name == "observedAt":
            upgraded |= {"lastObservedAt": value, "pageCount": 1}
    return upgraded


# Older record versions read as the current one, where nothing has to be guessed: (recordType, version)
# → a function returning the record in the current version (used only for versions other than it).
UPGRADES: dict[tuple[str, str], Callable[[dict[str, Any]], dict[str, Any]]] = {
    ("listSnapshot", "1"): list_snapshot_1_as_2,
}


_RUN_FILE = re.compile(r"^(?P<run>[^.][^/]*?)\.(?P<kind>articles\.jsonl|lists\.jsonl|manifest\.json)$")
_PART_FILE = re.compile(r"^\.(?P<run>.+?)\.(?:articles\.jsonl|lists\.jsonl|manifest\.json)\.part$")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the dataset that was left out, and why."""

    path: Path
    reason: str
    lines: int = 0  # how many lines it cost (0: a whole file or run)
    damage: bool = True  # False: nothing is wrong with it (a run still being written)

    def __str__(self) -> str:
        cost = f" ({self.lines} line{'s' if self.lines != 1 else ''} left out)" if self.lines else ""
        return f"{self.path}: {self.reason}{cost}"


@dataclass(frozen=True, slots=True)
class Run:
    """One run's files in one day folder of one site."""

    site: str
    day: date
    run_id: str
    folder: Path
    manifest: dict[str, Any] | None

    def path(self, kind: str) -> Path:
        """``articles``, ``lists`` or ``manifest``: the file's path (it may not exist)."""
        suffix = "manifest.json" if kind == "manifest" else f"{kind}.jsonl"
        return self.folder / f"{self.run_id}.{suffix}"

    @property
    def interrupted(self) -> bool:
        return bool(self.manifest) and self.manifest.get("status") == "interrupted"  # type: ignore[union-attr]


@dataclass
class Scan:
    """The runs of a dataset folder, oldest first, and the problems met finding them."""

    root: Path
    runs: list[Run] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def scan(root: Path) -> Scan:
    """Every run under ``root``, from its day folders; a run still being written is a problem, left out."""
    result = Scan(root)
    for folder in _day_folders(root, result.problems):
        site, day = folder.parent.parent.parent.name, _folder_day(folder)
        assert day is not None
        files: dict[str, set[str]] = {}
        for path in sorted(folder.iterdir()):
            if part := _PART_FILE.match(path.name):
                why = f"run {part['run']} is still being written: left out"
                result.problems.append(Problem(path, why, damage=False))
                files.setdefault(part["run"], set()).add("part")
            elif match := _RUN_FILE.match(path.name):
                files.setdefault(match["run"], set()).add(match["kind"].split(".")[0])
        for run_id, kinds in sorted(files.items()):
            if "part" in kinds:
                continue
            run = Run(site, day, run_id, folder, None)
            manifest = _manifest(run.path("manifest"), result.problems) if "manifest" in kinds else None
            if "articles" not in kinds:
                why = "a manifest without its articles file" if "manifest" in kinds else "no articles file"
                result.problems.append(Problem(run.path("articles"), f"{why}: run {run_id} left out"))
                continue
            result.runs.append(Run(site, day, run_id, folder, manifest))
    result.runs.sort(key=lambda run: (run.site, run.day, run.run_id))
    return result


def _day_folders(root: Path, problems: list[Problem]) -> Iterator[Path]:
    """``root/<site>/<YYYY>/<MM>/<DD>``; hidden folders (the state store's ``.state``) are not data."""
    if not root.is_dir():
        problems.append(Problem(root, "not a folder"))
        return
    for path in sorted(root.glob("*/*/*/*")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if path.is_dir() and _folder_day(path) is not None:
            yield path
        elif path.is_dir():
            problems.append(Problem(path, "not a <site>/<YYYY>/<MM>/<DD> folder: left out"))


def _folder_day(folder: Path) -> date | None:
    try:
        return date(int(folder.parent.parent.name), int(folder.parent.name), int(folder.name))
    except ValueError:
        return None


def _manifest(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        problems.append(Problem(path, f"manifest unreadable ({_why(error)}): run read without it"))
        return None
    if not isinstance(document, dict):
        problems.append(Problem(path, "manifest is not a JSON object: run read without it"))
        return None
    return document


def read_records(path: Path, kind: str, problems: list[Problem]) -> Iterator[dict[str, Any]]:
    """The valid records of one data file, in the current schema version, streamed.

    A line that is not JSON (a truncated last line among them), a record of another type or of a
    version that cannot be read as the current one, and a record the schema refuses are left out and
    counted, one problem per file and reason.
    """
    record_type = KIND_RECORD_TYPES[kind]
    left_out: Counter[str] = Counter()
    try:
        with path.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                record, reason = _record(line, record_type)
                if record is not None:
                    yield record
                else:
                    left_out[_numbered(reason, number, line)] += 1
    except OSError as error:
        problems.append(Problem(path, f"unreadable ({_why(error)}): the rest of the file left out"))
    problems.extend(Problem(path, reason, count) for reason, count in left_out.items())


def _record(line: bytes, record_type: str) -> tuple[dict[str, Any] | None, str]:
    if not line.endswith(b"\n"):
        return None, "truncated last line (a run still writing, or a cut copy)"
    try:
        record = json.loads(line)
    except ValueError:
        return None, "not JSON"
    if not isinstance(record, dict) or record.get("recordType") != record_type:
        return None, f"not a {record_type} record"
    version = record.get("schemaVersion")
    if version != CURRENT_VERSIONS[record_type]:
        upgrade = UPGRADES.get((record_type, str(version)))
        if upgrade is None:
            current = CURRENT_VERSIONS[record_type]
            return None, f"schema version {version!r}, this version of newscrawl reads {current!r}"
        record = upgrade(record)
    try:
        validator(record_type)(record)
    except ValueError as error:  # fastjsonschema's JsonSchemaValueException is a ValueError
        return None, f"not valid: {error}"
    return record, ""


def _numbered(reason: str, number: int, line: bytes) -> str:
    """A truncated line's number says where; the others are grouped by reason alone."""
    return f"{reason} at line {number}" if not line.endswith(b"\n") else reason


def _why(error: BaseException) -> str:
    return getattr(error, "strerror", None) or type(error).__name__
