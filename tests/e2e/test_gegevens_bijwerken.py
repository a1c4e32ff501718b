"""Step 4 of the procedure, "Gegevens bijwerken": the accountant imports an auditfile in the
browser, sees the progress and the report, drills into the figures; a damaged file is refused
and leaves the figures as they were."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Identity, LedgerImport, Office
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products

ADVISOR = ("advisor@demo-accountants.example", "Demo-Advisor-2026")
BANANA = (Path(__file__).parent.parent / "fixtures" / "xaf"
          / "BananaAccounting__Netherlands__auditfile_v3.2_nl_20180101_20181231.xaf")


def _client_with_financial_overview(app_db) -> int:
    """A new client (KvK 66778899) with Boekhouding owned by the advisor and Financial Overview
    active: a new company, so the collaboration is enabled at once."""
    with session_scope(app_db) as s:
        office = s.exec(select(Office).where(Office.name == "Demo Accountants")).one()
        advisor = s.exec(select(Identity).where(Identity.email == ADVISOR[0])).one()
        actor = Actor(identity_id=advisor.id, email=advisor.email, name=advisor.full_name,
                      office_id=office.id, office_name=office.name, office_role=OFFICE_ROLE_BEHEERDER)
        form = {**client_form_defaults(s, actor), "number": "GBW", "name": "Grootboek BV",
                "kvk_number": "66778899", "legal_form": "BV", "country": "Nederland",
                "address": "Kade 1", "postcode": "1011 AB", "city": "Amsterdam",
                "account_manager_id": str(advisor.id), "contact_first_name": "Gert",
                "contact_last_name": "Boek", "contact_email": "gert@grootboek.example"}
        client = create_client(s, actor, ClientInput(**form))
        boekhouding = next(x for x in svc.list_services(s, actor) if x.code == "BH")
        link_id = svc.add_client_service(s, actor, client.id, boekhouding.id, advisor.id)
        collab = collabs.start(s, actor, client_id=client.id, product=products.FINANCIAL_OVERVIEW,
                               client_service_id=link_id, invoice_recipient="kantoor",
                               duration_months=12)
        assert collab.state == collabs.State.ACTIVE.value
        return client.id


def _open(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state()
    wait_for_hydration(page)


def _upload(page: Page, path: Path | dict) -> None:
    page.get_by_label("Auditfile (XAF)").set_input_files(path)
    name = path.name if isinstance(path, Path) else path["name"]
    expect(page.get_by_text(name, exact=True)).to_be_visible()
    page.get_by_role("button", name="Inlezen").click()


def test_import_report_and_drill_down(page: Page, app_db, tmp_path):
    client_id = _client_with_financial_overview(app_db)
    login(page, *ADVISOR)
    _open(page, f"/klanten/{client_id}/financial-overview/gegevens")
    expect(page.get_by_role("heading", name="Gegevens bijwerken – Grootboek BV")).to_be_visible()
    expect(page.get_by_text("Er zijn nog geen cijfers ingelezen voor deze klant.")).to_be_visible()

    _upload(page, BANANA)
    # Banana's sample is another company's (Banana.ch SA): asked first, then imported
    page.get_by_role("button", name="Toch inlezen").click()
    bar = page.get_by_role("progressbar", name="Voortgang van de import")
    expect(bar).to_be_visible()
    report = page.get_by_role("region", name="Importverslag")
    expect(report.get_by_text("De auditfile is ingelezen.")).to_be_visible()
    expect(bar).to_have_attribute("value", "100")
    with session_scope(app_db) as s:
        imp = s.exec(select(LedgerImport).where(LedgerImport.client_id == client_id)).one()
    assert imp.source == "upload"
    for label, value in (("Boekjaar", "2018"), ("Boekingsregels", str(imp.lines_count)),
                         ("Grootboekrekeningen", str(imp.accounts_count))):
        expect(report.locator("dt", has_text=label).locator("+ dd")).to_have_text(value)
    expect(report.locator("dt", has_text="Totaal debet").locator("+ dd")).to_have_text(
        re.compile(r"^€\s[\d.]+,\d\d$"))
    years = page.get_by_role("table")
    expect(years.get_by_text("Demo Advisor")).to_be_visible()
    expect(years.get_by_role("cell", name="2018", exact=True)).to_be_visible()
    screenshot(page, "gegevens-bijwerken-verslag")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "gegevens-bijwerken-verslag-375")
    page.set_viewport_size({"width": 1280, "height": 800})

    # a damaged file: refused with element and line, the figures of 2018 stay
    damaged = BANANA.read_bytes()
    damaged = damaged[: len(damaged) * 2 // 3]
    _upload(page, {"name": "kapot.xaf", "mimeType": "application/xml", "buffer": damaged})
    expect(report.get_by_text("De bestaande cijfers zijn ongewijzigd.")).to_be_visible()
    expect(report.get_by_role("listitem").filter(has_text=re.compile(r"regel \d+"))
           .first).to_be_visible()
    screenshot(page, "gegevens-bijwerken-geweigerd")
    with session_scope(app_db) as s:
        again = s.exec(select(LedgerImport).where(LedgerImport.client_id == client_id)).one()
        assert (again.id, again.lines_count, again.imported_at) == \
            (imp.id, imp.lines_count, imp.imported_at)

    # drill down: the accounts of Netto-omzet, then one account's lines
    page.get_by_role("link", name="Rekeningen van 2018").click()
    expect(page).to_have_url(re.compile(r"/rekeningen\?jaar=2018&categorie=omzet"))
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Netto-omzet – Grootboek BV")).to_be_visible()
    first = page.locator("table.drill-table tbody tr").first
    account = first.locator("td").first.inner_text().strip()
    expect(page.get_by_label(f"Rubriek {account}")).to_have_value("omzet")
    screenshot(page, "rekeningen-netto-omzet")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "rekeningen-netto-omzet-375")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name=f"Boekingen van rekening {account}").click()
    expect(page).to_have_url(re.compile(rf"/rekening/{account}\?jaar=2018"))
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name=re.compile(rf"^Rekening {account}"))).to_be_visible()
    expect(page.get_by_role("columnheader", name="Dagboek")).to_be_visible()
    expect(page.locator("table.drill-table tbody tr").first).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Regel 1–\d+ van \d+$"))).to_be_visible()
    screenshot(page, "rekening-boekingen")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "rekening-boekingen-375")
    page.set_viewport_size({"width": 1280, "height": 800})

    # the accountant moves the account to another rubriek; it leaves Netto-omzet
    page.get_by_role("link", name="Netto-omzet").click()
    wait_for_hydration(page)
    page.get_by_label(f"Rubriek {account}").select_option(label="Overige bedrijfsopbrengsten")
    expect(page.get_by_text(f"Rekening {account} valt nu onder Overige bedrijfsopbrengsten."))\
        .to_be_visible()
    expect(page.get_by_label(f"Rubriek {account}")).to_have_count(0)
