"""Step 3 of the procedure: an external user gets access to Visma Financial Overview.

The accountant serves BS Events BV (owner of its services) and has an active Financial
Overview collaboration with it; whatever the other tests did already, the missing part is
made through the domain. The e-mail is read from the real SMTP server the app sends to.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from tests.mail_catcher import MailCatcher, parts
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client, ClientService, Identity, Office
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products

ADVISOR = ("advisor@demo-accountants.example", "Demo-Advisor-2026")
FRANS = "frans.jansen@bsevents.example"
SOPHIE = "sophie.mulder@bsevents.nl"
PASSWORD = "Zonnige-Dinsdag-2026"


def ensure_active_collaboration(app_db) -> None:
    """BSE of Demo Accountants linked to BS Events BV with Financial Overview, active."""
    with session_scope(app_db) as s:
        office = s.exec(select(Office).where(Office.name == "Demo Accountants")).one()
        advisor = s.exec(select(Identity).where(Identity.email == ADVISOR[0])).one()
        actor = Actor(identity_id=advisor.id, email=advisor.email, name=advisor.full_name,
                      office_id=office.id, office_name=office.name, office_role=OFFICE_ROLE_BEHEERDER)
        client = s.exec(select(Client).where(Client.office_id == office.id,
                                             Client.number == "BSE")).one()
        collab = collabs.open_collaboration(s, client.id, products.FINANCIAL_OVERVIEW)
        if collab is None:
            link = s.exec(select(ClientService).where(ClientService.client_id == client.id,
                                                      ClientService.owner_id == advisor.id)).first()
            collab = collabs.start(s, actor, client_id=client.id,
                                   product=products.FINANCIAL_OVERVIEW,
                                   client_service_id=link.id, invoice_recipient="kantoor",
                                   duration_months=12)
        if collab.state == collabs.State.REQUESTED.value:
            frans = s.exec(select(Identity).where(Identity.email == FRANS)).one()
            collabs.answer(s, Actor(identity_id=frans.id, email=frans.email,
                                    name=frans.full_name),
                           collaboration_id=collab.id, approve=True)


def _make_way_for_a_new_sophie(app_db) -> None:
    """This test makes Sophie; another test may have made her already (the shared app
    database has no order): move that account out of her address."""
    with session_scope(app_db) as s:
        earlier = s.exec(select(Identity).where(Identity.email == SOPHIE)).first()
        if earlier is not None:
            earlier.email = f"sophie.mulder+{earlier.id}@eerder.example"
            earlier.first_name = "Eerdere"  # her card must not be taken for the new one
            s.add(earlier)


def _mail_to(catcher: MailCatcher, address: str, timeout_s: float = 30):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = catcher.to(address)
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"geen e-mail aan {address} ontvangen")


def _create_sophie(page: Page) -> None:
    page.goto("/online/bedrijven")
    wait_for_hydration(page)
    page.get_by_role("article", name="BS Events BV").get_by_role("link", name="Gebruikers").click()
    expect(page.get_by_role("heading", name="Gebruikers – BS Events BV")).to_be_visible()
    wait_for_hydration(page)
    page.get_by_role("button", name="Maak gebruiker aan").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Beheerders mogen inloggen in diensten, gebruikers beheren en "
                              "factuurgegevens zien. Zij kunnen ook als hoofdcontactpersoon "
                              "worden ingesteld.")).to_be_visible()
    dialog.get_by_label("E-mailadres", exact=True).fill(SOPHIE)
    dialog.get_by_label("Voornaam", exact=True).fill("Sophie")
    dialog.get_by_label("Achternaam", exact=True).fill("Mulder")
    dialog.get_by_label("Rol in Mijn diensten").select_option(label="Beheerder")
    for service in ("Visma Advisor", "Visma eAccounting"):
        expect(dialog.get_by_label(service, exact=True)).not_to_be_checked()
    dialog.get_by_label("Visma Financial Overview", exact=True).check()
    screenshot(page, "gebruiker-aanmaken")
    dialog.get_by_role("button", name="Maak gebruiker aan").click()
    expect(page.get_by_role("status")).to_contain_text("Gebruiker aangemaakt.")
    card = page.get_by_role("article", name="Sophie Mulder")
    expect(card.get_by_text("De gebruiker heeft het e-mailadres niet gecontroleerd")) \
        .to_be_visible()
    expect(card.get_by_text("Visma Financial Overview")).to_be_visible()
    screenshot(page, "gebruikers-bs-events")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "gebruikers-bs-events-375")


def _activate(page: Page, link: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Account activeren")).to_be_visible()
    wait_for_hydration(page)
    expect(page.get_by_text("Minstens 12 tekens")).to_be_visible()  # the policy up front
    page.get_by_label("Wachtwoord", exact=True).fill("kort")
    page.get_by_label("Herhaal wachtwoord", exact=True).fill("kort")
    page.get_by_role("button", name="Wachtwoord instellen").click()
    expect(page.get_by_text("Het wachtwoord moet minstens 12 tekens hebben.")).to_be_visible()
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Herhaal wachtwoord", exact=True).fill(PASSWORD)
    terms = page.get_by_role("region", name="Gebruikersvoorwaarden")
    terms.get_by_label("Ik heb de Gebruikersvoorwaarden gelezen en ga ermee akkoord").check()
    screenshot(page, "account-activeren-375")
    page.get_by_role("button", name="Wachtwoord instellen").click()


def test_step3_external_user_gets_financial_overview(page: Page, second_page: Page, app_db,
                                                     mail_catcher: MailCatcher):
    ensure_active_collaboration(app_db)
    _make_way_for_a_new_sophie(app_db)
    login(page, *ADVISOR)
    _create_sophie(page)

    message = _mail_to(mail_catcher, SOPHIE)
    text, html = parts(message)
    assert "Beste Sophie!" in text and "Let op: Deze link is 15 minuten geldig." in text
    assert "Klik hier" in html
    link = re.search(r"https?://\S+/activeren\?token=\S+", text).group(0)

    sophie = second_page
    _activate(sophie, link)
    expect(sophie).to_have_url(re.compile(r"/online/diensten"))
    tile = sophie.get_by_role("article", name="Visma Financial Overview")
    expect(tile).to_be_visible()
    screenshot(sophie, "mijn-diensten-375")
    tile.get_by_role("link", name="Visma Financial Overview openen").click()
    expect(sophie.get_by_role("heading", name="Visma Financial Overview – BS Events BV")) \
        .to_be_visible()

    sophie.goto(link)  # the same link a second time
    expect(sophie.get_by_role("heading", name="Deze link werkt niet meer")).to_be_visible()
    expect(sophie.get_by_role("button", name="Stuur een nieuwe link")).to_be_visible()
    screenshot(sophie, "link-werkt-niet-meer-375")
    with session_scope(app_db) as s:
        person = s.exec(select(Identity).where(Identity.email == SOPHIE)).one()
        assert person.email_verified_at is not None

    page.reload()
    wait_for_hydration(page)
    card = page.get_by_role("article", name="Sophie Mulder")
    expect(card.get_by_text("De gebruiker heeft het e-mailadres niet gecontroleerd")) \
        .to_have_count(0)


def _ensure_member(app_db, email: str, first: str, last: str) -> int:
    """An active Gebruiker of BS Events BV made through the domain; returns the company id."""
    from vfo_app.domain.models import Company, CompanyMember
    from vfo_app.domain.online import users
    from vfo_app.domain.online.users import UserInput

    ensure_active_collaboration(app_db)
    with session_scope(app_db) as s:
        office = s.exec(select(Office).where(Office.name == "Demo Accountants")).one()
        advisor = s.exec(select(Identity).where(Identity.email == ADVISOR[0])).one()
        actor = Actor(identity_id=advisor.id, email=advisor.email, name=advisor.full_name,
                      office_id=office.id, office_name=office.name, office_role=OFFICE_ROLE_BEHEERDER)
        company = s.exec(select(Company).where(Company.name == "BS Events BV")).one()
        users.create_user(s, actor, company_id=company.id, data=UserInput(
            email=email, first_name=first, last_name=last, role="gebruiker",
            products=(products.FINANCIAL_OVERVIEW,)))
        s.flush()
        identity = s.exec(select(Identity).where(Identity.email == email)).one()
        assert s.exec(select(CompanyMember).where(CompanyMember.identity_id == identity.id)
                      ).one().active
        return company.id


def _member_active(app_db, email: str) -> bool:
    from vfo_app.domain.models import CompanyMember

    with session_scope(app_db) as s:
        identity = s.exec(select(Identity).where(Identity.email == email)).one()
        return s.exec(select(CompanyMember.active).where(
            CompanyMember.identity_id == identity.id)).one()


def test_deactiveren_asks_first_cancel_keeps_the_user_confirm_deactivates(page: Page, app_db):
    stamp = int(time.time() * 1000)
    email, name = f"dirk.deactief+{stamp}@bsevents.example", "Dirk Deactief"
    company_id = _ensure_member(app_db, email, "Dirk", "Deactief")
    login(page, *ADVISOR)
    page.goto(f"/online/bedrijven/{company_id}/gebruikers")
    wait_for_hydration(page)
    card = page.get_by_role("article", name=name)
    deactivate = card.get_by_role("button", name=f"Deactiveren {name}")

    # Annuleren: the question closes, nothing changed
    deactivate.click()
    confirm = page.get_by_role("alertdialog", name="Gebruiker deactiveren?")
    expect(confirm.get_by_text(f"{name} kan daarna niet meer inloggen")).to_be_visible()
    expect(confirm.get_by_role("button", name="Annuleren")).to_be_focused()  # Enter does no harm
    confirm.get_by_role("button", name="Annuleren").click()
    expect(confirm).to_be_hidden()
    expect(deactivate).to_be_focused()
    expect(card.get_by_text("Gedeactiveerd", exact=True)).to_have_count(0)
    # Esc too
    deactivate.click()
    expect(confirm).to_be_visible()
    page.keyboard.press("Escape")
    expect(confirm).to_be_hidden()
    page.reload()
    wait_for_hydration(page)
    expect(card.get_by_role("button", name=f"Deactiveren {name}")).to_be_visible()
    assert _member_active(app_db, email)

    # Ja, deactiveren: done, said, and the card has no actions left
    card.get_by_role("button", name=f"Deactiveren {name}").click()
    expect(confirm).to_be_visible()
    screenshot(page, "gebruiker-deactiveren-vraag")
    confirm.get_by_role("button", name="Ja, deactiveren").click()
    expect(confirm).to_be_hidden()
    expect(page.get_by_role("status")).to_contain_text("De gebruiker is gedeactiveerd.")
    expect(card.get_by_text("Gedeactiveerd", exact=True)).to_be_visible()
    expect(card.get_by_role("button", name=f"Deactiveren {name}")).to_have_count(0)
    # the button that asked is gone: the focus is on the user's name, not the top of the page
    expect(card.get_by_role("heading", name=name)).to_be_focused()
    assert not _member_active(app_db, email)
