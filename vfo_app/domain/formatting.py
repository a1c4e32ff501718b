"""Dutch formats everywhere, through Babel: € 1.234,56 and 31-12-2025 (Europe/Amsterdam)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

LOCALE = "nl_NL"
TIMEZONE = ZoneInfo("Europe/Amsterdam")


def money(cents: int | None) -> str:
    if cents is None:
        return ""
    return format_currency(Decimal(cents) / 100, "EUR", locale=LOCALE)


def number(value: Decimal | float, digits: int = 2) -> str:
    return format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0",
                          locale=LOCALE)


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
    return format_currency(Decimal(cents) / 100, "EUR", format="¤ #,##0;¤ -#,##0", currency_digits=False,
                           locale=LOCALE)


def month_name(month: int) -> str:
    """Short Dutch month name: jan., feb., ..."""
    return format_date(date(2000, month, 1), "MMM", locale=LOCALE)
