"""Login form: one login page for employees and client users."""

from __future__ import annotations

import asyncio

import reflex as rx

from vfo_app import routes
from vfo_app.domain import auth
from vfo_app.domain.db import session_scope
from vfo_app.domain.online.companies import is_company_admin
from vfo_app.state.session import SessionState


class LoginState(SessionState):
    login_error: str = ""

    def _next(self, actor: auth.Actor) -> str:
        wanted = self.router.url.query_parameters.get("next")
        with session_scope() as session:
            admin = not actor.is_employee and is_company_admin(session, actor.identity_id)
        return routes.safe_next(wanted, default=routes.home_for(actor.is_employee, admin))

    @rx.event
    def on_load(self):
        self.login_error = ""
        actor = self._actor()
        if actor is not None:
            return rx.redirect(self._next(actor))

    @rx.event
    async def submit(self, form: dict):
        # argon2 takes ~0.2 s of CPU by design: off the event loop, so other users' events go on
        outcome, actor = await asyncio.to_thread(
            _login, self.session_token, str(form.get("email", "")), str(form.get("password", "")))
        if actor is None:
            self.login_error = outcome.message
            return
        self.login_error = ""
        self.session_token = outcome.token
        return rx.redirect(self._next(actor))


def _login(old_token: str, email: str, password: str) -> tuple[auth.LoginOutcome, auth.Actor | None]:
    with session_scope() as session:
        if old_token:  # rotate: this browser's old token ends here
            auth.logout(session, token=old_token)
        outcome = auth.login(session, email=email, password=password)
        actor = auth.actor_for_token(session, outcome.token) if outcome.token else None
    return outcome, actor
