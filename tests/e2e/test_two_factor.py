"""Two-factor login in Chromium: set up a second factor (the secret read off the page, the
code computed here), log out, and log in with password and code."""

from __future__ import annotations

import re
import time

import pyotp
from playwright.sync_api import Page, expect

from tests.e2e.conftest import login, screenshot, session_cookie, wait_for_hydration
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER
from vfo_app.domain.db import session_scope
from vfo_app.domain.employees import create_employee, get_or_create_office

EMAIL = "tweestap@e2e-kantoor.example"
PASSWORD = "Tweestap-Wachtwoord-2026"


def _employee(app_db) -> None:
    with session_scope(app_db) as s:
        office = get_or_create_office(s, "Kantoor Tweestap")
        create_employee(s, office=office, email=EMAIL, first_name="Tessa", last_name="Tweestap",
                        password=PASSWORD, role=OFFICE_ROLE_BEHEERDER)


def _shots(page: Page, name: str) -> None:
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_enrol_a_second_factor_then_log_in_with_password_and_code(page: Page, app_db):
    _employee(app_db)
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, EMAIL, PASSWORD)

    page.goto("/account/tweestapsverificatie")
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Tweestapsverificatie", exact=True)).to_be_visible()
    page.get_by_role("button", name="Tweestapsverificatie instellen").click()
    expect(page.get_by_role("img", name="QR-code voor uw authenticator-app")).to_be_visible()
    grouped = page.locator("#tf-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{4}", grouped), grouped
    secret = grouped.replace(" ", "")
    _shots(page, "tweestap-instellen")

    totp = pyotp.TOTP(secret)
    page.get_by_label("Verificatiecode").fill("000000" if totp.now() != "000000" else "111111")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    page.get_by_label("Verificatiecode").fill(totp.now())
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", name="Uw herstelcodes")).to_be_visible()
    codes = page.locator("#tf-recovery-codes li")
    expect(codes).to_have_count(10)
    _shots(page, "tweestap-herstelcodes")
    page.get_by_role("button", name="Ik heb de codes bewaard").click()
    expect(page).to_have_url(re.compile(r"/klanten/?$"))

    page.goto("/account/tweestapsverificatie")
    expect(page.get_by_role("heading", name="Tweestapsverificatie staat aan")).to_be_visible()
    _shots(page, "tweestap-aan")
    page.goto("/instellingen/beveiliging")
    expect(page.get_by_text("Aan sinds")).to_be_visible()
    _shots(page, "instellingen-beveiliging")

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))

    # the password alone is not enough
    login(page, EMAIL, PASSWORD, expect_success=False)
    expect(page.get_by_label("Verificatiecode")).to_be_visible()
    assert session_cookie(page) == ""
    _shots(page, "login-verificatiecode")
    # the code of the next 30 seconds: the enrolment's code of this step is used already,
    # and one step of clock drift is allowed
    page.get_by_label("Verificatiecode").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Verifiëren").click()
    expect(page).to_have_url(re.compile(r"/klanten/?$"))
    expect(page.locator(".user-name")).to_have_text("Tessa Tweestap")
    assert session_cookie(page)
