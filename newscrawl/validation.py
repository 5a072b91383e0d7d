"""Validation of records against the published JSON Schemas in ``schema/``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMA_FILES = {"article": "article.schema.json", "listSnapshot": "list_snapshot.schema.json"}


@cache
def validator(record_type: str) -> Draft202012Validator:
    """The compiled validator for ``article`` or ``listSnapshot`` records (built once)."""
    schema = json.loads((SCHEMA_DIR / SCHEMA_FILES[record_type]).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def invalid_reason(record: dict[str, Any]) -> str | None:
    """``None`` for a valid record, else ``invalid:<field>`` naming the first offending field."""
    record_type = record.get("recordType")
    if record_type not in SCHEMA_FILES:
        return "invalid:recordType"
    error = next(iter(validator(record_type).iter_errors(record)), None)
    if error is None:
        return None
    path = ".".join(str(part) for part in error.absolute_path)
    if not path and error.validator == "required":
        path = str(error.message).split("'")[1] if "'" in error.message else "record"
    return f"invalid:{path or 'record'}"
