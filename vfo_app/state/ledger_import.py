"""Gegevens bijwerken: upload an auditfile and import it, with a progress bar and a report.

The upload streams (``rx.upload_files_chunk``) into a temporary file, so a large file never
sits in memory and an oversized one is refused while it arrives. The import then runs in a
worker thread (``asyncio.to_thread``): the event loop stays free and the background event
holds the state lock only for the moments it writes progress, a few times per second.
The page is filled (and access asked) on load and when the upload starts; the import's one
gate is the access policy inside its own transaction (``import_auditfile``). That
transaction is the runner's, opened in the worker thread; the temporary file is removed
whatever happens.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import reflex as rx

from vfo_app import routes
from vfo_app.domain.formatting import day, moment, money, number
from vfo_app.domain.models import LedgerImport
from vfo_app.domain.overview import figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.xaf.checks import describe_company
from vfo_app.domain.xaf.importer import ImportReport, import_auditfile
from vfo_app.settings import get_settings
from vfo_app.state.session import Outcome, SessionState, Tx, page_load

UPLOAD_ID = "xaf"
MAX_UPLOAD_MB = get_settings().max_auditfile_mb
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
TOO_BIG = (f"Het bestand is groter dan {MAX_UPLOAD_MB} MB en is niet ingelezen. Exporteer "
           "één boekjaar per auditfile.")
PROGRESS_SECONDS = 0.25
UNCHANGED = "Het bestand is niet ingelezen. De bestaande cijfers zijn ongewijzigd."
_SOURCES = {"obLine": "uit openingBalance", "journaal O": "uit het beginbalansjournaal",
            "geen": "geen beginbalans"}


@dataclass
class ImportedYear:
    """A fiscal year whose figures were imported."""

    year: str
    period: str
    file: str
    lines: str
    by: str
    at: str
    href: str  # its accounts (drill-down)


@dataclass
class ReportLine:
    """A line of the import report: what (``label``) and how much or which (``value``)."""

    label: str
    value: str


@dataclass
class ImportProblem:
    """Why the file was refused, and where in it (``where`` "" when unknown)."""

    what: str
    where: str


@dataclass
class CheckRow:
    """One check of the import: ``status`` is "ok" | "warning" | "error"."""

    code: str
    status: str
    message: str


def _mismatch_question(r: ImportReport, client_name: str) -> str:
    """The question when the file seems another company's, "" when it does not."""
    for c in r.checks:
        if c.get("code") == "company_mismatch" and c.get("status") == "error":
            who = describe_company(str(c.get("file_company_name", "")),
                                   str(c.get("file_kvk", "")))
            return f"Dit bestand lijkt van {who} te zijn, niet van {client_name}. Toch inlezen?"
    return ""


def _megabytes(n: int) -> str:
    return f"{number(n / (1024 * 1024), 1)} MB"


def _year_row(client_id: int, imp: LedgerImport) -> ImportedYear:
    period = f"{day(imp.start_date)} t/m {day(imp.end_date)}" if imp.start_date else ""
    return ImportedYear(year=str(imp.year), period=period, file=imp.file_name,
                        lines=number(imp.lines_count, 0), by=imp.imported_by_name,
                        at=moment(imp.imported_at),
                        href=routes.overview_accounts_url(client_id, imp.year, "omzet"))


def _report_rows(r: ImportReport) -> list[ReportLine]:
    if not r.ok:  # counts up to the error would only confuse
        rows = [("Bestand", r.file_name), ("Boekjaar", r.fiscal_year)]
        return [ReportLine(label, value) for label, value in rows if value]
    source = _SOURCES.get(r.opening_balance_source, r.opening_balance_source)
    rows = [("Boekjaar", r.fiscal_year or (str(r.year) if r.year else "")),
            ("Bestand", r.file_name), ("Bedrijf", r.company_name),
            ("Grootboekrekeningen", number(r.ledger_accounts, 0)),
            ("Boekingen", number(r.transactions, 0)),
            ("Boekingsregels", number(r.lines, 0)),
            ("Totaal debet", money(r.debit_total_cents)),
            ("Totaal credit", money(r.credit_total_cents)),
            ("Beginbalansregels", f"{number(r.opening_balance_lines, 0)} ({source})"),
            ("Software", r.software), ("Auditfileversie", r.xaf_version)]
    return [ReportLine(label, value) for label, value in rows if value]


def _problems(r: ImportReport) -> list[ImportProblem]:
    rows = []
    for e in r.errors:
        where = []
        if e.get("element"):
            where.append(f"element <{e['element']}>")
        if e.get("line"):
            where.append(f"regel {e['line']}")
        rows.append(ImportProblem(what=str(e.get("what", "")), where=", ".join(where)))
    return rows


