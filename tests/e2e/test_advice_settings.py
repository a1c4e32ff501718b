"""Instellingen > Advies in the browser, at 1280 and 375 px: the office beheerder switches the
comparison within the office on and chooses and orders the default key figures; a client
without a choice of its own shows them on its dashboard, and once five clients of the office
share an SBI code the dashboard compares its ratios anonymously by quartile. The company's
user reads the Kasstroom from their own dashboard, read-only.

The five clients in one branche are made through the domain when missing (De Bloemenhoek and
four more, with Banana's and Exact's figures), so the test does not depend on other tests; the
office's settings are put back afterwards, since the app is shared by the whole run."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from tests.e2e.test_gegevens_bijwerken import ADVISOR, BANANA
from tests.e2e.test_online_users import PASSWORD as SOPHIE_PASSWORD
from tests.e2e.test_online_users import SOPHIE
from tests.e2e.test_overview_story import _advisor, _ensure_sophie
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client, LedgerImport, OfficeAdviceSetting, OfficeKeyFigure
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products
from vfo_app.domain.xaf.importer import import_auditfile

EXACT = Path(__file__).parent.parent / "fixtures" / "xaf" / "koenderks__rxaf__ExactOnline.xaf"
SBI = "47761"  # Winkels in bloemen en planten
BRANCHE = (("VG1", "Bloemenweelde BV", "77889911", BANANA),
           ("VG2", "Tulpenhof BV", "77889912", EXACT),
           ("VG3", "De Groene Vingers BV", "77889913", BANANA),
           ("VG4", "Plantage Noord BV", "77889914", EXACT))


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _branche(app_db) -> tuple[int, int]:
    """De Bloemenhoek and four more clients with Financial Overview, figures and SBI code
    47761 in the demo office; returns (De Bloemenhoek's id, Bloemenweelde's id)."""
    with session_scope(app_db) as s:
        actor = _advisor(s)
        dem = s.exec(select(Client).where(Client.office_id == actor.office_id,
                                          Client.number == "DEM")).one()
        dem.sbi_code = SBI
        s.add(dem)
        ids = {}
        boekhouding = next(x for x in svc.list_services(s, actor) if x.code == "BH")
        for number, name, kvk, xaf in BRANCHE:
            client = s.exec(select(Client).where(Client.office_id == actor.office_id,
                                                 Client.number == number)).first()
            if client is None:
                form = {**client_form_defaults(s, actor), "number": number, "name": name,
                        "kvk_number": kvk, "legal_form": "BV", "country": "Nederland",
                        "address": "Bloemgracht 1", "postcode": "1015 AB", "city": "Amsterdam",
                        "account_manager_id": str(actor.identity_id),
                        "contact_first_name": "Iris", "contact_last_name": "Bloem",
                        "contact_email": f"info@{number.lower()}.example"}
                client = create_client(s, actor, ClientInput(**form))
                link_id = svc.add_client_service(s, actor, client.id, boekhouding.id,
                                                 actor.identity_id)
                collabs.start(s, actor, client_id=client.id,
                              product=products.FINANCIAL_OVERVIEW, client_service_id=link_id,
                              invoice_recipient="kantoor", duration_months=12)
                report = import_auditfile(s, actor, client.id, xaf, accept_other_company=True)
                assert report.ok, report.errors
            client.sbi_code = SBI
            s.add(client)
            ids[number] = client.id
        return dem.id, ids["VG1"]


def _put_back(app_db) -> None:
    """The office's settings as the seed leaves them: no comparison, the product's set."""
    with session_scope(app_db) as s:
        office_id = _advisor(s).office_id
        for row in s.exec(select(OfficeKeyFigure).where(
                OfficeKeyFigure.office_id == office_id)).all():
            s.delete(row)
        setting = s.get(OfficeAdviceSetting, office_id)
        if setting is not None:
            setting.compare_within_office = False
            s.add(setting)


def _settings(page: Page) -> None:
    page.goto("/instellingen/advies")
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Instellingen > Advies")).to_be_visible()


def test_advies_default_set_and_the_comparison_on_a_dashboard(page: Page, app_db):
    dem, other = _branche(app_db)
    try:
        login(page, *ADVISOR)  # a beheerder of Demo Accountants
        _settings(page)
        switch = page.get_by_label("Klanten anoniem vergelijken binnen het kantoor")
        switch.check()
        page.get_by_role("button", name="Opslaan", exact=True).click()
        expect(page.get_by_text("Instelling opgeslagen.")).to_be_visible()

        # the default set: the product's, in order, until the office chooses
        chosen = page.get_by_role("list", name="Standaardset kengetallen").locator("li")
        expect(chosen).to_have_count(10)
        expect(chosen.first).to_contain_text("Omzet")
        page.get_by_role("button", name="Verwijderen: Omzetgroei uit de standaardset").click()
        # the removal draws the add form anew (its key changes): pick only once it has arrived
        expect(chosen).to_have_count(9)
        page.get_by_label("Kengetal toevoegen").select_option(label="Quick ratio (liquiditeit)")
        page.get_by_role("button", name="Toevoegen", exact=True).click()
        expect(chosen.last).to_contain_text("Quick ratio")
        expect(page.get_by_text("De wijzigingen zijn nog niet opgeslagen.")).to_be_visible()
        for place in range(8, -1, -1):  # to the top, one place at a time
            page.get_by_role("button", name="Omhoog: zet Quick ratio een plaats hoger").click()
            expect(chosen.nth(place)).to_contain_text("Quick ratio")
        expect(chosen.first).to_contain_text("Quick ratio")
        expect(page.get_by_role("button", name="Omhoog: zet Quick ratio een plaats hoger")) \
            .to_be_disabled()
        page.get_by_role("button", name="Standaardset opslaan").click()
        expect(page.get_by_text("De standaardset van het kantoor is opgeslagen.")).to_be_visible()
        expect(page.get_by_text("De wijzigingen zijn nog niet opgeslagen.")).to_have_count(0)
        _settings(page)  # saved: read again after a reload
        expect(chosen).to_have_count(10)
        expect(chosen.first).to_contain_text("Quick ratio")
        expect(page.get_by_role("list", name="Standaardset kengetallen")) \
            .not_to_contain_text("Omzetgroei")
        screenshot(page, "advies-1280")

        # a client without a choice of its own: the office's set, in that order
        page.goto(f"/klanten/{other}/financial-overview")
        wait_for_hydration(page)
        tiles = page.locator("article.kpi")
        expect(tiles.first).to_have_attribute("aria-label", "Quick ratio")
        expect(page.get_by_role("article", name="Omzetgroei", exact=True)).to_have_count(0)
        # five clients share SBI code 47761: the anonymous comparison by quartile
        comparison = page.get_by_role("table", name="Vergelijking binnen het kantoor")
        expect(comparison).to_be_visible()
        expect(page.get_by_text(re.compile(r"Anoniem: 5 klanten van het kantoor met SBI-code "
                                           + SBI))).to_be_visible()
        expect(comparison.locator("tbody tr").first).to_contain_text("Brutomarge %")
        expect(comparison).not_to_contain_text("Bloemenhoek")
        expect(comparison).not_to_contain_text("Tulpenhof")
        comparison.scroll_into_view_if_needed()
        screenshot(page, "vergelijking-1280")

        page.set_viewport_size({"width": 375, "height": 800})
        _settings(page)
        expect(chosen.first).to_contain_text("Quick ratio")
        _fits(page, 375)
        screenshot(page, "advies-375")
        page.goto(f"/klanten/{dem}/financial-overview")
        wait_for_hydration(page)
        expect(comparison).to_be_visible()
        _fits(page, 375)
        comparison.scroll_into_view_if_needed()
        screenshot(page, "vergelijking-375")
    finally:
        _put_back(app_db)


def test_a_medewerker_reads_advies_without_changing_it(page: Page):
    login(page, "advisor2@demo-accountants.example", "Demo-Advisor-2026")
    _settings(page)
    expect(page.get_by_role("list", name="Standaardset kengetallen").locator("li")) \
        .to_have_count(10)
    expect(page.get_by_text("Alleen beheerders van het kantoor kunnen de standaardset "
                            "wijzigen.")).to_be_visible()
    expect(page.get_by_role("button", name="Standaardset opslaan")).to_have_count(0)


def test_the_companys_user_reads_the_cash_flow_from_the_dashboard(page: Page, app_db):
    client_id = _ensure_sophie(app_db)
    with session_scope(app_db) as s:
        if s.exec(select(LedgerImport).where(LedgerImport.client_id == client_id)).first() is None:
            report = import_auditfile(s, _advisor(s), client_id, BANANA, accept_other_company=True)
            assert report.ok, report.errors
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, SOPHIE, SOPHIE_PASSWORD)
    page.goto("/online/diensten")
    wait_for_hydration(page)
    tile = page.get_by_role("article", name="Visma Financial Overview")
    tile.get_by_role("link", name="Visma Financial Overview openen").click()
    expect(page.get_by_role("heading", name="Visma Financial Overview – BS Events BV")) \
        .to_be_visible()
    wait_for_hydration(page)
    page.get_by_role("link", name="Kasstroom").click()
    expect(page).to_have_url(re.compile(r"/online/bedrijven/\d+/financial-overview/kasstroom"))
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Kasstroom – BS Events BV")).to_be_visible()
    expect(page.get_by_test_id("reconciles")).to_be_visible()
    expect(page.get_by_role("heading", name="Waar is het geld gebleven")).to_be_visible()
    # read-only: the statement's lines lead to no accountant's pages
    expect(page.locator("table.statement a")).to_have_count(0)
    _fits(page, 375)
    screenshot(page, "kasstroom-klant-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    wait_for_hydration(page)
    expect(page.get_by_test_id("reconciles")).to_be_visible()
    screenshot(page, "kasstroom-klant-1280")
