"""Wachtwoord vergeten?: ask a link by e-mail address, and the page the link opens.

Nobody is signed in: the address (asking) and the link (setting) are all there is, so these
handlers run their use cases with the runner's anonymous mode, each in its own transaction;
a refused password or a dead link rolls it back. The IP and browser come from the router.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from vfo_app import routes
from vfo_app.domain import accounts, auth, mail
from vfo_app.domain.tokens import InvalidLink
from vfo_app.state.client_info import client_ip, user_agent
from vfo_app.state.session import SessionState

EMAIL_MISSING = "Vul uw e-mailadres in."


class PasswordForgottenState(SessionState):
    answer: str = ""  # the one answer, known address or not
    errors: dict[str, str] = rx.field(default_factory=dict)

    @rx.event
    def load(self):
        self.answer, self.errors = "", {}

    @rx.event
    def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        email = str(form.get("email") or "").strip()
        if not email:
            self.errors = {"email": EMAIL_MISSING}
            return None
        ip = client_ip(self.router)
        outcome = self._run_anonymous(
            lambda session: accounts.request_reset(session, email=email, ip=ip))
        if not outcome.ok:
            return outcome.answer  # too many requests from this IP: beside the field
        self.answer, self.errors = outcome.value, {}
        return PasswordForgottenState.deliver_mail

    @rx.event(background=True)
    async def deliver_mail(self):
        await asyncio.to_thread(mail.deliver_now)


class PasswordResetState(SessionState):
    status: str = "checking"  # "checking" | "valid" | "invalid" | "second_factor"
    first_name: str = ""
    email: str = ""
    errors: dict[str, str] = rx.field(default_factory=dict)


    @rx.event
    def load(self):
        self.errors = {}
        outcome = self._run_anonymous(
            lambda session: accounts.view_reset_link(session, self._query("token")), quiet=True)
        if not outcome.ok:
            self.status, self.first_name, self.email = "invalid", "", ""
            return None
        self.status, self.first_name, self.email = ("valid", outcome.value.first_name,
                                                    outcome.value.email)
        return None

    @rx.event
    async def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        current, token = self.session_token, self._query("token")
        agent, ip = user_agent(self.router), client_ip(self.router)

        def reset(session) -> accounts.ResetDone:
            if current:  # someone else's session in this browser ends here
                auth.logout(session, token=current)
            done = accounts.reset_password(
                session, token=token, password=str(form.get("password") or ""),
                password_repeat=str(form.get("password_repeat") or ""))
            if done.token:
                accounts.note_client(session, done.token, user_agent=agent, ip=ip)
            return done

        # argon2 hashing takes ~0.2 s of CPU by design: off the event loop
        outcome = await asyncio.to_thread(self._run_anonymous, reset, quiet=True)
        if isinstance(outcome.error, InvalidLink):
            self.status, self.errors = "invalid", {}
        if not outcome.ok:
            return outcome.answer  # field errors are beside the fields
        self.errors = {}
        if outcome.value.second_factor or not outcome.value.token:
            # the login page asks the password and the code (this browser's earlier session,
            # if any, ended above: its cookie opens nothing)
            self.status, self.user_name = "second_factor", ""
            return PasswordResetState.deliver_mail
        return [PasswordResetState.deliver_mail,
                self._start_session(outcome.value.token, routes.HOME)]

    @rx.event(background=True)
    async def deliver_mail(self):
        await asyncio.to_thread(mail.deliver_now)
