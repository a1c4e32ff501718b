"""A real SMTP server for tests (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class MailCatcher:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._controller: Controller | None = None
        self.host = "127.0.0.1"
        self.port = 0

    async def handle_DATA(self, server, session, envelope):  # the aiosmtpd hook
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def start(self) -> MailCatcher:
        with socket.socket() as s:
            s.bind((self.host, 0))
            self.port = s.getsockname()[1]
        self._controller = Controller(self, hostname=self.host, port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


def parts(message: EmailMessage) -> tuple[str, str]:
    """(plain text, html) of a multipart/alternative message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html
