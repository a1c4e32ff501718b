"""Alerts and the figure snapshot behind the office's attention list.

**The snapshot** (``ClientFigureSnapshot``, one row per client): the newest year's figures
summed once (omzet and result of the year to date against the same months last year, cash,
the ratios the office comparison uses) and the client's flag. It is what the Portefeuille
and the comparison read: a thousand clients' ledgers are not summed on a page view. It
records what it was computed from (the import and its time, the newest classification
correction, the newest key-figure setting); ``stale_clients`` finds those that no longer
match, after a re-import, a reclassification or a new threshold, and they are computed again
before they are shown (``refresh``), so a snapshot is never older than the figures.

**The flag**: red (2) when a threshold the accountant set is breached or an observation of
weight "let op" holds; orange (1) when only the checks of the newest import found something
(warning or error); green (0) otherwise.

**Observations of weight "let op"** (automatic, no setting needed):
- *Liquiditeit*: the cash covers less than one month of costs (key figure
  ``liquiditeit_maanden`` < 1).
- *Negatief eigen vermogen*: equity (with the result of the year to date) below zero.
- *Debiteurendagen stijgen*: debtor days at the end of each of the last four months rose
  three times in a row (debiteuren / omzet of the year to date x its days).
- *Cijfers te laat*: the figures run to an earlier date than agreed. **The agreed delivery**
  follows from the service that carries the client's Financial Overview (the collaboration's
  service, Instellingen > Diensten): its period (Maand, Kwartaal, Jaar) and its first
  controlemoment's "dagen na de periode" (none: 30 days). The figures are due through the end
  of the last period that ended at least that many days ago. A service "Eenmalig" agrees no
  delivery.

**Alerts fire once** (``ClientAlert``, unique per client and condition): when a condition
becomes true, a notice is made for each service owner and participant of the client
(``access.grants``); while it stays true nothing more happens, however often the figures are
loaded or imported; when it is gone the alert is cleared and may fire again later. Only the
periodic job fires alerts (``fire_due``, once across workers through ``jobs``); a page that
refreshes a stale snapshot leaves it marked as not yet evaluated for the job. Alerts are for
Visma Financial Overview; Starter clients get a snapshot (the Portefeuille) without alerts.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from sqlalchemy import func
from sqlmodel import Session, or_, select

from vfo_app.domain import access, clock
from vfo_app.domain.formatting import TIMEZONE, day, number
from vfo_app.domain.models import (
    Checkpoint,
    Client,
    ClientAlert,
    ClientFigureSnapshot,
    ClientKeyFigure,
    ClientService,
    Collaboration,
    CollaborationState,
    LedgerClassificationCorrection,
    LedgerImport,
    Notice,
    ServiceDefinition,
)
from vfo_app.domain.online import products
from vfo_app.domain.overview import figures, key_figures

GREEN, ORANGE, RED = 0, 1, 2
FLAG_NAMES = {GREEN: "groen", ORANGE: "oranje", RED: "rood"}
DEFAULT_DELIVERY_DAYS = 30
PERIOD_MONTHS = {"Maand": 1, "Kwartaal": 3, "Jaar": 12}
LIQUIDITY, EQUITY, DEBTOR_DAYS, LATE = "liquiditeit", "eigen_vermogen", "debiteurendagen", "te_laat"
THRESHOLD = "drempel:"


@dataclass(frozen=True)
class Condition:
    code: str
    message: str
    level: int  # RED | ORANGE


def today() -> date:
    return clock.now().astimezone(TIMEZONE).date()


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


# --- the agreed delivery -----------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    service_name: str
    period: str
    days: int
    due_through: date  # the figures should run at least to this date


def agreed_delivery(session: Session, client_id: int, on: date) -> Delivery | None:
    """What the client's Financial Overview service agrees (see the module docstring)."""
    row = session.exec(
        select(ServiceDefinition)
        .join(ClientService, ClientService.service_id == ServiceDefinition.id)
        .join(Collaboration, Collaboration.client_service_id == ClientService.id)
        .where(Collaboration.client_id == client_id,
               Collaboration.state == CollaborationState.ACTIVE.value,
               Collaboration.product.in_(access.OVERVIEW_PRODUCTS))).first()
    months = PERIOD_MONTHS.get(row.period) if row else None
    if months is None:
        return None
    first = session.exec(select(Checkpoint.days_after_period)
                         .where(Checkpoint.service_id == row.id)
                         .order_by(Checkpoint.id)).first()
    days = first if first is not None and first >= 0 else DEFAULT_DELIVERY_DAYS
    return Delivery(row.name, row.period, days, due_through(on, months, days))


