"""The figures of Financial Overview: the sums per category and month, monthly trends, profit
and loss, balance, and the default period. The key figures and the observations are the
library's (``key_figures.py``), made from these sums.

The database does the heavy work: one GROUP BY per fiscal year sums the lines per category
and calendar month (a few hundred rows whatever the number of lines); the figures are then
combined from those sums. Signs follow the ledger (debit +, credit -); figures are shown the
way a Dutch entrepreneur reads them (revenue and equity positive).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from vfo_app.domain.formatting import TIMEZONE
from vfo_app.domain.models import (
    LedgerAccount,
    LedgerClassificationCorrection,
    LedgerDaySum,
    LedgerImport,
)
from vfo_app.domain.xaf.classify import CATEGORIES

OPERATING = ("omzet", "overige_opbrengsten", "kostprijs", "personeelskosten", "afschrijvingen",
             "overige_bedrijfskosten")
COSTS = ("kostprijs", "personeelskosten", "afschrijvingen", "overige_bedrijfskosten")
CURRENT_ASSETS = ("voorraden", "debiteuren", "vorderingen", "liquide_middelen")
SHORT_DEBT = ("crediteuren", "kortlopende_schulden")
ASSETS = ("vaste_activa", *CURRENT_ASSETS)


@dataclass
class YearSums:
    """Sums of one imported fiscal year: per category, per month index (1 = first month)."""

    year: int
    start: date
    opening: dict[str, int] = field(default_factory=dict)
    moves: dict[tuple[str, int], int] = field(default_factory=dict)
    months: int = 12
    imported_on: date | None = None  # the day the figures were imported (Amsterdam)
    last_booking: date | None = None  # "geboekt t/m": the import's last booking date
    # Sums read through ``year_sums`` carry their cache key and a memo shared by every copy
    # of them in this process and database: what is computed from them alone (the key
    # figures) is computed once per fingerprint, as the sums are read once.
    fingerprint: tuple | None = field(default=None, compare=False, repr=False)
    memo: dict | None = field(default=None, compare=False, repr=False)

    def pl(self, category: str, first: int, last: int) -> int:
        running = self._running(category)
        return running[max(0, min(last, 12))] - running[max(0, min(first - 1, 12))] \
            if last >= first else 0

    def _running(self, category: str) -> list[int]:
        """The category's running total after each month (index 0: none yet). A dashboard
        asks ``pl`` over a thousand times; built once per category, from ``moves`` as they
        are then (a YearSums is complete before its first use and never changed after)."""
        table = self.__dict__.setdefault("_running_totals", {})
        running = table.get(category)
        if running is None:
            running = [0] * 13
            for m in range(1, 13):
                running[m] = running[m - 1] + self.moves.get((category, m), 0)
            table[category] = running
        return running

    def balance(self, category: str, upto: int) -> int:
        return self.opening.get(category, 0) + self.pl(category, 1, upto)


def fiscal_years(session: Session, client_id: int) -> list[LedgerImport]:
    return imported(session, client_id).imports


@dataclass(frozen=True)
class Imported:
    """A client's imported fiscal years (newest first) and how many of its accounts the
    accountant recategorised, as one query found them: a page that reads several years
    (the dashboard: this year, last year, the one before, the trend, the budget) passes it
    to ``year_sums`` instead of asking for the import again for every year."""

    client_id: int
    imports: list[LedgerImport]
    corrections: int

    def of(self, year: int) -> LedgerImport | None:
        return next((i for i in self.imports if i.year == year), None)


def imported(session: Session, client_id: int) -> Imported:
    rows = session.exec(select(LedgerImport, _corrections_count(client_id))
                        .where(LedgerImport.client_id == client_id)
                        .order_by(LedgerImport.year.desc())).all()
    return Imported(client_id, [imp for imp, _ in rows],
                    int(rows[0][1] or 0) if rows else 0)


def _corrections_count(client_id: int):
    return (select(func.count()).select_from(LedgerClassificationCorrection)
            .where(LedgerClassificationCorrection.client_id == client_id)
            .scalar_subquery())


# The day sums of a fiscal year never change once imported, until the year is imported again
# (a new ``imported_at``) or the accountant corrects a category: a load of the dashboard asks
# for the same year three or four times (the year, the trend over the years, the budget), and
# every page of the overview asks again. Each process keeps the sums of the years it read last,
# per database engine, under the import's fingerprint (its id, time and totals) and the
# client's corrections, which the one light query that finds the import reads too: another
# instance's import or correction changes them, so no cache has to be told. A caller gets its
# own copy (the cached dicts are never handed out).
SUMS_CACHED = 512  # fiscal years per engine and process (a few hundred small dicts each)
_sums_lock = threading.Lock()
_sums_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _fingerprint(session: Session, imp: LedgerImport, corrected: int) -> tuple:
    corrections: tuple = ()
    if corrected:  # rare: the accountant's categories, which the sums are made with
        corrections = tuple(sorted(session.exec(
            select(LedgerClassificationCorrection.account_id,
                   LedgerClassificationCorrection.category)
            .where(LedgerClassificationCorrection.client_id == imp.client_id)).all()))
    return (imp.id, imp.year, imp.imported_at, imp.start_date, imp.last_booking_date,
            imp.lines_count, imp.debit_total_cents, imp.credit_total_cents, corrections)


def _copy(s: YearSums) -> YearSums:
    return YearSums(year=s.year, start=s.start, opening=dict(s.opening), moves=dict(s.moves),
                    months=s.months, imported_on=s.imported_on, last_booking=s.last_booking,
                    fingerprint=s.fingerprint, memo=s.memo)


def year_sums(session: Session, client_id: int, year: int, known: Imported | None = None
              ) -> YearSums | None:
    """The sums of one fiscal year; ``known``: the client's imports as the caller read them
    in this transaction (``imported``), else they are read for this year."""
    if known is not None and known.client_id == client_id:
        imp, corrections = known.of(year), known.corrections
    else:
        imp, corrections = session.exec(select(LedgerImport, _corrections_count(client_id))
                                        .where(LedgerImport.client_id == client_id,
                                               LedgerImport.year == year)).first() or (None, 0)
    if imp is None:
        return None
    engine = session.get_bind().engine
    key = _fingerprint(session, imp, int(corrections or 0))
    with _sums_lock:
        cache = _sums_cache.setdefault(engine, OrderedDict())
        cached = cache.get(key)
        if cached is not None:
            cache.move_to_end(key)
    if cached is not None:
        return _copy(cached)
    sums = _read_sums(session, imp, year)
    sums.fingerprint, sums.memo = key, {}
    with _sums_lock:
        cache[key] = _copy(sums)
        while len(cache) > SUMS_CACHED:
            cache.popitem(last=False)
    return sums


def _read_sums(session: Session, imp: LedgerImport, year: int) -> YearSums:
    start = imp.start_date or date(year, 1, 1)
    imported = imp.imported_at.astimezone(TIMEZONE).date() if imp.imported_at else None
    sums = YearSums(year=year, start=start, imported_on=imported,
                    last_booking=imp.last_booking_date)
    # the import's day sums (LedgerDaySum) per category, opening flag and day
    day = LedgerDaySum
    rows = session.exec(
        select(LedgerAccount.category, day.is_opening, day.entry_date,
               func.sum(day.debit_cents - day.credit_cents))
        .join(LedgerAccount, (LedgerAccount.import_id == day.import_id)
              & (LedgerAccount.account_id == day.account_id))
        .where(day.import_id == imp.id)
        .group_by(LedgerAccount.category, day.is_opening, day.entry_date)
    ).all()
    for category, is_opening, entry_date, cents in rows:
        if is_opening or entry_date is None:
            sums.opening[category] = sums.opening.get(category, 0) + int(cents)
            continue
        index = (entry_date.year - start.year) * 12 + entry_date.month - start.month + 1
        index = min(max(index, 1), 12)  # corrections dated just outside the year count at its edge
        sums.moves[(category, index)] = sums.moves.get((category, index), 0) + int(cents)
    return sums


# --- results ------------------------------------------------------------------------------------


def _pl_figures(s: YearSums, first: int, last: int) -> dict[str, int]:
    omzet = -s.pl("omzet", first, last)
    kostprijs = s.pl("kostprijs", first, last)
    operating = -sum(s.pl(c, first, last) for c in OPERATING)
    net = -sum(s.pl(c, first, last) for c in CATEGORIES if CATEGORIES[c].section == "P")
    return {"omzet": omzet, "brutomarge": omzet - kostprijs, "bedrijfsresultaat": operating,
            "nettoresultaat": net}


# --- trends, statements ------------------------------------------------------------------------


def monthly_trend(s: YearSums) -> list[dict[str, int]]:
    """Per month: revenue, costs, result and cash at month end (for the charts)."""
    rows = []
    for month in range(1, s.months + 1):
        pl = _pl_figures(s, month, month)
        costs = sum(s.pl(c, month, month) for c in COSTS)
        rows.append({"month": month, "omzet": pl["omzet"], "kosten": costs,
                     "afschrijvingen": s.pl("afschrijvingen", month, month),
                     "resultaat": pl["nettoresultaat"],
                     "liquide_middelen": s.balance("liquide_middelen", month)})
    return rows


def profit_and_loss(this: YearSums, last: YearSums | None, first: int, upto: int
                    ) -> list[dict]:
    """Winst-en-verliesrekening per category: the period and the year to date, with last year.
    Revenue positive, costs negative, as a result statement reads."""
    rows = []
    for key, cat in CATEGORIES.items():
        if cat.section != "P":
            continue
        values = [-this.pl(key, first, upto), -this.pl(key, 1, upto),
                  -last.pl(key, first, upto) if last else None,
                  -last.pl(key, 1, upto) if last else None]
        if any(values):
            rows.append({"category": key, "label": cat.label, "period": values[0],
                         "ytd": values[1], "period_last_year": values[2],
                         "ytd_last_year": values[3]})
    return rows


def balance_sheet(this: YearSums, last: YearSums | None, upto: int) -> list[dict]:
    """Balans per category at the end of month ``upto``, with the same moment last year.
    Assets positive; equity and liabilities positive on their own side."""
    rows = []
    for key, cat in CATEGORIES.items():
        if cat.section != "B":
            continue
        sign = 1 if key in ASSETS else -1
        now = sign * this.balance(key, upto)
        before = sign * last.balance(key, upto) if last else None
        if now or before:
            rows.append({"category": key, "label": cat.label, "side": "activa" if sign > 0
                         else "passiva", "amount": now, "last_year": before})
    # this year's result is not booked to equity until the year is closed: show it, so the
    # balance balances
    rows.append({"category": "resultaat", "label": "Resultaat lopend boekjaar", "side": "passiva",
                 "amount": _net(this, upto), "last_year": _net(last, upto) if last else None})
    return rows


PL_KEYS = ("period", "period_last_year", "ytd", "ytd_last_year")
BS_KEYS = ("amount", "last_year")


def _total(rows: list[dict], key: str) -> int | None:
    """A column's total; unknown (None) when any part is unknown, e.g. no figures last year."""
    values = [r[key] for r in rows]
    return None if any(v is None for v in values) else sum(values)


