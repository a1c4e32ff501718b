"""Kengetallen: the library of key figures of a client's year, with their period, formula,
sentence and accounts; the accountant chooses the dashboard's figures and sets a target and an
alert threshold for each (``key_figures.save_settings``; who may: the access policy).

Two pages share the mixin: the accountant's (``KeyFiguresState``: links to the drill-down
pages, the settings form) and the client user's (``CompanyKeyFiguresState``: the accounts of a
figure opened in place). Year and month live in the URL (``jaar``, ``t_m``); choosing
navigates and the load checks again."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain import access, figure_log
from vfo_app.domain.auth import Actor
from vfo_app.domain.choices import Option
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.formatting import money, month_name
from vfo_app.domain.overview import cash_flow, drilldown, figures, key_figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.scope import Scope
from vfo_app.domain.xaf.classify import CATEGORIES
from vfo_app.domain.xaf.ledger import figures_source, year_import
from vfo_app.state.session import SessionState, Tx, page_load

NO_FIGURES = "Er zijn nog geen cijfers ingelezen voor deze klant."
VIEWED = "Kengetallen"


@dataclass
class AccountLink:
    """A group of accounts a figure is made of; ``href`` its drill-down page ("" for none)."""

    key: str
    label: str
    href: str = ""


@dataclass
class FigureRow:
    """A key figure as the page shows it; ``kind`` "group" is a heading."""

    kind: str
    key: str
    label: str
    value: str = ""
    unit: str = ""
    period: str = ""
    formula: str = ""
    sentence: str = ""
    reason: str = ""
    accounts: list[AccountLink] = field(default_factory=list)
    shown: bool = False
    target: str = ""  # as the form shows it ("1.250", "12,5")
    threshold: str = ""
    target_text: str = ""  # as read ("€ 1.250", "12,5%")
    threshold_text: str = ""
    status: str = ""  # "alert" | "target" | ""


@dataclass
class AccountLine:
    account_id: str
    description: str
    amount: str


class KeyFiguresBase(SessionState, mixin=True):
    checked: bool = False
    allowed: bool = False
    reason: str = ""
    title: str = ""
    back_href: str = ""
    cash_flow_href: str = ""
    figures_source: str = ""
    year: str = ""
    year_options: list[Option] = rx.field(default_factory=list)
    upto: str = ""
    upto_options: list[Option] = rx.field(default_factory=list)
    rows: list[FigureRow] = rx.field(default_factory=list)
    may_edit: bool = False
    chosen_by_client: bool = False
    errors: dict[str, str] = rx.field(default_factory=dict)
    form_key: int = 0
    # the accounts of one figure, opened in place (the client user's page)
    open_key: str = ""
    open_label: str = ""
    open_accounts: list[AccountLine] = rx.field(default_factory=list)

    def _scope(self, session: Session, actor: Actor) -> Scope:  # pragma: no cover - abstract
        raise NotImplementedError

    def _account_href(self, scope: Scope, category: str, upto: int) -> str:
        return ""

    def _url(self, year: str, upto: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _show(self, tx: Tx | None = None, year: str = "", upto: str = ""):
        shown: list[Scope] = []

        def read(tx: Tx) -> None:
            scope = self._scope(tx.session, tx.actor)
            scope = cash_flow.full_scope(tx.session, scope, scope.client_id)
            shown.append(scope)
            self._fill(tx.session, scope, year, upto)

        outcome = self._run(read, tx=tx)
        self.checked, self.allowed = True, outcome.ok
        if not outcome.ok:
            self.reason, self.rows = str(outcome.error), []
            return outcome.answer
        if tx is not None and shown and self.rows:
            self._run(lambda t: figure_log.record_view(t.session, t.actor, shown[0], VIEWED),
                      tx=tx, quiet=True)
        return None

    def _fill(self, session: Session, scope: Scope, year: str, upto: str) -> None:
        self.title = f"Kengetallen – {scope.client_name}"
        self.may_edit = scope.is_employee_view and not scope.is_starter
        years = [str(i.year) for i in figures.fiscal_years(session, scope.client_id)]
        self.year_options = [Option(y, y) for y in years]
        if not years:
            self.reason, self.rows = NO_FIGURES, []
            return
        self.year = year if year in years else years[0]
        wanted = int(upto) if upto.isdigit() and 1 <= int(upto) <= 12 else None
        month, values = key_figures.for_client(session, scope, scope.client_id,
                                               int(self.year), wanted)
        this = figures.year_sums(session, scope.client_id, int(self.year))
        self.upto = str(month)
        self.upto_options = [Option(str(m), month_name((this.start.month - 1 + m - 1) % 12 + 1))
                             for m in range(1, 13)]
        self.figures_source = figures_source(year_import(session, scope.client_id,
                                                         int(self.year)))
        settings = key_figures.settings_for(session, scope.client_id)
        self.chosen_by_client = any(s.chosen_by_client for s in settings.values())
        by_key = {v.key: v for v in values}
        rows = []
        for group in key_figures.GROUPS:
            rows.append(FigureRow("group", "", group))
            for key, d in key_figures.LIBRARY.items():
                if d.group != group:
                    continue
                v, s = by_key[key], settings[key]
                rows.append(FigureRow(
                    "figure", key, d.label, key_figures.display(d.unit, v.value),
                    key_figures.UNIT_NAMES[d.unit], v.period_label, d.formula, d.sentence,
                    v.reason,
                    [AccountLink(c, CATEGORIES[c].label, self._account_href(scope, c, month))
                     for c in d.categories],
                    s.shown, key_figures.as_input(s.target), key_figures.as_input(s.threshold),
                    key_figures.display(d.unit, s.target) if s.target is not None else "",
                    key_figures.display(d.unit, s.threshold) if s.threshold is not None else "",
                    key_figures.status(d, v.value, s)))
        self.rows = rows

    @rx.event
    def choose_year(self, year: str):
        return rx.redirect(self._url(str(year), ""))

    @rx.event
    def choose_upto(self, upto: str):
        return rx.redirect(self._url(self.year, str(upto)))


class KeyFiguresState(KeyFiguresBase, SessionState):
    """The accountant's page: service owners and participants (the figures rule)."""

    def _scope(self, session: Session, actor: Actor) -> Scope:
        client_id = self._client_id()
        scope = scopes.for_employee(session, actor, client_id)
        self.back_href = routes.financial_overview_url(client_id)
        self.cash_flow_href = routes.overview_cash_flow_url(client_id)
        return scope

    def _account_href(self, scope: Scope, category: str, upto: int) -> str:
        return routes.overview_accounts_url(scope.client_id, self.year, category, upto=upto)

    def _url(self, year: str, upto: str) -> str:
        client_id = self._route_id("client_id")
        return routes.overview_key_figures_url(client_id or 0, year, upto)

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.reset()
        return self._show(tx, self._query("jaar"), self._query("t_m"))

    @rx.event
    def save(self, form: dict):
        """The dashboard's choice, targets and thresholds, as typed; refused text stays in
        the form beside its message."""
        form = form if isinstance(form, dict) else {}
        rows = [key_figures.SettingInput(
            key, bool(form.get(f"shown_{key}")), str(form.get(f"target_{key}") or ""),
            str(form.get(f"threshold_{key}") or "")) for key in key_figures.LIBRARY]

        def save(tx: Tx) -> None:
            client_id = self._client_id()
            key_figures.save_settings(tx.session, tx.actor, client_id, rows)

        outcome = self._run(save)
        if isinstance(outcome.error, ValidationFailed):
            self.errors = dict(outcome.error.errors)
            return rx.toast.error("Niet opgeslagen: controleer de gemarkeerde velden.")
        if not outcome.ok:
            return outcome.answer
        self.errors = {}
        self._show(None, self.year, self.upto)
        self.form_key += 1
        return rx.toast.success("De kengetallen van het dashboard zijn opgeslagen.")

    @rx.event
    def reset_to_default(self):
        """The client's dashboard follows the office's default set again."""
        outcome = self._run(lambda tx: key_figures.reset_to_office_default(
            tx.session, tx.actor, self._client_id()))
        if not outcome.ok:
            return outcome.answer
        self.errors = {}
        self._show(None, self.year, self.upto)
        self.form_key += 1
        return rx.toast.success("Het dashboard toont weer de standaardset van het kantoor.")


