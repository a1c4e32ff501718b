"""Two-factor login with real TOTP codes computed here (pyotp) on the app's fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import event
from sqlmodel import select

from tests.conftest import PASSWORD, actor_of, make_employee, make_office
from vfo_app.domain import access, auth, two_factor
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import AuditEntry, AuthSession, Identity, LoginAttempt, Office, RecoveryCode

T0 = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)


def code_at(secret: str, at: datetime) -> str:
    return pyotp.TOTP(secret).at(at)


def enrol(db, actor) -> tuple[str, list[str]]:
    secret = two_factor.begin(db, actor)
    change = two_factor.confirm(db, actor, code_at(secret, two_factor.clock.now()))
    assert change.ok, change.message
    db.commit()
    return secret, list(change.recovery_codes)


@pytest.fixture
def at_t0(fake_clock):
    fake_clock.set(T0)
    return fake_clock


def test_enrolment_needs_a_correct_code_and_gives_ten_single_use_codes(db, office_employee, at_t0):
    secret = two_factor.begin(db, office_employee)
    identity = db.get(Identity, office_employee.identity_id)
    assert identity.totp_secret == secret and identity.totp_enabled_at is None
    assert two_factor.status(db, office_employee).enrolling

    wrong = two_factor.confirm(db, office_employee, "000000" if code_at(secret, T0) != "000000"
                               else "111111")
    assert not wrong.ok and wrong.message == two_factor.WRONG_CODE
    assert db.get(Identity, office_employee.identity_id).totp_enabled_at is None

    change = two_factor.confirm(db, office_employee, code_at(secret, T0))
    assert change.ok and len(change.recovery_codes) == two_factor.RECOVERY_CODE_COUNT
    assert len(set(change.recovery_codes)) == two_factor.RECOVERY_CODE_COUNT
    db.commit()
    identity = db.get(Identity, office_employee.identity_id)
    assert identity.totp_enabled_at == T0
    stored = db.exec(select(RecoveryCode.code_hash).where(
        RecoveryCode.identity_id == identity.id)).all()
    assert len(stored) == 10 and not set(change.recovery_codes) & set(stored)  # hashed
    assert two_factor.status(db, office_employee).recovery_left == 10


def test_qr_code_and_grouped_secret(db, office_employee, at_t0):
    secret = two_factor.begin(db, office_employee)
    uri = two_factor.provisioning_uri(secret, office_employee.email)
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    assert two_factor.qr_data_uri(uri).startswith("data:image/svg+xml;base64,")
    assert two_factor.grouped(secret).replace(" ", "") == secret
    assert all(len(g) == 4 for g in two_factor.grouped(secret).split(" "))


def _login(db, email: str, password: str = PASSWORD) -> auth.LoginOutcome:
    outcome = auth.login(db, email=email, password=password)
    db.commit()
    return outcome


def test_login_asks_the_code_and_only_the_code_starts_a_session(db, office_employee, at_t0):
    secret, _ = enrol(db, office_employee)
    sessions_before = len(db.exec(select(AuthSession)).all())
    outcome = _login(db, office_employee.email)
    assert outcome.token is None and outcome.second_factor_for == office_employee.identity_id
    assert len(db.exec(select(AuthSession)).all()) == sessions_before  # no session yet

    identity = db.get(Identity, office_employee.identity_id)
    pending = two_factor.pending_login(identity)
    at_t0.advance(seconds=60)  # the next steps: the enrolment's code is used already
    step = two_factor.finish_login(db, pending=pending, code=code_at(secret, two_factor.clock.now()))
    assert step.identity is not None and step.identity.id == identity.id
    auth.start_session(db, step.identity)
    db.commit()
    # the pending login dies with the session it started
    assert two_factor.pending_identity(db, pending) is None


def test_a_code_is_accepted_once_and_with_one_step_of_drift(db, office_employee, at_t0):
    secret, _ = enrol(db, office_employee)
    identity = db.get(Identity, office_employee.identity_id)
    at_t0.advance(minutes=5)
    now = two_factor.clock.now()
    pending = two_factor.pending_login(identity)
    # the app's clock is 30 s behind the phone's: the phone's code is the next step
    ahead = code_at(secret, now + timedelta(seconds=30))
    assert two_factor.finish_login(db, pending=pending, code=ahead).identity is not None
    db.commit()
    # the same code again (a replay), and an older step: refused
    again = two_factor.finish_login(db, pending=pending, code=ahead)
    assert again.identity is None and again.message == two_factor.WRONG_CODE
    older = two_factor.finish_login(db, pending=pending, code=code_at(secret, now))
    assert older.identity is None
    # two steps away: refused
    at_t0.advance(minutes=5)
    now = two_factor.clock.now()
    far = two_factor.finish_login(db, pending=pending,
                                  code=code_at(secret, now + timedelta(seconds=60)))
    assert far.identity is None
    ok = two_factor.finish_login(db, pending=pending, code=code_at(secret, now - timedelta(seconds=30)))
    assert ok.identity is not None


def test_pending_login_expires_and_cannot_be_forged(db, office_employee, at_t0):
    secret, _ = enrol(db, office_employee)
    identity = db.get(Identity, office_employee.identity_id)
    pending = two_factor.pending_login(identity)
    at_t0.advance(minutes=two_factor.PENDING_LOGIN_MINUTES, seconds=1)
    step = two_factor.finish_login(db, pending=pending,
                                   code=code_at(secret, two_factor.clock.now()))
    assert step.expired and step.identity is None
    assert two_factor.pending_identity(db, pending + "x") is None
    assert two_factor.pending_identity(db, "") is None


def test_code_attempts_are_throttled(db, office_employee, at_t0):
    secret, _ = enrol(db, office_employee)
    identity = db.get(Identity, office_employee.identity_id)
    pending = two_factor.pending_login(identity)
    at_t0.advance(minutes=1)
    good = code_at(secret, two_factor.clock.now())
    bad = "123456" if good != "123456" else "654321"
    for _ in range(two_factor.MAX_CODE_FAILURES):
        assert two_factor.finish_login(db, pending=pending, code=bad, ip="10.0.0.9").identity is None
        db.commit()
    blocked = two_factor.finish_login(db, pending=pending, code=good)
    assert blocked.identity is None and "Te veel" in blocked.message
    attempts = db.exec(select(LoginAttempt).where(LoginAttempt.kind == "second_factor",
                                                  LoginAttempt.success == False)).all()
    assert len(attempts) == two_factor.MAX_CODE_FAILURES
    assert {a.ip for a in attempts} == {"10.0.0.9"}
    at_t0.advance(minutes=two_factor.CODE_WINDOW_MINUTES, seconds=1)
    pending = two_factor.pending_login(identity)
    assert two_factor.finish_login(
        db, pending=pending, code=code_at(secret, two_factor.clock.now())).identity is not None


def test_recovery_codes_work_once_and_renewing_kills_the_old(db, office_employee, at_t0):
    secret, codes = enrol(db, office_employee)
    identity = db.get(Identity, office_employee.identity_id)
    pending = two_factor.pending_login(identity)
    assert two_factor.finish_login(db, pending=pending, code=codes[0].upper()).identity
    db.commit()
    assert two_factor.finish_login(db, pending=pending, code=codes[0]).identity is None
    assert two_factor.recovery_codes_left(db, identity.id) == 9
    assert db.exec(select(AuditEntry).where(AuditEntry.action == "recovery_code_used")).first()

    at_t0.advance(minutes=1)
    renewed = two_factor.new_recovery_codes(db, office_employee,
                                            code_at(secret, two_factor.clock.now()))
    assert renewed.ok and len(renewed.recovery_codes) == 10
    db.commit()
    assert two_factor.finish_login(db, pending=pending, code=codes[1]).identity is None
    assert two_factor.finish_login(db, pending=pending, code=renewed.recovery_codes[0]).identity


def test_renewing_and_disabling_need_a_current_code(db, office_employee, at_t0):
    secret, _ = enrol(db, office_employee)
    at_t0.advance(minutes=1)
    assert not two_factor.new_recovery_codes(db, office_employee, "").ok
    assert not two_factor.disable(db, office_employee, "000001").ok
    assert two_factor.status(db, office_employee).enabled
    assert two_factor.disable(db, office_employee, code_at(secret, two_factor.clock.now())).ok
    db.commit()
    identity = db.get(Identity, office_employee.identity_id)
    assert identity.totp_secret is None and identity.totp_enabled_at is None
    assert two_factor.recovery_codes_left(db, identity.id) == 0
    assert _login(db, office_employee.email).token  # password alone again


def test_enrolment_cannot_replace_an_active_secret(db, office_employee, at_t0):
    enrol(db, office_employee)
    with pytest.raises(ValidationFailed):
        two_factor.begin(db, office_employee)


def test_office_requirement_sends_employees_without_a_second_factor_to_enrolment(
        db, office_admin, office_employee, at_t0):
    assert not access.needs_second_factor(db, office_employee)
    with pytest.raises(ValidationFailed):  # the beheerder sets up their own first
        two_factor.set_office_requirement(db, office_admin, True)
    enrol(db, office_admin)
    with pytest.raises(PermissionDenied):
        two_factor.set_office_requirement(db, office_employee, True)
    two_factor.set_office_requirement(db, office_admin, True)
    db.commit()
    assert db.get(Office, office_admin.office_id).require_two_factor
    assert access.needs_second_factor(db, office_employee)
    assert not access.needs_second_factor(db, office_admin)
    with pytest.raises(access.SecondFactorRequired):
        access.require_second_factor_done(db, office_employee)
    at_t0.advance(minutes=1)
    enrol(db, office_employee)
    assert not access.needs_second_factor(db, office_employee)
    entry = db.exec(select(AuditEntry).where(
        AuditEntry.action == "office_two_factor_required")).one()
    assert entry.changes == {"require_two_factor": True}


def test_a_sessions_actor_knows_from_its_one_query_whether_a_second_factor_is_due(
        db, office_admin, office_employee, at_t0):
    """Every page load and event asks this with the actor of its session: the answer comes with
    the session's own query and is read anew at each look-up."""
    token = auth.login(db, email=office_employee.email, password=PASSWORD).token
    db.commit()
    enrol(db, office_admin)
    two_factor.set_office_requirement(db, office_admin, True)
    db.commit()
    selects: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(db.get_bind(), "before_cursor_execute", count)
    try:
        actor = auth.actor_for_token(db, token)
        assert access.needs_second_factor(db, actor) and len(selects) == 1
        with pytest.raises(access.SecondFactorRequired):
            access.require_second_factor_done(db, actor)
        at_t0.advance(minutes=1)
        enrol(db, office_employee)
        assert not access.needs_second_factor(db, auth.actor_for_token(db, token))
        two_factor.reset(db, office_admin, office_employee.identity_id)
        db.commit()
        assert access.needs_second_factor(db, auth.actor_for_token(db, token))
        two_factor.set_office_requirement(db, office_admin, False)
        db.commit()
        assert not access.needs_second_factor(db, auth.actor_for_token(db, token))
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", count)


