"""The Financial Overview dashboard and reports, shared by the accountant's and the client's page.

Subclasses say whose overview it is (``_scope``); everything shown is computed on the server
for that scope on every load and every change of year or period.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain import figure_log
from vfo_app.domain.auth import Actor
from vfo_app.domain.choices import Option
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.formatting import moment, money_whole, month_name, number
from vfo_app.domain.overview import budget, comments, figures, key_figures
from vfo_app.domain.overview.scope import Scope
from vfo_app.domain.xaf.ledger import figures_source
from vfo_app.state.budget import ComparisonRow, comparison_rows
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx


def _delta(value: float | int | None, before: float | int | None) -> str:
    if value is None or before is None or before == 0:
        return ""
    change = 100 * (value - before) / abs(before)
    return f"{'+' if change >= 0 else '−'}{number(abs(change), 0)}% t.o.v. vorig jaar"


DRILLABLE = {"omzet", "brutomarge", "bedrijfsresultaat", "nettoresultaat", "liquide_middelen",
             "werkkapitaal", "debiteuren", "crediteuren"}


@dataclass
class KeyFigureCard:
    """One key figure as its card shows it; ``href`` leads to its accounts ("" for none)."""

    key: str
    label: str
    href: str
    period: str
    period_last_year: str
    period_delta: str
    ytd: str
    ytd_last_year: str
    ytd_delta: str
    period_label: str = ""  # "okt. 2018" or "per 31-10-2018": the period the tile shows
    note: str = ""  # a target reached, a threshold crossed, or why it cannot be computed


@dataclass
class YearTrendRow:
    """One imported fiscal year of the multi-year trend, in euros (and as written)."""

    jaar: str
    maanden: int
    omzet: float
    kosten: float
    resultaat: float
    liquide_middelen: float
    omzet_text: str = ""
    kosten_text: str = ""
    resultaat_text: str = ""
    liquide_middelen_text: str = ""


@dataclass
class TrendPoint:
    """One month of the charts, in euros."""

    maand: str
    omzet: float
    kosten: float
    resultaat: float
    liquide_middelen: float


@dataclass
class StatementRow:
    """A line of the Winst-en-verliesrekening (the period columns) or the Balans (``amount``,
    ``last_year``). ``kind``: "section" (a heading), "row" (a category) or "total"."""

    label: str
    kind: str
    href: str = ""
    category: str = ""
    period: str = ""
    period_last_year: str = ""
    ytd: str = ""
    ytd_last_year: str = ""
    amount: str = ""
    last_year: str = ""


@dataclass
class CommentRow:
    """One comment of the accountant; ``mine``: the viewer wrote it and may change it."""

    id: int
    target: str
    text: str
    author: str
    period: str
    at: str
    edited: str  # when it was changed, "" if never
    mine: bool


def _euros(cents: int) -> float:
    return round(cents / 100, 2)


class DashboardState(SessionState, mixin=True):
    """A mixin: each subclass gets its own vars and event handlers, so every event (year,
    period, comments, ...) runs on the subclass and its ``_scope``, not on this base.

    A subclass's page load calls ``self._show(tx=tx)``; every event resolves the scope again
    (``_scope``) inside its own use case."""

    checked: bool = False
    allowed: bool = False
    reason: str = ""
    title: str = ""
    figures_source: str = ""  # "Cijfers t/m ..., ingelezen ... uit ..."
    product_name: str = ""
    office_name: str = ""
    is_starter: bool = False
    has_figures: bool = False
    years: list[str] = rx.field(default_factory=list)
    year_options: list[Option] = rx.field(default_factory=list)
    year: str = ""
    month: str = ""
    month_options: list[Option] = rx.field(default_factory=list)
    cards: list[KeyFigureCard] = rx.field(default_factory=list)
    trend: list[TrendPoint] = rx.field(default_factory=list)
    pl_rows: list[StatementRow] = rx.field(default_factory=list)
    bs_rows: list[StatementRow] = rx.field(default_factory=list)
    notes: list[str] = rx.field(default_factory=list)

    trial_balance_href: str = ""  # Proef- en saldibalans, for employees with the full version
    cash_flow_href: str = ""  # Kasstroom: the full version
    key_figures_href: str = ""  # Kengetallen: the full version (employees and client users)
    packs_href: str = ""  # Rapportages: the full version (drafts for the office, published for users)
    # trends across the imported years (up to five): per year, and revenue per month per year
    year_trend: list[YearTrendRow] = rx.field(default_factory=list)
    trend_years: list[str] = rx.field(default_factory=list)  # oldest first, at most five
    month_trend: list[dict[str, float | str]] = rx.field(default_factory=list)
    data_href: str = ""  # "Gegevens bijwerken", for those who may import
    # Budget en werkelijk (vfo_app.domain.overview.budget): year to date, full version only
    budget_href: str = ""  # the budget page, for employees
    budget_rows: list[ComparisonRow] = rx.field(default_factory=list)

    # Vertel het verhaal: the accountant's comments (vfo_app.domain.overview.comments)
    may_comment: bool = False  # shows the form; the server checks every event regardless
    comments: list[CommentRow] = rx.field(default_factory=list)
    comment_targets: list[Option] = rx.field(default_factory=list)
    comment_error: str = ""
    comment_form_key: int = 0
    editing_comment: int = 0  # id of the comment being edited, 0 for none

    def _scope(self, session: Session, actor: Actor) -> Scope:  # pragma: no cover - abstract
        raise NotImplementedError

    def _drill_href(self, scope: Scope, key: str, first: int, upto: int) -> str:
        """Where a figure leads to its accounts; nowhere unless a subclass says so."""
        return ""

    def _show(self, year: str = "", month: str = "", tx: Tx | None = None, viewed: str = ""):
        """Everything shown, for the scope resolved again; ``tx``: the page load's.
        ``viewed``: the page a load records as looked at (figure_log), in a savepoint of its
        own after the reads."""
        shown: list[Scope] = []

        def show(tx: Tx) -> None:
            scope = self._scope(tx.session, tx.actor)
            shown.append(scope)
            this = self._fill(tx.session, scope, year, month)
            self._fill_comments(tx.session, tx.actor, scope)
            self._fill_budget(tx.session, scope, this)

        outcome = self._run(show, tx=tx, reads_only=True)
        if outcome.ok and tx is not None and viewed:
            due = self._run(lambda t: figure_log.view_due(t.session, t.actor, shown[0], viewed),
                            tx=tx, quiet=True, reads_only=True)
            if due.ok and due.value:  # a write, in a savepoint, only when one is due
                self._run(lambda t: figure_log.record_view(t.session, t.actor, shown[0],
                                                           viewed), tx=tx, quiet=True)
        self.checked, self.allowed = True, outcome.ok
        self.reason = "" if outcome.ok else str(outcome.error)
        return outcome.answer

    def _fill(self, session: Session, scope: Scope, year: str, month: str
              ) -> figures.YearSums | None:
        """Everything of the year shown; returns its sums (None without figures)."""
        self.title = f"{scope.product_name} – {scope.client_name}"
        self.product_name, self.office_name = scope.product_name, scope.office_name
        self.is_starter = scope.is_starter
        known = figures.imported(session, scope.client_id)  # read once for every year below
        imports = known.imports
        self.years = [str(i.year) for i in imports]
        self.year_options = [Option(y, y) for y in self.years]
        self.has_figures = bool(imports)
        if not imports:
            return None
        self.year = year if year in self.years else self.years[0]
        self.figures_source = figures_source(known.of(int(self.year)))
        this = figures.year_sums(session, scope.client_id, int(self.year), known)
        last = figures.year_sums(session, scope.client_id, int(self.year) - 1, known)
        upto = int(month) if month.isdigit() and 1 <= int(month) <= 12 \
            else figures.default_month(this)  # the last complete month with bookings
        self.month = str(upto)
        self._set_months(this)
        trend = figures.monthly_trend(this)
        self._set_links(scope)
        self.cards = self._tiles(session, scope, this, last, upto, known)
        self._fill_years(session, scope, known)
        self.trend = [TrendPoint(
            maand=month_name(self._calendar_month(this, r["month"])),
            omzet=_euros(r["omzet"]), kosten=_euros(r["kosten"]),
            resultaat=_euros(r["resultaat"]),
            liquide_middelen=_euros(r["liquide_middelen"])) for r in trend]
        self.notes = key_figures.observations(this, last, upto)
        self.pl_rows, self.bs_rows = [], []
        if not scope.is_starter:  # Starter: the dashboard and trends only
            pl = figures.profit_and_loss(this, last, upto, upto)
            bs = figures.balance_sheet(this, last, upto)
            self.pl_rows = [self._statement_row(scope, line, figures.PL_KEYS, upto)
                            for line in figures.profit_and_loss_statement(pl)]
            self.bs_rows = [self._statement_row(scope, line, figures.BS_KEYS, upto)
                            for line in figures.balance_sheet_statement(bs)]
        return this

    def _set_links(self, scope: Scope) -> None:
        """Kasstroom and Kengetallen: the full version, for employees and the company's
        users alike (each page checks the person again)."""
        self.cash_flow_href = self.key_figures_href = self.packs_href = ""
        if scope.is_starter:
            return
        if scope.is_employee_view:
            self.cash_flow_href = routes.overview_cash_flow_url(scope.client_id, self.year)
            self.packs_href = routes.client_packs_url(scope.client_id)
            self.key_figures_href = routes.overview_key_figures_url(scope.client_id, self.year,
                                                                    self.month)
        elif scope.company_id is not None:
            self.key_figures_href = routes.company_key_figures_url(scope.company_id, self.year,
                                                                   self.month)
            self.cash_flow_href = routes.company_cash_flow_url(scope.company_id, self.year,
                                                               self.month)
            self.packs_href = routes.company_packs_url(scope.company_id)

    def _tiles(self, session: Session, scope: Scope, this: figures.YearSums,
               last: figures.YearSums | None, upto: int, known: figures.Imported
               ) -> list[KeyFigureCard]:
        """The key figures the accountant chose for this client's dashboard (else the office's
        default set; Starter: the default set), each for the month and the year to date with
        last year, saying its period (``key_figures.dashboard``). A tile leads to its
        accounts, or to its explanation on the Kengetallen page."""
        tiles = []
        for f in key_figures.dashboard(session, scope.client_id, this, last, upto,
                                       starter=scope.is_starter, office_id=scope.office_id,
                                       known=known):
            href = self._drill_href(scope, f.key, 1, upto) if f.key in DRILLABLE else (
                f"{self.key_figures_href}#kg-{f.key}" if self.key_figures_href else "")
            note = ("Signaalgrens overschreden" if f.status == "alert"
                    else "Streefwaarde gehaald" if f.status == "target"
                    else f"Niet te berekenen: {f.reason}" if f.month is None and f.reason
                    else "")
            period = f.period_label if f.key in key_figures.POSITIONS else (
                f"{f.period_label}; jaar t/m {month_name(self._calendar_month(this, upto))}")
            tiles.append(KeyFigureCard(
                key=f.key, label=f.label, href=href,
                period=key_figures.display(f.unit, f.month),
                period_last_year=key_figures.display(f.unit, f.month_last_year),
                period_delta=_delta(f.month, f.month_last_year),
                ytd=key_figures.display(f.unit, f.ytd),
                ytd_last_year=key_figures.display(f.unit, f.ytd_last_year),
                ytd_delta=_delta(f.ytd, f.ytd_last_year),
                period_label=period, note=note))
        return tiles

    def _fill_years(self, session: Session, scope: Scope, known: figures.Imported) -> None:
        """Trends across the imported years (up to five): per year and per month."""
        sums = figures.years_sums(session, scope.client_id, known=known)
        self.trend_years = [str(s.year) for s in sums]
        self.year_trend = [YearTrendRow(
            jaar=str(r.year), maanden=r.months, omzet=_euros(r.omzet), kosten=_euros(r.kosten),
            resultaat=_euros(r.resultaat), liquide_middelen=_euros(r.liquide_middelen),
            omzet_text=money_whole(r.omzet), kosten_text=money_whole(r.kosten),
            resultaat_text=money_whole(r.resultaat),
            liquide_middelen_text=money_whole(r.liquide_middelen))
            for r in figures.yearly_trend(sums)]
        rows: list[dict[str, float | str]] = []
        newest = sums[-1] if sums else None
        for index in range(1, 13):
            row: dict[str, float | str] = {
                "maand": month_name(self._calendar_month(newest, index)) if newest else ""}
            for position, s in enumerate(sums):
                booked = {m for (_, m) in s.moves}
                if index <= max(booked, default=0):
                    row[f"j{position}"] = _euros(-s.pl("omzet", index, index))
            rows.append(row)
        self.month_trend = rows if len(sums) > 1 else []

    def _statement_row(self, scope: Scope, line: dict, keys: tuple[str, ...], upto: int
                       ) -> StatementRow:
        """A report line for the table: amounts formatted, a drill-down link on category rows."""
        if line["kind"] == "section":
            return StatementRow(label=line["label"], kind="section")
        href = self._drill_href(scope, line["category"], 1, upto) if line["kind"] == "row" else ""
        amounts = {k: money_whole(line[k]) if line[k] is not None else "–" for k in keys}
        return StatementRow(label=line["label"], kind=line["kind"], href=href,
                            category=line["category"] or "", **amounts)

    @staticmethod
    def _calendar_month(s: figures.YearSums, index: int) -> int:
        return (s.start.month - 1 + index - 1) % 12 + 1

    def _set_months(self, s: figures.YearSums) -> None:
        self.month_options = [Option(str(i), month_name(self._calendar_month(s, i)))
                              for i in range(1, 13)]

    @rx.event
    def choose_year(self, year: str):
        return self._show(str(year), "")

    @rx.event
    def choose_month(self, month: str):
        return self._show(self.year, str(month))

    @rx.event
    def download_pdf(self):
        """The report as PDF for the year and period shown; the scope is checked again here."""
        from vfo_app.domain.overview.pdf import report_pdf

        year = int(self.year) if self.year.isdigit() else 0
        month = int(self.month) if self.month.isdigit() else 12

        def report(tx: Tx) -> tuple[str, bytes]:
            scope = self._scope(tx.session, tx.actor)
            data = report_pdf(tx.session, scope, year, month)
            figure_log.record_export(tx.session, tx.actor, scope,
                                     f"PDF-rapport boekjaar {year} t/m periode {month}")
            return scope.client_name, data

        outcome = self._run(report)
        if not outcome.ok:
            return outcome.answer
        client_name, data = outcome.value
        name = "".join(ch if ch.isalnum() else "-" for ch in client_name).strip("-")
        return rx.download(data=data, filename=f"financieel-overzicht-{name}-{year}-{month:02d}.pdf",
                           mime_type="application/pdf")

    # --- Vertel het verhaal: comments; each event resolves the scope again ---------------------

    def _fill_comments(self, session: Session, actor: Actor, scope: Scope) -> None:
        self.may_comment = scope.is_employee_view
        self.comment_targets = [Option(k, v) for k, v in comments.targets(scope)]
        months = {o.value: o.label for o in self.month_options}
        self.comments = [] if not self.year else [
            CommentRow(id=c.id, target=c.target_label, text=c.text, author=c.author_name,
                       period=(f"{months.get(str(c.month), '')} {c.year}" if c.month
                               else str(c.year)),
                       at=moment(c.created_at),
                       edited=moment(c.updated_at) if c.updated_at > c.created_at else "",
                       mine=c.mine)
            for c in comments.list_comments(session, actor, scope, year=int(self.year))]

    def _comment_case(self, work, message: str) -> tuple[bool, object]:
        """One comment use case for the scope resolved again, then the list anew. A refused
        text shows beside the form, without a toast."""
        def case(tx: Tx) -> None:
            scope = self._scope(tx.session, tx.actor)
            work(tx.session, tx.actor, scope)
            tx.session.flush()
            self._fill_comments(tx.session, tx.actor, scope)

        outcome = self._run(case)
        if isinstance(outcome.error, ValidationFailed):
            self.comment_error = " ".join(outcome.error.errors.values())
            return False, None
        if not outcome.ok:
            return False, outcome.answer
        self.comment_error = ""
        return True, rx.toast.success(message)

    @rx.event
    def post_comment(self, form: dict):
        form = form if isinstance(form, dict) else {}
        month = str(form.get("month") or "")
        year = int(self.year) if self.year.isdigit() else 0
        ok, answer = self._comment_case(lambda s, a, scope: comments.add_comment(
            s, a, scope, year=year, target=str(form.get("target") or ""),
            month=int(month) if month.isdigit() else None, text=str(form.get("text") or "")),
            "De toelichting is geplaatst.")
        if ok:
            self.comment_form_key += 1  # an empty form for the next comment
        return answer

    @rx.event
    def edit_comment(self, comment_id: int | str):
        self.editing_comment, self.comment_error = as_id(comment_id) or 0, ""

    @rx.event
    def cancel_comment_edit(self):
        self.editing_comment, self.comment_error = 0, ""

    @rx.event
    def save_comment(self, form: dict):
        comment_id = self.editing_comment
        if not comment_id:
            return None
        text = str((form if isinstance(form, dict) else {}).get("text") or "")
        ok, answer = self._comment_case(lambda s, a, scope: comments.update_comment(
            s, a, scope, comment_id, text=text), "De toelichting is gewijzigd.")
        if ok:
            self.editing_comment = 0
        return answer

    @rx.event
    def delete_comment(self, comment_id: int | str):
        ok, answer = self._comment_case(lambda s, a, scope: comments.delete_comment(
            s, a, scope, as_id(comment_id)), "De toelichting is verwijderd.")
        if ok:
            self.editing_comment = 0
        return answer

    # --- Budget en werkelijk: the dashboard card (the budget page is vfo_app.state.budget) ----

    def _fill_budget(self, session: Session, scope: Scope, this: figures.YearSums | None
                     ) -> None:
        """Budget against actual for the year to date, when the year has a budget; ``this``:
        the year's sums as the dashboard read them."""
        self.budget_rows = []
        if scope.is_starter or not self.has_figures or not self.year.isdigit():
            return
        upto = int(self.month) if self.month.isdigit() else None
        result = budget.against_actual(session, scope, scope.client_id, int(self.year), upto=upto,
                                       sums=this)
        if result.has_budget:
            self.budget_rows = comparison_rows(result.ytd)
