"""Exports read back as a user's spreadsheet would: the trial balance as .xlsx and .csv,
checked against sums computed here from the ledger lines themselves; the reports as sheets
with the dashboard's figures; the PDF in the office's house style with every Dutch name."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import select

from tests.integration.test_overview_drilldown import active_client
from tests.integration.test_xaf_import import BANANA
from vfo_app.domain import house_style
from vfo_app.domain.errors import NotFound, PermissionDenied
from vfo_app.domain.exports import tables
from vfo_app.domain.exports.xlsx import Column, Row, Sheet, csv_bytes, workbook
from vfo_app.domain.models import LedgerImport, LedgerLine
from vfo_app.domain.overview import figures, key_figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.pdf import report_pdf
from vfo_app.domain.xaf.importer import import_auditfile

DUTCH_NAMES = "Zoë Łukasz Şahin Ïsa"


@pytest.fixture
def banana(db, office_admin):
    client_id, _ = active_client(db, office_admin, number="EXP")
    report = import_auditfile(db, office_admin, client_id, BANANA, accept_other_company=True)
    db.commit()
    assert report.ok, report.errors
    return client_id, int(report.fiscal_year)


def _ledger_sums(db, client_id: int, year: int) -> dict[str, list[int]]:
    """account -> [opening, debit, credit, closing] in cents, from the lines one by one."""
    imp = db.exec(select(LedgerImport).where(LedgerImport.client_id == client_id,
                                             LedgerImport.year == year)).one()
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for line in db.exec(select(LedgerLine).where(LedgerLine.import_id == imp.id)):
        s = sums[line.account_id]
        if line.is_opening:
            s[0] += line.amount_cents
        elif line.amount_cents >= 0:
            s[1] += line.amount_cents
        else:
            s[2] -= line.amount_cents
        s[3] += line.amount_cents
    return dict(sums)


def _euros(cents: int) -> Decimal:
    return Decimal(cents) / 100


def test_trial_balance_xlsx_holds_the_ledger_as_numbers(db, office_admin, banana):
    client_id, year = banana
    data = workbook([tables.trial_balance_sheet(db, office_admin, client_id, year)])
    book = load_workbook(io.BytesIO(data))
    ws = book.worksheets[0]
    assert ws.title == f"Proefbalans {year}"
    assert [c.value for c in ws[1]] == ["Rekening", "Omschrijving", "Beginsaldo", "Debet",
                                        "Credit", "Eindsaldo"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    expected = _ledger_sums(db, client_id, year)
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    body, total = rows[:-1], rows[-1]
    assert {r[0] for r in body} == set(expected)
    for account, _description, *amounts in body:
        assert all(isinstance(a, (int, float)) for a in amounts), account  # numbers, not text
        want = [_euros(c) for c in expected[account]]
        assert [Decimal(str(a)) for a in amounts] == want, account
    assert total[0] == "Totaal" and ws.cell(row=len(rows) + 1, column=1).font.bold
    assert Decimal(str(total[3])) == _euros(sum(v[1] for v in expected.values()))
    assert Decimal(str(total[4])) == _euros(sum(v[2] for v in expected.values()))
    assert ws["C2"].number_format == "#,##0.00"  # Dutch Excel shows #.##0,00


def test_trial_balance_csv_for_dutch_excel(db, office_admin, banana):
    client_id, year = banana
    data = csv_bytes(tables.trial_balance_sheet(db, office_admin, client_id, year))
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == ["Rekening", "Omschrijving", "Beginsaldo", "Debet", "Credit", "Eindsaldo"]
    expected = _ledger_sums(db, client_id, year)
    for account, _d, *amounts in rows[1:-1]:
        assert all("." not in a for a in amounts)  # decimal comma, no thousands separator
        assert [Decimal(a.replace(",", ".")) for a in amounts] == \
            [_euros(c) for c in expected[account]]
    assert rows[-1][0] == "Totaal"


def test_trial_balance_export_asks_the_access_policy(db, office_admin, other_office_admin,
                                                     office_employee, banana):
    client_id, year = banana
    with pytest.raises(NotFound):
        tables.trial_balance_sheet(db, other_office_admin, client_id, year)
    with pytest.raises(PermissionDenied):  # a colleague who does not serve this client
        tables.trial_balance_sheet(db, office_employee, client_id, year)


def test_reports_as_sheets_have_the_dashboard_figures(db, office_admin, banana):
    client_id, year = banana
    scope = scopes.for_employee(db, office_admin, client_id)
    book = load_workbook(io.BytesIO(workbook([
        tables.profit_and_loss_sheet(db, scope, year, 12),
        tables.balance_sheet_sheet(db, scope, year, 12)])))
    assert book.sheetnames == ["Winst-en-verliesrekening", "Balans"]
    sums = figures.year_sums(db, client_id, year)
    key = {v.key: round(v.value * 100) for v in key_figures.compute_from(sums, None, 12)
           if v.unit == "eur" and v.value is not None}
    pl = {r[0]: r for r in book["Winst-en-verliesrekening"].iter_rows(min_row=2, values_only=True)}
    result = pl.get("Resultaat") or pl["Bedrijfsresultaat"]
    assert Decimal(str(result[3])) == _euros(key["nettoresultaat"])
    bs = {r[0]: r for r in book["Balans"].iter_rows(min_row=2, values_only=True)}
    assert bs["Totaal activa"][1] == bs["Totaal passiva"][1]


def test_budget_lines_accounts_and_portfolio_sheets(db, office_admin, banana):
    client_id, year = banana
    budget = tables.budget_sheet(db, office_admin, client_id, year)
    assert budget.columns[0].header == "Rubriek" and len(budget.columns) == 14
    accounts = tables.accounts_sheet(db, office_admin, client_id, year=year, key="omzet")
    assert accounts.rows and accounts.rows[-1].values[0] == "Totaal"
    account = accounts.rows[0][0]
    lines = tables.lines_sheet(db, office_admin, client_id, year=year, account_id=account)
    expected = _ledger_sums(db, client_id, year)[account]
    last = lines.rows[-1].values
    assert (last[4], last[5]) == (expected[1] + max(expected[0], 0),
                                  expected[2] + max(-expected[0], 0)) or last[3] == "Totaal"
    folio = tables.portfolio_sheet(db, office_admin)
    assert any(r[0] == "EXP" for r in folio.rows)
    load_workbook(io.BytesIO(workbook([budget, accounts, lines, folio])))  # a valid book


def test_a_formula_from_a_file_stays_text():
    sheet = Sheet("Test", [Column("Omschrijving"), Column("Bedrag", "eur")],
                  [["=HYPERLINK(\"http://x\")", 12345], Row(["Totaal", -5], bold=True)])
    ws = load_workbook(io.BytesIO(workbook([sheet]))).active
    assert ws["A2"].data_type == "s" and ws["A2"].value.startswith("'=")
    assert ws["B2"].value == pytest.approx(123.45) and ws["B3"].value == pytest.approx(-0.05)
    assert ws["A3"].font.bold


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages)


def _png(colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 40), colour).save(out, format="PNG")
    return out.getvalue()


def test_pdf_prints_every_dutch_name_in_the_house_style(db, office_admin, banana):
    client_id, year = banana
    house_style.save(db, office_admin, colour="#7a1f5c",
                     disclaimer="Opgesteld zonder controle; aan dit overzicht kunnen geen "
                                "rechten worden ontleend.")
    house_style.set_logo(db, office_admin, _png())
    db.commit()
    scope = replace(scopes.for_employee(db, office_admin, client_id), client_name=DUTCH_NAMES,
                    office_name="Kantoor Ğüzel & Søn")
    data = report_pdf(db, scope, year, 12)
    text = _pdf_text(data)
    assert DUTCH_NAMES in text
    assert "Kantoor Ğüzel & Søn" in text
    assert "aan dit overzicht kunnen geen rechten worden ontleend" in text.replace("\n", " ")
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()
             if "/BaseFont" in f.get_object()}
    assert any("DejaVuSans" in f for f in fonts), fonts
    assert not any("Helvetica" in f for f in fonts), fonts
    assert page["/Resources"]["/XObject"], "the logo is on the page"
    assert b".478431 .121569 .360784 RG" in page.get_contents().get_data()  # rule in #7a1f5c


def test_default_pdf_without_house_style_still_embeds_the_font(db, office_admin, banana):
    client_id, year = banana
    scope = replace(scopes.for_employee(db, office_admin, client_id), client_name=DUTCH_NAMES)
    assert DUTCH_NAMES in _pdf_text(report_pdf(db, scope, year, 12))
