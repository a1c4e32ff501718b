"""The company side of Online: which companies a client user belongs to, and in which role."""

from __future__ import annotations

from sqlmodel import Session, select

from vfo_app.domain.models import Company, CompanyMember

COMPANY_ROLE_BEHEERDER = "beheerder"
COMPANY_ROLE_GEBRUIKER = "gebruiker"


def memberships(session: Session, identity_id: int) -> list[tuple[Company, CompanyMember]]:
    return list(session.exec(
        select(Company, CompanyMember)
        .join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.identity_id == identity_id,
               CompanyMember.active == True)
        .order_by(Company.name)
    ).all())


def is_company_admin(session: Session, identity_id: int) -> bool:
    return any(m.role == COMPANY_ROLE_BEHEERDER for _, m in memberships(session, identity_id))
