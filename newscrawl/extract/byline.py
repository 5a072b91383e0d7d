"""Bylines, editor lines and wire datelines: the parts of a news page generic extractors get wrong.

- ``By Wang Xinping, Bai Yang, Zhang Penghui, People's Daily`` → three authors, outlet People's Daily
- ``(Editor:YaoChun、Gao Yinan)`` → editors ``YaoChun`` and ``Gao Yinan``, as written
- ``BEIJING, April 24 (Xinhua) --`` → place BEIJING, April 24 of the publication year, agency Xinhua
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from newscrawl.extract.dates import MONTH_PATTERN, day_near, find_timestamp, month_number
from newscrawl.extract.text import clean_text

# --- editors ---------------------------------------------------------------------------------

_EDITOR_PREFIX = r"(?:web\s+|chief\s+|executive\s+)?editors?\s*[:：]|责编\s*[:：]|责任编辑\s*[:：]"
# "(Editor:YaoChun、Gao Yinan)", "(Web editor: Zhang Wenjie, Wu Chengliang)", "(Editor : A/B)".
_EDITOR_PARENS = re.compile(rf"[(（\[【]\s*(?:{_EDITOR_PREFIX})[^()（）\[\]【】]*[)）\]】]", re.I)
# The same line printed without parentheses: "Editor: Huang Fang".
_EDITOR_BARE = re.compile(rf"(?:^|(?<=\s)|(?<=\|))(?:{_EDITOR_PREFIX})\s*[^()（）\n]+$", re.I)
_EDITOR_NAMES = re.compile(rf"^[(（\[【]?\s*(?:{_EDITOR_PREFIX})\s*(?P<names>.*?)\s*[)）\]】]?$", re.I)
_NAME_SEPARATORS = re.compile(r"\s*(?:[、,，/;；|&]|\band\b)\s*")


def find_editor_line(text: str | None) -> str | None:
    """The editor credit in ``text`` as shown, e.g. ``(Editor:YaoChun、Gao Yinan)``; ``None`` if absent."""
    if not text or ("editor" not in text.lower() and "责" not in text):  # every paragraph comes here
        return None
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

# Words that make a byline segment an outlet rather than a person; a portal adds its country's media.
GENERIC_OUTLET_WORDS = (
    "daily", "times", "news", "agency", "online", "post", "press", "herald", "journal", "tribune",
    "radio", "television", "tv", "network", "magazine", "gazette", "reuters", "afp", "ap",
    "bloomberg", "bbc", "cnn",
)  # fmt: skip
# Words that make a comma segment a job title or description rather than a person.
GENERIC_TITLE_WORDS = (
    "president", "director", "professor", "researcher", "research", "fellow", "editor", "correspondent",
    "reporter", "secretary", "minister", "chairman", "chairwoman", "chair", "ambassador", "scholar",
    "dean", "head", "chief", "analyst", "expert", "ceo", "founder", "member", "commentator", "vice",
    "deputy", "senior", "associate", "staff", "writer", "columnist", "photographer", "lecturer",
    "economist", "former",
)  # fmt: skip


@dataclass(frozen=True)
class Vocabulary:
    """The words that tell an outlet and a job title from a person's name in a byline.

    Each portal module names its own (``Portal.byline_vocabulary``): People's Daily credits Xinhua and
    CGTN, a British site the Press Association. Matching is by whole word, case ignored.
    """

    outlets: tuple[str, ...]
    titles: tuple[str, ...]

    def extended(self, outlets: tuple[str, ...] = (), titles: tuple[str, ...] = ()) -> Vocabulary:
        return Vocabulary((*self.outlets, *outlets), (*self.titles, *titles))

    @cached_property
    def outlet_pattern(self) -> re.Pattern[str]:
        # A web address names an outlet too: "chinadaily.com.cn".
        return re.compile(rf"\b(?:{'|'.join(map(re.escape, self.outlets))})\b|\.(?:com|cn|net|org)\b", re.I)

    @cached_property
    def title_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"\b(?:{'|'.join(map(re.escape, self.titles))})\b", re.I)


GENERIC_VOCABULARY = Vocabulary(GENERIC_OUTLET_WORDS, GENERIC_TITLE_WORDS)

# A capitalised name word in any script ("Zhang", "O'Brien", "Jean-Pierre", "Émile", "ZHAO").
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.\-]*$")
# Lower-case particles inside names: "Ursula von der Leyen", "Luiz Inácio Lula da Silva".
_NAME_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "da", "di", "del", "dos", "du", "la", "le", "bin", "al"}
)
_BY_PREFIX = re.compile(r"^(?:(?:written\s+)?by\b\s*[:：]?|from\b\s*[:：]?|source\s*[:：])\s*", re.I)
_TRAILING_PARENS = re.compile(r"\(\s*(?P<inner>[^()]+?)\s*\)\s*$")
# "By Li Qiao Source:Global Times", "By Li Qiao | Source: Global Times": the source after the people.
_SOURCE_AFTER = re.compile(r"\s*[|,]?\s*\bsource\s*[:：]\s*(?P<source>\S.*)$", re.I)
# "… in Ya'an, Sichuan, and …": where a group of people worked; the place names no one.
_IN_PLACE_START = re.compile(r"\s+(?i:in)\s+(?=[A-Z])")
_AND = re.compile(r"(?:\s*,\s*|\s+)(?i:and|&)\s+")
_LEADING_AND = re.compile(r"^(?i:and|&)\s+")
_JOINED_NAMES = re.compile(r"\s+(?i:and|&)\s+")
_SEGMENT_SEPARATORS = re.compile(r"\s*[,，、;|]\s*")


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline credits: the people (in order) and the outlet, if any."""

    authors: tuple[str, ...]
    outlet: str | None


