"""Financial Overview figures from a real export, checked against an independent pass."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from decimal import Decimal

import pytest

from tests.integration.test_xaf_import import BANANA, give_service, make_client
from vfo_app.domain.overview import figures, key_figures
from vfo_app.domain.xaf.importer import import_auditfile

NS = "{http://www.auditfiles.nl/XAF/3.2}"


def _independent(path) -> tuple[dict[str, int], dict[str, str], dict[tuple[str, int], int]]:
    """Per account: cents over the year (opening included), accTp, and per (account, month)."""
    tree = ET.parse(path)
    types = {a.findtext(f"{NS}accID"): a.findtext(f"{NS}accTp")
             for a in tree.iter(f"{NS}ledgerAccount")}
    totals: dict[str, int] = defaultdict(int)
    monthly: dict[tuple[str, int], int] = defaultdict(int)
    for ob in tree.iter(f"{NS}obLine"):
        cents = int(Decimal(ob.findtext(f"{NS}amnt")) * 100)
        totals[ob.findtext(f"{NS}accID")] += cents if ob.findtext(f"{NS}amntTp") == "D" else -cents
    for line in tree.iter(f"{NS}trLine"):
        cents = int(Decimal(line.findtext(f"{NS}amnt")) * 100)
        signed = cents if line.findtext(f"{NS}amntTp") == "D" else -cents
        account = line.findtext(f"{NS}accID")
        totals[account] += signed
        monthly[(account, int(line.findtext(f"{NS}effDate")[5:7]))] += signed
    return totals, types, monthly


def _cents(sums, last, month: int, first: int = 1) -> dict[str, int | None]:
    """The library's money figures of months first..month in cents (positions at its end)."""
    return {v.key: None if v.value is None else round(v.value * 100)
            for v in key_figures.compute_from(sums, last, month, first) if v.unit == "eur"}


@pytest.fixture
def banana(db, office_admin):
    client_id = make_client(db, office_admin, "BAN")
    give_service(db, office_admin, client_id, office_admin.identity_id)
    report = import_auditfile(db, office_admin, client_id, BANANA,
                              accept_other_company=True)
    db.commit()
    assert report.ok, report.errors
    return client_id, int(report.fiscal_year)


def test_net_result_and_double_entry_match_the_file(db, banana):
    client_id, year = banana
    totals, types, _ = _independent(BANANA)
    sums = figures.year_sums(db, client_id, year)
    ytd = _cents(sums, None, 12)
    expected_result = -sum(c for acc, c in totals.items() if types.get(acc) == "P")
    assert ytd["nettoresultaat"] == expected_result
    # every euro is somewhere: balance categories plus the year's result add up to zero
    balance = sum(sums.balance(c, 12) for c, cat in figures.CATEGORIES.items() if cat.section == "B")
    result = sum(sums.pl(c, 1, 12) for c, cat in figures.CATEGORIES.items() if cat.section == "P")
    assert balance + result == 0


def test_months_add_up_to_the_year_and_the_statements_agree(db, banana):
    client_id, year = banana
    sums = figures.year_sums(db, client_id, year)
    trend = figures.monthly_trend(sums)
    ytd = _cents(sums, None, 12)
    assert sum(m["omzet"] for m in trend) == ytd["omzet"]
    assert sum(m["resultaat"] for m in trend) == ytd["nettoresultaat"]
    assert trend[-1]["liquide_middelen"] == ytd["liquide_middelen"]
    pl = figures.profit_and_loss(sums, None, 1, 12)
    assert sum(r["ytd"] for r in pl) == ytd["nettoresultaat"]
    sheet = figures.balance_sheet(sums, None, 12)
    activa = sum(r["amount"] for r in sheet if r["side"] == "activa")
    passiva = sum(r["amount"] for r in sheet if r["side"] == "passiva")
    assert activa == passiva  # with the year's result shown on the passiva side
    assert sheet[-1]["label"] == "Resultaat lopend boekjaar"
    assert sheet[-1]["amount"] == ytd["nettoresultaat"]


def test_the_statements_read_with_their_totals(db, banana):
    """The reports as shown and printed: Bedrijfsresultaat and Resultaat in the W&V, the two
    sides of the Balans with totals that agree."""
    client_id, year = banana
    sums = figures.year_sums(db, client_id, year)
    ytd = _cents(sums, sums, 12)
    pl = figures.profit_and_loss_statement(figures.profit_and_loss(sums, sums, 1, 12))
    totals = {line["label"]: line for line in pl if line["kind"] == "total"}
    assert totals["Bedrijfsresultaat"]["ytd"] == ytd["bedrijfsresultaat"]
    assert pl[-1]["kind"] == "total"
    assert pl[-1]["ytd"] == pl[-1]["ytd_last_year"] == ytd["nettoresultaat"]
    bs = figures.balance_sheet_statement(figures.balance_sheet(sums, None, 12))
    assert [line["label"] for line in bs if line["kind"] == "section"] == ["Activa", "Passiva"]
    activa, passiva = (line for line in bs if line["kind"] == "total")
    assert (activa["label"], passiva["label"]) == ("Totaal activa", "Totaal passiva")
    assert activa["amount"] == passiva["amount"] != 0
    assert activa["last_year"] is None  # no figures last year: unknown, not zero


def test_a_month_against_the_same_month_last_year(db, banana):
    client_id, year = banana
    _, types, monthly = _independent(BANANA)
    sums = figures.year_sums(db, client_id, year)
    march = _cents(sums, sums, 3, first=3)
    expected = -sum(c for (acc, m), c in monthly.items() if m == 3 and types.get(acc) == "P")
    assert march["nettoresultaat"] == expected
    assert key_figures.compute_from(sums, sums, 3, 3)[0].period_label.startswith("mrt")


def test_observations_are_plain_dutch(db, banana):
    client_id, year = banana
    sums = figures.year_sums(db, client_id, year)
    notes = key_figures.observations(sums, None, 12, first=1)
    assert any(n.startswith("Liquide middelen dekken ") and n.endswith(" maand kosten")
               for n in notes), notes
