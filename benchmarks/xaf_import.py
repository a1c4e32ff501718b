"""Benchmark of the auditfile import: python benchmarks/xaf_import.py [--lines N ...]
[--postgres URL] [--repeat 3]

Generates a schema-valid XAF 3.2 file of N lines (streamed to a temporary file), then, each
in a fresh subprocess so that the figures do not influence each other, ``--repeat`` times in
turn, and prints the best run of each (the machine is shared; the best run is the one least
disturbed):
- a bare lxml ``iterparse`` of the file: every element's end event, each element cleared;
- the import as ``vfo import-xaf`` runs it (the real importer, ``import_auditfile``, as the
  system actor, into a database migrated by another process: Alembic is no part of an
  import), with its checks; on PostgreSQL the lines go in by COPY;
- the same import without ``run_checks`` (the checks on the import's day sums, the company
  and the neighbouring years). What the checks add is their own time, timed inside each
  import with checks, against the rest of that import (the difference between two separate
  runs is mostly the machine's noise); the best import without them is printed beside it.
  The checks the reader makes while it reads (balance per transaction, control totals) are
  part of reading and stay.
Prints wall time, lines per second, CPU time (the importer uses a second thread for the
database, so its CPU time can exceed its wall time), the ratio import / bare parse, and the
peak memory, each against its target.

Peak memory is the import process's RSS high-water mark (``resource.getrusage(RUSAGE_SELF)
.ru_maxrss``), so it includes the interpreter, SQLAlchemy and lxml themselves; the RSS just
before the import started is printed beside it.
"""

from __future__ import annotations

import argparse
import gc
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
KVK = "12345678"  # the file's and the client's, so the import runs without a confirmation