def _line(kind: str, label: str, keys: tuple[str, ...], rows: list[dict] | None = None,
          category: str = "") -> dict:
    values = {k: (_total(rows, k) if rows is not None else None) for k in keys}
    return {"kind": kind, "label": label, "category": category, **values}


def profit_and_loss_statement(rows: list[dict]) -> list[dict]:
    """The Winst-en-verliesrekening as it is read, for screen and PDF alike: the operating
    rows, Bedrijfsresultaat, then the financial and other rows and the Resultaat. Each line
    has ``kind``: "row" or "total"."""
    operating = [r for r in rows if r["category"] in OPERATING]
    others = [r for r in rows if r["category"] not in OPERATING]
    lines = [{"kind": "row", **r} for r in operating]
    lines.append(_line("total", "Bedrijfsresultaat", PL_KEYS, operating))
    if others:
        lines += [{"kind": "row", **r} for r in others]
        lines.append(_line("total", "Resultaat", PL_KEYS, rows))
    return lines


def balance_sheet_statement(rows: list[dict]) -> list[dict]:
    """The Balans in two parts, Activa and Passiva, each with its heading ("section") and
    total, so the reader sees both sides agree."""
    lines = []
    for side, title, total in (("activa", "Activa", "Totaal activa"),
                               ("passiva", "Passiva", "Totaal passiva")):
        part = [r for r in rows if r["side"] == side]
        lines.append(_line("section", title, BS_KEYS))
        lines += [{"kind": "row", **r} for r in part]
        lines.append(_line("total", total, BS_KEYS, part))
    return lines


