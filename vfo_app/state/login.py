"""Login form."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.domain import auth
from vfo_app.domain.db import session_scope
from vfo_app.state.session import SessionState


class LoginState(SessionState):
    login_error: str = ""

    @rx.event
    def on_load(self):
        self.login_error = ""
        if self._actor() is not None:
            return rx.redirect(routes.safe_next(self.router.url.query_parameters.get("next")))

    @rx.event
    def submit(self, form: dict):
        with session_scope() as session:
            if self.session_token:  # rotate: this browser's old token ends here
                auth.logout(session, token=self.session_token)
            outcome = auth.login(
                session, email=str(form.get("email", "")), password=str(form.get("password", ""))
            )
        if outcome.token is None:
            self.login_error = outcome.message
            return
        self.login_error = ""
        self.session_token = outcome.token
        return rx.redirect(routes.safe_next(self.router.url.query_parameters.get("next")))
