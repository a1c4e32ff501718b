"""Drill-down from a figure to its accounts and from an account to its lines, on a real export:
the accounts add up to the dashboard's figures, lines are paged by the database, and only the
owners and participants of the client's services (of this office) get in."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal

import pytest

from tests.conftest import actor_of, make_employee
from tests.integration.test_collaborations import make_client
from tests.integration.test_xaf_import import BANANA
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import ClientServiceParticipant, Office
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products
from vfo_app.domain.overview import drilldown, figures, key_figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.xaf.importer import import_auditfile
from vfo_app.domain.xaf.ledger import set_classification

NS = "{http://www.auditfiles.nl/XAF/3.2}"


def active_client(db, actor, *, product=products.FINANCIAL_OVERVIEW, kvk="66778800",
                  number="DRL"):
    """A client of the actor's office with Financial Overview active (a new company)."""
    client, link = make_client(db, actor, kvk=kvk, number=number)
    terms = ({"invoice_recipient": "kantoor", "duration_months": 12}
             if product == products.FINANCIAL_OVERVIEW else {})
    collabs.start(db, actor, client_id=client.id, product=product, client_service_id=link.id,
                  **terms)
    db.commit()
    return client.id, link


@pytest.fixture
def banana(db, office_admin):
    client_id, link = active_client(db, office_admin)
    report = import_auditfile(db, office_admin, client_id, BANANA,
                              accept_other_company=True)
    db.commit()
    assert report.ok, report.errors
    return client_id, int(report.fiscal_year), link


def _figures(db, client_id, year, first, upto) -> dict[str, int]:
    """The library's figures of months first..upto in cents (positions at the end of upto)."""
    sums = figures.year_sums(db, client_id, year)
    return {v.key: round(v.value * 100) for v in key_figures.compute_from(sums, None, upto, first)
            if v.unit == "eur" and v.value is not None}


@pytest.mark.parametrize("key", ["omzet", "brutomarge", "bedrijfsresultaat", "nettoresultaat"])
@pytest.mark.parametrize(("first", "upto"), [(1, 12), (3, 3), (4, 9)])
def test_profit_and_loss_accounts_add_up_to_the_figure(db, office_admin, banana, key, first,
                                                       upto):
    client_id, year, _ = banana
    view = drilldown.accounts(db, office_admin, client_id, year=year, key=key,
                              first_month=first, upto_month=upto)
    assert view.total_cents == sum(a.amount_cents for a in view.accounts)
    assert view.total_cents == _figures(db, client_id, year, first, upto)[key]
    assert view.accounts == sorted(view.accounts, key=lambda a: a.account_id)


@pytest.mark.parametrize("key", ["liquide_middelen", "debiteuren", "crediteuren", "werkkapitaal"])
@pytest.mark.parametrize("upto", [1, 6, 12])
def test_balance_accounts_add_up_to_the_position(db, office_admin, banana, key, upto):
    client_id, year, _ = banana
    view = drilldown.accounts(db, office_admin, client_id, year=year, key=key,
                              first_month=upto, upto_month=upto)
    assert not view.is_profit_loss and view.first_month == 1
    assert view.total_cents == _figures(db, client_id, year, upto, upto)[key]


def test_categories_add_up_to_the_statements(db, office_admin, banana):
    client_id, year, _ = banana
    sums = figures.year_sums(db, client_id, year)
    for row in figures.profit_and_loss(sums, None, 1, 12):
        view = drilldown.accounts(db, office_admin, client_id, year=year, key=row["category"])
        assert view.total_cents == row["ytd"], row
    for row in figures.balance_sheet(sums, None, 12):
        view = drilldown.accounts(db, office_admin, client_id, year=year, key=row["category"])
        assert view.total_cents == row["amount"], row


def test_revenue_accounts_come_from_the_file(db, office_admin, banana):
    client_id, year, _ = banana
    view = drilldown.accounts(db, office_admin, client_id, year=year, key="omzet")
    assert view.label == "Netto-omzet" and view.accounts
    tree = ET.parse(BANANA)
    for acc in view.accounts:
        cents = 0
        for line in tree.iter(f"{NS}trLine"):
            if line.findtext(f"{NS}accID") == acc.account_id:
                amount = int(Decimal(line.findtext(f"{NS}amnt")) * 100)
                cents += amount if line.findtext(f"{NS}amntTp") == "C" else -amount
        assert acc.amount_cents == cents, acc


def _all_pages(db, actor, client_id, year, account, page_size):
    first = drilldown.account_lines(db, actor, client_id, year=year, account_id=account,
                                    page_size=page_size)
    seen = list(first.lines)
    for page in range(2, first.pages + 1):
        seen += drilldown.account_lines(db, actor, client_id, year=year, account_id=account,
                                        page=page, page_size=page_size).lines
    return first, seen


