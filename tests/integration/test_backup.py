"""vfo backup / vfo restore: SQLite through the online backup API (while another connection
writes), PostgreSQL through pg_dump / pg_restore on a throwaway database. Real round trips."""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from contextlib import closing

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from tests.conftest import POSTGRES_URL, make_office
from vfo_app import cli
from vfo_app.domain import backup as bk
from vfo_app.domain.db import make_engine
from vfo_app.domain.migrate import upgrade_head
from vfo_app.domain.models import Office
from vfo_app.settings import get_settings


def _offices(engine) -> list[str]:
    with Session(engine) as session:
        return sorted(o.name for o in session.exec(select(Office)).all())


def _seed(engine, *names: str) -> None:
    with Session(engine) as session:
        for name in names:
            make_office(session, name)
        session.commit()


@pytest.fixture
def sqlite_db(tmp_path, sqlite_template):
    path = tmp_path / "live.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")  # stands for the running app
    _seed(engine, "Kantoor A", "Kantoor B")
    yield path, engine
    engine.dispose()


def test_sqlite_round_trip_while_the_app_writes(sqlite_db, tmp_path):
    path, app = sqlite_db
    url = f"sqlite:///{path}"
    # A write in progress on another connection is not in the snapshot, and does not block it.
    with closing(sqlite3.connect(path)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO office (name, created_at) VALUES ('Half', '2026-01-01')")
        done = bk.backup(url, tmp_path / "vfo.backup")
        writer.rollback()
    assert done.revision == bk.head_revision() and done.size > 0
    assert not list(tmp_path.glob(".*.tmp"))

    with Session(app) as session:  # the mistake to undo
        session.delete(session.exec(select(Office).where(Office.name == "Kantoor A")).one())
        session.commit()
    _seed(app, "Kantoor C")

    with pytest.raises(bk.BackupError, match="--force"):
        bk.restore(url, tmp_path / "vfo.backup")
    assert _offices(app) == ["Kantoor B", "Kantoor C"]
    bk.restore(url, tmp_path / "vfo.backup", force=True)
    # The app's pooled connections see the restored database; nothing of the half write.
    assert _offices(app) == ["Kantoor A", "Kantoor B"]
    _seed(app, "Kantoor D")  # and can write to it
    assert _offices(app) == ["Kantoor A", "Kantoor B", "Kantoor D"]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_sqlite_restore_onto_a_new_machine(sqlite_db, tmp_path):
    path, _app = sqlite_db
    bk.backup(f"sqlite:///{path}", tmp_path / "vfo.backup")
    fresh = tmp_path / "nieuw" / "vfo.db"
    bk.restore(f"sqlite:///{fresh}", tmp_path / "vfo.backup")  # no database yet: no --force
    engine = make_engine(f"sqlite:///{fresh}")
    assert _offices(engine) == ["Kantoor A", "Kantoor B"]
    engine.dispose()


def test_restore_refuses_damage_and_other_schema_versions(sqlite_db, tmp_path):
    path, app = sqlite_db
    url = f"sqlite:///{path}"
    bk.backup(url, tmp_path / "goed.backup")
    with pytest.raises(bk.BackupError, match="bestaat al"):
        bk.backup(url, tmp_path / "goed.backup")

    garbage = tmp_path / "rommel.backup"
    garbage.write_bytes(b"geen database" * 100)
    with pytest.raises(bk.BackupError, match="geen bruikbare SQLite-database"):
        bk.restore(url, garbage, force=True)

    other = tmp_path / "ander.backup"
    shutil.copy(tmp_path / "goed.backup", other)
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    with pytest.raises(bk.BackupError, match="schemaversie 9999"):
        bk.restore(url, other, force=True)

    torn = tmp_path / "half.backup"  # a copy cut off halfway
    data = (tmp_path / "goed.backup").read_bytes()
    torn.write_bytes(data[: len(data) // 2])
    with pytest.raises(bk.BackupError):
        bk.restore(url, torn, force=True)
    assert _offices(app) == ["Kantoor A", "Kantoor B"]  # every refusal left the database alone


def test_the_cli_commands(sqlite_db, tmp_path, monkeypatch, capsys):
    path, app = sqlite_db
    monkeypatch.setenv("VFO_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("VFO_SECRET_KEY", "test")
    get_settings.cache_clear()
    try:
        assert cli.main(["backup", str(tmp_path / "cli.backup")]) == 0
        assert "Back-up geschreven" in capsys.readouterr().out
        _seed(app, "Kantoor X")
        assert cli.main(["restore", str(tmp_path / "cli.backup")]) == 2
        assert "--force" in capsys.readouterr().err
        assert cli.main(["restore", str(tmp_path / "cli.backup"), "--force"]) == 0
        assert _offices(app) == ["Kantoor A", "Kantoor B"]
    finally:
        get_settings.cache_clear()


@pytest.mark.skipif((not POSTGRES_URL or not shutil.which("pg_dump"))
                    and not os.environ.get("VFO_REQUIRE_POSTGRES"),  # CI: fail, never skip
                    reason="needs VFO_TEST_POSTGRES_URL and pg_dump")
def test_postgres_round_trip_with_pg_dump_and_pg_restore(tmp_path):
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    names = [f"vfo_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    urls = [POSTGRES_URL.rsplit("/", 1)[0] + f"/{n}" for n in names]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        live_url, fresh_url = urls
        upgrade_head(live_url)
        live = make_engine(live_url)
        _seed(live, "Kantoor A", "Kantoor B")

        done = bk.backup(live_url, tmp_path / "vfo.dump")
        assert done.revision == bk.head_revision()
        with Session(live) as session:
            session.delete(session.exec(select(Office).where(Office.name == "Kantoor A")).one())
            session.commit()
        _seed(live, "Kantoor C")

        with pytest.raises(bk.BackupError, match="--force"):
            bk.restore(live_url, tmp_path / "vfo.dump")
        bk.restore(live_url, tmp_path / "vfo.dump", force=True)
        assert _offices(live) == ["Kantoor A", "Kantoor B"]
        _seed(live, "Kantoor D")  # sequences came back too: new ids do not collide
        assert _offices(live) == ["Kantoor A", "Kantoor B", "Kantoor D"]
        live.dispose()

        bk.restore(fresh_url, tmp_path / "vfo.dump")  # an empty database on a new server
        fresh = make_engine(fresh_url)
        assert _offices(fresh) == ["Kantoor A", "Kantoor B"]
        fresh.dispose()

        garbage = tmp_path / "rommel.dump"
        garbage.write_bytes(b"PGDMP kapot")
        with pytest.raises(bk.BackupError, match="geen leesbare pg_dump-back-up"):
            bk.restore(live_url, garbage, force=True)
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
