"""The one configuration object of vfo_app (environment prefix ``VFO_``).

The same database URL drives the app, the CLI and Alembic. The secret key is
never a constant in the repository: when ``VFO_SECRET_KEY`` is unset it is
generated once and kept in ``data/secret_key`` (mode 600).
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VFO_", extra="ignore")

    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str = ""
    secret_key: str = ""
    base_url: str = "http://localhost:3000"
    session_hours: int = Field(default=12, ge=1)
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_minutes: int = Field(default=15, ge=1)
    # Outgoing mail: SMTP when smtp_host is set, else the development mailbox (outbox table).
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = Field(default=10, gt=0)
    mail_from: str = "Visma Online <no-reply@localhost>"

    def model_post_init(self, __context) -> None:
        if not self.database_url:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.database_url = f"sqlite:///{self.data_dir / 'vfo.db'}"
        if not self.secret_key:
            self.secret_key = _stored_secret(self.data_dir / "secret_key")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def smtp_configured(self) -> bool:
        return bool(self.smtp_host.strip())

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")


def _stored_secret(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(value)
    return value


@lru_cache
def get_settings() -> Settings:
    return Settings()
