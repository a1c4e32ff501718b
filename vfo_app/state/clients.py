"""Klanten: the overview (search, sort, page) and the "Nieuwe klant" / Bewerken form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from vfo_app import routes
from vfo_app.domain.advisor import clients
from vfo_app.domain.advisor.client_input import CONTACT_EXISTING, CONTACT_NEW, ClientInput
from vfo_app.domain.choices import Option
from vfo_app.domain.errors import ValidationFailed
from vfo_app.state.session import SessionState, Tx, off_loop, page_load

PAGE_SIZE = 25
NOT_SAVED = "De klant is niet opgeslagen. Controleer de gemarkeerde velden."


@dataclass
class ClientRow:
    """One client of the Klanten list."""

    id: int
    number: str
    name: str
    kvk_number: str
    city: str
    account_manager: str


def _client_row(row: dict[str, Any]) -> ClientRow:
    return ClientRow(id=row["id"], number=row["number"], name=row["name"],
                     kvk_number=row["kvk_number"], city=row["city"],
                     account_manager=row["account_manager"])


class ClientListState(SessionState):
    query: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1
    rows: list[ClientRow] = rx.field(default_factory=list)
    total: int = 0
    total_capped: bool = False
    has_next: bool = False
    pages: int = 1

    def _search(self, tx: Tx | None = None, *, query: str | None = None,
                sort: str | None = None, descending: bool | None = None,
                page: int | None = None):
        """Search with the given changes; the page's query, order and page number change
        only when the search was allowed."""
        query = self.query if query is None else query
        sort = self.sort if sort is None else sort
        descending = self.descending if descending is None else descending
        page = self.page if page is None else page
        outcome = self._run(lambda tx: clients.search_clients(
            tx.session, tx.actor, query=query, sort=sort, descending=descending, page=page,
            page_size=PAGE_SIZE), tx=tx, reads_only=True)
        if not outcome.ok:
            self.rows = []
            return outcome.answer
        result = outcome.value
        self.query, self.sort, self.descending, self.page = query, sort, descending, page
        self.rows = [_client_row(r) for r in result.rows]
        self.total, self.total_capped = result.total, result.total_capped
        self.has_next, self.pages = result.has_next, result.pages
        return None

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._search(tx)

    # Searching, sorting and paging wait for the database in a worker thread (``off_loop``),
    # as page loads do: typing in the search box is the most frequent event of the app.
    def _new_query(self, value: str):
        return off_loop(self._search, query=("" if value is None else str(value))[:100], page=1)

    @rx.event
    async def type_query(self, value: str):
        """The search box as typed (debounced): not named set_query, which Reflex's setvar
        would call without awaiting."""
        return await self._new_query(value)

    @rx.event
    async def search(self, form: dict):
        form = form if isinstance(form, dict) else {}
        return await self._new_query(str(form.get("query") or ""))

    @rx.event
    async def sort_by(self, column: str):
        if not isinstance(column, str) or column not in clients.SORTS:
            return None
        descending = not self.descending if column == self.sort else False
        return await off_loop(self._search, sort=column, descending=descending, page=1)

    @rx.event
    async def next_page(self):
        if self.has_next:
            return await off_loop(self._search, page=self.page + 1)
        return None

    @rx.event
    async def previous_page(self):
        if self.page > 1:
            return await off_loop(self._search, page=self.page - 1)
        return None


class ClientFormState(SessionState):
    """One form for "Nieuwe klant" and "Bewerken": the route tells which."""

    form_key: int = 0  # bumped after loading, so the uncontrolled form remounts prefilled
    editing_id: int = 0
    title: str = "Nieuwe klant"
    values: dict[str, str] = rx.field(default_factory=dict)
    options: dict[str, list[Option]] = rx.field(default_factory=dict)
    errors: dict[str, str] = rx.field(default_factory=dict)
    form_error: str = ""
    show_visit: bool = False
    contact_mode: str = CONTACT_NEW
    role_count: int = 0

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        client_id = self._route_id("client_id")
        self.errors, self.form_error = {}, ""

        def read(tx: Tx) -> tuple[str, dict[str, Any], dict[str, list[Option]]]:
            if client_id is None:
                title = "Nieuwe klant"
                values = clients.client_form_defaults(tx.session, tx.actor)
            else:
                values = clients.client_form_values(tx.session, tx.actor, client_id)
                client = clients.get_client(tx.session, tx.actor, client_id)
                title = f"Klant bewerken - {client.number} {client.name}"
            return title, values, clients.client_form_options(tx.session, tx.actor, client_id)

        outcome = self._run(read, tx=tx)
        if not outcome.ok:
            self.editing_id, self.form_key = 0, 0
            return outcome.answer
        self.title, values, self.options = outcome.value
        self.editing_id = client_id or 0
        self.values = {k: str(v) for k, v in values.items() if not isinstance(v, list)}
        self.show_visit = any(values.get(k) for k in ("visit_address", "visit_postcode",
                                                       "visit_city"))
        self.contact_mode = values.get("contact_mode") or CONTACT_NEW
        self.role_count = 0
        self.form_key += 1
        return None

    @rx.event
    def submit(self, form: dict):
        client_id = self._route_id("client_id")
        data = ClientInput.from_form(form if isinstance(form, dict) else {})

        def save(tx: Tx) -> int:
            if client_id is None:
                return clients.create_client(tx.session, tx.actor, data).id
            return clients.update_client(tx.session, tx.actor, client_id, data).id

        outcome = self._run(save)
        if isinstance(outcome.error, ValidationFailed):
            # the runner put the errors beside the fields; one summary above the long form
            # says so (a toast as well would say it a third time)
            self.form_error = NOT_SAVED
            return None
        if not outcome.ok:
            return outcome.answer
        self.errors, self.form_error = {}, ""
        return [rx.redirect(routes.client_url(outcome.value)),
                rx.toast.success("De klant is opgeslagen.")]

    @rx.event
    def cancel(self):
        client_id = self._route_id("client_id")
        return rx.redirect(routes.client_url(client_id) if client_id else routes.CLIENTS)

    @rx.event
    def show_visit_address(self):
        self.show_visit = True

    @rx.event
    def set_contact_mode(self, value: str):
        if value in (CONTACT_NEW, CONTACT_EXISTING):
            self.contact_mode = value

    @rx.event
    def add_role(self):
        self.role_count = min(self.role_count + 1, 10)
