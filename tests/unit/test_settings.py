"""Configuration: one object, env prefix VFO_, a secret that is generated once and kept."""

import pytest

from vfo_app.settings import Settings, SettingsError


def test_defaults_put_sqlite_and_a_generated_secret_under_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("VFO_DATABASE_URL", raising=False)
    monkeypatch.delenv("VFO_SECRET_KEY", raising=False)
    first = Settings(data_dir=tmp_path)
    assert first.database_url == f"sqlite:///{tmp_path / 'vfo.db'}"
    assert len(first.secret_key) >= 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    # a restart keeps the same secret, so sessions and links stay valid
    assert Settings(data_dir=tmp_path).secret_key == first.secret_key


def test_environment_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("VFO_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("VFO_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("VFO_BASE_URL", "https://vfo.example")
    s = Settings(data_dir=tmp_path)
    assert s.database_url == "postgresql+psycopg://u@h/db"
    assert s.secret_key == "from-the-environment"
    assert s.secure_cookies is True
    assert not (tmp_path / "secret_key").exists()


def _production_env(monkeypatch, **values):
    for name in ("VFO_SECRET_KEY", "VFO_BASE_URL", "VFO_DATABASE_URL", "VFO_REDIS_URL",
                 "VFO_SMTP_HOST", "VFO_SMTP_USER", "VFO_SMTP_STARTTLS", "VFO_SMTP_SSL",
                 "VFO_SMTP_CA_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VFO_ENV", "production")
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_development_is_the_default_and_allows_every_origin(tmp_path, monkeypatch):
    monkeypatch.delenv("VFO_ENV", raising=False)
    monkeypatch.delenv("VFO_REDIS_URL", raising=False)
    s = Settings(data_dir=tmp_path)
    assert s.is_production is False
    assert s.cors_origins == ["*"]
    assert s.redis_url == ""


def test_production_refuses_to_start_without_a_secret_key_and_generates_no_key_file(tmp_path, monkeypatch):
    _production_env(monkeypatch, VFO_BASE_URL="https://vfo.example")
    with pytest.raises(SettingsError, match="VFO_SECRET_KEY ontbreekt"):
        Settings(data_dir=tmp_path)
    assert not (tmp_path / "secret_key").exists()


def test_production_requires_an_explicit_base_url(tmp_path, monkeypatch):
    _production_env(monkeypatch, VFO_SECRET_KEY="k" * 48)
    with pytest.raises(SettingsError, match="VFO_BASE_URL ontbreekt"):
        Settings(data_dir=tmp_path)
    _production_env(monkeypatch, VFO_SECRET_KEY="k" * 48, VFO_BASE_URL="vfo.example")
    with pytest.raises(SettingsError, match="http\\(s\\)-URL"):
        Settings(data_dir=tmp_path)


def test_production_limits_origins_to_the_base_url_and_secures_cookies_on_https(tmp_path, monkeypatch):
    _production_env(monkeypatch, VFO_SECRET_KEY="k" * 48, VFO_BASE_URL="https://vfo.example/app/",
                    VFO_REDIS_URL="redis://127.0.0.1:6379/0", VFO_SMTP_HOST="smtp.example")
    s = Settings(data_dir=tmp_path)
    assert s.cors_origins == ["https://vfo.example"]
    assert s.secure_cookies is True
    assert s.redis_url == "redis://127.0.0.1:6379/0"
    _production_env(monkeypatch, VFO_SECRET_KEY="k" * 48, VFO_BASE_URL="http://localhost:8080",
                    VFO_SMTP_HOST="smtp.example")
    s = Settings(data_dir=tmp_path)
    assert s.cors_origins == ["http://localhost:8080"]
    assert s.secure_cookies is False


def test_production_refuses_to_start_without_smtp(tmp_path, monkeypatch):
    _production_env(monkeypatch, VFO_SECRET_KEY="k" * 48, VFO_BASE_URL="https://vfo.example")
    with pytest.raises(SettingsError, match="VFO_SMTP_HOST ontbreekt") as refused:
        Settings(data_dir=tmp_path)
    for name in ("VFO_SMTP_PORT", "VFO_SMTP_USER", "VFO_SMTP_PASSWORD", "VFO_SMTP_SSL"):
        assert name in str(refused.value)
    _production_env(monkeypatch, VFO_SECRET_KEY="k" * 48, VFO_BASE_URL="https://vfo.example",
                    VFO_SMTP_HOST="smtp.example")
    assert Settings(data_dir=tmp_path).smtp_configured


def test_production_refuses_an_smtp_password_without_tls(tmp_path, monkeypatch):
    _production_env(monkeypatch, VFO_SECRET_KEY="k" * 48, VFO_BASE_URL="https://vfo.example",
                    VFO_SMTP_HOST="smtp.example", VFO_SMTP_USER="vfo", VFO_SMTP_STARTTLS="false")
    with pytest.raises(SettingsError, match="onversleuteld"):
        Settings(data_dir=tmp_path)
    monkeypatch.setenv("VFO_SMTP_SSL", "true")
    assert Settings(data_dir=tmp_path).smtp_port == 465
