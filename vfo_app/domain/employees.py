"""Offices and their employees."""

from __future__ import annotations

from sqlmodel import Session, select

from vfo_app.domain import audit, emails, security
from vfo_app.domain.access import require_employee
from vfo_app.domain.auth import (
    OFFICE_ROLE_BEHEERDER,
    OFFICE_ROLE_MEDEWERKER,
    Actor,
)
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.models import Identity, Office, OfficeMembership


def get_or_create_office(session: Session, name: str) -> Office:
    office = session.exec(select(Office).where(Office.name == name)).first()
    if office is None:
        office = Office(name=name)
        session.add(office)
        session.flush()
    return office


def create_employee(
    session: Session,
    *,
    office: Office,
    email: str,
    first_name: str,
    last_name: str,
    password: str,
    role: str = OFFICE_ROLE_MEDEWERKER,
    actor_id: int | None = None,
) -> Identity:
    """Create an employee login for an office. Refuses an address that already exists, and a
    password that is too short or too easy to guess with the employee's name, address and
    office (``security.password_problem``), as for client users."""
    errors: dict[str, str] = {}
    email = emails.validated(email) or ""
    if not email:
        errors["email"] = "Vul een geldig e-mailadres in."
    if not first_name.strip():
        errors["first_name"] = "Voornaam is verplicht."
    if not last_name.strip():
        errors["last_name"] = "Achternaam is verplicht."
    problem = security.password_problem(password, security.password_context(
        f"{first_name} {last_name}", email, office.name))
    if problem:
        errors["password"] = problem
    if role not in (OFFICE_ROLE_BEHEERDER, OFFICE_ROLE_MEDEWERKER):
        errors["role"] = "Kies beheerder of medewerker."
    if not errors and session.exec(select(Identity).where(Identity.email == email)).first():
        errors["email"] = "Er bestaat al een gebruiker met dit e-mailadres."
    if errors:
        raise ValidationFailed(errors)
    identity = Identity(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        password_hash=security.hash_password(password),
    )
    session.add(identity)
    session.flush()
    session.add(OfficeMembership(office_id=office.id, identity_id=identity.id, role=role))
    audit.record(session, actor_id=actor_id, office_id=office.id, action="create",
                 entity="employee", entity_id=identity.id,
                 changes={"email": email, "role": role})
    return identity


def find_identity(session: Session, email: str) -> Identity | None:
    return session.exec(select(Identity).where(Identity.email == emails.normalize(email))).first()


def office_employees(session: Session, office_id: int) -> list[Identity]:
    """Active employees of an office, by name."""
    return list(
        session.exec(
            select(Identity)
            .join(OfficeMembership, OfficeMembership.identity_id == Identity.id)
            .where(OfficeMembership.office_id == office_id, Identity.is_active == True)
            .order_by(Identity.first_name, Identity.last_name)
        ).all()
    )


def list_employees(session: Session, actor: Actor) -> list[dict]:
    """Employees of the actor's office as plain dicts (id, name) for pick lists."""
    office_id = require_employee(actor)
    return [{"id": e.id, "name": e.full_name} for e in office_employees(session, office_id)]


def is_employee_of(session: Session, office_id: int, identity_id: int) -> bool:
    return (
        session.exec(
            select(OfficeMembership.id).where(
                OfficeMembership.office_id == office_id,
                OfficeMembership.identity_id == identity_id,
            )
        ).first()
        is not None
    )
