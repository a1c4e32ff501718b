"""Apply the Alembic migrations programmatically (used by the CLI, start-up and tests).

The migrations ship inside the package (vfo_app/migrations), so an installed wheel migrates
without the source tree; alembic.ini at the repository root points at the same folder for the
`alembic` command.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from vfo_app.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["database_url"] = database_url or get_settings().database_url
    return cfg


def upgrade_head(database_url: str | None = None) -> None:
    command.upgrade(alembic_config(database_url), "head")
