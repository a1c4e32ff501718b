"""Two-factor login driven as events: enrolment on Tweestapsverificatie, the login's code
step, the office's requirement enforced on every page and event, and a beheerder's reset.
Codes are computed here with pyotp on the app's (frozen) clock."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from sqlmodel import Session, select

from tests.conftest import PASSWORD
from tests.state.harness import Tab
from vfo_app import routes
from vfo_app.domain import clock, two_factor
from vfo_app.domain.models import AuditEntry, Identity, LoginAttempt, Office
from vfo_app.state.clients import ClientListState
from vfo_app.state.login import STEP_CODE, STEP_PASSWORD, LoginState
from vfo_app.state.security_settings import SecuritySettingsState
from vfo_app.state.services import ServiceFormState
from vfo_app.state.session import SessionState
from vfo_app.state.two_factor import ENROLLING, OFF, ON, TwoFactorState


def _tick(seconds: int = two_factor.STEP_SECONDS) -> None:
    clock.freeze(clock.now() + timedelta(seconds=seconds))


def _code(secret: str) -> str:
    return pyotp.TOTP(secret).at(clock.now())


def enrol(page: Tab) -> tuple[str, list[str]]:
    """Set up a second factor on the page as a person does: the secret read off the page."""
    page.open(routes.TWO_FACTOR)
    answer = page.call(TwoFactorState.load)
    assert answer.error is None and not answer.redirects, answer
    assert page.state(TwoFactorState).status == OFF
    page.call(TwoFactorState.start)
    state = page.state(TwoFactorState)
    assert state.status == ENROLLING and state.qr_code.startswith("data:image/svg+xml;base64,")
    secret = state.secret_groups.replace(" ", "")
    answer = page.call(TwoFactorState.confirm, {"code": _code(secret)})
    assert answer.error is None and answer.success_toasts, answer
    assert state.status == ON and len(state.recovery_codes) == two_factor.RECOVERY_CODE_COUNT
    assert state.secret_groups == "" and state.qr_code == ""  # the secret leaves the page
    return secret, list(state.recovery_codes)


def _identity(engine, identity_id: int) -> Identity:
    with Session(engine) as db:
        return db.get(Identity, identity_id)


def test_enrolment_asks_a_correct_code_first(tab, world, app_engine):
    nick = tab("nick").open(routes.TWO_FACTOR)
    nick.call(TwoFactorState.load)
    nick.call(TwoFactorState.start)
    secret = nick.state(TwoFactorState).secret_groups.replace(" ", "")
    wrong = "000000" if _code(secret) != "000000" else "111111"
    nick.call(TwoFactorState.confirm, {"code": wrong})
    assert nick.state(TwoFactorState).errors == {"code": two_factor.WRONG_CODE}
    assert nick.state(TwoFactorState).status == ENROLLING
    assert _identity(app_engine, world.identities["nick"]).totp_enabled_at is None

    nick.call(TwoFactorState.confirm, {"code": _code(secret)})
    assert nick.state(TwoFactorState).status == ON
    assert _identity(app_engine, world.identities["nick"]).totp_enabled_at is not None
    # the codes are shown once: the next visit does not show them again
    nick.call(TwoFactorState.load)
    assert nick.state(TwoFactorState).recovery_codes == []
    assert nick.state(TwoFactorState).recovery_left == two_factor.RECOVERY_CODE_COUNT


def _password(page: Tab, email: str, password: str = PASSWORD):
    page.open(routes.LOGIN)
    page.call(LoginState.on_load)
    return page.call(LoginState.submit, {"email": email, "password": password})


def test_login_with_password_and_code(tab, world, app_engine):
    secret, _ = enrol(tab("nick"))
    _tick()
    browser = tab(None)
    answer = _password(browser, world.emails["nick"])
    login = browser.state(LoginState)
    assert login.step == STEP_CODE and not answer.redirects, answer
    assert browser.state(SessionState).session_token == ""  # no session for a password alone
    pending = login._pending_login
    assert pending and pending not in str(browser.values())  # backend-only: never sent

    wrong = "123456" if _code(secret) != "123456" else "654321"
    browser.call(LoginState.submit_code, {"code": wrong})
    assert login.code_error == two_factor.WRONG_CODE and login.step == STEP_CODE
    assert browser.state(SessionState).session_token == ""

    answer = browser.call(LoginState.submit_code, {"code": _code(secret)})
    assert answer.redirects == [routes.CLIENTS], answer
    assert browser.state(SessionState).session_token
    assert login.step == STEP_PASSWORD and login._pending_login == ""

    # the same code in a second login (a replay within its 30 seconds) is refused
    other = tab(None)
    _password(other, world.emails["nick"])
    other.call(LoginState.submit_code, {"code": _code(secret)})
    assert other.state(LoginState).code_error == two_factor.WRONG_CODE
    assert other.state(SessionState).session_token == ""


def test_a_recovery_code_logs_in_once(tab, world):
    _secret, codes = enrol(tab("nick"))
    browser = tab(None)
    _password(browser, world.emails["nick"])
    answer = browser.call(LoginState.submit_code, {"code": codes[3]})
    assert answer.redirects == [routes.CLIENTS], answer
    again = tab(None)
    _password(again, world.emails["nick"])
    again.call(LoginState.submit_code, {"code": codes[3]})
    assert again.state(LoginState).code_error == two_factor.WRONG_CODE


def test_the_pending_login_expires(tab, world):
    secret, _ = enrol(tab("nick"))
    browser = tab(None)
    _password(browser, world.emails["nick"])
    _tick(two_factor.PENDING_LOGIN_MINUTES * 60 + 1)
    browser.call(LoginState.submit_code, {"code": _code(secret)})
    login = browser.state(LoginState)
    assert login.step == STEP_PASSWORD and login.login_error == two_factor.PENDING_EXPIRED
    assert browser.state(SessionState).session_token == ""


def test_code_attempts_are_throttled(tab, world, app_engine):
    secret, _ = enrol(tab("nick"))
    _tick()
    browser = tab(None)
    _password(browser, world.emails["nick"])
    wrong = "123456" if _code(secret) != "123456" else "654321"
    for _ in range(two_factor.MAX_CODE_FAILURES):
        browser.call(LoginState.submit_code, {"code": wrong})
    browser.call(LoginState.submit_code, {"code": _code(secret)})
    assert browser.state(LoginState).code_error.startswith("Te veel onjuiste codes")
    assert browser.state(SessionState).session_token == ""
    with Session(app_engine) as db:
        rows = db.exec(select(LoginAttempt).where(LoginAttempt.kind == "second_factor",
                                                  LoginAttempt.success == False)).all()
    assert len(rows) == two_factor.MAX_CODE_FAILURES and {r.ip for r in rows} == {"127.0.0.1"}


def test_turning_off_needs_a_current_code(tab, world, app_engine):
    nick = tab("nick")
    secret, _ = enrol(nick)
    _tick()
    nick.call(TwoFactorState.open_action, "disable")
    nick.call(TwoFactorState.disable, {"code": ""})
    assert nick.state(TwoFactorState).errors == {"code": two_factor.NO_CODE}
    assert nick.state(TwoFactorState).status == ON
    nick.call(TwoFactorState.disable, {"code": _code(secret)})
    assert nick.state(TwoFactorState).status == OFF
    assert _identity(app_engine, world.identities["nick"]).totp_secret is None


def test_new_recovery_codes_replace_the_old(tab, world):
    nick = tab("nick")
    secret, old = enrol(nick)
    _tick()
    nick.call(TwoFactorState.open_action, "renew")
    nick.call(TwoFactorState.renew, {"code": _code(secret)})
    new = nick.state(TwoFactorState).recovery_codes
    assert len(new) == two_factor.RECOVERY_CODE_COUNT and not set(new) & set(old)
    browser = tab(None)
    _password(browser, world.emails["nick"])
    browser.call(LoginState.submit_code, {"code": old[0]})
    assert browser.state(LoginState).code_error == two_factor.WRONG_CODE


def _require(nora: Tab) -> None:
    nora.open(routes.SETTINGS_SECURITY)
    nora.call(SecuritySettingsState.load)
    nora.call(SecuritySettingsState.save, {"require_two_factor": "on"})


def test_a_beheerder_must_have_a_second_factor_to_require_one(tab, world, app_engine):
    nora = tab("nora")
    _require(nora)
    assert "require_two_factor" in nora.state(SecuritySettingsState).errors
    with Session(app_engine) as db:
        assert not db.get(Office, world.noord.office_id).require_two_factor


def test_the_office_requirement_sends_an_employee_to_enrolment_and_refuses_everything_else(
        tab, world, app_engine, database):
    nora = tab("nora")
    enrol(nora)
    _require(nora)
    assert nora.state(SecuritySettingsState).required
    with Session(app_engine) as db:
        assert db.get(Office, world.noord.office_id).require_two_factor

    # Nick (no second factor): every page sends him to Tweestapsverificatie
    nick = tab("nick").open(routes.CLIENTS)
    assert nick.call(ClientListState.load).redirects == [routes.TWO_FACTOR]
    assert nick.state(ClientListState).rows == []
    # ... and every event of another state is refused on the server, whatever the UI shows
    before = database.snap()
    nick.open(routes.SETTINGS_SERVICE_NEW)
    answer = nick.call(ServiceFormState.submit, {"code": "X1", "name": "Stiekem",
                                                 "period": "Maand", "active": "on"})
    assert answer.redirects == [routes.TWO_FACTOR], answer
    answer = nick.call(ClientListState.search, {"query": "reiger"})
    assert answer.redirects == [routes.TWO_FACTOR], answer
    assert database.changes_since(before) == []
    # logging in lands on the enrolment page, whatever the next page asked
    browser = tab(None)
    browser.open(routes.LOGIN, query={"next": routes.CLIENTS})
    answer = browser.call(LoginState.submit, {"email": world.emails["nick"],
                                              "password": PASSWORD})
    assert answer.redirects == [routes.TWO_FACTOR], answer

    # Sven's office does not require it: nothing changes for him
    sven = tab("sven").open(routes.CLIENTS)
    assert sven.call(ClientListState.load).redirects == []

    _tick()
    enrol(nick)
    nick.open(routes.CLIENTS)
    assert nick.call(ClientListState.load).redirects == []


def test_a_beheerder_resets_a_colleagues_second_factor(tab, world, app_engine):
    enrol(tab("nick"))
    nora = tab("nora").open(routes.SETTINGS_SECURITY)
    nora.call(SecuritySettingsState.load)
    rows = {r.identity_id: r for r in nora.state(SecuritySettingsState).colleagues}
    assert rows[world.identities["nick"]].enabled_since
    assert not rows[world.identities["nora"]].enabled_since
    nora.call(SecuritySettingsState.ask_reset, world.identities["nick"])
    assert nora.state(SecuritySettingsState).confirm_name == world.names["nick"]
    answer = nora.call(SecuritySettingsState.confirm_reset)
    assert answer.success_toasts, answer
    assert _identity(app_engine, world.identities["nick"]).totp_enabled_at is None
    with Session(app_engine) as db:
        entry = db.exec(select(AuditEntry).where(AuditEntry.action == "two_factor_reset")).one()
    assert (entry.actor_id, entry.entity_id) == (world.identities["nora"],
                                                 world.identities["nick"])
    # Nick logs in with his password alone again
    browser = tab(None)
    answer = _password(browser, world.emails["nick"])
    assert answer.redirects == [routes.CLIENTS], answer
