"""Drill-down for the accountant: the accounts of a figure, the lines of an account.

The selection lives in the URL (``jaar``, ``categorie``, ``van``, ``t_m``, ``pagina``), so a
page can be bookmarked and the back button works; choosing another year or period navigates,
and on_load reads it again. Every load and every correction checks the employee's access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

import reflex as rx

from vfo_app import routes
from vfo_app.domain import figure_log
from vfo_app.domain.choices import Option
from vfo_app.domain.errors import NotFound
from vfo_app.domain.formatting import day, money, month_name, number
from vfo_app.domain.overview import drilldown, figures
from vfo_app.domain.overview.scope import Scope
from vfo_app.domain.xaf.classify import CATEGORIES
from vfo_app.domain.xaf.ledger import (
    accounts_to_confirm,
    confirm_classification,
    figures_source,
    set_classification,
)
from vfo_app.state.session import SessionState, Tx, page_load

NO_FIGURES = "Van deze klant zijn nog geen cijfers ingelezen."


@dataclass
class AccountRow:
    """A ledger account of the figure, with its rubriek (a key of CATEGORIES) to change."""

    account_id: str
    description: str
    category: str
    amount: str
    corrected: bool  # the office chose the rubriek; it stays on a new import
    field_id: str
    href: str
    basis: str = ""  # what the rubriek rests on, in words


@dataclass
class ConfirmRow:
    """An account whose rubriek rests on its number alone, for the accountant to confirm."""

    account_id: str
    description: str
    category_label: str
    basis: str


@dataclass
class LineRow:
    """A transaction line of an account."""

    date: str
    journal: str
    nr: str
    description: str
    debit: str
    credit: str


def _int(raw: object, default: int | None = None) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() else default


def _calendar_month(start_month: int, index: int) -> int:
    return (start_month - 1 + index - 1) % 12 + 1


class DrillState(SessionState):
    """What both drill-down pages share: the checked client and the selected year."""

    checked: bool = False
    allowed: bool = False
    reason: str = ""
    client_name: str = ""
    overview_href: str = ""
    data_href: str = ""
    year: str = ""
    figures_source: str = ""  # "Cijfers t/m ..., ingelezen ... uit ..."
    year_options: list[Option] = rx.field(default_factory=list)
    _scope_shown: Scope | None = None  # during one event only

    def _start(self, tx: Tx) -> tuple[int, int, int]:
        """(client id, year, first calendar month of that year); fills the shared vars."""
        client_id = self._client_id()
        scope = drilldown.scope_for(tx.session, tx.actor, client_id)
        self._scope_shown = scope
        self.client_name = scope.client_name
        self.overview_href = routes.financial_overview_url(client_id)
        self.data_href = routes.overview_data_url(client_id)
        imports = figures.fiscal_years(tx.session, client_id)
        if not imports:
            raise NotFound(NO_FIGURES)
        self.year_options = [Option(str(i.year), str(i.year)) for i in imports]
        wanted = self._query("jaar")
        chosen = next((i for i in imports if str(i.year) == wanted), imports[0])
        self.year = str(chosen.year)
        self.figures_source = figures_source(chosen)
        return client_id, chosen.year, chosen.start_date.month if chosen.start_date else 1

    def _fill(self, tx: Tx) -> None:  # pragma: no cover - each page fills its own
        raise NotImplementedError

    def _viewed(self) -> str:
        """What a load of this page records as looked at (figure_log)."""
        return figure_log.ACCOUNTS

    def _show(self, tx: Tx | None = None):
        """The page for the URL's selection; a refusal on the load is said on the page. A
        load records the look (figure_log) in a savepoint of its own, after the reads."""
        outcome = self._run(self._fill, tx=tx)
        if outcome.ok and tx is not None and self._scope_shown is not None:
            scope, what = self._scope_shown, self._viewed()
            self._run(lambda t: figure_log.record_view(t.session, t.actor, scope, what),
                      tx=tx, quiet=True)
        self._scope_shown = None
        if outcome.ok:
            self.checked, self.allowed, self.reason = True, True, ""
        elif tx is not None:
            self.checked, self.allowed, self.reason = True, False, str(outcome.error)
        return outcome.answer


class AccountsState(DrillState):
    key: str = ""
    label: str = ""
    first: str = "1"
    upto: str = "12"
    is_profit_loss: bool = True
    period_text: str = ""
    total: str = ""
    rows: list[AccountRow] = rx.field(default_factory=list)
    to_confirm: list[ConfirmRow] = rx.field(default_factory=list)
    key_options: list[Option] = rx.field(default_factory=list)
    month_options: list[Option] = rx.field(default_factory=list)

    def _fill(self, tx: Tx) -> None:
        client_id, year, start_month = self._start(tx)
        key = self._query("categorie") or "omzet"
        wanted = _int(self._query("t_m"), 0)  # none: the last complete month
        upto = min(max(wanted, 1), 12) if wanted else None
        first = min(max(_int(self._query("van"), 1), 1), upto or 12)
        view = drilldown.accounts(tx.session, tx.actor, client_id, year=year, key=key,
                                  first_month=first, upto_month=upto)
        months = {i: month_name(_calendar_month(start_month, i)) for i in range(1, 13)}
        self.key, self.label, self.is_profit_loss = view.key, view.label, view.is_profit_loss
        self.first, self.upto = str(view.first_month), str(view.upto_month)
        self.period_text = (
            f"{months[view.first_month]} t/m {months[view.upto_month]} {year}"
            if view.is_profit_loss else f"Stand einde {months[view.upto_month]} {year}")
        self.month_options = [Option(str(i), m) for i, m in months.items()]
        self.key_options = [Option(k, label) for k, label in drilldown.choices()]
        self.total = money(view.total_cents)
        self.rows = [AccountRow(
            account_id=a.account_id, description=a.description or "(zonder omschrijving)",
            category=a.category, amount=money(a.amount_cents), corrected=bool(a.corrected),
            field_id="rubriek-" + re.sub(r"[^A-Za-z0-9_-]", "_", a.account_id),
            href=routes.overview_account_url(client_id, a.account_id, year), basis=a.basis,
        ) for a in view.accounts]
        self.to_confirm = [ConfirmRow(
            account_id=a.account_id, description=a.description or "(zonder omschrijving)",
            category_label=a.category_label, basis=a.basis,
        ) for a in accounts_to_confirm(tx.session, tx.actor, client_id, year)]

    def _go(self, year: str, key: str, first: str, upto: str):
        client_id = self._route_id("client_id") or 0
        return rx.redirect(routes.overview_accounts_url(client_id, year, key, upto, first))

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.reset()  # nothing of the client shown before stays when this one is refused
        return self._show(tx)

    @rx.event
    def choose_year(self, value: str):
        return self._go(str(value), self.key, self.first, self.upto)

    @rx.event
    def choose_key(self, value: str):
        return self._go(self.year, str(value), self.first, self.upto)

    @rx.event
    def choose_first(self, value: str):
        first = str(value)
        upto = self.upto if _int(self.upto, 12) >= _int(first, 1) else first
        return self._go(self.year, self.key, first, upto)

    @rx.event
    def choose_upto(self, value: str):
        upto = str(value)
        first = self.first if _int(self.first, 1) <= _int(upto, 12) else upto
        return self._go(self.year, self.key, first, upto)

    @rx.event
    def reclassify(self, account_id: str, category: str):
        """The accountant's rubriek for an account: every year, and kept for re-imports."""
        account_id, category = str(account_id), str(category)
        outcome = self._run(lambda tx: set_classification(
            tx.session, tx.actor, self._client_id(), account_id, category))
        if not outcome.ok:
            return outcome.answer
        answer = self._show()
        if answer is not None:
            return answer
        label = CATEGORIES[category].label
        return rx.toast.success(f"Rekening {account_id} valt nu onder {label}.")

    @rx.event
    def confirm(self, account_id: str):
        """The accountant keeps the rubriek of an account that rested on its number."""
        account_id, year = str(account_id), _int(self.year, 0)
        outcome = self._run(lambda tx: confirm_classification(
            tx.session, tx.actor, self._client_id(), year, account_id))
        if not outcome.ok:
            return outcome.answer
        answer = self._show()
        if answer is not None:
            return answer
        label = CATEGORIES[outcome.value].label
        return rx.toast.success(f"Rubriek {label} van rekening {account_id} bevestigd.")


