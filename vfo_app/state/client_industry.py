"""Client tab Industriestandaard: SBI code and Branche."""

from __future__ import annotations

import reflex as rx

from vfo_app.domain.advisor import client_details as details
from vfo_app.state.session import SessionState, Tx, page_load


class IndustryState(SessionState):
    sbi_code: str = ""
    branche: str = ""
    loaded: bool = False  # this client's data is read: until then the page shows "Laden..."
    form_key: int = 0
    errors: dict[str, str] = rx.field(default_factory=dict)

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._load_now(tx)

    def _load_now(self, tx: Tx):
        self.errors = {}
        outcome = self._run(lambda tx: details.client_industry(
            tx.session, tx.actor, self._client_id()), tx=tx, quiet=True)
        self.loaded = outcome.ok
        if not outcome.ok:
            return outcome.answer
        self.sbi_code, self.branche = outcome.value["sbi_code"], outcome.value["branche"]
        self.form_key += 1
        return None

    @rx.event
    def save(self, form: dict):
        form = form if isinstance(form, dict) else {}
        sbi, branche = str(form.get("sbi_code", "") or ""), str(form.get("branche", "") or "")

        def save(tx: Tx) -> dict[str, str]:
            client_id = self._client_id()
            details.update_industry(tx.session, tx.actor, client_id, sbi_code=sbi,
                                    branche=branche)
            return details.client_industry(tx.session, tx.actor, client_id)

        outcome = self._run(save)
        if not outcome.ok:
            return outcome.answer
        self.errors = {}
        self.sbi_code, self.branche = outcome.value["sbi_code"], outcome.value["branche"]
        return rx.toast.success("De industriestandaard is opgeslagen.")
