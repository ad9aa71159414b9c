"""The Parquet schema of a batch's `documents/` partitions (events use the export schema)."""

from __future__ import annotations

import pyarrow as pa

DOCUMENT_SCHEMA = pa.schema([
    pa.field("ref", pa.string(), nullable=False),  # input file and line or WARC record
    pa.field("document_id", pa.string()),
    pa.field("status", pa.string(), nullable=False),  # "ok" | "error"
    pa.field("message", pa.string()),  # why it failed
    pa.field("events", pa.int32()),
    pa.field("title", pa.string()),
    pa.field("outlet", pa.string()),
    pa.field("url", pa.string()),
    pa.field("published", pa.date32()),
])
