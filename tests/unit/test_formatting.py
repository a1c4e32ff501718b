from datetime import UTC, date, datetime

from vfo_app.domain.formatting import day, moment, money, number


def test_dutch_money_and_numbers():
    assert money(123456).replace("\xa0", " ") == "€ 1.234,56"
    assert money(-50).replace("\xa0", " ") == "€ -0,50"
    assert money(None) == ""
    assert number(2.1, 1) == "2,1"


def test_dutch_dates_in_amsterdam_time():
    assert day(date(2025, 12, 31)) == "31-12-2025"
    assert moment(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == "02-07-2026 00:30"
    assert moment(datetime(2026, 1, 1, 22, 30, tzinfo=UTC)) == "01-01-2026 23:30"
