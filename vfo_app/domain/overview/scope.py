"""The scope of an opened Financial Overview: which client, for whom, in which version.

Who may open it is the access policy's question (``vfo_app.domain.access``); this module
only resolves what was opened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from vfo_app.domain import access
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound
from vfo_app.domain.models import Client, Collaboration, CollaborationState, Office
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
    office_id: int | None = None  # the client's office

    @property
    def is_employee_view(self) -> bool:
        return self.viewer == EMPLOYEE

    @property
    def is_starter(self) -> bool:
        return self.product == products.FINANCIAL_OVERVIEW_STARTER

    @property
    def product_name(self) -> str:
        return products.NAMES[self.product]


def _scope(session: Session, collab: Collaboration, client: Client | None = None,
           office_name: str | None = None) -> Scope:
    """``client`` and ``office_name`` when the caller has them (no query for them again)."""
    client = client if client is not None and client.id == collab.client_id \
        else session.get(Client, collab.client_id)
    if office_name is None:
        office = session.get(Office, collab.office_id)
        office_name = office.name if office else ""
    return Scope(client.id, client.name, office_name, collab.product, collab.company_id,
                 office_id=collab.office_id)


def for_employee(session: Session, actor: Actor, client_id: int) -> Scope:
    """The overview of a client, for an employee the access policy admits.

    A page load asks this more than once in one transaction (the page's scope, then each use
    case that rechecks it, such as the comments): the policy's answer is kept on the session
    until it writes anything, commits or rolls back (``_forget_checked``), so the second ask
    costs no queries. A refusal is never kept: it is asked again."""
    key = (actor.identity_id, actor.office_id, client_id)
    checked = session.info.get(_CHECKED)
    if checked is not None and key in checked:
        return checked[key]
    admitted = access.require_figures(session, actor, client_id)
    # the admitted client is of the actor's own office: its name is the actor's
    scope = _scope(session, admitted.collaboration, admitted.client,
                   actor.office_name if actor.office_id == admitted.client.office_id else None)
    session.info.setdefault(_CHECKED, {})[key] = scope
    return scope


_CHECKED = "overview_scopes_checked"


@event.listens_for(OrmSession, "after_flush")
@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_rollback")
@event.listens_for(OrmSession, "after_soft_rollback")
def _forget_checked(session, *_args) -> None:
    session.info.pop(_CHECKED, None)


NOT_SET_UP = "Uw accountant heeft Visma Financial Overview nog niet voor u ingericht."


def company_collaboration(session: Session, company_id: int) -> Collaboration | None:
    """The company's active Financial Overview collaboration: without one nothing opens."""
    return session.exec(
        select(Collaboration).where(
            Collaboration.company_id == company_id,
            Collaboration.state == CollaborationState.ACTIVE.value,
            Collaboration.product.in_(access.OVERVIEW_PRODUCTS))
        .order_by(Collaboration.updated_at.desc())).first()


def for_company_user(session: Session, actor: Actor, company_id: int) -> Scope:
    """The overview of the user's own company (its active collaboration's client)."""
    access.require_company_overview(session, actor, company_id)
    collab = company_collaboration(session, company_id)
    if collab is None:
        raise NotFound(NOT_SET_UP)
    return replace(_scope(session, collab), viewer=COMPANY_USER)


def recheck(session: Session, actor: Actor, scope: Scope) -> Scope:
    """The scope resolved again for this actor: a scope held by a page is never trusted on its
    own, and one for another client than it names is refused as unknown."""
    if scope.is_employee_view:
        fresh = for_employee(session, actor, scope.client_id)
    elif scope.company_id is not None:
        fresh = for_company_user(session, actor, scope.company_id)
    else:
        raise NotFound()
    if fresh.client_id != scope.client_id:
        raise NotFound()
    return fresh