def test_a_beheerder_resets_a_colleagues_second_factor_of_the_same_office_only(
        db, office_admin, office_employee, other_office_admin, at_t0):
    enrol(db, office_employee)
    with pytest.raises(NotFound):
        two_factor.reset(db, other_office_admin, office_employee.identity_id)
    with pytest.raises(PermissionDenied):
        two_factor.reset(db, office_employee, office_admin.identity_id)
    with pytest.raises(ValidationFailed):
        two_factor.reset(db, office_admin, office_admin.identity_id)
    with pytest.raises(NotFound):
        two_factor.reset(db, office_admin, "abc")
    two_factor.reset(db, office_admin, office_employee.identity_id)
    db.commit()
    identity = db.get(Identity, office_employee.identity_id)
    assert identity.totp_enabled_at is None and identity.totp_secret is None
    assert two_factor.recovery_codes_left(db, identity.id) == 0
    entry = db.exec(select(AuditEntry).where(AuditEntry.action == "two_factor_reset")).one()
    assert (entry.actor_id, entry.office_id, entry.entity_id) == (
        office_admin.identity_id, office_admin.office_id, identity.id)
    rows = two_factor.office_security(db, office_admin).colleagues
    assert {r.email for r in rows} == {office_admin.email, office_employee.email}


def test_office_security_lists_only_the_own_office(db, office_admin, other_office_admin):
    office = make_office(db, "Kantoor C")
    other = make_employee(db, office, "c@c.example", role=OFFICE_ROLE_BEHEERDER)
    db.commit()
    emails = {c.email for c in two_factor.office_security(
        db, actor_of(other, office, OFFICE_ROLE_BEHEERDER)).colleagues}
    assert emails == {"c@c.example"}
