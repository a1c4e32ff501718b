"""Mijn diensten, and a company's Financial Overview for its own users."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain import access
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound
from vfo_app.domain.online import my_services
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.scope import Scope
from vfo_app.state.dashboard import DashboardState
from vfo_app.state.session import SessionState, Tx, page_load

OWN_ENVIRONMENT = "Deze dienst opent in zijn eigen omgeving."


@dataclass
class ServiceTile:
    """One service of the user at one company, as Mijn diensten shows it."""

    company: str
    name: str
    key: str  # products key
    href: str  # "" when there is nothing to open here
    note: str = ""  # why there is nothing to open


class MyServicesState(SessionState):
    services: list[ServiceTile] = rx.field(default_factory=list)
    loaded: bool = False

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        outcome = self._run(lambda tx: my_services.my_services(tx.session, tx.actor), tx=tx)
        if not outcome.ok:
            return outcome.answer
        self.services = [
            ServiceTile(company=t.company_name, name=t.product_name, key=t.product,
                        href=routes.company_overview_url(t.company_id) if t.opens_overview
                        else "",
                        note=scopes.NOT_SET_UP if t.not_set_up else OWN_ENVIRONMENT)
            for t in outcome.value]
        self.loaded = True


class CompanyOverviewState(DashboardState, SessionState):
    """The client user's own company's Financial Overview, and no other company's."""

    def _scope(self, session: Session, actor: Actor) -> Scope:
        company_id = self._route_id("company_id")
        if company_id is None:
            raise NotFound(access.NO_COMPANY_OVERVIEW)
        return scopes.for_company_user(session, actor, company_id)

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        self.reset()  # nothing of a company shown before stays when this one is refused
        return self._show(tx=tx)
