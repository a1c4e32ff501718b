"""Huisstijl and the downloads in the browser: the office beheerder sets a main colour, a
disclaimer and a logo; the dashboard's PDF carries them (in the embedded font), and the
Proef- en saldibalans downloads as an Excel workbook whose numbers match the ledger."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlalchemy import delete, text
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client, LedgerImport, OfficeHouseStyle

ADVISOR = ("advisor@demo-accountants.example", "Demo-Advisor-2026")  # beheerder, owns DEM's service
DISCLAIMER = "Opgesteld zonder accountantscontrole; aan dit overzicht kunnen geen rechten worden ontleend."


def _png(tmp_path):
    from PIL import Image

    path = tmp_path / "logo.png"
    Image.new("RGB", (160, 48), (122, 31, 92)).save(path, format="PNG")
    return path


def test_beheerder_sets_the_house_style_and_the_downloads_carry_it(page: Page, app_db, tmp_path):
    with session_scope(app_db) as s:
        dem = s.exec(select(Client).where(Client.number == "DEM")).one()
        dem_id, office_id = dem.id, dem.office_id
        year = s.exec(select(LedgerImport.year).where(LedgerImport.client_id == dem_id)
                      .order_by(LedgerImport.year.desc())).first()
    try:
        login(page, *ADVISOR)
        page.goto("/instellingen/huisstijl")
        wait_for_hydration(page)
        expect(page.get_by_role("heading", name="Huisstijl", level=1)).to_be_visible()

        page.get_by_label("Hoofdkleur (hexcode)").fill("#ffdd00")  # too light for white text
        page.get_by_role("button", name="Opslaan", exact=True).click()
        expect(page.locator("#f-colour-error")).to_contain_text("minimaal 4,5:1")
        page.get_by_label("Hoofdkleur (hexcode)").fill("#7a1f5c")
        page.get_by_label("Disclaimer (onderaan elk rapport)").fill(DISCLAIMER)
        page.get_by_role("button", name="Opslaan", exact=True).click()
        expect(page.get_by_text("De huisstijl is opgeslagen.")).to_be_visible()

        page.get_by_label("Logo (PNG of JPEG)").set_input_files(_png(tmp_path))
        page.get_by_role("button", name="Logo opslaan").click()
        logo = page.get_by_role("img", name="Huidig logo")
        expect(logo).to_be_visible()
        page.wait_for_function("() => { const i = document.querySelector('img.house-logo-large');"
                               " return i && i.complete && i.naturalWidth === 160; }")
        screenshot(page, "huisstijl-1280")
        page.set_viewport_size({"width": 375, "height": 800})
        screenshot(page, "huisstijl-375")
        page.set_viewport_size({"width": 1280, "height": 800})

        # the dashboard's PDF: logo, colour, disclaimer, the embedded font
        page.goto(f"/klanten/{dem_id}/financial-overview?jaar={year}")
        wait_for_hydration(page)
        expect(page.get_by_role("button", name="Download PDF")).to_be_visible()
        screenshot(page, "dashboard-downloads-1280")
        with page.expect_download() as pdf_download:
            page.get_by_role("button", name="Download PDF").click()
        reader = PdfReader(pdf_download.value.path())
        words = " ".join(p.extract_text() for p in reader.pages).replace("\n", " ")
        assert "aan dit overzicht kunnen geen rechten worden ontleend" in words
        first = reader.pages[0]
        fonts = {str(f.get_object()["/BaseFont"]) for f in first["/Resources"]["/Font"].values()}
        assert any("DejaVuSans" in f for f in fonts) and not any("Helvetica" in f for f in fonts)
        assert first["/Resources"]["/XObject"]  # the logo
        assert b".478431 .121569 .360784 RG" in first.get_contents().get_data()  # #7a1f5c

        # the trial balance as Excel, against the ledger's own sums
        page.goto(f"/klanten/{dem_id}/financial-overview/proefbalans?jaar={year}")
        wait_for_hydration(page)
        button = page.get_by_role("button", name="Download Excel: Proef- en saldibalans")
        expect(button).to_be_visible()
        screenshot(page, "proefbalans-downloads-1280")
        with page.expect_download() as xlsx_download:
            button.click()
        assert xlsx_download.value.suggested_filename.endswith(".xlsx")
        ws = load_workbook(io.BytesIO(open(xlsx_download.value.path(), "rb").read())).active
        assert [c.value for c in ws[1]] == ["Rekening", "Omschrijving", "Beginsaldo", "Debet",
                                            "Credit", "Eindsaldo"]
        with app_db.connect() as conn:
            imp = conn.execute(text("SELECT id FROM ledgerimport WHERE client_id = :c AND "
                                    "year = :y"), {"c": dem_id, "y": year}).scalar()
            sums = {a: (o, d, c) for a, o, d, c in conn.execute(text(
                "SELECT account_id, sum(CASE WHEN is_opening THEN amount_cents ELSE 0 END), "
                "sum(CASE WHEN NOT is_opening AND amount_cents > 0 THEN amount_cents ELSE 0 END), "
                "sum(CASE WHEN NOT is_opening AND amount_cents < 0 THEN -amount_cents ELSE 0 END) "
                "FROM ledgerline WHERE import_id = :i GROUP BY account_id"), {"i": imp})}
        body = list(ws.iter_rows(min_row=2, values_only=True))[:-1]
        assert {r[0] for r in body} == set(sums)
        for account, _d, opening, debit, credit, closing in body:
            o, d, c = sums[account]
            assert [Decimal(str(v)) for v in (opening, debit, credit, closing)] == \
                [Decimal(x) / 100 for x in (o, d, c, o + d - c)], account
        page.set_viewport_size({"width": 375, "height": 800})
        screenshot(page, "proefbalans-downloads-375")
        page.goto(f"/klanten/{dem_id}/financial-overview?jaar={year}")
        wait_for_hydration(page)
        expect(page.get_by_role("button", name="Download PDF")).to_be_visible()
        screenshot(page, "dashboard-downloads-375")
    finally:  # the other tests see the demo office as seeded
        with session_scope(app_db) as s:
            s.exec(delete(OfficeHouseStyle).where(OfficeHouseStyle.office_id == office_id))
