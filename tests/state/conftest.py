"""Fixtures of the state tests: the app pointed at a throwaway SQLite database holding two
tenants (``world``), and tabs logged in as anyone of them.

The world is built once per run (migrations plus an auditfile import take a few seconds)
into a file that every test copies, so each test starts from the same database and may
change it. ``VFO_DATABASE_URL`` (and a data directory and secret key of the test's own)
are set for each test, and the cached settings and engine are dropped before and after,
so the app's ``session_scope()`` opens exactly this copy and nothing leaks to other tests.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine

from tests.state import snapshot
from tests.state.harness import Tab
from tests.state.world import World, build
from vfo_app.domain import clock
from vfo_app.domain.db import get_engine, make_engine
from vfo_app.settings import get_settings

SECRET = "state-tests-" + "x" * 40


def _forget_configuration() -> None:
    get_engine.cache_clear()
    get_settings.cache_clear()


@contextmanager
def _pointed_at(path: Path, data_dir: Path) -> Iterator[None]:
    """The app's settings read this database (environment restored afterwards)."""
    wanted = {"VFO_DATABASE_URL": f"sqlite:///{path}", "VFO_DATA_DIR": str(data_dir),
              "VFO_SECRET_KEY": SECRET, "VFO_SMTP_HOST": "", "VFO_ENV": "development"}
    saved = {k: os.environ.get(k) for k in wanted}
    os.environ.update(wanted)
    _forget_configuration()
    try:
        yield
    finally:
        engine_info = get_engine.cache_info()
        if engine_info.currsize:
            get_engine().dispose()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        _forget_configuration()


@dataclass(frozen=True)
class WorldFile:
    """The built world: its database file, its ids and tokens, its schema and its rows."""

    path: Path
    world: World
    meta: MetaData
    rows: snapshot.Snapshot


@pytest.fixture(scope="session")
def world_file(tmp_path_factory, sqlite_template) -> WorldFile:
    folder = tmp_path_factory.mktemp("state-world")
    path = folder / "world.db"
    shutil.copy(sqlite_template, path)
    with _pointed_at(path, folder):
        engine = make_engine(f"sqlite:///{path}")
        try:
            world = build(engine)
            meta = snapshot.tables(engine)
            rows = snapshot.take(engine, meta)
        finally:
            engine.dispose()
    return WorldFile(path, world, meta, rows)


@pytest.fixture(scope="session")
def app_folder(tmp_path_factory) -> Path:
    """One folder for every test's copy (a folder per test costs more to make and clean up
    than the copy itself)."""
    return tmp_path_factory.mktemp("state-app")


@pytest.fixture
def app_engine(app_folder, world_file) -> Iterator[Engine]:
    """The app's own engine (``get_engine()``), on this test's copy of the world."""
    path = app_folder / "app.db"
    for leftover in (path, path.with_name("app.db-wal"), path.with_name("app.db-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(world_file.path, path)
    with _pointed_at(path, app_folder):
        yield get_engine()


@pytest.fixture
def world(app_engine, world_file) -> Iterator[World]:
    """The world, at a fixed moment ten minutes after it was built (sessions live, requests
    pending, "once a minute" pauses over): every run sees the same clock."""
    clock.freeze(world_file.world.built_at + timedelta(minutes=10))
    yield world_file.world
    clock.freeze(None)


@pytest.fixture
def tab(world) -> Callable[[str | None], Tab]:
    """``tab("frans")``: a browser tab logged in as Frans; ``tab(None)``: nobody."""

    def open_tab(person: str | None = None) -> Tab:
        return Tab(world.tokens[person] if person else "")

    return open_tab


@pytest.fixture(autouse=True)
def quick_polling(monkeypatch):
    """A background watcher polls every few seconds for half an hour; here every hundredth
    of a second, three times: the harness runs a chained background event to its end
    before the next event, as a browser waiting for it would see it."""
    for name, module in list(sys.modules.items()):
        if name.startswith("vfo_app.state.") and module is not None:
            if hasattr(module, "POLL_SECONDS"):
                monkeypatch.setattr(module, "POLL_SECONDS", 0.01)
            if hasattr(module, "POLL_LIMIT"):
                monkeypatch.setattr(module, "POLL_LIMIT", 3)


class Database:
    """Snapshots of the app's database: ``db.snap()`` and ``db.changes_since(before)``;
    ``db.initial`` is the world as built (every test starts from a copy of it)."""

    def __init__(self, engine: Engine, built: WorldFile) -> None:
        self.engine = engine
        self.meta = built.meta
        self.initial = built.rows

    def snap(self) -> snapshot.Snapshot:
        return snapshot.take(self.engine, self.meta)

    def changes_since(self, before: snapshot.Snapshot) -> list[str]:
        return snapshot.differences(before, self.snap())


@pytest.fixture
def database(app_engine, world_file) -> Database:
    return Database(app_engine, world_file)
