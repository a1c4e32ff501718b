"""Kasstroomoverzicht by the indirect method: from the result to the change in cash.

Built on the per-category sums of ``figures.year_sums``. For a period (months first..last of
the fiscal year) each line is the cash effect of one group of the ledger:

- Resultaat: all profit-and-loss categories (revenue positive);
- Afschrijvingen: added back (they cost no money now);
- changes in voorzieningen, debiteuren, voorraden, overige vorderingen, crediteuren and
  overige kortlopende schulden: an asset that grows takes cash, a debt that grows gives it;
- Investeringen in vaste activa: the change in vaste activa plus the depreciation (what was
  bought minus what was sold);
- Langlopende schulden (financing) and Eigen vermogen other than the result (deposits,
  private withdrawals, dividend);
- Overige balansposten: suspense and clearing accounts, and any account without a category,
  shown on a line of their own instead of hidden in another.

Every line is minus the movement of its accounts (the depreciation line and the investments
line move the same amount between them), and every transaction is balanced, so the lines add
up to the movement of Liquide middelen, exactly, in cents. ``CashFlow.reconciles`` checks it
for every period; a ledger with an unbalanced transaction would make it False, and the page
says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfo_app.domain.overview.figures import YearSums
from vfo_app.domain.xaf.classify import CATEGORIES, PROFIT_LOSS

CASH = "liquide_middelen"
P_CATEGORIES = tuple(k for k, c in CATEGORIES.items() if c.section == PROFIT_LOSS)

OPERATING, INVESTING, FINANCING, OTHER = ("operationeel", "investeringen", "financiering",
                                          "overig")
SECTIONS = {OPERATING: "Kasstroom uit operationele activiteiten",
            INVESTING: "Kasstroom uit investeringsactiviteiten",
            FINANCING: "Kasstroom uit financieringsactiviteiten",
            OTHER: "Overige balansposten"}

# (key, label, section, categories whose movement is the line, with its sign)
WORKING_CAPITAL = (
    ("voorzieningen", "Mutatie voorzieningen"),
    ("debiteuren", "Mutatie debiteuren"),
    ("voorraden", "Mutatie voorraden en onderhanden werk"),
    ("vorderingen", "Mutatie overige vorderingen"),
    ("crediteuren", "Mutatie crediteuren"),
    ("kortlopende_schulden", "Mutatie overige kortlopende schulden"),
)
FINANCING_LINES = (
    ("langlopende_schulden", "Opgenomen en afgeloste langlopende schulden"),
    ("eigen_vermogen", "Stortingen en onttrekkingen eigen vermogen (zonder resultaat)"),
)
KNOWN = {*P_CATEGORIES, CASH, "vaste_activa", *(k for k, _ in WORKING_CAPITAL),
         *(k for k, _ in FINANCING_LINES)}


@dataclass(frozen=True)
class CashFlowLine:
    key: str
    label: str
    section: str
    amount_cents: int
    last_year_cents: int | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class CashFlow:
    """The statement for months ``first``..``last`` of the fiscal year."""

    first: int
    last: int
    lines: list[CashFlowLine]
    opening_cents: int
    closing_cents: int
    opening_last_year_cents: int | None = None
    closing_last_year_cents: int | None = None

    @property
    def net_change_cents(self) -> int:
        return self.closing_cents - self.opening_cents

    @property
    def lines_total_cents(self) -> int:
        return sum(line.amount_cents for line in self.lines)

    @property
    def difference_cents(self) -> int:
        """What the lines leave unexplained: 0 always, unless the ledger is unbalanced."""
        return self.net_change_cents - self.lines_total_cents

    @property
    def reconciles(self) -> bool:
        return self.difference_cents == 0

    def section_total(self, section: str) -> int:
        return sum(line.amount_cents for line in self.lines if line.section == section)


def _other_categories(s: YearSums) -> set[str]:
    """Overige balansposten and any category the statement does not name (e.g. none)."""
    seen = {c for c, _ in s.moves} | set(s.opening)
    return {c for c in seen if c not in KNOWN}


def _amounts(s: YearSums, first: int, last: int) -> dict[str, int]:
    def move(*categories: str) -> int:
        return sum(s.pl(c, first, last) for c in categories)

    depreciation = move("afschrijvingen")
    out = {"resultaat": -move(*P_CATEGORIES), "afschrijvingen": depreciation}
    for key, _ in WORKING_CAPITAL:
        out[key] = -move(key)
    out["vaste_activa"] = -(move("vaste_activa") + depreciation)
    for key, _ in FINANCING_LINES:
        out[key] = -move(key)
    out["overige_balansposten"] = -move(*sorted(_other_categories(s) | {"overige_balansposten"}))
    return out


LINES = (
    ("resultaat", "Resultaat", OPERATING, P_CATEGORIES),
    ("afschrijvingen", "Afschrijvingen", OPERATING, ("afschrijvingen",)),
    *((k, label, OPERATING, (k,)) for k, label in WORKING_CAPITAL),
    ("vaste_activa", "Investeringen in vaste activa (na desinvesteringen)", INVESTING,
     ("vaste_activa", "afschrijvingen")),
    *((k, label, FINANCING, (k,)) for k, label in FINANCING_LINES),
    ("overige_balansposten", "Mutatie overige balansposten", OTHER, ("overige_balansposten",)),
)


def statement(this: YearSums, last: YearSums | None, first: int, upto: int) -> CashFlow:
    """The cash flow of months ``first``..``upto`` with the same months last year."""
    if not 1 <= first <= upto <= 12:
        raise ValueError("first..upto must lie within the fiscal year")
    now = _amounts(this, first, upto)
    before = _amounts(last, first, upto) if last is not None else None
    lines = [CashFlowLine(key, label, section, now[key],
                          before[key] if before is not None else None, categories)
             for key, label, section, categories in LINES]
    return CashFlow(
        first=first, last=upto, lines=lines,
        opening_cents=this.balance(CASH, first - 1), closing_cents=this.balance(CASH, upto),
        opening_last_year_cents=last.balance(CASH, first - 1) if last else None,
        closing_last_year_cents=last.balance(CASH, upto) if last else None)


def monthly(this: YearSums, last: YearSums | None, upto: int) -> list[CashFlow]:
    """One statement per month 1..``upto``."""
    return [statement(this, last, m, m) for m in range(1, upto + 1)]


def all_periods(this: YearSums, last: YearSums | None, upto: int) -> list[CashFlow]:
    """Every period the page can show: each month and the year to date."""
    return [*monthly(this, last, upto), statement(this, last, 1, upto)]


@dataclass(frozen=True)
class WaterfallStep:
    """A bar of "Waar is het geld gebleven": floating from ``base`` to ``base + amount``."""

    label: str
    amount_cents: int
    start_cents: int
    end_cents: int
    kind: str  # "total" (opening, closing) | "up" | "down"
    key: str = ""  # the line's key; "begin" and "eind" for the two totals


def waterfall(flow: CashFlow) -> list[WaterfallStep]:
    """From opening to closing cash: the opening, the lines that moved money (largest
    sections as the statement orders them), the closing."""
    steps = [WaterfallStep("Beginsaldo", flow.opening_cents, 0, flow.opening_cents, "total",
                           "begin")]
    level = flow.opening_cents
    for line in flow.lines:
        if line.amount_cents == 0:
            continue
        steps.append(WaterfallStep(line.label, line.amount_cents, level,
                                   level + line.amount_cents,
                                   "up" if line.amount_cents > 0 else "down", line.key))
        level += line.amount_cents
    steps.append(WaterfallStep("Eindsaldo", flow.closing_cents, 0, flow.closing_cents, "total",
                               "eind"))
    return steps


# --- use cases ---------------------------------------------------------------------------------

STARTER_REFUSED = ("Het kasstroomoverzicht en de kengetallen horen bij Visma Financial Overview; "
                   "Starter toont het dashboard en de trends.")


def full_scope(session, who, client_id: int):
    """The checked scope of the full version: an employee's (or the command line's) actor is
    checked by the access policy (``access.require_figures`` through ``scope.for_employee``);
    a client user's Scope must be this client's. Starter is refused."""
    from vfo_app.domain.auth import Actor
    from vfo_app.domain.errors import PermissionDenied
    from vfo_app.domain.overview import scope as scopes

    scope = scopes.for_employee(session, who, client_id) if isinstance(who, Actor) else who
    if scope.client_id != client_id:
        raise PermissionDenied("U heeft geen toegang tot de cijfers van deze klant.")
    if scope.is_starter:
        raise PermissionDenied(STARTER_REFUSED)
    return scope


@dataclass(frozen=True)
class CashFlowReport:
    """What the Kasstroom page and ``vfo figures`` show for a fiscal year up to a month."""

    year: int
    upto: int
    start: object  # date: the fiscal year's first day
    ytd: CashFlow
    months: list[CashFlow]
    has_last_year: bool

    @property
    def reconciles(self) -> bool:
        return self.ytd.reconciles and all(m.reconciles for m in self.months)


def report(session, who, client_id: int, year: int, upto: int | None = None) -> CashFlowReport:
    """The cash flow of ``year`` for months 1..``upto`` (default: the last complete month),
    each month and the year to date, with last year. Access: ``full_scope``."""
    from vfo_app.domain.errors import NotFound
    from vfo_app.domain.overview import figures

    full_scope(session, who, client_id)
    this = figures.year_sums(session, client_id, year)
    if this is None:
        raise NotFound("Er zijn geen cijfers van dit boekjaar.")
    last = figures.year_sums(session, client_id, year - 1)
    upto = figures.default_month(this) if upto is None else min(max(int(upto), 1), 12)
    return CashFlowReport(year, upto, this.start, statement(this, last, 1, upto),
                          monthly(this, last, upto), last is not None)
