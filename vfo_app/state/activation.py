"""The activation page: check the link, set a password, accept the terms, be logged in.

The token comes from the query string and is checked on load and again on submit; the page
never learns more than the first name and address the link belongs to.

Nobody is signed in yet, so these handlers do not go through the use-case runner (which
resolves a signed-in actor first): the link is the credential. Each runs in its own
transaction; a refused password or a dead link rolls it back.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from vfo_app import routes
from vfo_app.domain import auth, mail
from vfo_app.domain.db import session_scope
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.online import activation
from vfo_app.domain.tokens import InvalidLink
from vfo_app.state.session import SessionState


class ActivationState(SessionState):
    status: str = "checking"  # "checking" | "valid" | "invalid"
    first_name: str = ""
    email: str = ""
    needs_terms: bool = False
    errors: dict[str, str] = rx.field(default_factory=dict)
    new_link_answer: str = ""

    def _token(self) -> str:
        return str(self.router.url.query_parameters.get("token", ""))

    @rx.event
    def load(self):
        self.errors, self.new_link_answer = {}, ""
        try:
            with session_scope() as session:
                view = activation.view_link(session, self._token())
        except InvalidLink:
            self.status, self.first_name, self.email = "invalid", "", ""
            return
        self.status, self.first_name, self.email = "valid", view.first_name, view.email
        self.needs_terms = view.needs_terms

    @rx.event
    def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        try:
            with session_scope() as session:
                if self.session_token:  # someone else's session in this browser ends here
                    auth.logout(session, token=self.session_token)
                token = activation.activate(
                    session, token=self._token(), password=str(form.get("password") or ""),
                    password_repeat=str(form.get("password_repeat") or ""),
                    accept_terms=bool(form.get("accept_terms")))
        except ValidationFailed as exc:
            self.errors = exc.errors
            return
        except InvalidLink:
            self.status, self.errors = "invalid", {}
            return
        self.session_token, self.errors = token, {}
        return rx.redirect(routes.ONLINE_SERVICES)

    @rx.event
    def request_link(self, form: dict):
        form = form if isinstance(form, dict) else {}
        with session_scope() as session:
            self.new_link_answer = activation.request_new_link(
                session, email=str(form.get("email") or ""))
        return ActivationState.deliver_mail

    @rx.event(background=True)
    async def deliver_mail(self):
        await asyncio.to_thread(mail.deliver_now)
