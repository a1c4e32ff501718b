"""The development mailbox: while no SMTP server is configured, sent e-mail stays in the
outbox table and employees read it here."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app.domain import access, mail
from vfo_app.domain.formatting import moment
from vfo_app.settings import get_settings
from vfo_app.state.session import SessionState, Tx, page_load


@dataclass
class MailRow:
    """One message of the outbox, as the mailbox shows it."""

    id: int
    recipient: str
    subject: str
    at: str
    text: str


def _messages(tx: Tx) -> list[MailRow]:
    access.require_employee(tx.actor)
    return [MailRow(id=r.id, recipient=r.to_email, subject=r.subject, at=moment(r.created_at),
                    text=r.text_body) for r in mail.mailbox(tx.session)]


class MailboxState(SessionState):
    """Development only: with SMTP configured the page shows nothing and says so."""

    enabled: bool = False
    messages: list[MailRow] = rx.field(default_factory=list)

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        self.enabled = not get_settings().smtp_configured
        self.messages = []
        if not self.enabled:
            return None
        outcome = self._run(_messages, tx=tx)
        if outcome.ok:
            self.messages = outcome.value
        return outcome.answer
