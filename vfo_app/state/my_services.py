"""Mijn diensten, a company's Financial Overview for its own users, and the development
mailbox (only while no SMTP server is configured)."""

from __future__ import annotations

from typing import Any

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain import mail
from vfo_app.domain.access import require_employee
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import DomainError, NotFound
from vfo_app.domain.formatting import moment
from vfo_app.domain.online import my_services
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.scope import Scope
from vfo_app.settings import get_settings
from vfo_app.state.dashboard import DashboardState
from vfo_app.state.session import SessionState, page_load


class MyServicesState(SessionState):
    services: list[dict[str, Any]] = rx.field(default_factory=list)
    loaded: bool = False

    @rx.event
    @page_load(employee=False)
    def load(self):
        try:
            with self._use_case() as (session, actor):
                tiles = my_services.my_services(session, actor)
        except DomainError as exc:
            return self._fail(exc)
        self.services = [
            {"company": t.company_name, "name": t.product_name, "key": t.product,
             "href": routes.company_overview_url(t.company_id) if t.opens_overview else ""}
            for t in tiles]
        self.loaded = True


class CompanyOverviewState(DashboardState, SessionState):
    """The client user's own company's Financial Overview, and no other company's."""

    def _scope(self, session: Session, actor: Actor) -> Scope:
        company_id = self._route_id("company_id")
        if company_id is None:
            raise NotFound("U hebt geen toegang tot Visma Financial Overview van dit bedrijf.")
        return scopes.for_company_user(session, actor, company_id)

    @rx.event
    @page_load(employee=False)
    def load(self):
        self.checked = False
        return self._show()


class MailboxState(SessionState):
    """Development only: with SMTP configured the page shows nothing and says so."""

    enabled: bool = False
    messages: list[dict[str, str]] = rx.field(default_factory=list)

    @rx.event
    @page_load(employee=False)
    def load(self):
        self.enabled = not get_settings().smtp_configured
        self.messages = []
        if not self.enabled:
            return
        try:
            with self._use_case() as (session, actor):
                require_employee(actor)
                mail.deliver_pending(session)
                rows = mail.mailbox(session)
        except DomainError as exc:
            return self._fail(exc)
        self.messages = [{"id": str(r.id), "to": r.to_email, "subject": r.subject,
                          "at": moment(r.created_at), "text": r.text_body} for r in rows]
