"""A choice in a pick list: the value the form sends and the text a person reads."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    value: str
    label: str
