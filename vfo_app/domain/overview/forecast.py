"""Liquiditeitsprognose: the client's cash, 13 weeks ahead from today.

A prognose, not a figure: it starts from the cash in the books and moves it week by week by
what the books make likely, each step an assumption the page shows and the accountant may
change (stored per client in ``ForecastAssumption``; empty = derived from the figures):

- **Ontvangsten van debiteuren**: the open debtors (the Debiteuren balance at the end of the
  figures) come in evenly over the client's own average debtor days, counted from today:
  ``dagen = debiteuren x dagen verstreken in het boekjaar / omzet tot nu``.
- **Betalingen aan crediteuren**: the open creditors are paid the same way over the average
  creditor days, against the purchases (kostprijs and overige bedrijfskosten) of the year.
- **BTW**: on the due dates of the client's BTW-periode (Client.vat_period, tab Diensten >
  Basisgegevens: Maand, Kwartaal, Jaar): a return is due by the last day of the month after
  the period (the annual return by 31 March). The return of the period the figures end in
  pays the VAT owed in the books plus the estimated VAT of its months after the figures;
  every later one the estimated VAT per month times the period's months. A return already
  due before today is taken as paid (the books are older than today). The estimate per
  month: the VAT owed divided by the months of the open period up to the figures' month.
  "Niet van toepassing": no VAT.
- **Terugkerende kosten**: the average per month of the last three months of figures of
  kostprijs, personeelskosten and overige bedrijfskosten (not depreciation: no cash), spread
  evenly per day (x 12 / 365).

No new sales are assumed: the forecast shows what today's positions and the running costs do
to the cash, so the lowest point warns early. All amounts are integer cents; every spread
is cumulative (week k gets ``floor(A x t_k / T) - floor(A x t_(k-1) / T)``), so the weeks add
up to the whole amount exactly.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, func, or_, select

from vfo_app.domain import access, audit, clock
from vfo_app.domain.advisor.client_input import parse_amount_cents
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import PermissionDenied, ValidationFailed
from vfo_app.domain.formatting import TIMEZONE, day, money
from vfo_app.domain.models import (
    Client,
    ForecastAssumption,
    LedgerAccount,
    LedgerDaySum,
    LedgerImport,
)
from vfo_app.domain.overview import figures
from vfo_app.domain.overview import scope as scopes

WEEKS = 13
DEFAULT_DAYS = 30  # when the year has no revenue (or purchases) to measure the days against
MAX_DAYS = 365
COST_MONTHS = 3
CASH_COSTS = ("kostprijs", "personeelskosten", "overige_bedrijfskosten")
PURCHASES = ("kostprijs", "overige_bedrijfskosten")
VAT_MONTHS = {"Maand": 1, "Kwartaal": 3, "Jaar": 12}
STARTER_REFUSED = ("De liquiditeitsprognose hoort bij Visma Financial Overview; Starter toont "
                   "het dashboard en de trends.")
NO_FIGURES = "Er zijn nog geen cijfers ingelezen; zonder cijfers is er geen prognose."
# what an account's RGS code or description says of VAT (payable and receivable alike)
VAT_RGS = "%Btw%"
VAT_WORDS = ("%btw%", "%omzetbelasting%", "%voorbelasting%")

# the adjustable assumptions: form field -> (label, kind)
FIELDS = {
    "start_cash": ("Liquide middelen bij de start", "money"),
    "debtor_days": ("Gemiddelde debiteurendagen", "days"),
    "creditor_days": ("Gemiddelde crediteurendagen", "days"),
    "monthly_costs": ("Terugkerende kosten per maand", "money"),
    "vat_per_month": ("BTW per maand (schatting)", "money"),
}
_COLUMNS = {"start_cash": "start_cash_cents", "debtor_days": "debtor_days",
            "creditor_days": "creditor_days", "monthly_costs": "monthly_costs_cents",
            "vat_per_month": "vat_per_month_cents"}


# --- the arithmetic ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    """Everything the projection uses, whether derived or set by the accountant."""

    today: date
    figures_date: date
    start_cash: int
    debtors: int  # open debtors (to receive), cents
    creditors: int  # open creditors (to pay), cents, positive
    debtor_days: int
    creditor_days: int
    monthly_costs: int
    vat_period: str  # Client.vat_period
    vat_owed: int  # VAT owed at the figures date (negative: to be refunded)
    vat_per_month: int


@dataclass(frozen=True)
class Week:
    index: int
    start: date
    end: date
    receipts: int
    payments: int
    vat: int
    costs: int
    closing: int

    @property
    def net(self) -> int:
        return self.receipts - self.payments - self.vat - self.costs


@dataclass(frozen=True)
class VatDue:
    due: date
    period_end: date
    amount: int


def _spread(amount: int, days: int, upto_day: int) -> int:
    """The part of ``amount`` spread evenly over ``days`` days that has fallen by ``upto_day``
    (floor, cumulative): differences of consecutive values add up to the amount exactly."""
    if days <= 0:
        return amount
    return amount * min(upto_day, days) // days


def _month_end(d: date) -> date:
    return date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])


def _add_months(d: date, months: int) -> date:
    """The last day of the month ``months`` after d's month."""
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return _month_end(date(y, m + 1, 1))


