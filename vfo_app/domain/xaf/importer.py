"""Import an auditfile into the ledger tables of a client's fiscal year.

Why it is built this way: the year is replaced inside a SAVEPOINT of the caller's transaction
(delete, then insert), so a refused file or a failed check rolls back to the old figures and
the caller's commit decides the rest; a killed process commits nothing.

Speed (the design choice, measured with benchmarks/xaf_import.py; target: at most 2x a bare
lxml iterparse of the same file, peak RSS at most 200 MB at a million lines):
- the reader hands over plain tuples per transaction (reader.py, "Why per transaction");
- a second thread writes them while the reader parses on (``_BackgroundWriter``), in
  batches of ``LINE_BATCH``: on SQLite one ``INSERT ... SELECT ... FROM json_each(?)`` per
  batch, so the insert and the index upkeep run in C without the GIL (``executemany`` takes
  the GIL back after every row and then waits up to 5 ms for the parser to let go: that
  made the import 2.7x the bare parse at a million lines); on PostgreSQL one ``COPY ... FROM
  STDIN`` per batch through psycopg 3 (``cursor.copy``), the batch written as CSV in C (one
  %-format per line, ``_csv``; the csv module took three times as long under the GIL), the
  thread waiting while the server inserts, indexes and checks the lines' import (psycopg's
  ``write_row`` ran Python code per row under the GIL: the writer fell behind);
- the day sums (LedgerDaySum) are summed as the batches pass to the database and written in
  one go, not a GROUP BY over a million fresh lines at the end; the checks read those few
  thousand rows, never the lines;
- the indexes stay in place during the load: dropping them would lock the table every
  client shares; SQLite gets a 32 MB page cache for the import (64 MB made no difference in
  speed and took the peak RSS past 200 MB at a million lines);
- PostgreSQL, where its time went (CPU of the server's backend for a COPY of 100,000 lines,
  measured 2026-12-01): about 1.2 s, of which about 0.4 s the per-row check of the foreign
  key to ledgerimport and 0.1 to 0.2 s ix_ledgerline_date. Each batch goes in sorted by
  account (``_line_writer``): about 1.0 s in a bare COPY; in the import itself the gain was
  smaller, and at a million lines within the noise (12.0 s against 12.2 s, busy machine).
  Since migration 0010 neither is there (about 0.4 s less server CPU per 100,000 lines in a
  replayed COPY). ix_ledgerline_date served no query: the drill-down and the delete of a
  year's lines go by ix_ledgerline_agg, which starts with import_id. The foreign key's
  integrity stays with the database, by triggers: a statement's new lines are checked once
  per COPY (a transition table, one join against ledgerimport, taking the KEY SHARE lock on
  those import rows that the foreign key took, so a concurrent delete waits and then sees
  the lines), about 0.1 s per 100,000 lines; and an import that still has lines cannot be
  deleted or get another id. Both raise a foreign key violation, as the key did. On SQLite
  the same triggers run per line (as its foreign key did). A year's lines are only ever
  written here, for the import row this transaction created or updated (so it holds that
  row's lock), and deleted here before that year is written again; nothing deletes an
  import (tests/integration/test_xaf_import.py checks that no line outlives its import).
  Weighed and left: taking the foreign key off for the load and validating it once after,
  inside the import, takes an exclusive lock on the table every client shares, and VALIDATE
  reads every client's lines; a staging table and ``INSERT ... SELECT`` checks every row all
  the same (1.6 s for that INSERT alone); ``SET LOCAL synchronous_commit = off`` would save
  about 2 ms at the commit (the WAL is flushed while the COPY runs), could lose an import the
  report called done if the server crashed just after, and the transaction is the caller's.
Measured 2026-12-01 on a shared 2-core machine (benchmarks/README.md has the load of each
run): SQLite 1.70x at 100,000 lines (2.57x when the machine was busy), 1.76x at 1,000,000;
PostgreSQL 2.20x at 100,000 and 1.85x at 1,000,000; peak RSS 154 MB at a million lines; the
checks add 0.1 to 4 %. Before: SQLite 3.3x and 2.66x, 203 MB. After migration 0010 and
``gc.freeze()`` in vfo import-xaf (no machine was quiet; a core was taken by others): the
PostgreSQL import of 100,000 lines a quarter faster than before in ten interleaved rounds
(median 1.61 s against 2.16 s; ratio 2.0-2.5x at that load, best 1.29x), the checks 2-3 %.
"""