def looks_like_outlet(text: str, vocabulary: Vocabulary = GENERIC_VOCABULARY) -> bool:
    """True for ``People's Daily``, ``Reuters``, ``chinadaily.com.cn``; false for a person's name."""
    return bool(vocabulary.outlet_pattern.search(text))


def looks_like_person(text: str, vocabulary: Vocabulary = GENERIC_VOCABULARY) -> bool:
    """True for one to five capitalised name words (particles allowed) without a job-title word."""
    tokens = text.split()
    names = [token for token in tokens if token not in _NAME_PARTICLES]
    return (
        0 < len(tokens) <= 5
        and bool(names)
        and not vocabulary.title_pattern.search(text)
        and not looks_like_outlet(text, vocabulary)
        and all(_NAME_TOKEN.match(token) and token[0].isupper() for token in names)
    )


def parse_byline(text: str | None, vocabulary: Vocabulary = GENERIC_VOCABULARY) -> Byline:
    """Split a byline into people and outlet.

    ``By Jiang Bo, Vice President of …`` → ``Jiang Bo`` (the title after the name ends the names);
    ``By People's Daily`` → no person; ``(Xinhua)`` → outlet only; ``By Zhong Sheng`` → person only.
    """
    text = clean_text(text)
    outlet: str | None = None
    trailing = _TRAILING_PARENS.search(text)
    # "(Xinhua)" alone, or "By Wen Sheng (People's Daily Online)": the parentheses hold the source.
    if trailing:
        if not vocabulary.title_pattern.search(trailing.group("inner")):
            outlet = trailing.group("inner")
        text = text[: trailing.start()].strip()
    text = _BY_PREFIX.sub("", text).strip(" ,")
    if (source := _SOURCE_AFTER.search(text)) and source.start() > 0:
        outlet = outlet or source.group("source").strip(" ,|")
        text = text[: source.start()]
    text = _without_places(text, vocabulary)
    authors: list[str] = []
    for segment in _SEGMENT_SEPARATORS.split(text):
        segment = _LEADING_AND.sub("", segment)  # "By A, B, and C"
        if not segment:
            continue
        if looks_like_outlet(segment, vocabulary) and not vocabulary.title_pattern.search(segment):
            outlet = outlet or segment
            continue
        people = _people_in(segment)
        if not all(looks_like_person(person, vocabulary) for person in people):
            break  # a job title or description: whatever follows belongs to it
        authors.extend(map(name_case, people))
    return Byline(tuple(_unique(authors)), outlet)


