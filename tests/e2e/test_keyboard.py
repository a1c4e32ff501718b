"""Keyboard only, no mouse: an employee logs in, opens a client's dashboard, opens "Maak gebruiker
aan" on a company's Gebruikers page, creates a user in the dialog, and the focus is back on the
button that opened it; Esc closes the dialog as well, Tab stays inside it while it is open.
The Samenwerkingen wizard is walked to its last step, after which its Activeren button no longer
exists: the focus lands on the card's heading, not at the top of the page.

Every step is a key press or typed text (page.keyboard); the address bar is used only to start
on a page, as a person types a URL.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Locator, Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from tests.e2e.test_wie_kan_onze_cijfers_zien import _advisor, _bse_with_financial_overview
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Company

ADVISOR = ("advisor@demo-accountants.example", "Demo-Advisor-2026")
MAX_TABS = 120


def _focused(locator: Locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def _tab_to(page: Page, locator: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``locator`` has the focus."""
    for _ in range(MAX_TABS):
        if locator.count() == 1 and _focused(locator):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{locator} kreeg na {MAX_TABS}x Tab geen focus")


def _focus_is_inside(page: Page, locator: Locator) -> bool:
    return locator.evaluate("el => el.contains(document.activeElement)")


def _company_id(app_db) -> int:
    with session_scope(app_db) as s:
        return s.exec(select(Company.id).where(Company.name == "BS Events BV")).one()


