"""The report as PDF from a real export: a valid PDF with the office, the client, the statements
and the dashboard's own figures in Dutch format; Starter gets the key figures and trend only."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.integration.test_overview_drilldown import active_client
from tests.integration.test_xaf_import import BANANA
from vfo_app.domain.errors import NotFound
from vfo_app.domain.online import products
from vfo_app.domain.overview import figures, key_figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.pdf import report_pdf
from vfo_app.domain.xaf.importer import import_auditfile


def _imported(db, actor, **kw) -> tuple[int, int]:
    client_id, _ = active_client(db, actor, **kw)
    report = import_auditfile(db, actor, client_id, BANANA, accept_other_company=True)
    db.commit()
    assert report.ok, report.errors
    return client_id, int(report.fiscal_year)


def _text(data: bytes) -> tuple[str, int]:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    # pypdf may render the non-breaking space of "€ 1.234" as a plain space
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")
    return text, len(reader.pages)


def test_report_has_office_client_statements_and_dutch_figures(db, office_admin):
    client_id, year = _imported(db, office_admin)
    scope = scopes.for_employee(db, office_admin, client_id)
    text, pages = _text(report_pdf(db, scope, year, 12))
    sums = figures.year_sums(db, client_id, year)
    key = {v.key: v for v in key_figures.compute_from(sums, None, 12)}  # the year to date
    assert scope.office_name and scope.office_name in text
    assert scope.client_name in text
    for heading in ("Kengetallen", "Verloop per maand", "Winst-en-verliesrekening", "Balans",
                    "Totaal activa", "Totaal passiva", "december"):
        assert heading in text
    ytd_result = key_figures.display("eur", key["nettoresultaat"].value).replace("\xa0", " ")
    assert ytd_result.startswith("€ ") and ytd_result in text
    assert key_figures.display("eur", key["liquide_middelen"].value).replace("\xa0", " ") \
        in text
    assert f"Pagina 1 van {pages}" in text and f"Pagina {pages} van {pages}" in text


def test_starter_report_leaves_the_statements_out(db, office_admin):
    client_id, year = _imported(db, office_admin, product=products.FINANCIAL_OVERVIEW_STARTER,
                                kvk="66778811", number="STP")
    scope = scopes.for_employee(db, office_admin, client_id)
    assert scope.is_starter
    text, _ = _text(report_pdf(db, scope, year, 6))
    assert "Kengetallen" in text and "Verloop per maand" in text
    assert "Totaal activa" not in text and "Netto-omzet" not in text
    assert "Balans per einde" not in text


def test_the_reports_key_figures_are_the_dashboards_choice(db, office_admin):
    """The PDF shows the key figures the accountant chose for the dashboard, in that order,
    and the dashboard's observations: one definition of each figure, on screen and on paper."""
    client_id, year = _imported(db, office_admin, kvk="66778813", number="KGP")
    scope = scopes.for_employee(db, office_admin, client_id)
    key_figures.save_settings(db, office_admin, client_id, [
        key_figures.SettingInput("quick_ratio", True), key_figures.SettingInput("ebitda", True)])
    db.commit()
    text, _ = _text(report_pdf(db, scope, year, 10))
    assert text.index("Quick ratio") < text.index("EBITDA")  # the order as saved
    assert "Omzetgroei" not in text and "Current ratio" not in text
    sums = figures.year_sums(db, client_id, year)
    (ebitda,) = [f for f in key_figures.dashboard(db, client_id, sums, None, 10)
                 if f.key == "ebitda"]
    assert key_figures.display("eur", ebitda.month).replace("\xa0", " ") in text
    for note in key_figures.observations(sums, None, 10):
        assert note.replace("\xa0", " ") in text.replace("\n", " ")


def test_a_year_without_figures_is_not_found(db, office_admin):
    client_id, year = _imported(db, office_admin, kvk="66778812", number="NOY")
    scope = scopes.for_employee(db, office_admin, client_id)
    with pytest.raises(NotFound):
        report_pdf(db, scope, year + 5, 12)
