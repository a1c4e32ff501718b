"""Gebruikers driven as events on CompanyUsersState: the company's Beheerder adds a user, a
Gebruiker of the same company is shown the refusal and changes nothing."""

from __future__ import annotations

from sqlmodel import Session, select

from vfo_app import routes
from vfo_app.domain.models import CompanyMember, Identity, OutboxMessage
from vfo_app.state.online_users import CompanyUsersState

NEW_USER = {"email": "sophie@zilverreiger.example", "first_name": "Sophie", "last_name": "Mulder",
            "role": "gebruiker", "phone": "", "product_financial_overview": "on"}


def _members(engine, company_id: int) -> list[str]:
    with Session(engine) as db:
        return sorted(db.exec(select(Identity.email).join(
            CompanyMember, CompanyMember.identity_id == Identity.id).where(
            CompanyMember.company_id == company_id)).all())


def test_the_beheerder_adds_a_user_who_gets_an_activation_mail(tab, world, app_engine):
    frans = tab("frans").open(routes.ONLINE_USERS, company_id=world.noord.company_id)
    assert frans.call(CompanyUsersState.load).error is None
    page = frans.state(CompanyUsersState)
    assert page.company_name == world.noord.company_name
    assert {u.email for u in page.users} == {world.emails["frans"], world.emails["gerda"]}

    frans.call(CompanyUsersState.dialog_open_change, True, "create")
    answer = frans.call(CompanyUsersState.create, NEW_USER)
    assert answer.error is None and not answer.error_toasts, answer
    assert page.dialog == "" and page.errors == {}
    assert page.notice.startswith("Gebruiker aangemaakt. Sophie Mulder ontvangt een e-mail")
    assert "sophie@zilverreiger.example" in {u.email for u in page.users}
    assert "sophie@zilverreiger.example" in _members(app_engine, world.noord.company_id)
    with Session(app_engine) as db:
        mail = db.exec(select(OutboxMessage).where(
            OutboxMessage.to_email == "sophie@zilverreiger.example")).one()
    assert "/activeren?token=" in mail.text_body


def test_a_gebruiker_sees_the_refusal_and_adds_nobody(tab, world, app_engine, database):
    gerda = tab("gerda").open(routes.ONLINE_USERS, company_id=world.noord.company_id)
    gerda.call(CompanyUsersState.load)
    page = gerda.state(CompanyUsersState)
    assert page.refused and page.users == []

    answer = gerda.call(CompanyUsersState.create, NEW_USER)
    assert not answer.success_toasts and "Gebruiker aangemaakt" not in page.notice
    assert database.changes_since(database.initial) == []


def test_a_form_field_error_stays_beside_the_field(tab, world):
    frans = tab("frans").open(routes.ONLINE_USERS, company_id=world.noord.company_id)
    frans.call(CompanyUsersState.load)
    frans.call(CompanyUsersState.dialog_open_change, True, "create")
    frans.call(CompanyUsersState.create, NEW_USER | {"email": "geen-adres"})
    page = frans.state(CompanyUsersState)
    assert page.dialog == "create" and "email" in page.errors
