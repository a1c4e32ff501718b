"""Kasstroom and Kengetallen in the browser, for the demo client with imported figures, at
1280 and 375 px: the statement adds up on screen, the waterfall has its table, a month can be
chosen; the accountant's choice of key figures reaches the dashboard's tiles."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client

ADVISOR2 = ("advisor2@demo-accountants.example", "Demo-Advisor-2026")


def _euros(text: str) -> Decimal:
    """"€ -1.234,56" as a number."""
    cleaned = text.replace("\u00a0", " ").replace("€", "").replace(" ", "")
    return Decimal(cleaned.replace(".", "").replace(",", "."))


def _amount(page: Page, label: str) -> Decimal:
    row = page.locator("table.statement tr").filter(
        has=page.get_by_text(label, exact=True)).first
    return _euros(row.locator("td.num").first.inner_text())


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_kasstroom_adds_up_at_desk_and_phone_width(page: Page, app_db):
    with session_scope(app_db) as s:
        dem = s.exec(select(Client.id).where(Client.number == "DEM")).one()
    login(page, *ADVISOR2)
    page.goto(f"/klanten/{dem}/financial-overview")
    wait_for_hydration(page)
    page.get_by_role("link", name="Kasstroom").first.click()
    expect(page).to_have_url(re.compile(r"/kasstroom"))
    expect(page.get_by_role("heading", name="Kasstroom – De Bloemenhoek BV")).to_be_visible()
    expect(page.get_by_test_id("reconciles")).to_be_visible()
    expect(page.get_by_test_id("not-reconciled")).to_have_count(0)
    for label in ("Resultaat", "Afschrijvingen", "Mutatie debiteuren", "Mutatie crediteuren"):
        expect(page.locator("table.statement").get_by_text(label, exact=True)).to_be_visible()
    change = _amount(page, "Mutatie liquide middelen")
    opening = _amount(page, "Liquide middelen begin periode")
    closing = _amount(page, "Liquide middelen einde periode")
    assert closing - opening == change
    totals = [_euros(t) for t in page.locator("table.statement tr.stmt-total td.num")
              .all_inner_texts()[0::2]]
    assert sum(totals[:-1]) == change  # the sections add up to the change in cash
    expect(page.get_by_role("heading", name="Waar is het geld gebleven")).to_be_visible()
    expect(page.locator(".recharts-surface").first).to_be_visible()
    page.get_by_text("Toon als tabel").first.click()
    steps = page.locator("details.chart-data table tbody tr")
    expect(steps.first).to_contain_text("Beginsaldo")
    expect(steps.last).to_contain_text("Eindsaldo")
    screenshot(page, "kasstroom-1280")

    # one month instead of the year to date: wait for the month's figures, not just its URL
    opening_cell = page.locator("table.statement tr").filter(
        has=page.get_by_text("Liquide middelen begin periode", exact=True)).first.locator("td.num").first
    year_opening = opening_cell.inner_text()
    page.get_by_label("Periode", exact=True).select_option(index=2)
    expect(page).to_have_url(re.compile(r"periode=2"))
    expect(opening_cell).not_to_have_text(year_opening)
    expect(page.get_by_test_id("reconciles")).to_be_visible()
    month_change = _amount(page, "Mutatie liquide middelen")
    assert _amount(page, "Liquide middelen einde periode") - _amount(
        page, "Liquide middelen begin periode") == month_change

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/klanten/{dem}/financial-overview/kasstroom")
    wait_for_hydration(page)
    expect(page.get_by_test_id("reconciles")).to_be_visible()
    expect(page.get_by_role("heading", name="Waar is het geld gebleven")).to_be_visible()
    _fits(page, 375)
    screenshot(page, "kasstroom-375")


def test_chosen_key_figures_reach_the_dashboard(page: Page, app_db):
    with session_scope(app_db) as s:
        dem = s.exec(select(Client.id).where(Client.number == "DEM")).one()
    login(page, *ADVISOR2)
    page.goto(f"/klanten/{dem}/financial-overview/kengetallen")
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Kengetallen – De Bloemenhoek BV")).to_be_visible()
    card = page.get_by_role("article", name="Quick ratio", exact=True)
    expect(card).to_contain_text("Formule:")
    card.get_by_label("Op het dashboard").check()
    card.get_by_label("Signaalgrens").fill("veel")
    page.get_by_role("button", name="Opslaan").first.click()
    expect(card.get_by_text("De signaalgrens van Quick ratio is geen getal")).to_be_visible()
    expect(card.get_by_label("Signaalgrens")).to_have_value("veel")  # nothing is lost
    card.get_by_label("Signaalgrens").fill("0,5")
    page.get_by_role("button", name="Opslaan").first.click()
    expect(page.get_by_text("De kengetallen van het dashboard zijn opgeslagen.")).to_be_visible()
    screenshot(page, "kengetallen-1280")
    page.get_by_role("link", name="Terug naar het dashboard").click()
    expect(page).to_have_url(re.compile(r"/financial-overview$"))
    wait_for_hydration(page)
    tile = page.get_by_role("article", name="Quick ratio", exact=True)
    expect(tile).to_be_visible()
    expect(tile).to_contain_text(re.compile(r"per \d\d-\d\d-\d{4}"))
    expect(page.get_by_text("Laden…")).to_have_count(0)
    tile.scroll_into_view_if_needed()
    screenshot(page, "dashboard-tiles-1280")
    expect(tile).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/klanten/{dem}/financial-overview/kengetallen")
    wait_for_hydration(page)
    expect(page.get_by_role("article", name="Quick ratio", exact=True)).to_be_visible()
    _fits(page, 375)
    screenshot(page, "kengetallen-375")
