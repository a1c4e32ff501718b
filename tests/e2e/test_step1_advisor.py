"""Step 1 of the procedure, "Voorbereidend werk in Visma Advisor", as an accountant does it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login, screenshot, wait_for_hydration

PASSWORD = "Demo-Advisor-2026"
ADVISOR = "advisor@demo-accountants.example"


def _goto(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state()
    wait_for_hydration(page)


def _fill(page: Page, values: dict[str, str]) -> None:
    for label, value in values.items():
        field = page.get_by_label(label, exact=True)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)


def test_step_1_client_service_and_access(page: Page):
    login(page, ADVISOR, PASSWORD)

    # Klanten > Nieuw: a client with the seed's fields
    _goto(page, "/klanten")
    page.get_by_role("link", name="Nieuw", exact=True).click()
    expect(page.get_by_role("heading", name="Nieuwe klant")).to_be_visible()
    wait_for_hydration(page)
    _fill(page, {
        "Klantnummer": "EVT", "Naam": "Evenementen Oost BV", "KvK-nummer": "87654321",
        "Rechtsvorm": "BV", "Accountmanager": "Demo Advisor", "Adres": "Stationsplein 5",
        "Postcode": "7511jd", "Plaats": "Enschede", "Land": "Nederland", "Telefoon": "053-1234567",
        "BTW-nr": "NL004495445B01", "Kredietlimiet": "2.500,00", "Voornaam": "Eva",
        "Achternaam": "Oost", "E-mail": "eva@evenementen-oost.example",
        "E-mail bedrijf": "info@evenementen-oost.example",
    })
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name="Klant - EVT Evenementen Oost BV")).to_be_visible()
    client_url = page.url.split("?")[0]
    overview = page.get_by_role("tabpanel", name="Overzicht")
    expect(overview.get_by_text("7511 JD Enschede")).to_be_visible()
    expect(overview.get_by_text("Eva Oost")).to_be_visible()

    # Instellingen > Diensten > Nieuw: "Financial Overview" with activity 90 (Prijs per uur)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("button", name="Instellingen") \
        .click()
    page.get_by_role("menuitem", name="Diensten", exact=True).click()
    expect(page).to_have_url(re.compile(r"/instellingen/diensten/?$"))
    wait_for_hydration(page)
    page.get_by_role("link", name="Nieuw", exact=True).click()
    wait_for_hydration(page)
    _fill(page, {"Code": "FO", "Naam": "Financial Overview", "Periode": "Maand"})
    if page.get_by_label("Code activiteit 1", exact=True).count() == 0:
        page.get_by_role("button", name="Activiteiten toevoegen").click()
    _fill(page, {"Code activiteit 1": "90", "Naam activiteit 1": "Financial Overview"})
    page.get_by_label("Prijs per uur activiteit 1", exact=True).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("cell", name="Financial Overview").first).to_be_visible()
    screenshot(page, "step1-diensten")

    # Client > Diensten > Nieuw: owner Demo Advisor, participant Demo Advisor 2
    _goto(page, client_url + "?tab=diensten")
    panel = page.get_by_role("tabpanel", name="Diensten")
    panel.get_by_role("button", name="Nieuw", exact=True).click()
    _fill(page, {"Dienst": "Financial Overview", "Diensteigenaar": "Demo Advisor"})
    if page.get_by_label("Medewerker 1", exact=True).count() == 0:
        page.get_by_role("button", name="Medewerker toevoegen").click()
    _fill(page, {"Medewerker 1": "Demo Advisor 2"})
    page.get_by_role("button", name="Opslaan").click()

    access = page.get_by_role("list", name="Toegang tot Financial Overview")
    expect(access.get_by_text("Diensteigenaar van Financial Overview")).to_be_visible()
    expect(access.get_by_text("Deelnemer van Financial Overview")).to_be_visible()
    expect(access.get_by_text("Demo Advisor 2")).to_be_visible()
    screenshot(page, "step1-toegang")


def test_a_rejected_client_form_keeps_what_was_typed(page: Page):
    login(page, ADVISOR, PASSWORD)
    _goto(page, "/klanten/nieuw")
    _fill(page, {"Klantnummer": "BSE", "Naam": "Dubbel BV", "KvK-nummer": "1234",
                 "Postcode": "ABCD", "Land": "Nederland", "Voornaam": "Piet",
                 "Achternaam": "Dubbel", "E-mail": "geen-adres", "BTW-nr": "NL123"})
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("Het KvK-nummer bestaat uit precies 8 cijfers.")).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="klantnummer")).to_be_visible()
    expect(page.get_by_label("Naam", exact=True)).to_have_value("Dubbel BV")
    expect(page.get_by_label("Postcode", exact=True)).to_have_value("ABCD")
    expect(page.get_by_label("E-mail", exact=True)).to_have_value("geen-adres")
    expect(page).to_have_url(re.compile(r"/klanten/nieuw/?$"))
    screenshot(page, "step1-afgewezen")
