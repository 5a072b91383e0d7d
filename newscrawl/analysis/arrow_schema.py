"""The export's two tables, ``articles`` and ``list_items``, with fixed Arrow schemas derived from the
JSON Schemas (through :mod:`newscrawl.analysis.fields`): nothing is inferred from the data, so every
file of a table has the same columns and types, whatever its records hold.

Ids and text are strings, integers int64, instants ``timestamp[us, tz=UTC]``, a printed time two
columns (``datePublished``: the instant, null when the page printed no offset; ``datePublishedLocal``:
the wall-clock time the portal printed, a timestamp without zone), lists of objects lists of structs,
objects structs, free-form objects (``metadata.fieldSources``) JSON text. ``site`` and the run's day are
the hive partitions (``site=<site>/date=<YYYY-MM-DD>``), not columns of the files.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import pyarrow as pa

from newscrawl.analysis.fields import FieldType, record_fields
from newscrawl.state import record_key

INSTANT = pa.timestamp("us", tz="UTC")
WALL_CLOCK = pa.timestamp("us")
LOCAL = "Local"  # the suffix of a printed time's wall-clock column
PARTITIONS = ("site", "date")  # hive partitions: site=<site>/date=<the run's day folder>

Row = dict[str, Any]


def arrow_type(field: FieldType) -> pa.DataType:
    if field.kind == "list":
        assert field.items is not None
        return pa.list_(pa.field("item", arrow_type(field.items), nullable=field.items.nullable))
    if field.kind == "struct":
        return pa.struct(
            [pa.field(name, arrow_type(sub), nullable=sub.nullable) for name, sub in field.fields]
        )
    simple = {
        "string": pa.string(),
        "json": pa.string(),
        "instant": INSTANT,
        "date": pa.date32(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "boolean": pa.bool_(),
    }
    if field.kind not in simple:  # a printed time nested in an object would lose its wall-clock time
        raise ValueError(f"no Arrow type for a {field.kind} inside a list or object")
    return simple[field.kind]


def arrow_value(field: FieldType) -> Callable[[Any], Any]:
    """JSON value → the Python value pyarrow takes for :func:`arrow_type` of the field."""
    if field.kind == "instant":
        return _instant
    if field.kind == "date":
        return _date
    if field.kind == "json":
        return _json_text
    if field.kind == "integer":
        return _int64
    if field.kind == "list":
        assert field.items is not None
        item = arrow_value(field.items)
        return lambda values: None if values is None else [item(value) for value in values]
    if field.kind == "struct" and _needs_conversion(field):
        subs = [(name, arrow_value(sub)) for name, sub in field.fields]
        return lambda value: None if value is None else {name: sub(value.get(name)) for name, sub in subs}
    return _same


def _needs_conversion(field: FieldType) -> bool:
    if field.kind in ("instant", "date", "json", "printed_time", "integer"):
        return True
    if field.kind == "list":
        assert field.items is not None
        return _needs_conversion(field.items)
    return any(_needs_conversion(sub) for _, sub in field.fields)


def _same(value: Any) -> Any:
    return value


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _int64(value: int | None) -> int | None:
    if value is not None and not -(2**63) <= value < 2**63:
        raise ValueError(f"{value} does not fit in int64")
    return value


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def printed_instant(text: str | None) -> datetime | None:
    """The instant of a printed time: ``None`` when the page printed no offset (none is invented)."""
    moment = None if text is None else datetime.fromisoformat(text)
    return moment if moment is not None and moment.tzinfo is not None else None


def printed_wall_clock(text: str | None) -> datetime | None:
    """The wall-clock time the page printed, without its offset."""
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: pa.DataType
    nullable: bool
    cell: Callable[[Row], Any]  # a row (record fields, run fields) → this column's value

    @property
    def field(self) -> pa.Field:
        return pa.field(self.name, self.type, nullable=self.nullable)


def property_columns(name: str, field: FieldType) -> list[Column]:
    """A property's column; a printed time's two: the instant and the wall-clock time."""
    if field.kind == "printed_time":
        return [
            Column(name, INSTANT, True, lambda row: printed_instant(row.get(name))),
            Column(name + LOCAL, WALL_CLOCK, field.nullable, lambda row: printed_wall_clock(row.get(name))),
        ]
    convert = arrow_value(field)
    return [Column(name, arrow_type(field), field.nullable, lambda row: convert(row.get(name)))]


def _run_column(name: str) -> Column:
    return Column(name, pa.string(), False, lambda row: row[name])


@dataclass(frozen=True, slots=True)
class Table:
    """One export table: its columns, and the rows one record of its data files gives."""

    name: str
    kind: str  # the data files it is made of (newscrawl.analysis.reader: "articles", "lists")
    columns: tuple[Column, ...]
    rows: Callable[[dict[str, Any], str], Iterable[Row]]  # (record, runId) → rows

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([column.field for column in self.columns])

    def cells(self, row: Row) -> tuple[Any, ...]:
        """The row's values, column by column; ``ValueError`` (or ``TypeError``) when one cannot be."""
        return tuple(column.cell(row) for column in self.columns)

    def batch(self, rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
        """Rows of :meth:`cells` as one record batch of the table's schema."""
        columns = zip(*rows, strict=True) if rows else ((),) * len(self.columns)
        arrays = [
            pa.array(values, type=column.type) for values, column in zip(columns, self.columns, strict=True)
        ]
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema)


def _article_rows(record: dict[str, Any], run_id: str) -> Iterable[Row]:
    return ({**record, "runId": run_id, "recordKey": record_key(record)},)


def _list_item_rows(snapshot: dict[str, Any], run_id: str) -> Iterable[Row]:
    """One row per entry of the list; an empty list gives none."""
    return ({**snapshot, **item, "runId": run_id} for item in snapshot["items"])


@cache
def articles_table() -> Table:
    columns = [_run_column("runId"), _run_column("recordKey")]
    for name, field in record_fields("article"):
        if name not in PARTITIONS:
            columns += property_columns(name, field)
    return Table("articles", "articles", _unique(columns), _article_rows)


@cache
def list_items_table() -> Table:
    columns = [_run_column("runId")]
    for name, field in record_fields("listSnapshot"):
        if name == "items":
            assert field.items is not None
            for item_name, item_field in field.items.fields:
                columns += property_columns(item_name, item_field)
        elif name not in PARTITIONS:
            columns += property_columns(name, field)
    return Table("list_items", "lists", _unique(columns), _list_item_rows)


def tables() -> tuple[Table, ...]:
    return (articles_table(), list_items_table())


def _unique(columns: list[Column]) -> tuple[Column, ...]:
    names = [column.name for column in columns]
    if doubled := sorted({name for name in names if names.count(name) > 1}):
        raise ValueError(f"two columns named {', '.join(doubled)}")
    return tuple(columns)
