"""Records as flat CSV rows: one cell per top-level field, never a Python repr.

Shared by ``newscrawl export --format csv`` and the ``csv`` feed exporter (``scrapy crawl … -O x.csv``):

- text, ids and times as written in the record (``2013-04-25T14:12:00+08:00``), integers in digits;
- a list of strings (``keywords``) or of one-field objects (``authors``, ``editors``: their names) joined
  with :data:`SEPARATOR`;
- any other list or object (``images``, ``dateline``, ``metadata``) as JSON text;
- null as an empty cell (and an empty list too).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from newscrawl.analysis.fields import FieldType, record_fields

SEPARATOR = "; "  # bylines and keywords are split on ";" when read: no name or keyword holds one


def cell_of(field: FieldType) -> Callable[[Any], str]:
    """JSON value → its CSV cell, by the field's type."""
    if field.kind == "list" and field.items is not None and _joinable(field.items):
        inner = field.items
        key = inner.fields[0][0] if inner.kind == "struct" else None
        return lambda values: SEPARATOR.join(str(v[key] if key else v) for v in values or ())
    if field.kind in ("list", "struct", "json"):
        return lambda value: "" if value is None else json.dumps(value, ensure_ascii=False)
    if field.kind == "boolean":
        return lambda value: "" if value is None else ("true" if value else "false")
    return lambda value: "" if value is None else str(value)


def _joinable(item: FieldType) -> bool:
    """Strings, or objects of one string field (``{"name": …}``)."""
    if item.kind == "struct":
        return len(item.fields) == 1 and item.fields[0][1].kind == "string"
    return item.kind == "string"


@cache
def flat_cells(record_type: str) -> tuple[tuple[str, Callable[[Any], str]], ...]:
    """(field, cell function) for each top-level field of ``article`` or ``listSnapshot`` records."""
    return tuple((name, cell_of(field)) for name, field in record_fields(record_type))


def flat_record(record: dict[str, Any], record_type: str) -> dict[str, str]:
    """The record as one CSV row, its fields in the schema's order."""
    return {name: cell(record.get(name)) for name, cell in flat_cells(record_type)}
