"""Dates as printed by news portals, parsed to timezone-aware datetimes.

Portals print local time without a zone (People's Daily: Beijing time), so the display-text parsers
take the portal's timezone and attach it. Machine-readable times (JSON-LD, ``<meta>``, ``<time
datetime>``) are read by :func:`parse_stated_datetime`, which keeps the offset a time states and
invents none.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# A month name as printed: "April", "Sept.", "Dec." (the dot is optional, case is ignored).
MONTH_PATTERN = r"(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

# The date part, wherever it stands: "April 25, 2013", "25 April 2013", "03-Oct-2026", "2013-04-25".
_DATE_PATTERNS = (
    re.compile(rf"(?P<month>{MONTH_PATTERN})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})"),
    re.compile(rf"(?P<d>\d{{1,2}})[-\s](?P<month>{MONTH_PATTERN})[-\s,]+(?P<y>\d{{4}})"),
    re.compile(r"(?P<y>\d{4})[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})"),
)
# The time of day, before or after the date: "08:32", "10:37 AM", "20:52:15".
_CLOCK = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>[ap])\.?m\b\.?)?", re.I
)


def month_number(name: str) -> int | None:
    """``"Sept."`` → 9; ``None`` for a word that is not a month."""
    return MONTHS.get(name.lower().rstrip("."))


def parse_datetime(text: str | None, tz: tzinfo | None = BEIJING) -> datetime | None:
    """The first date in ``text``, with the time of day printed beside it, in the portal's timezone.

    ``08:32, April 25, 2013`` → 2013-04-25 08:32 +08:00; a date without a time is taken at midnight.
    ``tz=None`` leaves the result naive (the generic path, which knows no site's timezone).
    """
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["mo"]) if parts.get("mo") else month_number(parts["month"])
        rest = text[: match.start()] + " " + text[match.end() :]
        hour, minute, second = _clock(rest)
        try:
            return datetime(int(parts["y"]), month or 0, int(parts["d"]), hour, minute, second, tzinfo=tz)
        except ValueError:
            return None
    return None


# A clock right before or right after a date: "08:32, " / " 08:32" / ", 10:37 AM".
_CLOCK_BEFORE = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*,?\s*$", re.I)
_CLOCK_AFTER = re.compile(r"^\s*,?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?", re.I)


def find_timestamp(text: str) -> tuple[int, int] | None:
    """Where the first printed date, with its clock before or after it, stands in ``text``.

    ``By Zhang Mengxu (People's Daily) 14:45, January 04, 2024`` → the span of the last 23 characters.
    """
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        start, end = match.span()
        if before := _CLOCK_BEFORE.search(text[:start]):
            start = before.start()
        if after := _CLOCK_AFTER.match(text[end:]):
            end += after.end()
        return start, end
    return None


def _clock(text: str) -> tuple[int, int, int]:
    match = _CLOCK.search(text)
    if match is None:
        return 0, 0, 0
    hour = int(match.group("h"))
    ampm = (match.group("ampm") or "").lower()
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    return hour, int(match.group("m")), int(match.group("s") or 0)


def isoformat(value: datetime | None) -> str | None:
    """ISO 8601 with offset, seconds precision: ``2013-04-25T08:32:00+08:00``."""
    return value.isoformat(timespec="seconds") if value else None


def day_near(month: int, day: int, anchor: date) -> date | None:
    """The date with this month and day nearest to ``anchor``, at most one day after it.

    Datelines print no year: ``WASHINGTON, Dec. 31`` on a page published on 1 January is the day
    before, in the previous year; ``Jan. 1`` on a page dated 31 December is the next day.
    """
    for year in (anchor.year + 1, anchor.year, anchor.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= anchor + timedelta(days=1):
            return candidate
    return None


def parse_date(text: str | None) -> date | None:
    """A calendar date from a string such as ``2024-01-04`` or ``January 04, 2024``."""
    value = parse_datetime(text)
    return value.date() if value else None


# --- machine-readable times (JSON-LD, <meta>, <time datetime>) ---------------------------------

# "2024-01-04T14:45:00-05:00", "2024-01-04 14:45:00.123Z", "2024-01-04T14:45+0100", "2024-01-04",
# "20240104T144500Z": the forms metadata carries. The offset, when printed, is kept as printed.
_ISO = re.compile(
    r"^\s*(?P<y>\d{4})-?(?P<mo>\d{2})-?(?P<d>\d{2})"
    r"(?:[T\s]+(?P<h>\d{1,2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$",
    re.I,
)
# "Thu, 04 Jan 2024 14:45:00 GMT", "04 Jan 2024 14:45:00 +0100": the e-mail form some metas use.
_RFC_2822 = re.compile(
    rf"^\s*(?:[A-Za-z]{{3}},?\s+)?(?P<d>\d{{1,2}})\s+(?P<month>{MONTH_PATTERN})\s+(?P<y>\d{{4}})"
    r"\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<tz>Z|UTC|GMT|[+-]\d{4})?\s*$",
)


def parse_stated_datetime(text: str | None) -> datetime | None:
    """A machine-readable time with the offset it states; naive when it states none.

    ``2024-01-04T14:45:00-05:00`` keeps -05:00, ``…Z`` is UTC, ``2024-01-04T14:45:00`` stays naive
    (the generic path never invents an offset), a date alone is midnight. Printed text that is not of
    a machine form (``January 4, 2024, 2:45 pm``) is read by :func:`parse_datetime`, also naive.
    """
    if not text or len(text) > 80:
        return None
    match = _ISO.match(text) or _RFC_2822.match(text)
    if match is None:
        return parse_datetime(text, None)
    parts = match.groupdict()
    month = int(parts["mo"]) if parts.get("mo") else month_number(parts["month"] or "")
    try:
        return datetime(
            int(parts["y"]),
            month or 0,
            int(parts["d"]),
            int(parts["h"] or 0),
            int(parts["mi"] or 0),
            int(parts["s"] or 0),
            tzinfo=_stated_offset(parts["tz"]),
        )
    except ValueError:
        return None


def _stated_offset(text: str | None) -> tzinfo | None:
    """``Z``/``UTC``/``GMT`` → UTC; ``+05:30``, ``-0500``, ``+02`` → that fixed offset; none → None."""
    if not text:
        return None
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:4] or 0)
    if minutes >= 24 * 60:
        raise ValueError(text)
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))
