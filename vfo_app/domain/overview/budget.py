"""Budget per month per profit-and-loss category, and budget against actual.

A budget is kept per client, fiscal year, category (the profit-and-loss keys of
``classify.CATEGORIES``) and month of the fiscal year (1 = its first month, as in
``figures.YearSums``). Amounts are integer cents as the entrepreneur reads them: revenue and
costs both positive. The actuals come from ``figures.YearSums`` with the sign turned the same
way: revenue (``REVENUE``) is minus the ledger sum (credit), every other category plus it.

Employees who own or take part in the client's services read and change a budget (checked
with ``scopes.for_employee``); a client user reads it through the ``Scope`` the caller
obtained for their company. Starter has no budget.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlmodel import Session, select

from vfo_app.domain import audit, clock
from vfo_app.domain.advisor.client_input import parse_amount_cents
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import BudgetLine, Client
from vfo_app.domain.overview import figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.scope import Scope
from vfo_app.domain.xaf.classify import CATEGORIES, PROFIT_LOSS

MONTHS = range(1, 13)
KEYS: tuple[str, ...] = tuple(k for k, c in CATEGORIES.items() if c.section == PROFIT_LOSS)
REVENUE = ("omzet", "overige_opbrengsten")
MAX_CENTS = 10**13  # € 100 miljard per cel: more is a typing error
STARTER_REFUSED = ("Budgetten horen bij Visma Financial Overview; Starter toont het dashboard "
                   "en de trends.")
READ_ONLY = "Alleen de medewerkers van het kantoor passen het budget aan."

Grid = dict[tuple[str, int], int]  # (category, month) -> cents


def field_name(category: str, month: int | str) -> str:
    """The form field of one cell (``omzet-3``); ``omzet-jaar`` is the row's yearly amount."""
    return f"{category}-{month}"


def sign(category: str) -> int:
    """Ledger sum -> the amount as read: revenue is credit (negative in the ledger)."""
    return -1 if category in REVENUE else 1


@dataclass(frozen=True)
class Budget:
    client_id: int
    year: int
    cells: Grid

    def amount(self, category: str, month: int) -> int:
        return self.cells.get((category, month), 0)

    def total(self, category: str, first: int = 1, last: int = 12) -> int:
        return sum(self.amount(category, m) for m in range(first, last + 1))

    @property
    def is_empty(self) -> bool:
        return not any(self.cells.values())


# --- access -------------------------------------------------------------------------------


def scope_for(session: Session, who: Actor | Scope, client_id: int) -> Scope:
    scope = scopes.for_employee(session, who, client_id) if isinstance(who, Actor) else who
    if scope.client_id != client_id:
        raise PermissionDenied("U heeft geen toegang tot de cijfers van deze klant.")
    if scope.is_starter:
        raise PermissionDenied(STARTER_REFUSED)
    return scope


def _check_year(year: int) -> int:
    if not 1900 <= int(year) <= 2200:
        raise NotFound("Dit boekjaar bestaat niet.")
    return int(year)


# --- reading and saving -----------------------------------------------------------------


def _cells(session: Session, client_id: int, year: int) -> Grid:
    rows = session.exec(select(BudgetLine).where(BudgetLine.client_id == client_id,
                                                 BudgetLine.year == year)).all()
    return {(r.category, r.month): r.amount_cents for r in rows
            if r.category in KEYS and r.month in MONTHS}


def read(session: Session, who: Actor | Scope, client_id: int, year: int) -> Budget:
    """The budget of a fiscal year (empty cells are 0)."""
    scope_for(session, who, client_id)
    year = _check_year(year)
    return Budget(client_id, year, _cells(session, client_id, year))


def budget_years(session: Session, client_id: int) -> list[int]:
    """The years that have a budget (newest first); callers have checked access."""
    rows = session.exec(select(BudgetLine.year).where(BudgetLine.client_id == client_id)
                        .distinct()).all()
    return sorted({int(y) for y in rows}, reverse=True)