from __future__ import annotations

import csv
import io
import json
import os
import queue
import sqlite3
import threading
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import delete, insert, text
from sqlmodel import Session

from vfo_app.domain import access, audit, clock, figure_log
from vfo_app.domain.auth import Actor
from vfo_app.domain.models import (
    Client,
    LedgerAccount,
    LedgerDaySum,
    LedgerImport,
    LedgerLine,
    LedgerParty,
)
from vfo_app.domain.reports.packs import after_import
from vfo_app.domain.xaf.checks import refusing, run_checks
from vfo_app.domain.xaf.classify import classify
from vfo_app.domain.xaf.ledger import (
    TrialBalanceRow,
    corrections_of,
    correctors_of,
    party_kinds,
    reclassify_by_lines,
    reclassify_by_parties,
    result_cents,
    trial_balance,
    year_import,
)
from vfo_app.domain.xaf.reader import (
    LINE_COLUMNS,
    Account,
    Header,
    Party,
    Problem,
    Summary,
    XafReader,
    XafRefused,
)

__all__ = ["ImportReport", "TrialBalanceRow", "import_auditfile", "result_cents",
           "trial_balance"]

Progress = Callable[[int, int | None], None]
# How an import came in (LedgerImport.source): the upload page, ``vfo import-xaf``, the push
# API, the demo seed.
SOURCES = ("upload", "cli", "api", "demo")
LINE_BATCH = 10_000  # lines per write: few enough hand-overs between threads, little memory


