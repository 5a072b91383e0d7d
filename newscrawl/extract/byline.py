"""Bylines, editor lines and wire datelines: the parts of a news page generic extractors get wrong.

- ``By Wang Xinping, Bai Yang, Zhang Penghui, People's Daily`` → three authors, outlet People's Daily
- ``(Editor:YaoChun、Gao Yinan)`` → editors ``YaoChun`` and ``Gao Yinan``, as written
- ``BEIJING, April 24 (Xinhua) --`` → place BEIJING, April 24 of the publication year, agency Xinhua
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from newscrawl.extract.dates import MONTH_PATTERN, day_near, month_number
from newscrawl.extract.text import clean_text

# --- editors ---------------------------------------------------------------------------------

_EDITOR_PREFIX = r"(?:web\s+|chief\s+|executive\s+)?editors?\s*[:：]|责编\s*[:：]|责任编辑\s*[:：]"
# "(Editor:YaoChun、Gao Yinan)", "(Web editor: Zhang Wenjie, Wu Chengliang)", "(Editor : A/B)".
_EDITOR_PARENS = re.compile(rf"[(（]\s*(?:{_EDITOR_PREFIX})[^()（）]*[)）]", re.I)
# The same line printed without parentheses: "Editor: Huang Fang".
_EDITOR_BARE = re.compile(rf"(?:^|(?<=\s)|(?<=\|))(?:{_EDITOR_PREFIX})\s*[^()（）\n]+$", re.I)
_EDITOR_NAMES = re.compile(rf"^[(（]?\s*(?:{_EDITOR_PREFIX})\s*(?P<names>.*?)\s*[)）]?$", re.I)
_NAME_SEPARATORS = re.compile(r"\s*(?:[、,，/;；|&]|\band\b)\s*")


def find_editor_line(text: str | None) -> str | None:
    """The editor credit in ``text`` as shown, e.g. ``(Editor:YaoChun、Gao Yinan)``; ``None`` if absent."""
    text = clean_text(text)
    match = _EDITOR_PARENS.search(text) or _EDITOR_BARE.search(text)
    return match.group(0).strip() if match else None


def parse_editors(line: str | None) -> list[str]:
    """Editor names as written, in order: ``(Editor :A/B)`` → ``["A", "B"]``."""
    match = _EDITOR_NAMES.match(clean_text(line))
    if match is None:
        return []
    names = (name.strip(" .") for name in _NAME_SEPARATORS.split(match.group("names")))
    return _unique(name for name in names if name)


# --- bylines ---------------------------------------------------------------------------------

_OUTLET_WORDS = re.compile(
    r"\b(?:daily|times|news|agency|online|post|press|herald|journal|tribune|radio|television|tv|"
    r"network|magazine|gazette|xinhua|cgtn|cctv|ecns|reuters|afp|ap|bloomberg|bbc|cnn)\b"
    r"|\.(?:com|cn|net|org)\b",
    re.I,
)
# Words that make a comma segment a job title or description rather than a person.
_TITLE_WORDS = re.compile(
    r"\b(?:president|director|professor|researcher|research|fellow|editor|correspondent|reporter|"
    r"secretary|minister|chairman|chairwoman|chair|ambassador|scholar|dean|head|chief|analyst|"
    r"expert|ceo|founder|member|commentator|vice|deputy|senior|associate|staff|writer|"
    r"columnist|photographer|lecturer|economist|former)\b",
    re.I,
)
_LOWERCASE_WORD = re.compile(r"(?:^|\s)[a-z]")
_NAME_TOKEN = re.compile(r"^[A-Z][\w'’.\-]*$|^[A-Z]{2,}$")
_BY_PREFIX = re.compile(r"^(?:(?:written\s+)?by\b\s*[:：]?|from\b\s*[:：]?|source\s*[:：])\s*", re.I)
_TRAILING_PARENS = re.compile(r"\(\s*(?P<inner>[^()]+?)\s*\)\s*$")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline credits: the people (in order) and the outlet, if any."""

    authors: tuple[str, ...]
    outlet: str | None


def looks_like_outlet(text: str) -> bool:
    """True for ``People's Daily``, ``Xinhua``, ``chinadaily.com.cn``; false for a person's name."""
    return bool(_OUTLET_WORDS.search(text))


def looks_like_person(text: str) -> bool:
    """True for one to four capitalised name words without a job-title word."""
    tokens = text.split()
    return (
        0 < len(tokens) <= 4
        and not _TITLE_WORDS.search(text)
        and not looks_like_outlet(text)
        and all(_NAME_TOKEN.match(token) for token in tokens)
    )


def parse_byline(text: str | None) -> Byline:
    """Split a byline into people and outlet.

    ``By Jiang Bo, Vice President of …`` → ``Jiang Bo`` (the title after the name ends the names);
    ``By People's Daily`` → no person; ``(Xinhua)`` → outlet only; ``By Zhong Sheng`` → person only.
    """
    text = clean_text(text)
    outlet: str | None = None
    trailing = _TRAILING_PARENS.search(text)
    if trailing and looks_like_outlet(trailing.group("inner")):
        outlet = trailing.group("inner")
        text = text[: trailing.start()].strip()
    text = _BY_PREFIX.sub("", text).strip(" ,")
    authors: list[str] = []
    for segment in re.split(r"\s*[,，、;|]\s*", text):
        if not segment:
            continue
        if looks_like_outlet(segment) and not _TITLE_WORDS.search(segment):
            outlet = outlet or segment
            continue
        people = [_IN_PLACE.sub("", part) for part in re.split(r"\s+(?:and|&)\s+", segment)]
        if not all(looks_like_person(person) for person in people):
            break  # a job title or description: whatever follows belongs to it
        authors.extend(people)
    return Byline(tuple(_unique(authors)), outlet)


# --- datelines -------------------------------------------------------------------------------

_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][\w'’.\- ]{{0,40}}?(?:,\s*[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){{0,3}})?)\s*,\s*"
    rf"(?P<month>{MONTH_PATTERN})\s+(?P<day>\d{{1,2}})\s*"
    r"(?:\(\s*(?P<agency>[^()]{1,40}?)\s*\)\s*)?"
    r"(?P<dash>-{1,2}|—|–|―)\s*"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A wire dateline: ``BEIJING, April 24 (Xinhua) --``."""

    place: str
    date: date | None
    agency: str | None
    raw: str

    def as_record(self) -> dict[str, str | None]:
        """The record's ``dateline`` object."""
        return {
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "raw": self.raw,
        }


def split_dateline(paragraph: str, published: date | None) -> tuple[Dateline | None, str]:
    """Split a dateline off the start of ``paragraph``; the year comes from ``published``."""
    match = _DATELINE.match(paragraph)
    if match is None:
        return None, paragraph
    place = match.group("place").strip()
    if match.group("agency") is None and not place.split(",")[0].isupper():
        return None, paragraph  # "China hopes, April 2 --" is prose, not a dateline
    month = month_number(match.group("month"))
    day = int(match.group("day"))
    when = day_near(month, day, published) if month and published else None
    raw = paragraph[: match.end()].strip()
    dateline = Dateline(place, when, match.group("agency"), raw)
    return dateline, paragraph[match.end() :].strip()


def _unique(names: object) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:  # type: ignore[attr-defined]
        seen.setdefault(name, None)
    return list(seen)
