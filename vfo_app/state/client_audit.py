"""Logboek of a client (Advisor): the audit log filtered by person, part, action and date,
a page at a time, and the CSV export of everything that matches.

The filters and the page live in the URL (``?persoon=&onderdeel=&actie=&van=&tot=&pagina=``):
"Filteren" and the pager only navigate, and the load reads the log again through the policy;
the export reads the same URL's filters again in its own use case."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app import routes
from vfo_app.domain.advisor import audit_log
from vfo_app.domain.choices import Option
from vfo_app.domain.formatting import moment
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load

QUERY = {"person": "persoon", "part": "onderdeel", "action": "actie", "date_from": "van",
         "date_to": "tot"}


@dataclass
class AuditRow:
    at: str
    who: str
    part: str
    action: str
    record: str
    changes: str


class ClientAuditState(SessionState):
    client_id: int = 0
    heading: str = ""
    client_href: str = ""
    rows: list[AuditRow] = rx.field(default_factory=list)
    people: list[Option] = rx.field(default_factory=list)
    parts: list[Option] = rx.field(default_factory=list)
    actions: list[Option] = rx.field(default_factory=list)
    values: dict[str, str] = rx.field(default_factory=dict)  # the filters shown
    errors: dict[str, str] = rx.field(default_factory=dict)
    page: int = 1
    pages: int = 1
    total: int = 0
    load_error: str = ""

    def _filters(self) -> audit_log.Filters:
        return audit_log.Filters(
            person_id=as_id(self._query("persoon")), part=self._query("onderdeel")[:40],
            action=self._query("actie")[:40], date_from=self._query("van")[:10],
            date_to=self._query("tot")[:10])

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.rows, self.errors, self.load_error = [], {}, ""
        self.values = {key: self._query(name) for key, name in QUERY.items()}
        filters, page = self._filters(), as_id(self._query("pagina")) or 1

        def read(tx: Tx):
            client = audit_log.client_of(tx.session, tx.actor, self._client_id())
            return client, audit_log.client_log(tx.session, tx.actor, client.id, filters,
                                                page=page)

        outcome = self._run(read, tx=tx, quiet=True)
        if not outcome.ok:
            self.client_id, self.heading = 0, ""
            self.load_error = str(outcome.error)
            return outcome.answer
        client, log = outcome.value
        self.client_id, self.heading = client.id, f"Logboek - {client.number} {client.name}"
        self.client_href = routes.client_url(client.id)
        self.rows = [AuditRow(at=moment(r.at), who=r.who, part=r.part, action=r.action,
                              record="" if r.record_id is None else str(r.record_id),
                              changes=r.changes) for r in log.rows]
        self.people = [Option(str(i), name) for i, name in log.people]
        self.parts = [Option(k, v) for k, v in audit_log.PARTS.items()]
        self.actions = [Option(k, v) for k, v in log.actions]
        self.page, self.pages, self.total = log.page, log.pages, log.total
        self.errors = dict(log.errors)
        return None

    def _url(self, page: int = 1, **values: str) -> str:
        client_id = self._route_id("client_id") or 0
        wanted = {QUERY[k]: str(v)[:40] for k, v in values.items() if k in QUERY}
        return routes.client_audit_url(client_id, **wanted, pagina=page)

    @rx.event
    def apply_filters(self, form: dict):
        form = form if isinstance(form, dict) else {}
        return rx.redirect(self._url(**{k: str(form.get(k) or "") for k in QUERY}))

    @rx.event
    def clear_filters(self):
        return rx.redirect(self._url())

    @rx.event
    def previous_page(self):
        return rx.redirect(self._url(max(1, self.page - 1), **self.values))

    @rx.event
    def next_page(self):
        return rx.redirect(self._url(min(self.pages, self.page + 1), **self.values))

    @rx.event
    def download_csv(self):
        """Everything the URL's filters match, checked again in its own use case."""
        filters = self._filters()

        def export(tx: Tx) -> tuple[str, bytes]:
            client = audit_log.client_of(tx.session, tx.actor, self._client_id())
            return client.number, audit_log.client_log_csv(tx.session, tx.actor, client.id,
                                                           filters)

        outcome = self._run(export)
        if not outcome.ok:
            return outcome.answer
        number, data = outcome.value
        safe = "".join(ch if ch.isalnum() else "-" for ch in number).strip("-") or "klant"
        return rx.download(data=data, filename=f"logboek-{safe}.csv",
                           mime_type="text/csv")
