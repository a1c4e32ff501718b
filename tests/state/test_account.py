"""Wachtwoord vergeten? and Mijn account driven as events on their states."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from sqlmodel import Session, select

from tests.state.world import FRANS, NORA, PASSWORD
from vfo_app import routes
from vfo_app.domain import accounts, auth, security
from vfo_app.domain.models import AuthSession, Identity, OutboxMessage
from vfo_app.state.account import AccountState
from vfo_app.state.password_reset import PasswordForgottenState, PasswordResetState

NEW = "Kiezel-Veranda-Lantaarn-7"


def _second_session(engine, person_email: str) -> str:
    with Session(engine) as db:
        identity = db.exec(select(Identity).where(Identity.email == person_email)).one()
        token = auth.start_session(db, identity)
        accounts.note_client(db, token, user_agent="Mozilla/5.0 (iPhone) Safari/605.1",
                             ip="192.0.2.8")
        db.commit()
        return token


def _alive(engine, token: str) -> bool:
    with Session(engine) as db:
        return auth.actor_for_token(db, token) is not None


def test_mijn_account_changes_the_password_and_ends_the_other_session(tab, world, app_engine,
                                                                     database):
    phone = _second_session(app_engine, world.emails[NORA])
    nora = tab(NORA).open(routes.ACCOUNT)
    answer = nora.call(AccountState.load)
    assert answer.error is None and not answer.redirects, answer
    page = nora.state(AccountState)
    assert page.email == world.emails[NORA]
    assert [(s.current, s.browser) for s in page.sessions] == [
        (True, "Onbekende browser"), (False, "Safari op iPhone")]

    before = database.snap()
    nora.call(AccountState.change_password, {"current_password": "fout", "password": NEW,
                                             "password_repeat": NEW})
    assert page.errors == {"current_password": accounts.WRONG_PASSWORD}
    changed = database.changes_since(before)  # only the failed attempt is kept, nothing else
    assert changed[0] == "loginattempt: +1 -0" and len(changed) == 2, changed
    nora.call(AccountState.change_password, {"current_password": PASSWORD,
                                             "password": "Wachtwoord123",
                                             "password_repeat": "Wachtwoord123"})
    assert "password" in page.errors

    answer = nora.call(AccountState.change_password, {
        "current_password": PASSWORD, "password": NEW, "password_repeat": NEW})
    assert answer.error is None and page.errors == {}, answer
    assert page.notice == "Uw wachtwoord is gewijzigd. 1 andere sessie is beëindigd."
    assert not _alive(app_engine, phone) and _alive(app_engine, world.tokens[NORA])
    assert [s.current for s in page.sessions] == [True]
    with Session(app_engine) as db:
        assert db.exec(select(OutboxMessage.subject).where(
            OutboxMessage.to_email == world.emails[NORA])).all() == ["Uw wachtwoord is gewijzigd"]


def test_mijn_account_ends_one_other_session(tab, world, app_engine):
    phone = _second_session(app_engine, world.emails[FRANS])
    frans = tab(FRANS).open(routes.ACCOUNT)
    frans.call(AccountState.load)
    page = frans.state(AccountState)
    other = next(s for s in page.sessions if not s.current)
    frans.call(AccountState.end_session, other.id)
    assert page.notice == "De sessie is beëindigd."
    assert not _alive(app_engine, phone) and _alive(app_engine, world.tokens[FRANS])
    current = next(s for s in page.sessions if s.current)
    frans.call(AccountState.end_session, current.id)  # Uitloggen is for this one
    assert page.errors == {"sessions": accounts.CURRENT_SESSION}
    assert _alive(app_engine, world.tokens[FRANS])


def test_the_reset_through_its_pages(tab, world, app_engine):
    """(The world's client users never set a password: an account without one gets its
    activation link, not a reset link, so an employee asks.)"""
    anyone = tab(None).open(routes.PASSWORD_FORGOTTEN)
    anyone.call(PasswordForgottenState.load)
    anyone.call(PasswordForgottenState.submit, {"email": world.emails[NORA].upper()})
    assert anyone.state(PasswordForgottenState).answer == accounts.RESET_ANSWER
    with Session(app_engine) as db:
        body = db.exec(select(OutboxMessage.text_body).where(
            OutboxMessage.kind == "password_reset")).one()
    link = next(w for w in body.split() if routes.PASSWORD_RESET in w)
    token = parse_qs(urlparse(link).query)["token"][0]

    page = tab(None).open(routes.PASSWORD_RESET, {"token": token})
    page.call(PasswordResetState.load)
    reset = page.state(PasswordResetState)
    assert (reset.status, reset.email) == ("valid", world.emails[NORA])
    page.call(PasswordResetState.submit, {"password": "Noordhuis2026", "password_repeat": "x"})
    assert set(reset.errors) == {"password", "password_repeat"}
    answer = page.call(PasswordResetState.submit, {"password": NEW, "password_repeat": NEW},
                       follow=False)
    assert answer.redirects == [routes.HOME], answer
    assert _alive(app_engine, reset.session_token)
    assert not _alive(app_engine, world.tokens[NORA])  # every earlier session ended
    with Session(app_engine) as db:
        assert auth.login(db, email=world.emails[NORA], password=NEW).token
        row = db.exec(select(AuthSession).where(
            AuthSession.token_hash == security.token_digest(reset.session_token))).one()
        assert row.last_seen_at is not None
    again = tab(None).open(routes.PASSWORD_RESET, {"token": token})
    again.call(PasswordResetState.load)
    assert again.state(PasswordResetState).status == "invalid"


def test_guessing_the_current_password_slows_down_as_at_the_login_page(tab, world):
    """Someone who finds a signed-in screen cannot try passwords at full speed: each wrong
    current password counts as a failed login of the address, and after the free ones even
    the right password must wait."""
    nora = tab(NORA).open(routes.ACCOUNT)
    nora.call(AccountState.load)
    page = nora.state(AccountState)
    for _ in range(5):
        nora.call(AccountState.change_password, {"current_password": "fout", "password": NEW,
                                                 "password_repeat": NEW})
        assert page.errors == {"current_password": accounts.WRONG_PASSWORD}
    nora.call(AccountState.change_password, {"current_password": PASSWORD, "password": NEW,
                                             "password_repeat": NEW})
    assert page.errors["current_password"].startswith("Te veel onjuiste pogingen"), page.errors
    nora.call(AccountState.change_email, {"email_password": PASSWORD,
                                          "new_email": "nora.nieuw@example.org"})
    assert page.errors["email_password"].startswith("Te veel onjuiste pogingen"), page.errors
