"""One's own account: Wachtwoord vergeten?, password strength, Mijn account (password, e-mail
address, sessions)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from sqlmodel import select

from tests.conftest import PASSWORD, actor_of, make_employee, make_office
from vfo_app.domain import accounts, auth, clock, security, tokens
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.models import AuthSession, Identity, OutboxMessage
from vfo_app.domain.seed import CLIENT_PASSWORD, DEMO_PASSWORD
from vfo_app.domain.tokens import InvalidLink

NEW = "Kiezel-Veranda-Lantaarn-7"
ADDRESS = "piet@kantoor.example"


@pytest.fixture
def piet(db):
    office = make_office(db, "Kantoor Zuid")
    emp = make_employee(db, office, ADDRESS, first_name="Piet", last_name="de Boer")
    db.commit()
    return emp


def _mails(db, to: str, kind: str) -> list[OutboxMessage]:
    return list(db.exec(select(OutboxMessage).where(OutboxMessage.to_email == to,
                                                    OutboxMessage.kind == kind)
                        .order_by(OutboxMessage.id)).all())


def _token(message: OutboxMessage) -> str:
    link = next(w for w in message.text_body.split() if "token=" in w)
    return parse_qs(urlparse(link).query)["token"][0]


def _login(db, email=ADDRESS, password=PASSWORD) -> str:
    token = auth.login(db, email=email, password=password).token
    db.commit()
    return token


# --- strength ------------------------------------------------------------------------------


def test_strength_refuses_guessable_passwords_and_the_users_own_words():
    words = security.password_context("Lisa de Vries", "lisa@korenschoof.example",
                                      "Bakkerij De Korenschoof BV")
    assert security.password_problem("kort", words) == security.PASSWORD_TOO_SHORT
    assert security.password_problem("Wachtwoord123", words)  # zxcvbn score 2
    assert security.password_problem("Lisadevries2026", words)  # her name
    assert security.password_problem("Korenschoof2026", words)  # her company
    assert "Herhalingen" in security.password_problem("abcabcabcabcabc", words)
    assert "vermijd uw naam" in security.password_problem("Korenschoof2026", words)
    assert security.password_problem(NEW, words) is None
    assert security.password_problem("x" * 129) == security.PASSWORD_TOO_LONG


def test_the_demo_and_test_passwords_pass_with_their_owners_words():
    """The seed creates the demo employees through create_employee (with the check): their
    passwords must pass, with the owners' names, addresses and office as context."""
    for words, password in [
        (("Demo Advisor", "advisor@demo-accountants.example", "Demo Accountants"), DEMO_PASSWORD),
        (("Jan Anders", "jan@ander-kantoor.example", "Ander Kantoor"), DEMO_PASSWORD),
        (("Frans Jansen", "frans.jansen@bsevents.example", "BS Events BV"), CLIENT_PASSWORD),
        (("Lisa de Vries", "lisa@korenschoof.example", "Bakkerij De Korenschoof BV"),
         CLIENT_PASSWORD),
        (("Test Medewerker", "x@kantoor.example", "Kantoor A"), PASSWORD),
    ]:
        assert security.password_problem(password, security.password_context(*words)) is None


def test_an_employee_gets_the_strength_check_too(db):
    office = make_office(db, "Zonnebloem Accountants")
    with pytest.raises(ValidationFailed) as refused:
        from vfo_app.domain.employees import create_employee
        create_employee(db, office=office, email="kees@zonnebloem.example", first_name="Kees",
                        last_name="Smit", password="Zonnebloem2026")
    assert "vermijd uw naam" in refused.value.errors["password"]


# --- Wachtwoord vergeten? --------------------------------------------------------------------


def test_reset_sends_a_link_and_answers_the_same_for_unknown_addresses(db, piet):
    assert accounts.request_reset(db, email="Piet@Kantoor.example", ip="10.0.0.1") \
        == accounts.request_reset(db, email="niemand@kantoor.example", ip="10.0.0.1") \
        == accounts.RESET_ANSWER
    db.commit()
    [mail] = _mails(db, ADDRESS, "password_reset")
    assert f"{tokens.VALID_MINUTES} minuten geldig" in mail.text_body
    assert mail.office_id is None and mail.company_id is None  # no dev mailbox shows it
    assert _mails(db, "niemand@kantoor.example", "password_reset") == []


def test_reset_sets_the_password_ends_every_session_and_sends_the_notice(db, piet):
    old_session = _login(db)
    accounts.request_reset(db, email=ADDRESS, ip="10.0.0.1")
    db.commit()
    token = _token(_mails(db, ADDRESS, "password_reset")[0])
    assert accounts.view_reset_link(db, token).first_name == "Piet"
    with pytest.raises(ValidationFailed) as weak:
        accounts.reset_password(db, token=token, password="PietdeBoer2026",
                                password_repeat="PietdeBoer2026")
    assert "password" in weak.value.errors
    db.rollback()
    done = accounts.reset_password(db, token=token, password=NEW, password_repeat=NEW)
    db.commit()
    assert done.token and not done.second_factor
    assert auth.actor_for_token(db, old_session) is None  # the other session ended
    assert auth.actor_for_token(db, done.token).identity_id == piet.id
    assert _login(db, password=NEW) and not auth.login(db, email=ADDRESS, password=PASSWORD).token
    [notice] = _mails(db, ADDRESS, "password_changed")
    assert notice.subject == "Uw wachtwoord is gewijzigd"
    with pytest.raises(InvalidLink):  # single use
        accounts.reset_password(db, token=token, password=NEW + "x", password_repeat=NEW + "x")


