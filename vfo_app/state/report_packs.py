"""Rapportages (vfo_app.domain.reports): the office composes a client's pack and publishes it;
the company's users read the published versions; the service owner's list to review; the
office's schedule."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from vfo_app import routes
from vfo_app.domain import mail
from vfo_app.domain.formatting import day, moment
from vfo_app.domain.overview import figures
from vfo_app.domain.overview.questions import ThreadView
from vfo_app.domain.reports import export, packs, schedule
from vfo_app.domain.reports import parts as P
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load

PLACEHOLDER_HELP = ("Getallen uit de cijfers van de periode: zet de naam van een kengetal "
                    "tussen accolades, bijvoorbeeld {omzet}, {omzet_vs_vorig_jaar}, "
                    "{brutomarge_pct}, {nettoresultaat}, {liquide_middelen}, {periode}.")


@dataclass
class CellRow:
    label: str
    cells: list[str]
    kind: str  # "row" | "total" | "section"


@dataclass
class PartView:
    key: str
    title: str
    columns: list[str]
    rows: list[CellRow]
    lines: list[str]
    note: str


@dataclass
class ChangeLine:
    part: str
    label: str
    old: str
    new: str
    difference: str


@dataclass
class HistoryMessage:
    who: str  # "Vraag van Rik Rapport", "Antwoord van Demo Advisor"
    from_office: bool
    text: str
    at: str


@dataclass
class HistoryThread:
    """A question on a figure of the pack's period, with what followed."""

    figure: str
    period: str
    waiting: bool  # its newest message is the client's: not yet answered
    messages: list[HistoryMessage]


@dataclass
class PackLine:
    id: int
    href: str
    title: str
    client: str
    status: str
    published: str
    scheduled: bool


@dataclass
class PartChoice:
    key: str
    title: str
    chosen: bool


@dataclass
class Option:
    value: str
    label: str


def part_views(parts: list[dict], text: str = "") -> list[PartView]:
    out = []
    for part in parts:
        rows = [CellRow(r["label"], [
            "" if r["kind"] == "section" and r["values"].get(c["key"]) is None
            else P.shown(r["unit"], r["values"].get(c["key"])) for c in part.get("columns", [])],
            r["kind"]) for r in part.get("rows", [])]
        lines = part.get("lines", [])
        if part["key"] == P.TEXT:
            lines = [b for b in text.split("\n\n") if b.strip()]
        out.append(PartView(part["key"], part["title"],
                            [c["label"] for c in part.get("columns", [])], rows, lines,
                            part.get("note", "")))
    return out


def change_lines(changes: list[P.Change]) -> list[ChangeLine]:
    out = []
    for c in changes:
        seen = P.shown_change(c)  # the precision it takes to see the change
        if seen is not None:
            out.append(ChangeLine(c.part, c.label, seen.old, seen.new, seen.difference))
    return out


def history(threads: list[ThreadView]) -> list[HistoryThread]:
    return [HistoryThread(t.figure_label, t.period_label, t.waiting, [
        HistoryMessage(("Antwoord van " if m.from_office else "Vraag van ") + m.author,
                       m.from_office, m.text, moment(m.at)) for m in t.messages])
        for t in threads]


def _line(r: packs.PackRow) -> PackLine:
    return PackLine(r.id, routes.client_pack_url(r.client_id, r.id), r.title, r.client_name,
                    r.status + (f" (versie {r.versions})" if r.versions > 1 else ""),
                    day(r.published_at.date()) if r.published_at else "–", r.scheduled)


# --- the office: a client's packs -------------------------------------------------------------


class ClientPacksState(SessionState):
    client_id: int = 0
    client_name: str = ""
    rows: list[PackLine] = rx.field(default_factory=list)
    periods: list[Option] = rx.field(default_factory=list)
    errors: dict[str, str] = rx.field(default_factory=dict)
    error: str = ""

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.client_id, self.rows, self.periods, self.errors = 0, [], [], {}

        def read(tx: Tx):
            client_id = self._client_id()
            rows = packs.office_packs(tx.session, tx.actor, client_id)
            options = []
            for imp in figures.fiscal_years(tx.session, client_id):
                sums = figures.year_sums(tx.session, client_id, imp.year)
                for month in range(figures.months_available(sums), 0, -1):
                    end = figures.month_end(sums, month)
                    options.append(Option(f"{imp.year}-{month}", _month(end)))
            from vfo_app.domain.models import Client

            return client_id, tx.session.get(Client, client_id).name, rows, options

        outcome = self._run(read, tx=tx, quiet=True)
        if not outcome.ok:
            self.error = str(outcome.error)
            return outcome.answer
        self.client_id, self.client_name, rows, self.periods = outcome.value
        self.rows, self.error = [_line(r) for r in rows], ""
        return None

    @rx.event
    def create(self, form: dict):
        form = form if isinstance(form, dict) else {}
        kind = str(form.get("period_kind") or "")
        year, _, month = str(form.get("period") or "").partition("-")
        data = packs.PackInput(kind, int(year) if year.isdigit() else None,
                               int(month) if month.isdigit() else None)

        def make(tx: Tx):
            return packs.create(tx.session, tx.actor, self._client_id(), data)

        self.errors = {}
        outcome = self._run(make)
        if not outcome.ok:
            return outcome.answer
        return rx.redirect(routes.client_pack_url(outcome.value.client_id, outcome.value.id))


