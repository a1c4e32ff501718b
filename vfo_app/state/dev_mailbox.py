"""The development mailbox: while no SMTP server is configured (development only; production
refuses to start without one), sent e-mail stays in the outbox table and its senders read it
here: an employee the mail of their own office, a company Beheerder that of their company."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app.domain import mail
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
    return [MailRow(id=r.id, recipient=r.to_email, subject=r.subject, at=moment(r.created_at),
                    text=r.text_body) for r in mail.mailbox(tx.session, tx.actor)]


class MailboxState(SessionState):
    """Development only: in production, or with SMTP configured, the page shows nothing."""

    enabled: bool = False
    messages: list[MailRow] = rx.field(default_factory=list)

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        settings = get_settings()
        self.enabled = not settings.is_production and not settings.smtp_configured
        self.messages = []
        if not self.enabled:
            return None
        outcome = self._run(_messages, tx=tx)
        if outcome.ok:
            self.messages = outcome.value
        return outcome.answer
