"""An office's schedule for report packs, and the job that drafts them.

Per office (Instellingen > Rapportages, office beheerders): a template (the parts and the
introduction), the period (month or quarter) and "N dagen na einde periode"; and whether
the publication mail carries the PDF. When the schedule is on, the job (``jobs``: once
across workers and instances) drafts a pack for every client of the office with Visma
Financial Overview (the full version) whose newest fiscal year has a period that ended at
least N days ago and has no pack yet, starting from the template and an automatic summary of
the observations as its text. Nothing is published: the service owner reviews and publishes
(``packs.review_list``).

The unique period of a pack (client, year, kind, month) makes drafting idempotent: a run
that is repeated (an overrun lease, two instances) finds the pack and skips it. A run drafts
at most ``BATCH`` packs, so it stays well inside the job's lease; the rest follow on the next
ticks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from vfo_app.domain import access, clock
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.models import (
    Client,
    Collaboration,
    CollaborationState,
    LedgerImport,
    Office,
    ReportPack,
    ReportSchedule,
)
from vfo_app.domain.online import products
from vfo_app.domain.overview import alerts, figures, key_figures
from vfo_app.domain.reports import packs, placeholders
from vfo_app.domain.reports import parts as P

BATCH = 250
# The job shares the machine's two cores with the people at work. After each pack it rests
# REST times as long as drafting that pack took (database included), so it takes at most a
# fifth of one core and users hardly notice it (benchmarks/report_packs.py --as-the-job). At
# about 30 ms a pack, a run of BATCH packs lasts about 40 s, and 1,000 clients are drafted
# in four runs a minute apart: about 5 minutes, within the 10 an office waits at most.
REST = 4
MAX_DAYS = 120
SCHEDULED_KINDS = (P.MONTH, P.QUARTER)


@dataclass(frozen=True)
class ScheduleView:
    active: bool
    period_kind: str
    days_after: int
    parts: tuple[str, ...]
    introduction: str
    attach_pdf: bool
    may_change: bool


def view(session: Session, actor: Actor) -> ScheduleView:
    office_id = access.require_employee(actor)
    row = session.get(ReportSchedule, office_id)
    may = access.may_change_service_definitions(actor)
    if row is None:
        return ScheduleView(False, P.MONTH, 10, P.DEFAULT_PARTS, "", False, may)
    return ScheduleView(row.active, row.period_kind, row.days_after, tuple(row.parts),
                        row.introduction, row.attach_pdf, may)


def save(session: Session, actor: Actor, *, active: bool, period_kind: str, days_after: str,
         parts: list[str], introduction: str, attach_pdf: bool) -> ScheduleView:
    office_id = access.require_pack_schedule(actor)
    errors = {}
    if period_kind not in SCHEDULED_KINDS:
        errors["period_kind"] = "Kies maand of kwartaal."
    try:
        days = int(str(days_after).strip())
        if not 0 <= days <= MAX_DAYS:
            raise ValueError
    except ValueError:
        days = 0
        errors["days_after"] = f"Vul een aantal dagen in van 0 tot en met {MAX_DAYS}."
    if not parts or any(p not in P.TITLES for p in parts):
        errors["parts"] = "Kies ten minste één onderdeel."
    try:
        placeholders.check("introduction", introduction)
    except ValidationFailed as bad:
        errors.update(bad.errors)
    if errors:
        raise ValidationFailed(errors)
    row = session.get(ReportSchedule, office_id) or ReportSchedule(office_id=office_id)
    row.active, row.period_kind, row.days_after = bool(active), period_kind, days
    row.parts = [p for p in P.ORDER if p in parts]
    row.introduction, row.attach_pdf = introduction.strip(), bool(attach_pdf)
    row.updated_at, row.updated_by_id = clock.now(), actor.identity_id
    session.add(row)
    session.flush()
    return view(session, actor)


# --- the job ---------------------------------------------------------------------------------


def due_period(start: date, kind: str, days_after: int, today: date) -> int | None:
    """The last month index (1..12) of the newest period of the fiscal year starting at
    ``start`` that ended at least ``days_after`` days before ``today``; None if none did."""
    step = 3 if kind == P.QUARTER else 1
    best = None
    for month in range(step, 13, step):
        end = key_figures._period_end(start, month)
        if end + timedelta(days=days_after) <= today:
            best = month
    return best


def _clients(session: Session):
    """(client, office) of every client with an active full Financial Overview, of the
    offices whose schedule is on."""
    return session.exec(
        select(Client, ReportSchedule)
        .join(Collaboration, Collaboration.client_id == Client.id)
        .join(ReportSchedule, ReportSchedule.office_id == Client.office_id)
        .where(ReportSchedule.active == True,
               Collaboration.state == CollaborationState.ACTIVE.value,
               Collaboration.product == products.FINANCIAL_OVERVIEW,
               Collaboration.office_id == Client.office_id)
        .order_by(Client.id)).all()


def draft_due(session: Session, *, today: date | None = None, limit: int = BATCH,
              rest: float = REST) -> int:
    """The job: draft the packs that are due (at most ``limit``), resting ``rest`` times as
    long as each pack took before the next; returns how many."""
    today = today or alerts.today()
    newest = {}
    for client_id, year, start in session.exec(
            select(LedgerImport.client_id, LedgerImport.year, LedgerImport.start_date)
            .order_by(LedgerImport.year)).all():
        newest[client_id] = (year, start or date(year, 1, 1))
    have = set(session.exec(select(ReportPack.client_id, ReportPack.year, ReportPack.period_kind,
                                   ReportPack.month)).all())
    offices: dict[int, Actor] = {}
    made = 0
    for client, schedule in _clients(session):
        if made >= limit:
            break
        if client.id not in newest:
            continue
        year, start = newest[client.id]
        month = due_period(start, schedule.period_kind, schedule.days_after, today)
        if month is None or (client.id, year, schedule.period_kind, month) in have:
            continue
        began = time.perf_counter()
        actor = offices.get(client.office_id)
        if actor is None:
            actor = offices[client.office_id] = access.system_actor(
                session.get(Office, client.office_id))
        this = figures.year_sums(session, client.id, year)
        if this is None:
            continue
        period = P.Period(this, figures.year_sums(session, client.id, year - 1),
                          P.first_month(schedule.period_kind, month), month)
        data = packs.PackInput(schedule.period_kind, year, month, tuple(schedule.parts),
                               schedule.introduction, packs.summary_for(period))
        try:
            packs.create(session, actor, client.id, data, scheduled=True)
        except ValidationFailed:
            continue  # drafted by someone else meanwhile, or a template gone stale
        have.add((client.id, year, schedule.period_kind, month))
        made += 1
        if rest:
            time.sleep(rest * (time.perf_counter() - began))
    return made
