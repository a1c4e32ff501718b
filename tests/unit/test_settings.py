"""Configuration: one object, env prefix VFO_, a secret that is generated once and kept."""

from vfo_app.settings import Settings


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
