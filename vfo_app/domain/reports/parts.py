"""The parts of a report pack and their rows, as stored when a pack is published.

A part is plain JSON (``Part.as_json``): a title, its columns and its rows, each row with a
``key`` (stable across imports, so a published part can be compared line by line with the
figures of today), a label, a unit and one value per column. Money is in cents (unit
``cents``); key figures keep the library's unit (``eur``, ``pct``, ``ratio``, ``days``,
``months``). Text parts (observations, the accountant's text) have ``lines`` instead.

Everything is computed from the same sums as the dashboard (``figures.year_sums``), for the
pack's period: months ``first``..``month`` of the fiscal year (a month, a quarter, or the
year to date), positions at the end of month ``month``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from vfo_app.domain.overview import cash_flow, figures, key_figures
from vfo_app.domain.overview.figures import YearSums

KEY_FIGURES, PROFIT_LOSS, BALANCE, CASH_FLOW = "kengetallen", "winst_en_verlies", "balans", \
    "kasstroom"
BUDGET, TRENDS, OBSERVATIONS, TEXT = "budget", "trends", "observaties", "tekst"
TITLES = {
    KEY_FIGURES: "Kengetallen",
    PROFIT_LOSS: "Winst-en-verliesrekening",
    BALANCE: "Balans",
    CASH_FLOW: "Kasstroom",
    BUDGET: "Budget tegenover werkelijk",
    TRENDS: "Trends",
    OBSERVATIONS: "Observaties",
    TEXT: "Toelichting van uw accountant",
}
ORDER = tuple(TITLES)
DEFAULT_PARTS = (KEY_FIGURES, PROFIT_LOSS, BALANCE, CASH_FLOW, OBSERVATIONS, TEXT)
# The parts whose lines are compared with the figures of a later import (the first column).
COMPARED = (KEY_FIGURES, PROFIT_LOSS, BALANCE, CASH_FLOW)

MONTH, QUARTER, YTD = "month", "quarter", "ytd"
PERIOD_KINDS = {MONTH: "Maand", QUARTER: "Kwartaal", YTD: "Jaar tot nu toe"}


def first_month(kind: str, month: int) -> int:
    """The period's first month of the fiscal year."""
    return {MONTH: month, QUARTER: max(month - 2, 1), YTD: 1}[kind]


@dataclass
class Period:
    """What a part is computed over: ``this`` year's sums (and last year's), months
    ``first``..``month``."""

    this: YearSums
    last: YearSums | None
    first: int
    month: int
    budget: object | None = None  # budget.BudgetVsActual, when the pack has that part

    @property
    def label(self) -> str:
        return key_figures.period_labels(self.this.start, self.month, self.first)[0]

    @property
    def position_label(self) -> str:
        return key_figures.period_labels(self.this.start, self.month, self.first)[1]


@dataclass
class Part:
    key: str
    title: str
    columns: list[dict] = field(default_factory=list)  # {"key", "label"}
    rows: list[dict] = field(default_factory=list)  # {"key", "label", "kind", "unit", "values"}
    lines: list[str] = field(default_factory=list)
    note: str = ""

    def as_json(self) -> dict:
        return {"key": self.key, "title": self.title, "columns": self.columns,
                "rows": self.rows, "lines": self.lines, "note": self.note}


def _row(key: str, label: str, values: dict, unit: str = "cents", kind: str = "row") -> dict:
    return {"key": key, "label": label, "kind": kind, "unit": unit, "values": values}


def key_figure_part(p: Period, keys: list[str]) -> Part:
    values = {v.key: v for v in key_figures.compute_from(p.this, p.last, p.month, p.first)}
    rows = []
    for k in keys:
        v = values.get(k)
        if v is not None:
            rows.append(_row(k, v.label, {"value": v.value, "period": v.period_label}, v.unit)
                        | {"reason": v.reason})
    return Part(KEY_FIGURES, TITLES[KEY_FIGURES],
                [{"key": "value", "label": "Waarde"}, {"key": "period", "label": "Periode"}],
                rows)


def profit_loss_part(p: Period) -> Part:
    lines = figures.profit_and_loss_statement(
        figures.profit_and_loss(p.this, p.last, p.first, p.month))
    rows = [_row(line.get("category") or line["label"], line["label"],
                 {k: line.get(k) for k in figures.PL_KEYS}, kind=line["kind"])
            for line in lines]
    return Part(PROFIT_LOSS, TITLES[PROFIT_LOSS], [
        {"key": "period", "label": p.label}, {"key": "period_last_year", "label": "Vorig jaar"},
        {"key": "ytd", "label": "Jaar tot nu toe"},
        {"key": "ytd_last_year", "label": "Vorig jaar t/m"}], rows)


