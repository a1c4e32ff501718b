"""Advice beside the dashboard (the link to the Liquiditeitsprognose and the anonymous
comparison within the office), and Instellingen > Advies (the office's switch)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app import routes
from vfo_app.domain import access
from vfo_app.domain.errors import NotFound
from vfo_app.domain.formatting import number
from vfo_app.domain.overview import comparison
from vfo_app.domain.overview import scope as scopes
from vfo_app.state.session import SessionState, Tx, page_load

QUARTILES = {1: "laagste kwart", 2: "tweede kwart", 3: "derde kwart", 4: "beste kwart"}


@dataclass
class RatioLine:
    label: str
    own: str
    q1: str
    median: str
    q3: str
    position: str  # "beste kwart", ... ("" without a value of the client's own)
    better: str  # "hoger is beter" | "lager is beter"


def _fmt(unit: str, value: float | None) -> str:
    if value is None:
        return "–"
    if unit == "pct":
        return f"{number(value, 1)}%"
    if unit == "days":
        return f"{number(value, 0)} dagen"
    return number(value, 2)


class DashboardAdviceState(SessionState):
    """Loaded by the dashboard's advice section when it appears (employee's or company
    user's overview, as the route says); the access policy decides through the scope."""

    forecast_href: str = ""
    compare_shown: bool = False
    compare_reason: str = ""
    sbi_code: str = ""
    group_size: int = 0
    ratios: list[RatioLine] = rx.field(default_factory=list)

    @rx.event
    def load(self):
        client_id, company_id = self._route_id("client_id"), self._route_id("company_id")

        def read(tx: Tx) -> tuple[scopes.Scope, comparison.Comparison]:
            if client_id is not None:
                scope = scopes.for_employee(tx.session, tx.actor, client_id)
            elif company_id is not None:
                scope = scopes.for_company_user(tx.session, tx.actor, company_id)
            else:
                raise NotFound()
            return scope, comparison.compare(tx.session, scope)

        outcome = self._run(read)
        self.forecast_href, self.compare_shown, self.ratios = "", False, []
        if not outcome.ok:
            return outcome.answer
        scope, result = outcome.value
        if scope.is_employee_view and not scope.is_starter:
            self.forecast_href = routes.overview_forecast_url(scope.client_id)
        self.compare_shown, self.compare_reason = result.shown, result.reason
        self.sbi_code, self.group_size = result.sbi_code, result.group_size
        self.ratios = [RatioLine(
            r.label, _fmt(r.unit, r.own), _fmt(r.unit, r.q1), _fmt(r.unit, r.median),
            _fmt(r.unit, r.q3), QUARTILES.get(r.quartile, ""),
            "hoger is beter" if r.better == "higher" else "lager is beter") for r in result.ratios]
        return None


class AdviceSettingsState(SessionState):
    compare_within_office: bool = False
    can_edit: bool = False
    form_key: int = 0

    def _reread(self, tx: Tx | None = None):
        outcome = self._run(lambda tx: comparison.is_on(
            tx.session, access.require_employee(tx.actor)), tx=tx)
        if not outcome.ok:
            return outcome.answer
        self.compare_within_office = outcome.value
        self.form_key += 1
        return None

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.can_edit = tx.actor.is_office_admin
        return self._reread(tx)

    @rx.event
    def save(self, form: dict):
        if not isinstance(form, dict):
            return None
        wanted = bool(form.get("compare_within_office"))
        outcome = self._run(lambda tx: comparison.save_setting(
            tx.session, tx.actor, compare_within_office=wanted))
        if not outcome.ok:
            return outcome.answer
        self._reread()
        return rx.toast.success("Instelling opgeslagen.")
