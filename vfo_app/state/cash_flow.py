"""Kasstroom: the cash-flow statement of a client's fiscal year.

Two pages share the mixin: the accountant's (``CashFlowState``: each line leads to its
accounts) and the client user's (``CompanyCashFlowState``: the same statement and waterfall of
their own company, read-only). The selection lives in the URL (``jaar``, ``t_m``: up to and
including that month of the fiscal year, ``periode``: "jaar" for the year to date or a month),
so choosing navigates and the load checks the person again (``cash_flow.report`` on the scope
of the access policy's figures rule, or of its company-figures rule; the full version only)."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain import access, figure_log
from vfo_app.domain.auth import Actor
from vfo_app.domain.choices import Option
from vfo_app.domain.errors import NotFound
from vfo_app.domain.formatting import money, month_name
from vfo_app.domain.overview import cash_flow, figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.drilldown import KEY_FIGURES as DRILL_FIGURES
from vfo_app.domain.xaf.classify import CATEGORIES
from vfo_app.domain.xaf.ledger import figures_source, year_import
from vfo_app.state.session import SessionState, Tx, page_load

NO_FIGURES = "Er zijn nog geen cijfers ingelezen voor deze klant."
YEAR_TO_DATE = "jaar"
NOT_RECONCILED = ("Let op: dit kasstroomoverzicht sluit niet aan op de mutatie van de liquide "
                  "middelen ({}). De grootboekadministratie bevat boekingen die niet in "
                  "evenwicht zijn; controleer de import voordat u deze cijfers gebruikt.")
UP, DOWN, TOTAL = "#067647", "#b42318", "#0b63b6"
# short names for the waterfall's axis, so it reads on a phone
SHORT = {"begin": "Begin", "eind": "Eind", "resultaat": "Resultaat",
         "afschrijvingen": "Afschrijvingen", "voorzieningen": "Voorzieningen",
         "debiteuren": "Debiteuren", "voorraden": "Voorraden", "vorderingen": "Vorderingen",
         "crediteuren": "Crediteuren", "kortlopende_schulden": "Kortl. schulden",
         "vaste_activa": "Investeringen", "langlopende_schulden": "Leningen",
         "eigen_vermogen": "Eigen vermogen", "overige_balansposten": "Overige posten"}


@dataclass
class CashFlowRow:
    """A line of the statement; ``kind``: "section" (a heading), "row" or "total"."""

    label: str
    kind: str
    amount: str = ""
    last_year: str = ""
    href: str = ""
    key: str = ""  # a line of the statement (cash_flow.LINES): "cashflow:<key>" is asked about


@dataclass
class WaterfallBar:
    """A bar of "Waar is het geld gebleven": floating over ``range`` (euros, low to high)."""

    label: str
    short: str = ""  # the chart's axis label (the table has the whole label)
    range: list[float] = field(default_factory=list)
    bedrag: str = ""  # the amount as written, for the tooltip and the table
    niveau: str = ""  # the cash after this step
    fill: str = TOTAL


@dataclass
class MonthRow:
    """A line of the per-month table: one amount per month of the period."""

    label: str
    kind: str
    amounts: list[str] = field(default_factory=list)


def _euros(cents: int) -> float:
    return round(cents / 100, 2)


def _amount(cents: int | None) -> str:
    return "–" if cents is None else money(cents)


def _drill_category(line: cash_flow.CashFlowLine) -> str:
    """Where a line leads in the drill-down: its accounts (the result: every result account)."""
    if line.key == "resultaat":
        return "nettoresultaat" if "nettoresultaat" in DRILL_FIGURES else ""
    return line.key if line.key in CATEGORIES else ""


class CashFlowBase(SessionState, mixin=True):
    checked: bool = False
    allowed: bool = False
    reason: str = ""
    title: str = ""
    back_href: str = ""
    key_figures_href: str = ""
    figures_source: str = ""
    years: list[str] = rx.field(default_factory=list)
    year_options: list[Option] = rx.field(default_factory=list)
    year: str = ""
    upto: str = ""
    upto_options: list[Option] = rx.field(default_factory=list)
    period: str = YEAR_TO_DATE
    period_options: list[Option] = rx.field(default_factory=list)
    period_label: str = ""
    last_year_label: str = ""
    has_last_year: bool = False
    rows: list[CashFlowRow] = rx.field(default_factory=list)
    # the month of the fiscal year a question on a line is about: the last month shown (the
    # month itself, or the last of the year to date), as on the dashboard and Kengetallen
    question_month: str = ""
    reconciles: bool = True
    reconcile_message: str = ""
    waterfall: list[WaterfallBar] = rx.field(default_factory=list)
    month_headers: list[str] = rx.field(default_factory=list)
    month_rows: list[MonthRow] = rx.field(default_factory=list)

    def _scope(self, session: Session, actor: Actor) -> scopes.Scope:  # pragma: no cover
        raise NotImplementedError

    def _key_figures_url(self, scope: scopes.Scope, year: str, upto: int) -> str:
        raise NotImplementedError  # pragma: no cover

    def _account_href(self, scope: scopes.Scope, year: int, category: str, upto: int,
                      first: int | None = None) -> str:
        """Where a line leads to its accounts; nowhere unless a subclass says so."""
        return ""

    def _url(self, year: str, upto: str, period: str | None) -> str:  # pragma: no cover
        raise NotImplementedError

    def _show(self, tx: Tx):
        self.reset()
        wanted_year, wanted_upto = self._query("jaar"), self._query("t_m")
        wanted_period = self._query("periode") or YEAR_TO_DATE
        shown: list[scopes.Scope] = []

        def read(tx: Tx) -> None:
            scope = self._scope(tx.session, tx.actor)
            client_id = scope.client_id
            scope = cash_flow.full_scope(tx.session, scope, client_id)
            shown.append(scope)
            self.title = f"Kasstroom – {scope.client_name}"
            self.years = [str(i.year) for i in figures.fiscal_years(tx.session, client_id)]
            self.year_options = [Option(y, y) for y in self.years]
            if not self.years:
                self.reason = NO_FIGURES
                return
            self.year = wanted_year if wanted_year in self.years else self.years[0]
            year = int(self.year)
            self.figures_source = figures_source(year_import(tx.session, client_id, year))
            upto = int(wanted_upto) if wanted_upto.isdigit() and 1 <= int(wanted_upto) <= 12 \
                else None
            report = cash_flow.report(tx.session, scope, client_id, year, upto)
            self.key_figures_href = self._key_figures_url(scope, self.year, report.upto)
            self._fill(scope, report, wanted_period)

        outcome = self._run(read, tx=tx)
        self.checked, self.allowed = True, outcome.ok
        if not outcome.ok:
            self.reason = str(outcome.error)
            return outcome.answer
        if shown and self.years:
            self._run(lambda t: figure_log.record_view(t.session, t.actor, shown[0],
                                                       "Kasstroom"), tx=tx, quiet=True)
        return None

    # --- filling ---------------------------------------------------------------------------

    def _month(self, report: cash_flow.CashFlowReport, index: int) -> str:
        calendar_month = (report.start.month - 1 + index - 1) % 12 + 1
        return month_name(calendar_month)

    def _fill(self, scope: scopes.Scope, report: cash_flow.CashFlowReport, period: str) -> None:
        months = {str(m): self._month(report, m) for m in range(1, 13)}
        self.upto = str(report.upto)
        self.upto_options = [Option(k, v) for k, v in months.items()]
        self.period_options = [Option(YEAR_TO_DATE, f"Jaar t/m {months[self.upto]}")] + [
            Option(str(m), months[str(m)]) for m in range(1, report.upto + 1)]
        self.period = period if period in {o.value for o in self.period_options} \
            else YEAR_TO_DATE
        if self.period == YEAR_TO_DATE:
            flow = report.ytd
            self.period_label = f"{months['1']} t/m {months[self.upto]} {report.year}"
        else:
            flow = report.months[int(self.period) - 1]
            self.period_label = f"{months[self.period]} {report.year}"
        self.last_year_label = f"Zelfde periode {report.year - 1}"
        self.has_last_year = report.has_last_year
        self.reconciles = report.reconciles
        self.reconcile_message = "" if report.reconciles else NOT_RECONCILED.format(
            "verschil " + money(next(f.difference_cents for f in (report.ytd, *report.months)
                                     if not f.reconciles)))
        self.rows = self._rows(scope, flow, report)
        self.question_month = str(flow.last)
        self.waterfall = self._waterfall(flow)
        self.month_headers = [months[str(m)] for m in range(1, report.upto + 1)]
        self.month_rows = self._month_rows(report)

    def _rows(self, scope: scopes.Scope, flow: cash_flow.CashFlow,
              report: cash_flow.CashFlowReport) -> list[CashFlowRow]:
        rows = []
        has_ly = report.has_last_year
        for section, title in cash_flow.SECTIONS.items():
            lines = [line for line in flow.lines if line.section == section]
            if section == cash_flow.OTHER and not any(
                    line.amount_cents or line.last_year_cents for line in lines):
                continue
            rows.append(CashFlowRow(title, "section"))
            for line in lines:
                category = _drill_category(line)
                href = self._account_href(scope, report.year, category, flow.last,
                                          flow.first) if category else ""
                rows.append(CashFlowRow(line.label, "row", _amount(line.amount_cents),
                                        _amount(line.last_year_cents) if has_ly else "–", href,
                                        line.key))
            ly = sum(line.last_year_cents or 0 for line in lines) if has_ly else None
            rows.append(CashFlowRow(f"Totaal {title[0].lower()}{title[1:]}", "total",
                                    _amount(flow.section_total(section)), _amount(ly)))
        ly_open, ly_close = flow.opening_last_year_cents, flow.closing_last_year_cents
        change_ly = None if ly_open is None or ly_close is None else ly_close - ly_open
        rows += [
            CashFlowRow("Mutatie liquide middelen", "total", _amount(flow.net_change_cents),
                        _amount(change_ly)),
            CashFlowRow("Liquide middelen begin periode", "row", _amount(flow.opening_cents),
                        _amount(ly_open),
                        self._account_href(scope, report.year, "liquide_middelen",
                                           max(flow.first - 1, 1)) if flow.first > 1 else ""),
            CashFlowRow("Liquide middelen einde periode", "row", _amount(flow.closing_cents),
                        _amount(ly_close),
                        self._account_href(scope, report.year, "liquide_middelen",
                                           flow.last)),
        ]
        return rows

    @staticmethod
    def _waterfall(flow: cash_flow.CashFlow) -> list[WaterfallBar]:
        bars = []
        for step in cash_flow.waterfall(flow):
            low, high = sorted((_euros(step.start_cents), _euros(step.end_cents)))
            fill = TOTAL if step.kind == "total" else UP if step.kind == "up" else DOWN
            bars.append(WaterfallBar(step.label, SHORT.get(step.key, step.label), [low, high],
                                     money(step.amount_cents), money(step.end_cents), fill))
        return bars

    @staticmethod
    def _month_rows(report: cash_flow.CashFlowReport) -> list[MonthRow]:
        rows = [MonthRow("Liquide middelen begin", "row",
                         [money(m.opening_cents) for m in report.months])]
        for section, title in cash_flow.SECTIONS.items():
            totals = [m.section_total(section) for m in report.months]
            if section == cash_flow.OTHER and not any(totals):
                continue
            rows.append(MonthRow(title, "row", [money(t) for t in totals]))
        rows.append(MonthRow("Mutatie liquide middelen", "total",
                             [money(m.net_change_cents) for m in report.months]))
        rows.append(MonthRow("Liquide middelen einde", "row",
                             [money(m.closing_cents) for m in report.months]))
        rows.append(MonthRow("Sluit aan", "row",
                             ["ja" if m.reconciles else "nee" for m in report.months]))
        return rows

    # --- choosing navigates; the load checks again -------------------------------------------

    def _go(self, year: str, upto: str, period: str):
        url = self._url(year, upto, None if period == YEAR_TO_DATE else period)
        return rx.redirect(url) if url else None

    @rx.event
    def choose_year(self, year: str):
        return self._go(str(year), "", YEAR_TO_DATE)

    @rx.event
    def choose_upto(self, upto: str):
        return self._go(self.year, str(upto), YEAR_TO_DATE)

    @rx.event
    def choose_period(self, period: str):
        return self._go(self.year, self.upto, str(period))


class CashFlowState(CashFlowBase, SessionState):
    """The accountant's page: service owners and participants (the figures rule); each line
    leads to its accounts."""

    def _scope(self, session: Session, actor: Actor) -> scopes.Scope:
        client_id = self._client_id()
        scope = scopes.for_employee(session, actor, client_id)
        self.back_href = routes.financial_overview_url(client_id)
        return scope

    def _key_figures_url(self, scope: scopes.Scope, year: str, upto: int) -> str:
        return routes.overview_key_figures_url(scope.client_id, year, upto)

    def _account_href(self, scope: scopes.Scope, year: int, category: str, upto: int,
                      first: int | None = None) -> str:
        return routes.overview_accounts_url(scope.client_id, year, category, upto=upto,
                                            first=first)

    def _url(self, year: str, upto: str, period: str | None) -> str:
        client_id = self._route_id("client_id")
        return "" if client_id is None else routes.overview_cash_flow_url(
            client_id, year, upto, period)

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._show(tx)


class CompanyCashFlowState(CashFlowBase, SessionState):
    """The client user's own company's cash flow (members with Financial Overview, the full
    version: the access policy's company-figures rule), read-only, and no other's."""

    def _scope(self, session: Session, actor: Actor) -> scopes.Scope:
        company_id = self._route_id("company_id")
        if company_id is None:
            raise NotFound(access.NO_COMPANY_OVERVIEW)
        self.back_href = routes.company_overview_url(company_id)
        return scopes.for_company_user(session, actor, company_id)

    def _key_figures_url(self, scope: scopes.Scope, year: str, upto: int) -> str:
        return routes.company_key_figures_url(scope.company_id or 0, year, upto)

    def _url(self, year: str, upto: str, period: str | None) -> str:
        company_id = self._route_id("company_id")
        return "" if company_id is None else routes.company_cash_flow_url(
            company_id, year, upto, period)

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        return self._show(tx)
