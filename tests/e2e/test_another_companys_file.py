"""An export of another company uploaded for BS Events BV: the accountant is asked "Toch
inlezen?" and nothing is imported until they answer; Frans Jansen, BS Events' user with
Visma Financial Overview, sees nothing of the file before that; after "Toch inlezen" the
figures appear for both, with where they come from."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from tests.e2e.test_gegevens_bijwerken import ADVISOR
from tests.e2e.test_online_users import ensure_active_collaboration
from tests.integration.test_xaf_checks import monthly, xaf
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client, Company, LedgerImport

FRANS = ("frans.jansen@bsevents.example", "Demo-Klant-2026")
YEAR = 2023  # a year no other test imports for BS Events BV
QUESTION = re.compile(r"^Dit bestand lijkt van Toro Rosso BV \(KvK 87654321\) te zijn, niet "
                      r"van BS Events BV\. Toch inlezen\?$")


def _open(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state()
    wait_for_hydration(page)


def _bse(app_db) -> tuple[int, int]:
    ensure_active_collaboration(app_db)
    with session_scope(app_db) as s:
        client = s.exec(select(Client).where(Client.number == "BSE")).one()
        company = s.exec(select(Company).where(Company.kvk_number == client.kvk_number)).one()
        return client.id, company.id


def _imported(app_db, client_id: int) -> bool:
    with session_scope(app_db) as s:
        return s.exec(select(LedgerImport).where(LedgerImport.client_id == client_id,
                                                 LedgerImport.year == YEAR)).first() is not None


def test_the_accountant_confirms_another_companys_file(page: Page, second_page: Page, app_db,
                                                       tmp_path):
    client_id, company_id = _bse(app_db)
    assert not _imported(app_db, client_id)
    foreign = tmp_path / "toro-rosso-2023.xaf"
    foreign.write_bytes(xaf(YEAR, company="Toro Rosso BV", kvk="87654321",
                            txs=monthly(YEAR, amount=4242400)))

    login(page, *ADVISOR)
    _open(page, f"/klanten/{client_id}/financial-overview/gegevens")
    page.get_by_label("Auditfile (XAF)").set_input_files(foreign)
    expect(page.get_by_text(foreign.name, exact=True)).to_be_visible()
    page.get_by_role("button", name="Inlezen").click()
    question = page.get_by_role("alertdialog", name="Bestand van een ander bedrijf")
    expect(question.get_by_text(QUESTION)).to_be_visible()
    expect(question.get_by_role("button", name="Toch inlezen")).to_be_visible()
    expect(question.get_by_role("button", name="Annuleren")).to_be_visible()
    assert not _imported(app_db, client_id)
    screenshot(page, "ander-bedrijf-vraag")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "ander-bedrijf-vraag-375")
    page.set_viewport_size({"width": 1280, "height": 800})

    # Frans, meanwhile: no 2023, no Toro Rosso, none of the file's figures
    client = second_page
    login(client, *FRANS)
    _open(client, f"/online/bedrijven/{company_id}/financial-overview")
    expect(client.get_by_role("heading", name=re.compile("BS Events BV"))).to_be_visible()
    body = client.locator("body")
    expect(body).not_to_contain_text("Toro Rosso")
    expect(body).not_to_contain_text(str(YEAR))
    expect(body).not_to_contain_text("42.424")

    question.get_by_role("button", name="Toch inlezen").click()
    report = page.get_by_role("region", name="Importverslag")
    expect(report.get_by_text("De auditfile is ingelezen.")).to_be_visible()
    expect(report.get_by_text(re.compile("Dit bestand is van Toro Rosso BV"))).to_be_visible()
    assert _imported(app_db, client_id)
    screenshot(page, "ander-bedrijf-ingelezen")

    _open(client, f"/online/bedrijven/{company_id}/financial-overview")
    source = client.get_by_test_id("figures-source")
    expect(source).to_have_text(re.compile(
        rf"^Cijfers t/m 15-12-{YEAR}, ingelezen \d\d-\d\d-\d{{4}} uit Testboek "
        r"\(bestand van Toro Rosso BV\)\.$"))
    expect(client.get_by_role("article", name="Omzet", exact=True)).to_contain_text("42.424")
    screenshot(client, "ander-bedrijf-klant-ziet-cijfers")
