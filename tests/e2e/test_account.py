"""Wachtwoord vergeten? and Mijn account in Chromium: the reset mail is read from the real SMTP
server the app sends to and its link followed; Mijn account changes the password and ends
another session.

Each test makes an employee of its own (the app database is shared by every e2e test, whose
demo logins must keep their passwords).
"""

from __future__ import annotations

import re
import time
import uuid

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from tests.mail_catcher import MailCatcher, parts
from vfo_app.domain.db import session_scope
from vfo_app.domain.employees import create_employee
from vfo_app.domain.models import Office

PASSWORD = "Zonnige-Dinsdag-2026"
NEW = "Kiezel-Veranda-Lantaarn-7"


def _employee(app_db, first_name: str) -> str:
    address = f"{first_name.lower()}.{uuid.uuid4().hex[:6]}@demo-accountants.example"
    with session_scope(app_db) as s:
        office = s.exec(select(Office).where(Office.name == "Demo Accountants")).one()
        create_employee(s, office=office, email=address, first_name=first_name,
                        last_name="Testpersoon", password=PASSWORD)
    return address


def _mail_to(catcher: MailCatcher, address: str, subject: str, timeout_s: float = 30):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        found = [m for m in catcher.to(address) if m["Subject"] == subject]
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"geen e-mail '{subject}' aan {address} ontvangen")


def test_reset_by_email_link(page: Page, app_db, mail_catcher: MailCatcher):
    address = _employee(app_db, "Wieke")
    page.goto("/login")
    wait_for_hydration(page)
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page).to_have_url(re.compile(r"/wachtwoord-vergeten"))
    wait_for_hydration(page)
    screenshot(page, "wachtwoord-vergeten-1280")
    page.get_by_label("E-mailadres").fill(address.upper())
    page.get_by_role("button", name="Stuur een link").click()
    expect(page.get_by_role("status")).to_contain_text("Als dit e-mailadres bij ons bekend is")

    text, html = parts(_mail_to(mail_catcher, address, "Nieuw wachtwoord kiezen"))
    assert "15 minuten geldig" in text and "15 minuten geldig" in html
    link = next(w for w in text.split() if "/wachtwoord-herstellen?token=" in w)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(link)
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Nieuw wachtwoord kiezen")).to_be_visible()
    screenshot(page, "wachtwoord-herstellen-375")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("Wieke2026")
    page.get_by_label("Herhaal nieuw wachtwoord").fill("Wieke2026")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.locator("#reset-password-error")).to_contain_text("minstens 12 tekens")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW)
    page.get_by_label("Herhaal nieuw wachtwoord").fill(NEW)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page).to_have_url(re.compile(r"/klanten"))
    expect(page.locator(".user-name")).to_have_text("Wieke Testpersoon")
    assert _mail_to(mail_catcher, address, "Uw wachtwoord is gewijzigd")

    page.goto(link)  # the link worked once
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Deze link werkt niet meer")).to_be_visible()


def test_mijn_account_changes_the_password_and_ends_another_session(
        page: Page, second_page: Page, app_db, mail_catcher: MailCatcher):
    address = _employee(app_db, "Teun")
    login(second_page, address, PASSWORD)  # the phone
    login(page, address, PASSWORD)
    page.get_by_role("link", name="Mijn account").click()
    expect(page).to_have_url(re.compile(r"/account$"))
    wait_for_hydration(page)
    sessions = page.get_by_role("table", name="Actieve sessies")
    expect(sessions.locator("tbody tr")).to_have_count(2)
    expect(sessions).to_contain_text("(deze sessie)")
    screenshot(page, "mijn-account-1280")

    page.get_by_label("Huidig wachtwoord").fill("Niet-Het-Goede-1")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW)
    page.get_by_label("Herhaal nieuw wachtwoord").fill(NEW)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.locator("#acc-current-error")).to_have_text("Het huidige wachtwoord klopt niet.")
    expect(page.get_by_label("Nieuw wachtwoord", exact=True)).to_have_value(NEW)  # kept
    page.get_by_label("Huidig wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord wijzigen").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Uw wachtwoord is gewijzigd. 1 andere sessie is beëindigd.")
    expect(sessions.locator("tbody tr")).to_have_count(1)
    assert _mail_to(mail_catcher, address, "Uw wachtwoord is gewijzigd")

    second_page.goto("/klanten")  # the phone's session has ended
    expect(second_page).to_have_url(re.compile(r"/login"))

    login(second_page, address, NEW)  # a new session on the phone, ended from Mijn account
    page.reload()
    wait_for_hydration(page)
    expect(sessions.locator("tbody tr")).to_have_count(2)
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "mijn-account-375")
    sessions.get_by_role("button", name=re.compile("^Sessie beëindigen")).click()
    expect(page.get_by_role("status").first).to_contain_text("De sessie is beëindigd.")
    expect(sessions.locator("tbody tr")).to_have_count(1)
    second_page.goto("/klanten")
    expect(second_page).to_have_url(re.compile(r"/login"))
