"""Dates as people type them in the Netherlands: dd-mm-jjjj, whatever the browser's language.

Every date field of the app is a text field (components/dates.py) whose text comes here: a
browser's own date picker follows the browser's language ("12/31/2025" in an English one),
this does not. Shown with formatting.day (Babel), read with ``parse``; ``problem`` says in
Dutch what is wrong with text that is not a date, so the field keeps it and says why.
"""

from __future__ import annotations

import re
from datetime import date

from vfo_app.domain import formatting

PLACEHOLDER = "dd-mm-jjjj"
EXAMPLE = "31-12-2025"
UNREADABLE = f"Vul de datum in als {PLACEHOLDER}, bijvoorbeeld {EXAMPLE}."
NO_SUCH_DAY = "Deze datum bestaat niet: kijk de dag en de maand na."

# d-m-yyyy with -, / or . between; yyyy-mm-dd as links and older forms carry it
_DUTCH = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _parts(text: str) -> tuple[int, int, int] | None:
    text = text.strip()
    if match := _DUTCH.match(text):
        return int(match.group(3)), int(match.group(2)), int(match.group(1))
    if match := _ISO.match(text):
        return int(match.group(1)), int(match.group(2)), int(match.group(3))
    return None


def parse(value: object) -> date | None:
    """The date in ``value`` (dd-mm-jjjj, or yyyy-mm-dd), None when empty or not a date."""
    parts = _parts(value) if isinstance(value, str) else None
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None


def problem(value: object) -> str:
    """What is wrong with a non-empty text that ``parse`` refuses ("" when it is a date)."""
    parts = _parts(value) if isinstance(value, str) else None
    if parts is None:
        return UNREADABLE
    try:
        date(*parts)
    except ValueError:
        return NO_SUCH_DAY
    return ""


def show(value: date | None) -> str:
    """As a date field shows it: 31-12-2025."""
    return formatting.day(value)