def _people_in(segment: str) -> list[str]:
    """The people of one byline segment: ``A and B`` → A, B; ``ZHAO YINAN AND WANG XING`` too.

    Places are gone by now (:func:`_without_places`), "and" in capitals as print editions set it.
    """
    return _JOINED_NAMES.split(segment)


def name_case(name: str) -> str:
    """A name printed in capitals, as names are written: ``ZHAO YINAN`` → ``Zhao Yinan``.

    Print editions set bylines in capitals (``By ZHAO YINAN and WANG XING``); a name with any lower-case
    letter is kept as printed (``Ursula von der Leyen``, ``YaoChun``), and so is a lone initial.
    """
    if not name.isupper() or len(name.replace(".", "").replace(" ", "")) < 2:
        return name
    return " ".join(_capitalised(word) for word in name.split())


def _capitalised(word: str) -> str:
    """``O'BRIEN`` → ``O'Brien``, ``JEAN-PIERRE`` → ``Jean-Pierre``, ``J.`` stays."""
    return re.sub(r"[^\W\d_]+", lambda part: part.group(0).capitalize(), word)


def _without_places(text: str, vocabulary: Vocabulary) -> str:
    """The names of a byline without the places they wrote from, groups joined by commas.

    ``Hu Yongqi in Ya'an, Sichuan, and Peng Yining, Zhao Yinan in Beijing`` → ``Hu Yongqi, Peng Yining,
    Zhao Yinan``; ``X in Kashi and Turpan and Tu Lei in Hotan`` → ``X, Tu Lei``. A place runs from ``in``
    to where the next group of names starts: after the last "and" before that group's own ``in`` (else
    after the last comma); the last place runs to the outlet or title that follows it, if any.
    """
    pieces = _IN_PLACE_START.split(text)
    if len(pieces) == 1:
        return text
    groups = [pieces[0]]
    for between in pieces[1:-1]:  # "<place of the group before>, and <the next group>"
        cut = list(_AND.finditer(between)) or list(_SEGMENT_SEPARATORS.finditer(between))
        groups.append(between[cut[-1].end() :] if cut else "")
    last, people_after = _place_then_people(pieces[-1], vocabulary)
    tail = _SEGMENT_SEPARATORS.split(last)  # "Beijing, China Daily": the place, then the outlet
    credit = next(
        (
            i
            for i, part in enumerate(tail)
            if looks_like_outlet(part, vocabulary) or vocabulary.title_pattern.search(part)
        ),
        len(tail),
    )
    if credit < len(tail):  # "Beijing and agencies": the place, "and", then the credit
        tail[credit] = _credit_after_places(tail[credit], vocabulary)
    groups.extend(tail[credit:])
    groups.append(people_after)
    return ", ".join(group for group in groups if group)


def _credit_after_places(part: str, vocabulary: Vocabulary) -> str:
    """``Beijing and agencies`` → ``agencies``: the part from its first piece ("and" between the pieces)
    that is an outlet or a title; ``Bloomberg and Reuters`` is kept whole. The part names a credit."""
    start = 0
    for joint in _AND.finditer(part):
        piece = part[start : joint.start()]
        if looks_like_outlet(piece, vocabulary) or vocabulary.title_pattern.search(piece):
            break
        start = joint.end()
    return part[start:]


