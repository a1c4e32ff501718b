"""The one-time ticket that turns a session started over the websocket into an HttpOnly cookie.

A session starts inside a Reflex event (login, the second step, activation, a password reset),
but JavaScript may never see its token: the browser gets the cookie from an HTTP response
(``vfo_app.auth_routes``). So the event hands the browser a *ticket* instead, and sends it to
``GET /auth/session?ticket=...``, which redeems it and sets the cookie.

The ticket is the SHA-256 of the new session's token (what the session row stores anyway),
signed with itsdangerous (its own salt) and valid ``TICKET_SECONDS``. Redeeming it gives the
session a fresh token (the row's hash is replaced in one conditional UPDATE), so a ticket works
once: the second redemption finds no row with that hash. The token that travelled through the
event dies with it, and the ticket never carries a token itself: an address bar, a proxy log
or a Referer that shows the ticket shows nothing that opens a session after it was used.
"""

from __future__ import annotations

from itsdangerous import BadData, URLSafeTimedSerializer
from sqlmodel import Session, col, update

from vfo_app.domain import clock, security
from vfo_app.domain.models import AuthSession
from vfo_app.domain.tokens import _ClockSigner
from vfo_app.settings import get_settings

SALT = "vfo.session-ticket.v1"
TICKET_SECONDS = 60


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt=SALT, signer=_ClockSigner)


def issue(token: str) -> str:
    """A ticket for the session of ``token`` (just started by this event)."""
    return _serializer().dumps(security.token_digest(token))


def redeem(session: Session, ticket: str) -> str | None:
    """The session's new token, or None for an altered, expired or used ticket, or a session
    that has ended meanwhile. The caller commits."""
    try:
        digest = _serializer().loads(ticket, max_age=TICKET_SECONDS)
    except (BadData, TypeError, ValueError):
        return None
    if not isinstance(digest, str) or not digest:
        return None
    token = security.new_session_token()
    result = session.exec(
        update(AuthSession)
        .where(col(AuthSession.token_hash) == digest, col(AuthSession.revoked_at).is_(None),
               col(AuthSession.expires_at) > clock.now())
        .values(token_hash=security.token_digest(token)))
    return token if result.rowcount == 1 else None
