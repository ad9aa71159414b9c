"""Turn bytes from a file, stdin or a JSONL record into checked, decoded text or HTML."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from eventatlas.errors import InputError
from eventatlas.settings import MAX_INPUT_BYTES

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
# Text with more than this share of control characters is binary, whatever it decodes to.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Half of a UTF-16 pair on its own: a JSON escape (\ud800) and Python strings can carry one, but it
# is no character and cannot be encoded, hashed or stored.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class RawInput:
    """A decoded input: its text, whether it is HTML, and a name to report errors against."""

    name: str
    content: str
    is_html: bool


def read_path(path: Path) -> RawInput:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"{path}: file is {size / 1e6:.1f} MB, over the {MAX_INPUT_BYTES / 1e6:.0f} MB limit "
            "for one article"
        )
    content = decode_bytes(path.read_bytes(), str(path))
    is_html = path.suffix.lower() in HTML_SUFFIXES or looks_like_html(content)
    return RawInput(name=str(path), content=content, is_html=is_html)


def read_bytes(data: bytes, name: str) -> RawInput:
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{name}: input is over the {MAX_INPUT_BYTES / 1e6:.0f} MB limit")
    content = decode_bytes(data, name)
    return RawInput(name=name, content=content, is_html=looks_like_html(content))


def looks_like_html(content: str) -> bool:
    return bool(_HTML_SNIFF.match(content[:2048]))


def decode_bytes(data: bytes, name: str) -> str:
    if not data.strip():
        raise InputError(f"{name}: input is empty")
    text = _decode(data, name)
    check_text(text, name)
    return text


def check_text(text: str, name: str) -> None:
    """Reject text that decoded but is not prose (binary noise, NULs) or is not valid Unicode
    (a lone surrogate). A NUL anywhere is refused: no article has one and PostgreSQL cannot
    store it."""
    check_unicode(text, name)
    if not text.strip():
        raise InputError(f"{name}: input is empty")
    sample = text[:65536]
    if "\x00" in text or len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise InputError(f"{name}: input looks binary, not text or HTML")


def check_unicode(text: str, name: str, what: str = "input") -> None:
    found = _SURROGATE.search(text)
    if found is not None:
        raise InputError(f"{name}: {what} is not valid Unicode (a lone surrogate "
                         f"U+{ord(found.group()):04X} at character {found.start()})")


def decode_line(data: bytes, number: int) -> str:
    """One line of a JSON Lines file or stream, as strict UTF-8 (JSON is UTF-8): a bad line
    is that line's error, never U+FFFD in its text (the first line may carry a BOM)."""
    if number == 1 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"line {number}: not valid UTF-8 ({error.reason} at byte "
                         f"{error.start})") from error


def _refuse_broken_utf8(data: bytes, error: UnicodeDecodeError, name: str) -> None:
    """Bytes that are UTF-8 up to a fault are damaged UTF-8, not a legacy encoding: guessing
    one turned a file cut mid-character into mojibake. Legacy text (cp1252, Latin-1) fails at
    its first non-ASCII byte, so it still goes on to be guessed."""
    truncated = error.reason == "unexpected end of data"
    if truncated or not data[:error.start].isascii():
        what = "ends in the middle of a character" if truncated else f"has {error.reason}"
        raise InputError(f"{name}: not valid UTF-8: it {what} at byte {error.start}; "
                         "the file may be cut short or damaged") from error


def _decode(data: bytes, name: str) -> str:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(f"{name}: not valid {encoding.upper()} despite its byte order "
                                 f"mark ({error.reason} at byte {error.start})") from error
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: input looks binary, not text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        _refuse_broken_utf8(data, error, name)
    best = charset_normalizer.from_bytes(data).best()
    # A weak guess on non-UTF-8 bytes yields mojibake that would silently become "events".
    if best is None or best.chaos > 0.2:
        raise InputError(f"{name}: cannot tell the text encoding (not UTF-8); re-save as UTF-8")
    return str(best)
