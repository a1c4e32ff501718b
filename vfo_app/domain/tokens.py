"""Signed, single-use links (itsdangerous), one salt per purpose.

A link carries the identity id, the address it was sent to and the identity's current
"generation" (``AccountActivation.generation``). Resending, changing the address and using
the link move the generation on, so every earlier link is dead without keeping a token
table (Django's PasswordResetTokenGenerator idea). The age is measured with ``clock.now()``
so tests can move time.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadData, TimestampSigner, URLSafeTimedSerializer
from sqlmodel import Session, select, update

from vfo_app.domain import clock
from vfo_app.domain.errors import DomainError
from vfo_app.domain.models import AccountActivation, Identity
from vfo_app.settings import get_settings

ACTIVATE = "activate"
SALTS = {ACTIVATE: "vfo.account-activation.v1"}
VALID_MINUTES = 15  # the one definition; the e-mail and the pages say it from here


class InvalidLink(DomainError):
    """Expired, used, superseded, altered or made for another purpose: one answer for all."""


class _ClockSigner(TimestampSigner):
    """Signs and checks the age with the app's clock instead of time.time()."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt=SALTS[purpose],
                                  signer=_ClockSigner)


def bookkeeping(session: Session, identity_id: int) -> AccountActivation:
    """The identity's activation row, created on first need."""
    row = session.exec(select(AccountActivation).where(
        AccountActivation.identity_id == identity_id)).first()
    if row is None:
        row = AccountActivation(identity_id=identity_id)
        session.add(row)
        session.flush()
    return row


def supersede(session: Session, identity_id: int) -> AccountActivation:
    """Kill every link made so far for this identity (resend, address change)."""
    row = bookkeeping(session, identity_id)
    row.generation += 1
    session.add(row)
    session.flush()
    return row


def issue(session: Session, identity: Identity, purpose: str = ACTIVATE) -> str:
    """A new link token for the identity's current address; earlier links stop working."""
    row = supersede(session, identity.id)
    row.last_sent_at = clock.now()
    session.add(row)
    payload = {"i": identity.id, "e": identity.email, "g": row.generation}
    return _serializer(purpose).dumps(payload)


@dataclass(frozen=True)
class LinkClaim:
    identity_id: int
    email: str
    generation: int


def read(session: Session, token: str, purpose: str = ACTIVATE) -> tuple[Identity, LinkClaim]:
    """The identity a still-valid link belongs to; raises InvalidLink otherwise."""
    try:
        data = _serializer(purpose).loads(token, max_age=VALID_MINUTES * 60)
        claim = LinkClaim(int(data["i"]), str(data["e"]), int(data["g"]))
    except (BadData, KeyError, TypeError, ValueError):
        raise InvalidLink() from None
    identity = session.get(Identity, claim.identity_id)
    row = session.exec(select(AccountActivation).where(
        AccountActivation.identity_id == claim.identity_id)).first()
    if (identity is None or not identity.is_active or identity.email != claim.email
            or row is None or row.generation != claim.generation):
        raise InvalidLink()
    return identity, claim


def consume(session: Session, claim: LinkClaim) -> None:
    """Use the link up: compare-and-set on the generation, so of two simultaneous uses
    only one succeeds."""
    result = session.execute(
        update(AccountActivation)
        .where(AccountActivation.identity_id == claim.identity_id,
               AccountActivation.generation == claim.generation)
        .values(generation=AccountActivation.generation + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise InvalidLink()
    for obj in list(session.identity_map.values()):  # the loaded row is stale now
        if isinstance(obj, AccountActivation):
            session.expire(obj)
