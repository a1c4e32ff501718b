"""The Financial Overview as a PDF report, with the office's name: what the accountant hands over.

Same figures as the dashboard (the period is month ``upto_month`` of the fiscal year, the year
to date its months 1..upto, each against the same months last year): the key figures of the
client's dashboard and the observations from the library (``key_figures.dashboard``,
``key_figures.observations``), the monthly trend and, in the full version, the
Winst-en-verliesrekening and the Balans. Starter gets the key figures and the trend only.
Rendered with reportlab (pure Python), A4, Dutch formats, the office in the header and
"Pagina x van y" in the footer. The caller passes a checked ``Scope``
(``scope.for_employee`` / ``for_company_user``).

The office's house style (``domain.house_style``) dresses it: the logo beside the office's name
in the header, headings and the header rule in its main colour, its disclaimer in the footer
of every page. Every text is set in DejaVu Sans, embedded (``assets/fonts``, free licence
beside it): reportlab's standard fonts have no ł or ş, and every Dutch name must print.
Other reports (the report pack) build their story and call ``render`` for the same furniture.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from babel.dates import format_date
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
from vfo_app.domain import house_style as house_styles
from vfo_app.domain.errors import NotFound
from vfo_app.domain.formatting import LOCALE, TIMEZONE, day, money_whole
from vfo_app.domain.house_style import HouseStyle
from vfo_app.domain.models import Client
from vfo_app.domain.overview import figures, key_figures
from vfo_app.domain.overview.scope import Scope
from vfo_app.domain.xaf.ledger import NO_YEAR

INK = colors.HexColor("#1d2939")
MUTED = colors.HexColor("#667085")
ACCENT = colors.HexColor(house_styles.DEFAULT_COLOUR)
RULE = colors.HexColor("#d0d5dd")
BAND = colors.HexColor("#f2f4f7")
MARGIN = 18 * mm
HEADER = 16 * mm  # room for the running header above the frame
LOGO_HEIGHT = 10 * mm
LOGO_MAX_WIDTH = 40 * mm

# --- fonts: embedded TrueType, so every name prints (ł, ş and the rest of Latin Extended) ---

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
FONT_DIRS = (Path(__file__).resolve().parents[3] / "assets" / "fonts",
             Path("/usr/share/fonts/truetype/dejavu"))


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont(FONT, str(regular)))
            pdfmetrics.registerFont(TTFont(FONT_BOLD, str(bold)))
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT,
                                          boldItalic=FONT_BOLD)
            return
    raise RuntimeError("DejaVuSans.ttf ontbreekt in assets/fonts")


_register_fonts()


def styles(accent: colors.Color = ACCENT) -> dict[str, ParagraphStyle]:
    """The report's paragraph styles; headings in the office's main colour."""
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=12, textColor=INK)
    return {
        "title": ParagraphStyle("title", base, fontName=FONT_BOLD, fontSize=18, leading=22),
        "sub": ParagraphStyle("sub", base, fontSize=10, leading=14, textColor=MUTED),
        "h2": ParagraphStyle("h2", base, fontName=FONT_BOLD, fontSize=12, leading=15,
                             textColor=accent, spaceBefore=12, spaceAfter=6),
        "body": base,
        "note": ParagraphStyle("note", base, textColor=MUTED, fontSize=8, leading=10,
                               spaceBefore=3),
        "cell": ParagraphStyle("cell", base),
        "num": ParagraphStyle("num", base, alignment=TA_RIGHT),
        "disclaimer": ParagraphStyle("disclaimer", base, textColor=MUTED, fontSize=7, leading=8.5),
    }


STYLES = styles()


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
        ("FONT", (0, 0), (-1, -1), FONT, 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 8),
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
        style += [("FONT", (0, i + 1), (-1, i + 1), FONT_BOLD, 9),
                  ("LINEABOVE", (0, i + 1), (-1, i + 1), 0.5, INK)]
    for i in section_rows:
        style += [("FONT", (0, i + 1), (-1, i + 1), FONT_BOLD, 9),
                  ("TOPPADDING", (0, i + 1), (-1, i + 1), 8)]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _key_figures(key: list[key_figures.DashboardFigure], width: float) -> Table:
    """The key figures of the client's dashboard (the library's, in the accountant's order)."""
    show = key_figures.display
    rows = [[f.label, show(f.unit, f.month), show(f.unit, f.month_last_year),
             show(f.unit, f.ytd), show(f.unit, f.ytd_last_year)] for f in key]
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


def _logo(house: HouseStyle) -> tuple[ImageReader, float, float] | None:
    """The office's logo scaled to the header (height ``LOGO_HEIGHT``, width capped)."""
    if not house.logo:
        return None
    try:
        image = ImageReader(io.BytesIO(house.logo))
        w, h = image.getSize()
    except Exception:  # stored after a check; a logo must never stop a report
        return None
    scale = min(LOGO_HEIGHT / h, LOGO_MAX_WIDTH / w)
    return image, w * scale, h * scale


def _disclaimer(house: HouseStyle, width: float) -> Paragraph | None:
    if not house.disclaimer.strip():
        return None
    text = "<br/>".join(_esc(line) for line in house.disclaimer.strip().splitlines())
    return Paragraph(text, STYLES["disclaimer"])


