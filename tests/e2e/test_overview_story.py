"""The Financial Overview story end to end: the accountant imports a real export (Exact Online) for BS
Events BV in the browser, with the progress bar, opens the dashboard and the reports and writes
a comment; Sophie Mulder, BS Events' user with Visma Financial Overview, opens it from Mijn
diensten on a phone and sees the same figures and the comment, without the page being wider
than the phone; a Starter client shows the dashboard and trends only.

What the story stands on (the active collaboration, Sophie's activated account, the Starter
client) is made through the domain when missing, so the test does not depend on what other
tests did; the Online users test makes Sophie through the browser itself."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from tests.e2e.test_gegevens_bijwerken import ADVISOR, BANANA
from tests.e2e.test_online_users import PASSWORD as SOPHIE_PASSWORD
from tests.e2e.test_online_users import SOPHIE, ensure_active_collaboration
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client, Company, CompanyMember, Identity, Office, OutboxMessage
from vfo_app.domain.online import activation, products, users
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online.users import UserInput
from vfo_app.domain.xaf.importer import import_auditfile

EXACT = Path(__file__).parent.parent / "fixtures" / "xaf" / "koenderks__rxaf__ExactOnline.xaf"
COMMENT = "De omzet groeide door twee nieuwe klanten; de liquide middelen zijn ruim voldoende."


def _advisor(s) -> Actor:
    office = s.exec(select(Office).where(Office.name == "Demo Accountants")).one()
    advisor = s.exec(select(Identity).where(Identity.email == ADVISOR[0])).one()
    return Actor(identity_id=advisor.id, email=advisor.email, name=advisor.full_name,
                 office_id=office.id, office_name=office.name, office_role=OFFICE_ROLE_BEHEERDER)


def _client(s, actor: Actor, *, number: str, name: str, kvk: str, product: str) -> tuple[int, int]:
    """A new client with Boekhouding owned by the advisor, the product active (a new company),
    and the Banana export's figures; returns (client id, company id)."""
    form = {**client_form_defaults(s, actor), "number": number, "name": name, "kvk_number": kvk,
            "legal_form": "BV", "country": "Nederland", "address": "Verhaalstraat 1",
            "postcode": "1011 AB", "city": "Amsterdam", "account_manager_id": str(actor.identity_id),
            "contact_first_name": "Eva", "contact_last_name": "Verhaal",
            "contact_email": f"info@{number.lower()}.example"}
    client = create_client(s, actor, ClientInput(**form))
    boekhouding = next(x for x in svc.list_services(s, actor) if x.code == "BH")
    link_id = svc.add_client_service(s, actor, client.id, boekhouding.id, actor.identity_id)
    terms = ({"invoice_recipient": "kantoor", "duration_months": 12}
             if product == products.FINANCIAL_OVERVIEW else {})
    collab = collabs.start(s, actor, client_id=client.id, product=product,
                           client_service_id=link_id, **terms)
    assert collab.state == collabs.State.ACTIVE.value
    report = import_auditfile(s, actor, client.id, BANANA, accept_other_company=True)
    assert report.ok, report.errors
    return client.id, collab.company_id


def _activation_token(s, email: str) -> str:
    mail = s.exec(select(OutboxMessage).where(OutboxMessage.to_email == email)
                  .order_by(OutboxMessage.id.desc())).first()
    link = next(w for w in mail.text_body.split() if "/activeren?token=" in w)
    return parse_qs(urlparse(link).query)["token"][0]


def _ensure_sophie(app_db) -> int:
    """Sophie Mulder, Beheerder of BS Events BV with Visma Financial Overview and her password
    set, as the Online users test leaves her; returns the BSE client id."""
    ensure_active_collaboration(app_db)
    with session_scope(app_db) as s:
        actor = _advisor(s)
        client = s.exec(select(Client).where(Client.office_id == actor.office_id,
                                             Client.number == "BSE")).one()
        company = s.exec(select(Company).where(Company.kvk_number == client.kvk_number)).one()
        sophie = s.exec(select(Identity).where(Identity.email == SOPHIE)).first()
        if sophie is None:
            users.create_user(s, actor, company_id=company.id, data=UserInput(
                email=SOPHIE, first_name="Sophie", last_name="Mulder", role="beheerder",
                products=(products.FINANCIAL_OVERVIEW,)))
        elif not sophie.password_hash:
            member = s.exec(select(CompanyMember).where(CompanyMember.company_id == company.id,
                                                        CompanyMember.identity_id == sophie.id)
                            ).one()
            users.resend_activation(s, actor, company_id=company.id, member_id=member.id)
        else:
            return client.id
        s.flush()
        activation.activate(s, token=_activation_token(s, SOPHIE), password=SOPHIE_PASSWORD,
                            password_repeat=SOPHIE_PASSWORD, accept_terms=True)
        return client.id


