"""The liquidity forecast's arithmetic, worked out by hand: spreads that add up exactly, VAT
on the dates of the BTW-periode, the lowest point."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from vfo_app.domain.overview.forecast import Inputs, lowest, project, vat_payments

BASE = Inputs(today=date(2026, 12, 1), figures_date=date(2026, 10, 31), start_cash=1_000_000,
              debtors=700_000, creditors=140_000, debtor_days=35, creditor_days=14,
              monthly_costs=365_000, vat_period="Kwartaal", vat_owed=90_000,
              vat_per_month=30_000)


def test_debtors_and_creditors_come_in_evenly_over_their_days():
    weeks = project(BASE)
    # 700.000 over 35 days: 140.000 a week for five weeks, then nothing
    assert [w.receipts for w in weeks] == [140_000] * 5 + [0] * 8
    # 140.000 over 14 days: two weeks of 70.000
    assert [w.payments for w in weeks] == [70_000, 70_000] + [0] * 11


def test_costs_per_day_add_up_exactly():
    weeks = project(BASE)
    # 365.000 a month = 4.380.000 a year = 12.000 a day = 84.000 a week
    assert [w.costs for w in weeks] == [84_000] * 13
    odd = project(replace(BASE, monthly_costs=100_001))
    # cumulative floors: the weeks add up to the costs of 91 days, rounded down once
    assert sum(w.costs for w in odd) == 100_001 * 12 * 91 // 365
    assert {w.costs for w in odd} <= {23_013, 23_014}


def test_spreads_with_remainders_add_up_to_the_whole_balance():
    weeks = project(replace(BASE, debtors=100_003, debtor_days=45, creditors=99_999,
                            creditor_days=100))
    assert sum(w.receipts for w in weeks) == 100_003  # 45 days lie inside the 13 weeks
    assert sum(w.payments for w in weeks) == 99_999 * 91 // 100  # 100 days do not
    assert weeks[0].receipts == 100_003 * 7 // 45


def test_vat_quarterly_from_figures_of_october():
    # Q4 (oct-dec) is due 31 January: what is owed on 31 October plus two more months
    # (november, december) of the estimate; Q1 is due 30 April, after the 13 weeks.
    due = vat_payments(BASE, date(2027, 3, 1))
    assert [(v.due, v.period_end, v.amount) for v in due] == [
        (date(2027, 1, 31), date(2026, 12, 31), 90_000 + 2 * 30_000)]
    weeks = project(BASE)
    week = next(w for w in weeks if w.start <= date(2027, 1, 31) <= w.end)
    assert week.index == 9 and week.vat == 150_000
    assert sum(w.vat for w in weeks) == 150_000


def test_vat_monthly_and_yearly_and_none():
    monthly = replace(BASE, vat_period="Maand", figures_date=date(2026, 11, 30))
    # november is due 31 december (owed), december 31 january, january 28 february
    assert [(v.due, v.amount) for v in vat_payments(monthly, date(2027, 3, 1))] == [
        (date(2026, 12, 31), 90_000), (date(2027, 1, 31), 30_000),
        (date(2027, 2, 28), 30_000)]
    yearly = replace(BASE, vat_period="Jaar", today=date(2027, 1, 5))
    # 2026 is due 31 March 2027: owed on 31 October plus november and december
    assert [(v.due, v.amount) for v in vat_payments(yearly, date(2027, 4, 5))] == [
        (date(2027, 3, 31), 150_000)]
    assert vat_payments(replace(BASE, vat_period="Niet van toepassing"), date(2028, 1, 1)) == []


def test_a_return_already_due_before_today_is_not_paid_again():
    # figures of september, today 1 december: Q3 (with what the books owe) was due 31 October,
    # taken as paid; the first payment is Q4's on 31 January: three months of the estimate
    late = replace(BASE, figures_date=date(2026, 9, 30))
    assert [(v.due, v.amount) for v in vat_payments(late, date(2027, 3, 1))] == [
        (date(2027, 1, 31), 3 * 30_000)]
    # figures of 5 november: november counts in the estimate already, december is added
    mid = replace(BASE, figures_date=date(2026, 11, 5))
    assert [(v.due, v.amount) for v in vat_payments(mid, date(2027, 3, 1))] == [
        (date(2027, 1, 31), 90_000 + 30_000)]


def test_closing_cash_week_by_week_and_the_lowest_point():
    weeks = project(BASE)
    cash = BASE.start_cash
    for w in weeks:
        cash += w.receipts - w.payments - w.vat - w.costs
        assert w.closing == cash and w.net == w.receipts - w.payments - w.vat - w.costs
    # by hand: 1.000.000 + 700.000 - 140.000 - 150.000 - 13 x 84.000 = 318.000
    assert weeks[-1].closing == 318_000
    low = lowest(BASE, weeks)
    assert low.index == 13 and low.amount == 318_000 and not low.at_start
    assert (low.start, low.end) == (weeks[-1].start, weeks[-1].end)
    assert weeks[0].start == date(2026, 12, 1) and weeks[0].end == date(2026, 12, 7)
    dip_inputs = replace(BASE, debtors=0, start_cash=200_000, monthly_costs=0)
    dip = project(dip_inputs)
    # creditors paid in weeks 1-2, VAT in week 9: the lowest point is week 9, and it stays
    assert lowest(dip_inputs, dip).index == 9
    assert lowest(dip_inputs, dip).amount == 200_000 - 140_000 - 150_000


def test_the_lowest_point_counts_todays_starting_cash():
    """Only receipts ahead (no creditors, costs or VAT): every week ends higher than today, so
    the lowest point is today's cash at the start, not the lowest end of a week."""
    rising = replace(BASE, creditors=0, monthly_costs=0, vat_owed=0, vat_per_month=0,
                     start_cash=-50_000)
    weeks = project(rising)
    assert min(w.closing for w in weeks) > rising.start_cash  # by hand: receipts only
    low = lowest(rising, weeks)
    assert low.at_start and low.index == 0 and low.amount == -50_000
    assert low.start == low.end == rising.today
    # equally low at the start and at the end of a week: the earliest, the start
    flat = replace(BASE, debtors=0, creditors=0, monthly_costs=0, vat_owed=0, vat_per_month=0)
    assert lowest(flat, project(flat)).at_start
