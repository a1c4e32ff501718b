"""A table as an Excel workbook (.xlsx, openpyxl) or as CSV, the way Dutch Excel opens it.

- Numbers stay numbers: an amount in cents becomes a numeric cell in euros with the number
  format ``#,##0.00``. The format code is stored in Excel's en-US notation and Excel shows
  it in the reader's locale, so a Dutch Excel shows ``1.234,56`` (written ``#.##0,00`` in
  its dialog). Percentages are fractions with ``0.0%``; dates are dates with ``dd-mm-yyyy``.
- One sheet per part, its header row bold and frozen, the columns as wide as asked.
- CSV is what Dutch Excel opens with a double click without the import wizard: fields
  separated by ``;`` (Excel's list separator in the Dutch locale), a decimal comma and no
  thousands separator, UTF-8 with a byte order mark (without it Excel reads ANSI and spoils
  ë and ł), lines ending in CRLF.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

Kind = Literal["text", "eur", "pct", "int", "date"]

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"

EUR_FORMAT = "#,##0.00"  # Dutch Excel shows #.##0,00
PCT_FORMAT = "0.0%"
INT_FORMAT = "#,##0"
DATE_FORMAT = "dd-mm-yyyy"
_FORMATS = {"eur": EUR_FORMAT, "pct": PCT_FORMAT, "int": INT_FORMAT, "date": DATE_FORMAT}
_WIDTHS = {"text": 32, "eur": 16, "pct": 10, "int": 10, "date": 12}
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    width: float | None = None


@dataclass(frozen=True)
class Row:
    """A row that is more than its values: ``bold`` for totals and headings."""

    values: list
    bold: bool = False


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: list[list | Row] = field(default_factory=list)


def euros(cents: int | None) -> Decimal | None:
    """Cents as an exact euro amount (a Decimal: 0.1 + 0.2 stays exact in the cell)."""
    return None if cents is None else Decimal(int(cents)) / 100


def _cell_value(kind: Kind, value):
    if value is None or value == "":
        return None
    if kind == "eur":
        return euros(value)
    if kind == "pct":
        return float(value)
    if kind == "int":
        return int(value)
    if kind == "date":
        return value if isinstance(value, date) else str(value)
    return _safe_text(str(value))


def _safe_text(text: str) -> str:
    """Text that no spreadsheet runs as a formula (a description "=HYPERLINK(...)" from an
    auditfile stays text)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) \
        else text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def _values(row: list | Row) -> tuple[list, bool]:
    return (row.values, row.bold) if isinstance(row, Row) else (list(row), False)


def _title(title: str, used: set[str]) -> str:
    base = _BAD_TITLE.sub(" ", title).strip()[:31] or "Blad"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def workbook(sheets: list[Sheet]) -> bytes:
    """The sheets as one .xlsx workbook, in the order given."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for sheet in sheets or [Sheet("Blad", [])]:
        ws = book.create_sheet(_title(sheet.title, used))
        for c, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=c, value=column.header)
            cell.font = bold
            if column.kind != "text":
                cell.alignment = Alignment(horizontal="right")
            ws.column_dimensions[get_column_letter(c)].width = column.width or _WIDTHS[column.kind]
        for r, row in enumerate(sheet.rows, start=2):
            values, is_bold = _values(row)
            for c, column in enumerate(sheet.columns, start=1):
                value = values[c - 1] if c - 1 < len(values) else None
                cell = ws.cell(row=r, column=c, value=_cell_value(column.kind, value))
                if column.kind in _FORMATS:
                    cell.number_format = _FORMATS[column.kind]
                if is_bold:
                    cell.font = bold
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_value(kind: Kind, value) -> str:
    if value is None or value == "":
        return ""
    if kind == "eur":
        return f"{euros(value):.2f}".replace(".", ",")
    if kind == "pct":
        return f"{float(value) * 100:.1f}".replace(".", ",")
    if kind == "int":
        return str(int(value))
    if kind == "date":
        return value.strftime("%d-%m-%Y") if isinstance(value, date) else str(value)
    return _safe_text(str(value))


def csv_bytes(sheet: Sheet) -> bytes:
    """The sheet as CSV for Dutch Excel: ``;``, decimal comma, UTF-8 with BOM, CRLF."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.header for c in sheet.columns])
    for row in sheet.rows:
        values, _ = _values(row)
        writer.writerow([_csv_value(c.kind, values[i] if i < len(values) else None)
                         for i, c in enumerate(sheet.columns)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def filename(*parts: str, ext: str) -> str:
    """A download's file name from its parts: letters and digits, the rest a dash."""
    name = "-".join("".join(ch if ch.isalnum() else "-" for ch in p).strip("-") for p in parts if p)
    return re.sub("-{2,}", "-", name).lower() + "." + ext
