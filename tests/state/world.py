"""Two tenants side by side, built through the domain's own use cases.

Kantoor Noordhuis (the victim in the authorization matrix):
- Nora Noordhuis, beheerder; accountmanager of Zilverreiger Bouw BV and owner of its
  Financial Overview service. Nick Noordman, medewerker, serves no client.
- Zilverreiger Bouw BV: Financial Overview active (company "Zilverreiger Bouw BV" made by the
  collaboration), a year of figures (the Banana auditfile), a comment by Nora, a budget, a
  contact moment; a Visma Scanner request waiting for the company's answer.
- Company users: Frans Zilverberg (Beheerder, Financial Overview) and Gerda Zilverstein
  (Gebruiker, Financial Overview).

Kantoor Zuidema (the attacker's side): Sven Zuidema (beheerder, serves Buizerd Advies BV),
Sanne Zuidhof (medewerker); Buizerd Advies BV with Financial Overview active; company users
Bea Buizerd (Beheerder) and Bob Buizerd (Gebruiker).

Everyone has a session already (``World.tokens``): logging in is not what these tests test,
and the database snapshot then holds every session before the first event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from tests.conftest import PASSWORD, actor_of, make_employee, make_office
from vfo_app.domain import api_keys, auth, clock, mail
from vfo_app.domain.advisor.clients import search_text_of
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, OFFICE_ROLE_MEDEWERKER, Actor
from vfo_app.domain.models import (
    BudgetLine,
    Client,
    ClientService,
    Collaboration,
    Company,
    CompanyMember,
    CompanyProduct,
    ContactMoment,
    ContactPerson,
    FigureQuestion,
    FigureQuestionMessage,
    Identity,
    LedgerAccount,
    Office,
    PriceList,
    PriceListItem,
    ServiceDefinition,
)
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products, users
from vfo_app.domain.online.users import UserInput
from vfo_app.domain.overview import comments
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.reports import packs
from vfo_app.domain.reports import schedule as pack_schedule
from vfo_app.domain.xaf.importer import import_auditfile

FO = products.FINANCIAL_OVERVIEW
XAF = (Path(__file__).resolve().parents[1] / "fixtures" / "xaf"
       / "BananaAccounting__Netherlands__auditfile_v3.2_nl_20180101_20181231.xaf")
COMMENT_TEXT = "Omzet stijgt door de nieuwe zaal van Zilverreiger."
QUESTION_TEXT = "Waarom daalt de omzet van Zilverreiger in maart?"
PACK_TEXT = "Inleiding van de rapportage voor Zilverreiger."

# The people, by the key the tests use.
NORA, NICK, FRANS, GERDA = "nora", "nick", "frans", "gerda"
SVEN, SANNE, BEA, BOB = "sven", "sanne", "bea", "bob"


@dataclass
class Tenant:
    office_id: int
    office_name: str
    client_id: int
    client_name: str
    client_number: str
    company_id: int
    company_name: str
    client_service_id: int
    service_id: int  # the office's service definition "Financial Overview"
    overview_id: int  # the active Financial Overview collaboration
    contact_id: int
    price_list_id: int
    members: dict[str, int] = field(default_factory=dict)  # person -> company member id
    request_id: int = 0  # a collaboration request waiting for the company
    comment_id: int = 0
    question_id: int = 0  # Frans's question on Omzet (Vraag over dit cijfer)
    pack_id: int = 0  # a draft report pack (February): the office's only
    version_id: int = 0  # the published version of another pack (March)
    contact_moment_id: int = 0
    account: str = "1000"  # a ledger account (its number) of the imported year
    year: int = 0
    api_key_id: int = 0  # an API key of the office (Instellingen > API-sleutels)


@dataclass
class World:
    noord: Tenant  # the victim
    zuid: Tenant  # the other tenant
    identities: dict[str, int]
    names: dict[str, str]  # person -> full name
    emails: dict[str, str]
    tokens: dict[str, str]  # person -> session token (the cookie)
    built_at: datetime  # the tests run at a fixed moment a few minutes later

    def secrets_of_noord(self) -> list[str]:
        """What nobody outside Kantoor Noordhuis and its company may ever see."""
        return [self.noord.client_name, self.noord.company_name, "Zilverreiger",
                self.names[NORA], self.names[FRANS], self.names[GERDA],
                self.emails[FRANS], self.emails[GERDA], COMMENT_TEXT, QUESTION_TEXT, PACK_TEXT]

    def figures_secrets(self) -> list[str]:
        """What a colleague who does not serve the client may not see: the story on the
        figures and who may read them."""
        return [COMMENT_TEXT, QUESTION_TEXT, PACK_TEXT, self.emails[FRANS], self.emails[GERDA]]


def _client(db: Session, actor: Actor, *, number: str, name: str, kvk: str, contact: str
            ) -> tuple[Client, ClientService, ContactPerson, PriceList]:
    pl = PriceList(office_id=actor.office_id, name=f"Prijslijst {number}")
    db.add(pl)
    db.flush()
    db.add(PriceListItem(price_list_id=pl.id, article_no="FO", description="FO", price_cents=2500))
    client = Client(office_id=actor.office_id, number=number, name=name, kvk_number=kvk,
                    legal_form="BV", account_manager_id=actor.identity_id, price_list_id=pl.id,
                    address="Hoofdweg 1", postcode="1006 AK", city="Amsterdam",
                    country="Nederland")
    client.search_text = search_text_of(client)
    db.add(client)
    db.flush()
    first, last = contact.split(" ", 1)
    person = ContactPerson(client_id=client.id, first_name=first, last_name=last,
                           email=f"{first.lower()}@{number.lower()}.example", is_main=True)
    db.add(person)
    svc = ServiceDefinition(office_id=actor.office_id, code=f"FO{number}",
                            name="Financial Overview", period="Maand")
    db.add(svc)
    db.flush()
    link = ClientService(client_id=client.id, service_id=svc.id, owner_id=actor.identity_id)
    db.add(link)
    db.flush()
    return client, link, person, pl


def _tenant(db: Session, owner: Actor, *, number: str, name: str, kvk: str, contact: str,
            admin: tuple[str, str, str], user: tuple[str, str, str]) -> Tenant:
    client, link, person, pl = _client(db, owner, number=number, name=name, kvk=kvk,
                                       contact=contact)
    collab = collabs.start(db, owner, client_id=client.id, product=FO,
                           client_service_id=link.id, invoice_recipient="kantoor",
                           duration_months=12)
    db.flush()
    company_id = collab.company_id
    members = {}
    for (key, full_name, email), role in ((admin, "beheerder"), (user, "gebruiker")):
        first_name, last_name = full_name.split(" ", 1)
        outcome = users.create_user(db, owner, company_id=company_id, data=UserInput(
            email=email, first_name=first_name, last_name=last_name, role=role,
            products=(FO,)))
        members[key] = outcome.member_id
    db.flush()
    return Tenant(office_id=owner.office_id, office_name=owner.office_name,
                  client_id=client.id, client_name=client.name, client_number=client.number,
                  company_id=company_id, company_name=db.get(Company, company_id).name,
                  client_service_id=link.id, service_id=link.service_id,
                  overview_id=collab.id, contact_id=person.id, price_list_id=pl.id,
                  members=members)


def _figures(db: Session, owner: Actor, tenant: Tenant) -> None:
    report = import_auditfile(db, owner, tenant.client_id, XAF, accept_other_company=True)
    assert report.ok, report.errors
    tenant.year = int(report.fiscal_year)
    scope = scopes.for_employee(db, owner, tenant.client_id)
    tenant.comment_id = comments.add_comment(db, owner, scope, year=tenant.year, target="omzet",
                                             month=3, text=COMMENT_TEXT).id
    tenant.account = db.exec(select(LedgerAccount.account_id).where(
        LedgerAccount.client_id == tenant.client_id, LedgerAccount.category == "omzet")
        .order_by(LedgerAccount.id)).first()


def _request(db: Session, owner: Actor, tenant: Tenant) -> None:
    """The company uses Visma Scanner already: starting it sends a request to its Beheerders."""
    db.add(CompanyProduct(company_id=tenant.company_id, product=products.SCANNER))
    db.flush()
    collab = collabs.start(db, owner, client_id=tenant.client_id, product=products.SCANNER,
                           client_service_id=tenant.client_service_id,
                           invoice_recipient="kantoor", duration_months=12)
    assert collab.state == collabs.State.REQUESTED.value
    tenant.request_id = collab.id


def build(engine: Engine) -> World:
    """The two tenants in the (migrated, empty) database of ``engine``."""
    from datetime import date

    built_at = clock.now()
    with Session(engine, expire_on_commit=False) as db:
        noord_office = make_office(db, "Kantoor Noordhuis")
        zuid_office = make_office(db, "Kantoor Zuidema")
        people: dict[str, tuple[Identity, Office | None, str | None]] = {}
        for key, office, email, role, first, last in (
            (NORA, noord_office, "nora@noordhuis.example", OFFICE_ROLE_BEHEERDER, "Nora", "Noordhuis"),
            (NICK, noord_office, "nick@noordhuis.example", OFFICE_ROLE_MEDEWERKER, "Nick", "Noordman"),
            (SVEN, zuid_office, "sven@zuidema.example", OFFICE_ROLE_BEHEERDER, "Sven", "Zuidema"),
            (SANNE, zuid_office, "sanne@zuidema.example", OFFICE_ROLE_MEDEWERKER, "Sanne", "Zuidhof"),
        ):
            people[key] = (make_employee(db, office, email, role=role, first_name=first,
                                         last_name=last), office, role)
        db.commit()
        nora = actor_of(*people[NORA])
        sven = actor_of(*people[SVEN])
        noord = _tenant(db, nora, number="ZLV", name="Zilverreiger Bouw BV", kvk="11111298",
                        contact="Carla Reiger",
                        admin=(FRANS, "Frans Zilverberg", "frans@zilverreiger.example"),
                        user=(GERDA, "Gerda Zilverstein", "gerda@zilverreiger.example"))
        zuid = _tenant(db, sven, number="BZD", name="Buizerd Advies BV", kvk="22334455",
                       contact="Dirk Buizer",
                       admin=(BEA, "Bea Buizerd", "bea@buizerd.example"),
                       user=(BOB, "Bob Buizerd", "bob@buizerd.example"))
        db.commit()
        _figures(db, nora, noord)
        _request(db, nora, noord)
        db.add(BudgetLine(client_id=noord.client_id, year=noord.year, month=1,
                          category="omzet", amount_cents=1_000_000))
        moment = ContactMoment(client_id=noord.client_id, employee_id=nora.identity_id,
                               occurred_on=date(2026, 1, 5), kind="Telefoon",
                               subject="Jaarrekening Zilverreiger besproken")
        db.add(moment)
        db.flush()
        noord.contact_moment_id = moment.id
        noord.api_key_id = api_keys.create_key(db, nora, "Boekhoudpakket Noordhuis").id
        frans_id = db.get(CompanyMember, noord.members[FRANS]).identity_id
        question = FigureQuestion(client_id=noord.client_id, company_id=noord.company_id,
                                  year=noord.year, month=3, figure_key="kpi:omzet",
                                  figure_label="Omzet", asked_by_id=frans_id)
        db.add(question)
        db.flush()
        db.add(FigureQuestionMessage(question_id=question.id, author_id=frans_id,
                                     text=QUESTION_TEXT))
        noord.question_id = question.id
        for month in (3, 2):
            pack = packs.create(db, nora, noord.client_id, packs.PackInput(
                "month", noord.year, month, ("kengetallen", "tekst"), PACK_TEXT, "{omzet}"))
            if month == 3:
                noord.version_id = packs.publish(db, nora, pack.id).id
        noord.pack_id = pack.id
        pack_schedule.save(db, nora, active=False, period_kind="month", days_after="10",
                           parts=["kengetallen"], introduction="Hierbij {periode} voor Noordhuis.",
                           attach_pdf=False)
        db.commit()
        mail.deliver_pending(db)  # the outbox settled: nothing is waiting to be sent
        db.commit()

        identities = {key: ident.id for key, (ident, _, _) in people.items()}
        for tenant in (noord, zuid):
            for key, member_id in tenant.members.items():
                identities[key] = db.get(CompanyMember, member_id).identity_id
        names, emails, tokens = {}, {}, {}
        for key, identity_id in identities.items():
            identity = db.get(Identity, identity_id)
            names[key], emails[key] = identity.full_name, identity.email
            tokens[key] = auth.start_session(db, identity)
        db.commit()
        assert db.exec(select(Collaboration).where(
            Collaboration.id == noord.overview_id)).one().state == "actief"
    return World(noord=noord, zuid=zuid, identities=identities, names=names, emails=emails,
                 tokens=tokens, built_at=built_at)


__all__ = ["PASSWORD", "World", "build"]
