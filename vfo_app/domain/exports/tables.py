"""The app's tables as sheets (``xlsx.Sheet``), from the same use cases the pages call, so a
download shows what the page shows and asks the access policy the same way.

Each function takes what its use case takes (an actor, or a checked ``Scope``) and raises
what it raises. Amounts are cents; ``xlsx`` makes them numeric euro cells.
"""

from __future__ import annotations

from sqlmodel import Session

from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound
from vfo_app.domain.exports.xlsx import Column, Row, Sheet
from vfo_app.domain.formatting import month_name
from vfo_app.domain.overview import budget as budgets
from vfo_app.domain.overview import drilldown, figures, portfolio
from vfo_app.domain.overview.scope import Scope
from vfo_app.domain.xaf.classify import CATEGORIES
from vfo_app.domain.xaf.ledger import NO_YEAR, trial_balance

TRIAL_BALANCE_HEADERS = ("Rekening", "Omschrijving", "Beginsaldo", "Debet", "Credit", "Eindsaldo")
ALL_LINES = 10**7  # one "page" that holds every line of an account


def trial_balance_sheet(session: Session, actor: Actor, client_id: int, year: int) -> Sheet:
    """Proef- en saldibalans: every account with lines in the year, then the totals."""
    rows = trial_balance(session, actor, client_id, year)
    body: list = [[r.account_id, r.description, r.opening_cents, r.debit_cents, r.credit_cents,
                   r.closing_cents] for r in rows]
    body.append(Row(["Totaal", "", *(sum(getattr(r, f"{k}_cents") for r in rows)
                                      for k in ("opening", "debit", "credit", "closing"))],
                    bold=True))
    h = TRIAL_BALANCE_HEADERS
    return Sheet(f"Proefbalans {year}", [Column(h[0], "text", 12), Column(h[1], "text", 40),
                                         *(Column(x, "eur") for x in h[2:])], body)


def _sums(session: Session, scope: Scope, year: int) -> tuple[figures.YearSums, figures.YearSums | None]:
    this = figures.year_sums(session, scope.client_id, year)
    if this is None:
        raise NotFound(NO_YEAR)
    return this, figures.year_sums(session, scope.client_id, year - 1)


def _statement(title: str, lines: list[dict], keys: tuple[str, ...], heads: list[str]) -> Sheet:
    body: list = []
    for line in lines:
        values = [line["label"], *(None if line["kind"] == "section" else line[k] for k in keys)]
        body.append(Row(values, bold=line["kind"] != "row"))
    return Sheet(title, [Column("Rubriek", "text", 36), *(Column(h, "eur") for h in heads)], body)


def profit_and_loss_sheet(session: Session, scope: Scope, year: int, upto: int) -> Sheet:
    """Winst-en-verliesrekening as the dashboard and the PDF show it (period = month ``upto``)."""
    this, last = _sums(session, scope, year)
    upto = min(max(int(upto), 1), 12)
    lines = figures.profit_and_loss_statement(figures.profit_and_loss(this, last, upto, upto))
    return _statement("Winst-en-verliesrekening", lines, figures.PL_KEYS,
                      ["Periode", "Vorig jaar", "Jaar tot nu", "Vorig jaar (jaar tot nu)"])


def balance_sheet_sheet(session: Session, scope: Scope, year: int, upto: int) -> Sheet:
    """Balans at the end of month ``upto``, with the same moment last year."""
    this, last = _sums(session, scope, year)
    upto = min(max(int(upto), 1), 12)
    lines = figures.balance_sheet_statement(figures.balance_sheet(this, last, upto))
    return _statement("Balans", lines, figures.BS_KEYS, ["Einde periode", "Vorig jaar"])