def _net(s: YearSums, upto: int) -> int:
    return -sum(s.pl(c, 1, upto) for c in CATEGORIES if CATEGORIES[c].section == "P")


def cash_cost_months(cash: int, cash_costs: int, months: int) -> float | None:
    """Liquide middelen in maanden kosten: cash divided by the average costs per month
    without afschrijvingen (they cost no money now) over ``months`` months; None without
    costs. The key figure ``liquiditeit_maanden`` and the observation both use this."""
    if months <= 0 or cash_costs <= 0:
        return None
    return cash / (cash_costs / months)


def months_available(s: YearSums) -> int:
    """The last month with any movement."""
    months = [m for (_, m) in s.moves]
    return max(months) if months else 12


def month_end(s: YearSums, index: int) -> date:
    """The last day of month ``index`` (1 = the fiscal year's first month)."""
    import calendar

    months = s.start.year * 12 + s.start.month - 1 + index - 1
    y, m = months // 12, months % 12 + 1
    return date(y, m, calendar.monthrange(y, m)[1])


COMPLETE_WITHIN_DAYS = 7


def is_complete(s: YearSums, month: int) -> bool:
    """Whether month ``month`` of the fiscal year is complete: it has bookings, it had ended
    before the day the figures were imported, and the bookkeeping reached its end: the last
    booking date ("geboekt t/m") lies in its last ``COMPLETE_WITHIN_DAYS`` days or later (a
    month whose last booking is on the 28th is booked; one that stops on the 5th is not)."""
    from datetime import timedelta

    if not any(m == month for (_, m) in s.moves):
        return False
    end = month_end(s, month)
    if s.imported_on is not None and end >= s.imported_on:
        return False
    return s.last_booking is None or s.last_booking >= end - timedelta(days=COMPLETE_WITHIN_DAYS)


