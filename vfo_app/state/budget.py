"""Budget of a client's fiscal year: the grid per category and month, and budget against actual.

The year lives in the URL (``?jaar=``). The grid's inputs are uncontrolled: what was typed stays
in the browser when a save is refused. Their ``key`` changes only when the server fills them
anew (load, a saved budget, last year's figures; one row after "Verdeel jaarbedrag"), so the
browser then shows the new defaults. Every event that reads or changes a budget checks access.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import reflex as rx

from vfo_app import routes
from vfo_app.domain import clock
from vfo_app.domain.advisor.client_input import parse_amount_cents
from vfo_app.domain.choices import Option
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.formatting import money_whole, month_name, number
from vfo_app.domain.overview import budget, figures
from vfo_app.domain.overview.budget import Comparison
from vfo_app.state.session import SessionState, Tx, page_load


def amount_text(cents: int) -> str:
    """Cents as typed in a cell: '1.500' or '1.500,50'; 0 is empty."""
    if not cents:
        return ""
    if cents % 100 == 0:
        return number(cents // 100, 0)
    return number(Decimal(cents) / 100, 2)


def _percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{'+' if value > 0 else ''}{number(value, 1)}%"


@dataclass
class ComparisonRow:
    """A category's budget against actual as the tables show it. ``tone``: "good", "bad" or
    "" (more revenue or result than budgeted is good, more costs bad); ``total``: the
    Resultaat line."""

    category: str
    label: str
    budget: str
    actual: str
    difference: str
    percent: str
    tone: str
    total: bool


def comparison_rows(rows: list[Comparison]) -> list[ComparisonRow]:
    shown = []
    for r in rows:
        better = r.difference if r.category in (*budget.REVENUE, "resultaat") else -r.difference
        tone = "" if not r.budget or not r.difference else ("good" if better > 0 else "bad")
        shown.append(ComparisonRow(
            category=r.category, label=r.label, budget=money_whole(r.budget),
            actual=money_whole(r.actual), difference=money_whole(r.difference),
            percent=_percent(r.percent), tone=tone, total=r.category == "resultaat"))
    return shown


ROWS = [(k, budget.CATEGORIES[k].label) for k in budget.KEYS]


class BudgetState(SessionState):
    checked: bool = False
    allowed: bool = False
    reason: str = ""
    client_name: str = ""
    overview_href: str = ""
    data_href: str = ""
    year: str = ""
    year_options: list[Option] = rx.field(default_factory=list)
    month: str = "12"
    month_options: list[Option] = rx.field(default_factory=list)
    month_labels: list[str] = rx.field(default_factory=lambda: [""] * 12)
    values: dict[str, str] = rx.field(default_factory=dict)  # field name -> default text
    errors: dict[str, str] = rx.field(default_factory=dict)
    form_error: str = ""
    row_keys: dict[str, str] = rx.field(default_factory=dict)  # category -> input key suffix
    grid_version: int = 0
    percentage: str = "0"
    has_actuals: bool = False
    has_budget: bool = False
    period_text: str = ""
    ytd_text: str = ""
    period_rows: list[ComparisonRow] = rx.field(default_factory=list)
    ytd_rows: list[ComparisonRow] = rx.field(default_factory=list)

    # --- helpers ----------------------------------------------------------------------------

    def _fill_grid(self, cells: budget.Grid, *categories: str) -> None:
        """New defaults for all rows (or only ``categories``), and new keys so they show."""
        self.grid_version += 1
        keys = categories or budget.KEYS
        values = dict(self.values)
        for key in keys:
            for m in budget.MONTHS:
                values[budget.field_name(key, m)] = amount_text(cells.get((key, m), 0))
            values[budget.field_name(key, "jaar")] = amount_text(
                sum(cells.get((key, m), 0) for m in budget.MONTHS))
        self.values = values
        self.row_keys = {k: (f"{self.grid_version}" if k in keys or k not in self.row_keys
                             else self.row_keys[k]) for k in budget.KEYS}
        self.errors = {k: v for k, v in self.errors.items()
                       if not any(k.startswith(f"{c}-") for c in keys)}

    def _show(self, *, grid: bool, tx: Tx | None = None):
        """The page for the year (from the URL when ``grid``: the grid is filled anew too,
        else the year shown); ``tx``: the page load's."""
        wanted = self._query("jaar") if grid else self.year

        def read(tx: Tx) -> None:
            scope = budget.scope_for(tx.session, tx.actor, self._client_id())
            self.client_name = scope.client_name
            self.overview_href = routes.financial_overview_url(scope.client_id)
            self.data_href = routes.overview_data_url(scope.client_id)
            imports = figures.fiscal_years(tx.session, scope.client_id)
            imported = [i.year for i in imports]
            year = int(wanted) if wanted.isdigit() else (imported[0] if imported
                                                          else clock.now().year)
            years = set(imported) | set(budget.budget_years(tx.session, scope.client_id)) | {year}
            years.add(max(years) + 1)  # next year's budget can be made before its figures exist
            self.year = str(year)
            self.year_options = [Option(str(y), str(y))
                                 for y in sorted(years, reverse=True)]
            start = next((i.start_date for i in imports if i.year == year and i.start_date),
                         None) or next((i.start_date for i in imports if i.start_date), None)
            first_month = start.month if start else 1
            months = [month_name((first_month - 1 + i) % 12 + 1) for i in range(12)]
            self.month_labels = months
            self.month_options = [Option(str(i + 1), m)
                                  for i, m in enumerate(months)]
            if grid:
                cells = budget.read(tx.session, scope, scope.client_id, year).cells
                self.errors, self.form_error = {}, ""
                self._fill_grid(cells)
            self._compare(tx.session, scope, year, months)

        outcome = self._run(read, tx=tx)
        if outcome.ok:
            self.checked, self.allowed, self.reason = True, True, ""
        elif grid:  # the load: the page says why not
            self.checked, self.allowed, self.reason = True, False, str(outcome.error)
        return outcome.answer

    def _compare(self, session, scope, year: int, months: list[str]) -> None:
        upto = int(self.month) if self.month.isdigit() and 1 <= int(self.month) <= 12 else None
        result = budget.against_actual(session, scope, scope.client_id, year, upto=upto)
        self.month = str(result.upto)
        self.has_actuals, self.has_budget = result.has_actuals, result.has_budget
        self.period_text = f"{months[result.upto - 1]} {year}"
        self.ytd_text = f"{months[0]} t/m {months[result.upto - 1]} {year}"
        self.period_rows = comparison_rows(result.period)
        self.ytd_rows = comparison_rows(result.ytd)

    # --- events -----------------------------------------------------------------------------

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.reset()  # nothing of the client shown before stays when this one is refused
        return self._show(grid=True, tx=tx)

    @rx.event
    def choose_year(self, value: str):
        return rx.redirect(routes.overview_budget_url(self._route_id("client_id") or 0,
                                                      str(value)))

    @rx.event
    def choose_month(self, value: str):
        self.month = str(value)
        return self._show(grid=False)

    @rx.event
    def save(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        year = int(self.year) if self.year.isdigit() else 0
        outcome = self._run(lambda tx: budget.save(tx.session, tx.actor, self._client_id(),
                                                   year, form))
        if isinstance(outcome.error, ValidationFailed):  # the runner put them beside the cells
            self.form_error = (f"{len(outcome.error.errors)} bedrag(en) niet te lezen; er is niets "
                               "opgeslagen. Verbeter de gemarkeerde cellen.")
            return rx.toast.error("Het budget is niet opgeslagen.")
        if not outcome.ok:
            return outcome.answer
        self.errors, self.form_error = {}, ""
        self._fill_grid(outcome.value.cells)
        answer = self._show(grid=False)
        return answer if answer is not None else rx.toast.success(
            f"Budget {self.year} opgeslagen.")

    @rx.event
    def spread_row(self, category: str, total: str):
        """Verdeel jaarbedrag: the row's yearly amount evenly over its 12 months (not saved)."""
        category, total = str(category), str(total or "")
        if category not in budget.KEYS:
            return None
        name = budget.field_name(category, "jaar")
        cents = parse_amount_cents(total) if total.strip() else 0
        if cents is None or abs(cents) >= budget.MAX_CENTS:
            self.errors = {**self.errors, name: "Geen bedrag; typ bijvoorbeeld 12.000"}
            return None
        parts = budget.spread(cents)
        self._fill_grid({(category, m): parts[m - 1] for m in budget.MONTHS}, category)
        return None

    @rx.event
    def copy_last_year(self, form_data: dict):
        """Neem cijfers vorig jaar over: last year's actuals (+x%) in the grid (not saved)."""
        form = form_data if isinstance(form_data, dict) else {}
        text = str(form.get("percentage", "") or "")
        year = int(self.year) if self.year.isdigit() else 0
        shown = dict(self.errors)  # the grid's errors stay beside their cells
        outcome = self._run(lambda tx: budget.from_last_year(
            tx.session, tx.actor, self._client_id(), year, text))
        if isinstance(outcome.error, ValidationFailed):
            self.errors = {**shown, **outcome.error.errors}
            return None
        if not outcome.ok:
            return outcome.answer
        self.percentage = text or "0"
        self.errors = {k: v for k, v in self.errors.items() if k != "percentage"}
        self.form_error = ""
        self._fill_grid(outcome.value)
        return rx.toast.info(f"Cijfers {year - 1} overgenomen. Controleer ze en klik "
                             "op Opslaan.")
