"""Tweestapsverificatie: the user's own second factor (set it up, new recovery codes, off).

Every employee and client user may set one up; an employee whose office requires one comes
here after login and can do nothing else until it is on (the page and its use cases run with
``enrolling``, everything else is refused by the runner, see ``vfo_app.state.session``).
The recovery codes are shown once, right after they are made, and never again.
"""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.domain import formatting, two_factor
from vfo_app.state.session import SessionState, Tx, page_load

OFF, ENROLLING, ON = "off", "enrolling", "on"
ACTION_DISABLE, ACTION_RENEW = "disable", "renew"  # the code form that is open
ACTIONS = (ACTION_DISABLE, ACTION_RENEW)


def _code(form: dict) -> str:
    return str((form if isinstance(form, dict) else {}).get("code") or "")


class TwoFactorState(SessionState):
    status: str = OFF  # OFF | ENROLLING | ON
    enabled_since: str = ""
    required: bool = False  # the office requires a second factor
    qr_code: str = ""  # data: URI of the SVG, only while enrolling
    secret_groups: str = ""  # the secret in groups of four, only while enrolling
    recovery_codes: list[str] = rx.field(default_factory=list)  # shown once
    recovery_left: int = 0
    action: str = ""  # "" or one of ACTIONS
    errors: dict[str, str] = rx.field(default_factory=dict)

    def _show(self, status: two_factor.Status) -> None:
        self.required = status.required_by_office
        self.recovery_left = status.recovery_left
        self.enabled_since = formatting.moment(status.enabled_at) if status.enabled else ""
        if status.enabled:
            self.status = ON
        elif status.enrolling:
            self.status = ENROLLING
        else:
            self.status = OFF
        if status.enrolling:
            self.secret_groups = two_factor.grouped(status.secret)
            self.qr_code = two_factor.qr_data_uri(
                two_factor.provisioning_uri(status.secret, status.email))
        else:
            self.secret_groups = ""
            self.qr_code = ""

    def _reread(self, tx: Tx | None = None):
        outcome = self._run(lambda tx: two_factor.status(tx.session, tx.actor), tx=tx,
                            enrolling=True)
        if not outcome.ok:
            return outcome.answer
        self._show(outcome.value)
        return None

    def _changed(self, change: two_factor.Change, success: str):
        if not change.ok:
            self.errors = {two_factor.CODE_FIELD: change.message}
            return self._reread()
        self.errors = {}
        self.action = ""
        self.recovery_codes = list(change.recovery_codes)
        answer = self._reread()
        return answer if answer is not None else rx.toast.success(success)

    @rx.event
    @page_load(employee=False, enrolling=True)
    def load(self, tx: Tx):
        self.errors = {}
        self.action = ""
        self.recovery_codes = []
        return self._reread(tx)

    @rx.event
    def start(self):
        """Make a secret and show it as a QR code (nothing is required at login yet)."""
        self.errors = {}
        outcome = self._run(lambda tx: two_factor.begin(tx.session, tx.actor), enrolling=True)
        if not outcome.ok:
            return outcome.answer
        return self._reread()

    @rx.event
    def confirm(self, form: dict):
        """The first code from the app turns the second factor on."""
        code = _code(form)
        outcome = self._run(lambda tx: two_factor.confirm(
            tx.session, tx.actor, code, ip=self.router.session.client_ip), enrolling=True)
        if not outcome.ok:
            return outcome.answer
        return self._changed(outcome.value, "Tweestapsverificatie staat aan.")

    @rx.event
    def open_action(self, action: str):
        self.errors = {}
        self.action = action if action in ACTIONS else ""

    @rx.event
    def close_action(self):
        self.errors = {}
        self.action = ""

    @rx.event
    def renew(self, form: dict):
        code = _code(form)
        outcome = self._run(lambda tx: two_factor.new_recovery_codes(
            tx.session, tx.actor, code, ip=self.router.session.client_ip))
        if not outcome.ok:
            return outcome.answer
        return self._changed(outcome.value, "Nieuwe herstelcodes gemaakt; de oude werken niet "
                                            "meer.")

    @rx.event
    def disable(self, form: dict):
        code = _code(form)
        outcome = self._run(lambda tx: two_factor.disable(
            tx.session, tx.actor, code, ip=self.router.session.client_ip))
        if not outcome.ok:
            return outcome.answer
        return self._changed(outcome.value, "Tweestapsverificatie staat uit.")

    @rx.event
    def codes_saved(self):
        """"Ik heb de codes bewaard": they disappear from the page for good."""
        self.recovery_codes = []
        return rx.redirect(routes.home_for(self.is_employee, self.is_company_admin))