def parse_grid(form: Mapping[str, object]) -> Grid:
    """Every cell of a grid form (``omzet-1`` … ``overig_resultaat-12``) to cents. Empty is 0.
    Raises ValidationFailed with a Dutch message per unreadable cell; reads nothing else."""
    cells: Grid = {}
    errors: dict[str, str] = {}
    for key in KEYS:
        for month in MONTHS:
            name = field_name(key, month)
            text = str(form.get(name, "") or "").strip()
            if not text:
                continue
            cents = parse_amount_cents(text)
            if cents is None:
                errors[name] = "Geen bedrag; typ bijvoorbeeld 1.500 of 1.500,00"
            elif abs(cents) >= MAX_CENTS:
                errors[name] = "Dit bedrag is te groot"
            elif cents:
                cells[(key, month)] = cents
    if errors:
        raise ValidationFailed(errors)
    return cells


def save(session: Session, actor: Actor, client_id: int, year: int,
         cells: Grid | Mapping[str, object]) -> Budget:
    """Replace the budget of a whole year by ``cells`` (a parsed grid, or the grid form's
    fields, parsed here; a single unreadable cell refuses the whole save). Cells left out are 0.
    One audit entry lists the changed cells."""
    if not isinstance(actor, Actor):
        raise PermissionDenied(READ_ONLY)
    scope_for(session, actor, client_id)
    year = _check_year(year)
    if not all(isinstance(k, tuple) for k in cells):
        cells = parse_grid(cells)  # type: ignore[arg-type]
    unknown = [k for k in cells if k[0] not in KEYS or k[1] not in MONTHS]
    if unknown:
        raise ValidationFailed({field_name(*unknown[0]): "Onbekende rubriek of maand"})
    new = {k: int(v) for k, v in cells.items() if int(v)}
    rows = {(r.category, r.month): r for r in session.exec(
        select(BudgetLine).where(BudgetLine.client_id == client_id, BudgetLine.year == year))}
    changes: dict[str, list[int]] = {}
    now = clock.now()
    for key, row in rows.items():
        if key not in new:
            changes[field_name(*key)] = [row.amount_cents, 0]
            session.delete(row)
        elif row.amount_cents != new[key]:
            changes[field_name(*key)] = [row.amount_cents, new[key]]
            row.amount_cents, row.updated_at, row.updated_by_id = new[key], now, actor.identity_id
            session.add(row)
    for key, cents in new.items():
        if key not in rows:
            changes[field_name(*key)] = [0, cents]
            session.add(BudgetLine(client_id=client_id, year=year, category=key[0],
                                   month=key[1], amount_cents=cents, updated_at=now,
                                   updated_by_id=actor.identity_id))
    if changes:
        client = session.get(Client, client_id)
        audit.record(session, actor_id=actor.identity_id, office_id=client.office_id,
                     action="budget", entity="budget", entity_id=client_id,
                     changes={"year": year, "cells": changes})
    session.flush()
    return Budget(client_id, year, new)


# --- quick fills ----------------------------------------------------------------------------


def spread(total_cents: int, months: int = 12) -> list[int]:
    """A yearly amount evenly over the months in whole euros; the euros that remain go to the
    first months, odd cents to the first. The parts add up to the total exactly."""
    euros, cents = divmod(abs(total_cents), 100)
    base, rest = divmod(euros, months)
    parts = [(base + (1 if i < rest else 0)) * 100 for i in range(months)]
    parts[0] += cents
    return [-p for p in parts] if total_cents < 0 else parts


