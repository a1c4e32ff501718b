"""Text with live numbers: ``{omzet}``, ``{omzet_vs_vorig_jaar}``, ``{brutomarge_pct}``...

Every key figure of the library (``key_figures.LIBRARY``) is a placeholder, rendered for the
pack's period in Dutch (``key_figures.display``: € 12.345, 23,4%, 42 dagen); each also has a
``_vs_vorig_jaar`` form: the change against the same period last year ("+12,3%", or
"onbekend" without figures last year or with a zero to divide by). ``{periode}`` and
``{klant}`` name the period and the client. An unknown placeholder is refused when the text
is saved, with the name it did not know; text between braces that is no placeholder name
(``{ }``, ``{1}``) is left as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.formatting import number
from vfo_app.domain.overview import key_figures
from vfo_app.domain.reports.parts import Period

PATTERN = re.compile(r"\{([a-z][a-z0-9_]*)\}")
VS = "_vs_vorig_jaar"
UNKNOWN_VALUE = "onbekend"
EXAMPLES = "{omzet}, {omzet_vs_vorig_jaar}, {brutomarge_pct}, {nettoresultaat}, {periode}"


def names() -> list[str]:
    """Every placeholder, for the help beside the text field."""
    keys = list(key_figures.LIBRARY)
    return ["periode", "klant", *keys, *(k + VS for k in keys)]


def unknown(text: str) -> list[str]:
    known = set(names())
    return list(dict.fromkeys(n for n in PATTERN.findall(text or "") if n not in known))


def check(field: str, text: str) -> None:
    """Refuse a text with a placeholder that does not exist, naming it (Dutch)."""
    bad = unknown(text)
    if bad:
        listed = ", ".join("{" + n + "}" for n in bad)
        word = "bestaat" if len(bad) == 1 else "bestaan"
        raise ValidationFailed({field: (
            f"{listed} {word} niet. Gebruik de naam van een kengetal tussen accolades, "
            f"bijvoorbeeld {EXAMPLES}.")})


@dataclass(frozen=True)
class Values:
    """The rendered value of every placeholder of one period."""

    values: dict[str, str]

    def render(self, text: str) -> str:
        return PATTERN.sub(lambda m: self.values.get(m.group(1), m.group(0)), text or "")


def _change(now: float | None, before: float | None) -> str:
    if now is None or before is None or before == 0:
        return UNKNOWN_VALUE
    pct = 100 * (now - before) / abs(before)
    return ("+" if pct >= 0 else "−") + number(abs(pct), 1) + "%"


def values_for(p: Period, client_name: str) -> Values:
    this = key_figures.compute_from(p.this, p.last, p.month, p.first)
    before = ({v.key: v.value for v in key_figures.compute_from(p.last, None, p.month, p.first)}
              if p.last is not None else {})
    out = {"periode": p.label, "klant": client_name}
    for v in this:
        out[v.key] = key_figures.display(v.unit, v.value)
        out[v.key + VS] = _change(v.value, before.get(v.key))
    return Values(out)
