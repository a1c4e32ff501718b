"""Proef- en saldibalans in the browser, for the demo client with imported figures."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import login, wait_for_hydration
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client

ADVISOR2 = ("advisor2@demo-accountants.example", "Demo-Advisor-2026")


def test_participant_opens_the_trial_balance_from_the_dashboard(page: Page, app_db):
    with session_scope(app_db) as s:
        dem = s.exec(select(Client.id).where(Client.number == "DEM")).one()
    login(page, *ADVISOR2)  # a participant of De Bloemenhoek's service, not its owner
    page.goto(f"/klanten/{dem}/financial-overview")
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Visma Financial Overview – De Bloemenhoek BV")) \
        .to_be_visible()
    page.get_by_role("link", name="Proef- en saldibalans").click()
    expect(page).to_have_url(re.compile(r"/proefbalans"))
    expect(page.get_by_role("heading", name="Proef- en saldibalans – De Bloemenhoek BV")) \
        .to_be_visible()
    computers = page.get_by_role("row").filter(has_text="Computers")
    expect(computers).to_contain_text("0220")
    expect(computers).to_contain_text(re.compile(r"€\s*661,16"))
    total = page.get_by_role("row").filter(has_text="Totaal")
    cells = total.locator("td.num").all_inner_texts()  # Beginbalans, Debet, Credit, Eindsaldo
    debit, credit = cells[-3], cells[-2]
    assert debit == credit and debit.startswith("€")  # a balanced year
