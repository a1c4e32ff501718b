"""A published pack as PDF (one section per part) and as Excel (one sheet per part).

Both are made from the version's locked snapshot, never from today's figures: the file says
what the client was told. The PDF uses the office's house style and the embedded fonts of
``overview.pdf`` (``render``); the workbook the generic writer of ``exports.xlsx`` (amounts
as numbers in euros, Dutch number formats in Dutch Excel).
"""

from __future__ import annotations

import re

from sqlmodel import Session, select

from vfo_app.domain import access, house_style
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound
from vfo_app.domain.exports import xlsx
from vfo_app.domain.formatting import day
from vfo_app.domain.models import Client, Office, ReportPack, ReportPackVersion
from vfo_app.domain.reports import parts as P

NO_PUBLISHED = "Er is geen gepubliceerde rapportage van deze klant in dit boekjaar."
FORMATS = ("pdf", "xlsx")


def file_stem(version: ReportPackVersion) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", version.title).strip("-").lower() or "rapportage"
    return f"{stem}-v{version.version}"


def pdf_name(version: ReportPackVersion) -> str:
    return file_stem(version) + ".pdf"


def xlsx_name(version: ReportPackVersion) -> str:
    return file_stem(version) + ".xlsx"


# --- PDF -----------------------------------------------------------------------------------------


def _paragraphs(text: str, style) -> list:
    from reportlab.platypus import Paragraph

    from vfo_app.domain.overview.pdf import _esc

    return [Paragraph(_esc(block).replace("\n", "<br/>"), style)
            for block in (text or "").split("\n\n") if block.strip()]


def _part_table(part: dict, width: float):
    from vfo_app.domain.overview.pdf import _table

    columns = part["columns"]
    head = ["", *(c["label"] for c in columns)]
    rows, bold, sections = [], [], []
    for i, row in enumerate(part["rows"]):
        rows.append([row["label"], *(P.shown(row["unit"], row["values"].get(c["key"]))
                                     for c in columns)])
        if row["kind"] == "total":
            bold.append(i)
        elif row["kind"] == "section":
            sections.append(i)
    first = width * (0.4 if len(columns) > 2 else 0.5)
    rest = (width - first) / max(len(columns), 1)
    return _table(head, rows, [first, *([rest] * len(columns))], bold_rows=tuple(bold),
                  section_rows=tuple(sections))


def version_pdf(session: Session, version: ReportPackVersion, office: Office | None = None
                ) -> bytes:
    """The version as A4 PDF in the office's house style: introduction, then one section per
    part, as published."""
    from reportlab.platypus import Paragraph, Spacer

    from vfo_app.domain.overview import pdf
    from vfo_app.domain.overview.pdf import _esc

    pack = session.get(ReportPack, version.pack_id)
    client = session.get(Client, version.client_id)
    house = house_style.for_office(session, pack.office_id if pack else None)
    published = day(version.published_at.date())

    def story(width: float, styles: dict) -> list:
        body = styles.get("body") or next(iter(styles.values()))
        h1 = styles.get("title") or styles.get("h1") or body
        h2 = styles.get("h2") or styles.get("section") or body
        out = [Paragraph(_esc(version.title), h1),
               Paragraph(_esc(f"{client.name} · versie {version.version} · gepubliceerd "
                              f"{published}"), body), Spacer(1, 6)]
        out += _paragraphs(version.introduction, body)
        for part in version.snapshot:
            out += [Spacer(1, 10), Paragraph(_esc(part["title"]), h2)]
            if part["key"] == P.TEXT:
                out += _paragraphs(version.text, body)
                continue
            if part.get("rows"):
                out.append(_part_table(part, width))
            for line in part.get("lines") or []:
                out.append(Paragraph("• " + _esc(line), body))
            if part.get("note"):
                out.append(Paragraph(_esc(part["note"]), body))
        return out

    return pdf.render(story, house=house, title=version.title, subject=version.title,
                      heading=f"{client.name} · {version.title}",
                      footer=f"Gepubliceerd {published}")


# --- Excel ---------------------------------------------------------------------------------------


