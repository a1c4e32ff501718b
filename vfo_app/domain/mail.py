"""Outgoing e-mail: rendered from Jinja2 templates, queued in the outbox, delivered later.

A message is written to ``OutboxMessage`` in the same transaction as the change that
causes it, so a rolled-back change sends nothing and a committed one is never lost.
``deliver_pending`` sends what is due: over SMTP when ``VFO_SMTP_HOST`` is set, otherwise
it is kept for the development mailbox page. A failed delivery stays queued with its error
(shown in Gebruikers) and is retried with a growing pause. Any number of workers may deliver
at once (see the delivery section); the app's timer is ``vfo_app.domain.jobs.run_forever``.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid, parseaddr
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlmodel import Session, or_, select, update

from vfo_app.domain import access, clock, tokens
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import PermissionDenied
from vfo_app.domain.house_style import HouseStyle
from vfo_app.domain.models import OutboxAttachment, OutboxMessage
from vfo_app.settings import Settings, get_settings

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "email"
SUBJECTS = {
    "activation": "Activeer je account voor Visma Online",
    "access_granted": "Je hebt toegang gekregen tot {company_name} in Visma Online",
    "password_reset": "Nieuw wachtwoord kiezen",
    "password_changed": "Uw wachtwoord is gewijzigd",
    "email_change": "Bevestig uw nieuwe e-mailadres",
    "email_change_notice": "Uw e-mailadres wordt gewijzigd",
    "notice_digest": "Meldingen over de cijfers van uw klanten ({count})",
    "pack_published": "{title} van {office_name}",
    "figure_question": "Vraag van {client} over {figure} ({period})",
    "figure_answer": "Antwoord op uw vraag over {figure} ({period})",
}
_COLOUR = re.compile(r"#[0-9a-f]{6}")
DEV_MAILBOX_OFF = "De ontwikkelmailbox bestaat alleen in de ontwikkelomgeving."
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


def _stated_facts(template: str) -> dict:
    """What a kind of message always states, taken from its one definition (the caller may
    pass another value): the activation mail says how long its link works."""
    if template == "activation":
        return {"valid_minutes": tokens.VALID_MINUTES}
    return {}


def render(template: str, context: dict, *, house: HouseStyle | None = None) -> Message:
    """Both parts of a message from ``<template>.txt`` and ``<template>.html``. ``house``: the
    office the message speaks for; the HTML part then opens with its name on a band of its
    main colour (``_layout.html``; colour checked again here, text escaped by Jinja2)."""
    context = {**_stated_facts(template), **context}
    subject = SUBJECTS[template].format(**context)
    band = None
    if house is not None and house.office_name:
        band = {"name": house.office_name,
                "colour": house.colour if _COLOUR.fullmatch(house.colour or "") else "#0b63b6"}
    return Message(
        subject=subject,
        text=_env.get_template(f"{template}.txt").render(context),
        html=_env.get_template(f"{template}.html").render({**context, "subject": subject,
                                                           "house_band": band}),
    )


def queue(session: Session, *, kind: str, to: str, message: Message,
          company_id: int | None = None, identity_id: int | None = None,
          sender_id: int | None = None, office_id: int | None = None) -> OutboxMessage:
    """Put a message in the outbox, inside the caller's transaction. ``office_id``: the office
    whose employee caused it (None when a client user or nobody did: then ``company_id`` says
    whose mail it is); the development mailbox shows mail only to its own side."""
    row = OutboxMessage(kind=kind, to_email=to, subject=message.subject, text_body=message.text,
                        html_body=message.html, company_id=company_id, identity_id=identity_id,
                        sender_id=sender_id, office_id=office_id, next_attempt_at=clock.now(),
                        message_id=make_msgid(domain=_mail_domain(get_settings())))
    session.add(row)
    return row


# --- delivery ------------------------------------------------------------------------------
# Many workers and app instances deliver the same outbox. A message is claimed one at a time:
# on PostgreSQL ``SELECT ... FOR UPDATE SKIP LOCKED`` hands each worker a different row, on
# SQLite (no row locks) the compare-and-set UPDATE decides. The claim is a lease
# (``locked_until``, ``locked_by``) committed before the SMTP conversation, so a worker that
# dies holding it only delays the message until the lease runs out; another worker then sends
# it. The result is written only while this worker still holds the lease (fencing).
#
# Delivery is at-least-once, not exactly-once: SMTP is no part of the transaction. A worker
# that dies after the server accepted the message but before its commit, or that outlives its
# lease, lets the message be sent again. That window is milliseconds (the lease is minutes,
# the SMTP timeout seconds); the retry carries the same Message-ID header, so receivers that
# deduplicate on it (most do in threads and many filters) show it once.


def worker_id() -> str:
    """Who holds a lease: host and process for diagnosis, plus randomness per call."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}:{secrets.token_hex(4)}"


def _mail_domain(settings: Settings) -> str:
    return parseaddr(settings.mail_from)[1].rpartition("@")[2] or "vfo.local"


def _mime(row: OutboxMessage, settings: Settings,
          attachments: Sequence[OutboxAttachment] = ()) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = row.subject
    msg["From"] = settings.mail_from
    msg["To"] = row.to_email
    msg["Message-ID"] = row.message_id or f"<outbox-{row.id}@{_mail_domain(settings)}>"
    msg.set_content(row.text_body)
    msg.add_alternative(row.html_body, subtype="html")
    for item in attachments:  # e.g. the report pack's PDF
        main, _, sub = item.content_type.partition("/")
        msg.add_attachment(item.content, maintype=main, subtype=sub or "octet-stream",
                           filename=item.filename)
    return msg


