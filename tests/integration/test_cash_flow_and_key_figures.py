"""Kasstroomoverzicht and the key-figure library on real exports.

The cash flow must add up to the change in Liquide middelen for every month and the year to
date on every sample that imports. Each key figure is checked against a calculation made here
from the raw ledger lines (LedgerLine, with the accounts' categories), not through
``figures.year_sums`` nor the library's formulas."""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from tests.integration.test_xaf_import import BANANA, EXACT, FIXTURES, do_import, give_service, make_client
from vfo_app.domain.errors import PermissionDenied, ValidationFailed
from vfo_app.domain.formatting import month_name
from vfo_app.domain.models import LedgerAccount, LedgerImport, LedgerLine
from vfo_app.domain.overview import cash_flow, figures, key_figures
from vfo_app.domain.xaf.classify import CATEGORIES

# every auditfile in the fixtures: the shared samples are copied there (see its README), so a
# clean clone has them without the material beside the checkout
SAMPLES = sorted((p.name, p) for p in FIXTURES.iterdir() if p.suffix in (".xaf", ".xml"))


def _import(db, actor, number: str, path: Path):
    cid = make_client(db, actor, number)
    give_service(db, actor, cid, actor.identity_id)
    report = do_import(db, actor, cid, path)
    return cid, report


@pytest.mark.parametrize("name,path", SAMPLES, ids=[n for n, _ in SAMPLES])
def test_cash_flow_reconciles_on_every_sample(db, office_admin, name, path):
    cid, report = _import(db, office_admin, "KS", path)
    if not report.ok:  # the official test file does not balance: refused, no figures
        assert "test" in name.lower(), report.errors
        return
    (imp,) = figures.fiscal_years(db, cid)
    this = figures.year_sums(db, cid, imp.year)
    upto = figures.months_available(this)
    periods = cash_flow.all_periods(this, None, upto)
    assert len(periods) == upto + 1
    for flow in periods:
        assert flow.reconciles, (flow.first, flow.last, flow.difference_cents)
        assert flow.lines_total_cents == flow.closing_cents - flow.opening_cents
    ytd = periods[-1]
    assert ytd.opening_cents == this.opening.get("liquide_middelen", 0)
    # the months add up to the year to date, line by line
    for i, line in enumerate(ytd.lines):
        assert line.amount_cents == sum(p.lines[i].amount_cents for p in periods[:-1])
    # the waterfall runs from the opening to the closing cash
    steps = cash_flow.waterfall(ytd)
    assert steps[0].end_cents == ytd.opening_cents and steps[-1].end_cents == ytd.closing_cents
    assert steps[-2].end_cents == ytd.closing_cents if len(steps) > 2 else True


def test_an_unbalanced_ledger_does_not_reconcile(db, office_admin):
    cid, report = _import(db, office_admin, "UB", BANANA)
    this = figures.year_sums(db, cid, int(report.fiscal_year))
    this.moves[("liquide_middelen", 2)] = this.moves.get(("liquide_middelen", 2), 0) + 1
    assert not cash_flow.statement(this, None, 2, 2).reconciles
    assert cash_flow.statement(this, None, 1, 12).difference_cents == 1
    assert cash_flow.statement(this, None, 3, 3).reconciles


# --- the independent calculation -----------------------------------------------------------


def _ledger(db, cid: int, year: int):
    """Per category: the opening, and the movement per month index, from the raw lines."""
    imp = db.exec(select(LedgerImport).where(LedgerImport.client_id == cid,
                                             LedgerImport.year == year)).one()
    cats = {a.account_id: a.category for a in db.exec(
        select(LedgerAccount).where(LedgerAccount.import_id == imp.id))}
    opening: dict[str, int] = defaultdict(int)
    moves: dict[tuple[str, int], int] = defaultdict(int)
    start = imp.start_date
    for line in db.exec(select(LedgerLine).where(LedgerLine.import_id == imp.id)):
        cat = cats[line.account_id]
        if line.is_opening or line.entry_date is None:
            opening[cat] += line.amount_cents
            continue
        d = line.entry_date
        index = min(max((d.year - start.year) * 12 + d.month - start.month + 1, 1), 12)
        moves[(cat, index)] += line.amount_cents
    return start, opening, moves