def _place_then_people(text: str, vocabulary: Vocabulary) -> tuple[str, str]:
    """The last place, and the names after it: ``Beijing and Wang Fang`` → ``Beijing``, ``Wang Fang``.

    A one-word part after "and" is a place still (``Kashi and Turpan``); a name of two words or more is
    a person who wrote from no named place.
    """
    for joint in _AND.finditer(text):
        following = _SEGMENT_SEPARATORS.split(text[joint.end() :], maxsplit=1)[0].strip()
        if " " in following and looks_like_person(following, vocabulary):
            return text[: joint.start()], text[joint.end() :]
    return text, ""


_TIME_LABEL = re.compile(r"(?P<label>published|updated|update time|time|date)\s*[:：]?\s*$", re.I)


_SOURCE_LINE = re.compile(r"^(?:\([^()]{2,60}\)|(?:written\s+)?by\s+\S.{0,150}|source\s*[:：].{1,80})$", re.I)


def is_source_line(text: str) -> bool:
    """True for a line that is a byline by its shape: ``(Xinhua)``, ``By Li Ming …``, ``Source: …``."""
    return bool(_SOURCE_LINE.match(clean_text(text)))


def split_origin(text: str | None) -> tuple[str | None, str | None]:
    """Split a source-and-time line into ``(byline, time)``.

    ``By Zhang Mengxu (People's Daily) 14:45, January 04, 2024`` → the byline and ``14:45, January 04,
    2024``; a line with only one of the two gives ``None`` for the other.
    """
    byline, time, _ = split_labelled_origin(text)
    return byline, time


def split_labelled_origin(text: str | None) -> tuple[str | None, str | None, str | None]:
    """:func:`split_origin`, and the label printed before the time, lower-cased (``updated``)."""
    text = clean_text(text)
    span = find_timestamp(text)
    if span is None:
        return text or None, None, None
    start, end = span
    # The label belongs to the time, wherever the two stand: "Updated: 2013-04-22 07:25 By Cao Yin".
    before = text[:start].rstrip()
    label = _TIME_LABEL.search(before)
    rest = f"{before[: label.start()] if label else before} {text[end:]}"
    byline = _TIME_LABEL.sub("", clean_text(rest)).strip(" ,|-–—·•")
    named = clean_text(label.group("label")).lower() if label else None
    return byline or None, text[start:end].strip(), named


def time_label(text: str | None) -> str | None:
    """The label printed before the line's time, lower-cased: ``updated`` for ``… | Updated: 2026-05-17``."""
    return split_labelled_origin(text)[2]


# "Published:", "Updated:", "Last updated on", "Update time:" before a printed time.
_LABELLED = re.compile(
    r"(?<![\w])(?P<label>published|(?:last\s+)?updated?(?:\s+time)?)(?:\s+(?:on|at))?\s*[:：]?\s*", re.I
)


@dataclass(frozen=True, slots=True)
class Origin:
    """A source-and-time line read: the byline as shown (times taken out) and the times as printed."""

    byline: str | None
    published: str | None  # the publication time; an "Updated:" time printed alone is this one
    modified: str | None = None  # an "Updated:" time printed beside a "Published:" one


def origin_times(text: str | None) -> Origin:
    """Split a source line whose times are labelled into byline, publication and modification time.

    ``By Li Qiao Source:Global Times Published: Feb 17, 2026 10:37 AM`` → the byline and the time;
    ``Published: A Updated: B`` → A published, B modified; ``Updated: B`` alone → B published (the
    only time printed). A line without labelled times is read as :func:`split_origin` reads it.
    """
    text = clean_text(text)
    times: dict[str, str] = {}
    pieces: list[str] = []
    position = 0
    for label in _LABELLED.finditer(text):
        if label.start() < position:
            continue
        span = find_timestamp(text[label.end() :])
        if span is None or span[0] != 0:
            continue  # "Updated news" or "Posted in: World": no time follows the label
        kind = "published" if label.group("label")[0] in "pP" else "modified"
        times.setdefault(kind, text[label.end() : label.end() + span[1]].strip())
        pieces.append(text[position : label.start()])
        position = label.end() + span[1]
    if not times:
        byline, published = split_origin(text)
        return Origin(byline, published)
    pieces.append(text[position:])
    byline = clean_text(" ".join(pieces)).strip(" ,|-–—") or None
    if "published" not in times:
        return Origin(byline, times["modified"])
    return Origin(byline, times["published"], times.get("modified"))