class AccountLinesState(DrillState):
    account_id: str = ""
    description: str = ""
    category_label: str = ""
    page: int = 1
    pages: int = 1
    count_text: str = ""
    debit_total: str = ""
    credit_total: str = ""
    back_href: str = ""
    rows: list[LineRow] = rx.field(default_factory=list)

    def _fill(self, tx: Tx) -> None:
        account_id = unquote(str(self.router._page.params.get("account_id", "")))
        client_id, year, _ = self._start(tx)
        result = drilldown.account_lines(tx.session, tx.actor, client_id, year=year,
                                         account_id=account_id,
                                         page=_int(self._query("pagina"), 1))
        self.account_id, self.description = result.account_id, result.description
        category = CATEGORIES.get(result.category)
        self.category_label = category.label if category else ""
        self.back_href = routes.overview_accounts_url(client_id, year, result.category)
        self.page, self.pages = result.page, result.pages
        shown_from = (result.page - 1) * drilldown.PAGE_SIZE + 1 if result.lines else 0
        self.count_text = (f"Regel {number(shown_from, 0)}–"
                           f"{number(shown_from + len(result.lines) - 1, 0)} van "
                           f"{number(result.total_lines, 0)}" if result.lines else "Geen regels")
        self.debit_total = money(result.debit_total_cents)
        self.credit_total = money(result.credit_total_cents)
        self.rows = [LineRow(
            date=day(x.entry_date), journal="Beginbalans" if x.is_opening else x.journal_id,
            nr=x.transaction_nr, description=x.description,
            debit=money(x.debit_cents) if x.debit_cents else "",
            credit=money(x.credit_cents) if x.credit_cents else "",
        ) for x in result.lines]

    def _viewed(self) -> str:
        return f"Boekingen van rekening {self.account_id}"

    def _go(self, year: str, page: int):
        client_id = self._route_id("client_id") or 0
        return rx.redirect(routes.overview_account_url(client_id, self.account_id, year, page))

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.reset()  # nothing of the client shown before stays when this one is refused
        return self._show(tx)

    @rx.event
    def choose_year(self, value: str):
        return self._go(str(value), 1)

    @rx.event
    def previous_page(self):
        return self._go(self.year, max(1, self.page - 1))

    @rx.event
    def next_page(self):
        return self._go(self.year, min(self.pages, self.page + 1))
