"""Demo data for `make run` and `vfo seed-demo`. Idempotent: a second run adds nothing."""

from __future__ import annotations

from sqlmodel import Session, select

from vfo_app.domain.auth import ROLE_BEHEERDER, ROLE_MEDEWERKER
from vfo_app.domain.employees import create_employee, find_identity, get_or_create_office
from vfo_app.domain.models import Identity, Office, PriceList, PriceListItem

DEMO_OFFICE = "Demo Accountants"
DEMO_PASSWORD = "Demo-Advisor-2026"
DEMO_EMPLOYEES = [
    ("advisor@demo-accountants.example", "Demo", "Advisor", ROLE_BEHEERDER),
    ("advisor2@demo-accountants.example", "Demo", "Advisor 2", ROLE_MEDEWERKER),
]
# A second office, so tenant separation can be seen and tested with the demo alone.
OTHER_OFFICE = "Ander Kantoor"
OTHER_EMPLOYEE = ("jan@ander-kantoor.example", "Jan", "Anders", ROLE_BEHEERDER)

DEMO_LOGINS = [
    (email, DEMO_PASSWORD, f"{first} {last}", role) for email, first, last, role in DEMO_EMPLOYEES
] + [(OTHER_EMPLOYEE[0], DEMO_PASSWORD, "Jan Anders", "beheerder, Ander Kantoor")]

PRICE_LISTS = {
    "Prijslijst 1": [
        ("FO", "Visma Financial Overview (per maand)", "per maand", 2500),
        ("FOS", "Visma Financial Overview Starter", "per maand", 0),
        ("BH", "Boekhouding", "per uur", 8500),
        ("IB", "Aangifte Inkomstenbelasting", "per verrichting", 27500),
    ],
    "Prijslijst 2": [
        ("FO", "Visma Financial Overview (per maand)", "per maand", 2000),
        ("FOS", "Visma Financial Overview Starter", "per maand", 0),
        ("BH", "Boekhouding", "per uur", 7500),
        ("IB", "Aangifte Inkomstenbelasting", "per verrichting", 24500),
    ],
}


def _employee(session: Session, office: Office, email: str, first: str, last: str,
              role: str) -> Identity:
    return find_identity(session, email) or create_employee(
        session, office=office, email=email, first_name=first, last_name=last,
        password=DEMO_PASSWORD, role=role,
    )


def _price_lists(session: Session, office: Office) -> dict[str, PriceList]:
    result = {}
    for name, items in PRICE_LISTS.items():
        pl = session.exec(
            select(PriceList).where(PriceList.office_id == office.id, PriceList.name == name)
        ).first()
        if pl is None:
            pl = PriceList(office_id=office.id, name=name)
            session.add(pl)
            session.flush()
            for article_no, description, unit, cents in items:
                session.add(PriceListItem(price_list_id=pl.id, article_no=article_no,
                                          description=description, unit=unit, price_cents=cents))
        result[name] = pl
    return result


def seed_demo(session: Session) -> None:
    office = get_or_create_office(session, DEMO_OFFICE)
    employees = [_employee(session, office, *row) for row in DEMO_EMPLOYEES]
    _price_lists(session, office)
    other = get_or_create_office(session, OTHER_OFFICE)
    _employee(session, other, *OTHER_EMPLOYEE)
    _price_lists(session, other)
    _seed_advisor_data(session, office, employees)


def _seed_advisor_data(session: Session, office: Office, employees: list[Identity]) -> None:
    """Services and the client BS Events BV (filled in with the client and service use cases)."""