def tls_context(settings: Settings) -> ssl.SSLContext:
    """A client context that verifies the server's certificate and host name against the
    system's CAs, plus ``VFO_SMTP_CA_FILE`` for a private CA (``ssl.create_default_context``:
    TLS 1.2 or newer, CERT_REQUIRED, check_hostname)."""
    return ssl.create_default_context(cafile=settings.smtp_ca_file or None)


def _connect(settings: Settings) -> smtplib.SMTP:
    if settings.smtp_ssl:  # implicit TLS (SMTPS, port 465): encrypted from the first byte
        return smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                timeout=settings.smtp_timeout_seconds,
                                context=tls_context(settings))
    return smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                        timeout=settings.smtp_timeout_seconds)


def send_smtp(row: OutboxMessage, settings: Settings,
              attachments: Sequence[OutboxAttachment] = ()) -> None:
    """One message over SMTP. With TLS on (``VFO_SMTP_SSL`` or ``VFO_SMTP_STARTTLS``) the
    certificate is verified before the login: an untrusted certificate ends the conversation
    (ssl.SSLCertVerificationError, an OSError) and the message stays queued with its error."""
    with _connect(settings) as smtp:
        if settings.smtp_starttls and not settings.smtp_ssl:
            smtp.starttls(context=tls_context(settings))
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(_mime(row, settings, attachments))


def attachments(session: Session, outbox_id: int) -> list[OutboxAttachment]:
    """The files sent with a message (``OutboxAttachment``), in the order they were added."""
    return list(session.exec(select(OutboxAttachment).where(
        OutboxAttachment.outbox_id == outbox_id).order_by(OutboxAttachment.id)).all())


def _due(now):
    return (OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now))


def _claim(session: Session, row_id: int, worker: str | None = None) -> bool:
    """Take a due message for ``worker`` (compare-and-set), so two workers never both hold
    it. Committed at once: the lease must be visible before the slow SMTP conversation."""
    now = clock.now()
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id, *_due(now))
        .values(locked_until=now + timedelta(minutes=CLAIM_MINUTES),
                locked_by=worker or worker_id(), attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def _claim_next(session: Session, worker: str) -> int | None:
    """The id of the next due message, now leased to ``worker``; None when nothing is due.
    SKIP LOCKED lets PostgreSQL workers pass each other instead of queueing on one row;
    SQLAlchemy leaves the clause out on SQLite, where the compare-and-set alone decides."""
    while True:
        row_id = session.exec(
            select(OutboxMessage.id).where(*_due(clock.now()))
            .order_by(OutboxMessage.id).limit(1).with_for_update(skip_locked=True)
        ).first()
        if row_id is None:
            session.rollback()  # ends the read transaction (PostgreSQL)
            return None
        if _claim(session, row_id, worker):
            return row_id
        # SQLite only: another worker took it between our read and our write; look again.


def _finish(session: Session, row_id: int, worker: str, **values) -> bool:
    """Record the outcome and release the lease, only if ``worker`` still holds it."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id, OutboxMessage.locked_by == worker)
        .values(locked_until=None, locked_by=None, **values)
    )
    session.commit()
    return result.rowcount == 1


def _pause(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_PAUSE_MINUTES))


def _deliver_one(session: Session, row: OutboxMessage, settings: Settings, worker: str) -> bool:
    try:
        if settings.smtp_configured:
            send_smtp(row, settings, attachments(session, row.id))
    except (OSError, smtplib.SMTPException) as exc:
        error = (str(exc) or exc.__class__.__name__)[:500]
        log.warning("e-mail %s aan %s niet verzonden: %s", row.id, row.to_email, error)
        values = {"last_error": error, "next_attempt_at": clock.now() + _pause(row.attempts)}
        ok = False
    else:
        values = {"sent_at": clock.now(), "last_error": "",
                  "transport": "smtp" if settings.smtp_configured else "mailbox"}
        ok = True
    if not _finish(session, row.id, worker, **values):
        log.warning("e-mail %s: lease verlopen tijdens bezorgen; kan een tweede keer worden "
                    "verzonden (zelfde Message-ID)", row.id)
    return ok


def deliver_pending(session: Session, *, settings: Settings | None = None,
                    limit: int = 50) -> int:
    """Send up to ``limit`` due messages; returns how many were delivered. Commits per
    message, since SMTP is no part of any database transaction. Safe to call from any number
    of workers at once: after a commit that queued mail, from the timer, from ``vfo send-mail``."""
    settings = settings or get_settings()
    worker = worker_id()
    delivered = 0
    for _ in range(limit):
        row_id = _claim_next(session, worker)
        if row_id is None:
            break
        row = session.get(OutboxMessage, row_id, populate_existing=True)
        delivered += _deliver_one(session, row, settings, worker)
    return delivered


def deliver_now() -> int:
    """deliver_pending in its own session, for callers outside a use case."""
    from vfo_app.domain.db import session_scope

    with session_scope() as session:
        return deliver_pending(session)


def mailbox(session: Session, actor: Actor, *, limit: int = 50) -> list[OutboxMessage]:
    """The newest messages the viewer's own side caused, for the development mailbox page.
    Refused in production, where mail goes out over SMTP and links must reach only their
    recipient."""
    if get_settings().is_production:
        raise PermissionDenied(DEV_MAILBOX_OFF)
    return list(session.exec(
        select(OutboxMessage).where(access.dev_mailbox_filter(session, actor))
        .order_by(OutboxMessage.id.desc()).limit(limit)).all())
