"""Signed, single-use links (itsdangerous), one salt per purpose.

A link carries the identity id, the address it was sent to and the identity's current
"generation" for its purpose (``AccountActivation.generation`` for activation links,
``LinkGeneration`` per purpose for reset and e-mail-change links). Resending, changing the
address and using the link move the generation on, so every earlier link of that purpose is
dead without keeping a token table (Django's PasswordResetTokenGenerator idea), while a link
of another purpose lives on: a reset does not kill an open activation link, nor the reverse.
The age is measured with ``clock.now()`` so tests can move time.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadData, TimestampSigner, URLSafeTimedSerializer
from sqlmodel import Session, select, update

from vfo_app.domain import clock
from vfo_app.domain.errors import DomainError
from vfo_app.domain.models import AccountActivation, Identity, LinkGeneration
from vfo_app.settings import get_settings

ACTIVATE = "activate"
RESET = "reset"  # Wachtwoord vergeten?
EMAIL_CHANGE = "email_change"  # Mijn account: confirm a new address (sent to that address)
SALTS = {ACTIVATE: "vfo.account-activation.v1", RESET: "vfo.password-reset.v1",
         EMAIL_CHANGE: "vfo.email-change.v1"}
VALID_MINUTES = 15  # every link's lifetime, defined once; the e-mails and pages say it from here


class InvalidLink(DomainError):
    """Expired, used, superseded, altered or made for another purpose: one answer for all."""


class _ClockSigner(TimestampSigner):
    """Signs and checks the age with the app's clock instead of time.time()."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt=SALTS[purpose],
                                  signer=_ClockSigner)


def _table(purpose: str) -> type[AccountActivation] | type[LinkGeneration]:
    return AccountActivation if purpose == ACTIVATE else LinkGeneration


def _where(purpose: str, identity_id: int) -> tuple:
    table = _table(purpose)
    if table is AccountActivation:
        return (AccountActivation.identity_id == identity_id,)
    return (LinkGeneration.identity_id == identity_id, LinkGeneration.purpose == purpose)


def bookkeeping(session: Session, identity_id: int, purpose: str = ACTIVATE
                ) -> AccountActivation | LinkGeneration:
    """The identity's generation row for this purpose, created on first need."""
    row = session.exec(select(_table(purpose)).where(*_where(purpose, identity_id))).first()
    if row is None:
        row = (AccountActivation(identity_id=identity_id) if purpose == ACTIVATE
               else LinkGeneration(identity_id=identity_id, purpose=purpose))
        session.add(row)
        session.flush()
    return row


def address(identity: Identity, purpose: str) -> str | None:
    """Where a link of this purpose goes: the new address waiting for confirmation for an
    e-mail change, the account's address otherwise. A link whose address is no longer this
    one is dead (the address changed, or another new address was asked for)."""
    return identity.pending_email if purpose == EMAIL_CHANGE else identity.email


def supersede(session: Session, identity_id: int, purpose: str = ACTIVATE
              ) -> AccountActivation | LinkGeneration:
    """Kill every link of this purpose made so far for this identity (resend, address
    change, a password changed another way)."""
    row = bookkeeping(session, identity_id, purpose)
    row.generation += 1
    session.add(row)
    session.flush()
    return row


def issue(session: Session, identity: Identity, purpose: str = ACTIVATE) -> str:
    """A new link token for the identity's address for this purpose (``address``); earlier
    links of the same purpose stop working."""
    row = supersede(session, identity.id, purpose)
    row.last_sent_at = clock.now()
    session.add(row)
    payload = {"i": identity.id, "e": address(identity, purpose), "g": row.generation}
    return _serializer(purpose).dumps(payload)


@dataclass(frozen=True)
class LinkClaim:
    identity_id: int
    email: str
    generation: int
    purpose: str = ACTIVATE


def read(session: Session, token: str, purpose: str = ACTIVATE) -> tuple[Identity, LinkClaim]:
    """The identity a still-valid link belongs to; raises InvalidLink otherwise."""
    try:
        data = _serializer(purpose).loads(token, max_age=VALID_MINUTES * 60)
        claim = LinkClaim(int(data["i"]), str(data["e"]), int(data["g"]), purpose)
    except (BadData, KeyError, TypeError, ValueError):
        raise InvalidLink() from None
    identity = session.get(Identity, claim.identity_id)
    row = session.exec(select(_table(purpose)).where(
        *_where(purpose, claim.identity_id))).first()
    if (identity is None or not identity.is_active or address(identity, purpose) != claim.email
            or row is None or row.generation != claim.generation):
        raise InvalidLink()
    return identity, claim


def consume(session: Session, claim: LinkClaim) -> None:
    """Use the link up: compare-and-set on the generation, so of two simultaneous uses
    only one succeeds. Only the generation of the claim's purpose moves."""
    table = _table(claim.purpose)
    result = session.execute(
        update(table)
        .where(*_where(claim.purpose, claim.identity_id), table.generation == claim.generation)
        .values(generation=table.generation + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise InvalidLink()
    for obj in list(session.identity_map.values()):  # the loaded row is stale now
        if isinstance(obj, table):
            session.expire(obj)
