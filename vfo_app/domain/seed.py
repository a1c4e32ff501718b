"""Demo data for `make run` and `vfo seed-demo`. Idempotent: a second run adds nothing."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from vfo_app.domain import clock
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, OFFICE_ROLE_MEDEWERKER, Actor
from vfo_app.domain.employees import create_employee, find_identity, get_or_create_office
from vfo_app.domain.models import (
    Client,
    Company,
    CompanyMember,
    CompanyProduct,
    Identity,
    MemberProduct,
    Office,
    PriceList,
    PriceListItem,
)
from vfo_app.domain.online import collaborations, products
from vfo_app.domain.online.companies import COMPANY_ROLE_BEHEERDER
from vfo_app.domain.security import hash_password
from vfo_app.domain.xaf.importer import import_auditfile

DEMO_OFFICE = "Demo Accountants"
DEMO_PASSWORD = "Demo-Advisor-2026"
DEMO_EMPLOYEES = [
    ("advisor@demo-accountants.example", "Demo", "Advisor", OFFICE_ROLE_BEHEERDER),
    ("advisor2@demo-accountants.example", "Demo", "Advisor 2", OFFICE_ROLE_MEDEWERKER),
]
# A second office, so tenant separation can be seen and tested with the demo alone.
OTHER_OFFICE = "Ander Kantoor"
OTHER_EMPLOYEE = ("jan@ander-kantoor.example", "Jan", "Anders", OFFICE_ROLE_BEHEERDER)

DEMO_LOGINS = [
    (email, DEMO_PASSWORD, f"{first} {last}", role) for email, first, last, role in DEMO_EMPLOYEES
] + [(OTHER_EMPLOYEE[0], DEMO_PASSWORD, "Jan Anders", "beheerder, Ander Kantoor")] + [
    ("frans.jansen@bsevents.example", "Demo-Klant-2026", "Frans Jansen", "Beheerder, BS Events BV"),
    ("lisa@korenschoof.example", "Demo-Klant-2026", "Lisa de Vries",
     "Beheerder, Bakkerij De Korenschoof BV"),
]

DEMO_CLIENTS = [
    {"number": "BSE", "name": "BS Events BV", "kvk_number": "11111298", "legal_form": "BV",
     "address": "HJE Wenckebachweg 200", "postcode": "1006 AK", "city": "Amsterdam",
     "country": "Nederland", "contact_first_name": "Frans", "contact_last_name": "Jansen",
     "contact_email": "frans.jansen@bsevents.example"},
    {"number": "KOR", "name": "Bakkerij De Korenschoof BV", "kvk_number": "22334455",
     "legal_form": "BV", "address": "Molenstraat 12", "postcode": "3811 AB", "city": "Amersfoort",
     "country": "Nederland", "contact_first_name": "Lisa", "contact_last_name": "de Vries",
     "contact_email": "lisa@korenschoof.example"},
    {"number": "DEM", "name": "De Bloemenhoek BV", "kvk_number": "33445566",
     "legal_form": "BV", "address": "Singel 40", "postcode": "1015 AB", "city": "Amsterdam",
     "country": "Nederland", "contact_first_name": "Bo", "contact_last_name": "Bloem",
     "contact_email": "bo@bloemenhoek.example"},
]
# Which demo client gets which demo service (by code); the owner is Demo Advisor.
DEMO_CLIENT_SERVICES = {"BSE": ["BH", "EA", "IB"], "KOR": ["EA"], "DEM": ["BH"]}
# A client that already has Financial Overview with figures, so the product shows at once.
DEMO_FIGURES = Path(__file__).parent / "demo_data" / "bloemenhoek_2018.xaf"

# The company registry ("Visma Online"): KvK-nummer, naam, own products, Beheerder.
CLIENT_PASSWORD = "Demo-Klant-2026"
DEMO_COMPANIES = [
    ("11111298", "BS Events BV", [products.FINANCIAL_OVERVIEW, products.EACCOUNTING],
     ("frans.jansen@bsevents.example", "Frans", "Jansen")),
    ("22334455", "Bakkerij De Korenschoof BV", [products.EACCOUNTING],
     ("lisa@korenschoof.example", "Lisa", "de Vries")),
]

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
    _seed_companies(session)
    _seed_overview(session, office, employees)


def _seed_advisor_data(session: Session, office: Office, employees: list[Identity]) -> None:
    """Services and the client BS Events BV (filled in with the client and service use cases)."""
    clients = _seed_clients(session, office, employees)
    _seed_services(session, office, employees, clients)


def _seed_clients(session: Session, office: Office,
                  employees: list[Identity]) -> dict[str, Client]:
    """The demo clients by klantnummer; created through the use case, skipped when present."""
    advisor = employees[0]
    actor = Actor(identity_id=advisor.id, email=advisor.email, name=advisor.full_name,
                  office_id=office.id, office_name=office.name, office_role=OFFICE_ROLE_BEHEERDER)
    result = {}
    for values in DEMO_CLIENTS:
        client = session.exec(select(Client).where(Client.office_id == office.id,
                                                   Client.number == values["number"])).first()
        if client is None:
            form = {**client_form_defaults(session, actor), **values,
                    "account_manager_id": str(advisor.id)}
            client = create_client(session, actor, ClientInput(**form))
        result[client.number] = client
    return result


# Code, naam, periode, omschrijving, activiteiten (code, naam, prijs per uur | verrichting).
DEMO_SERVICES = [
    ("BH", "Boekhouding", "Maand", "Verwerken van de administratie",
     [("10", "Boekhouding", "uur"), ("11", "Btw-aangifte", "verrichting")]),
    ("EA", "eAccounting", "Maand", "Samenwerking in Visma eAccounting",
     [("20", "eAccounting ondersteuning", "uur")]),
    ("IB", "Aangifte Inkomstenbelasting", "Jaar", "Aangifte inkomstenbelasting van de DGA",
     [("30", "Aangifte IB", "verrichting")]),
]


def _seed_services(session: Session, office: Office, employees: list[Identity],
                   clients: dict[str, Client]) -> None:
    """The demo services, linked to BS Events BV with Demo Advisor as owner. No Financial
    Overview service: a new user creates that one, as the procedure says."""
    advisor = employees[0]
    actor = Actor(identity_id=advisor.id, email=advisor.email, name=advisor.full_name,
                  office_id=office.id, office_name=office.name, office_role=OFFICE_ROLE_BEHEERDER)
    existing = {s.code: s.id for s in svc.list_services(session, actor)}
    for code, name, period, description, activities in DEMO_SERVICES:
        if code not in existing:
            existing[code] = svc.create_service(session, actor, svc.ServiceInput(
                code=code, name=name, period=period, description=description,
                activities=[svc.ActivityInput(code=c, name=n, pricing=p)
                            for c, n, p in activities],
            )).id
    for number, codes in DEMO_CLIENT_SERVICES.items():
        client = clients.get(number)
        if client is None:
            continue
        linked = {r.service_id for r in svc.list_client_services(session, actor, client.id,
                                                                  include_inactive=True)}
        for code in codes:
            if existing[code] not in linked:
                svc.add_client_service(session, actor, client.id, existing[code], advisor.id)


def _seed_companies(session: Session) -> None:
    """The registry: BS Events BV uses Financial Overview and eAccounting itself (the seed's
    Hoofddiensten), Korenschoof eAccounting."""
    for kvk, name, used, (email, first, last) in DEMO_COMPANIES:
        company = session.exec(select(Company).where(Company.kvk_number == kvk)).first()
        if company is None:
            company = Company(kvk_number=kvk, name=name, email=email)
            session.add(company)
            session.flush()
            for product in used:
                session.add(CompanyProduct(company_id=company.id, product=product))
        person = find_identity(session, email)
        if person is None:
            person = Identity(email=email, first_name=first, last_name=last,
                              password_hash=hash_password(CLIENT_PASSWORD),
                              email_verified_at=clock.now())
            session.add(person)
            session.flush()
            member = CompanyMember(company_id=company.id, identity_id=person.id,
                                   role=COMPANY_ROLE_BEHEERDER, is_main_contact=True)
            session.add(member)
            session.flush()
            for product in used:  # Mijn diensten shows the company's own services
                session.add(MemberProduct(company_member_id=member.id, product=product))


def _seed_overview(session: Session, office: Office, employees: list[Identity]) -> None:
    """De Bloemenhoek BV: Financial Overview active (Demo Advisor 2 takes part) and the
    2018 figures imported. Skipped when its collaboration exists."""
    advisor, advisor2 = employees
    actor = Actor(identity_id=advisor.id, email=advisor.email, name=advisor.full_name,
                  office_id=office.id, office_name=office.name, office_role=OFFICE_ROLE_BEHEERDER)
    client = session.exec(select(Client).where(Client.office_id == office.id,
                                               Client.number == "DEM")).first()
    if client is None or collaborations.open_collaboration(
            session, client.id, products.FINANCIAL_OVERVIEW) is not None:
        return
    [link] = svc.list_client_services(session, actor, client.id)
    svc.update_client_service(session, actor, link.id, advisor.id,
                              participant_ids=[advisor2.id])
    collaborations.start(session, actor, client_id=client.id,
                         product=products.FINANCIAL_OVERVIEW, client_service_id=link.id,
                         invoice_recipient="kantoor", duration_months=12)
    # The figures are Banana's sample made De Bloemenhoek's own (demo_data/README.md): every
    # check passes, so the demo shows no alarm that is not one.
    report = import_auditfile(session, actor, client.id, DEMO_FIGURES, source="demo")
    if not report.ok:  # the shipped file is known good; say so loudly if it ever is not
        raise RuntimeError(f"demo figures refused: {report.errors} {report.checks}")
