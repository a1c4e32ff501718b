"""Vraag over dit cijfer on a report line: the small question button of every line of the
dashboard's reports and of Kasstroom, at 375 and 1280 px, and the accountant's view of such a
thread. The question on Omzet, its e-mails over real SMTP and the answer beside the figure
are part of the report pack's story (test_report_packs.py).

The client, its company and the user are made through the domain when missing, so the test
does not depend on what other tests did."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, open_page, screenshot
from tests.e2e.test_gegevens_bijwerken import ADVISOR
from tests.e2e.test_overview_story import _activation_token, _advisor, _client
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client, Collaboration, Identity
from vfo_app.domain.online import activation, products, users
from vfo_app.domain.online.users import UserInput

ASKER = "vera.vraag@vraagbaak.example"
PASSWORD = "Vraag-Over-Cijfers-2026"


def _ensure_vera(app_db) -> int:
    """Vraagbaak BV with Financial Overview and figures, and Vera Vraag, its first user (so
    its Beheerder) with Financial Overview and a password; returns the company id."""
    with session_scope(app_db) as s:
        actor = _advisor(s)
        client = s.exec(select(Client).where(Client.office_id == actor.office_id,
                                             Client.number == "VRG")).first()
        if client is None:
            _, company_id = _client(s, actor, number="VRG", name="Vraagbaak BV",
                                    kvk="31415926", product=products.FINANCIAL_OVERVIEW)
        else:
            company_id = s.exec(select(Collaboration.company_id).where(
                Collaboration.client_id == client.id)).first()
        if s.exec(select(Identity).where(Identity.email == ASKER)).first() is None:
            users.create_user(s, actor, company_id=company_id, data=UserInput(
                email=ASKER, first_name="Vera", last_name="Vraag", role="beheerder",
                products=(products.FINANCIAL_OVERVIEW,)))
            s.flush()
            activation.activate(s, token=_activation_token(s, ASKER), password=PASSWORD,
                                password_repeat=PASSWORD, accept_terms=True)
        return company_id


LINE_QUESTION = "Waarom kost de afschrijving zo weinig kas?"


def _no_wider_than(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_line_of_a_report_asks_through_a_small_button_kasstroom_too(
        page: Page, second_page: Page, app_db):
    """On the dashboard's reports and on Kasstroom every line has a small question button
    named after its line ("Vraag over Netto-omzet"; no "Vraag over dit cijfer" repeated under
    each line, at least 24 x 24 px); a question on a Kasstroom line stays beside it, for the
    accountant too, whose menu counts the questions waiting."""
    company_id = _ensure_vera(app_db)
    with session_scope(app_db) as s:
        client_id = s.exec(select(Collaboration.client_id).where(
            Collaboration.company_id == company_id)).first()
    overview = f"/online/bedrijven/{company_id}/financial-overview"

    phone = second_page
    phone.set_viewport_size({"width": 375, "height": 800})
    login(phone, ASKER, PASSWORD)
    open_page(phone, overview)
    statement = phone.get_by_role("region", name="Winst-en-verliesrekening")
    line = statement.get_by_role("button", name="Vraag over Netto-omzet", exact=True)
    expect(line).to_be_visible()
    box = line.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24, box
    # the words belong to the tiles; a report's lines carry only the icon
    expect(statement.get_by_text("Vraag over dit cijfer")).to_have_count(0)
    expect(phone.get_by_role("article", name="Omzet", exact=True).get_by_role(
        "button", name="Vraag over dit cijfer: Omzet")).to_be_visible()
    _no_wider_than(phone, 375)
    statement.scroll_into_view_if_needed()
    screenshot(phone, "figure-question-lines-375")

    open_page(phone, f"{overview}/kasstroom")
    expect(phone.get_by_role("heading", name="Kasstroom – Vraagbaak BV")).to_be_visible()
    table = phone.get_by_role("table", name="Kasstroomoverzicht")
    row = table.locator("tr", has=phone.get_by_role(
        "button", name="Vraag over Afschrijvingen", exact=True))
    row.get_by_role("button", name="Vraag over Afschrijvingen", exact=True).click()
    dialog = phone.get_by_role("dialog", name="Vraag over Afschrijvingen")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Uw vraag", exact=True).fill(LINE_QUESTION)
    dialog.get_by_role("button", name="Versturen").click()
    expect(dialog).to_have_count(0)
    expect(row.get_by_text(LINE_QUESTION).last).to_be_visible()
    expect(row.get_by_text("Wacht op antwoord")).to_be_visible()
    _no_wider_than(phone, 375)
    table.scroll_into_view_if_needed()
    screenshot(phone, "figure-question-kasstroom-375")

    # at 1280 the company's user sees the same, the button beside the label
    desk = page
    login(desk, ASKER, PASSWORD)
    open_page(desk, overview)
    expect(desk.get_by_role("button", name="Vraag over Netto-omzet", exact=True)).to_be_visible()
    screenshot(desk, "figure-question-lines-1280")
    open_page(desk, f"{overview}/kasstroom")
    expect(desk.get_by_text(LINE_QUESTION).last).to_be_visible()
    screenshot(desk, "figure-question-kasstroom-1280")

    # the accountant: Vragen in the menu says how many wait; on Kasstroom the thread, no button
    desk.context.clear_cookies()
    login(desk, *ADVISOR)
    open_page(desk, "/klanten")
    expect(desk.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name=re.compile(r"^Vragen \d+ wachten op antwoord$"))).to_be_visible()
    open_page(desk, f"/klanten/{client_id}/financial-overview/kasstroom")
    theirs = desk.get_by_role("table", name="Kasstroomoverzicht")
    expect(theirs.get_by_text(LINE_QUESTION).last).to_be_visible()
    expect(theirs.get_by_role("button", name=re.compile("^Vraag over"))).to_have_count(0)
    screenshot(desk, "figure-question-kasstroom-advisor-1280")
