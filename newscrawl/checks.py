"""Every setting newscrawl reads, checked before a crawl starts: one line saying what is wrong.

Scrapy reads most settings where they are used: ``-s NEWSCRAWL_RETRY_AFTER_MAX=abc`` dies in an asyncio
traceback once the crawl is under way, ``-s CONCURRENT_REQUESTS_PER_DOMAIN=0`` hangs for ever, an
unwritable report file loses the report at the very end. :func:`check_settings` reads each setting of
:data:`CHECKS` the way Scrapy will, and raises :class:`SettingError` with one line for the first bad
one; ``scrapy crawl`` (``newscrawl.commands.crawl``) prints it and exits with status 2, and ``newscrawl
run`` does the same. A ``NEWSCRAWL_*`` name that is not in the table is a typo, and refused too.

Output paths are checked without writing anything: the nearest folder that exists must be a folder
newscrawl may write in (Scrapy creates the missing ones), and an existing file must be writable.
"""

from __future__ import annotations

import difflib
import logging
import math
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from scrapy.settings import BaseSettings

from newscrawl.politeness import contact_reference

Check = Callable[[BaseSettings, str], None]
RUN_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


class SettingError(ValueError):
    """A setting has a value it cannot have; the message is one line saying which and why."""


# --- checkers: each reads the setting as Scrapy will, and says what it must be -------------------


BOOLEANS = ("True", "False", "true", "false", "1", "0")  # what Scrapy's getbool reads, but other numbers


def boolean(settings: BaseSettings, name: str) -> None:
    value = settings.get(name)
    if value in (True, False) or (isinstance(value, str) and value in BOOLEANS):  # 1 and 0 are True, False
        return
    raise SettingError(f"{name} must be True or False, not {value!r}")


def whole(minimum: int) -> Check:
    """A whole number of at least ``minimum``."""

    def check(settings: BaseSettings, name: str) -> None:
        what = f"{name} must be a whole number of {minimum} or more, not {settings.get(name)!r}"
        try:
            value = settings.getint(name)
        except (TypeError, ValueError):
            raise SettingError(what) from None
        if value < minimum:
            raise SettingError(what)

    return check


def number(minimum: float = 0.0, above: bool = False, unit: str = "") -> Check:
    """A finite number of at least ``minimum`` (``above``: more than it), in ``unit``."""

    def check(settings: BaseSettings, name: str) -> None:
        bound = f"more than {minimum:g}" if above else f"{minimum:g} or more"
        what = f"{name} must be a number{' of ' + unit if unit else ''} ({bound}), not {settings.get(name)!r}"
        try:
            value = settings.getfloat(name)
        except (TypeError, ValueError):
            raise SettingError(what) from None
        if not math.isfinite(value) or value < minimum or (above and value == minimum):
            raise SettingError(what)

    return check


def log_level(settings: BaseSettings, name: str) -> None:
    value = settings.get(name)
    if isinstance(value, int) or str(value).upper() in logging.getLevelNamesMapping():
        return
    raise SettingError(f"{name} must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not {value!r}")


def contact(settings: BaseSettings, name: str) -> None:
    value = settings.get(name)
    if not value:
        return
    if not isinstance(value, str) or contact_reference(value) is None:
        raise SettingError(f"{name} must be an e-mail address or an http(s) URL, not {value!r}")


def user_agent(settings: BaseSettings, name: str) -> None:
    value = settings.get(name)
    if not isinstance(value, str) or not value.strip() or any(ord(char) < 32 for char in value):
        raise SettingError(f"{name} must be one line of text, not {value!r}")


def gc_thresholds(settings: BaseSettings, name: str) -> None:
    text = str(settings.get(name) or "").replace(" ", "")
    parts = text.split(",") if text else []
    if len(parts) > 3 or not all(part.isdigit() for part in parts):
        raise SettingError(f"{name} must be 1 to 3 whole numbers separated by commas, or empty, not {text!r}")


def run_id(settings: BaseSettings, name: str) -> None:
    """A run's id names its dataset files: letters, digits, ``-``, ``_`` and ``.``, not first."""
    value = settings.get(name)
    if value and not (isinstance(value, str) and RUN_ID.fullmatch(value)):
        raise SettingError(f"{name} must be letters, digits, '-', '_' or '.' (not first), not {value!r}")


def writable_file(settings: BaseSettings, name: str) -> None:
    """A file path (empty: none) that can be created or overwritten."""
    value = settings.get(name)
    if value:
        _writable(name, Path(str(value)), folder=False)


def writable_folder(settings: BaseSettings, name: str) -> None:
    """A folder path (empty: none) that exists and is writable, or can be created."""
    value = settings.get(name)
    if value:
        _writable(name, Path(str(value)), folder=True)


def feed_uri(settings: BaseSettings, name: str) -> None:
    """A feed URI (empty: none); a local one must be writable."""
    value = settings.get(name)
    path = local_path(str(value)) if value else None
    if path is not None:
        _writable(name, path, folder=False)


def feeds(settings: BaseSettings, name: str) -> None:
    """Every local feed (``-o``/``-O`` files included) must be writable."""
    for uri in settings.getdict(name):  # -s FEEDS='…' was read as JSON already
        path = local_path(str(uri))
        if path is not None:
            _writable(f"the output {uri}", path, folder=False)


# --- paths -------------------------------------------------------------------------------------