def version_sheets(version: ReportPackVersion) -> list[xlsx.Sheet]:
    sheets = [xlsx.Sheet("Rapportage", [xlsx.Column("Onderdeel", width=40),
                                        xlsx.Column("Tekst", width=100)],
                         [["Titel", version.title], ["Versie", str(version.version)],
                          ["Gepubliceerd", day(version.published_at.date())],
                          ["Inleiding", version.introduction]])]
    for part in version.snapshot:
        if part["key"] == P.TEXT:
            sheets.append(xlsx.Sheet(part["title"], [xlsx.Column("Tekst", width=100)],
                                     [[block] for block in version.text.split("\n\n")
                                      if block.strip()]))
            continue
        if not part.get("rows"):
            sheets.append(xlsx.Sheet(part["title"], [xlsx.Column(part["title"], width=100)],
                                     [[line] for line in part.get("lines") or []]
                                     + ([[part["note"]]] if part.get("note") else [])))
            continue
        units = {r["unit"] for r in part["rows"]}
        money = units == {"cents"}
        columns = [xlsx.Column("Omschrijving", width=40)]
        if money:
            columns += [xlsx.Column(c["label"], "eur") for c in part["columns"]]
        else:  # key figures: amounts and percentages as numbers, every value as read
            columns += [xlsx.Column("Bedrag", "eur"), xlsx.Column("Percentage", "pct"),
                        xlsx.Column("Waarde", width=20), xlsx.Column("Periode", width=28)]
        rows = []
        for row in part["rows"]:
            if money:
                values = [row["label"], *(row["values"].get(c["key"]) for c in part["columns"])]
            else:
                value, unit = row["values"].get("value"), row["unit"]
                number = isinstance(value, int | float)
                values = [row["label"], round(value * 100) if number and unit == "eur" else None,
                          value / 100 if number and unit == "pct" else None,
                          P.shown(unit, value), row["values"].get("period", "")]
            rows.append(xlsx.Row(values, bold=row["kind"] != "row"))
        sheets.append(xlsx.Sheet(part["title"], columns, rows))
    return sheets


def version_xlsx(version: ReportPackVersion) -> bytes:
    return xlsx.workbook(version_sheets(version))


# --- the command line ----------------------------------------------------------------------------


def pack_export(session: Session, actor: Actor, client: Client, year: int, fmt: str) -> bytes:
    """The newest published pack of the client's fiscal ``year`` (the newest version), as
    ``fmt`` ("pdf" or "xlsx"), for ``vfo export --report pack``."""
    access.require_pack_compose(session, actor, client.id)
    version = session.exec(
        select(ReportPackVersion).join(ReportPack, ReportPack.id == ReportPackVersion.pack_id)
        .where(ReportPack.client_id == client.id, ReportPack.year == year)
        .order_by(ReportPackVersion.published_at.desc(), ReportPackVersion.id.desc())).first()
    if version is None:
        raise NotFound(NO_PUBLISHED)
    if fmt == "xlsx":
        return version_xlsx(version)
    return version_pdf(session, version)


# --- downloads from the pages --------------------------------------------------------------------

NOT_PUBLISHED_YET = "Publiceer de rapportage eerst; daarna is hij als PDF en Excel te downloaden."
PDF_MIME = "application/pdf"


def _file(session: Session, version: ReportPackVersion, fmt: str) -> tuple[bytes, str, str]:
    if fmt == "xlsx":
        return version_xlsx(version), xlsx_name(version), xlsx.XLSX_MIME
    return version_pdf(session, version), pdf_name(version), PDF_MIME


def office_download(session: Session, actor: Actor, pack_id: int, fmt: str
                    ) -> tuple[bytes, str, str]:
    """The newest published version of an office's pack as (bytes, file name, mime type);
    records the export in the client's figure log as the dashboard's PDF does."""
    from vfo_app.domain import figure_log
    from vfo_app.domain.overview import scope as scopes
    from vfo_app.domain.reports import packs

    pack = packs.get_pack(session, actor, pack_id)
    version = packs._newest_version(session, pack.id)
    if version is None:
        raise NotFound(NOT_PUBLISHED_YET)
    data = _file(session, version, fmt)
    figure_log.record_export(session, actor, scopes.for_employee(session, actor, pack.client_id),
                             f"{version.title} (versie {version.version}, {fmt})")
    return data


def company_download(session: Session, actor: Actor, company_id: int, version_id: int,
                     fmt: str) -> tuple[bytes, str, str]:
    """A published version the company's user may read, as (bytes, file name, mime type)."""
    from vfo_app.domain.reports import packs

    return _file(session, packs.company_version(session, actor, company_id, version_id), fmt)
