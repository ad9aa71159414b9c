"""Ingest: read raw inputs, strip page furniture, and build `Document`s."""

from eventatlas.ingest.document import build_document, content_id
from eventatlas.ingest.reader import RawInput, read_bytes, read_path

__all__ = ["RawInput", "build_document", "content_id", "read_bytes", "read_path"]
