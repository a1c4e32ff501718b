"""Outgoing e-mail: rendered from Jinja2 templates, queued in the outbox, delivered later.

A message is written to ``OutboxMessage`` in the same transaction as the change that
causes it, so a rolled-back change sends nothing and a committed one is never lost.
``deliver_pending`` sends what is due: over SMTP when ``VFO_SMTP_HOST`` is set, otherwise
it is kept for the development mailbox page. A failed delivery stays queued with its error
(shown in Gebruikers) and is retried with a growing pause.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlmodel import Session, select, update

from vfo_app.domain import clock
from vfo_app.domain.models import OutboxMessage
from vfo_app.settings import Settings, get_settings

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "email"
SUBJECTS = {
    "activation": "Activeer je account voor Visma Online",
    "access_granted": "Je hebt toegang gekregen tot {company_name} in Visma Online",
}
CLAIM_MINUTES = 5  # a delivery in progress holds its message this long
MAX_PAUSE_MINUTES = 60

_env = Environment(
    loader=FileSystemLoader(str(TEMPLATES)),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def render(template: str, context: dict) -> Message:
    """Both parts of a message from ``<template>.txt`` and ``<template>.html``."""
    subject = SUBJECTS[template].format(**context)
    return Message(
        subject=subject,
        text=_env.get_template(f"{template}.txt").render(context),
        html=_env.get_template(f"{template}.html").render({**context, "subject": subject}),
    )


def queue(session: Session, *, kind: str, to: str, message: Message,
          company_id: int | None = None, identity_id: int | None = None,
          sender_id: int | None = None) -> OutboxMessage:
    """Put a message in the outbox, inside the caller's transaction."""
    row = OutboxMessage(kind=kind, to_email=to, subject=message.subject, text_body=message.text,
                        html_body=message.html, company_id=company_id, identity_id=identity_id,
                        sender_id=sender_id, next_attempt_at=clock.now())
    session.add(row)
    return row


# --- delivery ------------------------------------------------------------------------------


def _mime(row: OutboxMessage, settings: Settings) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = row.subject
    msg["From"] = settings.mail_from
    msg["To"] = row.to_email
    msg["Message-ID"] = make_msgid(domain="vfo.local")
    msg.set_content(row.text_body)
    msg.add_alternative(row.html_body, subtype="html")
    return msg


def send_smtp(row: OutboxMessage, settings: Settings) -> None:
    """One message over SMTP; STARTTLS and login only when configured."""
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                      timeout=settings.smtp_timeout_seconds) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(_mime(row, settings))


def _claim(session: Session, row_id: int) -> bool:
    """Take a due message for this worker (compare-and-set), so two workers never both send
    it. Committed at once: the claim must be visible before the slow SMTP conversation."""
    now = clock.now()
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id, OutboxMessage.sent_at.is_(None),
               OutboxMessage.next_attempt_at <= now)
        .values(next_attempt_at=now + timedelta(minutes=CLAIM_MINUTES),
                attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def _pause(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_PAUSE_MINUTES))


def _deliver_one(session: Session, row: OutboxMessage, settings: Settings) -> bool:
    try:
        if settings.smtp_configured:
            send_smtp(row, settings)
    except (OSError, smtplib.SMTPException) as exc:
        row.last_error = (str(exc) or exc.__class__.__name__)[:500]
        row.next_attempt_at = clock.now() + _pause(row.attempts)
        log.warning("e-mail %s aan %s niet verzonden: %s", row.id, row.to_email, row.last_error)
        ok = False
    else:
        row.sent_at = clock.now()
        row.transport = "smtp" if settings.smtp_configured else "mailbox"
        row.last_error = ""
        ok = True
    session.add(row)
    session.commit()
    return ok


def deliver_pending(session: Session, *, settings: Settings | None = None,
                    limit: int = 50) -> int:
    """Send the due messages; returns how many were delivered. Commits per message, since
    SMTP is no part of any database transaction. Call it after a commit that queued mail,
    from the timer and from ``vfo send-mail``."""
    settings = settings or get_settings()
    due = session.exec(
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= clock.now())
        .order_by(OutboxMessage.id).limit(limit)
    ).all()
    delivered = 0
    for row_id in due:
        if not _claim(session, row_id):
            continue
        row = session.get(OutboxMessage, row_id, populate_existing=True)
        delivered += _deliver_one(session, row, settings)
    return delivered


def deliver_now() -> int:
    """deliver_pending in its own session, for callers outside a use case."""
    from vfo_app.domain.db import session_scope

    with session_scope() as session:
        return deliver_pending(session)


async def deliver_forever(interval_seconds: float = 60) -> None:
    """The retry timer: deliver what is due every ``interval_seconds`` (a lifespan task)."""
    while True:
        try:
            await asyncio.to_thread(deliver_now)
        except Exception:  # the timer must survive a database hiccup
            log.exception("e-mail bezorgen mislukt")
        await asyncio.sleep(interval_seconds)


def mailbox(session: Session, *, limit: int = 50) -> list[OutboxMessage]:
    """The newest messages, for the development mailbox page."""
    return list(session.exec(
        select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)).all())