def _expected(db, cid: int, year: int, month: int) -> dict[str, float | None]:
    start, opening, moves = _ledger(db, cid, year)

    def pl(*cats):  # debit positive over months 1..month
        return sum(v for (c, m), v in moves.items() if c in cats and m <= month)

    def pos(cat, upto=month):  # debit positive at the end of month upto
        return opening.get(cat, 0) + sum(v for (c, m), v in moves.items()
                                         if c == cat and m <= upto)

    p_cats = [k for k, c in CATEGORIES.items() if c.section == "P"]
    revenue = -pl("omzet")
    cogs = pl("kostprijs")
    staff, depr, other = pl("personeelskosten"), pl("afschrijvingen"), pl("overige_bedrijfskosten")
    operating = -pl("omzet", "overige_opbrengsten") - cogs - staff - depr - other
    net = -pl(*p_cats)
    cash = pos("liquide_middelen")
    debtors, stock, receivables = pos("debiteuren"), pos("voorraden"), pos("vorderingen")
    creditors, short = -pos("crediteuren"), -pos("kortlopende_schulden")
    provisions, long_debt = -pos("voorzieningen"), -pos("langlopende_schulden")
    current = cash + debtors + stock + receivables
    short_total = creditors + short
    assets = current + pos("vaste_activa")
    equity = -pos("eigen_vermogen") + net
    opening_equity = -opening.get("eigen_vermogen", 0)
    opening_assets = sum(opening.get(c, 0) for c in ("vaste_activa", "voorraden", "debiteuren",
                                                      "vorderingen", "liquide_middelen"))
    debts = provisions + long_debt + short_total
    y, m = divmod(start.year * 12 + start.month - 1 + month - 1, 12)
    end = date(y, m + 1, calendar.monthrange(y, m + 1)[1])
    days = (end - start).days + 1

    def div(a, b):
        return None if b == 0 else a / b

    gross = revenue - cogs
    margin = div(gross, revenue)
    fixed = staff + depr + other
    deb_days = None if revenue == 0 else debtors / revenue * days
    cred_days = None if cogs + other == 0 else creditors / (cogs + other) * days
    stock_days = 0.0 if stock == 0 else (None if cogs == 0 else stock / cogs * days)
    cash_costs = cogs + staff + other
    interest = pl("financiele_baten_lasten")
    e = 100  # cents per euro
    return {
        "omzet": revenue / e, "brutomarge": gross / e,
        "brutomarge_pct": None if margin is None else 100 * margin,
        "bedrijfsresultaat": operating / e, "ebitda": (operating + depr) / e,
        "nettoresultaat": net / e,
        "nettomarge": None if revenue == 0 else 100 * net / revenue,
        "personeelskosten_omzet": None if revenue == 0 else 100 * staff / revenue,
        # against short-term debts only when there are some (a debit balance means nothing)
        "current_ratio": current / short_total if short_total > 0 else None,
        "quick_ratio": (current - stock) / short_total if short_total > 0 else None,
        "solvabiliteit": None if assets == 0 else 100 * equity / assets,
        "werkkapitaal": (current - short_total) / e,
        "debiteurendagen": deb_days, "crediteurendagen": cred_days,
        "voorraaddagen": stock_days,
        "cash_conversion_cycle": (None if None in (deb_days, cred_days, stock_days)
                                  else deb_days + stock_days - cred_days),
        "rentedekking": None if interest <= 0 else operating / interest,
        "rev": None if opening_equity <= 0 else 100 * net / opening_equity,
        "rtv": None if opening_assets <= 0 else 100 * operating / opening_assets,
        "break_even_omzet": None if not margin or margin <= 0 else fixed / margin / e,
        "liquiditeit_maanden": None if cash_costs <= 0 else cash / (cash_costs / month),
        "schuldratio": div(debts, assets),
        "liquide_middelen": cash / e, "eigen_vermogen": equity / e,
        "omzetgroei": None,  # one imported year: nothing to compare with
    }


