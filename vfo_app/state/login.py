"""Login form: one login page for employees and client users, with a second step for a code.

A correct password of someone with a second factor starts no session: the state keeps a
signed *pending login* (``two_factor.pending_login``: bound to the identity, valid
``two_factor.PENDING_LOGIN_MINUTES``) in a backend-only var and asks the code
("Verificatiecode", or a recovery code); only a correct code starts the session.
"""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain import access, auth, two_factor
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Identity
from vfo_app.state.client_info import remember_browser
from vfo_app.state.session import SessionState

STEP_PASSWORD = "password"
STEP_CODE = "code"


def _home(session: Session, actor: auth.Actor) -> str:
    """Where the user lands when no page was asked for (an employee whose office requires a
    second factor they do not have: where they set it up)."""
    if access.needs_second_factor(session, actor):
        return routes.TWO_FACTOR
    return routes.home_for(actor.is_employee, access.is_any_company_admin(session, actor))


class LoginState(SessionState):
    login_error: str = ""
    step: str = STEP_PASSWORD  # STEP_PASSWORD | STEP_CODE
    code_error: str = ""
    _pending_login: str = ""  # two_factor.pending_login: the password was right

    def _next(self, home: str) -> str:
        if home == routes.TWO_FACTOR:  # nothing else opens before the second factor is set up
            return home
        return routes.safe_next(self.router.url.query_parameters.get("next"), default=home)

    def _to_password(self, message: str = "") -> None:
        self.step = STEP_PASSWORD
        self._pending_login = ""
        self.code_error = ""
        self.login_error = message

    @rx.event
    def on_load(self):
        """Someone already signed in goes on at once; without a session the form shows (the
        runner's answer, a redirect to this very page, is not followed)."""
        self._to_password()
        outcome = self._run(lambda tx: _home(tx.session, tx.actor), quiet=True, enrolling=True)
        if outcome.ok:
            return rx.redirect(self._next(outcome.value))
        return None

    @rx.event
    async def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        # argon2 takes ~0.2 s of CPU by design: off the event loop, so other users' events go on
        outcome, home, pending = await asyncio.to_thread(
            _login, self.session_token, str(form.get("email") or ""),
            str(form.get("password") or ""), self.router.session.client_ip)
        if pending:
            self._to_password()
            self._pending_login = pending
            self.step = STEP_CODE
            return None
        if home is None:
            self._to_password(outcome.message)
            return None
        self._to_password()
        await asyncio.to_thread(remember_browser, outcome.token, self.router)  # a write: off the loop
        return self._start_session(outcome.token, self._next(home))

    @rx.event
    def submit_code(self, form: dict):
        """The second step: a code from the authenticator app (or a recovery code)."""
        form = form if isinstance(form, dict) else {}
        if self.step != STEP_CODE or not self._pending_login:
            self._to_password()
            return None
        token, home, step = _second_step(self._pending_login, str(form.get("code") or ""),
                                         self.router.session.client_ip)
        if step.expired:
            self._to_password(step.message)
            return None
        if token is None:
            self.code_error = step.message
            return None
        self._to_password()
        remember_browser(token, self.router)
        return self._start_session(token, self._next(home))

    @rx.event
    def cancel_code(self):
        """Back to the password: the pending login is forgotten."""
        self._to_password()


def _login(old_token: str, email: str, password: str, ip: str = ""
           ) -> tuple[auth.LoginOutcome, str | None, str]:
    """The login itself, anonymous by nature, so not through the runner: its own transaction,
    committed whether or not the password was right (a failed attempt counts towards the
    throttle). Returns the outcome, where the user lands when signed in, and the pending
    login when a code is needed first."""
    with session_scope() as session:
        if old_token:  # rotate: this browser's old token ends here
            auth.logout(session, token=old_token)
        outcome = auth.login(session, email=email, password=password, ip=ip)
        if outcome.second_factor_for is not None:
            identity = session.get(Identity, outcome.second_factor_for)
            return outcome, None, two_factor.pending_login(identity)
        actor = auth.actor_for_token(session, outcome.token) if outcome.token else None
        return outcome, (_home(session, actor) if actor is not None else None), ""


def _second_step(pending: str, code: str, ip: str
                 ) -> tuple[str | None, str, two_factor.SecondStep]:
    """Check the code; start the session when it is right. Committed in every case (a wrong
    code counts towards the code throttle). Returns the session token, where the user lands,
    and the step's outcome."""
    with session_scope() as session:
        step = two_factor.finish_login(session, pending=pending, code=code, ip=ip)
        if step.identity is None:
            return None, "", step
        token = auth.start_session(session, step.identity)
        actor = auth.actor_for_token(session, token)
        return token, _home(session, actor), step
