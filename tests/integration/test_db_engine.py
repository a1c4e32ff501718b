"""The engine survives what production does to it: forked workers and a database that drops
its connections (a PostgreSQL restart looks the same to the client as a terminated backend)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from tests.conftest import POSTGRES_URL
from vfo_app.domain.db import make_engine, session_scope


def test_a_forked_child_opens_its_own_connections_and_leaves_the_parents_alone(engine):
    with engine.connect() as conn:  # a pooled connection exists before the fork
        parent_pid = conn.execute(text(_backend_pid_sql(engine))).scalar()
    pid = os.fork()
    if pid == 0:  # child: must not reuse (or close) the parent's socket
        code = 1
        try:
            with session_scope(engine) as session:
                child_pid = session.execute(text(_backend_pid_sql(engine))).scalar()
            code = 0 if engine.dialect.name == "sqlite" or child_pid != parent_pid else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    with engine.connect() as conn:  # the parent's pooled connection still works
        assert conn.execute(text(_backend_pid_sql(engine))).scalar() == parent_pid


@pytest.mark.skipif(not POSTGRES_URL, reason="needs VFO_TEST_POSTGRES_URL")
def test_connections_killed_by_the_server_are_replaced_on_the_next_use(postgres_database):
    engine = make_engine(postgres_database)
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with session_scope(engine) as session:
            before = session.execute(text("SELECT pg_backend_pid()")).scalar()
        with admin.connect() as conn:
            # Two steps: in one statement PostgreSQL may call pg_terminate_backend before filtering.
            pids = conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = :db"),
                                {"db": postgres_database.rsplit("/", 1)[1]}).scalars().all()
            assert before in pids
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": before})
        # The pool still holds the dead connection; pre-ping notices and reconnects.
        with session_scope(engine) as session:
            after = session.execute(text("SELECT pg_backend_pid()")).scalar()
        assert after != before
    finally:
        engine.dispose()
        admin.dispose()


def _backend_pid_sql(engine) -> str:
    return "SELECT pg_backend_pid()" if engine.dialect.name == "postgresql" else "SELECT 1"