def _month(end) -> str:
    from vfo_app.domain.formatting import month_name

    return f"{month_name(end.month)} {end.year}"


# --- the office: one pack -----------------------------------------------------------------------


class PackState(SessionState):
    pack_id: int = 0
    client_id: int = 0
    client_name: str = ""
    title: str = ""
    published_at: str = ""
    versions: int = 0
    restated: bool = False
    choices: list[PartChoice] = rx.field(default_factory=list)
    introduction: str = ""
    text: str = ""
    form_key: int = 0  # a new key redraws the text fields with the state's text
    intro_shown: str = ""
    text_shown: str = ""
    parts: list[PartView] = rx.field(default_factory=list)
    changes: list[ChangeLine] = rx.field(default_factory=list)
    questions: list[HistoryThread] = rx.field(default_factory=list)
    errors: dict[str, str] = rx.field(default_factory=dict)
    error: str = ""
    saved: str = ""

    def _show(self, tx: Tx, pack_id: int):
        pack = packs.get_pack(tx.session, tx.actor, pack_id)
        view = packs.preview(tx.session, tx.actor, pack_id)
        return (pack, view, packs.office_packs(tx.session, tx.actor, pack.client_id),
                packs.office_history(tx.session, tx.actor, pack_id))

    def _fill(self, value) -> None:
        pack, view, rows, threads = value
        row = next(r for r in rows if r.id == pack.id)
        self.pack_id, self.client_id, self.client_name = pack.id, pack.client_id, view.client_name
        self.title, self.versions, self.restated = view.title, row.versions, row.restated
        self.published_at = day(row.published_at.date()) if row.published_at else ""
        self.choices = [PartChoice(k, t, k in pack.parts) for k, t in P.TITLES.items()]
        self.introduction, self.text = pack.introduction, pack.text
        self.intro_shown, self.text_shown = view.introduction, view.text
        self.parts = part_views(view.parts, view.text)
        self.changes = change_lines(view.changes)
        self.questions = history(threads)
        self.form_key += 1

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.pack_id, self.parts, self.errors, self.saved = 0, [], {}, ""
        self.questions = []
        pack_id = self._route_id("pack_id")
        outcome = self._run(lambda tx: self._show(tx, pack_id), tx=tx, quiet=True)
        if not outcome.ok:
            self.error = str(outcome.error)
            return outcome.answer
        self.error = ""
        self._fill(outcome.value)
        return None

    @rx.event
    def set_introduction(self, value: str):
        self.introduction = str(value or "")[:packs.MAX_TEXT]

    @rx.event
    def set_text(self, value: str):
        self.text = str(value or "")[:packs.MAX_TEXT]

    @rx.event
    def toggle_part(self, key: str):
        self.choices = [PartChoice(c.key, c.title, (not c.chosen) if c.key == key else c.chosen)
                        for c in self.choices]

    def _input(self) -> packs.PackInput:
        return packs.PackInput(parts=tuple(c.key for c in self.choices if c.chosen),
                               introduction=self.introduction, text=self.text)

    @rx.event
    def save(self):
        pack_id, data = self._route_id("pack_id"), self._input()

        def work(tx: Tx):
            packs.update(tx.session, tx.actor, pack_id, data)
            return self._show(tx, pack_id)

        self.errors, self.saved = {}, ""
        outcome = self._run(work)
        if not outcome.ok:
            return outcome.answer
        self._fill(outcome.value)
        self.saved = "Bewaard."
        return None

    @rx.event
    def fill_summary(self):
        pack_id = self._route_id("pack_id")
        outcome = self._run(lambda tx: packs.automatic_summary(tx.session, tx.actor, pack_id))
        if not outcome.ok:
            return outcome.answer
        self.text = outcome.value
        self.form_key += 1
        self.saved = "Samenvatting ingevuld; pas hem aan en bewaar."
        return None

    @rx.event
    def publish(self):
        pack_id, data = self._route_id("pack_id"), self._input()

        def work(tx: Tx):
            packs.update(tx.session, tx.actor, pack_id, data)
            version = packs.publish(tx.session, tx.actor, pack_id)
            return version.version, self._show(tx, pack_id)

        self.errors, self.saved = {}, ""
        outcome = self._run(work)
        if not outcome.ok:
            return outcome.answer
        number, shown = outcome.value
        self._fill(shown)
        return [rx.toast.success(f"Versie {number} is gepubliceerd."), PackState.deliver_mail]

    @rx.event
    def download(self, fmt: str):
        """The newest published version as PDF or Excel."""
        fmt = "xlsx" if fmt == "xlsx" else "pdf"
        pack_id = self._route_id("pack_id")
        outcome = self._run(lambda tx: export.office_download(tx.session, tx.actor, pack_id, fmt))
        if not outcome.ok:
            return outcome.answer
        data, name, mime = outcome.value
        return rx.download(data=data, filename=name, mime_type=mime)

    @rx.event(background=True)
    async def deliver_mail(self):
        """Send the publication mail now rather than at the next tick of the timer."""
        await asyncio.to_thread(mail.deliver_now)