def test_a_reset_link_lives_15_minutes(db, piet, fake_clock):
    fake_clock.set(clock.now())
    accounts.request_reset(db, email=ADDRESS)
    db.commit()
    token = _token(_mails(db, ADDRESS, "password_reset")[0])
    fake_clock.advance(minutes=tokens.VALID_MINUTES, seconds=1)
    with pytest.raises(InvalidLink):
        accounts.view_reset_link(db, token)


def test_a_reset_and_an_activation_link_do_not_kill_each_other(db, piet):
    piet.password_hash = None  # still to activate: an activation link is open
    db.add(piet)
    activation_token = tokens.issue(db, piet, tokens.ACTIVATE)
    db.commit()
    piet.password_hash = security.hash_password(PASSWORD)
    db.add(piet)
    reset_token = tokens.issue(db, piet, tokens.RESET)
    db.commit()
    tokens.read(db, activation_token, tokens.ACTIVATE)  # still alive
    _, claim = tokens.read(db, reset_token, tokens.RESET)
    tokens.consume(db, claim)
    db.commit()
    tokens.read(db, activation_token, tokens.ACTIVATE)  # using the reset link killed nothing
    tokens.issue(db, piet, tokens.ACTIVATE)  # a new activation link ...
    with pytest.raises(InvalidLink):  # ... and the old activation link is dead,
        tokens.read(db, activation_token, tokens.ACTIVATE)
    fresh_reset = tokens.issue(db, piet, tokens.RESET)
    tokens.issue(db, piet, tokens.ACTIVATE)
    assert tokens.read(db, fresh_reset, tokens.RESET)  # but a reset link is not
    with pytest.raises(InvalidLink):  # and a link is only good for its own purpose
        tokens.read(db, fresh_reset, tokens.ACTIVATE)


def test_two_uses_of_one_reset_link_only_one_wins(db, piet):
    token = tokens.issue(db, piet, tokens.RESET)
    db.commit()
    _, first = tokens.read(db, token, tokens.RESET)
    _, second = tokens.read(db, token, tokens.RESET)
    tokens.consume(db, first)
    with pytest.raises(InvalidLink):
        tokens.consume(db, second)


def test_reset_with_a_second_factor_does_not_log_in(db, piet):
    piet.totp_secret, piet.totp_enabled_at = "JBSWY3DPEHPK3PXP", clock.now()
    db.add(piet)
    token = tokens.issue(db, piet, tokens.RESET)
    db.commit()
    done = accounts.reset_password(db, token=token, password=NEW, password_repeat=NEW)
    assert done.token is None and done.second_factor


def test_reset_is_throttled_per_address_and_per_ip(db, piet):
    for i in range(accounts.RESET_MAX_PER_ADDRESS + 2):
        accounts.request_reset(db, email=ADDRESS, ip=f"10.0.1.{i}")
    db.commit()
    assert len(_mails(db, ADDRESS, "password_reset")) == accounts.RESET_MAX_PER_ADDRESS
    ip = "10.9.9.9"
    for i in range(accounts.RESET_MAX_PER_IP):
        accounts.request_reset(db, email=f"iemand{i}@elders.example", ip=ip)
    with pytest.raises(ValidationFailed) as throttled:
        accounts.request_reset(db, email="nog1@elders.example", ip=ip)
    assert throttled.value.errors["email"] == accounts.RESET_IP_THROTTLED
    assert accounts.request_reset(db, email="nog1@elders.example", ip="10.9.9.10")


def test_no_reset_link_for_an_account_that_is_not_activated(db, piet):
    piet.password_hash = None
    db.add(piet)
    db.commit()
    assert accounts.request_reset(db, email=ADDRESS) == accounts.RESET_ANSWER
    assert _mails(db, ADDRESS, "password_reset") == []


# --- Mijn account ---------------------------------------------------------------------------


def _actor(db, piet):
    from vfo_app.domain.models import Office, OfficeMembership
    member = db.exec(select(OfficeMembership).where(
        OfficeMembership.identity_id == piet.id)).one()
    return actor_of(piet, db.get(Office, member.office_id), member.role)