def _open(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state()
    wait_for_hydration(page)


def _kpi(page: Page, label: str) -> str:
    """A key figure's card as the reader sees it: the period, the comparison, the year to date."""
    card = page.get_by_role("article", name=label, exact=True)
    return " | ".join(card.locator(f".{part}").inner_text()
                      for part in ("kpi-value", "kpi-compare", "kpi-ytd"))


def _import_in_browser(page: Page, client_id: int) -> None:
    _open(page, f"/klanten/{client_id}/financial-overview/gegevens")
    expect(page.get_by_role("heading", name="Gegevens bijwerken – BS Events BV")).to_be_visible()
    page.get_by_label("Auditfile (XAF)").set_input_files(EXACT)
    expect(page.get_by_text(EXACT.name, exact=True)).to_be_visible()
    page.get_by_role("button", name="Inlezen").click()
    # the export is Toro Rosso BV's, not BS Events BV's: the accountant confirms it
    question = page.get_by_role("alertdialog", name="Bestand van een ander bedrijf")
    expect(question).to_contain_text("Dit bestand lijkt van Toro Rosso BV")
    question.get_by_role("button", name="Toch inlezen").click()
    bar = page.get_by_role("progressbar", name="Voortgang van de import")
    expect(bar).to_be_visible()
    report = page.get_by_role("region", name="Importverslag")
    expect(report.get_by_text("De auditfile is ingelezen.")).to_be_visible()
    expect(bar).to_have_attribute("value", "100")
    for label, value in (("Boekjaar", "2016"), ("Boekingsregels", "167"),
                         ("Grootboekrekeningen", "97")):
        expect(report.locator("dt", has_text=label).locator("+ dd")).to_have_text(value)
    screenshot(page, "overview-story-import-1280")
    page.get_by_role("link", name="Naar het dashboard").click()
    wait_for_hydration(page)


def test_the_story_from_accountant_to_client(page: Page, second_page: Page, app_db):
    client_id = _ensure_sophie(app_db)
    with session_scope(app_db) as s:
        starter_id, _ = _client(s, _advisor(s), number="VHS", name="Verhaal Starter BV",
                                kvk="77889901", product=products.FINANCIAL_OVERVIEW_STARTER)

    # the accountant: import with the progress bar, then dashboard, reports, a comment
    login(page, *ADVISOR)
    _import_in_browser(page, client_id)
    expect(page.get_by_role("heading", name="Visma Financial Overview – BS Events BV")) \
        .to_be_visible()
    for heading in ("Winst-en-verliesrekening", "Balans", "Omzet en kosten per maand"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    figures = {label: _kpi(page, label) for label in ("Omzet", "Nettoresultaat",
                                                       "Liquide middelen", "Solvabiliteit")}
    omzet = figures["Omzet"].replace("\u00a0", " ")
    assert re.match(r"€ -?[\d.]+ \|", omzet), figures
    # the export's 8xxx accounts (all revenue) credit € 213.180,24 net in 2016
    assert "Jaar tot nu: € 213.180 " in omzet, figures
    expect(page.get_by_role("cell", name="Netto-omzet", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Bedrijfsresultaat", exact=True)).to_be_visible()
    sides = [page.get_by_role("row", name=re.compile(f"^{total}")).locator("td").nth(1)
             .inner_text() for total in ("Totaal activa", "Totaal passiva")]
    assert sides[0] == sides[1] != "€ 0", sides  # the Balans balances, as shown

    section = page.get_by_role("region", name="Toelichting van uw accountant")
    section.get_by_label("Toelichting", exact=True).fill(COMMENT)
    section.get_by_label("Bij", exact=True).select_option(label="Omzet")
    section.get_by_role("button", name="Plaatsen").click()
    expect(section.get_by_text(COMMENT)).to_be_visible()
    expect(section.get_by_text("Demo Advisor", exact=False).first).to_be_visible()
    expect(section.get_by_label("Toelichting", exact=True)).to_have_value("")  # a fresh form
    screenshot(page, "overview-story-accountant-1280")

    # Sophie on a phone: Mijn diensten, the same figures, the comment, read-only
    phone = second_page
    login(phone, SOPHIE, SOPHIE_PASSWORD)
    _open(phone, "/online/diensten")
    tile = phone.get_by_role("article", name="Visma Financial Overview")
    tile.get_by_role("link", name="Visma Financial Overview openen").click()
    expect(phone.get_by_role("heading", name="Visma Financial Overview – BS Events BV")) \
        .to_be_visible()
    wait_for_hydration(phone)
    # another test of the run imports a later year for BS Events BV: the newest year opens,
    # so Sophie picks the year her accountant showed, as she would
    phone.get_by_label("Boekjaar", exact=True).select_option("2016")
    expect(phone.get_by_label("Boekjaar", exact=True)).to_have_value("2016")
    theirs = phone.get_by_role("region", name="Toelichting van uw accountant")
    expect(theirs.get_by_text(COMMENT)).to_be_visible()
    expect(theirs.get_by_role("button", name="Plaatsen")).to_have_count(0)
    expect(theirs.get_by_label("Toelichting", exact=True)).to_have_count(0)
    expect(theirs.get_by_role("button", name=re.compile("Bewerken|Verwijderen"))).to_have_count(0)
    assert {label: _kpi(phone, label) for label in figures} == figures
    phone.get_by_role("heading", name="Omzet en kosten per maand").scroll_into_view_if_needed()
    expect(phone.get_by_role("heading", name="Omzet en kosten per maand")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "overview-story-client-375")

    # Starter: the dashboard and the trends, no reports, no comments on reports
    _open(page, f"/klanten/{starter_id}/financial-overview")
    expect(page.get_by_role("heading", name=re.compile(r"Starter.*Verhaal Starter BV"))) \
        .to_be_visible()
    expect(page.get_by_role("heading", name="Omzet en kosten per maand")).to_be_visible()
    expect(page.get_by_role("article", name="Omzet", exact=True)).to_be_visible()
    for report in ("Winst-en-verliesrekening", "Balans"):
        expect(page.get_by_role("heading", name=report, exact=True)).to_have_count(0)
    options = page.get_by_label("Bij", exact=True).locator("option").all_inner_texts()
    assert "Dashboard" in options and "Winst-en-verliesrekening" not in options
    assert "Balans" not in options
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "overview-story-starter-375")