def test_keyboard_only_login_dashboard_and_create_user_dialog(page: Page, app_db):
    _bse_with_financial_overview(app_db)  # the advisor manages BS Events BV's users
    company = _company_id(app_db)

    # --- log in ------------------------------------------------------------------------------
    page.goto("/login")
    wait_for_hydration(page)
    _tab_to(page, page.get_by_label("E-mailadres"))
    page.keyboard.type(ADVISOR[0])
    _tab_to(page, page.get_by_label("Wachtwoord", exact=True))
    page.keyboard.type(ADVISOR[1])
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/klanten/?$"))
    wait_for_hydration(page)

    # --- Klanten > De Bloemenhoek BV > Samenwerkingen > Service starten: the dashboard --------
    _tab_to(page, page.get_by_role("link", name="De Bloemenhoek BV", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("De Bloemenhoek BV")
    wait_for_hydration(page)
    _tab_to(page, page.get_by_role("tab", name="Samenwerkingen"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("tab", name="Samenwerkingen")).to_have_attribute("aria-selected", "true")
    _tab_to(page, page.get_by_role("link", name="Service starten"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/financial-overview"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("De Bloemenhoek BV")

    # --- Gebruikers of BS Events BV: Maak gebruiker aan -----------------------------------------
    page.goto(f"/online/bedrijven/{company}/gebruikers")
    wait_for_hydration(page)
    opener = page.get_by_role("button", name="Maak gebruiker aan")
    _tab_to(page, opener)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Maak gebruiker aan")
    expect(dialog).to_be_visible()
    # the focus moved in, on the first field, and Tab keeps it inside
    expect(dialog.get_by_label("E-mailadres", exact=True)).to_be_focused()
    for _ in range(25):
        page.keyboard.press("Tab")
        assert _focus_is_inside(page, dialog), "Tab verliet het venster"
    # Esc closes it, and the focus is back on the button that opened it
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()

    page.keyboard.press("Enter")  # open it again, from the button that has the focus
    expect(dialog).to_be_visible()
    email = f"toetsenbord+{int(time.time() * 1000)}@bsevents.example"
    _tab_to(page, dialog.get_by_label("E-mailadres", exact=True))
    page.keyboard.type(email)
    _tab_to(page, dialog.get_by_label("Voornaam", exact=True))
    page.keyboard.type("Toetsen")
    _tab_to(page, dialog.get_by_label("Achternaam", exact=True))
    page.keyboard.type("Bord")
    _tab_to(page, dialog.get_by_label("Visma Financial Overview", exact=True))
    page.keyboard.press("Space")
    expect(dialog.get_by_label("Visma Financial Overview", exact=True)).to_be_checked()
    screenshot(page, "toetsenbord-maak-gebruiker-aan")
    _tab_to(page, dialog.get_by_role("button", name="Maak gebruiker aan"))
    page.keyboard.press("Enter")

    # created: the dialog closed by itself, the list names the user, the focus is back
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("status")).to_contain_text("Gebruiker aangemaakt.")
    expect(page.get_by_role("article", name="Toetsen Bord").first).to_be_visible()
    expect(opener).to_be_focused()
    screenshot(page, "toetsenbord-gebruiker-aangemaakt")


def _new_client(app_db) -> int:
    """A client with complete data and Boekhouding, no collaboration yet, a KvK number of its own."""
    stamp = str(int(time.time() * 1000))[-8:]
    with session_scope(app_db) as s:
        actor = _advisor(s)
        form = {**client_form_defaults(s, actor), "number": f"TB{stamp}",
                "name": f"Toetsenbord {stamp} BV", "kvk_number": stamp, "legal_form": "BV",
                "country": "Nederland", "address": "Tabstraat 1", "postcode": "1011 AB",
                "city": "Amsterdam", "account_manager_id": str(actor.identity_id),
                "contact_first_name": "Tess", "contact_last_name": "Tab",
                "contact_email": f"tess@tb{stamp}.example"}
        client = create_client(s, actor, ClientInput(**form))
        boekhouding = next(x for x in svc.list_services(s, actor) if x.code == "BH")
        svc.add_client_service(s, actor, client.id, boekhouding.id, actor.identity_id)
        return client.id


def _chosen(select: Locator) -> str:
    return select.evaluate("s => s.selectedOptions[0]?.text || ''")


def test_keyboard_only_wizard_to_its_last_step_leaves_focus_on_the_card(page: Page, app_db):
    client_id = _new_client(app_db)
    login(page, *ADVISOR)
    page.goto(f"/klanten/{client_id}?tab=samenwerkingen")
    wait_for_hydration(page)
    card = page.get_by_role("article", name="Visma Financial Overview", exact=True)

    # Versie: Starter (free: no invoice choices), then Activeren
    version = card.get_by_label("Versie")
    _tab_to(page, version)
    page.keyboard.press("ArrowDown")
    assert _chosen(version) == "Visma Financial Overview Starter"
    activate = card.get_by_role("button", name="Activeren")
    _tab_to(page, activate)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Service activeren")
    expect(dialog).to_be_visible()

    # step 1: the service, Volgende
    dienst = dialog.get_by_label("Dienst")
    _tab_to(page, dienst)
    page.keyboard.type("Boekhouding")
    assert _chosen(dienst) == "Boekhouding"
    _tab_to(page, dialog.get_by_role("button", name="Volgende"))
    page.keyboard.press("Enter")

    # step 2: Schakel samenwerking in; step 3: the result, Sluiten
    dialog = page.get_by_role("dialog", name="Schakel samenwerkdienst in")
    enable = dialog.get_by_role("button", name="Schakel samenwerking in")
    expect(enable).to_be_visible()
    _tab_to(page, enable)
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("heading", name="Samenwerking ingeschakeld")).to_be_visible()
    expect(activate).to_have_count(0)  # the card moved on: the button that opened it is gone
    close = dialog.get_by_role("button", name="Sluiten")
    _tab_to(page, close)
    page.keyboard.press("Enter")

    # the focus is on the card's heading, and the next Tab reaches the card's new action
    expect(dialog).to_be_hidden()
    heading = card.get_by_role("heading", name="Visma Financial Overview", exact=True)
    expect(heading).to_be_focused()
    expect(card.get_by_text("actief", exact=True)).to_be_visible()
    start = card.get_by_role("link", name="Service starten")
    for _ in range(4):  # past "Lees meer", still inside the card
        page.keyboard.press("Tab")
        assert _focus_is_inside(page, card), "Tab verliet de kaart"
        if _focused(start):
            break
    expect(start).to_be_focused()
    screenshot(page, "toetsenbord-wizard-afgerond")
