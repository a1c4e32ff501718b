"""Login, sessions and throttling on a real, migrated database."""

from datetime import UTC, datetime

from tests.conftest import PASSWORD
from vfo_app.domain import auth
from vfo_app.domain.models import AuthSession, Identity
from vfo_app.domain.security import token_digest


def test_login_mints_a_session_that_names_the_actor(db, office_admin):
    outcome = auth.login(db, email="BEHEER@a.example ", password=PASSWORD)
    db.commit()
    assert outcome.token and outcome.message == ""
    actor = auth.actor_for_token(db, outcome.token)
    assert actor.identity_id == office_admin.identity_id
    assert actor.office_id == office_admin.office_id and actor.is_office_admin


def test_only_the_hash_of_the_token_is_stored(db, office_admin):
    token = auth.login(db, email="beheer@a.example", password=PASSWORD).token
    db.commit()
    stored = db.exec(__import__("sqlmodel").select(AuthSession)).all()
    assert [s.token_hash for s in stored] == [token_digest(token)]
    assert token not in {s.token_hash for s in stored}


def test_unknown_email_and_wrong_password_get_the_same_message(db, office_admin):
    unknown = auth.login(db, email="niemand@a.example", password=PASSWORD)
    wrong = auth.login(db, email="beheer@a.example", password="fout-wachtwoord")
    assert unknown.token is None and wrong.token is None
    assert unknown.message == wrong.message == auth.LOGIN_FAILED_MESSAGE


def test_repeated_failures_are_throttled_even_with_the_right_password(db, office_admin, fake_clock):
    fake_clock.set(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    for _ in range(5):
        auth.login(db, email="beheer@a.example", password="fout")
        db.commit()
    locked = auth.login(db, email="beheer@a.example", password=PASSWORD)
    assert locked.token is None and "Te veel" in locked.message
    fake_clock.advance(minutes=16)
    assert auth.login(db, email="beheer@a.example", password=PASSWORD).token


def test_logout_and_expiry_end_the_session(db, office_admin, fake_clock):
    fake_clock.set(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    token = auth.login(db, email="beheer@a.example", password=PASSWORD).token
    db.commit()
    fake_clock.advance(hours=11, minutes=59)
    assert auth.actor_for_token(db, token) is not None
    fake_clock.advance(minutes=2)
    assert auth.actor_for_token(db, token) is None

    token2 = auth.login(db, email="beheer@a.example", password=PASSWORD).token
    db.commit()
    auth.logout(db, token=token2)
    db.commit()
    assert auth.actor_for_token(db, token2) is None


def test_a_deactivated_identity_loses_its_session(db, office_admin):
    token = auth.login(db, email="beheer@a.example", password=PASSWORD).token
    db.commit()
    ident = db.get(Identity, office_admin.identity_id)
    ident.is_active = False
    db.add(ident)
    db.commit()
    assert auth.actor_for_token(db, token) is None
    assert auth.actor_for_token(db, "made-up-token") is None
