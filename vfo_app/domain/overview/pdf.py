"""The Financial Overview as a PDF report, with the office's name: what the accountant hands over.

Same figures as the dashboard (``figures.py``: the period is month ``upto_month`` of the fiscal
year, the year to date its months 1..upto, each against the same months last year): key
figures, observations, the monthly trend and, in the full version, the Winst-en-verliesrekening
and the Balans. Starter gets the key figures and the trend only. Rendered with reportlab
(pure Python), A4, Dutch formats, the office in the header and "Pagina x van y" in the footer.
The caller passes a checked ``Scope`` (``scope.for_employee`` / ``for_company_user``).
"""

from __future__ import annotations

import io
from datetime import date

from babel.dates import format_date
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlmodel import Session

from vfo_app.domain import clock
from vfo_app.domain.errors import NotFound
from vfo_app.domain.formatting import LOCALE, TIMEZONE, day, figure_value, money_whole
from vfo_app.domain.overview import figures
from vfo_app.domain.overview.scope import Scope
from vfo_app.domain.xaf.ledger import NO_YEAR

INK = colors.HexColor("#1d2939")
MUTED = colors.HexColor("#667085")
ACCENT = colors.HexColor("#0b63b6")
RULE = colors.HexColor("#d0d5dd")
BAND = colors.HexColor("#f2f4f7")
MARGIN = 18 * mm
HEADER = 16 * mm  # room for the running header above the frame

_BASE = ParagraphStyle("base", fontName="Helvetica", fontSize=9, leading=12, textColor=INK)
STYLES = {
    "title": ParagraphStyle("title", _BASE, fontName="Helvetica-Bold", fontSize=18, leading=22),
    "sub": ParagraphStyle("sub", _BASE, fontSize=10, leading=14, textColor=MUTED),
    "h2": ParagraphStyle("h2", _BASE, fontName="Helvetica-Bold", fontSize=12, leading=15,
                         textColor=ACCENT, spaceBefore=12, spaceAfter=6),
    "body": _BASE,
    "note": ParagraphStyle("note", _BASE, textColor=MUTED, fontSize=8, leading=10, spaceBefore=3),
    "cell": ParagraphStyle("cell", _BASE),
    "num": ParagraphStyle("num", _BASE, alignment=TA_RIGHT),
}


# --- formats -----------------------------------------------------------------------------


def _month(s: figures.YearSums, index: int, pattern: str) -> str:
    """Month ``index`` of the fiscal year (1 = its first month) in the calendar, in Dutch."""
    months = s.start.year * 12 + s.start.month - 1 + index - 1
    return format_date(date(months // 12, months % 12 + 1, 1), pattern, locale=LOCALE)


def _money(cents: int | None) -> str:
    return money_whole(cents) if cents is not None else "–"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- tables ------------------------------------------------------------------------------


def _table(head: list[str], rows: list[list[str]], widths: list[float], *,
           bold_rows: tuple[int, ...] = (), section_rows: tuple[int, ...] = ()) -> Table:
    """A report table: first column text, the others amounts aligned right; ``bold_rows``
    (indexes into rows) are totals with a rule above, ``section_rows`` are group headings."""
    data = [head, *rows]
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
        ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK),
    ]
    plain = [i for i in range(len(rows)) if i not in bold_rows and i not in section_rows]
    for n, i in enumerate(plain):
        if n % 2:
            style.append(("BACKGROUND", (0, i + 1), (-1, i + 1), BAND))
    for i in bold_rows:
        style += [("FONT", (0, i + 1), (-1, i + 1), "Helvetica-Bold", 9),
                  ("LINEABOVE", (0, i + 1), (-1, i + 1), 0.5, INK)]
    for i in section_rows:
        style += [("FONT", (0, i + 1), (-1, i + 1), "Helvetica-Bold", 9),
                  ("TOPPADDING", (0, i + 1), (-1, i + 1), 8)]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _key_figures(key: list[figures.KeyFigure], width: float) -> Table:
    rows = [[f.label, figure_value(f.kind, f.period), figure_value(f.kind, f.period_last_year),
             figure_value(f.kind, f.ytd), figure_value(f.kind, f.ytd_last_year)] for f in key]
    return _table(["Kengetal", "Periode", "Vorig jaar", "Jaar tot nu", "Vorig jaar"], rows,
                  [width - 4 * 28 * mm] + [28 * mm] * 4)


def _trend(s: figures.YearSums, trend: list[dict], upto: int, width: float) -> Table:
    rows = [[_month(s, r["month"], "MMMM yyyy").capitalize(), _money(r["omzet"]),
             _money(r["kosten"]), _money(r["resultaat"]), _money(r["liquide_middelen"])]
            for r in trend[:upto]]
    return _table(["Maand", "Omzet", "Kosten", "Resultaat", "Liquide middelen"], rows,
                  [width - 4 * 28 * mm] + [28 * mm] * 4)


def _statement_table(lines: list[dict], keys: tuple[str, ...], head: list[str],
                     widths: list[float]) -> Table:
    body = [[line["label"], *("" if line["kind"] == "section" else _money(line[k])
                              for k in keys)] for line in lines]
    bold = tuple(i for i, line in enumerate(lines) if line["kind"] == "total")
    sections = tuple(i for i, line in enumerate(lines) if line["kind"] == "section")
    return _table(head, body, widths, bold_rows=bold, section_rows=sections)


