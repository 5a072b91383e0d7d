"""Whitespace and paragraph normalisation shared by every layout."""

from __future__ import annotations

import re

# Zero-width characters that editors paste in and readers never see.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_CURLY_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def clean_text(text: str | None) -> str:
    """Collapse every kind of space to one plain space, drop invisible characters, trim.

    ``str.split()`` splits on exactly the characters ``str.isspace()`` knows: tabs, newlines, NBSP,
    U+3000 and every other Unicode space; it runs on every text node, so the cheap path comes first.
    """
    if not text:
        return ""
    if not text.isascii() and any(char in text for char in _INVISIBLE_CHARS):  # isascii() is O(1)
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def clean_or_none(text: str | None) -> str | None:
    """Like :func:`clean_text`, but ``None`` for text that is empty once cleaned."""
    return clean_text(text) or None


def heading_name(text: str | None) -> str:
    """A list heading as a stable name: ``What’s happening in China`` → ``What's happening in China``."""
    name = clean_text(text).translate(_CURLY_APOSTROPHES)
    return name.rstrip(":： ").strip()


def split_keywords(value: str | None) -> list[str]:
    """``<meta name="keywords">`` content as a list: split on ``,`` ``，`` ``;``, trimmed, deduplicated."""
    seen: dict[str, None] = {}
    for part in re.split(r"[,，;；]", value or ""):
        word = clean_text(part)
        if word:
            seen.setdefault(word, None)
    return list(seen)