# --- datelines -------------------------------------------------------------------------------

_PLACE = r"[A-Z][\w'’./\- ]{0,40}?(?:,\s*[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})?"
_AGENCY = r"\(\s*(?P<agency>[^()]{1,40}?)\s*\)\s*"
_DASH = r"(?:-{1,2}|—|–|―)\s*"
# "BEIJING, April 24 (Xinhua) --", "WASHINGTON, Dec. 31 --", "BEIJING, April 24, 2013 (Xinhua) —",
# "BEIJING, Sept.30 (Xinhua) --" (no space after the month's dot).
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE})\s*,\s*(?P<month>{MONTH_PATTERN})(?:\s+|(?<=\.))(?P<day>\d{{1,2}})"
    rf"(?:\s*,\s*(?P<year>\d{{4}}))?\s*(?:{_AGENCY})?{_DASH}"
)
# "UNITED NATIONS (Xinhua) --": wire copy that prints no day.
_DATELINE_UNDATED = re.compile(rf"^(?P<place>{_PLACE})\s*{_AGENCY}{_DASH}")
# "BEIJING - ", "LUSHAN, Sichuan - ", "CHENGDU -- ": a place in capitals and a dash, neither day nor
# agency, as some portals' own reporters file (China Daily); read only where the portal says so.
_DATELINE_PLACE_ONLY = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]*){0,3}"  # BEIJING, HONG KONG, YA'AN
    r"(?:,\s*[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})?)"  # , Sichuan
    r"\s+(?:-{1,2}|—|–|―)\s*(?=[\w\"“‘'(])"
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


def split_dateline(
    paragraph: str, published: date | None, place_only: bool = False
) -> tuple[Dateline | None, str]:
    """Split a dateline off the start of ``paragraph``; the year comes from ``published``.

    ``place_only``: a place in capitals and a dash alone (``BEIJING - ``) is a dateline too.
    """
    match = _DATELINE.match(paragraph) or _DATELINE_UNDATED.match(paragraph)
    if match is None and place_only and (bare := _DATELINE_PLACE_ONLY.match(paragraph)):
        place = bare.group("place").strip()
        if not place.split(",")[0].isupper():
            return None, paragraph
        raw = paragraph[: bare.end()].strip()
        return Dateline(place, None, None, raw), paragraph[bare.end() :].strip()
    if match is None:
        return None, paragraph
    place = match.group("place").strip()
    parts = match.groupdict()
    if not place.split(",")[0].isupper() and (parts.get("agency") is None or parts.get("month") is None):
        return None, paragraph  # "China hopes, April 2 --" is prose, not a dateline
    raw = paragraph[: match.end()].strip()
    dateline = Dateline(place, _dateline_day(parts, published), parts.get("agency"), raw)
    return dateline, paragraph[match.end() :].strip()


def _dateline_day(parts: dict[str, str | None], published: date | None) -> date | None:
    month_name, day_text, year = parts.get("month"), parts.get("day"), parts.get("year")
    month = month_number(month_name) if month_name else None
    if month is None or not day_text:
        return None
    if year:
        return _safe_date(int(year), month, int(day_text))
    day = int(day_text)
    return day_near(month, day, published) if published else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _unique(names: object) -> list[str]:
    seen: dict[str, None] = {}
    for name in names:  # type: ignore[attr-defined]
        seen.setdefault(name, None)
    return list(seen)
