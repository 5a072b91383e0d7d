"""Validation of records against the published JSON Schemas in ``schema/`` (draft-07).

The schemas are compiled once into Python code (fastjsonschema): validating a record costs tens of
microseconds, so every record of a crawl is checked.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMA_FILES = {"article": "article.schema.json", "listSnapshot": "list_snapshot.schema.json"}


def load_schema(record_type: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / SCHEMA_FILES[record_type]).read_text(encoding="utf-8"))
    return schema


@cache
def validator(record_type: str) -> Callable[[Any], Any]:
    """The compiled validator for ``article`` or ``listSnapshot`` records (built once)."""
    return fastjsonschema.compile(load_schema(record_type))


def invalid_reason(record: dict[str, Any]) -> str | None:
    """``None`` for a valid record, else ``invalid:<field>`` naming the first offending field."""
    record_type = record.get("recordType")
    if record_type not in SCHEMA_FILES:
        return "invalid:recordType"
    try:
        validator(record_type)(record)
    except fastjsonschema.JsonSchemaValueException as error:
        return f"invalid:{_field(error)}"
    return None


def _field(error: fastjsonschema.JsonSchemaValueException) -> str:
    path = [str(part) for part in (error.path or [])[1:]]  # path[0] is "data"
    if not path and error.rule == "required":
        missing = [name for name in error.rule_definition if name not in (error.value or {})]
        path = missing[:1]
    return ".".join(path) or "record"