def accounts_sheet(session: Session, who: Actor | Scope, client_id: int, *, year: int, key: str,
                   first_month: int = 1, upto_month: int = 12) -> Sheet:
    """The accounts behind a figure (the drill-down's first level), with their sum."""
    view = drilldown.accounts(session, who, client_id, year=year, key=key,
                              first_month=first_month, upto_month=upto_month)
    body: list = [[a.account_id, a.description,
                   CATEGORIES[a.category].label if a.category in CATEGORIES else a.category,
                   a.amount_cents] for a in view.accounts]
    body.append(Row(["Totaal", view.label, "", view.total_cents], bold=True))
    return Sheet(f"Rekeningen {view.label}", [
        Column("Rekening", "text", 12), Column("Omschrijving", "text", 40),
        Column("Rubriek", "text", 28), Column("Bedrag", "eur")], body)


def lines_sheet(session: Session, who: Actor | Scope, client_id: int, *, year: int,
                account_id: str) -> Sheet:
    """Every line of an account in the year (not only the page shown), with the totals."""
    page = drilldown.account_lines(session, who, client_id, year=year, account_id=account_id,
                                   page=1, page_size=ALL_LINES)
    body: list = [[ln.entry_date, ln.journal_id, ln.transaction_nr,
                   ("Beginbalans: " if ln.is_opening else "") + (ln.description or ""),
                   ln.debit_cents or None, ln.credit_cents or None] for ln in page.lines]
    body.append(Row(["", "", "", "Totaal", page.debit_total_cents, page.credit_total_cents],
                    bold=True))
    return Sheet(f"Rekening {page.account_id}", [
        Column("Datum", "date"), Column("Dagboek", "text", 10), Column("Boeking", "text", 12),
        Column("Omschrijving", "text", 48), Column("Debet", "eur"), Column("Credit", "eur")], body)


def budget_sheet(session: Session, who: Actor | Scope, client_id: int, year: int) -> Sheet:
    """The budget of a year: the profit-and-loss categories × the months of the fiscal year,
    and the year's total per category. This is also the upload template (``budget_upload``):
    the layout is the same, read back by header."""
    plan = budgets.read(session, who, client_id, year)
    months = budget_month_headers(session, client_id, year)
    body: list = [[CATEGORIES[k].label, *(plan.amount(k, m) or None for m in budgets.MONTHS),
                   plan.total(k)] for k in budgets.KEYS]
    return Sheet(f"Budget {year}", [Column("Rubriek", "text", 30),
                                    *(Column(m, "eur", 12) for m in months),
                                    Column("Totaal", "eur", 14)], body)


def budget_month_headers(session: Session, client_id: int, year: int) -> list[str]:
    """The months of the fiscal year as column headers ("jan. 2018"): calendar months when
    the year's figures say where it starts, January..December otherwise."""
    sums = figures.year_sums(session, client_id, year)
    start_month, start_year = (sums.start.month, sums.start.year) if sums else (1, year)
    out = []
    for i in budgets.MONTHS:
        months = start_year * 12 + start_month - 1 + i - 1
        out.append(f"{month_name(months % 12 + 1)} {months // 12}")
    return out


def portfolio_sheet(session: Session, actor: Actor, *, search: str = "", flag: str = "",
                    sort: str = "signaal", descending: bool | None = None) -> Sheet:
    """The whole Portefeuille as filtered and sorted on the page (every page of it)."""
    result = portfolio.portfolio(session, actor, search=search, flag=flag, sort=sort,
                                 descending=descending, page=1, size=ALL_LINES, refresh=False)
    signal = {v: k for k, v in portfolio.FLAGS.items()}
    body = [[r.number, r.name, signal.get(r.flag, "geen cijfers") if r.flag is not None
             else "geen cijfers", "; ".join(r.reasons), r.booked_through,
             r.omzet, r.omzet_last_year, r.result, r.result_last_year, r.cash,
             None if r.solvency is None else r.solvency / 100] for r in result.rows]
    return Sheet("Portefeuille", [
        Column("Klantnummer", "text", 12), Column("Naam", "text", 36), Column("Signaal", "text", 12),
        Column("Waarom", "text", 48), Column("Geboekt t/m", "date"), Column("Omzet", "eur"),
        Column("Omzet vorig jaar", "eur"), Column("Resultaat", "eur"),
        Column("Resultaat vorig jaar", "eur"), Column("Liquide middelen", "eur"),
        Column("Solvabiliteit", "pct")], body)
