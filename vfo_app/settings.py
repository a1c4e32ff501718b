"""The one configuration object of vfo_app (environment prefix ``VFO_``).

The same database URL drives the app, the CLI and Alembic. The secret key is
never a constant in the repository: in development, when ``VFO_SECRET_KEY`` is
unset, it is generated once and kept in ``data/secret_key`` (mode 600). With
``VFO_ENV=production`` nothing is generated: a missing secret key, base URL or SMTP
server stops the start (without SMTP, mail would stay in the outbox, and the development
mailbox exists only in development), and CORS and websocket origins are limited to the base URL.

SMTP is always encrypted with a verified certificate when TLS is on: STARTTLS on the
submission port (587, ``VFO_SMTP_STARTTLS``, the default) or implicit TLS
(``VFO_SMTP_SSL``, port 465 unless ``VFO_SMTP_PORT`` says otherwise). The system's CA
store checks the server; ``VFO_SMTP_CA_FILE`` adds a private CA. Production refuses an SMTP
login without TLS, since the password would cross the network readable.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(RuntimeError):
    """The configuration cannot be used; the message says which variable to set."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VFO_", extra="ignore")

    env: Literal["development", "production"] = "development"
    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str = ""
    # Reflex state in Redis (redis://...), so several workers and instances share it; empty = on disk.
    redis_url: str = ""
    secret_key: str = ""
    base_url: str = "http://localhost:3000"
    session_hours: int = Field(default=12, ge=1)
    # Login throttling (vfo_app.domain.login_throttle): free failures of an address from one IP
    # and of one IP over all addresses, then 1, 2, 4 ... seconds up to the longest delay.
    login_max_failures: int = Field(default=5, ge=1)
    login_ip_max_failures: int = Field(default=30, ge=1)
    login_max_delay_minutes: int = Field(default=15, ge=1)
    login_window_hours: int = Field(default=24, ge=1)
    # Outgoing mail: SMTP when smtp_host is set, else the development mailbox (outbox table).
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True
    smtp_ssl: bool = False  # implicit TLS (SMTPS, port 465) instead of STARTTLS
    smtp_ca_file: str = ""  # PEM file of a private CA the server's certificate is checked against
    smtp_timeout_seconds: float = Field(default=10, gt=0)
    mail_from: str = "Visma Online <no-reply@localhost>"
    # The largest auditfile taken, uploaded in the browser or pushed to POST /api/v1/auditfiles
    # (both streamed to a temporary file; a year of a million lines is about 300 MB of XML),
    # and the requests one API key may make per minute (then 429 with Retry-After).
    max_auditfile_mb: int = Field(default=500, ge=1)
    api_requests_per_minute: int = Field(default=30, ge=1)

    def model_post_init(self, __context) -> None:
        if self.smtp_ssl and "smtp_port" not in self.model_fields_set:
            self.smtp_port = 465
        if self.is_production:
            self._check_production()
        if not self.database_url:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.database_url = f"sqlite:///{self.data_dir / 'vfo.db'}"
        if not self.secret_key:
            self.secret_key = _stored_secret(self.data_dir / "secret_key")

    def _check_production(self) -> None:
        # A generated key file per instance would differ between instances and hosts.
        if not self.secret_key.strip():
            raise SettingsError(
                "VFO_SECRET_KEY ontbreekt: in productie (VFO_ENV=production) wordt geen sleutel "
                "gegenereerd. Zet VFO_SECRET_KEY op een lange willekeurige waarde, voor alle "
                "instanties dezelfde (bijv. python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        if "base_url" not in self.model_fields_set:
            raise SettingsError(
                "VFO_BASE_URL ontbreekt: in productie (VFO_ENV=production) bepaalt de publieke URL "
                "(bijv. https://vfo.example.nl) de toegestane origin en de Secure-cookie."
            )
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SettingsError(f"VFO_BASE_URL moet een http(s)-URL zijn, niet {self.base_url!r}.")
        self._check_production_smtp()

    def _check_production_smtp(self) -> None:
        if not self.smtp_configured:
            raise SettingsError(
                "VFO_SMTP_HOST ontbreekt: in productie (VFO_ENV=production) gaat e-mail (o.a. "
                "activatielinks) via een SMTP-server; een ontwikkelmailbox is er niet. Zet "
                "VFO_SMTP_HOST en zo nodig VFO_SMTP_PORT, VFO_SMTP_USER, VFO_SMTP_PASSWORD, "
                "VFO_MAIL_FROM en VFO_SMTP_STARTTLS (poort 587) of VFO_SMTP_SSL (poort 465)."
            )
        if self.smtp_user and not self.smtp_tls:
            raise SettingsError(
                "VFO_SMTP_USER is gezet maar VFO_SMTP_STARTTLS en VFO_SMTP_SSL staan uit: het "
                "SMTP-wachtwoord zou onversleuteld over het netwerk gaan. Zet een van beide aan."
            )
        if self.smtp_ca_file and not Path(self.smtp_ca_file).is_file():
            raise SettingsError(f"VFO_SMTP_CA_FILE {self.smtp_ca_file!r} bestaat niet.")

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the base URL, as browsers send it in the Origin header."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def cors_origins(self) -> list[str]:
        """Origins allowed for the API and the websocket: only our own in production."""
        return [self.origin] if self.is_production else ["*"]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def smtp_configured(self) -> bool:
        return bool(self.smtp_host.strip())

    @property
    def smtp_tls(self) -> bool:
        """The SMTP conversation is encrypted (implicit TLS or STARTTLS)."""
        return self.smtp_ssl or self.smtp_starttls

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
