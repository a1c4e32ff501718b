"""Every way in agrees on an account's address: employees, company users, login and a new
activation link store and find " Frans.Jansen@BSEvents.example " as one account."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.conftest import PASSWORD, make_office
from tests.integration.test_online_users import sophie, world  # noqa: F401 - fixture
from vfo_app.domain import auth, employees
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.models import Identity, OutboxMessage
from vfo_app.domain.online import activation, users

TYPED = " Frans.Jansen@BSEvents.example "
STORED = "frans.jansen@bsevents.example"


def test_an_employee_is_stored_and_found_in_one_form(db):
    office = make_office(db)
    person = employees.create_employee(db, office=office, email=TYPED, first_name="Frans",
                                       last_name="Jansen", password=PASSWORD)
    assert person.email == STORED
    assert employees.find_identity(db, "FRANS.JANSEN@bsevents.example") == person
    assert auth.login(db, email="Frans.Jansen@bsevents.EXAMPLE", password=PASSWORD).token
    with pytest.raises(ValidationFailed) as refused:
        employees.create_employee(db, office=office, email=STORED, first_name="F",
                                  last_name="J", password=PASSWORD)
    assert "email" in refused.value.errors


def test_a_company_user_is_stored_and_found_in_one_form(db, world, fake_clock):  # noqa: F811
    users.create_user(db, world.advisor, company_id=world.company_id, data=sophie(email=TYPED))
    db.commit()
    person = db.exec(select(Identity).where(Identity.email == STORED)).one()
    fake_clock.advance(minutes=2)  # past the pause between two links
    activation.request_new_link(db, email="FRANS.JANSEN@BSEVENTS.EXAMPLE")
    sent = db.exec(select(OutboxMessage).where(OutboxMessage.identity_id == person.id)).all()
    assert [m.to_email for m in sent] == [STORED, STORED]
