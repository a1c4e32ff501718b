"""A real SMTP server for tests (aiosmtpd) that keeps what it receives; with a server TLS
context it offers STARTTLS (and requires it), or speaks implicit TLS (SMTPS) throughout."""

from __future__ import annotations

import socket
import ssl
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class MailCatcher:
    def __init__(self, tls: ssl.SSLContext | None = None, *, implicit: bool = False) -> None:
        self.tls = tls
        self.implicit = implicit
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
        if self.tls is None:
            self._controller = Controller(self, hostname=self.host, port=self.port)
        elif self.implicit:
            self._controller = Controller(self, hostname=self.host, port=self.port,
                                          ssl_context=self.tls)
        else:
            self._controller = Controller(self, hostname=self.host, port=self.port,
                                          tls_context=self.tls, require_starttls=True)
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
