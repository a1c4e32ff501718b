"""Portefeuille in the browser: an employee sees the clients with Financial Overview they
serve (and no other), with freshness and signals, sorts and filters on the server, opens the
dashboard with a click and from there the Liquiditeitsprognose; at 1280 and 375 px."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login, screenshot, wait_for_hydration

ADVISOR2 = ("advisor2@demo-accountants.example", "Demo-Advisor-2026")
JAN = ("jan@ander-kantoor.example", "Demo-Advisor-2026")


def _open_portfolio(page: Page) -> None:
    page.goto("/portefeuille")
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Portefeuille", exact=True)).to_be_visible()


def test_the_portfolio_lists_the_served_clients_and_opens_the_dashboard(page: Page):
    login(page, *ADVISOR2)  # a participant of De Bloemenhoek's service
    _open_portfolio(page)
    table = page.get_by_role("table", name="Portefeuille")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(1)  # BS Events and Korenschoof have no Financial Overview yet
    row = rows.first
    expect(row).to_contain_text("De Bloemenhoek BV")
    expect(row).to_contain_text("DEM")
    expect(row.locator("td").nth(2)).to_have_text(re.compile(r"\d{2}-\d{2}-2018"))
    expect(row.locator(".pill").first).to_have_text(re.compile(r"Rood|Oranje|Groen"))
    expect(row).to_contain_text(re.compile(r"€\s*[\d.]+"))
    screenshot(page, "portefeuille-1280")

    # sorting and filtering happen on the server
    page.get_by_role("button", name="Klant", exact=True).click()
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Klant")
    page.get_by_label("Zoeken").fill("geen-klant-met-deze-naam")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text("Geen klanten gevonden met dit filter.")).to_be_visible()
    page.get_by_label("Zoeken").fill("bloem")
    page.get_by_role("button", name="Filteren").click()
    expect(rows).to_have_count(1)

    # a click opens the dashboard; from there the forecast
    row.get_by_role("link", name="De Bloemenhoek BV").click()
    expect(page).to_have_url(re.compile(r"/klanten/\d+/financial-overview$"))
    wait_for_hydration(page)
    page.get_by_role("link", name="Liquiditeitsprognose").click()
    expect(page).to_have_url(re.compile(r"/liquiditeitsprognose$"))
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Liquiditeitsprognose – De Bloemenhoek BV")) \
        .to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("Prognose")
    expect(page.get_by_text("Laagste punt").first).to_be_visible()
    expect(page.get_by_label("Gemiddelde debiteurendagen")).to_be_visible()
    screenshot(page, "liquiditeitsprognose-1280")
    page.get_by_role("button", name="Tabel").click()
    weeks = page.get_by_role("table", name="Liquiditeitsprognose per week").locator("tbody tr")
    expect(weeks).to_have_count(13)
    # the accountant changes an assumption: the forecast says it is theirs
    page.get_by_label("Gemiddelde debiteurendagen").fill("veel")
    page.get_by_role("button", name="Opslaan en herberekenen").click()
    expect(page.get_by_text("Vul een aantal dagen in")).to_be_visible()
    page.get_by_label("Gemiddelde debiteurendagen").fill("21")
    page.get_by_role("button", name="Opslaan en herberekenen").click()
    expect(page.get_by_text("door u ingevuld").first).to_be_visible()
    page.get_by_role("button", name="Alles uit de cijfers").click()
    expect(page.get_by_text("door u ingevuld")).to_have_count(0)


def test_the_portfolio_at_375_px(page: Page):
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, *ADVISOR2)
    _open_portfolio(page)
    row = page.get_by_role("table", name="Portefeuille").locator("tbody tr").first
    expect(row.get_by_role("link", name="De Bloemenhoek BV")).to_be_visible()
    # the page itself stays within the phone's width (the table scrolls in its own region)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "portefeuille-375")
    row.get_by_role("link", name="De Bloemenhoek BV").click()
    wait_for_hydration(page)
    page.get_by_role("link", name="Liquiditeitsprognose").click()
    wait_for_hydration(page)
    expect(page.get_by_role("note")).to_contain_text("Prognose")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "liquiditeitsprognose-375")


def test_another_office_sees_none_of_these_clients(page: Page):
    login(page, *JAN)
    _open_portfolio(page)
    expect(page.get_by_text("U bedient nog geen klanten met Visma Financial Overview.")) \
        .to_be_visible()
    expect(page.get_by_text("De Bloemenhoek BV")).to_have_count(0)