@pytest.mark.parametrize("path", [BANANA, EXACT], ids=["banana", "exact"])
@pytest.mark.parametrize("month", [6, 12])
def test_each_key_figure_against_the_raw_ledger(db, office_admin, path, month):
    cid, report = _import(db, office_admin, "KG", path)
    assert report.ok, report.errors
    year = int(report.fiscal_year)
    got = {v.key: v for v in key_figures.compute(db, cid, year, month)}
    assert len(key_figures.LIBRARY) >= 30
    expected = _expected(db, cid, year, month)
    for key, want in expected.items():
        value = got[key]
        if want is None:
            assert value.value is None and value.reason, (key, value)
        else:
            assert value.value == pytest.approx(want, abs=0.01), (key, value, want)
            assert value.reason == ""
    # something real was computed, not everything None
    assert sum(1 for v in got.values() if v.value is not None) >= 25
    assert got["omzetgroei"].reason == key_figures.NO_LAST_YEAR
    for v in got.values():
        assert v.formula and v.label and v.period_label and v.categories
        assert all(c in CATEGORIES for c in v.categories)


def test_growth_against_last_year(db, office_admin):
    """The same file as last year too: growth 0%, and the figures equal last year's."""
    cid, report = _import(db, office_admin, "GR", BANANA)
    this = figures.year_sums(db, cid, int(report.fiscal_year))
    got = {v.key: v for v in key_figures.compute_from(this, this, 12)}
    assert got["omzetgroei"].value == 0.0 and got["brutomargegroei"].value == 0.0


def test_settings_default_choice_targets_and_access(db, office_admin, office_employee,
                                                    other_office_admin):
    cid, _ = _import(db, office_admin, "ST", BANANA)
    settings = key_figures.settings_for(db, cid)
    assert [k for k in key_figures.dashboard_keys(db, cid)] == list(key_figures.DEFAULT_SET)
    assert not settings["omzet"].chosen_by_client
    # the office's default set
    key_figures.save_office_default(db, office_admin, ["nettomarge", "omzet"])
    assert key_figures.dashboard_keys(db, cid) == ["nettomarge", "omzet"]
    # the client's own choice, with a target and a threshold typed the Dutch way
    rows = [key_figures.SettingInput("solvabiliteit", True, "30", "20,5"),
            key_figures.SettingInput("current_ratio", True, "", "1"),
            key_figures.SettingInput("omzet", False, "1.250.000", "")]
    key_figures.save_settings(db, office_admin, cid, rows)
    settings = key_figures.settings_for(db, cid)
    assert key_figures.dashboard_keys(db, cid) == ["solvabiliteit", "current_ratio"]
    assert settings["solvabiliteit"].target == 30 and settings["solvabiliteit"].threshold == 20.5
    assert settings["omzet"].target == 1_250_000 and not settings["omzet"].shown
    assert key_figures.breached(key_figures.LIBRARY["solvabiliteit"], 19.9, 20.5)
    assert not key_figures.breached(key_figures.LIBRARY["solvabiliteit"], 21, 20.5)
    assert key_figures.breached(key_figures.LIBRARY["debiteurendagen"], 61, 60)
    # not a number: refused per field, nothing saved
    with pytest.raises(ValidationFailed) as refused:
        key_figures.save_settings(db, office_admin, cid, [
            key_figures.SettingInput("solvabiliteit", True, "veel", "")])
    assert "target_solvabiliteit" in refused.value.errors
    assert key_figures.settings_for(db, cid)["solvabiliteit"].target == 30
    # an employee who does not serve the client, another office: refused
    with pytest.raises(PermissionDenied):
        key_figures.save_settings(db, office_employee, cid, rows)
    with pytest.raises(Exception) as other:
        key_figures.save_settings(db, other_office_admin, cid, rows)
    assert "bestaat niet" in str(other.value)
    key_figures.reset_to_office_default(db, office_admin, cid)
    assert key_figures.dashboard_keys(db, cid) == ["nettomarge", "omzet"]
    assert key_figures.settings_for(db, cid)["solvabiliteit"].target == 30


