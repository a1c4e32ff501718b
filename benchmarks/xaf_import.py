"""Benchmark of the auditfile import: python benchmarks/xaf_import.py [--lines N ...] [--postgres URL]

Generates a schema-valid XAF 3.2 file of N lines (streamed to a temporary file), then, each
in a fresh subprocess so that the figures do not influence each other:
- a bare lxml ``iterparse`` pass over the file (every element's end event, cleared);
- the import into a freshly migrated database (SQLite by default) as the system actor.
Prints wall time, lines per second, the peak memory and the ratio import / bare parse.

Peak memory is the child process's RSS high-water mark (``resource.getrusage(RUSAGE_SELF)
.ru_maxrss``), so it includes the interpreter, SQLAlchemy and lxml themselves; the RSS just
before the import started is printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NS = "http://www.auditfiles.nl/XAF/3.2"
ACCOUNTS = [(f"{n:04d}", "B") for n in range(100, 4000, 40)] + [
    (f"{n:04d}", "P") for n in range(4000, 9999, 60)]
LINES_PER_TX = 10


def generate(path: Path, lines: int) -> None:
    """A schema-valid XAF 3.2: header, company, 200 accounts, one journal per 100,000 lines."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<auditfile xmlns="{NS}">\n'
                  "<header><fiscalYear>2024</fiscalYear><startDate>2024-01-01</startDate>"
                  "<endDate>2024-12-31</endDate><curCode>EUR</curCode><dateCreated>2025-01-15"
                  "</dateCreated><softwareDesc>vfo benchmark</softwareDesc><softwareVersion>1"
                  "</softwareVersion></header>\n<company><companyIdent>1</companyIdent>"
                  "<companyName>Benchmark BV</companyName><taxRegistrationCountry>NL"
                  "</taxRegistrationCountry><taxRegIdent>NL0</taxRegIdent><streetAddress>"
                  "<country>NL</country></streetAddress>\n<generalLedger>\n")
        for acc, tp in ACCOUNTS:
            out.write(f"<ledgerAccount><accID>{acc}</accID><accDesc>Rekening {acc}</accDesc>"
                      f"<accTp>{tp}</accTp></ledgerAccount>\n")
        out.write("</generalLedger>\n")
        _transactions(out, lines)
        out.write("</company>\n</auditfile>\n")


def _transactions(out, lines: int) -> None:
    total = (lines // 2) * 12345
    out.write(f"<transactions><linesCount>{lines}</linesCount><totalDebit>{total // 100}."
              f"{total % 100:02d}</totalDebit><totalCredit>{total // 100}.{total % 100:02d}"
              "</totalCredit>\n")
    n = 0
    for tx in range(lines // LINES_PER_TX):
        if tx % 10_000 == 0:
            if tx:
                out.write("</journal>\n")
            out.write(f"<journal><jrnID>M{tx // 10_000}</jrnID><desc>Memoriaal</desc>"
                      "<jrnTp>M</jrnTp>\n")
        month = tx % 12 + 1
        out.write(f"<transaction><nr>{tx + 1}</nr><desc>Boeking {tx + 1}</desc><periodNumber>"
                  f"{month}</periodNumber><trDt>2024-{month:02d}-15</trDt>\n")
        for i in range(LINES_PER_TX):
            n += 1
            acc = ACCOUNTS[(tx * 7 + i * 13) % len(ACCOUNTS)][0]
            out.write(f"<trLine><nr>{i + 1}</nr><accID>{acc}</accID><docRef>F{tx}</docRef>"
                      f"<effDate>2024-{month:02d}-15</effDate><desc>Regel {n}</desc>"
                      f"<amnt>123.45</amnt><amntTp>{'D' if i % 2 == 0 else 'C'}</amntTp>"
                      "</trLine>\n")
        out.write("</transaction>\n")
    if lines // LINES_PER_TX:
        out.write("</journal>\n")
    out.write("</transactions>\n")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child_parse(path: str) -> dict:
    from lxml import etree

    start = time.perf_counter()
    for _, el in etree.iterparse(path, events=("end",)):
        el.clear()
    return {"seconds": time.perf_counter() - start, "peak_mb": _rss_mb()}


def child_import(path: str, url: str) -> dict:
    from sqlmodel import Session

    from vfo_app.domain.access import system_actor
    from vfo_app.domain.db import make_engine
    from vfo_app.domain.migrate import upgrade_head
    from vfo_app.domain.models import Client, Identity, Office
    from vfo_app.domain.xaf.importer import import_auditfile

    upgrade_head(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        office = Office(name="Benchmark")
        person = Identity(email="bench@example.invalid", first_name="B", last_name="M")
        session.add_all([office, person])
        session.flush()
        client = Client(office_id=office.id, number="B1", name="Benchmark BV",
                        kvk_number="12345678", legal_form="BV", account_manager_id=person.id)
        session.add(client)
        session.commit()
        before = _rss_mb()
        start = time.perf_counter()
        report = import_auditfile(session, system_actor(office), client.id, path,
                                  accept_other_company=True)
        session.commit()
        seconds = time.perf_counter() - start
    assert report.ok, report.errors
    return {"seconds": seconds, "peak_mb": _rss_mb(), "rss_before_mb": before,
            "lines": report.lines}


def _run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(lines: int, postgres: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench_{lines}.xaf"
        generate(path, lines)
        size_mb = path.stat().st_size / 1e6
        parse = _run_child("parse", str(path))
        url = postgres or f"sqlite:///{tmp}/bench.db"
        if postgres:
            url = _fresh_postgres(postgres)
        try:
            imp = _run_child("import", str(path), url)
        finally:
            if postgres:
                drop_postgres(postgres, url)
    print(f"{lines:>9,} lines  {size_mb:7.1f} MB  {url.split(':')[0]:<18} "
          f"import {imp['seconds']:6.2f} s  {lines / imp['seconds']:>9,.0f} lines/s  "
          f"peak {imp['peak_mb']:5.0f} MB (before import {imp['rss_before_mb']:.0f} MB)  "
          f"bare iterparse {parse['seconds']:5.2f} s (peak {parse['peak_mb']:.0f} MB)  "
          f"ratio {imp['seconds'] / parse['seconds']:.2f}x")


def _fresh_postgres(admin_url: str) -> str:
    from sqlalchemy import create_engine, text

    name = f"vfo_bench_{os.getpid()}_{int(time.time())}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_postgres(admin_url: str, url: str) -> None:
    """Remove the throwaway database again."""
    from sqlalchemy import create_engine, text

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    engine.dispose()


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        result = child_parse(*rest) if kind == "parse" else child_import(*rest)
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--postgres", help="admin URL; a fresh database is created per run")
    args = parser.parse_args()
    for lines in args.lines:
        measure(lines, args.postgres)


if __name__ == "__main__":
    main()
