"""Online, the client's side: the Verzoeken list where a company's Beheerders answer requests."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app.domain import access
from vfo_app.domain.formatting import moment, money
from vfo_app.domain.online import collaborations as collabs
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load

_INVOICE = {"kantoor": "Het accountantskantoor", "klant": "Uw bedrijf"}
APPROVED = "Het verzoek is goedgekeurd. De dienst is ingeschakeld."
DECLINED = "Het verzoek is geweigerd."


@dataclass
class RequestRow:
    """One request as the Verzoeken list shows it."""

    id: int
    office: str
    company: str
    product: str
    state: str  # collaborations.State value
    state_label: str
    terms: str
    created: str
    expires: str
    pending: bool


def _row(req: dict) -> RequestRow:
    terms = []
    if req["duration_months"]:
        terms.append(f"Duur overeenkomst: {req['duration_months']} maanden")
    if req["invoice_recipient"]:
        terms.append(f"Ontvanger facturen: {_INVOICE[req['invoice_recipient']]}")
    terms.append("Prijs: " + (money(req["price_cents"]) + " per maand"
                              if req["price_cents"] is not None else "gratis"))
    return RequestRow(
        id=req["id"], office=req["office"], company=req["company"], product=req["product"],
        state=req["state"], state_label=req["state_label"], terms=" · ".join(terms),
        created=moment(req["created_at"]),
        expires=moment(req["expires_at"]) if req["expires_at"] else "",
        pending=req["state"] == collabs.State.REQUESTED.value)


class RequestsState(SessionState):
    requests: list[RequestRow] = rx.field(default_factory=list)  # waiting for an answer
    answered: list[RequestRow] = rx.field(default_factory=list)  # answered, expired, withdrawn
    may_answer: bool = False
    notice: str = ""

    def _reload(self, tx: Tx | None = None):
        def read(tx: Tx) -> tuple[bool, list[RequestRow]]:
            return (access.is_any_company_admin(tx.session, tx.actor),
                    [_row(r) for r in collabs.company_requests(tx.session, tx.actor)])
        outcome = self._run(read, tx=tx)
        if outcome.ok:
            self.may_answer, rows = outcome.value
            self.requests = [r for r in rows if r.pending]
            # a collaboration switched on without a request is no request (Mijn diensten)
            self.answered = [r for r in rows if not r.pending and r.expires]
            self.waiting_requests = len(self.requests) if self.may_answer else 0
        return outcome.answer

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        self.notice = ""
        return self._reload(tx)

    def _answer_request(self, collaboration_id: int, approve: bool):
        outcome = self._run(lambda tx: collabs.answer(
            tx.session, tx.actor, collaboration_id=as_id(collaboration_id), approve=approve))
        if not outcome.ok:
            return outcome.answer
        self.notice = APPROVED if approve else DECLINED
        return self._reload()

    @rx.event
    def approve(self, collaboration_id: int):
        return self._answer_request(collaboration_id, True)

    @rx.event
    def decline(self, collaboration_id: int):
        return self._answer_request(collaboration_id, False)
