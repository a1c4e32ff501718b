"""The activation page: check the link, set a password, accept the terms, be logged in.

The token comes from the query string and is checked on load and again on submit; the page
never learns more than the first name and address the link belongs to.

Nobody is signed in yet: the link is the credential, so these handlers run their use cases
with the runner's anonymous mode (``_run_anonymous``), each in its own transaction; a refused
password or a dead link rolls it back.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from vfo_app import routes
from vfo_app.domain import auth, mail
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


    @rx.event
    def load(self):
        self.errors, self.new_link_answer = {}, ""
        outcome = self._run_anonymous(
            lambda session: activation.view_link(session, self._query("token")), quiet=True)
        if not outcome.ok:
            self.status, self.first_name, self.email = "invalid", "", ""
            return None
        view = outcome.value
        self.status, self.first_name, self.email = "valid", view.first_name, view.email
        self.needs_terms = view.needs_terms
        return None

    @rx.event
    def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        current = self.session_token

        def activate(session) -> str:
            if current:  # someone else's session in this browser ends here
                auth.logout(session, token=current)
            return activation.activate(
                session, token=self._query("token"), password=str(form.get("password") or ""),
                password_repeat=str(form.get("password_repeat") or ""),
                accept_terms=bool(form.get("accept_terms")))

        outcome = self._run_anonymous(activate, quiet=True)
        if isinstance(outcome.error, InvalidLink):
            self.status, self.errors = "invalid", {}
        if not outcome.ok:
            return outcome.answer  # field errors are beside the fields
        self.errors = {}
        return self._start_session(outcome.value, routes.ONLINE_SERVICES)

    @rx.event
    def request_link(self, form: dict):
        form = form if isinstance(form, dict) else {}
        outcome = self._run_anonymous(lambda session: activation.request_new_link(
            session, email=str(form.get("email") or "")))
        if not outcome.ok:
            return outcome.answer
        self.new_link_answer = outcome.value
        return ActivationState.deliver_mail

    @rx.event(background=True)
    async def deliver_mail(self):
        await asyncio.to_thread(mail.deliver_now)
