"""Tab Samenwerkingen: the catalogue, the wizard "Service activeren" and live request status.

The wizard keeps its choices in backend vars and saves nothing until the last step:
the missing client data and the collaboration are written in one transaction, so
"Annuleren" at any step leaves nothing behind. While a request is pending, a
background task re-reads the client's collaborations every few seconds, so the
accountant sees the client's answer without reloading (works with several app
instances too: the database is the source of truth, not in-process signals).
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx
from sqlalchemy.exc import IntegrityError

from vfo_app import routes
from vfo_app.domain import auth
from vfo_app.domain.advisor import services as service_domain
from vfo_app.domain.advisor.clients import main_contact
from vfo_app.domain.db import session_scope
from vfo_app.domain.errors import DomainError, ValidationFailed
from vfo_app.domain.formatting import moment, money
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products
from vfo_app.state.session import SessionState

POLL_SECONDS = 2.0
POLL_LIMIT = 30 * 60 / POLL_SECONDS  # stop watching after half an hour

_SITUATION_TEXT = {
    collabs.Situation.USES_PRODUCT: "{name} is al klant van Visma en gebruikt de dienst al. U moet "
    "de klant een verzoek sturen om uw kantoor toegang te verlenen tot de dienst.",
    collabs.Situation.CUSTOMER: "{name} is al klant van Visma, maar gebruikt de dienst nog niet. "
    "U kunt de samenwerking direct inschakelen.",
    collabs.Situation.NEW_CUSTOMER: "{name} is nog geen klant van Visma. Het bedrijf wordt "
    "aangemaakt met de gegevens van de klant en de samenwerking wordt direct ingeschakeld.",
}


def _card(card: collabs.CatalogueCard, client_id: int) -> dict[str, Any]:
    return {
        "product": card.product, "name": card.name, "description": card.description,
        "bullets": list(card.bullets),
        "variants": [{"value": v, "label": label} for v, label in card.variants],
        "state_label": card.state_label, "action": card.action,
        "active_product_name": card.active_product_name,
        "collaboration_id": card.collaboration_id or 0,
        "start_href": routes.financial_overview_url(client_id)
        if card.product == products.FINANCIAL_OVERVIEW else "",
    }


class CollaborationsState(SessionState):
    cards: list[dict[str, Any]] = rx.field(default_factory=list)
    history: list[dict[str, str]] = rx.field(default_factory=list)
    pending: list[dict[str, Any]] = rx.field(default_factory=list)
    # wizard
    step: int = 0  # 0 closed, 1 Service activeren, 2 stap 2, 3 result
    product: str = ""
    product_name: str = ""
    service_options: list[dict[str, str]] = rx.field(default_factory=list)
    contact_name: str = ""
    contact_email: str = ""
    missing: list[str] = rx.field(default_factory=list)
    errors: dict[str, str] = rx.field(default_factory=dict)
    form_key: int = 0
    preview: dict[str, Any] = rx.field(default_factory=dict)
    result_title: str = ""
    result_text: str = ""
    _client_id: int = 0
    _service_id: int = 0
    _completed: dict[str, str] = rx.field(default_factory=dict)
    _watching: bool = False

    # --- loading ------------------------------------------------------------------------

    def _refresh(self, session, actor) -> None:
        cid = self._client_id
        self.cards = [_card(c, cid) for c in collabs.catalogue(session, actor, client_id=cid)]
        self.history = [
            {"at": moment(h["at"]), "step": h["step"], "product": h["product"], "by": h["by"]}
            for h in collabs.history(session, actor, client_id=cid)
        ]
        self.pending = [
            {"id": c.id, "product": products.NAMES[c.product],
             "expires": moment(c.expires_at)}
            for c in collabs.pending_for_client(session, actor, client_id=cid)
        ]

    @rx.event
    def load(self):
        return self._load_now()

    def _load_now(self):
        self.step, self.errors = 0, {}
        client_id = self._route_id("client_id")
        if client_id is None:
            return None
        self._client_id = client_id
        try:
            with self._use_case() as (session, actor):
                collabs.expire_due(session)
                self._refresh(session, actor)
        except DomainError:
            self.cards, self.history, self.pending = [], [], []
            return None  # the page frame reports an unknown client or an ended session
        return self._watch_if_pending()

    def _watch_if_pending(self):
        return CollaborationsState.watch if self.pending and not self._watching else None

    @rx.event(background=True)
    async def watch(self):
        """Re-read while a request is pending, so an answer shows without reloading.
        One watcher per browser session, however often the event is sent."""
        async with self:
            if self._watching or not self._client_id:
                return
            self._watching = True
        rounds = 0
        while rounds < POLL_LIMIT:
            await asyncio.sleep(POLL_SECONDS)
            rounds += 1
            async with self:
                if not self.router.url.path.startswith(routes.CLIENTS):
                    break
                try:
                    with self._use_case() as (session, actor):
                        collabs.expire_due(session)
                        self._refresh(session, actor)
                except DomainError:
                    break
                if not self.pending:
                    break
        async with self:
            self._watching = False

    # --- the wizard ---------------------------------------------------------------------------

    @rx.event
    def open_wizard(self, form: dict):
        product = str(form.get("product", ""))
        try:
            prod = products.product(product)
            with self._use_case() as (session, actor):
                links = service_domain.list_client_services(session, actor, self._client_id)
                client = collabs.get_client(session, actor, self._client_id)
                contact = main_contact(session, client.id)
                self.missing = collabs.missing_client_data(session, client)
        except KeyError:
            return rx.toast.error("Kies een service.")
        except DomainError as exc:
            return self._fail(exc)
        self.product, self.product_name = prod.key, prod.name
        self.service_options = [{"value": str(s.id), "label": s.service_name} for s in links]
        self.contact_name = contact.full_name if contact else ""
        self.contact_email = contact.email if contact else ""
        self.errors, self.preview, self._completed, self._service_id = {}, {}, {}, 0
        self.form_key += 1
        self.step = 1

    @rx.event
    def cancel(self):
        self.step, self.errors, self.preview, self._completed = 0, {}, {}, {}

    @rx.event
    def next_step(self, form: dict):
        """Check step 1 (and the missing client data) without saving; show step 2."""
        service_id = str(form.get("client_service_id", ""))
        completed = {k: str(form.get(k, "")) for k in self.missing}
        errors = {} if service_id.isdigit() else {"client_service_id": "Kies een dienst."}
        try:
            with session_scope() as session:
                actor = auth.require_actor(session, self.session_token)
                try:
                    if completed:
                        collabs.complete_client_data(session, actor, client_id=self._client_id,
                                                     values=completed)
                except ValidationFailed as exc:
                    errors |= exc.errors
                preview = collabs.preview(session, actor, client_id=self._client_id,
                                          product=self.product)
                session.rollback()  # a dry run: nothing is saved before the last step
        except DomainError as exc:
            return self._fail(exc)
        if errors:
            self.errors = errors
            return None
        self.errors, self._completed, self._service_id = {}, completed, int(service_id)
        self.preview = {
            "company_name": preview.company_name, "kvk_number": preview.kvk_number,
            "product_name": preview.product_name, "situation": preview.situation.value,
            "situation_text": _SITUATION_TEXT[preview.situation].format(
                name=preview.company_name),
            "paid": preview.paid,
            "price": money(preview.price_cents) + " per maand"
            if preview.price_cents is not None else "",
            "subscription_running": preview.subscription_running,
            "needs_company_email": preview.needs_company_email,
            "is_request": preview.situation == collabs.Situation.USES_PRODUCT,
        }
        self.form_key += 1
        self.step = 2

    @rx.event
    def confirm(self, form: dict):
        """"Verzend verzoek" or "Schakel samenwerking in": one transaction, idempotent."""
        duration = str(form.get("duration_months", ""))
        try:
            with self._use_case() as (session, actor):
                if self._completed:
                    collabs.complete_client_data(session, actor, client_id=self._client_id,
                                                 values=self._completed)
                collab = collabs.start(
                    session, actor, client_id=self._client_id, product=self.product,
                    client_service_id=self._service_id,
                    invoice_recipient=str(form.get("invoice_recipient", "")),
                    duration_months=int(duration) if duration.isdigit() else None,
                    company_email=str(form.get("company_email", "")),
                )
                state = collab.state
        except ValidationFailed as exc:
            self.errors = exc.errors
            return None
        except IntegrityError:
            state = self._state_of_open_collaboration()  # a colleague was a moment earlier
        except DomainError as exc:
            return self._fail(exc)
        self._show_result(state)
        with self._use_case() as (session, actor):
            self._refresh(session, actor)
        return self._watch_if_pending()

    def _state_of_open_collaboration(self) -> str:
        with session_scope() as session:
            collab = collabs.open_collaboration(session, self._client_id, self.product)
            return collab.state if collab else ""

    def _show_result(self, state: str) -> None:
        self.errors, self.step = {}, 3
        if state == collabs.State.REQUESTED.value:
            self.result_title = "Verzoek verzonden"
            self.result_text = ("Het verzoek is verzonden naar de klant. Zodra de klant het "
                                "verzoek goedkeurt, wordt de dienst ingeschakeld.")
        else:
            self.result_title = "Samenwerking ingeschakeld"
            self.result_text = (f"De dienst {self.product_name} is ingeschakeld voor "
                                f"{self.preview.get('company_name', '')}.")

    # --- pending requests -------------------------------------------------------------------------

    def _act(self, fn, collaboration_id: int, message: str):
        try:
            with self._use_case() as (session, actor):
                fn(session, actor, collaboration_id=int(collaboration_id))
            with self._use_case() as (session, actor):
                self._refresh(session, actor)
        except DomainError as exc:
            return self._fail(exc)
        return rx.toast.success(message)

    @rx.event
    def withdraw(self, collaboration_id: int):
        return self._act(collabs.withdraw, collaboration_id, "Het verzoek is ingetrokken.")

    @rx.event
    def end(self, collaboration_id: int):
        return self._act(collabs.end, collaboration_id, "De samenwerking is beëindigd.")

    @rx.event
    def resend(self, collaboration_id: int):
        return self._act(collabs.resend, collaboration_id,
                         collabs.RESENT_ANSWER)
