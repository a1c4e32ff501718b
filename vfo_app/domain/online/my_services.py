"""Mijn diensten: the products a client user may use, and opening their company's overview."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from vfo_app.domain import access
from vfo_app.domain.auth import Actor
from vfo_app.domain.models import Company, CompanyMember, MemberProduct
from vfo_app.domain.online.users import offered_products
from vfo_app.domain.overview import scope as scopes

OVERVIEW_PRODUCTS = set(access.OVERVIEW_PRODUCTS)


@dataclass(frozen=True)
class ServiceTile:
    company_id: int
    company_name: str
    product: str
    product_name: str
    opens_overview: bool  # Financial Overview that the accountant has set up: "Openen"
    not_set_up: bool = False  # Financial Overview ticked, but nothing to open yet


def my_services(session: Session, actor: Actor) -> list[ServiceTile]:
    """Per active membership, the services ticked for this user that the company still has."""
    rows = session.exec(
        select(Company, MemberProduct)
        .join(CompanyMember, CompanyMember.company_id == Company.id)
        .join(MemberProduct, MemberProduct.company_member_id == CompanyMember.id)
        .where(CompanyMember.identity_id == actor.identity_id,
               CompanyMember.active == True)
        .order_by(Company.name, MemberProduct.product)).all()
    tiles = []
    for company, granted in rows:
        offered = dict(offered_products(session, company.id))
        if granted.product in offered:
            overview = granted.product in OVERVIEW_PRODUCTS
            ready = overview and scopes.company_collaboration(session, company.id) is not None
            tiles.append(ServiceTile(company.id, company.name, granted.product,
                                     offered[granted.product], ready,
                                     not_set_up=overview and not ready))
    return tiles


def open_company_overview(session: Session, actor: Actor, *, company_id: int) -> ServiceTile:
    """Financial Overview of the user's own company, and of no other (the access policy)."""
    access.require_company_overview(session, actor, company_id)
    return next(t for t in my_services(session, actor)
                if t.company_id == company_id and t.opens_overview)
