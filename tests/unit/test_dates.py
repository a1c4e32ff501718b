"""Dates typed in Dutch notation, whatever the browser's language."""

from datetime import date

import pytest

from vfo_app.domain import dates


@pytest.mark.parametrize("text, expected", [
    ("31-12-2025", date(2025, 12, 31)),
    ("1-2-2026", date(2026, 2, 1)),
    (" 01/02/2026 ", date(2026, 2, 1)),
    ("29.02.2024", date(2024, 2, 29)),
    ("2026-03-05", date(2026, 3, 5)),  # links and older forms carry ISO dates
])
def test_dutch_dates_are_read_day_first(text, expected):
    assert dates.parse(text) == expected
    assert dates.problem(text) == ""


def test_an_american_date_is_not_taken_for_a_dutch_one():
    # 12/31/2025 as an English browser writes it: month 31 does not exist
    assert dates.parse("12/31/2025") is None
    assert dates.problem("12/31/2025") == dates.NO_SUCH_DAY


@pytest.mark.parametrize("text", ["31-02-2025", "29-02-2025", "00-01-2025", "32-1-2025"])
def test_an_impossible_day_says_so(text):
    assert dates.parse(text) is None
    assert dates.problem(text) == dates.NO_SUCH_DAY


@pytest.mark.parametrize("text", ["gisteren", "31-12-25", "2025", "", None, 20251231])
def test_text_that_is_no_date_asks_for_the_notation(text):
    assert dates.parse(text) is None
    assert dates.problem(text) == dates.UNREADABLE
    assert "dd-mm-jjjj" in dates.UNREADABLE


def test_shown_as_typed():
    assert dates.show(date(2026, 3, 1)) == "01-03-2026"
    assert dates.parse(dates.show(date(2026, 3, 1))) == date(2026, 3, 1)
    assert dates.show(None) == ""