def _numbered_canvas(house: HouseStyle, heading: str, footer: str) -> type[Canvas]:
    """A canvas that draws the header (logo, office, heading, a rule in the office's colour),
    the disclaimer and "Pagina x van y" once the page count is known."""
    office = house.office_name or "Financial Overview"
    accent = colors.HexColor(house.colour)
    logo = _logo(house)

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
            name_x = left
            if logo is not None:
                image, w, h = logo
                self.drawImage(image, left, top - 1.5 * mm, width=w, height=h, mask="auto")
                name_x = left + w + 3 * mm
            self.setFillColor(INK)
            self.setFont(FONT_BOLD, 11)
            self.drawString(name_x, top, office)
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            self.drawRightString(right, top, heading)
            self.setStrokeColor(accent)
            self.setLineWidth(1.2)
            self.line(left, top - 3 * mm, right, top - 3 * mm)
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(left, MARGIN - 4 * mm, right, MARGIN - 4 * mm)
            self.drawString(left, MARGIN - 8 * mm, footer)
            self.drawRightString(right, MARGIN - 8 * mm,
                                 f"Pagina {self._pageNumber} van {total}")
            note = _disclaimer(house, right - left)
            if note is not None:
                note.wrap(right - left, height)
                note.drawOn(self, left, MARGIN - 2.5 * mm)

    return NumberedCanvas


def render(story: Callable[[float, dict[str, ParagraphStyle]], list], *, house: HouseStyle,
           title: str, subject: str, heading: str, footer: str) -> bytes:
    """A4 PDF bytes with the office's furniture: ``story(width, styles)`` returns the
    flowables (``styles`` are the paragraph styles in the office's colour). The disclaimer
    takes room above the footer rule on every page."""
    office = house.office_name or "Financial Overview"
    note = _disclaimer(house, A4[0] - 2 * MARGIN - 12)
    extra = note.wrap(A4[0] - 2 * MARGIN - 12, A4[1])[1] + 2 * mm if note is not None else 0
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + HEADER / 2,
        bottomMargin=MARGIN + extra, title=title, author=office, subject=subject, creator=office,
        initialFontName=FONT, initialFontSize=9)  # no Helvetica anywhere, not even unused
    doc.build(story(doc.width, styles(colors.HexColor(house.colour))),
              canvasmaker=_numbered_canvas(house, heading, footer))
    return buffer.getvalue()


# --- the report --------------------------------------------------------------------------


def house_of(session: Session, scope: Scope) -> HouseStyle:
    """The house style of the office whose client ``scope`` opened."""
    client = session.get(Client, scope.client_id)
    return house_styles.for_office(session, client.office_id if client else None)


def report_pdf(session: Session, scope: Scope, year: int, upto_month: int) -> bytes:
    """The report of ``scope``'s client for fiscal ``year``, period = month ``upto_month``
    (1 = the fiscal year's first month), as PDF bytes, in the office's house style."""
    this = figures.year_sums(session, scope.client_id, year)
    if this is None:
        raise NotFound(NO_YEAR)
    last = figures.year_sums(session, scope.client_id, year - 1)
    upto = min(max(int(upto_month), 1), 12)
    key = key_figures.dashboard(session, scope.client_id, this, last, upto,
                                starter=scope.is_starter)
    trend = figures.monthly_trend(this)
    notes = key_figures.observations(this, last, upto)

    period = _month(this, upto, "MMMM yyyy")
    ytd = f"{_month(this, 1, 'MMMM yyyy')} t/m {period}" if upto > 1 else period
    made = clock.now().astimezone(TIMEZONE).date()
    house = house_of(session, scope)
    office = scope.office_name or house.office_name or "Financial Overview"

    def story(width: float, st: dict[str, ParagraphStyle]) -> list:
        out = [
            Paragraph(_esc(scope.client_name), st["title"]),
            Spacer(1, 2 * mm),
            Paragraph(f"Financieel overzicht boekjaar {year} · periode {period} · "
                      f"jaar tot nu: {ytd}", st["sub"]),
            Paragraph(f"Opgesteld door {_esc(office)} op {day(made)}", st["sub"]),
            Spacer(1, 4 * mm),
            Paragraph("Kengetallen", st["h2"]),
            _key_figures(key, width),
            Paragraph("Periode: de maand " + period + "; balansposten zijn standen aan het "
                      "einde van de periode. Vorig jaar: dezelfde maanden een jaar eerder.",
                      st["note"]),
        ]
        if notes:
            out += [Paragraph("Wat valt op", st["h2"]),
                    ListFlowable([ListItem(Paragraph(_esc(n), st["body"]), leftIndent=10)
                                  for n in notes], bulletType="bullet", start="•",
                                 leftIndent=10, bulletFontName=FONT)]
        out.append(KeepTogether([Paragraph("Verloop per maand", st["h2"]),
                                 _trend(this, trend, upto, width)]))
        if scope.is_starter:
            out += [Spacer(1, 6 * mm), Paragraph(
                "Visma Financial Overview Starter toont de kengetallen en de trends. De "
                "Winst-en-verliesrekening en de Balans horen bij Visma Financial Overview.",
                st["note"])]
        else:
            out += [
                KeepTogether([Paragraph("Winst-en-verliesrekening", st["h2"]),
                              _profit_and_loss(figures.profit_and_loss(this, last, upto, upto),
                                               width)]),
                KeepTogether([Paragraph(f"Balans per einde {period}", st["h2"]),
                              _balance(figures.balance_sheet(this, last, upto), width)]),
                Spacer(1, 3 * mm),
                Paragraph("Bedragen in hele euro's. Opbrengsten en resultaat positief, kosten "
                          "negatief; het resultaat van het lopende boekjaar staat op de balans "
                          "tot het jaar is afgesloten.", st["note"]),
            ]
        return out

    return render(story, house=replace(house, office_name=office),
                  title=f"Financieel overzicht {scope.client_name} {period}",
                  subject=f"{scope.product_name} – {scope.client_name}",
                  heading=f"{scope.client_name} · {period}",
                  footer=f"{scope.product_name} · opgesteld op {day(made)}")
