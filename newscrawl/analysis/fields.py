"""What each record field is, for analysis: read once from the JSON Schemas (``newscrawl/schema/*.json``).

The export's Arrow schema (:mod:`newscrawl.analysis.arrow_schema`), DuckDB's ``read_json`` column spec,
the pandas dtypes of raw JSON Lines and the flat CSV cells (:mod:`newscrawl.analysis.flat`) are all
derived from the :class:`FieldType` of each property, so a field added to a schema reaches every one of
them, and one the derivation does not know stops it with an error rather than being guessed at.

Times come in two kinds, told apart by the schema's pattern:

- a **printed** time (``datePublished``, ``dateModified``): the time a page printed, whose offset is
  optional (a time printed without one on the generic path is written without one, none invented);
- an **instant** (``firstSeen``, ``metadata.dateDownloaded``, ``observedAt``): a time the crawler
  stamped, always with an offset (UTC).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from newscrawl.validation import load_schema

# The pattern of a date-time whose offset may be absent (a time as a page printed it) ends so; one whose
# offset is required (a time the crawler stamped) ends with a group without the "?".
_OPTIONAL_OFFSET = r"([+-]\d{2}:\d{2})?$"
_DATE_TIME_START = r"^\d{4}-\d{2}-\d{2}T"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_CONST_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}
_SIMPLE_KINDS = {"integer": "integer", "number": "number", "boolean": "boolean"}


@dataclass(frozen=True, slots=True)
class FieldType:
    """One property's analysis type: its kind, whether it may be null, its items or fields."""

    kind: str
    nullable: bool
    items: FieldType | None = None  # kind "list"
    fields: tuple[tuple[str, FieldType], ...] = ()  # kind "struct", in the schema's order


def field_type(schema: dict[str, Any], required: bool = True) -> FieldType:
    """The :class:`FieldType` of one JSON Schema property (``required``: listed in its object's
    ``required``); a construct this does not know raises ``ValueError`` naming it."""
    schema, nullable = _without_null(schema)
    nullable = nullable or not required
    if "const" in schema:
        return FieldType(_json_kind(_CONST_TYPES[type(schema["const"])], schema), nullable)
    kind = schema.get("type")
    if kind == "array":
        return FieldType("list", nullable, items=field_type(schema["items"]))
    if kind == "object" and "properties" in schema:
        needed = set(schema.get("required", ()))
        fields = tuple((name, field_type(sub, name in needed)) for name, sub in schema["properties"].items())
        return FieldType("struct", nullable, fields=fields)
    if kind == "object":  # free-form (metadata.fieldSources): its keys are data, not columns
        return FieldType("json", nullable)
    if isinstance(kind, str):
        return FieldType(_json_kind(kind, schema), nullable)
    raise ValueError(f"no analysis type for the schema {json.dumps(schema)}")


def _without_null(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """``{"type": ["string", "null"]}`` or ``{"oneOf": [{"type": "null"}, {…}]}`` → the other, True."""
    for combinator in ("oneOf", "anyOf"):
        if combinator in schema:
            others = [sub for sub in schema[combinator] if sub.get("type") != "null"]
            if len(others) != 1:
                raise ValueError(f"no analysis type for a {combinator} of {len(others)} non-null schemas")
            return others[0], len(others) < len(schema[combinator])
    kind = schema.get("type")
    if isinstance(kind, list):
        others = [name for name in kind if name != "null"]
        if len(others) != 1:
            raise ValueError(f"no analysis type for the type list {kind}")
        return {**schema, "type": others[0]}, len(others) < len(kind)
    return schema, False


def _json_kind(kind: str, schema: dict[str, Any]) -> str:
    if kind == "string":
        pattern = schema.get("pattern", "")
        if pattern.startswith(_DATE_TIME_START):
            return "printed_time" if pattern.endswith(_OPTIONAL_OFFSET) else "instant"
        if schema.get("format") == "date-time":
            return "instant"
        if pattern == _DATE:
            return "date"
        return "string"
    if kind in _SIMPLE_KINDS:
        return _SIMPLE_KINDS[kind]
    raise ValueError(f"no analysis type for the JSON type {kind!r}")


@cache
def record_fields(record_type: str) -> tuple[tuple[str, FieldType], ...]:
    """Every top-level property of ``article`` or ``listSnapshot`` records, in the schema's order."""
    return field_type({**load_schema(record_type), "type": "object"}).fields


# --- DuckDB and pandas over the raw JSON Lines ----------------------------------------------------


def duckdb_type(field: FieldType) -> str:
    """The DuckDB type of a field read by ``read_json``. A printed time is ``VARCHAR``: as
    ``TIMESTAMPTZ`` DuckDB would give one printed without an offset the session's time zone."""
    simple = {
        "string": "VARCHAR",
        "printed_time": "VARCHAR",
        "instant": "TIMESTAMPTZ",
        "date": "DATE",
        "integer": "BIGINT",
        "number": "DOUBLE",
        "boolean": "BOOLEAN",
        "json": "JSON",
    }
    if field.kind == "list":
        assert field.items is not None
        return f"{duckdb_type(field.items)}[]"
    if field.kind == "struct":
        return "STRUCT(" + ", ".join(f'"{name}" {duckdb_type(sub)}' for name, sub in field.fields) + ")"
    return simple[field.kind]


def duckdb_columns(record_type: str) -> str:
    """The ``columns=`` argument of DuckDB's ``read_json`` for a kind of record, as SQL."""
    pairs = (f"'{name}': '{duckdb_type(field)}'" for name, field in record_fields(record_type))
    return "{" + ", ".join(pairs) + "}"


def pandas_dtypes(record_type: str) -> dict[str, str]:
    """``dtype=`` for ``pandas.read_json(lines=True)``: every text field (ids, times as written) ``str``,
    integers ``Int64``; nested values stay Python lists and dicts (``object``)."""
    names = {"string": "str", "printed_time": "str", "instant": "str", "date": "str", "integer": "Int64"}
    return {name: names.get(field.kind, "object") for name, field in record_fields(record_type)}
