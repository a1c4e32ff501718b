"""Client tab Contactmomenten: record one, and the list newest first."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app.domain import dates
from vfo_app.domain.advisor import client_details as details
from vfo_app.domain.advisor import clients
from vfo_app.state.session import SessionState, Tx, page_load

FORM_FIELDS = ("occurred_on", "kind", "subject", "notes")


@dataclass
class MomentRow:
    id: int
    date: str  # d-m-yyyy
    kind: str
    subject: str
    notes: str
    employee: str


class ContactMomentsState(SessionState):
    moments: list[MomentRow] = rx.field(default_factory=list)
    loaded: bool = False  # this client's data is read: until then the page shows "Laden..."
    form_key: int = 0
    today: str = ""
    errors: dict[str, str] = rx.field(default_factory=dict)

    def _reload(self, tx: Tx | None = None, quiet: bool = False):
        outcome = self._run(lambda tx: [MomentRow(**m) for m in details.list_contact_moments(
            tx.session, tx.actor, self._client_id())], tx=tx, quiet=quiet)
        self.moments = outcome.value if outcome.ok else []
        self.loaded = outcome.ok
        return outcome.answer

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._load_now(tx)

    def _load_now(self, tx: Tx):
        self.errors = {}
        self.today = dates.show(clients._today())
        self.form_key += 1
        return self._reload(tx, quiet=True)

    @rx.event
    def save(self, form: dict):
        form = form if isinstance(form, dict) else {}
        values = {k: str(form.get(k, "") or "") for k in FORM_FIELDS}
        outcome = self._run(lambda tx: details.record_contact_moment(
            tx.session, tx.actor, self._client_id(), **values))
        if not outcome.ok:
            return outcome.answer
        self.errors = {}
        self.form_key += 1  # an empty form for the next moment
        self._reload()
        return rx.toast.success("Het contactmoment is vastgelegd.")
