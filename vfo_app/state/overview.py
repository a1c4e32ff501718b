"""Visma Financial Overview of a client: who may open it is checked on every load."""

from __future__ import annotations

import reflex as rx

from vfo_app.domain.errors import DomainError
from vfo_app.domain.online import collaborations as collabs
from vfo_app.state.session import SessionState


class FinancialOverviewState(SessionState):
    allowed: bool = False
    checked: bool = False
    client_name: str = ""
    product_name: str = ""
    reason: str = ""

    @rx.event
    def load(self):
        self.allowed, self.checked, self.reason = False, False, ""
        client_id = self._route_id("client_id")
        try:
            if client_id is None:
                raise collabs.NotFound("Deze klant bestaat niet of hoort niet bij uw kantoor.")
            with self._use_case() as (session, actor):
                access = collabs.open_financial_overview(session, actor, client_id=client_id)
        except DomainError as exc:
            self.checked, self.reason = True, str(exc)
            return self._fail(exc)
        self.allowed, self.checked = access.allowed, True
        self.client_name, self.product_name, self.reason = (
            access.client_name, access.product_name, access.reason)
