"""Work that must happen once: many workers (threads, and processes) deliver one outbox and
race for the periodic jobs, on SQLite and PostgreSQL, against a real SMTP server."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.mail_catcher import MailCatcher
from vfo_app.domain import jobs, mail
from vfo_app.domain.db import make_engine
from vfo_app.domain.models import AuthSession, Identity, LoginAttempt, OutboxMessage, ScheduledJob
from vfo_app.settings import Settings

MESSAGES = 40
WORKERS = 4


@pytest.fixture
def catcher():
    server = MailCatcher().start()
    yield server
    server.stop()


def _smtp(port: int) -> Settings:
    return Settings(data_dir="/tmp", secret_key="test", smtp_host="127.0.0.1", smtp_port=port,
                    smtp_starttls=False, mail_from="Visma <noreply@test.example>")


def _queue(engine: Engine, count: int) -> None:
    with Session(engine) as session:
        for i in range(count):
            mail.queue(session, kind="activation", to=f"u{i}@klant.example",
                       message=mail.Message(subject=f"Bericht {i}", text="tekst", html="<p>x</p>"))
        session.commit()


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _deliver_until_empty(engine: Engine, port: int) -> int:
    sent = 0
    with Session(engine, expire_on_commit=False) as session:
        while (n := mail.deliver_pending(session, settings=_smtp(port), limit=5)):
            sent += n
    return sent


def _process_worker(url: str, port: int, barrier, results) -> None:
    engine = make_engine(url)
    barrier.wait()
    results.put(_deliver_until_empty(engine, port))
    engine.dispose()


def _assert_each_arrived_once(engine: Engine, catcher: MailCatcher) -> None:
    received = Counter(str(m["To"]) for m in catcher.messages)
    assert received == Counter(f"u{i}@klant.example" for i in range(MESSAGES))
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage)).all()
    assert all(r.sent_at and r.attempts == 1 and r.locked_by is None for r in rows)
    assert {m["Message-ID"] for m in catcher.messages} == {r.message_id for r in rows}


def test_threads_deliver_each_message_exactly_once(engine, catcher):
    _queue(engine, MESSAGES)
    barrier = threading.Barrier(WORKERS)
    counts: list[int] = []

    def work():
        barrier.wait()
        counts.append(_deliver_until_empty(engine, catcher.port))

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sum(counts) == MESSAGES and len(counts) == WORKERS
    _assert_each_arrived_once(engine, catcher)


def test_processes_deliver_each_message_exactly_once(engine, catcher):
    _queue(engine, MESSAGES)
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters: no inherited connections
    barrier, results = ctx.Barrier(3), ctx.Queue()
    procs = [ctx.Process(target=_process_worker, args=(_url(engine), catcher.port, barrier,
                                                       results)) for _ in range(3)]
    for p in procs:
        p.start()
    counts = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    assert sum(counts) == MESSAGES
    _assert_each_arrived_once(engine, catcher)


def test_a_dead_workers_message_is_sent_after_its_lease(engine, catcher, fake_clock):
    fake_clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    _queue(engine, 1)
    with Session(engine, expire_on_commit=False) as session:
        row_id = mail._claim_next(session, "dode-worker")  # claims, then dies: never finishes
        assert row_id is not None
        assert mail.deliver_pending(session, settings=_smtp(catcher.port)) == 0  # leased
        fake_clock.advance(minutes=mail.CLAIM_MINUTES - 1)
        assert mail.deliver_pending(session, settings=_smtp(catcher.port)) == 0
        fake_clock.advance(minutes=1)
        assert mail.deliver_pending(session, settings=_smtp(catcher.port)) == 1
        assert len(catcher.messages) == 1
        # The dead worker coming back cannot overwrite the outcome: its lease is gone.
        assert not mail._finish(session, row_id, "dode-worker", last_error="te laat")
        row = session.get(OutboxMessage, row_id, populate_existing=True)
    assert (row.attempts, row.last_error, row.locked_by) == (2, "", None) and row.sent_at


def test_a_crash_after_smtp_resends_with_the_same_message_id(engine, catcher, fake_clock,
                                                             monkeypatch):
    """The honest at-least-once edge: SMTP accepted it, the worker died before recording it."""
    fake_clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    _queue(engine, 1)

    def crash(*_args, **_kwargs):
        raise SystemExit("worker killed")

    with Session(engine, expire_on_commit=False) as session:
        monkeypatch.setattr(mail, "_finish", crash)
        with pytest.raises(SystemExit):
            mail.deliver_pending(session, settings=_smtp(catcher.port))
        monkeypatch.undo()
        session.rollback()
        fake_clock.advance(minutes=mail.CLAIM_MINUTES)
        assert mail.deliver_pending(session, settings=_smtp(catcher.port)) == 1
    first, second = catcher.messages
    assert first["Message-ID"] == second["Message-ID"]


# --- periodic jobs ---------------------------------------------------------------------------


def test_a_job_runs_once_when_four_workers_race(engine, fake_clock):
    fake_clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    losers = threading.Semaphore(0)
    calls: list[str] = []

    def probe(_session):
        calls.append(threading.current_thread().name)
        # Hold the run until the other three have tried and given up: they saw the lease.
        for _ in range(WORKERS - 1):
            assert losers.acquire(timeout=60)
        return 1

    job = jobs.Job("probe", timedelta(minutes=10), probe)
    barrier = threading.Barrier(WORKERS)
    ran: list[list[str]] = []

    def work():
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            result = jobs.run_due_jobs(session, jobs=[job])
        ran.append(result)
        if not result:
            losers.release()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(calls) == 1 and sorted(ran) == [[], [], [], ["probe"]]

    with Session(engine, expire_on_commit=False) as session:
        fake_clock.advance(minutes=9)
        assert jobs.run_due_jobs(session, jobs=[job]) == []  # not due yet
        fake_clock.advance(minutes=1)
        losers.release(WORKERS - 1)
        assert jobs.run_due_jobs(session, jobs=[job]) == ["probe"]
    assert len(calls) == 2


def _job_process(url: str, barrier, results) -> None:
    engine = make_engine(url)
    job = jobs.Job("probe", timedelta(hours=1), lambda _s: 1)
    with Session(engine) as session:
        barrier.wait()
        results.put(jobs.run_due_jobs(session, jobs=[job]))
    engine.dispose()


def test_a_job_runs_once_when_four_processes_race(engine):
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(WORKERS), ctx.Queue()
    procs = [ctx.Process(target=_job_process, args=(_url(engine), barrier, results))
             for _ in range(WORKERS)]
    for p in procs:
        p.start()
    ran = sorted(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    assert ran == [[], [], [], ["probe"]]


def test_a_failed_or_dead_run_is_taken_again_and_leaves_nothing(db, fake_clock):
    fake_clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    attempts: list[int] = []

    def flaky(session):
        attempts.append(1)
        session.add(LoginAttempt(email=f"x{len(attempts)}@example", success=False))
        if len(attempts) == 1:
            raise RuntimeError("database weg")
        return 1

    job = jobs.Job("flaky", timedelta(hours=1), flaky)
    assert jobs.run_due_jobs(db, jobs=[job]) == []
    row = db.get(ScheduledJob, "flaky", populate_existing=True)
    assert row.last_error == "database weg" and row.locked_by is None
    assert db.exec(select(LoginAttempt)).all() == []  # the failed run's changes rolled back
    assert jobs.run_due_jobs(db, jobs=[job]) == ["flaky"]  # due again at the next tick
    assert len(db.exec(select(LoginAttempt)).all()) == 1

    # A worker that claims and dies: the run is taken again once its lease has expired.
    fake_clock.advance(hours=1)
    assert jobs._claim(db, "flaky", "dode-worker")
    assert jobs.run_due_jobs(db, jobs=[job]) == []
    fake_clock.advance(minutes=5)
    assert jobs.run_due_jobs(db, jobs=[job]) == ["flaky"]


def test_the_builtin_jobs_expire_sessions_and_requests(db, fake_clock, office_admin):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    fake_clock.set(now)
    identity = db.get(Identity, office_admin.identity_id)
    db.add(AuthSession(token_hash="a" * 64, identity_id=identity.id,
                       expires_at=now - timedelta(days=2)))
    db.add(AuthSession(token_hash="b" * 64, identity_id=identity.id,
                       expires_at=now + timedelta(hours=1)))
    db.add(LoginAttempt(email="oud@example", at=now - timedelta(days=31)))
    db.add(LoginAttempt(email="nieuw@example", at=now - timedelta(minutes=1)))
    db.commit()
    assert sorted(jobs.run_due_jobs(db)) == sorted(j.name for j in jobs.JOBS)
    assert [s.token_hash[0] for s in db.exec(select(AuthSession)).all()] == ["b"]
    assert [a.email for a in db.exec(select(LoginAttempt)).all()] == ["nieuw@example"]
    assert jobs.run_due_jobs(db) == []  # once per interval
