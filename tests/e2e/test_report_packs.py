"""Rapportages end to end, one story with the real SMTP test server: the accountant composes a
month's pack at 1280 px (a text with a live number, an unknown placeholder refused in Dutch)
and publishes it after the confirmation; the company's user receives the mail, follows its
link on a 375 px phone and reads the pack, then asks a question on Omzet (an empty one first:
the reason beside the field, the dialog stays open); the accountant receives it by e-mail,
finds it under Vragen (from Meldingen) and answers; the user hears of it and sees the answer
beside Omzet, as the accountant does on the client's dashboard; a re-import changes the
published month and the user sees "Deze cijfers zijn gewijzigd sinds de rapportage van ..."
with the old and new figure and the difference, on the phone without scrolling sideways and
at 1280 px as a table; the accountant sees the pack waiting under Rapportages.

The client, its company and the user are made through the domain when missing, so the test
does not depend on what other tests did. The re-import goes through the domain as the
command line does (the upload page has its own e2e)."""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlparse

from playwright.sync_api import Page, expect

from tests.e2e.conftest import login, mail_saying, open_page, screenshot, wait_for_hydration
from tests.e2e.test_gegevens_bijwerken import ADVISOR
from tests.e2e.test_overview_story import _activation_token, _advisor, _client
from tests.integration.test_report_packs import _rent_raised
from vfo_app.domain.db import session_scope
from vfo_app.domain.online import activation, products, users
from vfo_app.domain.online.users import UserInput
from vfo_app.domain.xaf.importer import import_auditfile

PASSWORD = "Rapport-Per-Maand-2026"
TEXT = "Uw omzet in {periode} was {omzet}."
QUESTION = "Waarom is de omzet deze maand lager dan vorig jaar?"
ANSWER = "Een grote order is pas in de maand erna gefactureerd; over het jaar ligt u op koers."


def _new_client(app_db) -> tuple[int, int, str]:
    """A client of its own for this run (Rapportwerk BV, with Financial Overview and the
    Banana figures) and its first user Rik (so its Beheerder) with Financial Overview:
    (client id, company id, e-mail). Each run makes its own, so a second run starts without
    packs."""
    suffix = secrets.token_hex(3)
    reader = f"rik.{suffix}@rapportwerk.example"
    with session_scope(app_db) as s:
        actor = _advisor(s)
        client_id, company_id = _client(s, actor, number=f"RP{suffix}",
                                        name="Rapportwerk BV",
                                        kvk=str(10_000_000 + secrets.randbelow(89_999_999)),
                                        product=products.FINANCIAL_OVERVIEW)
        users.create_user(s, actor, company_id=company_id, data=UserInput(
            email=reader, first_name="Rik", last_name="Rapport", role="beheerder",
            products=(products.FINANCIAL_OVERVIEW,)))
        s.flush()
        activation.activate(s, token=_activation_token(s, reader), password=PASSWORD,
                            password_repeat=PASSWORD, accept_terms=True)
    return client_id, company_id, reader


