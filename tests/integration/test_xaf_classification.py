"""Classification on import (issue 12): the Banana sample's debtors are debtors, not cash.

The expected figures are computed here from the file with ElementTree and Decimal, on account
lists an accountant reads off the sample's chart of accounts, without the importer's code."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from sqlmodel import select

from tests.integration.test_xaf_import import (
    BANANA,
    EXACT,
    cents,
    do_import,
    expected,
    give_service,
    local,
    make_client,
)
from vfo_app.domain.models import LedgerAccount
from vfo_app.domain.overview.figures import year_sums
from vfo_app.domain.overview.key_figures import compute_from
from vfo_app.domain.xaf.classify import ON_NUMBER
from vfo_app.domain.xaf.ledger import (
    accounts_to_confirm,
    confirm_classification,
    set_classification,
)

DEBTORS = ("1100", "1110", "1120", "11000", "11010", "11020", "11030")  # 1100 Debiteuren, ...
CASH = ("1000", "1010", "1020", "1050", "2000")  # Kas, ING, Rabobank, Deposito's, Kruisposten
CREDITORS = ("1600", "21000", "21010", "21020", "21030", "21040")


@pytest.fixture
def client_id(db, office_admin) -> int:
    cid = make_client(db, office_admin)
    give_service(db, office_admin, cid, office_admin.identity_id)
    return cid


def _closing(exp: dict, accounts: tuple[str, ...]) -> int:
    return cents(sum(exp["opening"][a] + exp["debit"][a] - exp["credit"][a] for a in accounts))


def _accounts(db) -> dict[str, LedgerAccount]:
    return {a.account_id: a for a in db.exec(select(LedgerAccount)).all()}


def test_banana_customers_are_debtors_and_cash_is_only_cash(db, office_admin, client_id):
    report = do_import(db, office_admin, client_id, BANANA)
    assert report.ok, report.errors
    accounts = _accounts(db)
    for acc in ("11000", "11010", "11020", "11030"):
        assert (accounts[acc].category, accounts[acc].classified_by,
                accounts[acc].classification_basis) == ("debiteuren", "relatie", f"klant {acc}")
    assert (accounts["1100"].category, accounts["1100"].classification_basis) == (
        "debiteuren", "omschrijving 'Debiteuren'")
    assert accounts["21000"].category == "crediteuren"
    assert accounts["21000"].classification_basis == "leverancier 21000"
    assert all(a.classification_basis for a in accounts.values())

    exp = expected(BANANA)
    debtors, cash = _closing(exp, DEBTORS), _closing(exp, CASH)
    assert debtors != 0  # the sample has open invoices
    figures = {v.key: round(v.value * 100)
               for v in compute_from(year_sums(db, client_id, 2018), None, 12)
               if v.unit == "eur" and v.value is not None}
    assert figures["debiteuren"] == debtors
    assert figures["liquide_middelen"] == cash
    assert figures["crediteuren"] == -_closing(exp, CREDITORS)
    # every account that moved is in exactly one category, so the figures still add up
    assert {a for a, acc in accounts.items() if acc.category == "liquide_middelen"} <= set(CASH)


def test_banana_result_is_unchanged_by_the_new_categories(db, office_admin, client_id):
    do_import(db, office_admin, client_id, BANANA)
    exp = expected(BANANA)
    pl = tuple(a for a, f in exp["accounts"].items() if f.get("accTp") == "P")
    s = year_sums(db, client_id, 2018)
    from vfo_app.domain.overview.figures import _pl_figures
    assert _pl_figures(s, 1, 12)["nettoresultaat"] == -_closing(exp, pl)


def test_exact_sample_keeps_its_rgs_codes(db, office_admin, client_id):
    do_import(db, office_admin, client_id, EXACT)
    accounts = _accounts(db)
    assert (accounts["1300"].category, accounts["1300"].classification_basis) == (
        "debiteuren", "RGS-code BVorDebHad")
    names = {local(e.tag) for e in ET.parse(EXACT).getroot().iter()}
    assert "ledgerAccount" in names


def test_a_correction_names_who_made_it_and_is_kept(db, office_admin, client_id):
    do_import(db, office_admin, client_id, BANANA)
    set_classification(db, office_admin, client_id, "4630", "overige_bedrijfskosten")
    db.commit()
    account = _accounts(db)["4630"]
    assert account.classified_by == "correctie"
    assert account.classification_basis == f"correctie door {office_admin.name}"
    do_import(db, office_admin, client_id, BANANA)
    account = _accounts(db)["4630"]
    assert account.classified_by == "correctie"
    assert account.classification_basis.startswith("correctie door ")


def test_accounts_on_their_number_are_listed_and_a_confirmation_is_a_correction(
        db, office_admin, client_id):
    do_import(db, office_admin, client_id, BANANA)
    listed = accounts_to_confirm(db, office_admin, client_id, 2018)
    accounts = _accounts(db)
    on_number = {a for a, acc in accounts.items() if acc.classified_by in ON_NUMBER}
    assert on_number and {r.account_id for r in listed} == on_number
    assert all(r.basis == accounts[r.account_id].classification_basis and r.basis
               for r in listed)
    first = listed[0]
    assert confirm_classification(db, office_admin, client_id, 2018,
                                  first.account_id) == first.category
    db.commit()
    assert first.account_id not in {r.account_id
                                    for r in accounts_to_confirm(db, office_admin, client_id,
                                                                 2018)}
    account = _accounts(db)[first.account_id]
    assert (account.category, account.classified_by, account.classification_basis) == (
        first.category, "correctie", f"correctie door {office_admin.name}")
    do_import(db, office_admin, client_id, BANANA)  # kept on a re-import
    assert first.account_id not in {r.account_id
                                    for r in accounts_to_confirm(db, office_admin, client_id,
                                                                 2018)}
    assert _accounts(db)[first.account_id].category == first.category
