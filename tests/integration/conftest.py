"""The `vfo` command as a user runs it: a new process per command, against a SQLite database in
a data directory of the test's own.

``vfo`` starts from nothing, ``vfo_migrated`` from a migrated database and ``vfo_demo`` from
the demo (``vfo migrate`` and ``vfo seed-demo``, run once per test run and copied for each
test: seeding verifies password hashes and imports the demo's auditfile, seconds each time).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

DATABASE = "cli.db"


class Vfo:
    """``vfo(*args)`` runs ``python -m vfo_app.cli *args`` with this data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.database_url = f"sqlite:///{data_dir / DATABASE}"
        self.env = {**os.environ, "VFO_DATA_DIR": str(data_dir),
                    "VFO_DATABASE_URL": self.database_url}
        self._engine: Engine | None = None

    def __call__(self, *args: str, input_text: str | None = None
                 ) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "vfo_app.cli", *args], env=self.env,
                              text=True, capture_output=True, input=input_text, timeout=180)

    @property
    def engine(self) -> Engine:
        """An engine on the command's database, to check what it wrote."""
        if self._engine is None:
            self._engine = create_engine(self.database_url)
        return self._engine

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()


def _ran(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, f"{done.args}: {done.stdout}\n{done.stderr}"


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    """A data directory after `vfo migrate` and `vfo seed-demo`, made once per run."""
    vfo = Vfo(tmp_path_factory.mktemp("cli-demo"))
    _ran(vfo("migrate"))
    _ran(vfo("seed-demo"))
    return vfo.data_dir


def _in(path: Path) -> Iterator[Vfo]:
    vfo = Vfo(path)
    yield vfo
    vfo.dispose()


@pytest.fixture
def vfo(tmp_path) -> Iterator[Vfo]:
    yield from _in(tmp_path)


@pytest.fixture
def vfo_migrated(tmp_path, sqlite_template) -> Iterator[Vfo]:
    shutil.copy(sqlite_template, tmp_path / DATABASE)
    yield from _in(tmp_path)


@pytest.fixture
def vfo_demo(tmp_path, demo_data_dir) -> Iterator[Vfo]:
    target = tmp_path / "data"
    shutil.copytree(demo_data_dir, target)
    yield from _in(target)