def due_through(on: date, months: int, days: int) -> date:
    """The end of the last calendar-aligned period of ``months`` months that ended at least
    ``days`` days before ``on``: the figures should run at least to it."""
    y, m = on.year, ((on.month - 1) // months) * months  # months of the periods ended this year
    end = _month_end(y, m) if m else _month_end(y - 1, 12)
    while end + timedelta(days=days) > on:
        first_month = end.month - months + 1
        end = (_month_end(end.year, first_month - 1) if first_month > 1
               else _month_end(end.year - 1, 12))
    return end


# --- conditions ------------------------------------------------------------------------------------


def debtor_days_by_month(s: figures.YearSums, upto: int) -> list[float | None]:
    """Debtor days at the end of months 1..upto, the library's ``debiteurendagen`` of each
    year to date (None where there is no revenue yet)."""
    return [key_figures.one("debiteurendagen", s, None, m).value for m in range(1, upto + 1)]


def _rising(days: list[float | None]) -> bool:
    last = days[-4:]
    return (len(last) == 4 and None not in last
            and all(a < b for a, b in pairwise(last)))


def conditions(session: Session, client: Client, imp: LedgerImport, this: figures.YearSums,
               upto: int, values: dict[str, key_figures.KeyFigureValue], on: date
               ) -> list[Condition]:
    """Every condition that holds now: thresholds breached, observations, import checks."""
    out: list[Condition] = []
    settings = key_figures.settings_for(session, client.id)
    for key, setting in settings.items():
        value = values.get(key)
        definition = key_figures.LIBRARY.get(key)
        if value is None or definition is None or setting.threshold is None:
            continue
        if key_figures.breached(definition, value.value, setting.threshold):
            side = "onder" if definition.better == "higher" else "boven"
            out.append(Condition(
                THRESHOLD + key,
                f"{definition.label} {number(value.value, 2)} ligt {side} de drempel "
                f"{number(setting.threshold, 2)} ({value.period_label}).", RED))
    months = values.get("liquiditeit_maanden")
    if months is not None and months.value is not None and months.value < 1:
        out.append(Condition(LIQUIDITY, "Let op: de liquide middelen dekken minder dan één "
                             f"maand kosten ({number(months.value, 1)} maand).", RED))
    equity = values.get("eigen_vermogen")
    if equity is not None and equity.value is not None and equity.value < 0:
        out.append(Condition(EQUITY, "Let op: het eigen vermogen is negatief "
                             f"({equity.period_label}).", RED))
    if _rising(debtor_days_by_month(this, upto)):
        out.append(Condition(DEBTOR_DAYS, "Let op: de debiteurendagen zijn drie maanden op "
                             "rij gestegen.", RED))
    delivery = agreed_delivery(session, client.id, on)
    booked = imp.last_booking_date
    if delivery is not None and (booked is None or booked < delivery.due_through):
        out.append(Condition(LATE, (
            f"Let op: de cijfers lopen t/m {day(booked) or 'onbekend'}; volgens de afspraak "
            f"({delivery.service_name}, per {delivery.period.lower()}, {delivery.days} dagen "
            f"na de periode) horen ze t/m {day(delivery.due_through)} te lopen."), RED))
    for check in imp.checks or []:
        if check.get("status") in ("warning", "error"):
            out.append(Condition("controle:" + str(check.get("code", "")),
                                 f"Controle bij het inlezen: {check.get('message', '')}"[:400],
                                 ORANGE))
    return out


# --- the snapshot ---------------------------------------------------------------------------------


def _newest_import(session: Session, client_id: int) -> LedgerImport | None:
    return session.exec(select(LedgerImport).where(LedgerImport.client_id == client_id)
                        .order_by(LedgerImport.year.desc())).first()


def _corrected_at(session: Session, client_id: int):
    return session.exec(select(func.max(LedgerClassificationCorrection.corrected_at))
                        .where(LedgerClassificationCorrection.client_id == client_id)).one()


def _net(s: figures.YearSums, upto: int) -> int:
    """The result of months 1..upto, as read (profit positive)."""
    return -sum(s.pl(c, 1, upto) for c in key_figures.P_CATEGORIES)


def refresh(session: Session, client: Client, on: date | None = None
            ) -> tuple[ClientFigureSnapshot, list[Condition]]:
    """Compute the client's snapshot again (and its flag) and return the conditions that hold.
    Marks it not yet evaluated for alerts (``evaluated_on`` None): the job fires them."""
    on = on or today()
    snap = session.get(ClientFigureSnapshot, client.id) or ClientFigureSnapshot(
        client_id=client.id, office_id=client.office_id)
    imp = _newest_import(session, client.id)
    for name in ("import_id", "import_imported_at", "year", "upto", "last_booking_date",
                 "imported_at", "omzet_cents", "omzet_last_year_cents", "result_cents",
                 "result_last_year_cents", "cash_cents", "gross_margin_pct", "net_margin_pct",
                 "current_ratio", "solvency_pct", "debtor_days"):
        setattr(snap, name, None)
    found: list[Condition] = []
    snap.corrections_at = _corrected_at(session, client.id)
    if imp is not None:
        this = figures.year_sums(session, client.id, imp.year)
        last = figures.year_sums(session, client.id, imp.year - 1)
        upto = figures.default_month(this)  # the last complete month, as the dashboard
        values = {v.key: v for v in key_figures.compute_from(this, last, upto)}
        snap.import_id, snap.import_imported_at = imp.id, imp.imported_at
        snap.year, snap.upto = imp.year, upto
        snap.last_booking_date, snap.imported_at = imp.last_booking_date, imp.imported_at
        snap.omzet_cents = -this.pl("omzet", 1, upto)
        snap.result_cents = _net(this, upto)
        if last is not None:
            snap.omzet_last_year_cents = -last.pl("omzet", 1, upto)
            snap.result_last_year_cents = _net(last, upto)
        snap.cash_cents = this.balance("liquide_middelen", upto)
        for attr, key in (("gross_margin_pct", "brutomarge_pct"), ("net_margin_pct", "nettomarge"),
                          ("current_ratio", "current_ratio"), ("solvency_pct", "solvabiliteit"),
                          ("debtor_days", "debiteurendagen")):
            value = values.get(key)
            setattr(snap, attr, value.value if value is not None else None)
        found = conditions(session, client, imp, this, upto, values, on)
    snap.flag = max((c.level for c in found), default=GREEN)
    snap.flag_reasons = [{"level": FLAG_NAMES[c.level], "text": c.message} for c in found]
    snap.computed_at, snap.evaluated_on = clock.now(), None
    session.add(snap)
    session.flush()
    return snap, found


def stale_condition():
    """Whether a client's snapshot is missing or no longer matches their figures, as a
    condition on ``Client`` outer-joined with ``ClientFigureSnapshot``: a newer import, a
    re-import (its time), a classification correction or a key-figure setting since it was
    computed (a client without figures and without a snapshot has nothing to sum)."""
    snap = ClientFigureSnapshot
    newest = (select(LedgerImport.imported_at)
              .where(LedgerImport.client_id == Client.id)
              .order_by(LedgerImport.year.desc()).limit(1).correlate(Client).scalar_subquery())
    newest_id = (select(LedgerImport.id).where(LedgerImport.client_id == Client.id)
                 .order_by(LedgerImport.year.desc()).limit(1).correlate(Client)
                 .scalar_subquery())
    corrected = (select(func.max(LedgerClassificationCorrection.corrected_at))
                 .where(LedgerClassificationCorrection.client_id == Client.id)
                 .correlate(Client).scalar_subquery())
    setting = (select(func.max(ClientKeyFigure.updated_at))
               .where(ClientKeyFigure.client_id == Client.id).correlate(Client)
               .scalar_subquery())
    return or_(
        snap.client_id.is_(None) & newest_id.is_not(None),  # no figures: nothing to sum
        func.coalesce(snap.import_id, 0) != func.coalesce(newest_id, 0),
        snap.import_imported_at != newest,
        corrected > snap.computed_at,
        setting > snap.computed_at)


def stale_clients(session: Session, client_ids) -> list[int]:
    """Of the clients ``client_ids`` (a subquery of ids), those whose snapshot is missing or
    no longer matches their figures (``stale_condition``)."""
    snap = ClientFigureSnapshot
    rows = session.exec(
        select(Client.id).outerjoin(snap, snap.client_id == Client.id)
        .where(Client.id.in_(client_ids), stale_condition())).all()
    return list(rows)


def refresh_stale(session: Session, client_ids, limit: int = 200) -> int:
    """Compute the stale snapshots among ``client_ids`` (at most ``limit``)."""
    ids = stale_clients(session, client_ids)[:limit]
    for client_id in ids:
        refresh(session, session.get(Client, client_id))
    return len(ids)


# --- firing: the periodic job -----------------------------------------------------------------------


def _overview_clients():
    """Every client with an active Financial Overview (or Starter) collaboration."""
    return (select(Collaboration.client_id)
            .where(Collaboration.state == CollaborationState.ACTIVE.value,
                   Collaboration.product.in_(access.OVERVIEW_PRODUCTS)))


def _full_version(session: Session, client_id: int) -> bool:
    return session.exec(select(Collaboration.id).where(
        Collaboration.client_id == client_id,
        Collaboration.state == CollaborationState.ACTIVE.value,
        Collaboration.product == products.FINANCIAL_OVERVIEW)).first() is not None


def fire(session: Session, client: Client, found: list[Condition]) -> list[ClientAlert]:
    """Make notices for the conditions that became true; clear those that are gone. Returns
    the alerts that fired now (each once while its condition holds)."""
    current = {c.code: c for c in found if c.level == RED}
    alerts = {a.code: a for a in session.exec(select(ClientAlert)
                                              .where(ClientAlert.client_id == client.id)).all()}
    fired = []
    now = clock.now()
    recipients = sorted({g.identity_id for g in access.grants(session, client)})
    for code, condition in current.items():
        alert = alerts.get(code)
        if alert is not None and alert.active:
            continue  # still breached: it fired before
        if alert is None:
            alert = ClientAlert(client_id=client.id, code=code, message=condition.message)
        alert.active, alert.message, alert.fired_at, alert.cleared_at = (
            True, condition.message[:400], now, None)
        session.add(alert)
        session.flush()
        for identity_id in recipients:
            session.add(Notice(identity_id=identity_id, office_id=client.office_id,
                               client_id=client.id, alert_id=alert.id,
                               message=condition.message[:400], created_at=now))
        fired.append(alert)
    for code, alert in alerts.items():
        if alert.active and code not in current:
            alert.active, alert.cleared_at = False, now
            session.add(alert)
    return fired


def evaluate(session: Session, client: Client, on: date | None = None) -> list[ClientAlert]:
    """Refresh the client's snapshot and fire its alerts (the job's work for one client)."""
    on = on or today()
    snap, found = refresh(session, client, on)
    fired = fire(session, client, found) if _full_version(session, client.id) else []
    snap.evaluated_on = on
    session.add(snap)
    return fired


def fire_due(session: Session, *, limit: int = 200) -> int:
    """The job: evaluate the clients whose snapshot is stale, never evaluated, or not yet
    evaluated today (the agreed delivery moves with the calendar). Returns the number of
    alerts fired."""
    on = today()
    ids = set(stale_clients(session, _overview_clients()))
    ids |= set(session.exec(
        select(Client.id).outerjoin(ClientFigureSnapshot,
                                    ClientFigureSnapshot.client_id == Client.id)
        .where(Client.id.in_(_overview_clients()),
               or_(ClientFigureSnapshot.evaluated_on.is_(None),
                   ClientFigureSnapshot.evaluated_on < on))).all())
    fired = 0
    for client_id in sorted(ids)[:limit]:
        fired += len(evaluate(session, session.get(Client, client_id), on))
    return fired
