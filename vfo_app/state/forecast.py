"""Liquiditeitsprognose of a client (vfo_app.domain.overview.forecast): serving employees,
full version only; every event checks again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from vfo_app import routes
from vfo_app.domain.formatting import day, money_whole
from vfo_app.domain.overview import forecast
from vfo_app.domain.overview import scope as scopes
from vfo_app.state.session import SessionState, Tx, page_load


@dataclass
class WeekRow:
    week: str  # "Week 3"
    period: str  # "15-12 t/m 21-12"
    receipts: str
    payments: str
    vat: str
    costs: str
    closing: str
    lowest: bool
    negative: bool


@dataclass
class ChartPoint:
    week: str
    saldo: float
    laagste: float | None  # only on the lowest point (the start or a week): the marked point


@dataclass
class AssumptionRow:
    field: str
    label: str
    value: str  # as used, formatted
    derived: str  # from the figures, formatted
    basis: str
    overridden: bool
    input_value: str  # the accountant's own value for the form ("" = derived)


def _fmt(kind: str, value: int) -> str:
    return f"{value} dagen" if kind == "days" else money_whole(value)


def _plain_amount(cents: int) -> str:
    """An amount as the form shows it back: 12500,00."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


class ForecastState(SessionState):
    title: str = ""
    error: str = ""
    has_forecast: bool = False
    back_href: str = ""
    client_href: str = ""
    start_label: str = ""
    opening: str = ""
    lowest: str = ""
    lowest_week: str = ""  # "in week 3 (...)" or "bij de start (...)"
    lowest_negative: bool = False
    closing: str = ""
    vat_period: str = ""
    vat_dates: list[str] = rx.field(default_factory=list)
    weeks: list[WeekRow] = rx.field(default_factory=list)
    chart: list[ChartPoint] = rx.field(default_factory=list)
    assumptions: list[AssumptionRow] = rx.field(default_factory=list)
    notes: list[str] = rx.field(default_factory=list)
    errors: dict[str, str] = rx.field(default_factory=dict)
    form_key: int = 0
    view: str = "grafiek"  # "grafiek" | "tabel"

    def _fill(self, result: forecast.Forecast | None) -> None:
        self.has_forecast = result is not None
        if result is None:
            self.error = forecast.NO_FIGURES
            return
        self.error = ""
        low = result.lowest
        self.start_label = day(result.today)
        self.opening = money_whole(result.inputs.start_cash)
        self.lowest = money_whole(low.amount)
        self.lowest_week = (f"bij de start ({day(low.start)})" if low.at_start
                            else f"in week {low.index} ({day(low.start)} t/m {day(low.end)})")
        self.lowest_negative = low.amount < 0
        self.closing = money_whole(result.weeks[-1].closing)
        self.vat_period = result.inputs.vat_period
        self.vat_dates = [f"{day(v.due)}: {money_whole(v.amount)} (periode t/m {day(v.period_end)})"
                          for v in result.vat]
        self.weeks = [WeekRow(
            week=f"Week {w.index}", period=f"{w.start:%d-%m} t/m {w.end:%d-%m}",
            receipts=money_whole(w.receipts), payments=money_whole(-w.payments),
            vat=money_whole(-w.vat), costs=money_whole(-w.costs), closing=money_whole(w.closing),
            lowest=w.index == low.index, negative=w.closing < 0) for w in result.weeks]
        start = round(result.inputs.start_cash / 100, 2)
        self.chart = [ChartPoint(week="start", saldo=start,
                                 laagste=start if low.at_start else None)] + [
            ChartPoint(week=f"wk {w.index}", saldo=round(w.closing / 100, 2),
                       laagste=round(w.closing / 100, 2) if w.index == low.index else None)
            for w in result.weeks]
        self.assumptions = [AssumptionRow(
            field=a.field, label=a.label, value=_fmt(a.kind, a.value),
            derived=_fmt(a.kind, a.derived), basis=a.basis, overridden=a.overridden,
            input_value=("" if not a.overridden else str(a.value) if a.kind == "days"
                         else _plain_amount(a.value))) for a in result.assumptions]
        self.notes = result.notes

    def _show(self, tx: Tx | None = None):
        def read(tx: Tx):
            client_id = self._client_id()
            self.back_href = routes.financial_overview_url(client_id)
            self.client_href = routes.client_url(client_id)
            result = forecast.forecast(tx.session, tx.actor, client_id)
            name = scopes.for_employee(tx.session, tx.actor, client_id).client_name
            self.title = f"Liquiditeitsprognose – {name}"
            return result

        outcome = self._run(read, tx=tx)
        if not outcome.ok:
            self.has_forecast, self.weeks, self.chart, self.assumptions = False, [], [], []
            self.error = str(outcome.error)
            return outcome.answer
        self._fill(outcome.value)
        self.form_key += 1
        return None

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.errors, self.view = {}, "grafiek"
        return self._show(tx)

    @rx.event
    def save(self, form: dict[str, Any]):
        form = form if isinstance(form, dict) else {}
        self.errors = {}
        client_id = self._route_id("client_id") or 0
        outcome = self._run(lambda tx: forecast.save_assumptions(tx.session, tx.actor,
                                                                 client_id, form))
        if not outcome.ok:
            return outcome.answer
        self._show()
        return rx.toast.success("De uitgangspunten zijn opgeslagen; de prognose is herberekend.")

    @rx.event
    def use_figures(self):
        """Every assumption back to what the figures give."""
        self.errors = {}
        client_id = self._route_id("client_id") or 0
        outcome = self._run(lambda tx: forecast.save_assumptions(tx.session, tx.actor,
                                                                 client_id, {}))
        if not outcome.ok:
            return outcome.answer
        self._show()
        return rx.toast.success("De uitgangspunten volgen weer de cijfers.")

    @rx.event
    def show_view(self, view: str):
        self.view = view if view in ("grafiek", "tabel") else "grafiek"
