"""The `vfo` command, run as a user would, against a fresh SQLite database."""

from sqlalchemy import text


def _count(vfo, table):
    with vfo.engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


def test_migrate_seed_twice_adds_nothing_the_second_time(vfo):
    assert vfo("migrate").returncode == 0
    first = vfo("seed-demo")
    assert first.returncode == 0, first.stderr
    assert "advisor@demo-accountants.example" in first.stdout
    tables = ["identity", "office", "officemembership", "pricelist", "pricelistitem", "client",
              "servicedefinition", "clientservice", "auditentry", "company", "companyproduct",
              "companymember", "collaboration", "ledgerimport", "ledgerline"]
    before = {t: _count(vfo, t) for t in tables}
    assert vfo("seed-demo").returncode == 0
    assert {t: _count(vfo, t) for t in tables} == before


def test_create_employee_and_its_validation(vfo_migrated):
    vfo = vfo_migrated
    ok = vfo("create-employee", "--office", "Nieuw Kantoor", "--email", "Piet@Nieuw.example",
             "--first-name", "Piet", "--last-name", "Puk", "--role", "beheerder",
             "--password", "lang-genoeg-wachtwoord")
    assert ok.returncode == 0, ok.stderr
    assert "piet@nieuw.example" in ok.stdout
    again = vfo("create-employee", "--office", "Nieuw Kantoor", "--email", "piet@nieuw.example",
                "--first-name", "Piet", "--last-name", "Puk", "--password", "kort")
    assert again.returncode == 2
    assert "minstens 12 tekens" in again.stderr


def test_api_key_create_prints_the_key_last_and_revoke_by_prefix_or_id(vfo_migrated):
    import hashlib

    vfo = vfo_migrated
    vfo("create-employee", "--office", "Kantoor Sleutel", "--email", "s@k.example",
        "--first-name", "S", "--last-name", "K", "--password", "lang-genoeg-wachtwoord")
    made = vfo("api-key", "create", "--office", "Kantoor Sleutel", "--name", "Exact")
    assert made.returncode == 0, made.stderr
    key = made.stdout.strip().splitlines()[-1]
    assert key.startswith("vfo_")
    eng = vfo.engine
    with eng.connect() as conn:
        name, stored = conn.execute(text("SELECT name, key_hash FROM apikey")).one()
    assert (name, stored) == ("Exact", hashlib.sha256(key.encode()).hexdigest())
    assert vfo("api-key", "create", "--office", "Bestaat Niet").returncode == 2
    assert vfo("api-key", "revoke", "vfo_onbekend").returncode == 2
    revoked = vfo("api-key", "revoke", key[:12])
    assert revoked.returncode == 0, revoked.stderr
    assert "ingetrokken" in revoked.stdout
    second = vfo("api-key", "create", "--office", "Kantoor Sleutel")
    with eng.connect() as conn:
        key_id = conn.execute(text("SELECT max(id) FROM apikey")).scalar()
    assert vfo("api-key", "revoke", str(key_id)).returncode == 0, second.stderr
    with eng.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM apikey WHERE revoked_at IS NULL")).scalar() == 0