def _profit_and_loss(rows: list[dict], width: float) -> Table:
    return _statement_table(figures.profit_and_loss_statement(rows), figures.PL_KEYS,
                            ["Rubriek", "Periode", "Vorig jaar", "Jaar tot nu", "Vorig jaar"],
                            [width - 4 * 28 * mm] + [28 * mm] * 4)


def _balance(rows: list[dict], width: float) -> Table:
    return _statement_table(figures.balance_sheet_statement(rows), figures.BS_KEYS,
                            ["Rubriek", "Einde periode", "Vorig jaar"],
                            [width - 2 * 32 * mm] + [32 * mm] * 2)


# --- page furniture ----------------------------------------------------------------------


def _numbered_canvas(office: str, heading: str, footer: str) -> type[Canvas]:
    """A canvas that draws the header and "Pagina x van y" once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # reportlab's name: remember the page, draw it in save()
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            width, height = self._pagesize
            left, right = MARGIN + 6, width - MARGIN - 6  # the frame's padding: align with the text
            top = height - MARGIN + 4 * mm
            self.setFillColor(INK)
            self.setFont("Helvetica-Bold", 11)
            self.drawString(left, top, office)
            self.setFont("Helvetica", 8)
            self.setFillColor(MUTED)
            self.drawRightString(right, top, heading)
            self.setStrokeColor(ACCENT)
            self.setLineWidth(1.2)
            self.line(left, top - 3 * mm, right, top - 3 * mm)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(left, MARGIN - 4 * mm, right, MARGIN - 4 * mm)
            self.drawString(left, MARGIN - 8 * mm, footer)
            self.drawRightString(right, MARGIN - 8 * mm,
                                 f"Pagina {self._pageNumber} van {total}")

    return NumberedCanvas


# --- the report --------------------------------------------------------------------------


def report_pdf(session: Session, scope: Scope, year: int, upto_month: int) -> bytes:
    """The report of ``scope``'s client for fiscal ``year``, period = month ``upto_month``
    (1 = the fiscal year's first month), as PDF bytes."""
    this = figures.year_sums(session, scope.client_id, year)
    if this is None:
        raise NotFound(NO_YEAR)
    last = figures.year_sums(session, scope.client_id, year - 1)
    upto = min(max(int(upto_month), 1), 12)
    key = figures.key_figures(this, last, upto, upto)
    trend = figures.monthly_trend(this)
    notes = figures.observations(key, trend, upto)

    period = _month(this, upto, "MMMM yyyy")
    ytd = f"{_month(this, 1, 'MMMM yyyy')} t/m {period}" if upto > 1 else period
    made = clock.now().astimezone(TIMEZONE).date()
    office = scope.office_name or "Financial Overview"
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + HEADER / 2,
        bottomMargin=MARGIN, title=f"Financieel overzicht {scope.client_name} {period}",
        author=office, subject=f"{scope.product_name} – {scope.client_name}", creator=office)
    width = doc.width

    story = [
        Paragraph(_esc(scope.client_name), STYLES["title"]),
        Spacer(1, 2 * mm),
        Paragraph(f"Financieel overzicht boekjaar {year} · periode {period} · "
                  f"jaar tot nu: {ytd}", STYLES["sub"]),
        Paragraph(f"Opgesteld door {_esc(office)} op {day(made)}", STYLES["sub"]),
        Spacer(1, 4 * mm),
        Paragraph("Kengetallen", STYLES["h2"]),
        _key_figures(key, width),
        Paragraph("Periode: de maand " + period + "; balansposten zijn standen aan het einde van "
                  "de periode. Vorig jaar: dezelfde maanden een jaar eerder.", STYLES["note"]),
    ]
    if notes:
        story += [Paragraph("Wat valt op", STYLES["h2"]),
                  ListFlowable([ListItem(Paragraph(_esc(n), STYLES["body"]), leftIndent=10)
                                for n in notes], bulletType="bullet", start="•", leftIndent=10)]
    story.append(KeepTogether([Paragraph("Verloop per maand", STYLES["h2"]),
                               _trend(this, trend, upto, width)]))
    if scope.is_starter:
        story += [Spacer(1, 6 * mm), Paragraph(
            "Visma Financial Overview Starter toont de kengetallen en de trends. De "
            "Winst-en-verliesrekening en de Balans horen bij Visma Financial Overview.",
            STYLES["note"])]
    else:
        story += [
            KeepTogether([Paragraph("Winst-en-verliesrekening", STYLES["h2"]),
                          _profit_and_loss(figures.profit_and_loss(this, last, upto, upto),
                                           width)]),
            KeepTogether([Paragraph(f"Balans per einde {period}", STYLES["h2"]),
                          _balance(figures.balance_sheet(this, last, upto), width)]),
            Spacer(1, 3 * mm),
            Paragraph("Bedragen in hele euro's. Opbrengsten en resultaat positief, kosten "
                      "negatief; het resultaat van het lopende boekjaar staat op de balans "
                      "tot het jaar is afgesloten.", STYLES["note"]),
        ]
    doc.build(story, canvasmaker=_numbered_canvas(
        office, f"{scope.client_name} · {period}",
        f"{scope.product_name} · opgesteld op {day(made)}"))
    return buffer.getvalue()
