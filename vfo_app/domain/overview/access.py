"""Who sees which client's Financial Overview, and in which version.

Employees: the owners and participants of the client's services, while Financial Overview
(or Starter) is active for the client. Client users: active members of the company with
Visma Financial Overview among their services, for the client whose collaboration with
their company is active. Everybody else: nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, select

from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, PermissionDenied
from vfo_app.domain.models import Client, Collaboration, Office
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products

EMPLOYEE, COMPANY_USER = "employee", "company_user"


@dataclass(frozen=True)
class Scope:
    client_id: int
    client_name: str
    office_name: str
    product: str
    company_id: int | None = None
    viewer: str = "employee"  # EMPLOYEE | COMPANY_USER: for whom this overview was opened

    @property
    def is_employee_view(self) -> bool:
        return self.viewer == EMPLOYEE

    @property
    def is_starter(self) -> bool:
        return self.product == products.FINANCIAL_OVERVIEW_STARTER

    @property
    def product_name(self) -> str:
        return products.NAMES[self.product]


def _active(session: Session, client_id: int) -> Collaboration | None:
    collab = collabs.open_collaboration(session, client_id, products.FINANCIAL_OVERVIEW)
    return collab if collab is not None and collab.state == collabs.State.ACTIVE.value else None


def _scope(session: Session, collab: Collaboration) -> Scope:
    client = session.get(Client, collab.client_id)
    office = session.get(Office, collab.office_id)
    return Scope(client.id, client.name, office.name if office else "", collab.product,
                 collab.company_id)


def for_employee(session: Session, actor: Actor, client_id: int) -> Scope:
    access = collabs.open_financial_overview(session, actor, client_id=client_id)
    if not access.allowed:
        raise PermissionDenied(access.reason)
    return _scope(session, _active(session, client_id))


def for_company_user(session: Session, actor: Actor, company_id: int) -> Scope:
    """The overview of the user's own company (its active collaboration's client)."""
    from vfo_app.domain.online.my_services import open_company_overview

    open_company_overview(session, actor, company_id=company_id)  # raises unless allowed
    collab = session.exec(
        select(Collaboration).where(
            Collaboration.company_id == company_id,
            Collaboration.state == collabs.State.ACTIVE.value,
            Collaboration.product.in_(
                [products.FINANCIAL_OVERVIEW, products.FINANCIAL_OVERVIEW_STARTER]))
        .order_by(Collaboration.updated_at.desc())).first()
    if collab is None:
        raise NotFound("Uw accountant heeft Visma Financial Overview nog niet voor u ingericht.")
    return replace(_scope(session, collab), viewer=COMPANY_USER)
