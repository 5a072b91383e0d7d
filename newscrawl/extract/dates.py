"""Dates as printed by news pages, parsed to datetimes that keep what the page says of their zone.

A time that states its offset (``2024-01-04T14:45:00-05:00``, ``…Z``, ``00:06 GMT+8``) keeps it. A time
printed without one takes the zone its caller names: a portal's (People's Daily prints Beijing time
without a zone); with none named it stays naive, local time as printed, and no offset is invented.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

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


def parse_datetime(text: str | None, tz: tzinfo | None = None) -> datetime | None:
    """The first date in ``text``, with the time of day printed beside it, and its zone.

    ``08:32, April 25, 2013`` with ``tz`` Beijing → 2013-04-25 08:32 +08:00; a date without a time is
    taken at midnight. An offset the text states wins over ``tz``; without either the result is naive.
    """
    if not text:
        return None
    if iso := _ISO_DATETIME.search(text):
        return _from_iso(iso, tz)
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["mo"]) if parts.get("mo") else month_number(parts["month"])
        rest = text[: match.start()] + " " + text[match.end() :]
        hour, minute, second = _clock(rest)
        try:
            return datetime(
                int(parts["y"]), month or 0, int(parts["d"]), hour, minute, second, tzinfo=_stated(rest) or tz
            )
        except ValueError:
            return None
    return None


# ISO 8601 with a time: "2024-01-04T14:45:00-05:00", "2024-01-04T22:45:00.123Z", "2024-01-04 14:45".
_ISO_DATETIME = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[T ](?P<h>\d{2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:[.,]\d+)?)?\s*(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?(?![\d:])"
)
# An offset printed beside a clock: "GMT+8", "UTC+05:30", "(GMT+8)", "GMT", "UTC".
_NAMED_OFFSET = re.compile(
    r"\b(?:GMT|UTC)(?:\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?(?![\w+-])"
)


def _from_iso(match: re.Match[str], tz: tzinfo | None) -> datetime | None:
    offset = match.group("offset")
    zone = _offset(offset) if offset else (_stated(match.string[match.end() :]) or tz)
    if offset and zone is None:
        return None  # an offset stated out of range: no time rather than a wrong one
    try:
        return datetime(
            int(match.group("y")),
            int(match.group("mo")),
            int(match.group("d")),
            int(match.group("h")),
            int(match.group("mi")),
            int(match.group("s") or 0),
            tzinfo=zone,
        )
    except ValueError:
        return None


def _offset(text: str) -> tzinfo | None:
    """``Z``/``UTC``/``GMT`` → UTC; ``-05:00``, ``+0800``, ``+08`` → that offset (None: out of range)."""
    if text in ("Z", "UTC", "GMT"):
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return _fixed(text[0], hours, minutes)


def _stated(text: str) -> tzinfo | None:
    """The offset a ``GMT+8`` / ``UTC`` in ``text`` states, if any."""
    match = _NAMED_OFFSET.search(text)
    if match is None:
        return None
    if not match.group("sign"):
        return UTC
    return _fixed(match.group("sign"), int(match.group("h")), int(match.group("m") or 0))


def _fixed(sign: str, hours: int, minutes: int) -> tzinfo | None:
    if hours > 14 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if sign == "-" else delta)


# Years a news page can carry; others are misprints or other eras (China Daily's Buddhist-era 2569).
FIRST_NEWS_YEAR = 1990
# How far a page's date may stand from the date in its URL before the URL's wins: a day either side for
# time zones and late-night pages, a little more for stories put online a day or two after they were
# filed; China Daily printing the Buddhist-era year of the right day is 543 years off.
URL_DATE_TOLERANCE = timedelta(days=3)


def plausible(
    value: datetime | None,
    url_date: date | None,
    today: date | None = None,
    *,
    later: bool = False,
    tolerance: timedelta | None = None,
) -> datetime | None:
    """``value``, or, when it cannot be right, the URL's date at the same time of day, or None.

    It cannot be right when its year is not a news page's (before :data:`FIRST_NEWS_YEAR`, after next
    year), or, for a portal whose URL date is the publication day (``tolerance``, e.g.
    :data:`URL_DATE_TOLERANCE`), when ``value`` stands further than that from the URL's date; ``later``
    (a modification time, which may come any time after publication) counts only a
    time before the URL's date. A page printing ``2569-05-17`` (the Buddhist era) at ``/2026/05/17/``
    gets 2026-05-17; without a URL date an impossible year is rejected, never emitted, and a possible
    one kept.
    """
    if value is None:
        return None
    latest = (today or date.today()).year + 1
    possible = FIRST_NEWS_YEAR <= value.year <= latest
    if url_date is None:
        return value if possible else None
    if possible and tolerance is None:
        return value
    if possible and tolerance is not None:
        gap = value.date() - url_date
        if gap >= -tolerance and (later or gap <= tolerance):
            return value
    return value.replace(year=url_date.year, month=url_date.month, day=url_date.day)


# A clock right before or right after a date: "08:32, " / " 08:32" / ", 10:37 AM".
_CLOCK_BEFORE = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*,?\s*$", re.I)
_CLOCK_AFTER = re.compile(r"^\s*,?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?", re.I)
# An offset printed right after the clock, part of the time as printed: " GMT+8", " (UTC+05:30)".
_ZONE_AFTER = re.compile(r"^\s*\(?(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)?(?![\w+-])")


def find_timestamp(text: str) -> tuple[int, int] | None:
    """Where the first printed date, with its clock before or after it, stands in ``text``.

    ``By Zhang Mengxu (People's Daily) 14:45, January 04, 2024`` → the span of the last 23 characters;
    an offset printed after the clock (``2023.01.19 00:06 GMT+8``) belongs to the time.
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
        if zone := _ZONE_AFTER.match(text[end:]):
            end += zone.end()
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


# A date printed in pieces, read in page order: "2023" "11" "/" "17" "20:52:15" (news.cn's header), the
# same with "-", "." or 年/月/日 between the pieces, or year, month and day each in its own element.
_DATE_PIECES = re.compile(
    r"^\D*?(?P<y>\d{4})\s*[-/.年]?\s*(?P<mo>\d{1,2})\s*[-/.月]?\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\D*?(?P<clock>(?<!\d)\d{1,2}:\d{2}(?::\d{2})?))?"
)


def join_date_pieces(pieces: Iterable[str]) -> str | None:
    """Pieces of a date printed in separate elements, joined into one parseable time.

    ``["2023", "11", "/", "17", "20:52:15"]`` → ``2023-11-17 20:52:15``. The year comes first and the
    clock, if any, last; pieces in another order, or that make no calendar date, give ``None``.
    """
    text = " ".join(clean for piece in pieces if (clean := piece.strip()))
    match = _DATE_PIECES.match(text)
    if match is None:
        return None
    year, month, day = int(match.group("y")), int(match.group("mo")), int(match.group("d"))
    try:
        date(year, month, day)
    except ValueError:
        return None
    clock = match.group("clock")
    return f"{year:04d}-{month:02d}-{day:02d}" + (f" {clock}" if clock else "")


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


# The zone names e-mail dates may carry (RFC 2822 §4.3), as feeds and some metas print them.
_NAMED_ZONE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s+(?:UT|EST|EDT|CST|CDT|MST|MDT|PST|PDT)\s*$")


def _rfc_2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def parse_stated_datetime(text: str | None) -> datetime | None:
    """A machine-readable time with the offset it states; naive when it states none.

    ``2024-01-04T14:45:00-05:00`` keeps -05:00, ``…Z`` is UTC, ``2024-01-04T14:45:00`` stays naive
    (the generic path never invents an offset), a date alone is midnight, and W3C's ``2026-11`` and
    ``2026`` (sitemaps) the first day. Printed text that is not of a machine form (``January 4, 2024,
    2:45 pm``) is read by :func:`parse_datetime`, also naive.
    """
    if not text or len(text) > 80:
        return None
    if re.fullmatch(r"\s*\d{4}(?:-\d{2})?\s*", text):
        text = (text.strip() + "-01-01")[:10]
    match = _ISO.match(text) or _RFC_2822.match(text)
    if match is None:
        if _NAMED_ZONE.search(text) and (mailed := _rfc_2822(text)) is not None:
            return mailed  # "Thu, 04 Jan 2024 14:45:00 EST": the zone the e-mail form names
        return parse_datetime(text, None)
    if (stated := match.groupdict().get("tz")) and _offset(stated.upper()) is None:
        return None  # an offset stated out of range: no time rather than a wrong one
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
            tzinfo=_offset(parts["tz"].upper()) if parts["tz"] else None,
        )
    except ValueError:
        return None
