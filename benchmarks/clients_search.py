"""Klanten overview with 100,000 clients: server-side time of searches and page changes.

Seeds one office with N clients (default 100,000) into a fresh, migrated database with a
bulk insert, then times ``search_clients`` in process, each call in its own transaction as
the page state does it. Prints median and p95 per case against the target (median < 50 ms).

    python benchmarks/clients_search.py                      # SQLite in a temporary directory
    python benchmarks/clients_search.py --postgres postgresql+psycopg://postgres@127.0.0.1/postgres

With --postgres a throwaway database is created next to the given one and dropped afterwards.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from vfo_app.domain.advisor.clients import search_clients
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, Actor
from vfo_app.domain.db import make_engine, session_scope
from vfo_app.domain.employees import create_employee, get_or_create_office
from vfo_app.domain.migrate import upgrade_head
from vfo_app.domain.models import Client

try:  # the domain's own definition of the search column, when it has one
    from vfo_app.domain.advisor.clients import search_text_of
except ImportError:  # pragma: no cover
    search_text_of = None

TARGET_MS = 50.0
PAGE_SIZE = 25
CHUNK = 5_000

WORDS_A = ["Bakkerij", "Installatie", "Adviesbureau", "Transport", "Bouwbedrijf", "Hoveniers",
           "Kapsalon", "Autobedrijf", "Drukkerij", "Schildersbedrijf", "Loodgieters", "Cafe",
           "Tandartspraktijk", "Fysiotherapie", "Makelaardij", "Architecten", "Slagerij",
           "Groothandel", "Reclamebureau", "Schoonmaakbedrijf", "Zorgboerderij", "Webshop"]
WORDS_B = ["De Vries", "Jansen", "Van Dijk", "Bakker", "Visser", "Smit", "Meijer", "De Boer",
           "Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Van Leeuwen", "Dekker",
           "Brouwer", "De Wit", "Dijkstra", "Smits", "Noord", "Zuid", "Oost", "West", "Centrum"]
FORMS = ["BV", "VOF", "Eenmanszaak", "NV", "Stichting", "Maatschap", "CV"]
CITIES = ["Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
          "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede",
          "Amersfoort", "Zaanstad", "Den Bosch", "Zwolle", "Leiden", "Maastricht", "Dordrecht",
          "Zoetermeer", "Deventer", "Delft", "Alkmaar", "Venlo", "Leeuwarden", "Hilversum",
          "Heerlen", "Assen", "Middelburg", "Lelystad", "Emmen", "Gouda", "Hoorn", "Ede"]


def _search_text(number: str, name: str, kvk: str, city: str) -> str:
    if search_text_of is not None:
        return search_text_of(Client(number=number, name=name, kvk_number=kvk, city=city))
    return f"{name} {number} {kvk} {city}".lower()


def seed(engine: Engine, n: int, *, seed_value: int = 2026) -> Actor:
    """One office with ``n`` clients (and a small second office, so scoping has work to do)."""
    with session_scope(engine) as session:
        office = get_or_create_office(session, "Benchmark Accountants")
        other = get_or_create_office(session, "Ander Kantoor")
        emp = create_employee(session, office=office, email="bench@bench.example",
                              first_name="Bench", last_name="Mark", password="Bench-Mark-2026",
                              role=OFFICE_ROLE_BEHEERDER)
        other_emp = create_employee(session, office=other, email="ander@bench.example",
                                    first_name="Ander", last_name="Kantoor",
                                    password="Bench-Mark-2026", role=OFFICE_ROLE_BEHEERDER)
        actor = Actor(identity_id=emp.id, email=emp.email, name=emp.full_name,
                      office_id=office.id, office_name=office.name, office_role=OFFICE_ROLE_BEHEERDER)
        targets = [(office.id, emp.id, n), (other.id, other_emp.id, max(1, n // 50))]

    rnd = random.Random(seed_value)
    now = datetime.now(UTC)
    table = Client.__table__
    for office_id, manager_id, count in targets:
        kvks = rnd.sample(range(10_000_000, 100_000_000), count)
        rows = []
        for i in range(count):
            number = f"K{i + 1:06d}"
            name = f"{rnd.choice(WORDS_A)} {rnd.choice(WORDS_B)} {rnd.choice(FORMS)}"
            kvk = str(kvks[i])
            city = rnd.choice(CITIES)
            rows.append({
                "office_id": office_id, "number": number, "name": name, "kvk_number": kvk,
                "legal_form": name.rsplit(" ", 1)[1], "account_manager_id": manager_id,
                "price_list_id": None, "address": f"Dorpsstraat {i % 300 + 1}",
                "postcode": f"{1000 + i % 8999} AB", "city": city, "country": "Nederland",
                "visit_address": "", "visit_postcode": "", "visit_city": "", "visit_country": "",
                "phone": "", "website": "", "vat_period": "Niet van toepassing", "category": "",
                "branche": "", "vat_number": "", "credit_limit_cents": 0,
                "invoice_language": "NL - Dutch", "sbi_code": "", "company_email": "",
                "files_own_vat_return": False, "data_delivered": False,
                "search_text": _search_text(number, name, kvk, city),
                "created_at": now, "updated_at": now,
            })
            if len(rows) == CHUNK:
                _insert(engine, table, rows)
                rows = []
        if rows:
            _insert(engine, table, rows)
    # What autovacuum does after a bulk load: statistics, and on PostgreSQL the visibility
    # map that lets counts and sorted pages use index-only scans.
    auto = engine.execution_options(isolation_level="AUTOCOMMIT")
    with auto.connect() as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))
    return actor


def _insert(engine: Engine, table, rows: list[dict]) -> None:
    columns = {c.name for c in table.columns}
    with engine.begin() as conn:
        conn.execute(insert(table), [{k: v for k, v in r.items() if k in columns} for r in rows])


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    fn()  # warm-up: the first call pays for imports and compiled statements
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def run(engine: Engine, n: int, repeat: int, label: str) -> bool:
    t0 = time.perf_counter()
    actor = seed(engine, n)
    print(f"{label}: {n:,} klanten ingevoegd in {time.perf_counter() - t0:.1f} s".replace(",", "."))

    def search(query: str = "", page: int = 1) -> Callable[[], object]:
        def call():
            with session_scope(engine) as session:
                return search_clients(session, actor, query=query, sort="name",
                                      descending=False, page=page, page_size=PAGE_SIZE)
        return call

    cases = [
        ("zoeken op naamdeel 'bakker'", search("bakker")),
        ("zoeken op KvK-begin '1234'", search("1234")),
        ("zoeken op plaats 'zwolle'", search("zwolle")),
        ("op naam gesorteerd, pagina 1", search(page=1)),
        ("op naam gesorteerd, pagina 2", search(page=2)),
        ("op naam gesorteerd, pagina 200", search(page=200)),
    ]
    print(f"{'geval':38} {'mediaan':>9} {'p95':>9} {'max':>9}  treffers (getoond)")
    ok = True
    for name, fn in cases:
        times, result = timed(fn, repeat)
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
        ok &= median < TARGET_MS
        total = f"{result.total}{'+' if result.total_capped else ''}"
        print(f"{name:38} {median:7.1f}ms {p95:7.1f}ms {max(times):7.1f}ms  "
              f"{total} ({len(result.rows)})")
    print(f"doel: mediaan < {TARGET_MS:.0f} ms per geval -> {'GEHAALD' if ok else 'NIET GEHAALD'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--postgres", metavar="URL",
                        help="ook (alleen) op PostgreSQL meten, via een wegwerpdatabase")
    parser.add_argument("--strict", action="store_true", help="exitcode 1 als het doel faalt")
    args = parser.parse_args(argv)

    if args.postgres:
        ok = _run_postgres(args.postgres, args.clients, args.repeat)
    else:
        with tempfile.TemporaryDirectory(prefix="vfo-bench-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            upgrade_head(url)
            engine = make_engine(url)
            try:
                ok = run(engine, args.clients, args.repeat, "SQLite")
            finally:
                engine.dispose()
    return 0 if ok or not args.strict else 1


def _run_postgres(url: str, n: int, repeat: int) -> bool:
    admin = make_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    name = f"vfo_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = url.rsplit("/", 1)[0] + f"/{name}"
    engine = None
    try:
        upgrade_head(db_url)
        engine = make_engine(db_url)
        return run(engine, n, repeat, "PostgreSQL")
    finally:
        if engine is not None:
            engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    sys.exit(main())
