"""Whitespace and paragraph normalisation shared by every layout."""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import deepcopy

from lxml import etree

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


# Inside a body written as text and <br>, these hold no body text: ads, scripts, forms, side boxes.
_NOT_BODY_TEXT = frozenset({"div", "script", "style", "noscript", "form", "aside", "table", "ins"})


Predicate = Callable[[etree._Element], bool] | None
_BLOCK_ATTRIBUTES = ("class", "style", "align")  # what a block's lines keep of it (a caption's class)


def split_at_breaks(
    container: etree._Element, *, blocks: Predicate = None, skip: Predicate = None
) -> list[etree._Element]:
    """A body written as text and ``<br>`` without ``<p>``, as one ``<p>`` element per line.

    The container's tree is walked: each ``<br>`` ends a line, also inside inline markup
    (``<font>one<br>two</font>``); inline markup without breaks (links, emphasis, images) stays in its
    line; comments and the text-less blocks above are left out, with their tails kept. The lines are
    new elements; the page's tree is not changed.

    ``blocks``: elements that are lines of their own (a ``<p>`` among the text, a photo box): the line
    before them ends, their content is split at its own breaks into lines that keep the block's
    ``class``, ``style`` and ``align``, and the text after them starts a new line. ``skip``: elements
    left out with their content (an author's card), their tails kept.
    """
    lines = [_line(container.text)]
    _split_children(container, lines, blocks, skip, {})
    return [line for line in lines if len(line) or (line.text or "").strip()]


def _split_children(
    parent: etree._Element,
    lines: list[etree._Element],
    blocks: Predicate,
    skip: Predicate,
    attrs: dict[str, str],
) -> None:
    for child in parent:
        if not isinstance(child.tag, str) or (skip is not None and skip(child)):
            _append_text(lines[-1], child.tail)  # a comment's "<br>" is no break
            continue
        block = blocks is not None and blocks(child)
        if child.tag in _NOT_BODY_TEXT and not block:
            _append_text(lines[-1], child.tail)  # an ad's text is no line
        elif child.tag == "br":
            lines.append(_line(child.tail, attrs))
        elif block:
            inner = {name: value for name in _BLOCK_ATTRIBUTES if (value := child.get(name))}
            lines.append(_line(child.text, inner))
            _split_children(child, lines, blocks, skip, inner)
            lines.append(_line(child.tail, attrs))
        elif child.find(".//br") is not None:  # inline markup holding breaks: its pieces join the lines
            _append_text(lines[-1], child.text)
            _split_children(child, lines, blocks, skip, attrs)
            _append_text(lines[-1], child.tail)
        else:
            lines[-1].append(deepcopy(child))  # with its tail: the text up to the next element


def _line(text: str | None, attrs: dict[str, str] | None = None) -> etree._Element:
    line = etree.Element("p", attrs) if attrs else etree.Element("p")
    line.text = text
    return line


def _append_text(line: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(line):
        line[-1].tail = (line[-1].tail or "") + text
    else:
        line.text = (line.text or "") + text
