"""Dutch formats everywhere, through Babel: € 1.234,56 and 31-12-2025 (Europe/Amsterdam)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import NumberPattern, format_currency, parse_pattern

LOCALE = "nl_NL"
TIMEZONE = ZoneInfo("Europe/Amsterdam")


def money(cents: int | None) -> str:
    if cents is None:
        return ""
    return format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE)


# Babel parses a format pattern on every call (about three quarters of a call's time); a
# dashboard or a Portefeuille page formats hundreds of amounts, so each pattern is parsed once.
@cache
def _locale() -> Locale:
    return Locale.parse(LOCALE)


@cache
def _pattern(text: str) -> NumberPattern:
    return parse_pattern(text)


def number(value: Decimal | float, digits: int = 2) -> str:
    pattern = _pattern(f"#,##0.{'0' * digits}" if digits else "#,##0")
    return pattern.apply(value if isinstance(value, Decimal) else Decimal(str(value)),
                         _locale())


def day(value: date | None) -> str:
    return format_date(value, "dd-MM-yyyy", locale=LOCALE) if value else ""


def moment(value: datetime | None) -> str:
    """A timestamp in Dutch local time: 26-11-2026 19:05."""
    if value is None:
        return ""
    return format_datetime(value, "dd-MM-yyyy HH:mm", tzinfo=TIMEZONE, locale=LOCALE)


def money_whole(cents: int | None) -> str:
    """Whole euros for dashboards: € 12.345."""
    if cents is None:
        return "–"
    return _pattern("¤ #,##0;¤ -#,##0").apply(Decimal(cents) / 100, _locale(), currency="EUR",
                                               currency_digits=False)


@cache
def month_name(month: int) -> str:
    """Short Dutch month name: jan., feb., ..."""
    return format_date(date(2000, month, 1), "MMM", locale=LOCALE)
