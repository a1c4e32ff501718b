"""Login form: one login page for employees and client users."""

from __future__ import annotations

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
    def submit(self, form: dict):
        with session_scope() as session:
            if self.session_token:  # rotate: this browser's old token ends here
                auth.logout(session, token=self.session_token)
            outcome = auth.login(
                session, email=str(form.get("email", "")), password=str(form.get("password", ""))
            )
            actor = auth.actor_for_token(session, outcome.token) if outcome.token else None
        if actor is None:
            self.login_error = outcome.message
            return
        self.login_error = ""
        self.session_token = outcome.token
        return rx.redirect(self._next(actor))
