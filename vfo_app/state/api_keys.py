"""Instellingen > API-sleutels: the office's keys for pushing auditfiles from the bookkeeping
package (office beheerders create and revoke; every employee reads). A new key is shown once."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app.domain import access, api_keys, formatting
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load


@dataclass
class KeyRow:
    id: int
    name: str
    prefix: str
    created: str
    last_used: str  # "" = never
    revoked: str  # "" = active


class ApiKeysState(SessionState):
    keys: list[KeyRow] = rx.field(default_factory=list)
    can_edit: bool = False
    errors: dict[str, str] = rx.field(default_factory=dict)
    load_error: str = ""
    new_key: str = ""  # the key just made: shown this once, gone at the next load
    new_key_name: str = ""
    confirm_id: int = 0  # the key whose revocation waits for "Ja, intrekken"
    confirm_name: str = ""

    def _reread(self, tx: Tx | None = None):
        outcome = self._run(lambda tx: api_keys.list_keys(tx.session, tx.actor), tx=tx)
        if not outcome.ok:
            self.keys = []
            self.load_error = str(outcome.error)
            return outcome.answer
        self.load_error = ""
        self.keys = [KeyRow(k.id, k.name, k.prefix, formatting.moment(k.created_at),
                            formatting.moment(k.last_used_at), formatting.moment(k.revoked_at))
                     for k in outcome.value]
        return None

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.errors = {}
        self.new_key, self.new_key_name = "", ""
        self.confirm_id, self.confirm_name = 0, ""
        self.can_edit = access.may_manage_api_keys(tx.actor)
        return self._reread(tx)

    @rx.event
    def create(self, form: dict):
        if not isinstance(form, dict):
            return None
        name = form.get("name", "")
        name = name if isinstance(name, str) else ""
        self.errors = {}
        self.new_key, self.new_key_name = "", ""
        outcome = self._run(lambda tx: api_keys.create_key(tx.session, tx.actor, name))
        if not outcome.ok:
            return outcome.answer
        self.new_key, self.new_key_name = outcome.value.key, outcome.value.name
        self._reread()
        return None

    @rx.event
    def hide_new_key(self):
        self.new_key, self.new_key_name = "", ""

    @rx.event
    def ask_revoke(self, key_id: int):
        """Ask for confirmation first; only an active key the page shows can be asked about."""
        key_id = as_id(key_id)
        row = next((k for k in self.keys if k.id == key_id and not k.revoked), None)
        if row is None:
            self.confirm_id, self.confirm_name = 0, ""
            return
        self.confirm_id, self.confirm_name = row.id, row.name

    @rx.event
    def confirm_revoke(self):
        key_id = self.confirm_id
        self.confirm_id, self.confirm_name = 0, ""
        outcome = self._run(lambda tx: api_keys.revoke_key(tx.session, tx.actor, key_id))
        if not outcome.ok:
            return outcome.answer
        self._reread()
        return rx.toast.success(f"De API-sleutel {outcome.value.name} is ingetrokken.")
