"""Online, "Wie kan onze cijfers zien": for a company's Beheerders, every office employee who
can open the company's Financial Overview (why, since when, when they last looked) and the
log of every view, export and import of its figures, a page at a time.

The company and the log page come from the URL (``?bedrijf=``, ``?pagina=``): choosing another
only navigates, and the page load reads them again through the policy."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app import routes
from vfo_app.domain import figure_log
from vfo_app.domain.choices import Option
from vfo_app.domain.formatting import moment
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load


@dataclass
class ViewerRow:
    name: str
    office: str
    reasons: list[str]
    since: str
    last_looked: str  # "" when never


@dataclass
class AccessRow:
    at: str
    who: str
    office: str
    kind: str  # figure_log.VIEW | EXPORT | IMPORT
    kind_label: str
    what: str


class WhoSeesState(SessionState):
    company_id: int = 0
    company_name: str = ""
    company_options: list[Option] = rx.field(default_factory=list)
    viewers: list[ViewerRow] = rx.field(default_factory=list)
    log: list[AccessRow] = rx.field(default_factory=list)
    page: int = 1
    pages: int = 1
    total: int = 0
    error: str = ""

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        self.viewers, self.log, self.error = [], [], ""
        wanted = as_id(self._query("bedrijf"))
        page = as_id(self._query("pagina")) or 1

        outcome = self._run(lambda tx: figure_log.transparency(
            tx.session, tx.actor, wanted, page=page), tx=tx, quiet=True)
        if not outcome.ok:
            self.company_id, self.company_name, self.company_options = 0, "", []
            self.error = str(outcome.error)
            return outcome.answer
        seen = outcome.value
        self.company_id, self.company_name = seen.company_id, seen.company_name
        companies, viewers, log = seen.companies, seen.viewers, seen.log
        self.company_options = [Option(str(i), n) for i, n in companies]
        self.viewers = [ViewerRow(name=v.name, office=v.office_name, reasons=list(v.reasons),
                                  since=moment(v.since), last_looked=moment(v.last_looked))
                        for v in viewers]
        self.log = [AccessRow(at=moment(r.at), who=r.who, office=r.office_name, kind=r.kind,
                              kind_label=figure_log.KIND_LABELS.get(r.kind, r.kind),
                              what=r.what) for r in log.rows]
        self.page, self.pages, self.total = log.page, log.pages, log.total
        return None

    @rx.event
    def choose_company(self, value: str):
        return rx.redirect(routes.who_sees_url(as_id(value) or ""))

    @rx.event
    def previous_page(self):
        return rx.redirect(routes.who_sees_url(self.company_id or "", max(1, self.page - 1)))

    @rx.event
    def next_page(self):
        return rx.redirect(routes.who_sees_url(self.company_id or "",
                                               min(self.pages, self.page + 1)))
