"""What a clean install gets: the lock agrees with pyproject.toml, and a built wheel installed
outside the source tree migrates a database with the migrations it carries."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

from alembic.script import ScriptDirectory
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from sqlmodel import SQLModel

from vfo_app.domain import models  # noqa: F401  (registers the tables)
from vfo_app.domain.migrate import alembic_config

ROOT = Path(__file__).resolve().parents[2]


def _locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", text, re.MULTILINE))
    assert len(re.findall(r"^[A-Za-z0-9]", text, re.MULTILINE)) == len(pins), "a line without =="
    return {canonicalize_name(name): version for name, version in pins.items()}


def test_the_lock_pins_every_declared_requirement_within_its_range():
    """Catches a pyproject.toml edit without `make lock`: make setup installs the lock only."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    declared = [*pyproject["project"]["dependencies"],
                *pyproject["project"]["optional-dependencies"]["test"],
                *pyproject["dependency-groups"]["build"]]
    locked = _locked()
    for line in declared:
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is not in requirements.lock: run make lock"
        assert req.specifier.contains(locked[name], prereleases=True), (
            f"requirements.lock has {req.name}=={locked[name]}, pyproject.toml wants {req.specifier}:"
            " run make lock")
    ruff = next(Requirement(r) for r in declared if Requirement(r).name == "ruff")
    assert str(ruff.specifier).startswith("=="), "ruff is pinned exactly: new releases add findings"


def _run(args, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, **kw)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def test_a_wheel_installed_outside_the_source_tree_migrates_a_database(tmp_path):
    # Build from a copy, so the checkout gets no build/ folder; with the locked setuptools.
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "pyproject.toml", src)
    shutil.copytree(ROOT / "vfo_app", src / "vfo_app",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--wheel-dir", str(tmp_path / "dist"), str(src)])
    (wheel,) = (tmp_path / "dist").glob("vfo_app-*.whl")

    # A fresh venv with the wheel in it. Its dependencies come from this environment (made from
    # requirements.lock) through a .pth line: that adds the folder to sys.path after the venv's
    # own site-packages and runs none of its .pth files, so the editable vfo_app there stays out.
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
          "--no-index", str(wheel)])
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
                     ).stdout.strip())
    (site / "locked_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("VFO_", "PYTHON", "VIRTUAL_ENV"))}
    env |= {"VFO_DATA_DIR": str(elsewhere), "VFO_DATABASE_URL": f"sqlite:///{elsewhere}/x.db"}

    where = _run([str(python), "-c", "import vfo_app; print(vfo_app.__file__)"],
                 cwd=elsewhere, env=env).stdout.strip()
    assert Path(where).is_relative_to(site), where
    shipped = _run([str(python), "-c", (
        "from importlib.resources import files; p = files('vfo_app');"
        "print(*sorted(str(f.relative_to(p)) for f in p.rglob('*') if f.suffix in "
        "('.xaf', '.csv', '.html', '.txt', '.mako') or f.parent.name == 'versions'))")],
        cwd=elsewhere, env=env).stdout.split()
    for expected in ("domain/demo_data/", "domain/xaf/data/", "templates/email/",
                     "migrations/script.py.mako", "migrations/versions/0001_"):
        assert any(f.startswith(expected) for f in shipped), (expected, shipped)

    done = _run([str(venv / "bin" / "vfo"), "migrate"], cwd=elsewhere, env=env)
    assert "laatste migratie" in done.stdout

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    with sqlite3.connect(elsewhere / "x.db") as conn:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    assert version == [(head,)]
    assert tables == set(SQLModel.metadata.tables) | {"alembic_version"}