def default_month(s: YearSums) -> int:
    """The default end of the period shown: the last *complete* month with bookings
    (``is_complete``), not the last month with any booking.

    Figures imported on 5 November show October, since November is still being booked; a
    file booked up to 5 November shows October, whenever it was imported; an invoice dated
    ahead (a December instalment booked in October) does not make December the period. When
    no month is complete (figures imported during the first month of the year), the last
    month with any booking; without any, month 12."""
    booked = sorted({m for (_, m) in s.moves})
    if not booked:
        return 12
    complete = [m for m in booked if is_complete(s, m)]
    return complete[-1] if complete else booked[-1]


TREND_YEARS = 5


@dataclass(frozen=True)
class YearTotals:
    """One fiscal year of the multi-year trend: results over its booked months, cash at the
    end of them; ``months`` how many months it covers (a year still running has fewer)."""

    year: int
    months: int
    omzet: int
    kosten: int
    resultaat: int
    liquide_middelen: int


def years_sums(session: Session, client_id: int, limit: int = TREND_YEARS,
               known: Imported | None = None) -> list[YearSums]:
    """The sums of the newest ``limit`` imported years, oldest first."""
    if known is None or known.client_id != client_id:
        known = imported(session, client_id)
    years = [imp.year for imp in known.imports][:limit]
    return [s for s in (year_sums(session, client_id, y, known) for y in reversed(years)) if s]


def yearly_trend(sums: list[YearSums]) -> list[YearTotals]:
    """Per imported year (up to five): revenue, costs, result up to its default month (a
    running year to date), cash at the end of that month."""
    rows = []
    for s in sums:
        upto = default_month(s)
        pl = _pl_figures(s, 1, upto)
        rows.append(YearTotals(s.year, upto, pl["omzet"],
                               sum(s.pl(c, 1, upto) for c in COSTS), pl["nettoresultaat"],
                               s.balance("liquide_middelen", upto)))
    return rows


def multi_year_monthly(sums: list[YearSums]) -> list[dict[str, int]]:
    """Every month of every imported year (oldest first), for the long trend line: ``year``,
    ``month`` (of the fiscal year), its calendar ``end`` (a date), revenue, costs, result and
    cash."""
    rows = []
    for s in sums:
        upto = months_available(s) if s.moves else 0
        for row in monthly_trend(s)[:upto]:
            rows.append({"year": s.year, "end": month_end(s, row["month"]), **row})
    return rows

