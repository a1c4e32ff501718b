"""Online, the client's side: the Verzoeken list where a company's Beheerders answer requests."""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app.domain.errors import DomainError
from vfo_app.domain.formatting import moment, money
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online.companies import is_company_admin
from vfo_app.state.session import SessionState, page_load

_INVOICE = {"kantoor": "Het accountantskantoor", "klant": "Uw bedrijf"}


def _row(req: dict) -> dict[str, Any]:
    terms = []
    if req["duration_months"]:
        terms.append(f"Duur overeenkomst: {req['duration_months']} maanden")
    if req["invoice_recipient"]:
        terms.append(f"Ontvanger facturen: {_INVOICE[req['invoice_recipient']]}")
    terms.append("Prijs: " + (money(req["price_cents"]) + " per maand"
                              if req["price_cents"] is not None else "gratis"))
    return {
        "id": req["id"], "office": req["office"], "company": req["company"],
        "product": req["product"], "state": req["state"], "state_label": req["state_label"],
        "terms": " · ".join(terms), "created": moment(req["created_at"]),
        "expires": moment(req["expires_at"]) if req["expires_at"] else "",
        "pending": req["state"] == collabs.State.REQUESTED.value,
    }


class RequestsState(SessionState):
    requests: list[dict[str, Any]] = rx.field(default_factory=list)
    may_answer: bool = False
    notice: str = ""

    def _reload(self, session, actor) -> None:
        self.may_answer = is_company_admin(session, actor.identity_id)
        self.requests = [_row(r) for r in collabs.company_requests(session, actor)]

    @rx.event
    @page_load(employee=False)
    def load(self):
        self.notice = ""
        try:
            with self._use_case() as (session, actor):
                self._reload(session, actor)
        except DomainError as exc:
            return self._fail(exc)

    def _answer(self, collaboration_id: int, approve: bool):
        try:
            with self._use_case() as (session, actor):
                collabs.answer(session, actor, collaboration_id=int(collaboration_id),
                               approve=approve)
            with self._use_case() as (session, actor):
                self._reload(session, actor)
        except (DomainError, ValueError, TypeError) as exc:
            return self._fail(exc) if isinstance(exc, DomainError) else None
        self.notice = ("Het verzoek is goedgekeurd. De dienst is ingeschakeld."
                       if approve else "Het verzoek is geweigerd.")

    @rx.event
    def approve(self, collaboration_id: int):
        return self._answer(collaboration_id, True)

    @rx.event
    def decline(self, collaboration_id: int):
        return self._answer(collaboration_id, False)
