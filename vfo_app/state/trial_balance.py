"""Proef- en saldibalans of a client's fiscal year: every account's opening balance, debit and
credit movements and closing balance, aggregated by the database."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app import routes
from vfo_app.domain import figure_log
from vfo_app.domain.choices import Option
from vfo_app.domain.formatting import money
from vfo_app.domain.overview import figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.xaf.classify import CATEGORIES
from vfo_app.domain.xaf.ledger import (
    TrialBalanceRow,
    figures_source,
    trial_balance,
    year_import,
)
from vfo_app.state.session import SessionState, Tx, page_load

NO_FIGURES = "Er zijn nog geen cijfers geïmporteerd voor deze klant."


@dataclass
class BalanceRow:
    """An account of the Proef- en saldibalans, or (``account`` "") its totals."""

    account: str
    description: str
    category: str
    opening: str
    debit: str
    credit: str
    closing: str


def _row(r: TrialBalanceRow) -> BalanceRow:
    return BalanceRow(
        account=r.account_id, description=r.description,
        category=CATEGORIES[r.category].label if r.category in CATEGORIES else "",
        opening=money(r.opening_cents), debit=money(r.debit_cents),
        credit=money(r.credit_cents), closing=money(r.closing_cents))


def _totals(rows: list[TrialBalanceRow]) -> BalanceRow:
    return BalanceRow(account="", description="", category="",
                      **{k: money(sum(getattr(r, f"{k}_cents") for r in rows))
                         for k in ("opening", "debit", "credit", "closing")})


def _blank() -> BalanceRow:
    return BalanceRow("", "", "", "", "", "", "")


class TrialBalanceState(SessionState):
    title: str = ""
    year: str = ""
    year_options: list[Option] = rx.field(default_factory=list)
    rows: list[BalanceRow] = rx.field(default_factory=list)
    totals: BalanceRow = rx.field(default_factory=_blank)
    back_href: str = ""
    error: str = ""
    figures_source: str = ""  # "Cijfers t/m ..., ingelezen ... uit ..."

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.rows, self.totals, self.error, self.title = [], _blank(), "", ""
        wanted = self._query("jaar")

        shown: list[scopes.Scope] = []

        def read(tx: Tx) -> list[TrialBalanceRow]:
            client_id = self._client_id()
            scope = scopes.for_employee(tx.session, tx.actor, client_id)
            shown.append(scope)
            years = [str(i.year) for i in figures.fiscal_years(tx.session, client_id)]
            self.title = f"Proef- en saldibalans – {scope.client_name}"
            self.back_href = routes.financial_overview_url(client_id)
            self.year_options = [Option(y, y) for y in years]
            if not years:
                self.error = NO_FIGURES
                return []
            self.year = wanted if wanted in years else years[0]
            self.figures_source = figures_source(year_import(tx.session, client_id,
                                                             int(self.year)))
            return trial_balance(tx.session, tx.actor, client_id, int(self.year))

        outcome = self._run(read, tx=tx)
        if not outcome.ok:
            self.error = str(outcome.error)
            return outcome.answer
        self.rows = [_row(r) for r in outcome.value]
        self.totals = _totals(outcome.value)
        if outcome.value:  # a look at the figures: recorded in a savepoint of its own
            self._run(lambda t: figure_log.record_view(t.session, t.actor, shown[0],
                                                       figure_log.TRIAL_BALANCE),
                      tx=tx, quiet=True)
        return None

    @rx.event
    def choose_year(self, year: str):
        client_id = self._route_id("client_id")
        if client_id is None:
            return None
        return rx.redirect(routes.overview_trial_balance_url(client_id, str(year)))
