"""States of the client page's tabs. Each reads the client id from the route and lets the
domain check the office on every load and event; the browser never names the client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from vfo_app import routes
from vfo_app.domain.advisor import client_details as details
from vfo_app.domain.advisor import clients
from vfo_app.domain.errors import DomainError, NotAuthenticated, NotFound, ValidationFailed
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products
from vfo_app.state.session import SessionState


def _run(state: SessionState, work: Callable[[Any, Any, int], Any], *, quiet: bool = False):
    """Run ``work(session, actor, client_id)`` for the route's client.

    Returns (ok, result_or_event). ``quiet`` is for on_load: the page frame already
    reports an unknown client, so the tabs only act on an ended session.
    """
    client_id = state._route_id("client_id")
    try:
        if client_id is None:
            raise NotFound("Deze klant bestaat niet of hoort niet bij uw kantoor.")
        with state._use_case() as (session, actor):
            return True, work(session, actor, client_id)
    except DomainError as exc:
        if quiet and not isinstance(exc, NotAuthenticated):
            return False, None
        if isinstance(exc, ValidationFailed) and "errors" in state.vars:
            state.errors = exc.errors  # shown beside the fields
        return False, state._fail(exc)


class ClientOverviewState(SessionState):
    info: dict[str, str] = rx.field(default_factory=dict)
    # "Services starten": the client's active collaborations, each with where it opens
    started: list[dict[str, str]] = rx.field(default_factory=list)

    @rx.event
    def load(self):
        return self._load_now()

    def _load_now(self):
        self.info, self.started = {}, []
        ok, result = _run(self, clients.client_overview, quiet=True)
        if not ok:
            return result
        self.info = {k: str(v) for k, v in result.items()}
        ok, active = _run(self, lambda s, a, cid: collabs.active_products(s, a, client_id=cid),
                          quiet=True)
        client_id = self._route_id("client_id")
        self.started = [
            {"name": name, "href": routes.financial_overview_url(client_id)
             if products.family_of(product) == products.FINANCIAL_OVERVIEW else ""}
            for _, product, name in (active if ok else [])
        ]


class ContactsState(SessionState):
    contacts: list[dict[str, Any]] = rx.field(default_factory=list)
    editing: int = -1  # -1 closed, 0 new, else the contact person's id
    form_key: int = 0
    values: dict[str, str] = rx.field(default_factory=dict)
    errors: dict[str, str] = rx.field(default_factory=dict)

    def _reload(self, quiet: bool = False):
        ok, result = _run(self, details.list_contact_persons, quiet=quiet)
        self.contacts = result if ok else []
        return None if ok else result

    @rx.event
    def load(self):
        return self._load_now()

    def _load_now(self):
        self.editing, self.errors = -1, {}
        return self._reload(quiet=True)

    @rx.event
    def open_new(self):
        self._open(0, {})

    @rx.event
    def open_edit(self, contact_id: int):
        person = next((c for c in self.contacts if c["id"] == contact_id), None)
        if person is not None:
            self._open(contact_id, {k: str(person[k]) for k in
                                    ("first_name", "last_name", "phone", "mobile", "email")})

    def _open(self, editing: int, values: dict[str, str]):
        self.editing, self.values, self.errors = editing, values, {}
        self.form_key += 1

    @rx.event
    def close(self):
        self.editing, self.errors = -1, {}

    @rx.event
    def save(self, form: dict):
        data = details.ContactInput.from_form(form)
        contact_id = self.editing if self.editing > 0 else None
        ok, result = _run(self, lambda s, a, cid: details.save_contact_person(
            s, a, cid, data, contact_id=contact_id))
        if not ok:
            return result
        self.editing, self.errors = -1, {}
        self._reload()
        return rx.toast.success("De contactpersoon is opgeslagen.")

    @rx.event
    def set_main(self, contact_id: int):
        ok, result = _run(self, lambda s, a, cid: details.set_main_contact(s, a, cid,
                                                                           int(contact_id)))
        if not ok:
            return result
        self._reload()
        return rx.toast.success("De hoofdcontactpersoon is gewijzigd.")


class PricingState(SessionState):
    price_list_id: str = ""
    price_list_name: str = ""
    options: list[dict[str, str]] = rx.field(default_factory=list)
    items: list[dict[str, str]] = rx.field(default_factory=list)

    def _show(self, result: dict[str, Any]) -> None:
        self.price_list_id = result["price_list_id"]
        self.price_list_name = result["price_list_name"]
        self.options, self.items = result["options"], result["items"]

    @rx.event
    def load(self):
        return self._load_now()

    def _load_now(self):
        self.items, self.price_list_name = [], ""
        ok, result = _run(self, details.client_pricing, quiet=True)
        if not ok:
            return result
        self._show(result)

    @rx.event
    def change_price_list(self, value: str):
        chosen = int(value) if str(value).isdigit() else None

        def work(session, actor, client_id):
            details.set_client_price_list(session, actor, client_id, chosen)
            return details.client_pricing(session, actor, client_id)

        ok, result = _run(self, work)
        if not ok:
            return result
        self._show(result)
        return rx.toast.success("De prijslijst is gewijzigd.")


class ContactMomentsState(SessionState):
    moments: list[dict[str, Any]] = rx.field(default_factory=list)
    form_key: int = 0
    today: str = ""
    errors: dict[str, str] = rx.field(default_factory=dict)

    def _reload(self, quiet: bool = False):
        ok, result = _run(self, details.list_contact_moments, quiet=quiet)
        self.moments = result if ok else []
        return None if ok else result

    @rx.event
    def load(self):
        return self._load_now()

    def _load_now(self):
        self.errors = {}
        self.today = clients._today().isoformat()
        self.form_key += 1
        return self._reload(quiet=True)

    @rx.event
    def save(self, form: dict):
        values = {k: str(form.get(k, "") or "") for k in ("occurred_on", "kind", "subject",
                                                         "notes")}
        ok, result = _run(self, lambda s, a, cid: details.record_contact_moment(
            s, a, cid, **values))
        if not ok:
            return result
        self.errors = {}
        self.form_key += 1  # an empty form for the next moment
        self._reload()
        return rx.toast.success("Het contactmoment is vastgelegd.")


class IndustryState(SessionState):
    sbi_code: str = ""
    branche: str = ""
    form_key: int = 0
    errors: dict[str, str] = rx.field(default_factory=dict)

    @rx.event
    def load(self):
        return self._load_now()

    def _load_now(self):
        self.errors = {}
        ok, result = _run(self, details.client_industry, quiet=True)
        if not ok:
            return result
        self.sbi_code, self.branche = result["sbi_code"], result["branche"]
        self.form_key += 1

    @rx.event
    def save(self, form: dict):
        sbi, branche = str(form.get("sbi_code", "")), str(form.get("branche", ""))

        def work(session, actor, client_id):
            details.update_industry(session, actor, client_id, sbi_code=sbi, branche=branche)
            return details.client_industry(session, actor, client_id)

        ok, result = _run(self, work)
        if not ok:
            return result
        self.errors = {}
        self.sbi_code, self.branche = result["sbi_code"], result["branche"]
        return rx.toast.success("De industriestandaard is opgeslagen.")
