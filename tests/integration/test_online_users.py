"""Gebruikers of a company: who may manage them, the invariants, linking, activation."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import pytest
from sqlmodel import Session, select

from tests.conftest import actor_of
from tests.integration.test_collaborations import make_client, make_company
from vfo_app.domain import access, auth
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.models import (
    ClientServiceParticipant,
    Collaboration,
    CompanyMember,
    Identity,
    MemberProduct,
    OutboxMessage,
)
from vfo_app.domain.online import activation, my_services, products, users
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online.users import UserInput
from vfo_app.domain.tokens import InvalidLink

FO = products.FINANCIAL_OVERVIEW
PASSWORD = "Een-Sterk-Wachtwoord-2026"


@dataclass
class World:
    company_id: int
    other_company_id: int
    client_service_id: int
    advisor: Actor  # serves the client (owner of its service)
    colleague: Actor  # same office, serves nothing
    stranger: Actor  # employee of another office
    frans: Actor  # Beheerder and main contact of the company
    other_admin: Actor  # Beheerder of another company


def _link_company(db: Session, actor: Actor, kvk: str, number: str, admin_email: str):
    client, link = make_client(db, actor, kvk=kvk, number=number)
    company, admin = make_company(db, kvk, products.EACCOUNTING, admin_email=admin_email)
    collabs.start(db, actor, client_id=client.id, product=FO, client_service_id=link.id,
                  invoice_recipient="kantoor", duration_months=12)
    db.commit()
    return company, admin, link


@pytest.fixture
def world(db, office_admin, office_employee, other_office_admin) -> World:
    company, frans, link = _link_company(db, office_admin, "11111298", "BSE", "frans@bse.example")
    other, other_admin, _ = _link_company(db, other_office_admin, "22334455", "KOR",
                                          "lisa@kor.example")
    return World(company.id, other.id, link.id, office_admin, office_employee,
                 other_office_admin, frans, other_admin)


def sophie(**kw) -> UserInput:
    values = {"email": "sophie.mulder@bsevents.nl", "first_name": "Sophie",
              "last_name": "Mulder", "role": "beheerder", "products": (FO,)} | kw
    return UserInput(**values)


def _add_user(db, world, actor=None, **kw):
    outcome = users.create_user(db, actor or world.advisor, company_id=world.company_id,
                                data=sophie(**kw))
    db.commit()
    return outcome


def _gebruiker(db, world) -> Actor:
    outcome = _add_user(db, world, email="gert@bsevents.nl", first_name="Gert",
                        role="gebruiker", products=())
    member = db.get(CompanyMember, outcome.member_id)
    return actor_of(db.get(Identity, member.identity_id), None)


def _token_of(db, address: str) -> str:
    row = db.exec(select(OutboxMessage).where(OutboxMessage.to_email == address)
                  .order_by(OutboxMessage.id.desc())).first()
    link = next(w for w in row.text_body.split() if "/activeren?token=" in w)
    return parse_qs(urlparse(link).query)["token"][0]


# --- who may manage -----------------------------------------------------------------------


def test_companies_of_the_clients_an_employee_serves(db, world):
    assert [c.name for c in users.manageable_companies(db, world.advisor)] == ["Bedrijf 11111298"]
    assert users.manageable_companies(db, world.colleague) == []
    assert [c.id for c in users.manageable_companies(db, world.stranger)] == \
        [world.other_company_id]
    assert [c.relation for c in users.manageable_companies(db, world.frans)] == ["Beheerder"]


def test_a_participant_serves_the_client_too(db, world):
    db.add(ClientServiceParticipant(client_service_id=world.client_service_id,
                                    identity_id=world.colleague.identity_id))
    db.commit()
    assert access.may_manage_company_users(db, world.colleague, world.company_id)
    _add_user(db, world, actor=world.colleague)


def test_an_ended_collaboration_ends_the_employees_access(db, world):
    row = db.exec(select(Collaboration).where(Collaboration.company_id == world.company_id)).one()
    collabs.end(db, world.advisor, collaboration_id=row.id)
    db.commit()
    with pytest.raises(NotFound):
        users.list_users(db, world.advisor, company_id=world.company_id)


def _actions(world, member_id: int):
    cid = world.company_id
    return {
        "list": lambda db, a: users.list_users(db, a, company_id=cid),
        "create": lambda db, a: users.create_user(db, a, company_id=cid,
                                                  data=sophie(email="x@bsevents.nl")),
        "update": lambda db, a: users.update_user(db, a, company_id=cid, member_id=member_id,
                                                  role="gebruiker", is_main_contact=False,
                                                  products_=()),
        "deactivate": lambda db, a: users.deactivate_user(db, a, company_id=cid,
                                                          member_id=member_id),
        "resend": lambda db, a: users.resend_activation(db, a, company_id=cid,
                                                        member_id=member_id),
        "change_email": lambda db, a: users.change_email(db, a, company_id=cid,
                                                         member_id=member_id,
                                                         email="y@bsevents.nl"),
        "products": lambda db, a: users.products_for(db, a, cid),
    }


@pytest.mark.parametrize("action", ["list", "create", "update", "deactivate", "resend",
                                    "change_email", "products"])
@pytest.mark.parametrize("who", ["colleague", "stranger", "gebruiker", "other_admin"])
def test_nobody_else_manages_users(db, world, who, action):
    member_id = _add_user(db, world).member_id
    actor = _gebruiker(db, world) if who == "gebruiker" else getattr(world, who)
    before = db.exec(select(OutboxMessage)).all()
    with pytest.raises(NotFound):
        _actions(world, member_id)[action](db, actor)
    db.rollback()
    assert len(db.exec(select(OutboxMessage)).all()) == len(before)
    member = db.get(CompanyMember, member_id)
    assert (member.role, member.active) == ("beheerder", True)


@pytest.mark.parametrize("who", ["advisor", "frans"])
@pytest.mark.parametrize("action", ["list", "create", "update", "deactivate", "resend",
                                    "change_email", "products"])
def test_serving_employee_and_beheerder_manage_users(db, world, who, action):
    member_id = _add_user(db, world).member_id
    _actions(world, member_id)[action](db, getattr(world, who))
    db.commit()


def test_a_member_of_another_company_is_unknown_here(db, world):
    other_member = db.exec(select(CompanyMember).where(
        CompanyMember.company_id == world.other_company_id)).one()
    with pytest.raises(NotFound):
        users.deactivate_user(db, world.advisor, company_id=world.company_id,
                              member_id=other_member.id)


# --- creating, linking and the invariants --------------------------------------------------


def test_create_sends_an_activation_link_and_lists_the_user(db, world):
    outcome = _add_user(db, world, phone="020-1234567")
    assert (outcome.mail_kind, outcome.linked_existing) == ("activation", False)
    row = next(r for r in users.list_users(db, world.advisor, company_id=world.company_id)
               if r.email == "sophie.mulder@bsevents.nl")
    assert (row.name, row.role_label, row.is_main_contact, row.email_checked, row.phone) == \
        ("Sophie Mulder", "Beheerder", False, False, "020-1234567")
    assert row.product_names == ("Visma Financial Overview",)
    assert _token_of(db, "sophie.mulder@bsevents.nl")


def test_offered_main_services_are_the_companys(db, world):
    names = [n for _, n in users.products_for(db, world.advisor, world.company_id)]
    assert names == ["Visma Advisor", "Visma eAccounting", "Visma Financial Overview"]
    with pytest.raises(ValidationFailed) as exc:
        users.create_user(db, world.advisor, company_id=world.company_id,
                          data=sophie(products=(products.SCANNER,)))
    assert "products" in exc.value.errors


def test_first_user_becomes_main_contact_and_must_be_beheerder(db, office_admin):
    company, _, _ = _link_company(db, office_admin, "33333333", "NEW", "")
    with pytest.raises(ValidationFailed) as exc:
        users.create_user(db, office_admin, company_id=company.id,
                          data=sophie(role="gebruiker"))
    assert "role" in exc.value.errors
    db.rollback()
    outcome = users.create_user(db, office_admin, company_id=company.id, data=sophie())
    db.commit()
    assert db.get(CompanyMember, outcome.member_id).is_main_contact


def test_exactly_one_main_contact_who_is_beheerder(db, world):
    member_id = _add_user(db, world, is_main_contact=True).member_id
    mains = db.exec(select(CompanyMember).where(CompanyMember.company_id == world.company_id,
                                                CompanyMember.is_main_contact == True)).all()
    assert [m.id for m in mains] == [member_id]
    frans_member = db.exec(select(CompanyMember).where(
        CompanyMember.identity_id == world.frans.identity_id)).one()
    for kwargs, field in (({"role": "gebruiker", "is_main_contact": True}, "role"),
                          ({"role": "beheerder", "is_main_contact": False}, "is_main_contact")):
        with pytest.raises(ValidationFailed) as exc:
            users.update_user(db, world.frans, company_id=world.company_id, member_id=member_id,
                              products_=(), **kwargs)
        assert field in exc.value.errors
        db.rollback()
    with pytest.raises(ValidationFailed):
        users.deactivate_user(db, world.frans, company_id=world.company_id, member_id=member_id)
    db.rollback()
    # handing it back is allowed, and then the former main contact may become Gebruiker
    users.update_user(db, world.frans, company_id=world.company_id, member_id=frans_member.id,
                      role="beheerder", is_main_contact=True, products_=())
    users.update_user(db, world.frans, company_id=world.company_id, member_id=member_id,
                      role="gebruiker", is_main_contact=False, products_=(FO,))
    db.commit()
    assert db.get(CompanyMember, member_id).role == "gebruiker"


def test_a_gebruiker_cannot_be_made_main_contact_on_create(db, world):
    with pytest.raises(ValidationFailed) as exc:
        users.create_user(db, world.advisor, company_id=world.company_id,
                          data=sophie(role="gebruiker", is_main_contact=True))
    assert exc.value.errors["role"] == users.MAIN_IS_BEHEERDER


def test_an_existing_account_is_linked_and_gets_a_notice(db, world):
    member_id = _add_user(db, world).member_id
    token = _token_of(db, "sophie.mulder@bsevents.nl")
    activation.activate(db, token=token, password=PASSWORD, password_repeat=PASSWORD,
                        accept_terms=True)
    db.commit()
    outcome = users.create_user(db, world.stranger, company_id=world.other_company_id,
                                data=sophie(first_name="Ander", last_name="Naam"))
    db.commit()
    assert (outcome.mail_kind, outcome.linked_existing) == ("access_granted", True)
    assert len(db.exec(select(Identity).where(
        Identity.email == "sophie.mulder@bsevents.nl")).all()) == 1
    notice = db.exec(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()
    assert "/activeren" not in notice.text_body and "Beste Sophie!" in notice.text_body
    assert db.get(CompanyMember, member_id).identity_id == \
        db.get(CompanyMember, outcome.member_id).identity_id
    # a person in two companies keeps control of their own address
    with pytest.raises(ValidationFailed):
        users.change_email(db, world.frans, company_id=world.company_id, member_id=member_id,
                           email="ander@bsevents.nl")


def test_an_employee_address_is_not_a_client_user(db, world):
    with pytest.raises(ValidationFailed) as exc:
        users.create_user(db, world.frans, company_id=world.company_id,
                          data=sophie(email=world.colleague.email))
    assert "email" in exc.value.errors


def test_the_same_user_twice_is_refused(db, world):
    _add_user(db, world)
    with pytest.raises(ValidationFailed):
        _add_user(db, world)


def test_deactivated_user_loses_services_and_links(db, world):
    member_id = _add_user(db, world).member_id
    token = _token_of(db, "sophie.mulder@bsevents.nl")
    users.deactivate_user(db, world.frans, company_id=world.company_id, member_id=member_id)
    db.commit()
    with pytest.raises(InvalidLink):
        activation.view_link(db, token)
    rows = users.list_users(db, world.frans, company_id=world.company_id)
    assert [r.active for r in rows if r.member_id == member_id] == [False]


def test_deactivating_the_last_membership_logs_the_user_out_everywhere(db, world):
    member_id = _add_user(db, world).member_id
    session_token = activation.activate(db, token=_token_of(db, "sophie.mulder@bsevents.nl"),
                                        password=PASSWORD, password_repeat=PASSWORD,
                                        accept_terms=True)
    frans_token = auth.start_session(db, db.get(Identity, world.frans.identity_id))
    db.commit()
    assert auth.actor_for_token(db, session_token) is not None
    users.deactivate_user(db, world.frans, company_id=world.company_id, member_id=member_id)
    db.commit()
    assert auth.actor_for_token(db, session_token) is None
    assert auth.actor_for_token(db, frans_token) is not None  # only Sophie is logged out


# --- activation, Mijn diensten and the company's overview -----------------------------------


def test_activation_logs_in_and_lists_the_services(db, world):
    _add_user(db, world)
    token = _token_of(db, "sophie.mulder@bsevents.nl")
    assert activation.view_link(db, token).needs_terms
    with pytest.raises(ValidationFailed) as exc:
        activation.activate(db, token=token, password="wachtwoord123", password_repeat="x",
                            accept_terms=False)
    assert set(exc.value.errors) == {"password", "password_repeat", "accept_terms"}
    db.rollback()
    session_token = activation.activate(db, token=token, password=PASSWORD,
                                        password_repeat=PASSWORD, accept_terms=True)
    db.commit()
    actor = auth.actor_for_token(db, session_token)
    assert actor is not None and not actor.is_employee
    identity = db.get(Identity, actor.identity_id)
    assert identity.email_verified_at is not None and identity.password_hash
    tiles = my_services.my_services(db, actor)
    assert [(t.product_name, t.opens_overview) for t in tiles] == \
        [("Visma Financial Overview", True)]
    assert my_services.open_company_overview(db, actor, company_id=world.company_id)
    with pytest.raises(NotFound):
        my_services.open_company_overview(db, actor, company_id=world.other_company_id)
    with pytest.raises(InvalidLink):  # used once
        activation.activate(db, token=token, password=PASSWORD, password_repeat=PASSWORD,
                            accept_terms=True)
    rows = users.list_users(db, world.frans, company_id=world.company_id)
    assert [r.email_checked for r in rows if r.email == identity.email] == [True]


def test_service_taken_away_closes_the_overview(db, world):
    member_id = _add_user(db, world).member_id
    token = _token_of(db, "sophie.mulder@bsevents.nl")
    actor = auth.actor_for_token(db, activation.activate(
        db, token=token, password=PASSWORD, password_repeat=PASSWORD, accept_terms=True))
    db.commit()
    users.update_user(db, world.frans, company_id=world.company_id, member_id=member_id,
                      role="beheerder", is_main_contact=False, products_=())
    db.commit()
    assert db.exec(select(MemberProduct).where(
        MemberProduct.company_member_id == member_id)).all() == []
    with pytest.raises(NotFound):
        my_services.open_company_overview(db, actor, company_id=world.company_id)


def test_change_email_sends_a_new_link_and_kills_the_old(db, world):
    member_id = _add_user(db, world).member_id
    old_token = _token_of(db, "sophie.mulder@bsevents.nl")
    users.change_email(db, world.advisor, company_id=world.company_id, member_id=member_id,
                       email="Sophie@BSEvents.nl ")
    db.commit()
    with pytest.raises(InvalidLink):
        activation.view_link(db, old_token)
    assert activation.view_link(db, _token_of(db, "sophie@bsevents.nl")).email == \
        "sophie@bsevents.nl"
    with pytest.raises(ValidationFailed):  # taken by another account
        users.change_email(db, world.advisor, company_id=world.company_id, member_id=member_id,
                           email="frans@bse.example")


def test_new_link_answers_the_same_for_known_and_unknown(db, world, fake_clock):
    from datetime import UTC, datetime

    fake_clock.set(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    _add_user(db, world)
    count = len(db.exec(select(OutboxMessage)).all())
    fake_clock.advance(minutes=5)
    known = activation.request_new_link(db, email="sophie.mulder@bsevents.nl")
    unknown = activation.request_new_link(db, email="niemand@bsevents.nl")
    employee = activation.request_new_link(db, email=world.colleague.email)
    db.commit()
    assert known == unknown == employee == activation.NEW_LINK_ANSWER
    assert len(db.exec(select(OutboxMessage)).all()) == count + 1
    activation.request_new_link(db, email="sophie.mulder@bsevents.nl")  # within a minute
    db.commit()
    assert len(db.exec(select(OutboxMessage)).all()) == count + 1


def test_password_policy():
    assert activation.check_password("kort", "kort") == {
        "password": "Het wachtwoord moet minstens 12 tekens hebben."}
    assert "password" in activation.check_password("Wachtwoord123", "Wachtwoord123")
    assert "password" in activation.check_password("a" * 14, "a" * 14)
    assert activation.check_password(PASSWORD, PASSWORD) == {}


def test_mail_is_queued_in_the_same_transaction(db, world):
    before = len(db.exec(select(OutboxMessage)).all())
    users.create_user(db, world.advisor, company_id=world.company_id, data=sophie())
    db.rollback()  # the change is undone, and so is its e-mail
    assert len(db.exec(select(OutboxMessage)).all()) == before