def test_compose_publish_read_ask_answer_and_see_a_restatement(
        page: Page, second_page: Page, app_db, mail_catcher, tmp_path):
    client_id, company_id, reader = _new_client(app_db)

    # the accountant at 1280: from the dashboard to Rapportages, a new pack for October
    login(page, *ADVISOR)
    open_page(page, f"/klanten/{client_id}/financial-overview")
    page.get_by_role("navigation", name="Financial Overview") \
        .get_by_role("link", name="Rapportages", exact=True).click()
    expect(page.get_by_role("heading", name="Rapportages", exact=True)).to_be_visible()
    wait_for_hydration(page)
    page.get_by_label("Soort").select_option("month")
    page.get_by_label("Periode t/m").select_option(label="okt 2018")
    screenshot(page, "packs-client-1280")
    page.get_by_role("button", name="Rapportage maken").click()
    expect(page.get_by_role("heading", name="Maandrapportage okt 2018")).to_be_visible()
    wait_for_hydration(page)
    expect(page.get_by_text("Concept: alleen zichtbaar voor uw kantoor")).to_be_visible()

    # an unknown placeholder is refused in Dutch, beside the field; nothing is lost
    text = page.get_by_label("Tekst van de toelichting", exact=True)
    text.fill("De {winst} steeg.")
    page.wait_for_timeout(600)  # the field's debounce
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("{winst} bestaat niet.", exact=False)).to_be_visible()
    expect(text).to_have_value("De {winst} steeg.")
    text.fill(TEXT)
    page.wait_for_timeout(600)
    page.get_by_role("button", name="Bewaren").click()
    expect(page.get_by_text("Bewaard.")).to_be_visible()
    preview = page.locator("section.pack-part", has_text="Toelichting van uw accountant")
    expect(preview.get_by_text(re.compile(r"Uw omzet in okt 2018 was €\s-?[\d.]+\."))).to_be_visible()
    screenshot(page, "pack-compose-1280")

    # Publiceren asks first, then locks the version
    page.get_by_role("button", name="Publiceren").click()
    confirm = page.get_by_role("alertdialog", name="Rapportage publiceren?")
    expect(confirm).to_be_visible()
    screenshot(page, "pack-publish-confirm-1280")
    confirm.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("Versie 1 is gepubliceerd.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Gepubliceerd op \d\d-\d\d-\d{4} \(versie 1\)")))\
        .to_be_visible()

    # Rik's mail, over SMTP, with the link to this version
    body, html = mail_saying(mail_catcher, reader, "Maandrapportage okt 2018")
    link = next(w for w in body.split() if "/rapportages/" in w)
    assert f"/online/bedrijven/{company_id}/rapportages/" in link and "Rapportwerk BV" in body
    assert "Lees de rapportage" in html

    # Rik on a phone follows the link and reads the pack
    phone = second_page
    phone.set_viewport_size({"width": 375, "height": 800})
    login(phone, reader, PASSWORD)
    open_page(phone, urlparse(link).path)
    expect(phone.get_by_role("heading", name="Maandrapportage okt 2018")).to_be_visible()
    expect(phone.get_by_role("heading", name="Kengetallen")).to_be_visible()
    expect(phone.get_by_role("heading", name="Winst-en-verliesrekening")).to_be_visible()
    expect(phone.get_by_text(re.compile(r"Uw omzet in okt 2018 was €\s-?[\d.]+\."))).to_be_visible()
    expect(phone.get_by_text("Deze cijfers zijn gewijzigd", exact=False)).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "pack-read-375")

    # from the pack to the dashboard, where Rik asks about Omzet: an empty question first
    phone.get_by_role("link", name="Terug naar Rapportages").click()
    expect(phone.get_by_role("link", name="Maandrapportage okt 2018")).to_be_visible()
    phone.get_by_role("link", name="Terug naar Financial Overview").click()
    omzet = phone.get_by_role("article", name="Omzet", exact=True)
    expect(omzet).to_be_visible()
    wait_for_hydration(phone)
    omzet.get_by_role("button", name="Vraag over dit cijfer: Omzet").click()
    dialog = phone.get_by_role("dialog", name="Vraag over Omzet")
    field = dialog.get_by_label("Uw vraag", exact=True)
    expect(field).to_be_focused()
    dialog.get_by_role("button", name="Versturen").click()
    expect(dialog.get_by_role("alert")).to_have_text("Schrijf uw vraag.")
    expect(field).to_have_attribute("aria-invalid", "true")
    field.fill(QUESTION)
    screenshot(phone, "figure-question-dialog-375")
    dialog.get_by_role("button", name="Versturen").click()
    expect(dialog).to_have_count(0)
    expect(omzet.get_by_text(QUESTION)).to_be_visible()
    expect(omzet.get_by_text("Wacht op antwoord")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "figure-question-asked-375")

    # the service owner's e-mail; Meldingen > Vragen van klanten, and the answer
    body, html = mail_saying(mail_catcher, ADVISOR[0], QUESTION)
    assert "Rik Rapport" in body and "Omzet" in html and "/vragen" in body
    open_page(page, "/meldingen")
    page.get_by_role("link", name="Vragen van klanten").click()
    expect(page.get_by_role("heading", name="Vragen", exact=True)).to_be_visible()
    wait_for_hydration(page)
    thread = page.locator("article", has_text=QUESTION)
    expect(thread.get_by_text("Wacht op antwoord")).to_be_visible()
    thread.get_by_label("Antwoord", exact=True).fill(ANSWER)
    thread.get_by_role("button", name="Antwoord versturen: Omzet, Rapportwerk BV").click()
    expect(thread.get_by_text(ANSWER)).to_be_visible()
    expect(thread.get_by_text("Beantwoord")).to_be_visible()
    screenshot(page, "figure-question-answered-1280")

    # Rik hears of it and reads the answer beside Omzet
    body, _ = mail_saying(mail_catcher, reader, ANSWER)
    assert "Omzet" in body
    phone.reload()
    wait_for_hydration(phone)
    omzet = phone.get_by_role("article", name="Omzet", exact=True)
    expect(omzet.get_by_text(ANSWER)).to_be_visible()
    expect(omzet.get_by_text("Antwoord van Demo Advisor", exact=False)).to_be_visible()
    expect(omzet.get_by_text("Wacht op antwoord")).to_have_count(0)
    omzet.scroll_into_view_if_needed()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "figure-question-answer-375")

    # the accountant follows the thread to the client's dashboard: the thread, no button
    thread.get_by_role("link", name="Rapportwerk BV").click()
    expect(page.get_by_role("heading", name="Visma Financial Overview – Rapportwerk BV")) \
        .to_be_visible()
    wait_for_hydration(page)
    theirs = page.get_by_role("article", name="Omzet", exact=True)
    expect(theirs.get_by_text(ANSWER)).to_be_visible()
    expect(theirs.get_by_role("button", name="Vraag over dit cijfer: Omzet")).to_have_count(0)
    # the dashboard was seen before in this tab: its parts load with its own route, no error
    expect(page.get_by_text("U hebt geen toegang tot deze gegevens.")).to_have_count(0)
    screenshot(page, "figure-question-dashboard-1280")

    # a re-import books October's rent at € 700 instead of € 650
    with session_scope(app_db) as s:
        report = import_auditfile(s, _advisor(s), client_id, _rent_raised(tmp_path),
                                  accept_other_company=True)
        assert report.ok, report.errors

    open_page(phone, urlparse(link).path)
    # the question and its answer stay with the period: the pack shows them
    expect(phone.get_by_role("region", name="Vragen over deze periode")
           .get_by_text(ANSWER)).to_be_visible()
    notice = phone.get_by_role("status").filter(has_text="Deze cijfers zijn gewijzigd")
    expect(notice.get_by_role("heading", name=re.compile(
        r"Deze cijfers zijn gewijzigd sinds de rapportage van \d\d-\d\d-\d{4}"))).to_be_visible()
    rent = notice.get_by_role("row").filter(has_text="Overige bedrijfskosten").first
    difference = rent.get_by_role("cell").last
    expect(difference).to_have_text(re.compile(r"^€\s-50,00$"))
    # a card per line on the phone: the difference in sight without scrolling sideways
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    box = difference.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    notice.scroll_into_view_if_needed()
    screenshot(phone, "pack-restated-375")
    phone.set_viewport_size({"width": 1280, "height": 900})
    expect(notice.get_by_role("columnheader", name="Verschil")).to_be_visible()
    screenshot(phone, "pack-restated-1280")
    phone.set_viewport_size({"width": 375, "height": 800})

    # the list says so too, and the accountant finds the pack waiting under Rapportages
    open_page(phone, f"/online/bedrijven/{company_id}/rapportages")
    expect(phone.get_by_text("De cijfers zijn sindsdien gewijzigd.")).to_be_visible()
    screenshot(phone, "packs-company-375")
    open_page(page, "/rapportages")
    waiting = page.get_by_role("row").filter(has_text="Rapportwerk BV").first
    expect(waiting.get_by_text("Cijfers gewijzigd")).to_be_visible()
    screenshot(page, "packs-review-1280")
    page.set_viewport_size({"width": 1280, "height": 900})
    open_page(page, f"/klanten/{client_id}/financial-overview/rapportages")
    page.get_by_role("link", name="Maandrapportage okt 2018").click()
    expect(page.get_by_role("heading", name="Deze cijfers zijn gewijzigd sinds de laatste "
                                            "publicatie")).to_be_visible()
    screenshot(page, "pack-restated-office-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "pack-restated-office-375")