def test_lines_are_paged_opening_first_then_by_date(db, office_admin, banana):
    client_id, year, _ = banana
    tree = ET.parse(BANANA)
    per_account = Counter(line.findtext(f"{NS}accID") for line in tree.iter(f"{NS}trLine"))
    per_account.update(ob.findtext(f"{NS}accID") for ob in tree.iter(f"{NS}obLine"))
    account, count = per_account.most_common(1)[0]
    first, seen = _all_pages(db, office_admin, client_id, year, account, 7)
    assert first.total_lines == len(seen) == count
    assert first.pages == -(-count // 7) and len(first.lines) == 7 and first.page == 1
    assert sum(x.debit_cents for x in seen) == first.debit_total_cents
    assert sum(x.credit_cents for x in seen) == first.credit_total_cents
    dated = [x.entry_date for x in seen if not x.is_opening]
    assert dated == sorted(dated)
    assert all(x.is_opening for x in seen[:len(seen) - len(dated)])
    # a page past the end shows the last page
    last = drilldown.account_lines(db, office_admin, client_id, year=year, account_id=account,
                                   page=999, page_size=7)
    assert last.page == first.pages and last.lines == seen[(first.pages - 1) * 7:]


def test_fifty_lines_a_page_on_a_bigger_year(db, office_admin, tmp_path):
    from benchmarks.xaf_import import generate

    client_id, _ = active_client(db, office_admin, kvk="66778803", number="BIG")
    path = tmp_path / "groot.xaf"
    generate(path, 15_000)
    assert import_auditfile(db, office_admin, client_id, path, accept_other_company=True).ok
    db.commit()
    view = drilldown.accounts(db, office_admin, client_id, year=2024, key="nettoresultaat")
    busiest = view.accounts[0].account_id
    first, seen = _all_pages(db, office_admin, client_id, 2024, busiest, drilldown.PAGE_SIZE)
    assert first.total_lines > 50 and len(first.lines) == 50
    assert len(seen) == first.total_lines and first.pages == -(-len(seen) // 50)
    assert first.debit_total_cents - first.credit_total_cents == -view.accounts[0].amount_cents


def test_small_page_size_and_unknown_account(db, office_admin, banana):
    client_id, year, _ = banana
    view = drilldown.accounts(db, office_admin, client_id, year=year, key="liquide_middelen")
    acc = view.accounts[0].account_id
    page = drilldown.account_lines(db, office_admin, client_id, year=year, account_id=acc,
                                   page_size=3)
    assert len(page.lines) <= 3
    with pytest.raises(NotFound):
        drilldown.account_lines(db, office_admin, client_id, year=year, account_id="nope")
    with pytest.raises(NotFound):
        drilldown.accounts(db, office_admin, client_id, year=year - 5, key="omzet")
    with pytest.raises(NotFound):
        drilldown.accounts(db, office_admin, client_id, year=year, key="geen_rubriek")
    with pytest.raises(ValidationFailed):
        drilldown.accounts(db, office_admin, client_id, year=year, key="omzet", first_month=5,
                           upto_month=2)


def test_a_correction_moves_the_account_and_keeps_the_totals(db, office_admin, banana):
    client_id, year, _ = banana
    before = drilldown.accounts(db, office_admin, client_id, year=year, key="omzet")
    moved = before.accounts[0]
    net_before = drilldown.accounts(db, office_admin, client_id, year=year,
                                    key="nettoresultaat").total_cents
    set_classification(db, office_admin, client_id, moved.account_id, "overige_opbrengsten")
    db.commit()
    after = drilldown.accounts(db, office_admin, client_id, year=year, key="omzet")
    assert moved.account_id not in [a.account_id for a in after.accounts]
    assert after.total_cents == before.total_cents - moved.amount_cents
    other = drilldown.accounts(db, office_admin, client_id, year=year, key="overige_opbrengsten")
    assert next(a for a in other.accounts if a.account_id == moved.account_id).corrected
    assert drilldown.accounts(db, office_admin, client_id, year=year,
                              key="nettoresultaat").total_cents == net_before


def test_only_owners_and_participants_of_this_office(db, office_admin, other_office_admin,
                                                     banana):
    client_id, year, link = banana
    office = db.get(Office, office_admin.office_id)
    outsider = actor_of(make_employee(db, office, "buiten@a.example"), office)
    participant = actor_of(make_employee(db, office, "deelnemer@a.example"), office)
    db.add(ClientServiceParticipant(client_service_id=link.id,
                                    identity_id=participant.identity_id))
    db.commit()
    view = drilldown.accounts(db, participant, client_id, year=year, key="omzet")
    assert view.accounts
    for actor, error in ((outsider, PermissionDenied), (other_office_admin, NotFound)):
        with pytest.raises(error):
            drilldown.accounts(db, actor, client_id, year=year, key="omzet")
        with pytest.raises(error):
            drilldown.account_lines(db, actor, client_id, year=year,
                                    account_id=view.accounts[0].account_id)


def test_a_scope_for_another_client_or_starter_is_refused(db, office_admin, banana):
    client_id, year, _ = banana
    scope = scopes.for_employee(db, office_admin, client_id)
    assert drilldown.accounts(db, scope, client_id, year=year, key="omzet").accounts
    other_id, _ = active_client(db, office_admin, kvk="66778801", number="ST1",
                                product=products.FINANCIAL_OVERVIEW_STARTER)
    with pytest.raises(PermissionDenied):
        drilldown.accounts(db, scope, other_id, year=year, key="omzet")
    starter = scopes.for_employee(db, office_admin, other_id)
    assert starter.is_starter
    with pytest.raises(PermissionDenied, match="Starter"):
        drilldown.accounts(db, starter, other_id, year=year, key="omzet")


def test_not_active_is_refused(db, office_admin):
    client, _ = make_client(db, office_admin, kvk="66778802", number="NAC")
    with pytest.raises(PermissionDenied):
        drilldown.accounts(db, office_admin, client.id, year=2018, key="omzet")
