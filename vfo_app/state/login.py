"""Login form: one login page for employees and client users."""

from __future__ import annotations

import asyncio

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain import access, auth
from vfo_app.domain.db import session_scope
from vfo_app.state.session import SessionState


def _home(session: Session, actor: auth.Actor) -> str:
    """Where the user lands when no page was asked for."""
    return routes.home_for(actor.is_employee, access.is_any_company_admin(session, actor))


class LoginState(SessionState):
    login_error: str = ""

    def _next(self, home: str) -> str:
        return routes.safe_next(self.router.url.query_parameters.get("next"), default=home)

    @rx.event
    def on_load(self):
        """Someone already signed in goes on at once; without a session the form shows (the
        runner's answer, a redirect to this very page, is not followed)."""
        self.login_error = ""
        outcome = self._run(lambda tx: _home(tx.session, tx.actor), quiet=True)
        if outcome.ok:
            return rx.redirect(self._next(outcome.value))
        return None

    @rx.event
    async def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        # argon2 takes ~0.2 s of CPU by design: off the event loop, so other users' events go on
        outcome, home = await asyncio.to_thread(_login, self.session_token,
                                                str(form.get("email") or ""),
                                                str(form.get("password") or ""),
                                                self.router.session.client_ip)
        if home is None:
            self.login_error = outcome.message
            return None
        self.login_error = ""
        self.session_token = outcome.token
        return rx.redirect(self._next(home))



def _login(old_token: str, email: str, password: str, ip: str = ""
           ) -> tuple[auth.LoginOutcome, str | None]:
    """The login itself, anonymous by nature, so not through the runner: its own transaction,
    committed whether or not the password was right (a failed attempt counts towards the
    throttle). Returns the outcome and, when signed in, where the user lands."""
    with session_scope() as session:
        if old_token:  # rotate: this browser's old token ends here
            auth.logout(session, token=old_token)
        outcome = auth.login(session, email=email, password=password, ip=ip)
        actor = auth.actor_for_token(session, outcome.token) if outcome.token else None
        return outcome, (_home(session, actor) if actor is not None else None)