def parse_percent(text: str) -> Decimal:
    """'5', '2,5', '-3', '+4 %' -> Decimal; raises ValidationFailed on anything else."""
    cleaned = str(text or "").strip().replace("%", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return Decimal(0)
    if not re.fullmatch(r"[+-]?\d{1,3}(\.\d{1,2})?", cleaned):
        raise ValidationFailed({"percentage": "Geen percentage; typ bijvoorbeeld 5 of 2,5"})
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern allows only numbers
        raise ValidationFailed({"percentage": "Geen percentage"}) from None
    if value <= -100:
        raise ValidationFailed({"percentage": "Een daling van 100% of meer kan niet"})
    return value


def from_last_year(session: Session, who: Actor | Scope, client_id: int, year: int,
                   percent: Decimal | int | str = 0) -> Grid:
    """Last year's actuals per category and month, plus ``percent`` (rounded to whole euros),
    as a grid to fill in; nothing is saved."""
    scope_for(session, who, client_id)
    year = _check_year(year)
    if not isinstance(percent, Decimal):
        percent = parse_percent(str(percent))
    last = figures.year_sums(session, client_id, year - 1)
    if last is None:
        raise NotFound(f"Van {year - 1} zijn geen cijfers ingelezen.")
    factor = 1 + percent / 100
    grid: Grid = {}
    for key in KEYS:
        for month in MONTHS:
            actual = sign(key) * last.pl(key, month, month)
            euros = (Decimal(actual) * factor / 100).quantize(Decimal(1), ROUND_HALF_UP)
            if euros:
                grid[(key, month)] = int(euros) * 100
    return grid


# --- budget against actual ---------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    category: str  # a category key, or "resultaat" for the total row
    label: str
    budget: int
    actual: int

    @property
    def difference(self) -> int:
        return self.actual - self.budget

    @property
    def percent(self) -> float | None:
        """The difference as a percentage of the budget (None without a budget)."""
        return round(100 * self.difference / abs(self.budget), 1) if self.budget else None


@dataclass(frozen=True)
class BudgetVsActual:
    year: int
    first: int
    upto: int
    has_budget: bool
    has_actuals: bool
    period: list[Comparison]
    ytd: list[Comparison]


def _rows(budget: Budget, sums: figures.YearSums | None, first: int, upto: int
          ) -> list[Comparison]:
    rows = []
    for key in KEYS:
        actual = sign(key) * sums.pl(key, first, upto) if sums else 0
        rows.append(Comparison(key, CATEGORIES[key].label, budget.total(key, first, upto),
                               actual))
    result_budget = sum((1 if r.category in REVENUE else -1) * r.budget for r in rows)
    result_actual = sum((1 if r.category in REVENUE else -1) * r.actual for r in rows)
    return [*rows, Comparison("resultaat", "Resultaat", result_budget, result_actual)]


def against_actual(session: Session, who: Actor | Scope, client_id: int, year: int,
                   first: int | None = None, upto: int | None = None,
                   sums: figures.YearSums | None = None) -> BudgetVsActual:
    """Budget and actual per category for months ``first``..``upto`` of the fiscal year and
    for the year to date (1..``upto``), with a Resultaat row. ``upto`` defaults to the last
    complete month (``figures.default_month``, as everywhere); ``sums`` may be passed when
    the caller has them already."""
    budget = read(session, who, client_id, year)
    if sums is None or sums.year != year:
        sums = figures.year_sums(session, client_id, year)
    upto = upto or (figures.default_month(sums) if sums else 12)
    first = first or upto
    if not (1 <= first <= upto <= 12):
        raise ValidationFailed({"periode": "Kies een periode binnen het boekjaar"})
    period, ytd = _rows(budget, sums, first, upto), _rows(budget, sums, 1, upto)
    keep = {r.category for r in ytd + period if r.budget or r.actual}
    return BudgetVsActual(
        year=year, first=first, upto=upto, has_budget=not budget.is_empty,
        has_actuals=sums is not None,
        period=[r for r in period if r.category in keep or r.category == "resultaat"],
        ytd=[r for r in ytd if r.category in keep or r.category == "resultaat"],
    )