def balance_part(p: Period) -> Part:
    lines = figures.balance_sheet_statement(figures.balance_sheet(p.this, p.last, p.month))
    rows = []
    for line in lines:
        key = line.get("category") or line["label"]
        rows.append(_row(key, line["label"], {k: line.get(k) for k in figures.BS_KEYS},
                         kind=line["kind"]))
    return Part(BALANCE, TITLES[BALANCE], [{"key": "amount", "label": p.position_label},
                                          {"key": "last_year", "label": "Vorig jaar"}], rows)


def cash_flow_part(p: Period) -> Part:
    flow = cash_flow.statement(p.this, p.last, p.first, p.month)
    rows = [_row("opening", "Liquide middelen begin periode",
                 {"amount": flow.opening_cents, "last_year": flow.opening_last_year_cents},
                 kind="section")]
    rows += [_row(line.key, line.label, {"amount": line.amount_cents,
                                         "last_year": line.last_year_cents})
             for line in flow.lines]
    rows.append(_row("closing", "Liquide middelen einde periode",
                     {"amount": flow.closing_cents, "last_year": flow.closing_last_year_cents},
                     kind="total"))
    note = "" if flow.reconciles else (
        "Let op: de regels sluiten niet aan op de mutatie van de liquide middelen.")
    return Part(CASH_FLOW, TITLES[CASH_FLOW], [{"key": "amount", "label": p.label},
                                              {"key": "last_year", "label": "Vorig jaar"}],
                rows, note=note)


def budget_part(p: Period) -> Part:
    vs = p.budget
    if vs is None or not vs.has_budget:
        return Part(BUDGET, TITLES[BUDGET], note="Er is geen budget voor dit boekjaar.")
    rows = [_row(r.category, r.label, {"budget": r.budget, "actual": r.actual,
                                       "difference": r.difference},
                 kind="total" if r.category == "resultaat" else "row") for r in vs.period]
    return Part(BUDGET, TITLES[BUDGET], [{"key": "budget", "label": "Budget"},
                                        {"key": "actual", "label": "Werkelijk"},
                                        {"key": "difference", "label": "Verschil"}], rows)


def trends_part(p: Period) -> Part:
    trend = figures.monthly_trend(p.this)[:p.month]
    rows = [_row(f"m{r['month']}", _month_label(p.this, r["month"]),
                 {"omzet": r["omzet"], "kosten": r["kosten"], "resultaat": r["resultaat"],
                  "liquide_middelen": r["liquide_middelen"]}) for r in trend]
    return Part(TRENDS, TITLES[TRENDS], [
        {"key": "omzet", "label": "Omzet"}, {"key": "kosten", "label": "Kosten"},
        {"key": "resultaat", "label": "Resultaat"},
        {"key": "liquide_middelen", "label": "Liquide middelen"}], rows)


def _month_label(s: YearSums, index: int) -> str:
    from vfo_app.domain.formatting import month_name

    end = figures.month_end(s, index)
    return f"{month_name(end.month)} {end.year}"


def observation_lines(p: Period) -> list[str]:
    """The automatic observations of the period (``key_figures.observations``, as the
    dashboard and the PDF)."""
    return key_figures.observations(p.this, p.last, p.month, p.first)


def observations_part(p: Period) -> Part:
    lines = observation_lines(p)
    return Part(OBSERVATIONS, TITLES[OBSERVATIONS], lines=lines,
                note="" if lines else "Geen bijzonderheden.")


def text_part(text: str) -> Part:
    return Part(TEXT, TITLES[TEXT], lines=[t for t in text.split("\n\n") if t.strip()])


def build(p: Period, parts: list[str], *, keys: list[str], text: str) -> list[dict]:
    """Every chosen part, in the pack's order, as JSON."""
    makers = {KEY_FIGURES: lambda: key_figure_part(p, keys), PROFIT_LOSS: lambda: profit_loss_part(p),
              BALANCE: lambda: balance_part(p), CASH_FLOW: lambda: cash_flow_part(p),
              BUDGET: lambda: budget_part(p), TRENDS: lambda: trends_part(p),
              OBSERVATIONS: lambda: observations_part(p), TEXT: lambda: text_part(text)}
    return [makers[k]().as_json() for k in ORDER if k in parts]


# --- a published part against the figures of today ---------------------------------------------


@dataclass(frozen=True)
class Change:
    part: str
    label: str
    unit: str
    old: float | int | None
    new: float | int | None

    @property
    def difference(self) -> float | int | None:
        if self.old is None or self.new is None:
            return None
        return round(self.new - self.old, 2)


def _first_column(part: dict) -> str | None:
    return part["columns"][0]["key"] if part.get("columns") else None