def local_path(uri: str) -> Path | None:
    """The file a feed URI writes, up to its first ``%(…)s`` placeholder; ``None``: not a local file."""
    parts = urlsplit(uri)
    if parts.scheme == "file":
        path = unquote(parts.path)
    elif parts.scheme == "" or len(parts.scheme) == 1:  # a plain path (or a Windows drive letter)
        path = uri
    else:
        return None  # stdout:, s3:, ftp:… are not files here
    fixed: list[str] = []
    for part in Path(path).parts:
        if "%(" in part:  # %(name)s, %(time)s…: the folders before it are what can be checked
            return Path(*fixed, "placeholder")
        fixed.append(part)
    return Path(path)


def _writable(what: str, path: Path, folder: bool) -> None:
    """Raise :class:`SettingError` unless ``path`` could be written (created with its folders)."""
    path = path.expanduser()
    if path.exists():
        if path.is_dir() != folder:
            kind = "a folder" if path.is_dir() else "a file"
            raise SettingError(f"{what}: {path} is {kind}, not a {'folder' if folder else 'file'}")
        if not os.access(path, os.W_OK | (os.X_OK if folder else 0)):
            raise SettingError(f"{what}: {path} cannot be written")
        return
    for parent in _ancestors(path):
        if parent.exists():
            if not parent.is_dir():
                raise SettingError(f"{what}: {path} cannot be created, {parent} is a file")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise SettingError(f"{what}: {path} cannot be created in {parent}")
            return


def _ancestors(path: Path) -> Iterator[Path]:
    absolute = path if path.is_absolute() else Path.cwd() / path
    yield from absolute.parents


# --- the table -----------------------------------------------------------------------------------

CHECKS: dict[str, Check] = {
    # newscrawl's own (every NEWSCRAWL_* of newscrawl/settings.py, and those `newscrawl run` sets)
    "NEWSCRAWL_CONTACT": contact,
    "NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS": boolean,
    "NEWSCRAWL_RETRY_AFTER_MAX": number(unit="seconds"),
    "NEWSCRAWL_LISTS_FEED": feed_uri,
    "NEWSCRAWL_REPORT_FILE": writable_file,
    "NEWSCRAWL_GC_THRESHOLDS": gc_thresholds,
    "NEWSCRAWL_DATA_DIR": writable_folder,
    "NEWSCRAWL_STATE_DIR": writable_folder,
    "NEWSCRAWL_RUN_ID": run_id,
    "NEWSCRAWL_RECHECK_DAYS": number(unit="days"),
    "NEWSCRAWL_CHECKPOINT_SECONDS": number(above=True, unit="seconds"),
    "NEWSCRAWL_INCREMENTAL": boolean,
    "NEWSCRAWL_PROGRESS": boolean,
    # Scrapy's, where a bad value crashes, hangs or is ignored only once the crawl runs
    "USER_AGENT": user_agent,
    "ROBOTSTXT_OBEY": boolean,
    "AUTOTHROTTLE_ENABLED": boolean,
    "AUTOTHROTTLE_DEBUG": boolean,
    "AUTOTHROTTLE_START_DELAY": number(unit="seconds"),
    "AUTOTHROTTLE_MAX_DELAY": number(unit="seconds"),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": number(above=True),
    "CONCURRENT_REQUESTS": whole(0),  # 0: no limit but the per-host one
    "CONCURRENT_REQUESTS_PER_DOMAIN": whole(1),  # 0: the crawl never sends a request, and never ends
    "CONCURRENT_REQUESTS_PER_IP": whole(0),
    "CONCURRENT_ITEMS": whole(1),
    "DOWNLOAD_DELAY": number(unit="seconds"),
    "DOWNLOAD_DELAY_JITTER": number(),
    "DOWNLOAD_TIMEOUT": number(above=True, unit="seconds"),
    "DOWNLOAD_MAXSIZE": whole(0),
    "DOWNLOAD_WARNSIZE": whole(0),
    "RETRY_ENABLED": boolean,
    "RETRY_TIMES": whole(0),
    "DEPTH_LIMIT": whole(0),
    "CLOSESPIDER_TIMEOUT": number(unit="seconds"),
    "CLOSESPIDER_ITEMCOUNT": whole(0),
    "CLOSESPIDER_PAGECOUNT": whole(0),
    "CLOSESPIDER_ERRORCOUNT": whole(0),
    "LOG_LEVEL": log_level,
    "LOG_FILE": writable_file,
    "JOBDIR": writable_folder,
    "FEEDS": feeds,
}


def check_settings(settings: BaseSettings) -> None:
    """Raise :class:`SettingError` (one line) for the first setting newscrawl could not run with."""
    for name in settings:
        if str(name).startswith("NEWSCRAWL_") and name not in CHECKS:
            raise SettingError(unknown(str(name)))
    for name, check in CHECKS.items():
        if settings.get(name) is not None:
            check(settings, name)


def unknown(name: str) -> str:
    """The message for a ``NEWSCRAWL_*`` name of no setting, with the nearest known one if any."""
    known = sorted(known.removeprefix("NEWSCRAWL_") for known in CHECKS if known.startswith("NEWSCRAWL_"))
    close = difflib.get_close_matches(name.removeprefix("NEWSCRAWL_"), known, n=1)
    hint = (
        f"did you mean NEWSCRAWL_{close[0]}?"
        if close
        else "known: " + ", ".join(f"NEWSCRAWL_{k}" for k in known)
    )
    return f"unknown setting {name}; {hint}"