def generate(path: Path, lines: int) -> None:
    """A schema-valid XAF 3.2: header, company, 200 accounts, one journal per 100,000 lines."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<auditfile xmlns="{NS}">\n'
                  "<header><fiscalYear>2024</fiscalYear><startDate>2024-01-01</startDate>"
                  "<endDate>2024-12-31</endDate><curCode>EUR</curCode><dateCreated>2025-01-15"
                  "</dateCreated><softwareDesc>vfo benchmark</softwareDesc><softwareVersion>1"
                  f"</softwareVersion></header>\n<company><companyIdent>{KVK}</companyIdent>"
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


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child_parse(path: str) -> dict:
    from lxml import etree

    start, cpu = time.perf_counter(), _cpu()
    for _, el in etree.iterparse(path, events=("end",)):
        el.clear()
    return {"seconds": time.perf_counter() - start, "cpu": _cpu() - cpu, "peak_mb": _rss_mb()}


def child_migrate(url: str) -> dict:
    """Schema and the client, in a process of its own: Alembic is no part of an import."""
    from sqlmodel import Session

    from vfo_app.domain.db import make_engine
    from vfo_app.domain.migrate import upgrade_head
    from vfo_app.domain.models import Client, Identity, Office

    upgrade_head(url)
    with Session(make_engine(url)) as session:
        office = Office(name="Benchmark")
        person = Identity(email="bench@example.invalid", first_name="B", last_name="M")
        session.add_all([office, person])
        session.flush()
        session.add(Client(office_id=office.id, number="B1", name="Benchmark BV",
                           kvk_number=KVK, legal_form="BV", account_manager_id=person.id))
        session.commit()
    return {}


def child_import(path: str, url: str, checks: str) -> dict:
    """The real importer, as ``vfo import-xaf`` runs it; with ``checks`` "off" the import
    checks (run_checks) are left out, to measure what they add."""
    from sqlmodel import Session, select

    from vfo_app.domain.access import system_actor
    from vfo_app.domain.db import make_engine
    from vfo_app.domain.models import Client, Office
    from vfo_app.domain.xaf import importer

    gc.collect()  # as vfo import-xaf does once its modules are loaded (cli._import_xaf)
    gc.freeze()
    checks_seconds = []
    if checks == "off":
        importer.run_checks = lambda *args, **kwargs: []
    else:
        run_checks = importer.run_checks

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return run_checks(*args, **kwargs)
            finally:
                checks_seconds.append(time.perf_counter() - start)

        importer.run_checks = timed
    with Session(make_engine(url), expire_on_commit=False) as session:
        client = session.exec(select(Client).where(Client.number == "B1")).one()
        office = session.get(Office, client.office_id)
        before = _rss_mb()
        start, cpu = time.perf_counter(), _cpu()
        report = importer.import_auditfile(session, system_actor(office), client.id, path)
        session.commit()
        seconds = time.perf_counter() - start
    assert report.ok, (report.errors, report.checks)
    return {"seconds": seconds, "cpu": _cpu() - cpu, "peak_mb": _rss_mb(),
            "rss_before_mb": before, "lines": report.lines,
            "checks_seconds": sum(checks_seconds),
            "checks": [c["code"] for c in report.checks]}


def _run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _import_once(path: Path, tmp: str, postgres: str | None, checks: str) -> dict:
    if postgres:
        url = _fresh_postgres(postgres)
    else:
        url = f"sqlite:///{tmp}/bench_{checks}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{tmp}/bench_{checks}.db{suffix}").unlink(missing_ok=True)
    try:
        _run_child("migrate", url)
        return _run_child("import", str(path), url, checks)
    finally:
        if postgres:
            drop_postgres(postgres, url)


def measure(lines: int, postgres: str | None, repeat: int) -> None:
    """Each figure is the best of ``repeat`` runs (the machine is shared: the best run is the
    one least disturbed), parse and imports taking turns."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench_{lines}.xaf"
        generate(path, lines)
        size_mb = path.stat().st_size / 1e6
        runs: dict[str, list[dict]] = {"parse": [], "on": [], "off": []}
        for _ in range(repeat):
            runs["parse"].append(_run_child("parse", str(path)))
            runs["on"].append(_import_once(path, tmp, postgres, "on"))
            runs["off"].append(_import_once(path, tmp, postgres, "off"))
    parse, imp, bare = (min(runs[k], key=lambda r: r["seconds"]) for k in ("parse", "on", "off"))
    # the checks' own time inside each import with checks, against that import's time: the
    # difference of two separate runs is mostly the machine's noise at these sizes
    share = max(r["checks_seconds"] / (r["seconds"] - r["checks_seconds"]) for r in runs["on"])
    peak = max(r["peak_mb"] for r in runs["on"] + runs["off"])
    ratio = imp["seconds"] / parse["seconds"]
    extra = imp["seconds"] / bare["seconds"] - 1
    db = "postgresql (COPY)" if postgres else "sqlite"
    print(f"{lines:>9,} lines {size_mb:6.1f} MB {db:<17} import {imp['seconds']:6.2f} s "
          f"({lines / imp['seconds']:>7,.0f} lines/s, cpu {imp['cpu']:5.2f} s)  bare iterparse "
          f"{parse['seconds']:5.2f} s (cpu {parse['cpu']:5.2f} s)  ratio {ratio:.2f}x "
          f"[target <= 2.00x: {'met' if ratio <= 2 else 'NOT met'}]")
    print(f"{'':>33}checks {imp['checks_seconds']:5.2f} s in the import: they add {share:.1%} "
          f"(at most, over the runs) [target <= 10%: {'met' if share <= 0.10 else 'NOT met'}]; "
          f"best import without checks {bare['seconds']:.2f} s ({extra:+.1%})")
    print(f"{'':>33}peak RSS {peak:.0f} MB "
          f"(before the import {imp['rss_before_mb']:.0f} MB) [target <= 200 MB: "
          f"{'met' if peak <= 200 else 'NOT met'}]", flush=True)


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
        child = {"parse": child_parse, "migrate": child_migrate, "import": child_import}[kind]
        result = child(*rest)
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--postgres", help="admin URL; a fresh database is created per run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best counts")
    args = parser.parse_args()
    for lines in args.lines:
        measure(lines, args.postgres, args.repeat)


if __name__ == "__main__":
    main()
