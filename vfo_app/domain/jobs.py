"""Work that must happen once, however many workers and app instances run.

- **E-mail** (``vfo_app.domain.mail``): every worker delivers on every tick; each message is
  leased to one worker at a time (row lock + lease), see the delivery section there.
- **Periodic jobs** (here): one ``ScheduledJob`` row per job says when it is due next and who
  holds it. A worker takes a due job with a compare-and-set UPDATE that sets a lease and
  commits; the others' UPDATE matches no row (on PostgreSQL they wait for the row lock, then
  see the lease). The job's own changes and the move of ``next_run_at`` are committed in one
  transaction, and only while the worker still holds the lease, so a run that dies or
  overruns its lease leaves nothing behind and is simply taken again when the lease expires:
  each run happens once per interval.

Activation links need no job: they are bound to a generation (no token table) and die by
themselves. ``run_forever`` is the app's one lifespan task: it runs both every minute.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, delete, or_, select, update

from vfo_app.domain import clock, mail
from vfo_app.domain.models import AuthSession, LoginAttempt, ScheduledJob

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)  # longer than any job takes; a dead worker's run restarts after it
KEEP_ENDED_SESSIONS = timedelta(days=1)
KEEP_LOGIN_ATTEMPTS = timedelta(days=30)  # throttling looks back minutes; the rest is a trace


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[Session], int]  # does its work in the given session; returns a count to log


def expire_collaboration_requests(session: Session) -> int:
    from vfo_app.domain.online.collaborations import expire_due

    return expire_due(session)


def purge_sessions(session: Session) -> int:
    """Sessions that ended (expired or logged out) a while ago, and old login attempts."""
    now = clock.now()
    ended = session.execute(delete(AuthSession).where(or_(
        AuthSession.expires_at <= now - KEEP_ENDED_SESSIONS,
        AuthSession.revoked_at <= now - KEEP_ENDED_SESSIONS)))
    attempts = session.execute(delete(LoginAttempt).where(
        LoginAttempt.at <= now - KEEP_LOGIN_ATTEMPTS))
    return ended.rowcount + attempts.rowcount


def fire_alerts(session: Session) -> int:
    """Financial Overview alerts: snapshots of new figures, thresholds and observations
    (vfo_app.domain.overview.alerts); each alert fires once while its condition holds."""
    from vfo_app.domain.overview.alerts import fire_due

    return fire_due(session)


def send_notice_digests(session: Session) -> int:
    """At most one e-mail a day per employee with their new notices (overview.notices)."""
    from vfo_app.domain.overview.notices import send_digests

    return send_digests(session)


def draft_report_packs(session: Session) -> int:
    """Report packs of the offices' schedules, drafted for review (reports.schedule)."""
    from vfo_app.domain.reports.schedule import draft_due

    return draft_due(session)


JOBS: tuple[Job, ...] = (
    Job("expire_collaboration_requests", timedelta(minutes=10), expire_collaboration_requests),
    Job("purge_sessions", timedelta(hours=1), purge_sessions),
    Job("fire_alerts", timedelta(minutes=5), fire_alerts),
    Job("send_notice_digests", timedelta(hours=1), send_notice_digests),
    Job("draft_report_packs", timedelta(minutes=1), draft_report_packs),
)


def _ensure_rows(session: Session, jobs: Sequence[Job]) -> None:
    """A row per job, due now. Two workers may insert at once: the conflict is ignored."""
    known = set(session.exec(select(ScheduledJob.name)).all())
    missing = [{"name": j.name, "next_run_at": clock.now()} for j in jobs if j.name not in known]
    if missing:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(ScheduledJob).values(missing)
                        .on_conflict_do_nothing(index_elements=["name"]))
    session.commit()


def _claim(session: Session, name: str, worker: str) -> bool:
    now = clock.now()
    result = session.execute(
        update(ScheduledJob)
        .where(ScheduledJob.name == name, ScheduledJob.next_run_at <= now,
               or_(ScheduledJob.locked_until.is_(None), ScheduledJob.locked_until <= now))
        .values(locked_until=now + LEASE, locked_by=worker)
        .execution_options(synchronize_session=False)
    )
    session.commit()  # the lease is visible to the others before the job starts
    return result.rowcount == 1


def _release(session: Session, name: str, worker: str, **values) -> bool:
    result = session.execute(
        update(ScheduledJob)
        .where(ScheduledJob.name == name, ScheduledJob.locked_by == worker)
        .values(locked_until=None, locked_by=None, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def run_due_jobs(session: Session, *, jobs: Sequence[Job] = JOBS,
                 worker: str | None = None) -> list[str]:
    """Run the jobs that are due and not held by another worker; returns the names run."""
    worker = worker or mail.worker_id()
    _ensure_rows(session, jobs)
    ran = []
    for job in jobs:
        if not _claim(session, job.name, worker):
            continue
        try:
            count = job.run(session)
            now = clock.now()
            if not _release(session, job.name, worker, next_run_at=now + job.every,
                            last_run_at=now, last_error=""):
                session.rollback()  # overran the lease: another worker runs it instead
                log.warning("taak %s: lease verlopen, resultaat teruggedraaid", job.name)
                continue
            session.commit()
        except Exception as exc:
            session.rollback()
            log.exception("taak %s mislukt", job.name)
            _release(session, job.name, worker, last_error=(str(exc) or repr(exc))[:500])
            session.commit()  # due again at the next tick
            continue
        ran.append(job.name)
        if count:
            log.info("taak %s: %s", job.name, count)
    return ran


def run_due_jobs_now() -> list[str]:
    from vfo_app.domain.db import session_scope

    with session_scope() as session:
        return run_due_jobs(session)


async def run_forever(interval_seconds: float = 60) -> None:
    """The app's lifespan task: deliver the outbox and run the due jobs every minute."""
    while True:
        for step in (mail.deliver_now, run_due_jobs_now):
            try:
                await asyncio.to_thread(step)
            except Exception:  # the timer must survive a database hiccup
                log.exception("achtergrondtaak %s mislukt", step.__name__)
        await asyncio.sleep(interval_seconds)