class CompanyKeyFiguresState(KeyFiguresBase, SessionState):
    """The client user's own company's key figures (the full version), and no other's."""

    def _scope(self, session: Session, actor: Actor) -> Scope:
        company_id = self._route_id("company_id")
        if company_id is None:
            raise NotFound(access.NO_COMPANY_OVERVIEW)
        self.back_href = routes.company_overview_url(company_id)
        return scopes.for_company_user(session, actor, company_id)

    def _url(self, year: str, upto: str) -> str:
        company_id = self._route_id("company_id")
        return routes.company_key_figures_url(company_id or 0, year, upto)

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        self.reset()
        return self._show(tx, self._query("jaar"), self._query("t_m"))

    @rx.event
    def show_accounts(self, key: str):
        """The accounts a figure is made of, in place: the scope is resolved again."""
        key = str(key or "")
        definition = key_figures.LIBRARY.get(key)
        year = int(self.year) if self.year.isdigit() else 0
        upto = int(self.upto) if self.upto.isdigit() else 12
        if definition is None or not year:
            return rx.toast.error("Dit kengetal bestaat niet.")

        def read(tx: Tx) -> list[AccountLine]:
            scope = self._scope(tx.session, tx.actor)
            lines = []
            for category in definition.categories:
                first = 1
                view = drilldown.accounts(tx.session, scope, scope.client_id, year=year,
                                          key=category, first_month=first, upto_month=upto)
                lines += [AccountLine(a.account_id, a.description or CATEGORIES[category].label,
                                      money(a.amount_cents)) for a in view.accounts]
            return lines

        outcome = self._run(read)
        if not outcome.ok:
            return outcome.answer
        self.open_key, self.open_label = key, definition.label
        self.open_accounts = outcome.value
        return None

    @rx.event
    def hide_accounts(self):
        self.open_key, self.open_label, self.open_accounts = "", "", []
