"""Shared fixtures: a migrated database per test (SQLite; PostgreSQL too when configured),
plain factory functions, and a controllable clock."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from vfo_app.domain import clock
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, OFFICE_ROLE_MEDEWERKER, Actor
from vfo_app.domain.db import make_engine
from vfo_app.domain.employees import create_employee, get_or_create_office
from vfo_app.domain.migrate import upgrade_head
from vfo_app.domain.models import (
    Client,
    ClientService,
    Collaboration,
    CollaborationState,
    Company,
    Identity,
    Office,
)
from vfo_app.domain.online import products

PASSWORD = "Test-Wachtwoord-2026"
POSTGRES_URL = os.environ.get("VFO_TEST_POSTGRES_URL", "")


# --- databases -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """One migrated SQLite file; each test gets a copy (migrating per test is slow)."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    upgrade_head(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str | None]:
    """A throwaway PostgreSQL database for this run, migrated once, dropped at the end."""
    if not POSTGRES_URL:
        if os.environ.get("VFO_REQUIRE_POSTGRES"):
            pytest.fail("VFO_REQUIRE_POSTGRES is set but VFO_TEST_POSTGRES_URL is empty")
        yield None
        return
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    name = f"vfo_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade_head(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgres(engine: Engine) -> None:
    """Empty the tables the previous test wrote to and restart their id sequences.

    One probe finds the tables with rows; only those are emptied, children before parents.
    DELETE of a few rows takes milliseconds, where TRUNCATE of all 50-odd tables took half a
    second on this machine even when they were empty, for each of a thousand tests."""
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]  # children first
    with engine.begin() as conn:
        present = {r[0] for r in conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' "
            "AND tablename <> 'alembic_version'"))}
        unknown = present - set(tables)
        assert not unknown, f"tables outside the models (alembic check?): {sorted(unknown)}"
        probe = " UNION ALL ".join(
            f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in tables if t in present)
        used = {r[0] for r in conn.execute(text(probe))}
        if not used:
            return
        for table in tables:
            if table in used:
                conn.execute(text(f'DELETE FROM "{table}"'))
        sequences = conn.execute(text(
            "SELECT DISTINCT s.relname FROM pg_class s JOIN pg_depend d ON d.objid = s.oid "
            "JOIN pg_class t ON d.refobjid = t.oid WHERE s.relkind = 'S' "
            "AND t.relname = ANY(:tables)"), {"tables": sorted(used)}).scalars()
        for sequence in sequences:
            conn.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


@pytest.fixture(params=_backends())
def engine(request, tmp_path, sqlite_template) -> Iterator[Engine]:
    """A migrated, empty database: SQLite always, PostgreSQL when VFO_TEST_POSTGRES_URL is set."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(sqlite_template, path)
        eng = make_engine(f"sqlite:///{path}")
    else:
        url = request.getfixturevalue("postgres_database")
        eng = make_engine(url)
        _empty_postgres(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def db(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


# --- clock ----------------------------------------------------------------------------


class FakeClock:
    def set(self, at: datetime) -> None:
        clock.freeze(at)

    def advance(self, **delta) -> None:
        from datetime import timedelta

        clock.freeze(clock.now() + timedelta(**delta))


@pytest.fixture
def fake_clock() -> Iterator[FakeClock]:
    yield FakeClock()
    clock.freeze(None)


# --- factories (plain functions) -----------------------------------------------------


def make_office(session: Session, name: str = "Kantoor A") -> Office:
    return get_or_create_office(session, name)


def make_employee(
    session: Session,
    office: Office,
    email: str | None = None,
    *,
    role: str = OFFICE_ROLE_MEDEWERKER,
    first_name: str = "Test",
    last_name: str = "Medewerker",
) -> Identity:
    return create_employee(
        session,
        office=office,
        email=email or f"{uuid.uuid4().hex[:8]}@kantoor.example",
        first_name=first_name,
        last_name=last_name,
        password=PASSWORD,
        role=role,
    )


def activate_overview(session: Session, client_service_id: int,
                      product: str = products.FINANCIAL_OVERVIEW) -> Collaboration:
    """The client's Financial Overview collaboration, active, with a company made for it:
    what "Service starten" leaves behind, without the wizard."""
    link = session.get(ClientService, client_service_id)
    client = session.get(Client, link.client_id)
    company = Company(name=client.name, kvk_number=client.kvk_number, city=client.city or "")
    session.add(company)
    session.flush()
    collab = Collaboration(
        office_id=client.office_id, client_id=client.id, company_id=company.id,
        client_service_id=link.id, product=product, state=CollaborationState.ACTIVE.value,
        open_key=f"{client.id}:{products.family_of(product)}", requested_by_id=link.owner_id)
    session.add(collab)
    session.flush()
    return collab


def actor_of(identity: Identity, office: Office | None, role: str | None = None) -> Actor:
    return Actor(
        identity_id=identity.id,
        email=identity.email,
        name=identity.full_name,
        office_id=office.id if office else None,
        office_name=office.name if office else "",
        office_role=role,
    )


@pytest.fixture
def office_admin(db) -> Actor:
    office = make_office(db, "Kantoor A")
    emp = make_employee(db, office, "beheer@a.example", role=OFFICE_ROLE_BEHEERDER,
                        first_name="Anna", last_name="Beheer")
    db.commit()
    return actor_of(emp, office, OFFICE_ROLE_BEHEERDER)


@pytest.fixture
def office_employee(db, office_admin) -> Actor:
    office = db.get(Office, office_admin.office_id)
    emp = make_employee(db, office, "mede@a.example", first_name="Mees", last_name="Werker")
    db.commit()
    return actor_of(emp, office, OFFICE_ROLE_MEDEWERKER)


@pytest.fixture
def other_office_admin(db) -> Actor:
    office = make_office(db, "Kantoor B")
    emp = make_employee(db, office, "beheer@b.example", role=OFFICE_ROLE_BEHEERDER,
                        first_name="Bert", last_name="Ander")
    db.commit()
    return actor_of(emp, office, OFFICE_ROLE_BEHEERDER)
