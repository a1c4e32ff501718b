"""Issue 5 §5, the story end to end: the accountant opens a client's Financial Overview (its
figures imported from a real export), reads the reports and writes a comment; a user of the
client's company opens Visma Financial Overview from Mijn diensten on a phone and sees the same
figures and the comment, without the page being wider than the phone; a Starter client shows the
dashboard and trends only.

Everything the story needs is made through the domain, with its own KvK numbers, so the test
does not depend on what other tests did."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from tests.e2e.test_gegevens_bijwerken import ADVISOR, BANANA
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.auth import ROLE_BEHEERDER, Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Company, Identity, Office, OutboxMessage
from vfo_app.domain.online import activation, products, users
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online.users import UserInput
from vfo_app.domain.xaf.importer import import_auditfile

CLIENT_USER = ("eva.verhaal@verhaal.example", "Verhaal-Vertellen-2026")
COMMENT = "De omzet groeide door twee nieuwe klanten; de liquide middelen zijn ruim voldoende."


def _advisor(s) -> Actor:
    office = s.exec(select(Office).where(Office.name == "Demo Accountants")).one()
    advisor = s.exec(select(Identity).where(Identity.email == ADVISOR[0])).one()
    return Actor(identity_id=advisor.id, email=advisor.email, name=advisor.full_name,
                 office_id=office.id, office_name=office.name, office_role=ROLE_BEHEERDER)


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
    report = import_auditfile(s, actor, client.id, BANANA)
    assert report.ok, report.errors
    return client.id, collab.company_id


def _client_user(s, actor: Actor, company_id: int) -> None:
    """The company's first user, with Financial Overview, activated through the link's token."""
    users.create_user(s, actor, company_id=company_id, data=UserInput(
        email=CLIENT_USER[0], first_name="Eva", last_name="Verhaal", role="beheerder",
        is_main_contact=True, products=(products.FINANCIAL_OVERVIEW,)))
    s.flush()
    mail = s.exec(select(OutboxMessage).where(OutboxMessage.to_email == CLIENT_USER[0])
                  .order_by(OutboxMessage.id.desc())).first()
    link = next(w for w in mail.text_body.split() if "/activeren?token=" in w)
    activation.activate(s, token=parse_qs(urlparse(link).query)["token"][0],
                        password=CLIENT_USER[1], password_repeat=CLIENT_USER[1],
                        accept_terms=True)


def _open(page: Page, path: str) -> None:
    page.goto(path)
    page.wait_for_load_state()
    wait_for_hydration(page)


def _kpi(page: Page, label: str) -> str:
    return page.get_by_role("article", name=label, exact=True).locator(".kpi-value").inner_text()


def test_the_story_from_accountant_to_client(page: Page, second_page: Page, app_db):
    with session_scope(app_db) as s:
        actor = _advisor(s)
        client_id, company_id = _client(s, actor, number="VHL", name="Verhaal BV",
                                        kvk="77889900", product=products.FINANCIAL_OVERVIEW)
        starter_id, _ = _client(s, actor, number="VHS", name="Verhaal Starter BV",
                                kvk="77889901", product=products.FINANCIAL_OVERVIEW_STARTER)
        _client_user(s, actor, company_id)
        company_name = s.get(Company, company_id).name

    # the accountant: dashboard, reports, a comment
    login(page, *ADVISOR)
    _open(page, f"/klanten/{client_id}/financial-overview")
    expect(page.get_by_role("heading", name="Visma Financial Overview – Verhaal BV")).to_be_visible()
    for heading in ("Winst-en-verliesrekening", "Balans", "Omzet en kosten per maand"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    figures = {label: _kpi(page, label) for label in ("Omzet", "Nettoresultaat",
                                                       "Liquide middelen", "Solvabiliteit")}
    assert re.fullmatch(r"€\s?-?[\d.]+", figures["Omzet"].replace("\u00a0", " ")), figures
    expect(page.get_by_role("cell", name="Netto-omzet", exact=True)).to_be_visible()

    section = page.get_by_role("region", name="Toelichting van uw accountant")
    expect(section.get_by_text("Er is nog geen toelichting voor dit boekjaar.")).to_be_visible()
    section.get_by_label("Toelichting", exact=True).fill(COMMENT)
    section.get_by_label("Bij", exact=True).select_option(label="Omzet")
    section.get_by_role("button", name="Plaatsen").click()
    expect(section.get_by_text(COMMENT)).to_be_visible()
    expect(section.get_by_text("Demo Advisor", exact=False)).to_be_visible()
    expect(section.get_by_text("gewijzigd")).to_have_count(0)
    expect(section.get_by_label("Toelichting", exact=True)).to_have_value("")  # a fresh form
    screenshot(page, "overview-story-accountant-1280")

    # the client's user on a phone: Mijn diensten, the same figures, the comment, read-only
    phone = second_page
    login(phone, *CLIENT_USER)
    _open(phone, "/online/diensten")
    tile = phone.get_by_role("article", name="Visma Financial Overview")
    tile.get_by_role("link", name="Visma Financial Overview openen").click()
    expect(phone.get_by_role("heading", name=f"Visma Financial Overview – {company_name}")
           .or_(phone.get_by_role("heading", name="Visma Financial Overview – Verhaal BV"))) \
        .to_be_visible()
    wait_for_hydration(phone)
    theirs = phone.get_by_role("region", name="Toelichting van uw accountant")
    expect(theirs.get_by_text(COMMENT)).to_be_visible()
    expect(theirs.get_by_text("Omzet", exact=True)).to_be_visible()
    expect(theirs.get_by_role("button", name="Plaatsen")).to_have_count(0)
    expect(theirs.get_by_label("Toelichting", exact=True)).to_have_count(0)
    expect(theirs.get_by_role("button", name=re.compile("Bewerken|Verwijderen"))).to_have_count(0)
    assert {label: _kpi(phone, label) for label in figures} == figures
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone, "overview-story-client-375")

    # Starter: the dashboard and the trends, no reports, no comments on reports
    _open(page, f"/klanten/{starter_id}/financial-overview")
    expect(page.get_by_role("heading", name="Visma Financial Overview Starter – Verhaal Starter BV")
           .or_(page.get_by_role("heading", name=re.compile(r"Starter.*Verhaal Starter BV")))) \
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
