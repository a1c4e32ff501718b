"""Back-up and restore of the database (``vfo backup`` / ``vfo restore``).

SQLite: SQLite's online backup API copies the database in one step, a consistent snapshot
even while the app writes (a read transaction; WAL writers are not blocked). The copy is
written to a temporary file, checked (``PRAGMA integrity_check``, schema version) and then
renamed over the target, so a back-up file is complete or absent.

Restore checks a temporary copy first, then copies it into the live database with the same
backup API. That copy is one SQLite write transaction: other connections wait for it (busy
timeout) and see either the old or the restored database, and a crash halfway rolls back.
Renaming a file over the live database would not be safe: in WAL mode the open connections
and the ``-wal`` file still belong to the old file.

PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot while the app runs) and
``pg_restore --clean --if-exists --single-transaction`` (all or nothing). pg_dump must be
at least the server's major version; it refuses otherwise, and that message is shown.

Restore refuses a damaged file, a back-up of another schema version than this code's Alembic
head, and (without ``force``) a target that already holds a vfo_app database.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, make_url, text
from sqlalchemy.engine import URL

from vfo_app.domain.migrate import alembic_config


class BackupError(Exception):
    """A refusal or failure, with a message for the operator (Dutch)."""


@dataclass(frozen=True)
class Outcome:
    path: Path
    revision: str
    size: int


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def backup(database_url: str, target: Path, *, force: bool = False) -> Outcome:
    target = Path(target)
    if target.exists() and not force:
        raise BackupError(f"{target} bestaat al; kies een andere naam of gebruik --force.")
    if not target.parent.is_dir():
        raise BackupError(f"De map {target.parent} bestaat niet.")
    url = make_url(database_url)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_copy(_sqlite_path(url, must_exist=True), tmp, to_file=True)
            revision = _sqlite_check(tmp)
        elif url.get_backend_name() == "postgresql":
            _run(["pg_dump", "--format=custom", "--file", str(tmp), "--dbname", _conninfo(url)],
                 url)
            revision = _dump_revision(tmp)
        else:
            raise BackupError(f"Back-up van {url.get_backend_name()} wordt niet ondersteund.")
        _fsync(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return Outcome(target, revision, target.stat().st_size)


def restore(database_url: str, source: Path, *, force: bool = False) -> Outcome:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} bestaat niet.")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        live = _sqlite_path(url, must_exist=False)
        live.parent.mkdir(parents=True, exist_ok=True)
        tmp = live.with_name(f".{live.name}.restore-{secrets.token_hex(4)}.tmp")
        try:
            _sqlite_copy(source, tmp, to_file=True)
            revision = _expect_head(_sqlite_check(tmp))
            if not force and live.exists() and _sqlite_has_schema(live):
                raise BackupError(_OVERWRITE.format(target=live))
            _sqlite_copy(tmp, live, to_file=False)
        finally:
            tmp.unlink(missing_ok=True)
        _sqlite_check(live)
        return Outcome(live, revision, source.stat().st_size)
    if url.get_backend_name() == "postgresql":
        revision = _expect_head(_dump_revision(source))
        if not force and _postgres_has_schema(url):
            raise BackupError(_OVERWRITE.format(target=url.database))
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--exit-on-error", "--dbname", _conninfo(url), str(source)], url)
        return Outcome(source, revision, source.stat().st_size)
    raise BackupError(f"Herstel naar {url.get_backend_name()} wordt niet ondersteund.")


_OVERWRITE = ("{target} bevat al een vfo_app-database; herstellen vervangt alle gegevens. "
              "Gebruik --force (en stop liefst eerst de app).")


def _expect_head(revision: str) -> str:
    head = head_revision()
    if revision != head:
        raise BackupError(f"De back-up heeft schemaversie {revision}, deze versie van vfo_app "
                          f"verwacht {head}. Herstel met de versie van vfo_app die de back-up "
                          "maakte en voer daarna `vfo migrate` uit.")
    return revision


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_path(url: URL, *, must_exist: bool) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("Een SQLite-database in het geheugen heeft geen back-up.")
    path = Path(url.database)
    if must_exist and not path.is_file():
        raise BackupError(f"Geen database gevonden op {path}.")
    return path


def _sqlite_copy(source: Path, target: Path, *, to_file: bool) -> None:
    """The backup API in one step (pages=-1): one consistent snapshot of ``source``."""
    try:
        with closing(sqlite3.connect(source, timeout=30)) as src, \
                closing(sqlite3.connect(target, timeout=30)) as dst:
            src.backup(dst)
            if to_file:  # a back-up is a single self-contained file, not WAL
                dst.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise BackupError(f"{source}: geen bruikbare SQLite-database ({exc}).") from exc


def _sqlite_check(path: Path) -> str:
    """Integrity and the schema version; raises BackupError when either is missing."""
    try:
        with closing(sqlite3.connect(path)) as conn:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise BackupError(f"{path} is beschadigd: {'; '.join(problems[:5])}")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: geen vfo_app-database ({exc}).") from exc
    if row is None:
        raise BackupError(f"{path}: geen schemaversie (alembic_version is leeg).")
    return row[0]


def _sqlite_has_schema(path: Path) -> bool:
    with closing(sqlite3.connect(path, timeout=30)) as conn:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
                            ).fetchone() is not None


# --- PostgreSQL -------------------------------------------------------------------------------


def _conninfo(url: URL) -> str:
    """A libpq URI without the password (that goes through PGPASSWORD, not argv)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(cmd: list[str], url: URL) -> str:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"{cmd[0]} niet gevonden; installeer postgresql-client "
                          "(dezelfde of een nieuwere hoofdversie dan de server).")
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} mislukt: {done.stderr.strip()[-1500:]}")
    return done.stdout


def _dump_revision(path: Path) -> str:
    """The alembic_version row inside a pg_dump archive (also proves it can be read)."""
    if shutil.which("pg_restore") is None:
        raise BackupError("pg_restore niet gevonden; installeer postgresql-client.")
    done = subprocess.run(["pg_restore", "--data-only", "--table=alembic_version", "--file=-",
                           str(path)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{path}: geen leesbare pg_dump-back-up ({done.stderr.strip()}).")
    match = re.search(r"^COPY \S*alembic_version .*? FROM stdin;\n([^\n\\]+)\n", done.stdout,
                      re.MULTILINE)
    if not match:
        raise BackupError(f"{path}: geen schemaversie (alembic_version) in de back-up.")
    return match.group(1).strip()


def _postgres_has_schema(url: URL) -> bool:
    from vfo_app.domain.db import make_engine

    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            return inspect(conn).has_table("alembic_version") and conn.execute(
                text("SELECT count(*) FROM alembic_version")).scalar() > 0
    finally:
        engine.dispose()


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())
