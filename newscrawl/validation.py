"""Validation of records against the published JSON Schemas in ``schema/`` (draft-07).

The schemas are compiled once into Python code (fastjsonschema): validating a record costs tens of
microseconds, so every record of a crawl is checked. They are read as package data (importlib.resources),
so that a crawl works wherever the package is imported from: a checkout, a wheel, or the zipped egg
Scrapyd runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import fastjsonschema
from ftfy.badness import is_bad

SCHEMA_DIR: Traversable = files("newscrawl") / "schema"
SCHEMA_FILES = {"article": "article.schema.json", "listSnapshot": "list_snapshot.schema.json"}


def load_schema(record_type: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / SCHEMA_FILES[record_type]).read_text(encoding="utf-8"))
    return schema


@cache
def validator(record_type: str) -> Callable[[Any], Any]:
    """The compiled validator for ``article`` or ``listSnapshot`` records (built once)."""
    return fastjsonschema.compile(load_schema(record_type))


def invalid_reason(record: dict[str, Any]) -> str | None:
    """``None`` for a valid record, else ``invalid:<field>`` or ``garbled:<field>`` naming the field.

    Beyond the schema, a record's text must be text: a U+FFFD replacement character or mojibake (UTF-8
    read as Latin-1, ``CafÃ©``) means the page was decoded with the wrong charset, and such a record is
    never written.
    """
    record_type = record.get("recordType")
    if record_type not in SCHEMA_FILES:
        return "invalid:recordType"
    try:
        validator(record_type)(record)
    except fastjsonschema.JsonSchemaValueException as error:
        return f"invalid:{_field(error)}"
    garbled = garbled_field(record) if record_type == "article" else None
    return f"garbled:{garbled}" if garbled else None


# The text a reader sees, where a decoding error shows.
_TEXT_FIELDS = ("headline", "byline", "editorsRaw", "description", "articleBody", "sourceAgency", "section")
_NAME_FIELDS = ("authors", "editors")
# A UTF-8 lead byte read as Latin-1/cp1252 ("Ã", "â", "Ð", "é" …) followed by a continuation byte read so:
# the shape of mojibake, cheap to search for; ftfy then confirms it, so real text (São, Señor) passes.
_MOJIBAKE_SHAPE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def garbled_field(record: dict[str, Any]) -> str | None:
    """The first text field holding U+FFFD or mojibake, or None."""
    for name in _TEXT_FIELDS:
        if is_garbled(record.get(name)):
            return name
    for name in _NAME_FIELDS:
        if any(is_garbled(person.get("name")) for person in record.get(name) or []):
            return name
    return None


def is_garbled(text: str | None) -> bool:
    """True for text with a replacement character or mojibake in it."""
    if not text or text.isascii():
        return False
    return "\ufffd" in text or (_MOJIBAKE_SHAPE.search(text) is not None and is_bad(text))


def _field(error: fastjsonschema.JsonSchemaValueException) -> str:
    path = [str(part) for part in (error.path or [])[1:]]  # path[0] is "data"
    if not path and error.rule == "required":
        missing = [name for name in error.rule_definition if name not in (error.value or {})]
        path = missing[:1]
    return ".".join(path) or "record"