def _rejection_codes(files: object) -> set[str]:
    """The codes react-dropzone gave the refused files (whatever the browser sent)."""
    codes = set()
    for f in files if isinstance(files, list) else []:
        errors = f.get("errors") if isinstance(f, dict) else None
        for e in errors if isinstance(errors, list) else []:
            if isinstance(e, dict):
                codes.add(str(e.get("code", "")))
    return codes


class LedgerImportState(SessionState):
    checked: bool = False
    allowed: bool = False
    reason: str = ""
    client_name: str = ""
    overview_href: str = ""
    report_href: str = ""
    years: list[ImportedYear] = rx.field(default_factory=list)
    # the running import
    busy: bool = False
    phase: str = ""  # "" | "ontvangen" | "inlezen" | "klaar" (the bar stays, at its end)
    percent: int = 0
    progress_text: str = ""
    refused: str = ""  # a file refused before the import (too big, more than one)
    # the last import's report
    has_report: bool = False
    report_ok: bool = False
    report_rows: list[ReportLine] = rx.field(default_factory=list)
    warnings: list[str] = rx.field(default_factory=list)
    problems: list[ImportProblem] = rx.field(default_factory=list)
    checks: list[CheckRow] = rx.field(default_factory=list)
    # another company's file, kept in its temporary file until the accountant decides
    confirm_question: str = ""
    _pending_path: str = ""
    _pending_name: str = ""
    _pending_client_id: int = 0

    # --- helpers ------------------------------------------------------------------------

    def _check(self, tx: Tx | None = None) -> Outcome[int]:
        """Fill the page when the signed-in employee may update the client's figures, else
        say why not; the outcome holds the client id."""
        def read(tx: Tx) -> tuple[int, str, list[ImportedYear]]:
            client_id = self._client_id()
            scope = scopes.for_employee(tx.session, tx.actor, client_id)
            return client_id, scope.client_name, [
                _year_row(client_id, i) for i in figures.fiscal_years(tx.session, client_id)]

        outcome = self._run(read, tx=tx)
        if not outcome.ok:
            self.checked, self.allowed, self.reason = True, False, str(outcome.error)
            return Outcome(error=outcome.error, answer=outcome.answer)
        client_id, self.client_name, self.years = outcome.value
        self.overview_href = routes.financial_overview_url(client_id)
        self.checked, self.allowed, self.reason = True, True, ""
        return Outcome(value=client_id)

    def _clear_report(self) -> None:
        self.has_report, self.report_ok = False, False
        self.report_rows, self.warnings, self.problems, self.checks = [], [], [], []
        self.refused = ""
        self._drop_pending()

    def _drop_pending(self) -> None:
        """Forget (and delete) a file waiting for "Toch inlezen"."""
        if self._pending_path:
            Path(self._pending_path).unlink(missing_ok=True)
        self._pending_path, self._pending_name, self._pending_client_id = "", "", 0
        self.confirm_question = ""

    def _show_report(self, report: ImportReport) -> None:
        self.has_report, self.report_ok = True, report.ok
        self.report_rows = _report_rows(report)
        # "Naar het dashboard" opens the year just imported, not the newest one
        self.report_href = routes.financial_overview_url(self._route_id("client_id") or 0,
                                                         report.year)
        self.warnings = list(report.warnings)
        self.problems = _problems(report)
        self.checks = [CheckRow(str(c.get("code", "")), str(c.get("status", "")),
                                str(c.get("message", ""))) for c in report.checks]

    # --- events ---------------------------------------------------------------------------

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.checked = False
        if not self.busy:
            self._clear_report()
            self.phase, self.percent, self.progress_text = "", 0, ""
        return self._check(tx).answer

    @rx.event
    def rejected(self, files: list[dict]):
        """The browser refused the chosen file (too big, wrong type, more than one)."""
        codes = _rejection_codes(files)
        self._clear_report()
        if "file-too-large" in codes:
            self.refused = TOO_BIG
        elif "too-many-files" in codes:
            self.refused = "Kies één auditfile tegelijk."
        else:
            self.refused = "Kies een auditfile (.xaf of .xml)."

    @rx.event(background=True)
    async def receive(self, chunks: rx.UploadChunkIterator):
        """Store the uploaded file in a temporary file, then import it with progress."""
        async with self:
            if self.busy:
                return
            checked = self._check()
            if not checked.ok:
                return checked.answer
            client_id = checked.value
            self._clear_report()
            self.busy, self.phase, self.percent = True, "ontvangen", 0
            self.progress_text = "Bestand ontvangen…"
        path: Path | None = None
        try:
            path, name, problem = await self._store(chunks)
            if problem:
                async with self:
                    self.refused, self.progress_text = problem, "Niet ingelezen"
                return None
            return await self._import(client_id, path, name)
        finally:
            async with self:
                kept = path is not None and self._pending_path == str(path)
            if path is not None and not kept:
                path.unlink(missing_ok=True)
            async with self:
                self.busy, self.phase = False, "klaar"

    async def _store(self, chunks: rx.UploadChunkIterator) -> tuple[Path | None, str, str]:
        """(temporary file, file name, why refused); stops reading at the first problem."""
        handle, raw_path = tempfile.mkstemp(prefix="vfo-xaf-", suffix=".upload")
        path = Path(raw_path)
        name, size, last_report = "", 0, 0.0
        loop = asyncio.get_running_loop()
        with os.fdopen(handle, "wb") as out:
            async for chunk in chunks:
                if name and chunk.filename != name:
                    return path, name, "Kies één auditfile tegelijk."
                name = chunk.filename
                size += len(chunk.data)
                if size > MAX_UPLOAD_BYTES:
                    return path, name, TOO_BIG
                out.write(chunk.data)
                if loop.time() - last_report >= PROGRESS_SECONDS:
                    last_report = loop.time()
                    async with self:
                        self.progress_text = f"Bestand ontvangen: {_megabytes(size)}"
        if not name or size == 0:
            return path, name, "Kies eerst een auditfile."
        return path, Path(name).name, ""

    @rx.event(background=True)
    async def accept_other_company(self):
        """"Toch inlezen": import the kept file of another company after all."""
        async with self:
            if self.busy or not self._pending_path:
                return
            checked = self._check()
            if not checked.ok:
                self._drop_pending()
                return checked.answer
            if checked.value != self._pending_client_id:  # another client's page since
                self._drop_pending()
                return None
            path, name = Path(self._pending_path), self._pending_name
            self._pending_path, self.confirm_question = "", ""
            self.busy, self.phase, self.percent = True, "inlezen", 0
        try:
            return await self._import(checked.value, path, name, accept_other_company=True)
        finally:
            path.unlink(missing_ok=True)
            async with self:
                self.busy, self.phase = False, "klaar"

    @rx.event
    def cancel_other_company(self):
        """"Annuleren": the kept file is deleted; nothing was imported."""
        had = bool(self._pending_path)
        self._drop_pending()
        if had:
            self.progress_text = f"{UNCHANGED}"
        return rx.clear_selected_files(UPLOAD_ID)

    async def _import(self, client_id: int, path: Path, name: str, *,
                      accept_other_company: bool = False):
        seen = {"read": 0, "total": path.stat().st_size}

        def progress(read: int, total: int | None) -> None:  # called in the worker thread
            seen["read"], seen["total"] = read, total or seen["total"]

        def run_import(tx: Tx) -> ImportReport:
            return import_auditfile(tx.session, tx.actor, client_id, path, progress=progress,
                                    file_name=name, source="upload",
                                    accept_other_company=accept_other_company)

        async with self:
            self.phase, self.progress_text = "inlezen", f"{name} inlezen…"
        # The runner in the worker thread: its own transaction, the actor resolved there. It
        # only reads the state (the session token); this state has no ``errors`` form for it
        # to fill, and outside ``async with self`` the state refuses writes anyway.
        work = asyncio.ensure_future(asyncio.to_thread(self._run, run_import))
        while not work.done():
            await asyncio.wait({work}, timeout=PROGRESS_SECONDS)
            async with self:
                total = max(seen["total"], 1)
                self.percent = min(100, int(100 * seen["read"] / total))
                self.progress_text = (f"{name} inlezen: {self.percent}% "
                                      f"({_megabytes(seen['read'])} van {_megabytes(total)})")
        outcome = work.result()
        async with self:
            if not outcome.ok:
                self.checked, self.allowed, self.reason = True, False, str(outcome.error)
                return outcome.answer
            report = outcome.value
            self._show_report(report)
            question = _mismatch_question(report, self.client_name)
            if question:  # keep the file until the accountant decides
                self._pending_path, self._pending_name = str(path), name
                self._pending_client_id, self.confirm_question = client_id, question
            self.percent = 100 if report.ok else self.percent
            self.progress_text = f"{name}: {'ingelezen' if report.ok else 'niet ingelezen'}"
            checked = self._check()  # the list of years
            if not checked.ok:
                return checked.answer
        events = [rx.clear_selected_files(UPLOAD_ID)]
        if report.ok:
            events.append(rx.toast.success(f"Boekjaar {report.fiscal_year} is ingelezen."))
        return events