@dataclass
class ImportReport:
    """What the import did, or why the file was refused (``errors`` then non-empty)."""

    ok: bool
    file_name: str = ""
    fiscal_year: str = ""
    year: int | None = None
    ledger_accounts: int = 0
    transactions: int = 0
    lines: int = 0
    debit_total: str = "0.00"  # euros, exact, as text
    credit_total: str = "0.00"
    debit_total_cents: int = 0
    credit_total_cents: int = 0
    opening_balance_lines: int = 0
    opening_balance_source: str = "geen"
    company_name: str = ""
    software: str = ""
    xaf_version: str = ""
    encoding: str = ""
    warnings: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    # {"code", "status", "message", ...} (vfo_app.domain.xaf.checks); an "error" refused it
    checks: list[dict[str, Any]] = field(default_factory=list)
    last_booking_date: str = ""  # ISO date of the last booking, "" when none

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _euros(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _report(name: str, summary: Summary | None, header: Header | None, *, ok: bool,
            year: int | None = None, problems: list[Problem] = ()) -> ImportReport:
    s = summary or Summary()
    h = header or Header()
    return ImportReport(
        ok=ok, file_name=name, fiscal_year=h.fiscal_year, year=year, ledger_accounts=s.accounts,
        transactions=s.transactions, lines=s.lines, debit_total=_euros(s.debit_cents),
        credit_total=_euros(s.credit_cents), debit_total_cents=s.debit_cents,
        credit_total_cents=s.credit_cents, opening_balance_lines=s.opening_lines,
        opening_balance_source=s.opening_source, company_name=s.company_name,
        software=h.software, xaf_version=h.xaf_version, encoding=s.encoding,
        warnings=list(s.warnings), errors=[p.as_dict() for p in problems])


def _open(source: str | os.PathLike | BinaryIO, stack: ExitStack) -> tuple[BinaryIO, str,
                                                                          int | None]:
    """(binary stream, file name, size in bytes if known)."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        return stack.enter_context(path.open("rb")), path.name, path.stat().st_size
    name = Path(str(getattr(source, "name", "") or "")).name
    try:
        size = os.fstat(source.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        size = len(source.getbuffer()) if hasattr(source, "getbuffer") else None
    return source, name, size


def fiscal_year_number(header: Header) -> int | None:
    """The year as a number: the file's fiscalYear if it is one, else the start date's year
    (the reader's ``year`` where it has settled a fiscalYear that disagrees with the dates)."""
    if header.year is not None:
        return header.year
    label = header.fiscal_year.strip()
    if len(label) == 4 and label.isdigit():
        return int(label)
    return header.start_date.year if header.start_date else None


def import_auditfile(session: Session, actor: Actor, client_id: int,
                     fileobj_or_path: str | os.PathLike | BinaryIO, *,
                     progress: Progress | None = None, file_name: str | None = None,
                     accept_other_company: bool = False, source: str = "") -> ImportReport:
    """Replace the client's fiscal year with the auditfile's figures, or refuse with a report.

    Raises NotFound / PermissionDenied when the actor may not; a bad file is not an
    exception but a report with ``ok=False`` and ``errors``, and leaves the old figures. So
    does a check with status "error" (another company's file, unless
    ``accept_other_company``): the report then holds the checks and no errors. ``source``
    is one of ``SOURCES``, kept with the import (tests may leave it empty)."""
    if source and source not in SOURCES:
        raise ValueError(f"unknown import source {source!r}")
    client = access.require_ledger(session, actor, client_id)
    with ExitStack() as stack:
        raw, name, size = _open(fileobj_or_path, stack)
        name = file_name or name
        job = _Import(session, actor, client, name, source)
        reader = XafReader(raw, progress=(lambda n: progress(n, size)) if progress else None,
                           batch_size=LINE_BATCH)
        _roomy_sqlite_cache(session)
        savepoint = session.begin_nested()
        try:
            job.run(reader)
        except XafRefused as exc:
            savepoint.rollback()
            return _report(name, exc.summary, reader.header, ok=False, year=job.year,
                           problems=exc.problems)
        except BaseException:
            savepoint.rollback()
            raise
        checks = run_checks(session, job.client, job.imp, reader.summary,
                            accept_other_company=accept_other_company)
        if refusing(checks):  # nothing of the file stays, the old figures are as they were
            savepoint.rollback()
            report = _report(name, reader.summary, reader.header, ok=False, year=job.year)
            report.checks = checks
            return report
        job.imp.checks = checks
        session.add(job.imp)
        session.flush()
        savepoint.commit()
    after_import(session, client.id, job.year)  # a published pack whose figures changed
    report = _report(name, reader.summary, reader.header, ok=True, year=job.year)
    report.checks = checks
    when = job.imp.last_booking_date
    report.last_booking_date = when.isoformat() if when else ""
    return report


def _roomy_sqlite_cache(session: Session) -> None:
    """SQLite's default 2 MB page cache makes index inserts of a million lines seek the disk;
    64 MB keeps the indexes in memory (PostgreSQL manages its own buffers)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA cache_size = -32768"))


class _BackgroundWriter:
    """Writes line batches on a second thread while the reader parses the next ones.

    Half of an import's work is the database inserting lines and maintaining its indexes;
    the write functions of ``_line_writer`` do it with the GIL released, so it overlaps the
    parse (see the module's docstring). The queue is short, so memory stays flat. Only one
    thread uses the connection at a time: the importer waits for
    the writer before it touches the database itself, and the caller's rollback comes only
    after ``close``."""

    def __init__(self, write: Callable[[list], None], depth: int = 4) -> None:
        self._write = write
        self._queue: queue.Queue[list | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._cancelled = False
        self._thread: threading.Thread | None = threading.Thread(
            target=self._work, name="xaf-lines", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while (rows := self._queue.get()) is not None:
            try:
                if self._error is None and not self._cancelled:
                    self._write(rows)
            except BaseException as exc:
                self._error = exc
            finally:
                self._queue.task_done()
        self._queue.task_done()

    def put(self, rows: list) -> None:
        self._raise()
        self._queue.put(rows)

    def wait(self) -> None:
        """Block until every batch so far is written; re-raise the writer's error."""
        self._queue.join()
        self._raise()

    def close(self, *, cancel: bool = False) -> None:
        """Finish (or, with ``cancel``, drop) what is queued and end the thread; idempotent."""
        if self._thread is not None:
            self._cancelled = cancel
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        if not cancel:
            self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error


# The sqlite3 driver's own date adapter is deprecated (Python 3.12); this one writes the ISO
# text SQLAlchemy's Date type writes and reads, so bulk-inserted dates read back as dates.
sqlite3.register_adapter(date, date.isoformat)

_LINES = f"{LedgerLine.__tablename__} (import_id, {', '.join(LINE_COLUMNS)})"


class _DaySums:
    """The lines summed per account, opening flag and day as they pass to the database, for
    LedgerDaySum: a few thousand rows at the end instead of a GROUP BY over a million fresh
    lines (which took PostgreSQL seconds, after the last line, on the import's critical path)."""

    def __init__(self) -> None:
        self.sums: dict[tuple[str, bool, str | None], list[int]] = {}

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        sums = self.sums
        for account_id, _j, _t, _n, day, _p, _d, cents, opening in rows:
            key = (account_id, opening, day)
            found = sums.get(key)
            if found is None:
                sums[key] = found = [0, 0, 0]
            if cents > 0:
                found[0] += cents
            else:
                found[1] -= cents
            found[2] += 1

    def rows(self, import_id: int) -> list[tuple[Any, ...]]:
        return [(import_id, account_id, opening, day, debit, credit, lines)
                for (account_id, opening, day), (debit, credit, lines) in self.sums.items()]


_by_account = itemgetter(0)  # of a line tuple (LINE_COLUMNS)
# A line as CSV for COPY, by one %-format per line in C: the texts quoted (account, journal,
# type, number, date, description), the numbers and the flag bare ("True" is a boolean too).
_CSV_LINE = '"%s","%s","%s","%s","%s",%s,"%s",%s,%s'
_CSV_QUOTES = 2 * _CSV_LINE.count('"%s"')


def _csv(rows: list[tuple[Any, ...]], import_id: int) -> str:
    """The batch as COPY's CSV. The %-format is a third of the csv module's time (taken from
    the parser, under the GIL); it is only right while no text holds a double quote and no
    value is None (a date or period missing), so any extra quote or a "None" (even a
    description that says None) sends the batch through the csv module, which quotes
    and leaves NULLs empty."""
    text = "\n".join(map(f"{int(import_id)},{_CSV_LINE}".__mod__, rows))
    if text.count('"') == _CSV_QUOTES * len(rows) and "None" not in text:
        return text + "\n"
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(
        map((int(import_id),).__add__, rows))
    return out.getvalue()


def _line_writer(session: Session, import_id: int, days: _DaySums) -> _BackgroundWriter:
    """How the reader's line tuples reach the database (see the module's docstring); on the
    way, ``days`` sums them."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # One COPY per batch, the batch written as CSV in C (``_csv``, no Python code per
        # row: psycopg's write_row took the GIL from the parser for each row); the thread
        # then waits while the server inserts, indexes and checks the lines' import.
        # Strings are quoted, so "" stays an empty string; a missing date or period is NULL.
        # Each batch goes in sorted by account (a stable sort, so an account's lines keep
        # their file order and the drill-down's tie-break on id): the server's insert into
        # ix_ledgerline_agg, which starts with the account, then stays on a few leaf pages
        # instead of jumping between two hundred; that took up to a fifth off its CPU in a
        # bare COPY of 100,000 lines (see the module's docstring), and an account's lines
        # lie together for the drill-down.
        driver = conn.connection.driver_connection
        copy_sql = (f"COPY {_LINES} FROM STDIN WITH (FORMAT csv, FORCE_NULL (entry_date, "
                    "period))")

        def copy(rows: list[tuple[Any, ...]]) -> None:
            days.add(rows)
            rows.sort(key=_by_account)
            with driver.cursor() as cursor, cursor.copy(copy_sql) as stream:
                stream.write(_csv(rows, import_id))

        return _BackgroundWriter(copy)
    # SQLite: one statement per batch, the batch one JSON text (json_each), so the whole
    # insert, index upkeep included, runs in C without the GIL, beside the parser;
    # executemany would take the GIL back after every row and wait for the parser to let go.
    columns = ", ".join(f"value ->> {i}" for i in range(len(LINE_COLUMNS)))
    sql = f"INSERT INTO {_LINES} SELECT {int(import_id)}, {columns} FROM json_each(?)"
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def insert(rows: list[tuple[Any, ...]]) -> None:
        days.add(rows)
        conn.exec_driver_sql(sql, (dumps(rows),))

    return _BackgroundWriter(insert)


class _Import:
    """One import's writes: the year row, its accounts, its lines."""

    def __init__(self, session: Session, actor: Actor, client: Client, name: str,
                 source: str = "") -> None:
        self.session = session
        self.source = source
        self.actor = actor
        self.client = client
        self.name = name
        self.year: int | None = None
        self.imp: LedgerImport | None = None
        self.known: set[str] = set()
        self.corrections: dict[str, str] = {}
        self.corrected_by: dict[str, str] = {}
        self.party_kinds: dict[str, str] | None = None
        self.lines: _BackgroundWriter | None = None
        self.days = _DaySums()

    def run(self, reader: XafReader) -> None:
        try:
            for kind, payload in reader.items():
                if kind == "lines" and self.lines is not None:
                    self.lines.put(payload)
                    continue
                if self.lines is not None:
                    self.lines.wait()  # the connection is this thread's again
                if kind == "header":
                    self._start_year(payload)
                elif self.imp is None:
                    raise XafRefused([Problem("Geen <header> vóór de gegevens: dit is geen "
                                              "geldige auditfile.", "header", None)],
                                     reader.summary)
                elif kind == "accounts":
                    self._insert_accounts(payload)
                elif kind == "parties":
                    self._insert_parties(payload)
            if self.lines is not None:
                self.lines.close()
            self._finish(reader.summary)
        finally:  # a refused file: stop writing before the caller rolls back
            if self.lines is not None:
                self.lines.close(cancel=True)

    def _start_year(self, header: Header) -> None:
        self.year = fiscal_year_number(header)
        if self.year is None:
            raise XafRefused([Problem("Het boekjaar staat niet in de header (fiscalYear of "
                                      "startDate).", "header", None)])
        imp = year_import(self.session, self.client.id, self.year)
        if imp is not None:  # importing a year again replaces it, in this transaction
            self.session.execute(delete(LedgerDaySum).where(LedgerDaySum.import_id == imp.id))
            self.session.execute(delete(LedgerLine).where(LedgerLine.import_id == imp.id))
            self.session.execute(delete(LedgerAccount).where(LedgerAccount.import_id == imp.id))
            self.session.execute(delete(LedgerParty).where(LedgerParty.import_id == imp.id))
        imp = imp or LedgerImport(client_id=self.client.id, year=self.year)
        imp.fiscal_year, imp.start_date, imp.end_date = (header.fiscal_year, header.start_date,
                                                         header.end_date)
        imp.software, imp.software_version = header.software, header.software_version
        imp.xaf_version, imp.file_name = header.xaf_version, self.name[:255]
        imp.currency = (header.currency or "EUR")[:3].upper()
        imp.imported_at = clock.now()
        imp.imported_by_id = None if access.is_system(self.actor) else self.actor.identity_id
        imp.imported_by_name = self.actor.name[:200]
        # Other bytes now: the push that sets the hash again is the only one that knows it.
        imp.content_sha256, imp.source = "", self.source
        self.session.add(imp)
        self.session.flush()
        self.imp = imp
        self.corrections = corrections_of(self.session, self.client.id)
        self.corrected_by = correctors_of(self.session, self.client.id)
        self.days = _DaySums()
        self.lines = _line_writer(self.session, imp.id, self.days)

    def _insert_accounts(self, accounts: list[Account]) -> None:
        rows = [self._account_row(a.account_id, a.description, a.account_type, a.codes)
                for a in accounts if a.account_id not in self.known
                and not self.known.add(a.account_id)]
        if rows:
            self.session.execute(insert(LedgerAccount.__table__), rows)

    def _insert_parties(self, parties: list[Party]) -> None:
        """Customers and suppliers, with their 4.0 opening and closing balances."""
        self.session.execute(insert(LedgerParty.__table__), [
            {"import_id": self.imp.id, "client_id": self.client.id, "party_id": p.party_id,
             "name": p.name, "kind": p.kind, "opening_cents": p.opening_cents,
             "closing_cents": p.closing_cents} for p in parties])

    def _account_row(self, account_id: str, description: str, account_type: str,
                     codes: list[str]) -> dict[str, Any]:
        if self.party_kinds is None:  # the file's customers and suppliers come before
            self.party_kinds = party_kinds(self.session, self.imp.id)
        kind = self.party_kinds.get(account_id)
        c = classify(account_id, account_type, codes, self.corrections.get(account_id),
                     description=description, party=(kind, account_id) if kind else None,
                     corrected_by=self.corrected_by.get(account_id, ""))
        return {"import_id": self.imp.id, "client_id": self.client.id, "account_id": account_id,
                "description": description, "account_type": account_type,
                "rgs_code_file": c.rgs_code_file[:100], "rgs_code": c.rgs_code[:40],
                "section": c.section, "category": c.category, "classified_by": c.source,
                "corrected": c.source == "correctie", "classification_basis": c.basis}

    def _sum_days(self) -> None:
        """The day sums gathered on the way in (``_DaySums``), written in one go."""
        rows = self.days.rows(self.imp.id)
        if not rows:
            return
        columns = ("import_id", "account_id", "is_opening", "entry_date", "debit_cents",
                   "credit_cents", "lines")
        conn = self.session.connection()
        if conn.dialect.name == "postgresql":
            with conn.connection.driver_connection.cursor() as cursor, cursor.copy(
                    f"COPY {LedgerDaySum.__tablename__} ({', '.join(columns)}) FROM STDIN"
            ) as stream:
                for row in rows:
                    stream.write_row(row)
            return
        conn.exec_driver_sql(f"INSERT INTO {LedgerDaySum.__tablename__} ({', '.join(columns)}) "
                             f"VALUES ({', '.join('?' * len(columns))})", rows)

    def _finish(self, summary: Summary) -> None:
        missing = sorted(summary.accounts_in_lines - self.known)
        if missing:
            summary.warnings.append(
                f"{len(missing)} rekening(en) komen voor in boekingen maar niet in het "
                f"grootboek: {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}; "
                "ingedeeld op rekeningnummer.")
            self.session.execute(insert(LedgerAccount.__table__),
                                 [self._account_row(a, "", "", []) for a in missing])
        reclassify_by_parties(self.session, self.imp.id)  # customers listed after the ledger
        self._sum_days()
        reclassify_by_lines(self.session, self.imp.id, summary.line_parties)
        imp = self.imp
        imp.company_name = summary.company_name
        imp.accounts_count = len(self.known) + len(missing)
        imp.transactions_count, imp.lines_count = summary.transactions, summary.lines
        imp.opening_lines_count = summary.opening_lines
        imp.debit_total_cents, imp.credit_total_cents = summary.debit_cents, summary.credit_cents
        imp.warnings = list(summary.warnings)
        imp.last_booking_date = summary.last_booking_date
        self.session.add(imp)
        audit.record(self.session, actor_id=imp.imported_by_id, office_id=self.client.office_id,
                     action="import", entity="ledger_import", entity_id=imp.id,
                     changes={"client_id": self.client.id, "year": self.year,
                              "file_name": self.name, "lines": summary.lines})
        figure_log.record_import(self.session, identity_id=imp.imported_by_id,
                                 client_id=self.client.id,
                                 what=f"Auditfile {self.name}, boekjaar {self.year}")
        self.session.flush()