def test_change_password_needs_the_current_one_and_ends_the_other_sessions(db, piet):
    here, elsewhere = _login(db), _login(db)
    actor = _actor(db, piet)
    with pytest.raises(ValidationFailed) as wrong:
        accounts.change_password(db, actor, current_token=here, current_password="fout",
                                 password=NEW, password_repeat=NEW)
    assert wrong.value.errors == {"current_password": accounts.WRONG_PASSWORD}
    ended = accounts.change_password(db, actor, current_token=here, current_password=PASSWORD,
                                     password=NEW, password_repeat=NEW)
    db.commit()
    assert ended == 1
    assert auth.actor_for_token(db, here) is not None
    assert auth.actor_for_token(db, elsewhere) is None
    assert len(_mails(db, ADDRESS, "password_changed")) == 1


def test_change_password_kills_an_open_reset_link(db, piet):
    here = _login(db)
    reset = tokens.issue(db, piet, tokens.RESET)
    db.commit()
    accounts.change_password(db, _actor(db, piet), current_token=here, current_password=PASSWORD,
                             password=NEW, password_repeat=NEW)
    db.commit()
    with pytest.raises(InvalidLink):
        accounts.view_reset_link(db, reset)


def test_change_email_through_a_link_to_the_new_address(db, piet):
    actor = _actor(db, piet)
    with pytest.raises(ValidationFailed) as taken:
        make_employee(db, make_office(db, "Elders"), "bezet@kantoor.example")
        accounts.request_email_change(db, actor, password=PASSWORD,
                                      new_email="bezet@kantoor.example")
    assert taken.value.errors == {"new_email": accounts.EMAIL_TAKEN}
    db.rollback()
    with pytest.raises(ValidationFailed) as wrong:
        accounts.request_email_change(db, actor, password="fout", new_email="p@nieuw.example")
    assert wrong.value.errors == {"email_password": accounts.WRONG_PASSWORD}
    assert accounts.request_email_change(db, actor, password=PASSWORD,
                                         new_email="Piet@Nieuw.example") == "piet@nieuw.example"
    db.commit()
    assert db.get(Identity, piet.id).email == ADDRESS  # not before the link is used
    assert len(_mails(db, ADDRESS, "email_change_notice")) == 1
    token = _token(_mails(db, "piet@nieuw.example", "email_change")[0])
    assert accounts.confirm_email_change(db, token=token) == "piet@nieuw.example"
    db.commit()
    db.refresh(piet)
    assert (piet.email, piet.pending_email) == ("piet@nieuw.example", None)
    assert _login(db, email="piet@nieuw.example")
    with pytest.raises(InvalidLink):
        accounts.confirm_email_change(db, token=token)


def test_a_newer_email_change_kills_the_older_link(db, piet):
    actor = _actor(db, piet)
    accounts.request_email_change(db, actor, password=PASSWORD, new_email="een@nieuw.example")
    accounts.request_email_change(db, actor, password=PASSWORD, new_email="twee@nieuw.example")
    db.commit()
    with pytest.raises(InvalidLink):
        accounts.confirm_email_change(
            db, token=_token(_mails(db, "een@nieuw.example", "email_change")[0]))


def test_sessions_are_listed_and_the_others_ended(db, piet, fake_clock):
    fake_clock.set(clock.now())
    here = _login(db)
    accounts.note_client(db, here, user_agent="Mozilla/5.0 (Windows NT 10.0) Chrome/130.0",
                         ip="10.0.0.7")
    elsewhere = _login(db)
    db.commit()
    actor = _actor(db, piet)
    rows = accounts.list_sessions(db, actor, here)
    assert [(r.current, r.browser, r.ip) for r in rows] == [
        (True, "Chrome op Windows", "10.0.0.7"), (False, "Onbekende browser", "onbekend")]
    with pytest.raises(ValidationFailed):  # the current one is ended by Uitloggen
        accounts.end_session(db, actor, session_id=rows[0].id, current_token=here)
    other = make_employee(db, make_office(db, "Elders"), "ander@elders.example")
    theirs = _login(db, email=other.email)
    their_id = db.exec(select(AuthSession.id).where(
        AuthSession.token_hash == security.token_digest(theirs))).one()
    with pytest.raises(NotFound):  # another's session is unknown
        accounts.end_session(db, actor, session_id=their_id, current_token=here)
    accounts.end_session(db, actor, session_id=rows[1].id, current_token=here)
    db.commit()
    assert auth.actor_for_token(db, elsewhere) is None
    assert auth.actor_for_token(db, theirs) is not None
    assert accounts.end_other_sessions(db, actor, current_token=here) == 0


def test_last_seen_is_written_at_most_once_a_minute(db, piet, fake_clock):
    start = clock.now()
    fake_clock.set(start)
    token = _login(db)

    def last_seen():
        db.expire_all()
        return db.exec(select(AuthSession.last_seen_at).where(
            AuthSession.token_hash == security.token_digest(token))).one()

    auth.actor_for_token(db, token)
    assert last_seen() == start
    fake_clock.advance(seconds=30)
    auth.actor_for_token(db, token)
    assert last_seen() == start
    fake_clock.advance(seconds=31)
    auth.actor_for_token(db, token)
    assert last_seen() == start + timedelta(seconds=61)
