"""Step 2 of the procedure, "Samenwerking starten", for each situation of the client."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client, Company, Identity, Office
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products

ADVISOR = ("advisor@demo-accountants.example", "Demo-Advisor-2026")
FRANS = ("frans.jansen@bsevents.example", "Demo-Klant-2026")


def _client_id(app_db, number: str) -> int:
    with session_scope(app_db) as s:
        return s.exec(select(Client.id).where(Client.number == number)).one()


def _open_tab(page: Page, client_id: int) -> None:
    page.goto(f"/klanten/{client_id}?tab=samenwerkingen")
    page.wait_for_load_state()
    wait_for_hydration(page)
    expect(page.get_by_role("tab", name="Samenwerkingen")).to_have_attribute("aria-selected", "true")


def _activate(page: Page, version: str, dienst: str):
    card = page.get_by_role("article", name="Visma Financial Overview")
    card.get_by_label("Versie").select_option(label=version)
    card.get_by_role("button", name="Activeren").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Service activeren")).to_be_visible()
    dialog.get_by_label("Dienst").select_option(label=dienst)
    return card, dialog


def _paid_terms(dialog) -> None:
    dialog.get_by_label("Ontvanger facturen").select_option(label="Uw kantoor")
    dialog.get_by_label("Duur overeenkomst").select_option(label="12 maanden")


def _close_open_collaboration(app_db, number: str) -> None:
    """Start from "niet actief" whatever other tests did with this demo client before."""
    with session_scope(app_db) as s:
        client = s.exec(select(Client).where(Client.number == number)).one()
        collab = collabs.open_collaboration(s, client.id, products.FINANCIAL_OVERVIEW)
        if collab is not None:
            collabs.move(collab, collabs.State.ENDED if collab.state == "actief"
                         else collabs.State.WITHDRAWN)
            s.add(collab)


def test_bs_events_request_declined_then_approved_live(page: Page, second_page: Page, app_db):
    _close_open_collaboration(app_db, "BSE")
    login(page, *ADVISOR)
    bse = _client_id(app_db, "BSE")
    _open_tab(page, bse)

    frans = second_page
    login(frans, *FRANS)
    expect(frans).to_have_url(re.compile(r"/online/diensten"))  # a Beheerder lands there too
    frans.goto("/online/verzoeken")

    for answer, outcome in (("Weigeren", "geweigerd"), ("Goedkeuren", "actief")):
        card, dialog = _activate(page, "Visma Financial Overview", "Boekhouding")
        dialog.get_by_role("button", name="Volgende").click()
        expect(dialog.get_by_role("heading", name="Samenwerkdienst inschakelen - stap 2")) \
            .to_be_visible()
        expect(dialog.get_by_text("BS Events BV is al klant van Visma en gebruikt de dienst al. "
                                  "U moet de klant een verzoek sturen")).to_be_visible()
        expect(dialog.get_by_text("Vanaf de volgende overeenkomstperiode")).to_be_visible()
        expect(dialog.get_by_text("€ 25,00 per maand")).to_be_visible()
        _paid_terms(dialog)
        dialog.get_by_role("button", name="Verzend verzoek").click()
        expect(dialog.get_by_role("heading", name="Verzoek verzonden")).to_be_visible()
        expect(dialog.get_by_text("Het verzoek is verzonden naar de klant. Zodra de klant het "
                                  "verzoek goedkeurt, wordt de dienst ingeschakeld.")).to_be_visible()
        dialog.get_by_role("button", name="Sluiten").click()
        expect(card.get_by_text("verzoek verzonden")).to_be_visible()

        frans.reload()
        wait_for_hydration(frans)
        request = frans.get_by_role("article", name="Visma Financial Overview").filter(
            has=frans.get_by_role("button", name=answer))
        expect(request.get_by_text("Demo Accountants")).to_be_visible()
        expect(request.get_by_text("Duur overeenkomst: 12 maanden")).to_be_visible()
        request.get_by_role("button", name=answer).click()
        if answer == "Weigeren":  # asks first
            frans.get_by_role("alertdialog", name="Verzoek weigeren?") \
                .get_by_role("button", name="Ja, weigeren").click()
        # the accountant's page changes without a reload
        expect(card.get_by_text(outcome, exact=True)).to_be_visible(timeout=15_000)

    expect(card.get_by_role("link", name="Service starten")).to_be_visible()
    history = page.get_by_role("table")
    for step in ("Verzoek geweigerd", "Verzoek goedgekeurd", "Dienst ingeschakeld"):
        expect(history.get_by_text(step).first).to_be_visible()
    screenshot(page, "samenwerking-bse-actief")
    card.get_by_role("link", name="Service starten").click()
    expect(page).to_have_url(re.compile(rf"/klanten/{bse}/financial-overview"))
    expect(page.get_by_role("heading", name="Visma Financial Overview – BS Events BV")) \
        .to_be_visible()


def test_korenschoof_is_enabled_at_once(page: Page, app_db):
    _close_open_collaboration(app_db, "KOR")
    login(page, *ADVISOR)
    _open_tab(page, _client_id(app_db, "KOR"))
    card, dialog = _activate(page, "Visma Financial Overview", "eAccounting")
    expect(dialog.get_by_label("Contactpersoon", exact=True)).to_have_value("Lisa de Vries")
    dialog.get_by_role("button", name="Volgende").click()
    expect(dialog.get_by_text("is al klant van Visma, maar gebruikt de dienst nog niet"))\
        .to_be_visible()
    _paid_terms(dialog)
    dialog.get_by_role("button", name="Schakel samenwerking in").click()
    expect(dialog.get_by_role("heading", name="Samenwerking ingeschakeld")).to_be_visible()
    dialog.get_by_role("button", name="Sluiten").click()
    expect(card.get_by_text("actief", exact=True)).to_be_visible()
    # Overzicht lists it under "Services starten"
    page.get_by_role("tab", name="Overzicht").click()
    expect(page.get_by_role("link", name="Visma Financial Overview")).to_be_visible()
    # and it can be ended, which the history shows
    page.get_by_role("tab", name="Samenwerkingen").click()
    card.get_by_role("button", name="Samenwerking beëindigen").click()
    confirm = page.get_by_role("alertdialog", name="Samenwerking beëindigen?")
    expect(confirm.get_by_text("Uw kantoor verliest de toegang")).to_be_visible()
    confirm.get_by_role("button", name="Ja, beëindigen").click()
    expect(card.get_by_text("beëindigd", exact=True)).to_be_visible()
    expect(page.get_by_role("table").get_by_text("Samenwerking beëindigd").first).to_be_visible()
    expect(card.get_by_role("button", name="Activeren")).to_be_visible()


def _new_client_without_address(app_db) -> int:
    with session_scope(app_db) as s:
        office = s.exec(select(Office).where(Office.name == "Demo Accountants")).one()
        advisor = s.exec(select(Identity).where(Identity.email == ADVISOR[0])).one()
        actor = Actor(identity_id=advisor.id, email=advisor.email, name=advisor.full_name,
                      office_id=office.id, office_name=office.name, office_role=OFFICE_ROLE_BEHEERDER)
        form = {**client_form_defaults(s, actor), "number": "NIEUW", "name": "Nieuwkomer BV",
                "kvk_number": "55667788", "legal_form": "BV", "country": "Nederland",
                "account_manager_id": str(advisor.id), "contact_first_name": "Noor",
                "contact_last_name": "Nieuw"}
        client = create_client(s, actor, ClientInput(**form))
        boekhouding = next(x for x in svc.list_services(s, actor) if x.code == "BH")
        svc.add_client_service(s, actor, client.id, boekhouding.id, advisor.id)
        return client.id


def test_new_company_starter_with_the_missing_data_form(page: Page, app_db):
    client_id = _new_client_without_address(app_db)
    login(page, *ADVISOR)
    _open_tab(page, client_id)
    card, dialog = _activate(page, "Visma Financial Overview Starter", "Boekhouding")
    expect(dialog.get_by_text("Er ontbreken gegevens over de klant. Vul het formulier volledig "
                              "in, zodat u daarna de service kunt activeren.")).to_be_visible()
    dialog.get_by_label("Adres", exact=True).fill("Nieuwstraat 1")
    dialog.get_by_label("Postcode", exact=True).fill("12")
    dialog.get_by_label("Plaats", exact=True).fill("Zwolle")
    dialog.get_by_label("E-mail contactpersoon", exact=True).fill("noor@nieuwkomer.example")
    dialog.get_by_role("button", name="Volgende").click()
    expect(dialog.get_by_text("Vul een geldige postcode in")).to_be_visible()
    expect(dialog.get_by_label("Plaats", exact=True)).to_have_value("Zwolle")
    dialog.get_by_label("Postcode", exact=True).fill("8011 AB")
    dialog.get_by_role("button", name="Volgende").click()

    expect(dialog.get_by_text("Nieuwkomer BV is nog geen klant van Visma")).to_be_visible()
    expect(dialog.get_by_label("Ontvanger facturen")).to_have_count(0)  # Starter is free
    expect(dialog.get_by_label("Duur overeenkomst")).to_have_count(0)
    screenshot(page, "samenwerking-starter-stap2")
    dialog.get_by_role("button", name="Schakel samenwerking in").click()
    expect(dialog.get_by_role("heading", name="Samenwerking ingeschakeld")).to_be_visible()
    dialog.get_by_role("button", name="Sluiten").click()
    expect(card.get_by_text("actief", exact=True)).to_be_visible()
    expect(card.get_by_text("Service: Visma Financial Overview Starter")).to_be_visible()

    with session_scope(app_db) as s:
        company = s.exec(select(Company).where(Company.kvk_number == "55667788")).one()
        client = s.get(Client, client_id)
        assert (company.name, company.city, company.email) == \
            ("Nieuwkomer BV", "Zwolle", "noor@nieuwkomer.example")
        assert (client.address, client.postcode) == ("Nieuwstraat 1", "8011 AB")


def test_cancel_leaves_nothing_behind(page: Page, app_db):
    login(page, *ADVISOR)
    _open_tab(page, _client_id(app_db, "BSE"))
    card = page.get_by_role("article", name="Visma Scanner")
    card.get_by_role("button", name="Activeren").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Dienst").select_option(label="Boekhouding")
    dialog.get_by_role("button", name="Volgende").click()
    expect(dialog.get_by_role("heading", name="Samenwerkdienst inschakelen - stap 2")) \
        .to_be_visible()
    dialog.get_by_role("button", name="Annuleren").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(card.get_by_text("niet actief")).to_be_visible()