def test_default_period_is_the_last_complete_month(db, office_admin):
    cid, report = _import(db, office_admin, "DP", BANANA)
    s = figures.year_sums(db, cid, int(report.fiscal_year))
    last = figures.months_available(s)
    # the sample is booked up to 5 November: November has bookings but is not complete
    assert s.last_booking == date(2018, 11, 5) and last == 11
    assert figures.default_month(s) == 10
    # booked up to the 26th of the last month: complete
    s.last_booking = figures.month_end(s, last) - timedelta(days=4)
    assert figures.default_month(s) == last
    # imported on the 15th of the last booked month: that month is still being booked
    s.imported_on = figures.month_end(s, last).replace(day=15)
    assert figures.default_month(s) == last - 1
    s.imported_on = figures.month_end(s, 3)
    assert figures.default_month(s) == 2  # March ends on the import day: not complete
    s.imported_on = date(s.start.year, s.start.month, 2)
    assert figures.default_month(s) == last  # nothing complete yet: the last booked month


def test_one_month_for_the_dashboard_tiles(db, office_admin):
    """A tile's month: results over that month alone, positions at its end, days of the month."""
    cid, report = _import(db, office_admin, "MD", EXACT)
    year = int(report.fiscal_year)
    _, opening, moves = _ledger(db, cid, year)
    this = figures.year_sums(db, cid, year)
    got = {v.key: v for v in key_figures.compute_from(this, None, 3, first=3)}
    revenue = -moves.get(("omzet", 3), 0)
    assert got["omzet"].value == revenue / 100 and revenue
    cash = opening.get("liquide_middelen", 0) + sum(
        v for (c, m), v in moves.items() if c == "liquide_middelen" and m <= 3)
    assert got["liquide_middelen"].value == cash / 100
    debtors = opening.get("debiteuren", 0) + sum(
        v for (c, m), v in moves.items() if c == "debiteuren" and m <= 3)
    assert got["debiteurendagen"].value == pytest.approx(debtors / revenue * 31, abs=0.01)
    assert got["omzet"].period_label == f"{month_name(3)} {this.start.year}"
    ytd = {v.key: v for v in key_figures.compute_from(this, None, 3)}
    # positions do not depend on the period's first month (cash in months of costs included)
    for key in key_figures.POSITIONS:
        assert got[key].value == ytd[key].value, key


def test_trends_across_the_imported_years(db, office_admin):
    """Two years of one client (the Exact 2016 and Banana 2018 exports): per year, oldest
    first, each up to its last complete month; every booked month of every year."""
    cid, _ = _import(db, office_admin, "TR", EXACT)
    do_import(db, office_admin, cid, BANANA)
    sums = figures.years_sums(db, cid)
    assert [s.year for s in sums] == [2016, 2018]
    rows = figures.yearly_trend(sums)
    for row, s in zip(rows, sums, strict=True):
        _, _, moves = _ledger(db, cid, s.year)
        assert row.months == figures.default_month(s)
        assert row.omzet == -sum(v for (c, m), v in moves.items()
                                 if c == "omzet" and m <= row.months)
    monthly = figures.multi_year_monthly(sums)
    assert {r["year"] for r in monthly} == {2016, 2018}
    assert len([r for r in monthly if r["year"] == 2018]) == figures.months_available(sums[1])
    # the cash flow against last year: the same months of the other year
    flow = cash_flow.statement(sums[1], sums[0], 1, 3)
    assert all(line.last_year_cents is not None for line in flow.lines)
    assert flow.closing_last_year_cents - flow.opening_last_year_cents == sum(
        line.last_year_cents for line in flow.lines)
