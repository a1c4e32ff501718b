"""Instellingen > Beveiliging: whether the office requires a second factor of every employee,
who has one, and resetting a colleague's (beheerders; every employee reads)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app.domain import access, formatting, two_factor
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load


@dataclass
class ColleagueRow:
    identity_id: int
    name: str
    email: str
    role: str
    enabled_since: str  # "" = no second factor
    is_self: bool


class SecuritySettingsState(SessionState):
    required: bool = False
    can_edit: bool = False
    colleagues: list[ColleagueRow] = rx.field(default_factory=list)
    errors: dict[str, str] = rx.field(default_factory=dict)
    load_error: str = ""
    confirm_id: int = 0  # the colleague whose reset waits for "Ja, resetten"
    confirm_name: str = ""
    _me: int = 0  # the viewer's identity: their own row has no reset button

    def _reread(self, tx: Tx | None = None):
        outcome = self._run(lambda tx: two_factor.office_security(tx.session, tx.actor), tx=tx)
        if not outcome.ok:
            self.colleagues = []
            self.load_error = str(outcome.error)
            return outcome.answer
        self.load_error = ""
        self.required = outcome.value.required
        self.colleagues = [
            ColleagueRow(c.identity_id, c.name, c.email, c.role,
                         formatting.moment(c.enabled_at) if c.enabled_at else "",
                         c.identity_id == self._me)
            for c in outcome.value.colleagues]
        return None

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.errors = {}
        self.confirm_id, self.confirm_name = 0, ""
        self.can_edit = access.may_change_office_security(tx.actor)
        self._me = tx.actor.identity_id
        return self._reread(tx)

    @rx.event
    def save(self, form: dict):
        if not isinstance(form, dict):  # not a form: nothing to save (an unticked box is absent)
            return None
        required = bool(form.get("require_two_factor"))
        self.errors = {}
        outcome = self._run(lambda tx: two_factor.set_office_requirement(
            tx.session, tx.actor, required))
        if not outcome.ok:
            return outcome.answer
        self._reread()
        return rx.toast.success("Instelling opgeslagen.")

    @rx.event
    def ask_reset(self, identity_id: int):
        """Ask for confirmation first; only a colleague the page shows can be asked about."""
        identity_id = as_id(identity_id)
        row = next((c for c in self.colleagues if c.identity_id == identity_id), None)
        if row is None or row.is_self:
            self.confirm_id, self.confirm_name = 0, ""
            return
        self.confirm_id, self.confirm_name = row.identity_id, row.name

    @rx.event
    def confirm_reset(self):
        identity_id = self.confirm_id
        self.confirm_id, self.confirm_name = 0, ""
        outcome = self._run(lambda tx: two_factor.reset(tx.session, tx.actor, identity_id))
        if not outcome.ok:
            return outcome.answer
        self._reread()
        return rx.toast.success(f"De tweestapsverificatie van {outcome.value.name} is gereset.")
