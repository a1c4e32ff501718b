"""The development mailbox shows a viewer only the mail their own side caused, and an
activation link never sets a new password on an active account."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.integration.test_online_users import (  # noqa: F401 - fixture
    PASSWORD,
    _gebruiker,
    _token_of,
    sophie,
    world,
)
from vfo_app.domain import auth, mail, tokens
from vfo_app.domain.errors import PermissionDenied, ValidationFailed
from vfo_app.domain.models import CompanyMember, Identity, OutboxMessage
from vfo_app.domain.online import activation, users
from vfo_app.domain.tokens import InvalidLink
from vfo_app.settings import get_settings


def _recipients(db, actor) -> set[str]:
    return {row.to_email for row in mail.mailbox(db, actor)}


def test_each_viewer_sees_only_the_mail_of_their_own_office_or_company(db, world):  # noqa: F811
    users.create_user(db, world.advisor, company_id=world.company_id, data=sophie())
    users.create_user(db, world.stranger, company_id=world.other_company_id,
                      data=sophie(email="kees@kor.example", first_name="Kees"))
    users.create_user(db, world.frans, company_id=world.company_id,
                      data=sophie(email="els@bsevents.nl", first_name="Els"))
    db.commit()
    rows = db.exec(select(OutboxMessage)).all()
    assert {r.to_email: r.office_id for r in rows} == {
        "sophie.mulder@bsevents.nl": world.advisor.office_id,
        "kees@kor.example": world.stranger.office_id,
        "els@bsevents.nl": None}
    # another office's employee no longer reads these links
    assert _recipients(db, world.advisor) == {"sophie.mulder@bsevents.nl"}
    assert _recipients(db, world.colleague) == {"sophie.mulder@bsevents.nl"}  # same office
    assert _recipients(db, world.stranger) == {"kees@kor.example"}
    assert _recipients(db, world.frans) == {"els@bsevents.nl"}  # caused by his company
    assert _recipients(db, world.other_admin) == set()
    assert _recipients(db, _gebruiker(db, world)) == set()  # not a Beheerder


def test_the_mailbox_is_refused_in_production(db, world, monkeypatch):  # noqa: F811
    monkeypatch.setattr(get_settings(), "env", "production")
    with pytest.raises(PermissionDenied):
        mail.mailbox(db, world.advisor)


def _activated_sophie(db, world):  # noqa: F811
    users.create_user(db, world.advisor, company_id=world.company_id, data=sophie())
    db.commit()
    activation.activate(db, token=_token_of(db, "sophie.mulder@bsevents.nl"), password=PASSWORD,
                        password_repeat=PASSWORD, accept_terms=True)
    db.commit()
    return db.exec(select(Identity).where(Identity.email == "sophie.mulder@bsevents.nl")).one()


def test_a_new_link_is_never_sent_for_an_active_account(db, world, fake_clock):  # noqa: F811
    from datetime import UTC, datetime

    fake_clock.set(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    _activated_sophie(db, world)
    fake_clock.advance(minutes=5)  # past the pause between two links
    before = len(db.exec(select(OutboxMessage)).all())
    answer = activation.request_new_link(db, email="sophie.mulder@bsevents.nl")
    db.commit()
    assert answer == activation.NEW_LINK_ANSWER  # the same answer as for anyone
    assert len(db.exec(select(OutboxMessage)).all()) == before


def test_an_activation_link_does_not_set_a_password_on_an_active_account(db, world):  # noqa: F811
    identity = _activated_sophie(db, world)
    token = tokens.issue(db, identity)  # a link made anyhow (an old code path, a bug)
    db.commit()
    with pytest.raises(InvalidLink):
        activation.view_link(db, token)
    with pytest.raises(InvalidLink):
        activation.activate(db, token=token, password="Een-Ander-Wachtwoord-99",
                            password_repeat="Een-Ander-Wachtwoord-99", accept_terms=True)
    db.rollback()
    assert auth.login(db, email=identity.email, password=PASSWORD).token


def test_resending_or_changing_the_address_of_an_active_account_sends_no_link(db, world):  # noqa: F811
    identity = _activated_sophie(db, world)
    member = db.exec(select(CompanyMember).where(CompanyMember.identity_id == identity.id)).one()
    with pytest.raises(ValidationFailed) as refused:
        users.resend_activation(db, world.advisor, company_id=world.company_id,
                                member_id=member.id)
    assert refused.value.errors == {"list": users.ALREADY_ACTIVATED}
    db.rollback()
    # nor may a Beheerder move the address a password reset goes to: only its owner does
    before = db.exec(select(OutboxMessage.id)).all()
    with pytest.raises(ValidationFailed) as refused:
        users.change_email(db, world.frans, company_id=world.company_id, member_id=member.id,
                           email="frans.eigen@bsevents.nl")
    assert refused.value.errors == {"email": users.OWNER_CHANGES_ADDRESS}
    db.rollback()
    assert db.exec(select(OutboxMessage.id)).all() == before
    assert auth.login(db, email=identity.email, password=PASSWORD).token
