"""Mijn account: change one's own password and e-mail address, see and end one's sessions;
and the page the e-mail confirmation link opens.

Everyone who is signed in has this page (employees and client users). Every handler runs its
use case through the runner; the domain (``accounts``) asks the access policy for the
person's own account and sessions.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from vfo_app.domain import accounts, mail
from vfo_app.domain.accounts import SessionRow
from vfo_app.domain.tokens import InvalidLink
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load

PASSWORD_CHANGED = "Uw wachtwoord is gewijzigd."
EMAIL_SENT = ("We hebben een e-mail gestuurd naar {address}. Gebruik de link daarin om het "
              f"adres te bevestigen; de link is {accounts.LINK_VALID_TEXT}.")


def _ended(count: int) -> str:
    if count == 0:
        return "Er waren geen andere sessies."
    return "1 andere sessie is beëindigd." if count == 1 else \
        f"{count} andere sessies zijn beëindigd."


class AccountState(SessionState):
    name: str = ""
    email: str = ""
    pending_email: str = ""
    sessions: list[SessionRow] = rx.field(default_factory=list)
    errors: dict[str, str] = rx.field(default_factory=dict)
    notice: str = ""
    # A new key after a success re-mounts the form empty; after an error it keeps what was typed.
    password_form_key: int = 0
    email_form_key: int = 0

    def _show(self, tx: Tx | None = None) -> bool:
        token = self.session_token
        outcome = self._run(lambda t: accounts.account_view(t.session, t.actor, token), tx=tx)
        if outcome.ok:
            view = outcome.value
            self.name, self.email, self.pending_email = view.name, view.email, view.pending_email
            self.sessions = view.sessions
        return outcome.ok

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        self.errors, self.notice = {}, ""
        self._show(tx)

    def _refused(self, outcome):
        """A wrong current password counts towards the throttle: recorded in a use case of
        its own, since the refused one rolled back."""
        if isinstance(outcome.error, accounts.WrongPassword):
            self._run(lambda tx: accounts.record_wrong_password(tx.session, tx.actor))
        return outcome.answer

    @rx.event
    async def change_password(self, form: dict):
        form = form if isinstance(form, dict) else {}
        token = self.session_token
        self.errors, self.notice = {}, ""
        # argon2 (check the current password, hash the new one): off the event loop
        outcome = await asyncio.to_thread(self._run, lambda tx: accounts.change_password(
            tx.session, tx.actor, current_token=token,
            current_password=str(form.get("current_password") or ""),
            password=str(form.get("password") or ""),
            password_repeat=str(form.get("password_repeat") or "")))
        if not outcome.ok:
            return self._refused(outcome)
        self.notice = f"{PASSWORD_CHANGED} {_ended(outcome.value)}"
        self.password_form_key += 1
        self._show()
        return AccountState.deliver_mail

    @rx.event
    async def change_email(self, form: dict):
        form = form if isinstance(form, dict) else {}
        self.errors, self.notice = {}, ""
        outcome = await asyncio.to_thread(self._run, lambda tx: accounts.request_email_change(
            tx.session, tx.actor, password=str(form.get("email_password") or ""),
            new_email=str(form.get("new_email") or "")))
        if not outcome.ok:
            return self._refused(outcome)
        self.notice = EMAIL_SENT.format(address=outcome.value)
        self.email_form_key += 1
        self._show()
        return AccountState.deliver_mail

    @rx.event
    def end_session(self, session_id: int):
        token = self.session_token
        self.errors, self.notice = {}, ""
        outcome = self._run(lambda tx: accounts.end_session(
            tx.session, tx.actor, session_id=as_id(session_id), current_token=token))
        if not outcome.ok:
            return outcome.answer
        self.notice = "De sessie is beëindigd."
        self._show()
        return None

    @rx.event
    def end_other_sessions(self):
        token = self.session_token
        self.errors, self.notice = {}, ""
        outcome = self._run(lambda tx: accounts.end_other_sessions(
            tx.session, tx.actor, current_token=token))
        if not outcome.ok:
            return outcome.answer
        self.notice = _ended(outcome.value)
        self._show()
        return None

    @rx.event(background=True)
    async def deliver_mail(self):
        await asyncio.to_thread(mail.deliver_now)


class EmailConfirmState(SessionState):
    """The link sent to a new address: shows the address, and a button confirms it (opening
    the link changes nothing, so a mail scanner that follows links confirms nothing)."""

    status: str = "checking"  # "checking" | "valid" | "invalid" | "done"
    new_email: str = ""
    errors: dict[str, str] = rx.field(default_factory=dict)


    @rx.event
    def load(self):
        self.errors = {}
        outcome = self._run_anonymous(
            lambda session: accounts.view_email_change(session, self._query("token")), quiet=True)
        self.status = "valid" if outcome.ok else "invalid"
        self.new_email = outcome.value if outcome.ok else ""

    @rx.event
    def confirm(self):
        token = self._query("token")
        outcome = self._run_anonymous(
            lambda session: accounts.confirm_email_change(session, token=token), quiet=True)
        if isinstance(outcome.error, InvalidLink):
            self.status, self.new_email = "invalid", ""
        if not outcome.ok:
            return outcome.answer
        self.status, self.new_email = "done", outcome.value
        return None
