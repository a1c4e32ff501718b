"""Keyboard only, no mouse: an employee logs in, opens a client's dashboard, opens "Maak gebruiker
aan" on a company's Gebruikers page, creates a user in the dialog, and the focus is back on the
button that opened it; Esc closes the dialog as well, Tab stays inside it while it is open.

Every step is a key press or typed text (page.keyboard); the address bar is used only to start
on a page, as a person types a URL.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Locator, Page, expect
from sqlmodel import select

from tests.e2e.conftest import screenshot, wait_for_hydration
from tests.e2e.test_wie_kan_onze_cijfers_zien import _bse_with_financial_overview
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
