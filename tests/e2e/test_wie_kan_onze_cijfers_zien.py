"""Wie kan onze cijfers zien: Frans Jansen (Beheerder of BS Events BV) sees that Demo Advisor
can open the company's Financial Overview and that he just did; and logout clears the tab."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, screenshot, wait_for_hydration
from vfo_app.domain import access
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client, Identity, Office
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products

ADVISOR = ("advisor@demo-accountants.example", "Demo-Advisor-2026")
FRANS = ("frans.jansen@bsevents.example", "Demo-Klant-2026")


def _bse_with_financial_overview(app_db) -> int:
    """BS Events BV with Financial Overview active (started and approved through the domain,
    whatever other tests did with it before)."""
    with session_scope(app_db) as s:
        client = s.exec(select(Client).where(Client.number == "BSE")).one()
        if access.figures_access(s, _advisor(s), client.id).collaboration is not None:
            return client.id
        open_ = collabs.open_collaboration(s, client.id, products.FINANCIAL_OVERVIEW)
        if open_ is not None and open_.state != collabs.State.REQUESTED.value:
            collabs.move(open_, collabs.State.ENDED)
            s.add(open_)
            s.flush()
            open_ = None
        advisor = _advisor(s)
        if open_ is None:
            link = next(x for x in svc.list_client_services(s, advisor, client.id)
                        if x.service_name == "Boekhouding")
            open_ = collabs.start(s, advisor, client_id=client.id,
                                  product=products.FINANCIAL_OVERVIEW, client_service_id=link.id,
                                  invoice_recipient="kantoor", duration_months=12)
        if open_.state == collabs.State.REQUESTED.value:
            frans = s.exec(select(Identity).where(Identity.email == FRANS[0])).one()
            collabs.answer(s, Actor(identity_id=frans.id, email=frans.email,
                                    name=frans.full_name, office_id=None, office_name="",
                                    office_role=None),
                           collaboration_id=open_.id, approve=True)
        return client.id


def _advisor(s) -> Actor:
    office = s.exec(select(Office).where(Office.name == "Demo Accountants")).one()
    me = s.exec(select(Identity).where(Identity.email == ADVISOR[0])).one()
    return Actor(identity_id=me.id, email=me.email, name=me.full_name, office_id=office.id,
                 office_name=office.name, office_role=OFFICE_ROLE_BEHEERDER)


def test_frans_sees_who_can_look_and_that_demo_advisor_did(page: Page, second_page: Page,
                                                           app_db):
    client_id = _bse_with_financial_overview(app_db)
    login(page, *ADVISOR)
    page.goto(f"/klanten/{client_id}/financial-overview")
    expect(page.get_by_role("heading", name="Visma Financial Overview – BS Events BV")) \
        .to_be_visible()

    frans = second_page  # 375 px wide
    login(frans, *FRANS)
    frans.get_by_role("button", name="Menu").click()  # on a phone the links are in the menu
    frans.get_by_role("menuitem", name="Wie kan onze cijfers zien").click()
    expect(frans).to_have_url(re.compile(r"/online/wie-kan-onze-cijfers-zien"))
    expect(frans.get_by_role("heading", name="Wie kan onze cijfers zien")).to_be_visible()
    who = frans.get_by_label("Wie heeft toegang")  # on a phone the rows are stacked blocks
    advisor_row = who.locator("tbody tr").filter(has_text="Demo Advisor").filter(
        has_text="Diensteigenaar van Boekhouding").first
    expect(advisor_row).to_be_visible()
    expect(advisor_row.get_by_text("Demo Accountants")).to_be_visible()
    expect(advisor_row).not_to_contain_text("Nog niet")  # he just looked
    log = frans.get_by_label("Wie heeft gekeken")
    first = log.locator("tbody tr").first
    expect(first).to_contain_text("Demo Advisor")
    expect(first).to_contain_text("Bekeken")
    expect(first).to_contain_text("Dashboard en rapportages")
    screenshot(frans, "wie-kan-onze-cijfers-zien-375")
    frans.set_viewport_size({"width": 1280, "height": 800})
    screenshot(frans, "wie-kan-onze-cijfers-zien-1280")


def test_after_logout_the_tab_holds_no_client_data(page: Page):
    login(page, *ADVISOR)
    page.goto("/klanten")
    wait_for_hydration(page)
    expect(page.get_by_text("BS Events BV").first).to_be_visible()
    before = page.evaluate("() => window.sessionStorage.getItem('token')")
    assert before

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    wait_for_hydration(page)
    assert "BS Events BV" not in page.content()
    # back to the client list, or the tab reconnecting: the login page, and no client anywhere
    page.go_back()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_role("button", name="Inloggen")).to_be_visible()
    assert "BS Events BV" not in page.content()
    # the tab is a new Reflex client: its state on the server starts empty too
    assert page.evaluate("() => window.sessionStorage.getItem('token')") != before


def test_the_office_reads_and_exports_a_clients_logboek(page: Page, app_db):
    client_id = _bse_with_financial_overview(app_db)
    login(page, *ADVISOR)
    page.goto(f"/klanten/{client_id}")
    page.get_by_role("link", name="Logboek").click()
    expect(page.get_by_role("heading", name="Logboek - BSE BS Events BV")).to_be_visible()
    wait_for_hydration(page)
    page.get_by_label("Onderdeel").select_option(label="Samenwerking")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"onderdeel=collaboration"))
    table = page.get_by_role("table", name="Logboek")
    expect(table.get_by_text("Samenwerking").first).to_be_visible()
    expect(table.get_by_text("Klantgegevens")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporteren als CSV").click()
    assert download.value.suggested_filename == "logboek-BSE.csv"
    screenshot(page, "logboek-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "logboek-375")
