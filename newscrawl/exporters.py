"""The JSON Lines and CSV feed exporters for newscrawl's records.

Scrapy's ``JsonLinesItemExporter`` serialises an item field by field in Python before encoding it;
newscrawl's records hold plain JSON values already, so they are written with one ``json.dumps`` call,
byte for byte what Scrapy's exporter writes. Anything else (other items, ``FEED_EXPORT_FIELDS``,
indentation or other exporter options) goes the way Scrapy's exporter goes.

Scrapy's CSV exporter writes a nested value as its Python repr (``[{'name': 'Zhang Mengxu'}]``); the
records' CSV is flat instead, as ``newscrawl export --format csv`` writes it (``newscrawl.analysis.flat``).
"""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter

from newscrawl.analysis.flat import flat_record
from newscrawl.items import ArticleItem, ListSnapshotItem, as_record


class RecordJsonLinesExporter(JsonLinesItemExporter):
    def __init__(self, file: BytesIO, **kwargs: Any) -> None:
        super().__init__(file, **kwargs)
        self.plain = self.fields_to_export is None and set(self._kwargs) == {"ensure_ascii"}

    def export_item(self, item: Any) -> None:
        if not self.plain or not isinstance(item, ArticleItem | ListSnapshotItem):
            super().export_item(item)
            return
        line = json.dumps(as_record(item), ensure_ascii=self._kwargs["ensure_ascii"]) + "\n"
        self.file.write(line.encode(self.encoding or "utf-8"))


class RecordCsvExporter(CsvItemExporter):
    """One flat row per record: names joined with ``; ``, nested fields as JSON, null an empty cell."""

    def export_item(self, item: Any) -> None:
        if isinstance(item, ArticleItem | ListSnapshotItem):
            item = flat_record(as_record(item), item.recordType)
        super().export_item(item)
