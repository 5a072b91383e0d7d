"""Files written whole or not at all: a reader (a dashboard, cron's next job) never meets half a file.

A file is written under a hidden temporary name beside it (``.<name>.part``), fsynced, renamed over
the old one, and its folder fsynced so that the rename survives a power cut. On an error the temporary
file goes and the old file stays as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO


def part_of(path: Path) -> Path:
    """The hidden temporary name a file is written under before it is renamed into place."""
    return path.with_name(f".{path.name}.part")


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[TextIO]:
    """A text handle on the temporary file (UTF-8, newlines as written: the csv module writes its own);
    when the block ends, the file is fsynced and renamed to ``path``."""
    part = part_of(path)
    try:
        with part.open("w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        part.rename(path)
        fsync_folder(path.parent)
    finally:
        part.unlink(missing_ok=True)


def write_text_atomically(path: Path, text: str) -> None:
    with atomic_file(path) as handle:
        handle.write(text)


def write_json_atomically(path: Path, document: dict[str, Any]) -> None:
    """Indented, keys sorted, one newline at the end."""
    write_text_atomically(path, json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def fsync_folder(folder: Path) -> None:
    """Put a folder's entries (a rename into it) on the disk."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
