"""Klanten: the overview (search, sort, page) and the "Nieuwe klant" / Bewerken form."""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app import routes
from vfo_app.domain.advisor import clients
from vfo_app.domain.advisor.client_input import CONTACT_NEW, ClientInput
from vfo_app.domain.errors import DomainError, ValidationFailed
from vfo_app.state.session import SessionState, page_load

PAGE_SIZE = 25


class ClientListState(SessionState):
    query: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1
    rows: list[dict[str, Any]] = rx.field(default_factory=list)
    total: int = 0
    total_capped: bool = False
    has_next: bool = False
    pages: int = 1

    def _search(self):
        try:
            with self._use_case() as (session, actor):
                result = clients.search_clients(
                    session, actor, query=self.query, sort=self.sort,
                    descending=self.descending, page=self.page, page_size=PAGE_SIZE)
        except DomainError as exc:
            self.rows = []
            return self._fail(exc)
        self.rows = result.rows
        self.total, self.total_capped = result.total, result.total_capped
        self.has_next, self.pages = result.has_next, result.pages

    @rx.event
    @page_load(employee=True)
    def load(self):
        return self._search()

    def _new_query(self, value: str):
        self.query = str(value)[:100]
        self.page = 1
        return self._search()

    @rx.event
    def set_query(self, value: str):
        return self._new_query(value)

    @rx.event
    def search(self, form: dict):
        return self._new_query(str(form.get("query", "")))

    @rx.event
    def sort_by(self, column: str):
        if column not in clients.SORTS:
            return
        self.descending = not self.descending if column == self.sort else False
        self.sort, self.page = column, 1
        return self._search()

    @rx.event
    def next_page(self):
        if self.has_next:
            self.page += 1
            return self._search()

    @rx.event
    def previous_page(self):
        if self.page > 1:
            self.page -= 1
            return self._search()


class ClientFormState(SessionState):
    """One form for "Nieuwe klant" and "Bewerken": the route tells which."""

    form_key: int = 0  # bumped after loading, so the uncontrolled form remounts prefilled
    editing_id: int = 0
    title: str = "Nieuwe klant"
    values: dict[str, str] = rx.field(default_factory=dict)
    options: dict[str, list[dict[str, str]]] = rx.field(default_factory=dict)
    errors: dict[str, str] = rx.field(default_factory=dict)
    form_error: str = ""
    show_visit: bool = False
    contact_mode: str = CONTACT_NEW
    role_count: int = 0

    @rx.event
    @page_load(employee=True)
    def load(self):
        client_id = self._route_id("client_id")
        self.errors, self.form_error = {}, ""
        try:
            with self._use_case() as (session, actor):
                if client_id is None:
                    values = clients.client_form_defaults(session, actor)
                    self.title = "Nieuwe klant"
                else:
                    values = clients.client_form_values(session, actor, client_id)
                    client = clients.get_client(session, actor, client_id)
                    self.title = f"Klant bewerken - {client.number} {client.name}"
                self.options = clients.client_form_options(session, actor, client_id)
        except DomainError as exc:
            self.editing_id, self.form_key = 0, 0
            return self._fail(exc)
        self.editing_id = client_id or 0
        self.values = {k: str(v) for k, v in values.items() if not isinstance(v, list)}
        self.show_visit = any(values.get(k) for k in ("visit_address", "visit_postcode",
                                                       "visit_city"))
        self.contact_mode = values.get("contact_mode") or CONTACT_NEW
        self.role_count = 0
        self.form_key += 1

    @rx.event
    def submit(self, form: dict):
        client_id = self._route_id("client_id")
        data = ClientInput.from_form(form)
        try:
            with self._use_case() as (session, actor):
                if client_id is None:
                    client = clients.create_client(session, actor, data)
                else:
                    client = clients.update_client(session, actor, client_id, data)
                new_id = client.id
        except ValidationFailed as exc:
            self.errors = exc.errors
            self.form_error = "De klant is niet opgeslagen. Controleer de gemarkeerde velden."
            return self._fail(exc)
        except DomainError as exc:
            return self._fail(exc)
        self.errors, self.form_error = {}, ""
        return [rx.redirect(routes.client_url(new_id)),
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
        if value in ("Nieuw", "Aanwezig"):
            self.contact_mode = value

    @rx.event
    def add_role(self):
        self.role_count = min(self.role_count + 1, 10)
