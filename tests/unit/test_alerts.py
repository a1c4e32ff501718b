"""The automatic observation "debiteurendagen drie maanden op rij gestegen", by hand."""

from __future__ import annotations

from datetime import date

from vfo_app.domain.overview.alerts import _rising, debtor_days_by_month
from vfo_app.domain.overview.figures import YearSums


def _sums(debtors_by_month: list[int], omzet: int = 3_100_000) -> YearSums:
    """A year from 1 January: the same revenue every month, debtors rising as given."""
    s = YearSums(year=2026, start=date(2026, 1, 1))
    before = 0
    for month, debtors in enumerate(debtors_by_month, start=1):
        s.moves[("omzet", month)] = -omzet
        s.moves[("debiteuren", month)] = debtors - before
        before = debtors
    return s


def test_debtor_days_per_month_end():
    s = _sums([3_100_000, 6_200_000])
    # january: 31.000 open / 31.000 revenue x 31 days = 31 days; february: 62.000 / 62.000 x 59
    assert debtor_days_by_month(s, 2) == [31.0, 59.0]


def test_three_rises_in_a_row_and_not_two():
    rising = _sums([1_000_000, 1_000_000, 2_500_000, 4_000_000, 6_000_000])
    days = debtor_days_by_month(rising, 5)
    assert _rising(days)  # march < april < may after february
    flat_then_two = _sums([1_000_000, 4_000_000, 1_000_000, 2_500_000, 4_000_000])
    assert not _rising(debtor_days_by_month(flat_then_two, 5))
    assert not _rising(debtor_days_by_month(rising, 3))  # fewer than four month ends
    no_revenue = _sums([1, 2, 3, 4], omzet=0)
    assert not _rising(debtor_days_by_month(no_revenue, 4))


def test_the_agreed_delivery_by_period_and_days():
    from vfo_app.domain.overview.alerts import due_through

    # monthly, 30 days after the month: on 1 December november is not due yet, october is
    assert due_through(date(2026, 12, 1), 1, 30) == date(2026, 10, 31)
    assert due_through(date(2026, 12, 30), 1, 30) == date(2026, 11, 30)
    # quarterly, 45 days: Q3 is due from 14 November
    assert due_through(date(2026, 11, 13), 3, 45) == date(2026, 6, 30)
    assert due_through(date(2026, 11, 14), 3, 45) == date(2026, 9, 30)
    # yearly, 90 days: 2025 from 31 March 2026
    assert due_through(date(2026, 3, 30), 12, 90) == date(2024, 12, 31)
    assert due_through(date(2026, 3, 31), 12, 90) == date(2025, 12, 31)
    # no days at all: the last period that has ended
    assert due_through(date(2026, 1, 1), 1, 0) == date(2025, 12, 31)
