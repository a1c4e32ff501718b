"""Logging in and out in the browser, against the production build."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login, screenshot, session_cookie
from vfo_app.domain import auth
from vfo_app.domain.db import session_scope

PASSWORD = "Demo-Advisor-2026"
ADVISOR = "advisor@demo-accountants.example"
ADVISOR2 = "advisor2@demo-accountants.example"


def test_a_logged_out_visitor_is_sent_to_login_and_comes_back_after_logging_in(page: Page):
    page.goto("/klanten")
    expect(page).to_have_url(re.compile(r"/login/?\?next=/klanten/?$"))
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()

    login(page, ADVISOR, PASSWORD)

    expect(page).to_have_url(re.compile(r"/klanten/?$"))
    expect(page.locator(".user-name")).to_have_text("Demo Advisor")
    expect(page.locator(".office-name")).to_have_text("Demo Accountants")
    screenshot(page, "login-klanten")


def test_a_wrong_password_is_refused_and_the_email_stays(page: Page):
    page.goto("/login")
    login(page, ADVISOR2, "Niet-het-wachtwoord-1", expect_success=False)

    expect(page.get_by_role("alert")).to_have_text("Onbekend e-mailadres of onjuist wachtwoord.")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_label("E-mailadres")).to_have_value(ADVISOR2)
    assert session_cookie(page) == ""
    screenshot(page, "login-fout")


def test_logout_ends_the_session(page: Page, app_db, browser, base_url):
    login(page, ADVISOR, PASSWORD)
    token = session_cookie(page)
    assert token, "na inloggen hoort er een sessiecookie te zijn"
    with session_scope(app_db) as s:
        assert auth.actor_for_token(s, token) is not None

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    assert session_cookie(page) == ""

    page.goto("/klanten")
    expect(page).to_have_url(re.compile(r"/login/?\?next=/klanten/?$"))

    # The old token is dead on the server, not only forgotten by this browser.
    with session_scope(app_db) as s:
        assert auth.actor_for_token(s, token) is None
    replay = browser.new_context(base_url=base_url)
    try:
        replay.add_cookies([{"name": "vfo_session", "value": token, "url": base_url}])
        other = replay.new_page()
        other.goto("/klanten")
        expect(other).to_have_url(re.compile(r"/login/?\?next=/klanten/?$"))
    finally:
        replay.close()


def test_a_client_user_who_opens_advisor_pages_is_sent_to_online(page: Page, app_db):
    """The page load itself checks who asks: a company's user typing an Advisor address gets
    Online, not an empty Advisor page and not the office's client list."""
    login(page, "lisa@korenschoof.example", "Demo-Klant-2026")
    with session_scope(app_db) as s:
        from sqlmodel import select

        from vfo_app.domain.models import Client
        dem = s.exec(select(Client).where(Client.number == "DEM")).first()
    for path in ("/klanten", f"/klanten/{dem.id}", f"/klanten/{dem.id}/financial-overview"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/online/"))
        expect(page.locator(".user-name")).to_have_text("Lisa de Vries")
        expect(page.get_by_text("De Bloemenhoek")).to_have_count(0)


def test_the_session_cookie_is_httponly_and_logout_expires_it(page: Page, app_db):
    """No script of the page can read the session token, yet the app works with it; logout
    (which no script could do to an HttpOnly cookie) has the server expire it."""
    login(page, ADVISOR, PASSWORD)
    [cookie] = [c for c in page.context.cookies() if c["name"] == "vfo_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert "vfo_session" not in page.evaluate("() => document.cookie")
    assert cookie["value"] not in page.evaluate(
        "() => JSON.stringify({...window.localStorage, ...window.sessionStorage})")

    page.goto("/klanten")  # a full page load: the new websocket handshake carries the cookie
    expect(page).to_have_url(re.compile(r"/klanten/?$"))
    expect(page.locator(".user-name")).to_have_text("Demo Advisor")
    expect(page.get_by_text("De Bloemenhoek BV").first).to_be_visible()
    assert "vfo_session" not in page.evaluate("() => document.cookie")

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    assert [c for c in page.context.cookies() if c["name"] == "vfo_session"] == []
    with session_scope(app_db) as s:
        assert auth.actor_for_token(s, cookie["value"]) is None