def _period_end(d: date, months: int) -> date:
    """The last day of the VAT period (of ``months`` months, calendar-aligned) containing d."""
    last_month = ((d.month - 1) // months + 1) * months
    return _month_end(date(d.year, last_month, 1))


def _due(period_end: date, months: int) -> date:
    """When the return of a period ending on ``period_end`` is due: the last day of the month
    after it; the annual return by 31 March."""
    return date(period_end.year + 1, 3, 31) if months == 12 else _add_months(period_end, 1)


def _months_after(after: date, upto: date) -> int:
    """Whole months after the month of ``after`` that end on or before ``upto``."""
    count, end = 0, _add_months(after, 1)
    while end <= upto:
        count, end = count + 1, _add_months(end, 1)
    return count


def vat_payments(inputs: Inputs, until: date) -> list[VatDue]:
    """The VAT payments due from today up to ``until`` (inclusive), per the BTW-periode."""
    months = VAT_MONTHS.get(inputs.vat_period)
    if months is None:
        return []
    # the period of the figures; a return already due before today is taken as paid
    figures_period = end = _period_end(inputs.figures_date, months)
    while _due(end, months) < inputs.today:
        end = _period_end(end + timedelta(days=1), months)
    out = []
    while _due(end, months) <= until:
        if end == figures_period:
            amount = (inputs.vat_owed
                      + inputs.vat_per_month * _months_after(inputs.figures_date, end))
        else:
            amount = inputs.vat_per_month * months
        out.append(VatDue(_due(end, months), end, amount))
        end = _period_end(end + timedelta(days=1), months)
    return out


def project(inputs: Inputs, weeks: int = WEEKS) -> list[Week]:
    """The weeks: week k runs from today + 7(k-1) to today + 7k - 1."""
    vat = vat_payments(inputs, inputs.today + timedelta(days=7 * weeks - 1))
    cash, out = inputs.start_cash, []
    for k in range(1, weeks + 1):
        a, b = 7 * (k - 1), 7 * k
        receipts = (_spread(inputs.debtors, inputs.debtor_days, b)
                    - _spread(inputs.debtors, inputs.debtor_days, a))
        payments = (_spread(inputs.creditors, inputs.creditor_days, b)
                    - _spread(inputs.creditors, inputs.creditor_days, a))
        costs = inputs.monthly_costs * 12 * b // 365 - inputs.monthly_costs * 12 * a // 365
        start, end = inputs.today + timedelta(days=a), inputs.today + timedelta(days=b - 1)
        tax = sum(v.amount for v in vat if start <= v.due <= end)
        cash += receipts - payments - tax - costs
        out.append(Week(k, start, end, receipts, payments, tax, costs, cash))
    return out


@dataclass(frozen=True)
class LowPoint:
    """The lowest cash of the forecast: today's starting cash (``index`` 0, on ``start``) or
    the end of week ``index`` (``start``..``end``), as an accountant reads "laagste punt"."""

    index: int
    start: date
    end: date
    amount: int

    @property
    def at_start(self) -> bool:
        return self.index == 0


def lowest(inputs: Inputs, weeks: list[Week]) -> LowPoint:
    """The lowest point, the starting cash included: when no week ends lower than today's
    cash, the start is the lowest point; of equally low points the earliest."""
    low = LowPoint(0, inputs.today, inputs.today, inputs.start_cash)
    for w in weeks:
        if w.closing < low.amount:
            low = LowPoint(w.index, w.start, w.end, w.closing)
    return low


# --- what the books say ------------------------------------------------------------------------


@dataclass(frozen=True)
class Derived:
    """The assumptions as the figures give them, and where each comes from."""

    figures_date: date
    cash: int
    debtors: int
    creditors: int
    debtor_days: int
    debtor_days_basis: str
    creditor_days: int
    creditor_days_basis: str
    monthly_costs: int
    monthly_costs_basis: str
    vat_owed: int
    vat_per_month: int
    vat_basis: str


def _vat_balance(session: Session, import_id: int, through: date) -> int:
    """The VAT accounts' balance (ledger sign: credit negative) up to ``through``."""
    day_sum = LedgerDaySum
    total = session.exec(
        select(func.coalesce(func.sum(day_sum.debit_cents - day_sum.credit_cents), 0))
        .join(LedgerAccount, (LedgerAccount.import_id == day_sum.import_id)
              & (LedgerAccount.account_id == day_sum.account_id))
        .where(day_sum.import_id == import_id,
               or_(day_sum.is_opening == True, day_sum.entry_date.is_(None),
                   day_sum.entry_date <= through),
               LedgerAccount.section == "B",
               or_(LedgerAccount.rgs_code.like(VAT_RGS),
                   *(func.lower(LedgerAccount.description).like(w) for w in VAT_WORDS)))
    ).one()
    return int(total or 0)


def _days(balance: int, elapsed: int, flow: int, what: str) -> tuple[int, str]:
    if flow <= 0 or balance <= 0:
        return DEFAULT_DAYS, f"standaard {DEFAULT_DAYS} dagen (geen {what} om aan te meten)"
    days = min(MAX_DAYS, max(1, round(balance * elapsed / flow)))
    return days, (f"{money(balance)} openstaand x {elapsed} dagen / {money(flow)} {what} "
                  f"= {days} dagen")


def derive(session: Session, client: Client) -> Derived | None:
    """The assumptions from the client's newest imported year; None without figures."""
    imp = session.exec(select(LedgerImport).where(LedgerImport.client_id == client.id)
                       .order_by(LedgerImport.year.desc())).first()
    if imp is None:
        return None
    s = figures.year_sums(session, client.id, imp.year)
    upto = figures.default_month(s)  # the last complete month, as everywhere
    month_end = _add_months(s.start, upto - 1)
    figures_date = min(imp.last_booking_date or month_end, month_end)
    elapsed = (figures_date - s.start).days + 1
    debtors = s.balance("debiteuren", upto)
    creditors = -s.balance("crediteuren", upto)
    omzet = -s.pl("omzet", 1, upto)
    purchases = sum(s.pl(c, 1, upto) for c in PURCHASES)
    debtor_days, debtor_basis = _days(debtors, elapsed, omzet, "omzet")
    creditor_days, creditor_basis = _days(creditors, elapsed, purchases, "inkopen en kosten")
    first = max(1, upto - COST_MONTHS + 1)
    costs_total = sum(s.pl(c, first, upto) for c in CASH_COSTS)
    n = upto - first + 1
    monthly = round(costs_total / n)
    costs_basis = (f"gemiddelde van {n} maand{'en' if n > 1 else ''} t/m {day(month_end)}: "
                   "kostprijs, personeelskosten en overige bedrijfskosten")
    vat_owed = -_vat_balance(session, imp.id, figures_date)
    months = VAT_MONTHS.get(client.vat_period)
    if months is None:
        vat_per_month, vat_basis = 0, f"BTW-periode: {client.vat_period}"
    else:
        open_months = (figures_date.month - 1) % months + 1
        vat_per_month = round(vat_owed / open_months)
        vat_basis = (f"{money(vat_owed)} BTW te betalen op {day(figures_date)} over "
                     f"{open_months} maand{'en' if open_months > 1 else ''} van de lopende "
                     f"periode ({client.vat_period.lower()})")
    return Derived(figures_date, s.balance("liquide_middelen", upto), debtors, creditors,
                   debtor_days, debtor_basis, creditor_days, creditor_basis, monthly,
                   costs_basis, vat_owed, vat_per_month, vat_basis)


# --- the use cases -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Assumption:
    field: str
    label: str
    kind: str  # "money" | "days"
    value: int  # what the forecast uses
    derived: int
    basis: str
    overridden: bool


@dataclass(frozen=True)
class Forecast:
    client_name: str
    today: date
    inputs: Inputs
    weeks: list[Week]
    lowest: LowPoint
    vat: list[VatDue]
    assumptions: list[Assumption] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _client(session: Session, actor: Actor, client_id: int) -> tuple[Client, scopes.Scope]:
    scope = scopes.for_employee(session, actor, client_id)
    if scope.is_starter:
        raise PermissionDenied(STARTER_REFUSED)
    return access.require_figures(session, actor, client_id).client, scope


def _stored(session: Session, client_id: int) -> ForecastAssumption | None:
    return session.exec(select(ForecastAssumption)
                        .where(ForecastAssumption.client_id == client_id)).first()


def today() -> date:
    return clock.now().astimezone(TIMEZONE).date()


def forecast(session: Session, actor: Actor, client_id: int) -> Forecast | None:
    """The client's forecast from today (None without figures): serving employees, full
    version only."""
    client, scope = _client(session, actor, client_id)
    d = derive(session, client)
    if d is None:
        return None
    stored = _stored(session, client.id)
    derived = {"start_cash": (d.cash, f"saldo liquide middelen op {day(d.figures_date)}"),
               "debtor_days": (d.debtor_days, d.debtor_days_basis),
               "creditor_days": (d.creditor_days, d.creditor_days_basis),
               "monthly_costs": (d.monthly_costs, d.monthly_costs_basis),
               "vat_per_month": (d.vat_per_month, d.vat_basis)}
    assumptions = []
    for name, (label, kind) in FIELDS.items():
        value, basis = derived[name]
        own = getattr(stored, _COLUMNS[name]) if stored else None
        assumptions.append(Assumption(name, label, kind, value if own is None else own, value,
                                      basis, own is not None))
    used = {a.field: a.value for a in assumptions}
    now = today()
    inputs = Inputs(today=now, figures_date=d.figures_date, start_cash=used["start_cash"],
                    debtors=d.debtors, creditors=d.creditors,
                    debtor_days=used["debtor_days"], creditor_days=used["creditor_days"],
                    monthly_costs=used["monthly_costs"], vat_period=client.vat_period,
                    vat_owed=d.vat_owed, vat_per_month=used["vat_per_month"])
    weeks = project(inputs)
    notes = ["Geen nieuwe verkopen verondersteld: de prognose toont wat de openstaande posten "
             "en de terugkerende kosten met de liquide middelen doen."]
    if (now - d.figures_date).days > 31:
        notes.append(f"De cijfers lopen t/m {day(d.figures_date)}; de prognose begint vandaag "
                     "met de saldi van die datum. Lees recentere cijfers in voor een betere "
                     "prognose.")
    return Forecast(scope.client_name, now, inputs, weeks, lowest(inputs, weeks),
                    vat_payments(inputs, inputs.today + timedelta(days=7 * WEEKS - 1)),
                    assumptions, notes)


def _parse(name: str, kind: str, raw: object, errors: dict[str, str]) -> int | None:
    text = str(raw or "").strip()
    if not text:
        return None
    if kind == "days":
        if not text.isdigit() or not 0 <= int(text) <= MAX_DAYS:
            errors[name] = f"Vul een aantal dagen in van 0 tot en met {MAX_DAYS}, of laat leeg."
            return None
        return int(text)
    cents = parse_amount_cents(text)
    if cents is None or abs(cents) >= 10**13:
        errors[name] = "Vul een bedrag in, bijvoorbeeld 12.500,00, of laat leeg."
        return None
    if name == "monthly_costs" and cents < 0:
        errors[name] = "De kosten per maand kunnen niet negatief zijn."
        return None
    return cents


def save_assumptions(session: Session, actor: Actor, client_id: int, form: dict) -> None:
    """The accountant's own values (empty = derived from the figures again)."""
    client, _ = _client(session, actor, client_id)
    if not actor.is_employee or access.is_system(actor):
        raise PermissionDenied()
    form = form if isinstance(form, dict) else {}
    errors: dict[str, str] = {}
    values = {_COLUMNS[n]: _parse(n, kind, form.get(n), errors)
              for n, (_, kind) in FIELDS.items()}
    if errors:
        raise ValidationFailed(errors)
    row = _stored(session, client.id) or ForecastAssumption(client_id=client.id)
    before = {k: getattr(row, k) for k in values}
    for k, v in values.items():
        setattr(row, k, v)
    row.updated_at, row.updated_by_id = clock.now(), actor.identity_id
    session.add(row)
    changes = {k: [before[k], v] for k, v in values.items() if before[k] != v}
    if changes:
        audit.record(session, actor_id=actor.identity_id or None, office_id=client.office_id,
                     action="update", entity="forecastassumption", entity_id=client.id,
                     changes=changes)