def changes(published: list[dict], today: list[dict]) -> list[Change]:
    """The lines of the compared parts whose first figure differs between the published
    snapshot and today's (a line that appeared or disappeared counts as changed). A difference
    too small to show (``shown_change``) is no change: it is not listed, and it does not mark
    a pack restated after an import."""
    now = {p["key"]: p for p in today}
    out = []
    for part in published:
        if part["key"] not in COMPARED or part["key"] not in now:
            continue
        column = _first_column(part)
        if column is None:
            continue
        new_rows = {r["key"]: r for r in now[part["key"]]["rows"]}
        old_rows = {r["key"]: r for r in part["rows"]}
        for key in dict.fromkeys([*old_rows, *new_rows]):
            old, new = old_rows.get(key), new_rows.get(key)
            a = old["values"].get(column) if old else None
            b = new["values"].get(column) if new else None
            if a == b or (not a and not b):
                continue
            row = old or new
            change = Change(part["title"], row["label"], row["unit"], a, b)
            if shown_change(change) is not None:
                out.append(change)
    return out


# --- as shown -----------------------------------------------------------------------------------


def shown(unit: str, value, *, exact: bool = False) -> str:
    """A stored value as read, in Dutch: cents in whole euros (``exact``: with cents), key
    figures as the library shows them; "–" for none; text as it is."""
    from vfo_app.domain.formatting import money, money_whole

    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        return value
    if unit == "cents":
        return money(int(value)) if exact else money_whole(int(value))
    return key_figures.display(unit, float(value))


# The decimals a key figure is read with (``key_figures.display``); a changed line may show up to
# MORE_DIGITS more, so that its change can be seen.
BASE_DIGITS = {"eur": 0, "pct": 1, "ratio": 2, "days": 0, "months": 1}
MORE_DIGITS = 2
POINTS = "%-punt"  # a difference of two percentages: percentage points


@dataclass(frozen=True)
class ShownChange:
    old: str
    new: str
    difference: str


def _numeric(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _digits(unit: str) -> list[int]:
    """The precisions tried for a changed line, coarsest first."""
    if unit == "cents":
        return [2]  # amounts are read to the cent in the changed lines
    if unit == "eur":
        return [0, 2]  # whole euros, else euros and cents
    base = BASE_DIGITS.get(unit, 2)
    return list(range(base, base + MORE_DIGITS + 1))


def _at(unit: str, value: float | int, digits: int, *, difference: bool = False) -> str:
    from vfo_app.domain.formatting import money, money_whole, number

    if unit == "cents":
        return money(int(value))
    if unit == "eur":
        return money(round(value * 100)) if digits else money_whole(round(value * 100))
    text = number(value, digits)
    if unit == "pct":
        return f"{text} {POINTS}" if difference else f"{text}%"
    if unit == "days":
        return f"{text} {'dag' if text.lstrip('-') == '1' else 'dagen'}"
    return f"{text} maanden" if unit == "months" else text


def shown_change(change: Change) -> ShownChange | None:
    """A changed line as read: was, now and the difference, or None when it is no change.

    What an accountant expects: the line shows the figure at the precision it is always read
    with (amounts to the cent; key figures as ``key_figures.display``). When at that precision
    was and now would read the same (Solvabiliteit 80,3% to 80,3%) or the difference would
    read as nothing ("-0,0%"), the line shows as many more decimals as it takes, up to
    ``MORE_DIGITS``, for all three alike: 80,34% to 80,30%, -0,04 %-punt. The difference is
    that of the two figures as shown, so the line adds up as it is read, and one more decimal
    is shown where that would not be the true difference rounded (17,76 to 17,54 maanden
    reads 17,76, 17,54 and -0,22, where 17,8 and 17,5 would suggest -0,3). A difference of two percentages
    is in percentage points ("%-punt"), never "%", which would read as a relative change. A
    change that does not show even then (a remainder of the arithmetic after a re-import) is
    no change: ``changes`` leaves the line out. A line that appeared or
    disappeared shows "–" on the missing side and as its difference."""
    old, new = change.old, change.new
    if not (_numeric(old) and _numeric(new)):
        return ShownChange(shown(change.unit, old, exact=True),
                           shown(change.unit, new, exact=True), "–")
    found = None
    for digits in _digits(change.unit):
        was, now = _rounded(change.unit, old, digits), _rounded(change.unit, new, digits)
        if was == now:
            continue
        diff = now - was  # of the figures as shown, so that the line adds up as read
        text = _at(change.unit, diff, digits, difference=True)
        found = ShownChange(_at(change.unit, was, digits), _at(change.unit, now, digits),
                            text if diff < 0 else "+" + text)
        if diff == _rounded(change.unit, new - old, digits):
            return found  # and it is the true difference, rounded
    return found


def _rounded(unit: str, value: float | int, digits: int) -> Decimal:
    """The value as ``_at`` shows it, rounded as Babel rounds (half to even)."""
    if unit == "cents":
        return Decimal(int(value))
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)


def shown_difference(change: Change) -> str:
    found = shown_change(change)
    return found.difference if found else "–"