# --- the office: to review, and the schedule ----------------------------------------------------


class PacksReviewState(SessionState):
    rows: list[PackLine] = rx.field(default_factory=list)
    error: str = ""

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        outcome = self._run(lambda tx: packs.review_list(tx.session, tx.actor), tx=tx,
                            quiet=True)
        if not outcome.ok:
            self.rows, self.error = [], str(outcome.error)
            return outcome.answer
        self.rows, self.error = [_line(r) for r in outcome.value], ""
        return None


class PackScheduleState(SessionState):
    active: bool = False
    period_kind: str = P.MONTH
    days_after: str = "10"
    choices: list[PartChoice] = rx.field(default_factory=list)
    introduction: str = ""
    attach_pdf: bool = False
    may_change: bool = False
    form_key: int = 0
    errors: dict[str, str] = rx.field(default_factory=dict)

    def _fill(self, v: schedule.ScheduleView) -> None:
        self.active, self.period_kind, self.days_after = v.active, v.period_kind, str(v.days_after)
        self.choices = [PartChoice(k, t, k in v.parts) for k, t in P.TITLES.items()]
        self.introduction, self.attach_pdf, self.may_change = (v.introduction, v.attach_pdf,
                                                               v.may_change)
        self.form_key += 1

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.errors = {}
        outcome = self._run(lambda tx: schedule.view(tx.session, tx.actor), tx=tx)
        if not outcome.ok:
            return outcome.answer
        self._fill(outcome.value)
        return None

    @rx.event
    def save(self, form: dict):
        form = form if isinstance(form, dict) else {}
        chosen = [k for k in P.TITLES if form.get(f"part-{k}")]

        def work(tx: Tx):
            return schedule.save(
                tx.session, tx.actor, active=bool(form.get("active")),
                period_kind=str(form.get("period_kind") or ""),
                days_after=str(form.get("days_after") or ""), parts=chosen,
                introduction=str(form.get("introduction") or "")[:packs.MAX_TEXT],
                attach_pdf=bool(form.get("attach_pdf")))

        self.errors = {}
        outcome = self._run(work)
        if not outcome.ok:
            return outcome.answer
        self._fill(outcome.value)
        return rx.toast.success("Het schema is bewaard.")


# --- the company's users: published packs -----------------------------------------------------


@dataclass
class PublishedLine:
    id: int
    href: str
    title: str
    published: str
    version: int
    restated: bool


class CompanyPacksState(SessionState):
    company_id: int = 0
    rows: list[PublishedLine] = rx.field(default_factory=list)
    error: str = ""

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        company_id = self._route_id("company_id")
        outcome = self._run(lambda tx: packs.published(tx.session, tx.actor, company_id),
                            tx=tx, quiet=True)
        if not outcome.ok:
            self.rows, self.error, self.company_id = [], str(outcome.error), 0
            return outcome.answer
        self.company_id, self.error = company_id, ""
        self.rows = [PublishedLine(r.id, routes.company_pack_url(company_id, r.id), r.title,
                                   day(r.published_at.date()), r.version, r.restated)
                     for r in outcome.value]
        return None


class CompanyPackState(SessionState):
    company_id: int = 0
    title: str = ""
    office_name: str = ""
    published: str = ""
    version: int = 0
    introduction: str = ""
    parts: list[PartView] = rx.field(default_factory=list)
    restatement: str = ""
    changes: list[ChangeLine] = rx.field(default_factory=list)
    questions: list[HistoryThread] = rx.field(default_factory=list)
    error: str = ""

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        self.parts, self.changes, self.questions, self.title = [], [], [], ""
        company_id = self._route_id("company_id")
        version_id = as_id(self._route_id("version_id"))

        def read(tx: Tx):
            return (packs.read_published(tx.session, tx.actor, company_id, version_id),
                    packs.published_history(tx.session, tx.actor, company_id, version_id))

        outcome = self._run(read, tx=tx, quiet=True)
        if not outcome.ok:
            self.error = str(outcome.error)
            return outcome.answer
        view, threads = outcome.value
        self.company_id, self.error = company_id, ""
        self.title, self.office_name, self.version = view.title, view.office_name, view.version
        self.published = moment(view.published_at)
        self.introduction = view.introduction
        self.parts = part_views(view.parts, view.text)
        self.restatement = view.restatement
        self.changes = change_lines(view.changes)
        self.questions = history(threads)
        return None

    @rx.event
    def download(self, fmt: str):
        """This version as PDF or Excel, as it was published."""
        fmt = "xlsx" if fmt == "xlsx" else "pdf"
        company_id = self._route_id("company_id")
        version_id = self._route_id("version_id")
        outcome = self._run(lambda tx: export.company_download(tx.session, tx.actor, company_id,
                                                               version_id, fmt))
        if not outcome.ok:
            return outcome.answer
        data, name, mime = outcome.value
        return rx.download(data=data, filename=name, mime_type=mime)
