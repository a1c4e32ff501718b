"""A budget in from Excel: the template (``tables.budget_sheet``: the profit-and-loss
categories down, the months of the fiscal year across, a Totaal column) filled in and
uploaded.

All or nothing: every cell is read first; a single unreadable one refuses the whole file with
a Dutch message per cell ("Cel C5: 'abc' is geen bedrag"), and nothing is saved. A readable
file replaces the year's budget through ``budget.save`` (the same rules, access check and
audit entry as the grid on the page). Rows are found by their label in column A (or the
category's key), so their order may change; a category left out is 0. The Totaal column is
not read: the months are the budget. A number cell is taken as euros (rounded to cents);
a text cell is read as Dutch notation ("1.500,00").

An .xlsx is a zip of XML: refused when larger than ``MAX_BYTES`` or unpacking to more than
``MAX_UNPACKED`` (a zip bomb), before openpyxl reads it.
"""

from __future__ import annotations

import io
import zipfile
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlmodel import Session

from vfo_app.domain.advisor.client_input import parse_amount_cents
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.overview import budget as budgets
from vfo_app.domain.xaf.classify import CATEGORIES

MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED = 20 * 1024 * 1024
MAX_ERRORS = 20  # more are summed up: "en nog 12 cellen"
FIELD = "upload"


def _refuse(*messages: str) -> ValidationFailed:
    return ValidationFailed({FIELD: "\n".join(messages)})


def _labels() -> dict[str, str]:
    """Row label (lowercase, or the category's key) -> category key."""
    out: dict[str, str] = {}
    for key in budgets.KEYS:
        out[CATEGORIES[key].label.strip().lower()] = key
        out[key] = key
    return out


def _cents(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        try:
            return int((Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        except InvalidOperation:
            return None
    if isinstance(value, str):
        return parse_amount_cents(value)
    return None


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:29] + "…"


def read_grid(data: bytes) -> budgets.Grid:
    """The budget cells of an uploaded template; ValidationFailed (field ``upload``) with a
    message per unreadable cell or row."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    if not data:
        raise _refuse("Kies eerst een Excel-bestand (.xlsx).")
    if len(data) > MAX_BYTES:
        raise _refuse(f"Het bestand is te groot; hoogstens {MAX_BYTES // (1024 * 1024)} MB.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED:
                raise _refuse("Het bestand is uitgepakt te groot voor een budget.")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ValidationFailed:
        raise
    except Exception:  # not a zip, not a workbook, broken XML: all the same to the user
        raise _refuse("Dit bestand is geen leesbaar Excel-bestand (.xlsx). Download het "
                      "sjabloon, vul het in en upload het opnieuw.") from None
    try:
        ws = book.worksheets[0]
        rows = list(ws.iter_rows(min_row=1, max_row=60, max_col=14, values_only=True))
    finally:
        book.close()
    if not rows or str(rows[0][0] or "").strip().lower() != "rubriek":
        raise _refuse("Cel A1: hier hoort 'Rubriek' te staan. Gebruik het sjabloon van deze "
                      "pagina (Download sjabloon).")
    labels = _labels()
    cells: budgets.Grid = {}
    errors: list[str] = []
    seen: dict[str, int] = {}
    for r, row in enumerate(rows[1:], start=2):
        label = str(row[0] or "").strip() if row else ""
        values = list(row[1:13]) + [None] * (12 - len(row[1:13])) if row else [None] * 12
        if not label:
            if any(v not in (None, "") for v in values):
                errors.append(f"Rij {r}: bedragen zonder rubriek in kolom A.")
            continue
        key = labels.get(label.lower())
        if key is None:
            errors.append(f"Cel A{r}: '{_shown(label)}' is geen rubriek van de "
                          "winst-en-verliesrekening.")
            continue
        if key in seen:
            errors.append(f"Cel A{r}: de rubriek '{CATEGORIES[key].label}' staat ook in rij "
                          f"{seen[key]}.")
            continue
        seen[key] = r
        for month, value in zip(budgets.MONTHS, values, strict=True):
            ref = f"{get_column_letter(month + 1)}{r}"
            cents = _cents(value)
            if cents is None:
                errors.append(f"Cel {ref}: '{_shown(value)}' is geen bedrag.")
            elif abs(cents) >= budgets.MAX_CENTS:
                errors.append(f"Cel {ref}: dit bedrag is te groot.")
            elif cents:
                cells[(key, month)] = cents
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(f"… en nog {len(errors) - MAX_ERRORS} fouten.")
        raise _refuse(*shown)
    return cells


def import_budget(session: Session, actor: Actor, client_id: int, year: int, data: bytes
                  ) -> budgets.Budget:
    """Replace the year's budget by the uploaded template's, or change nothing at all. The
    access policy is asked (through ``budget.save``) before the file is read."""
    budgets.scope_for(session, actor, client_id)
    cells = read_grid(data)
    return budgets.save(session, actor, client_id, year, cells)
