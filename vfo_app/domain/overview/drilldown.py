"""Drill down: from a figure to its ledger accounts, from an account to its transaction lines.

The amounts are the figures' own (``figures.py``): one GROUP BY per account in the database,
the same months (dates before the first month count in it, after the last in that one, as
``figures.year_sums`` clamps them), the same signs (revenue and equity positive). Lines are
paged by the database, 50 at a time. Callers pass the employee's ``Actor`` (checked here
with ``scopes.for_employee``) or a ``Scope`` they obtained for a client user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, false, func, or_, true
from sqlmodel import Session, select

from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import LedgerAccount, LedgerDaySum, LedgerImport, LedgerLine
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.figures import ASSETS, COSTS, CURRENT_ASSETS, OPERATING, SHORT_DEBT
from vfo_app.domain.overview.scope import Scope
from vfo_app.domain.xaf.classify import CATEGORIES, PROFIT_LOSS
from vfo_app.domain.xaf.ledger import NO_YEAR

PAGE_SIZE = 50
STARTER_REFUSED = ("Inzoomen op rekeningen en boekingen hoort bij Visma Financial Overview; "
                   "Starter toont het dashboard en de trends.")
_PL = tuple(k for k, c in CATEGORIES.items() if c.section == PROFIT_LOSS)


@dataclass(frozen=True)
class Selection:
    """What a figure is made of: categories, and the sign that shows it as it reads."""

    key: str
    label: str
    categories: tuple[str, ...]
    sign: int  # -1: credit shown positive (revenue, equity, debts); +1: debit positive

    @property
    def is_profit_loss(self) -> bool:
        return all(CATEGORIES[c].section == PROFIT_LOSS for c in self.categories)


def _category(key: str) -> Selection:
    cat = CATEGORIES[key]
    sign = -1 if cat.section == PROFIT_LOSS or key not in ASSETS else 1
    return Selection(key, cat.label, (key,), sign)


# Key figures of the dashboard that are sums (the ratios have no accounts of their own).
KEY_FIGURES: dict[str, Selection] = {s.key: s for s in (
    Selection("brutomarge", "Brutomarge", ("omzet", "kostprijs"), -1),
    Selection("bedrijfsresultaat", "Bedrijfsresultaat", OPERATING, -1),
    Selection("nettoresultaat", "Nettoresultaat", _PL, -1),
    # the Balans's "Resultaat lopend boekjaar": the result from the first month up to the end
    Selection("resultaat", "Resultaat lopend boekjaar", _PL, -1),
    Selection("kosten", "Kosten", COSTS, 1),
    Selection("werkkapitaal", "Werkkapitaal", CURRENT_ASSETS + SHORT_DEBT, 1),
)}


def selection(key: str) -> Selection:
    """A category key (``omzet``, ``liquide_middelen``, ``crediteuren`` …: the same sign as the
    key figure of that name) or a key figure that is a sum (``brutomarge`` …)."""
    if key in CATEGORIES:
        return _category(key)
    if key in KEY_FIGURES:
        return KEY_FIGURES[key]
    raise NotFound("Dit onderdeel van de cijfers bestaat niet.")


def choices() -> list[tuple[str, str]]:
    """(key, label) of everything one can drill into, for a select."""
    return [(k, c.label) for k, c in CATEGORIES.items()] + [
        (k, s.label) for k, s in KEY_FIGURES.items()]


# --- access ------------------------------------------------------------------------------


def scope_for(session: Session, who: Actor | Scope, client_id: int) -> Scope:
    """The checked scope: an employee's actor is checked here; a Scope must be this client's.
    Starter has no drill-down."""
    scope = scopes.for_employee(session, who, client_id) if isinstance(who, Actor) else who
    if scope.client_id != client_id:
        raise PermissionDenied("U heeft geen toegang tot de cijfers van deze klant.")
    if scope.is_starter:
        raise PermissionDenied(STARTER_REFUSED)
    return scope


def _year(session: Session, client_id: int, year: int) -> LedgerImport:
    imp = session.exec(select(LedgerImport).where(LedgerImport.client_id == client_id,
                                                  LedgerImport.year == year)).first()
    if imp is None:
        raise NotFound(NO_YEAR)
    return imp


def _month_start(start: date, index: int) -> date:
    """The first day of month ``index`` (1 = the fiscal year's first month)."""
    months = start.year * 12 + start.month - 1 + index - 1
    return date(months // 12, months % 12 + 1, 1)


def _check_months(first: int, upto: int) -> None:
    if not (1 <= first <= upto <= 12):
        raise ValidationFailed({"t_m": "Kies een periode binnen het boekjaar."})


def _included(imp: LedgerImport, sel: Selection, first: int, upto: int):
    """The lines that make the figure: movements in months first..upto (the edges take the
    dates outside the year); balance figures also take the opening balance and, being
    positions, every month from the first."""
    start = imp.start_date or date(imp.year, 1, 1)
    if not sel.is_profit_loss:
        first = 1
    dated = and_(LedgerDaySum.is_opening == false(), LedgerDaySum.entry_date.is_not(None))
    low = true() if first == 1 else LedgerDaySum.entry_date >= _month_start(start, first)
    high = true() if upto == 12 else LedgerDaySum.entry_date < _month_start(start, upto + 1)
    moves = and_(dated, low, high)
    if sel.is_profit_loss:
        return moves
    return or_(LedgerDaySum.is_opening == true(), LedgerDaySum.entry_date.is_(None), moves)


# --- accounts of a figure -------------------------------------------------------------------


@dataclass(frozen=True)
class AccountAmount:
    account_id: str  # accID as in the file
    description: str
    category: str
    corrected: bool
    amount_cents: int  # shown as the figure reads (see Selection.sign)
    basis: str = ""  # what the category rests on, in words


@dataclass(frozen=True)
class AccountsView:
    key: str
    label: str
    year: int
    first_month: int
    upto_month: int
    is_profit_loss: bool
    accounts: list[AccountAmount]
    total_cents: int


def accounts(session: Session, who: Actor | Scope, client_id: int, *, year: int, key: str,
             first_month: int = 1, upto_month: int | None = 12) -> AccountsView:
    """The ledger accounts of a figure with their amounts for the year and months; their sum is
    the figure (profit and loss: months first..upto; balance: the position at month upto).
    ``upto_month`` None: the page's default, the last complete month (``figures.default_month``,
    as everywhere a period is chosen for the reader)."""
    from vfo_app.domain.overview import figures

    scope = scope_for(session, who, client_id)
    sel = selection(key)
    imp = _year(session, scope.client_id, year)
    if upto_month is None:
        sums = figures.year_sums(session, scope.client_id, year)
        upto_month = figures.default_month(sums) if sums is not None else 12
        first_month = min(first_month, upto_month)
    _check_months(first_month, upto_month)
    total = func.sum(LedgerDaySum.debit_cents - LedgerDaySum.credit_cents)
    rows = session.exec(
        select(LedgerAccount.account_id, LedgerAccount.description, LedgerAccount.category,
               LedgerAccount.corrected, total, LedgerAccount.classification_basis)
        .join(LedgerDaySum, (LedgerDaySum.import_id == LedgerAccount.import_id)
              & (LedgerDaySum.account_id == LedgerAccount.account_id))
        .where(LedgerAccount.import_id == imp.id, LedgerAccount.category.in_(sel.categories),
               _included(imp, sel, first_month, upto_month))
        .group_by(LedgerAccount.account_id, LedgerAccount.description, LedgerAccount.category,
                  LedgerAccount.corrected, LedgerAccount.classification_basis)
        .order_by(LedgerAccount.account_id)).all()
    items = [AccountAmount(a, d, c, bool(k), sel.sign * int(t), b or "")
             for a, d, c, k, t, b in rows]
    return AccountsView(sel.key, sel.label, year, first_month if sel.is_profit_loss else 1,
                        upto_month, sel.is_profit_loss, items,
                        sum(i.amount_cents for i in items))


# --- lines of an account ------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    entry_date: date | None
    journal_id: str
    transaction_nr: str
    description: str
    debit_cents: int
    credit_cents: int
    is_opening: bool


@dataclass(frozen=True)
class LinesPage:
    account_id: str
    description: str
    category: str
    year: int
    page: int
    pages: int
    total_lines: int
    debit_total_cents: int  # of all the account's lines in the year, not only this page
    credit_total_cents: int
    lines: list[Line]


def account_lines(session: Session, who: Actor | Scope, client_id: int, *, year: int,
                  account_id: str, page: int = 1, page_size: int = PAGE_SIZE) -> LinesPage:
    """One page of an account's lines in the year: opening balance first, then by date."""
    scope = scope_for(session, who, client_id)
    imp = _year(session, scope.client_id, year)
    account = session.exec(select(LedgerAccount).where(
        LedgerAccount.import_id == imp.id, LedgerAccount.account_id == account_id)).first()
    if account is None:
        raise NotFound("Deze rekening staat niet in het grootboek van dit boekjaar.")
    day = LedgerDaySum
    count, debit, credit = session.exec(
        select(func.coalesce(func.sum(day.lines), 0), func.coalesce(func.sum(day.debit_cents), 0),
               func.coalesce(func.sum(day.credit_cents), 0))
        .where(day.import_id == imp.id, day.account_id == account_id)).one()
    of_account = (LedgerLine.import_id == imp.id) & (LedgerLine.account_id == account_id)
    amount = LedgerLine.amount_cents
    pages = max(1, -(-int(count) // page_size))
    page = min(max(1, page), pages)
    rows = session.exec(
        select(LedgerLine.entry_date, LedgerLine.journal_id, LedgerLine.transaction_nr,
               LedgerLine.description, amount, LedgerLine.is_opening)
        .where(of_account)
        .order_by(LedgerLine.is_opening.desc(), LedgerLine.entry_date, LedgerLine.id)
        .offset((page - 1) * page_size).limit(page_size)).all()
    lines = [Line(d, j, t, s, max(a, 0), max(-a, 0), bool(o)) for d, j, t, s, a, o in rows]
    return LinesPage(account.account_id, account.description, account.category, year, page,
                     pages, int(count), int(debit), int(credit), lines)

