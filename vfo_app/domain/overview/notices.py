"""Notices of alerts for employees: the list and badge in the app, and the daily digest.

A notice is made once per alert and employee (``alerts.fire``). In the app every employee
sees their own notices only, of their own office's clients, and marks them read. By e-mail:
at most one digest a day per employee (a day in Europe/Amsterdam), with every notice not yet
mailed; the job (``jobs``: once across workers) runs hourly, so a notice made in the morning
is mailed the same day unless that employee's digest already went out that day, and then the
next day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlmodel import Session, func, select, update

from vfo_app import routes
from vfo_app.domain import access, clock, mail
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound
from vfo_app.domain.formatting import TIMEZONE, moment
from vfo_app.domain.models import Client, Identity, Notice
from vfo_app.settings import get_settings

NO_NOTICE = "Deze melding bestaat niet (meer)."
PAGE_SIZE = 50


@dataclass(frozen=True)
class NoticeRow:
    id: int
    client_id: int
    client_name: str
    client_number: str
    message: str
    at: datetime
    read: bool


def _own(actor: Actor):
    office_id = access.require_employee(actor)
    return (Notice.identity_id == actor.identity_id, Notice.office_id == office_id)


def _unread(actor: Actor):
    """The employee's unread notices, as a count; None for whoever has no notices."""
    if not actor.is_employee or access.is_system(actor):
        return None
    return (select(func.count()).select_from(Notice)
            .where(*_own(actor), Notice.read_at.is_(None)))


def unread_query(actor: Actor):
    """The number of the employee's unread notices as a scalar subquery, to read along with
    another query (the Portefeuille's counts); None for whoever has no notices."""
    query = _unread(actor)
    return None if query is None else query.scalar_subquery()


def unread_count(session: Session, actor: Actor) -> int:
    query = _unread(actor)
    return 0 if query is None else session.exec(query).one()


def list_notices(session: Session, actor: Actor, *, unread_only: bool = False,
                 limit: int = PAGE_SIZE) -> list[NoticeRow]:
    """The employee's own notices, newest first."""
    query = (select(Notice, Client.name, Client.number)
             .join(Client, Client.id == Notice.client_id)
             .where(*_own(actor), Client.office_id == actor.office_id))
    if unread_only:
        query = query.where(Notice.read_at.is_(None))
    rows = session.exec(query.order_by(Notice.created_at.desc(), Notice.id.desc())
                        .limit(limit)).all()
    return [NoticeRow(n.id, n.client_id, name, number, n.message, n.created_at,
                      n.read_at is not None) for n, name, number in rows]


def mark_read(session: Session, actor: Actor, notice_id: int | None) -> None:
    """One of the actor's own notices as read; anyone else's answers as unknown."""
    row = session.get(Notice, notice_id) if isinstance(notice_id, int) else None
    if row is None or (row.identity_id, row.office_id) != (actor.identity_id,
                                                           access.require_employee(actor)):
        raise NotFound(NO_NOTICE)
    if row.read_at is None:
        row.read_at = clock.now()
        session.add(row)


def mark_all_read(session: Session, actor: Actor) -> int:
    result = session.execute(update(Notice).where(*_own(actor), Notice.read_at.is_(None))
                             .values(read_at=clock.now())
                             .execution_options(synchronize_session=False))
    return result.rowcount


# --- the daily digest ---------------------------------------------------------------------------


def _start_of_today() -> datetime:
    """Midnight today in Europe/Amsterdam, as an aware datetime."""
    local = clock.now().astimezone(TIMEZONE)
    return datetime.combine(local.date(), time(0), tzinfo=TIMEZONE)


def send_digests(session: Session) -> int:
    """The job: one e-mail per employee with notices not yet mailed, unless that employee's
    digest already went out today. Queued in the outbox in this transaction; returns the
    number of digests."""
    since = _start_of_today()
    waiting = session.exec(select(Notice.identity_id).where(Notice.digested_at.is_(None))
                           .distinct()).all()
    mailed_today = set(session.exec(select(Notice.identity_id).where(
        Notice.digested_at >= since).distinct()).all())
    base = get_settings().base_url.rstrip("/")
    sent = 0
    for identity_id in sorted(set(waiting) - mailed_today):
        person = session.get(Identity, identity_id)
        rows = session.exec(
            select(Notice, Client.name, Client.number).join(Client, Client.id == Notice.client_id)
            .where(Notice.identity_id == identity_id, Notice.digested_at.is_(None))
            .order_by(Client.name, Notice.created_at)).all()
        if person is None or not person.is_active:
            for notice, _, _ in rows:  # nobody to mail: never queue them again
                notice.digested_at = clock.now()
                session.add(notice)
            continue
        items = [{"client": f"{name} ({number})", "message": n.message, "at": moment(n.created_at),
                  "link": base + routes.financial_overview_url(n.client_id)}
                 for n, name, number in rows]
        message = mail.render("notice_digest", {
            "first_name": person.first_name, "count": len(items), "items": items,
            "portfolio_link": base + routes.PORTFOLIO, "notices_link": base + routes.NOTICES})
        mail.queue(session, kind="notice_digest", to=person.email, message=message,
                   identity_id=person.id, office_id=rows[0][0].office_id)
        now = clock.now()
        for notice, _, _ in rows:
            notice.digested_at = now
            session.add(notice)
        sent += 1
    return sent
