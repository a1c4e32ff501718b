"""Bytes of an auditfile in, UTF-8 bytes for lxml out: the encodings real exports use.

Why not let libxml2 decode? Real exports declare UTF-8 but hold Windows-1252 bytes, or
declare ISO-8859-1 and mean Windows-1252 (the euro sign at 0x80); libxml2 stops at the
first such byte. So we decode ourselves, chunk by chunk, and hand lxml clean UTF-8 with
the declaration rewritten to say so. Newlines are never touched: line numbers in reports
stay those of the original file.

The approach, decided once:
- a BOM wins (UTF-8, UTF-16 LE/BE); else the XML declaration; else UTF-8 (the XML default);
- UTF-8 (declared or default) is decoded strictly, except that a byte sequence that is not
  valid UTF-8 is read as Windows-1252 and counted, so the report can warn about it;
- ISO-8859-1, Latin-1 and Windows-1252 are all read as Windows-1252 (a superset for
  printable text; its five unassigned bytes fall back to Latin-1);
- any other encoding Python knows is used as declared; an unknown one is refused.
A file labelled ISO-8859-1 that really holds UTF-8 is read as Windows-1252 (mojibake, no
error): telling the two apart would need the whole file first.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Callable, Iterator
from typing import BinaryIO

CHUNK = 1 << 20  # 1 MiB: large enough for speed, small enough for a flat memory profile
_ERRORS = "vfo-xaf-cp1252"
_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:\-]+)[\"']")
_DECL_TEXT = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[A-Za-z0-9._:\-]+\2")
_LATIN = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1", "windows-1252",
          "cp1252", "us-ascii", "ascii"}
_UTF8 = {"utf-8", "utf8"}
_counter = threading.local()


class UnknownEncoding(ValueError):
    """The declared encoding is not one Python can decode."""


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: the offending bytes as Windows-1252 (Latin-1 where undefined)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start:exc.end]
    _counter.n = getattr(_counter, "n", 0) + len(bad)
    return "".join(_cp1252_char(b) for b in bad), exc.end


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


codecs.register_error(_ERRORS, _cp1252_fallback)


def _latin_decode(data: bytes, final: bool = False) -> str:
    return data.decode("cp1252", errors=_ERRORS)


def sniff(first: bytes) -> tuple[str, int]:
    """(encoding name, BOM length) from the first bytes of the file."""
    if first.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0  # the utf-16 codec reads and drops the BOM itself
    match = _DECL.match(first[:512])
    return (match.group(1).decode("ascii").lower() if match else "utf-8"), 0


def _decoder(name: str) -> Callable[[bytes, bool], str]:
    if name in _UTF8:
        return codecs.getincrementaldecoder("utf-8")(errors=_ERRORS).decode
    if name in _LATIN:
        return _latin_decode
    try:
        codecs.lookup(name)
    except LookupError as exc:
        raise UnknownEncoding(name) from exc
    return codecs.getincrementaldecoder(name)(errors="strict").decode


class Transcoder:
    """Iterates the file as UTF-8 chunks; ``encoding`` and ``fallback_bytes`` for the report."""

    def __init__(self, raw: BinaryIO, progress: Callable[[int], None] | None = None) -> None:
        self._raw = raw
        self._progress = progress
        self.encoding = ""
        self.fallback_bytes = 0  # bytes that were not valid UTF-8 and were read as cp1252

    def __iter__(self) -> Iterator[str]:
        """Decoded text chunks (the declaration already says UTF-8)."""
        first = self._raw.read(CHUNK)
        self.encoding, bom = sniff(first)
        decode = _decoder(self.encoding)
        _counter.n = 0
        read = len(first)
        text = decode(first[bom:], False)
        text = _DECL_TEXT.sub(r'\1"UTF-8"', text, count=1)
        while True:
            self._report(read)
            yield text
            data = self._raw.read(CHUNK)
            if not data:
                break
            read += len(data)
            text = decode(data, False)
        tail = decode(b"", True)
        self.fallback_bytes = getattr(_counter, "n", 0)
        if tail:
            yield tail

    def _report(self, read: int) -> None:
        self.fallback_bytes = getattr(_counter, "n", 0)
        if self._progress is not None:
            self._progress(read)
