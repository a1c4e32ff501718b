"""The pages on a phone (375 px) and a computer (1280 px): the compact header with its Menu
button worked by keyboard, the skip link, every amount of the Proef- en saldibalans, the
budget grid and Klanten in sight, and charts with euro axes, every month and a table view.

Each page is photographed at both widths (screenshots/layout-*.png)."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from tests.e2e.test_gegevens_bijwerken import BANANA
from tests.e2e.test_wie_kan_onze_cijfers_zien import _advisor, _bse_with_financial_overview
from vfo_app import routes
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client
from vfo_app.domain.overview import figures
from vfo_app.domain.xaf.importer import import_auditfile

ADVISOR = ("advisor@demo-accountants.example", "Demo-Advisor-2026")
FRANS = ("frans.jansen@bsevents.example", "Demo-Klant-2026")
PHONE = {"width": 375, "height": 800}
WIDE = {"width": 1280, "height": 800}


def _dem(app_db) -> int:
    """De Bloemenhoek BV: the demo client with the figures of 2018."""
    with session_scope(app_db) as s:
        return s.exec(select(Client.id).where(Client.number == "DEM")).one()


def _bse_with_figures(app_db) -> int:
    """BS Events BV with Financial Overview active and a year of figures, for Frans."""
    client_id = _bse_with_financial_overview(app_db)
    with session_scope(app_db) as s:
        if not figures.fiscal_years(s, client_id):
            report = import_auditfile(s, _advisor(s), client_id, BANANA,
                                      accept_other_company=True)
            assert report.ok, report.errors
    return client_id


def _open(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state()
    wait_for_hydration(page)


def _no_wider_than_the_window(page: Page) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _inside(box: dict, left: float, right: float) -> bool:
    return box is not None and box["x"] >= left - 0.5 and box["x"] + box["width"] <= right + 0.5


def _all_in_sight(cells: Locator, right: float) -> None:
    """Every cell lies within the window, without scrolling sideways."""
    count = cells.count()
    assert count > 0
    for i in range(count):
        box = cells.nth(i).bounding_box()
        assert _inside(box, 0, right), (i, cells.nth(i).inner_text(), box)


def test_phone_header_menu_and_skip_link_by_keyboard(page: Page):
    page.set_viewport_size(PHONE)
    login(page, *ADVISOR)
    _open(page, "/klanten")
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= 64, header  # one bar, not three rows of links
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    _no_wider_than_the_window(page)
    screenshot(page, "layout-klanten-375")

    # the first Tab shows the skip link; Enter moves to the content
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    assert _inside(skip.bounding_box(), 0, 375)
    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()

    # the Menu button opens the menu with the keyboard; Esc closes it and gives focus back
    button = page.get_by_role("button", name="Menu")
    button.focus()
    page.keyboard.press("Enter")
    menu = page.get_by_role("menu")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("menuitem", name="Klanten")).to_be_focused()
    for label in ("Diensten", "Beveiliging", "API-sleutels", "Bedrijven", "Mijn account",
                  "Uitloggen"):
        expect(menu.get_by_role("menuitem", name=label)).to_be_visible()
    assert ">" not in menu.inner_text()
    screenshot(page, "layout-menu-375")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    # the arrow keys walk down to Diensten; Enter opens it
    page.keyboard.press("Enter")
    expect(menu.get_by_role("menuitem", name="Klanten")).to_be_focused()
    diensten = menu.get_by_role("menuitem", name="Diensten")
    # as many steps as the menu has items: it grows with what waits (Vragen, Meldingen, ...)
    for _ in range(menu.get_by_role("menuitem").count()):
        if diensten.evaluate("e => e === document.activeElement"):
            break
        focused = page.evaluate_handle("() => document.activeElement")
        page.keyboard.press("ArrowDown")  # the menu may move the focus a moment later
        page.wait_for_function("before => document.activeElement !== before", arg=focused)
    expect(diensten).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/instellingen/diensten$"))
    expect(page.get_by_role("heading", name="Diensten", level=1)).to_be_visible()

    # at 1280 the menu is in the bar itself, without ">" in its labels
    page.set_viewport_size(WIDE)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    assert ">" not in nav.inner_text()
    settings = nav.get_by_role("button", name="Instellingen")
    settings.focus()  # the settings are one button, its menu opened by keyboard
    page.keyboard.press("Enter")
    expect(page.get_by_role("menuitem", name="API-sleutels")).to_be_visible()
    screenshot(page, "layout-instellingen-1280")
    page.keyboard.press("Escape")
    expect(settings).to_be_focused()
    assert page.locator("header.topbar").bounding_box()["height"] <= 64  # one row here too
    screenshot(page, "layout-diensten-1280")


def test_trial_balance_shows_every_amount_on_a_phone_and_wide(page: Page, app_db):
    dem = _dem(app_db)
    login(page, *ADVISOR)
    _open(page, f"/klanten/{dem}/financial-overview/proefbalans")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Proef- en saldibalans – De Bloemenhoek BV")
    region = page.get_by_role("region", name="Proef- en saldibalans")
    expect(region).to_have_attribute("tabindex", "0")
    # 1280: Eindsaldo and its amounts lie inside the window, nothing to scroll
    expect(region.get_by_role("columnheader", name="Eindsaldo")).to_be_visible()
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth")
    _all_in_sight(region.locator("tbody tr:nth-child(-n+8) td.num"), 1280)
    expect(page.get_by_role("link", name="Terug naar het dashboard")).to_be_visible()
    screenshot(page, "layout-proefbalans-1280")

    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    _no_wider_than_the_window(page)
    _all_in_sight(region.locator("tbody tr:nth-child(-n+8) td.num"), 375)
    _all_in_sight(region.locator("tfoot td.num"), 375)
    # each amount says what it is
    expect(region.get_by_role("row", name=re.compile(r"^0220 Computers .*Eindsaldo € 661,16")))\
        .to_be_visible()
    screenshot(page, "layout-proefbalans-375")


def test_budget_grid_shows_the_whole_year(page: Page, app_db):
    dem = _dem(app_db)
    login(page, *ADVISOR)
    _open(page, f"/klanten/{dem}/financial-overview/budget")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Budget \d{4}$"))
    region = page.get_by_role("region", name="Budget per maand")
    expect(region).to_have_attribute("tabindex", "0")
    screenshot(page, "layout-budget-1280")
    december = page.get_by_label(re.compile(r"^Netto-omzet dec"))
    year = page.get_by_label("Netto-omzet jaar", exact=True)
    for field in (december, year):
        assert _inside(field.bounding_box(), 0, 1280), field
    # September to December too, without scrolling
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth"), \
        region.evaluate("e => [e.scrollWidth, e.clientWidth]")

    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    _no_wider_than_the_window(page)
    _all_in_sight(region.locator("tbody tr:first-child input"), 375)  # 12 months and the year
    expect(region.locator("tbody tr:first-child label", has_text="dec")).to_be_visible()
    screenshot(page, "layout-budget-375")


def test_klanten_and_client_tabs_on_a_phone(page: Page, app_db):
    dem = _dem(app_db)
    page.set_viewport_size(PHONE)
    login(page, *ADVISOR)
    _open(page, "/klanten")
    rows = page.locator("table.clients-table tbody tr")
    expect(rows.first).to_be_visible()
    _all_in_sight(page.locator("table.clients-table tbody tr:nth-child(-n+6) td:visible"), 375)
    # sorting stays possible on the phone: the sort buttons stay above the cards
    header = page.get_by_role("columnheader", name=re.compile("^Naam"))
    before = header.get_attribute("aria-sort")
    page.get_by_role("button", name=re.compile("^Naam")).click()
    expect(header).to_have_attribute(
        "aria-sort", "descending" if before == "ascending" else "ascending")

    _open(page, f"/klanten/{dem}")
    tabs = page.get_by_role("tablist", name="Klantgegevens")
    first, last = tabs.get_by_role("tab").first, tabs.get_by_role("tab").last
    assert abs(first.bounding_box()["y"] - last.bounding_box()["y"]) < 2  # one row
    _no_wider_than_the_window(page)
    first.focus()  # the arrow keys move along the row, which scrolls the tab into sight
    page.keyboard.press("ArrowRight")
    expect(tabs.get_by_role("tab").nth(1)).to_be_focused()
    page.keyboard.press("End")
    expect(last).to_be_focused()
    page.keyboard.press("Enter")
    expect(last).to_have_attribute("aria-selected", "true")
    assert _inside(last.bounding_box(), 0, 375)
    expect(page.get_by_role("link", name="Terug naar Klanten")).to_be_visible()
    screenshot(page, "layout-klant-375")
    page.set_viewport_size(WIDE)
    screenshot(page, "layout-klant-1280")


def _chart_checks(page: Page, width: int) -> None:
    chart = page.get_by_role("region", name="Omzet en kosten per maand", exact=True)
    expect(chart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").first) \
        .to_be_visible()
    y_ticks = chart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value") \
        .all_text_contents()
    assert y_ticks and all(re.fullmatch(r"€\s-?[\d.]+( mln)?|€\s-?\d+(,\d)? mln", t)
                           for t in y_ticks), y_ticks
    x_ticks = chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value") \
        .all_text_contents()
    assert len(x_ticks) == 12, (width, x_ticks)  # every month, also on a phone
    caption = chart.locator("figcaption")
    expect(caption).to_contain_text(re.compile(r"Omzet: hoogst in \w+ \(€"))
    chart.get_by_text("Toon als tabel").click()
    table = chart.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(12)
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text(re.compile(r"^€"))


def test_dashboard_charts_speak_euros_and_the_client_sees_figures_first(
        page: Page, second_page: Page, app_db):
    dem = _dem(app_db)
    _bse_with_figures(app_db)
    login(page, *ADVISOR)
    _open(page, f"/klanten/{dem}/financial-overview")
    expect(page.get_by_role("heading", name="Omzet en kosten per maand")).to_be_visible()
    _chart_checks(page, 1280)
    screenshot(page, "layout-dashboard-1280")
    page.set_viewport_size(PHONE)
    page.reload()
    wait_for_hydration(page)
    _chart_checks(page, 375)
    _no_wider_than_the_window(page)
    screenshot(page, "layout-dashboard-375")

    # a client user on a phone: the first thing after the period is a figure
    phone = second_page
    login(phone, *FRANS)
    _open(phone, "/online/diensten")
    tile = phone.get_by_role("article", name="Visma Financial Overview")
    tile.get_by_role("link", name="Visma Financial Overview openen").click()
    wait_for_hydration(phone)
    kpi = phone.locator("article.kpi").first
    expect(kpi).to_be_visible()
    first_button = phone.locator("main button").first
    assert kpi.bounding_box()["y"] < first_button.bounding_box()["y"]
    assert kpi.bounding_box()["y"] < 400  # in the first screenful, under the period
    _no_wider_than_the_window(phone)
    screenshot(phone, "layout-client-dashboard-375")


def test_terms_page_has_a_way_back(page: Page):
    page.set_viewport_size(PHONE)
    _open(page, "/voorwaarden/financial-overview")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Algemene voorwaarden Visma Financial Overview")
    expect(page.get_by_role("link", name="Terug naar de startpagina")).to_be_visible()
    screenshot(page, "layout-voorwaarden-375")


def test_the_other_pages_fit_a_phone_and_a_computer(page: Page, second_page: Page, app_db):
    """Drill-down, Logboek, a service, Klanten, the terms and Wie kan onze cijfers zien: no
    page wider than the window, one h1, and the way back where a page is reached from another;
    photographed at both widths."""
    dem = _dem(app_db)
    _bse_with_figures(app_db)
    login(page, *ADVISOR)
    pages = [
        ("klanten", routes.CLIENTS, ""),
        ("rekeningen", routes.overview_accounts_url(dem, 2018, "omzet", upto=11),
         "Terug naar het dashboard"),
        ("rekening", routes.overview_account_url(dem, "8100", 2018), "Terug naar Netto-omzet"),
        ("logboek", routes.client_audit_url(dem), "Terug naar de klant"),
        ("dienst-nieuw", routes.SETTINGS_SERVICE_NEW, "Terug naar Diensten"),
        ("voorwaarden", routes.TERMS, "Terug naar de startpagina"),
    ]
    for name, path, back in pages:
        for size in (WIDE, PHONE):
            page.set_viewport_size(size)
            _open(page, path)
            expect(page.get_by_role("heading", level=1)).to_have_count(1)
            if back:
                expect(page.get_by_role("link", name=back)).to_be_visible()
            _no_wider_than_the_window(page)
            screenshot(page, f"layout-{name}-{size['width']}")

    frans = second_page
    login(frans, *FRANS)
    for size in (PHONE, WIDE):
        frans.set_viewport_size(size)
        _open(frans, routes.ONLINE_WHO_SEES)
        expect(frans.get_by_role("heading", level=1)).to_have_text("Wie kan onze cijfers zien")
        _no_wider_than_the_window(frans)
        screenshot(frans, f"layout-wie-kan-onze-cijfers-zien-{size['width']}")
