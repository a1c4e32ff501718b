"""Proef- en saldibalans of a client's fiscal year: every account's opening balance, debit and
credit movements and closing balance, aggregated by the database."""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app import routes
from vfo_app.domain.errors import DomainError
from vfo_app.domain.formatting import money
from vfo_app.domain.overview import figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.xaf.classify import CATEGORIES
from vfo_app.domain.xaf.ledger import trial_balance
from vfo_app.state.session import SessionState, page_load


def _row(r) -> dict[str, Any]:
    return {"account": r.account_id, "description": r.description,
            "category": CATEGORIES[r.category].label if r.category in CATEGORIES else "",
            "opening": money(r.opening_cents), "debit": money(r.debit_cents),
            "credit": money(r.credit_cents), "closing": money(r.closing_cents)}


class TrialBalanceState(SessionState):
    title: str = ""
    year: str = ""
    year_options: list[dict[str, str]] = rx.field(default_factory=list)
    rows: list[dict[str, Any]] = rx.field(default_factory=list)
    totals: dict[str, str] = rx.field(default_factory=dict)
    back_href: str = ""
    error: str = ""

    @rx.event
    @page_load(employee=True)
    def load(self):
        self.rows, self.totals, self.error = [], {}, ""
        wanted = self._query("jaar")
        try:
            client_id = self._client_id()
            with self._use_case() as (session, actor):
                scope = scopes.for_employee(session, actor, client_id)
                years = [str(i.year) for i in figures.fiscal_years(session, client_id)]
                self.title = f"Proef- en saldibalans – {scope.client_name}"
                self.back_href = routes.financial_overview_url(client_id)
                self.year_options = [{"value": y, "label": y} for y in years]
                if not years:
                    self.error = "Er zijn nog geen cijfers geïmporteerd voor deze klant."
                    return None
                self.year = wanted if wanted in years else years[0]
                rows = trial_balance(session, actor, client_id, int(self.year))
        except DomainError as exc:
            self.error = str(exc)
            return self._fail(exc)
        self.rows = [_row(r) for r in rows]
        self.totals = {k: money(sum(getattr(r, f"{k}_cents") for r in rows))
                       for k in ("opening", "debit", "credit", "closing")}
        return None

    @rx.event
    def choose_year(self, year: str):
        client_id = self._route_id("client_id")
        if client_id is None:
            return None
        return rx.redirect(routes.overview_trial_balance_url(client_id, str(year)))
