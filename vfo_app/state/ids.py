"""Ids the browser sends. A Reflex client can call any handler with any argument, so an id is
parsed, never trusted: anything but a plain number becomes None, which names nothing (the
domain answers "unknown")."""

from __future__ import annotations

MAX_DIGITS = 18  # fits a 64-bit integer column


def as_id(raw: object) -> int | None:
    text = raw.strip() if isinstance(raw, str) else str(raw) if isinstance(raw, int) else ""
    if isinstance(raw, bool) or not text.isdigit() or not text.isascii() or len(text) > MAX_DIGITS:
        return None
    return int(text)
