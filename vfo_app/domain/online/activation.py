"""The activation link: set a password, accept the terms, be logged in.

An expired, used, superseded or altered link gets one answer (``InvalidLink``), and
"Stuur een nieuwe link" answers the same whether or not the address is known.

An activation link only activates: it sets the first password of an account that has none.
For an account that is already activated it is dead, and none is sent, so whoever reads
someone's mail (or asks a link for their address) cannot set a new password on an active
account; forgetting a password is the reset flow, with its own link and generation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, select

from vfo_app.domain import audit, auth, clock, emails, security, tokens
from vfo_app.domain.accounts import check_password, password_words
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.models import AccountActivation, CompanyMember, Identity
from vfo_app.domain.online.users import send_activation
from vfo_app.domain.tokens import InvalidLink

POLICY = (f"Minstens {security.MIN_PASSWORD_LENGTH} tekens", security.STRENGTH_RULE)
LINK_VALID_TEXT = f"{tokens.VALID_MINUTES} minuten geldig"  # "De link is ... geldig."
NEW_LINK_ANSWER = ("Als dit e-mailadres bij ons bekend is, ontvangt u binnen enkele minuten een "
                   f"e-mail met een nieuwe link. De link is {LINK_VALID_TEXT}.")
NEW_LINK_PAUSE = timedelta(minutes=1)  # at most one new link a minute per address

__all__ = ["InvalidLink", "LinkView", "activate", "check_password", "request_new_link",
           "view_link"]


@dataclass(frozen=True)
class LinkView:
    first_name: str
    email: str
    needs_terms: bool  # a new user accepts the Gebruikersvoorwaarden first


def _terms_accepted(session: Session, identity_id: int) -> bool:
    row = session.exec(select(AccountActivation).where(
        AccountActivation.identity_id == identity_id)).first()
    return row is not None and row.terms_accepted_at is not None


def _read(session: Session, token: str) -> tuple[Identity, tokens.LinkClaim]:
    """The not yet activated identity a valid link belongs to; raises InvalidLink otherwise."""
    identity, claim = tokens.read(session, token)
    if is_activated(identity):
        raise InvalidLink()
    return identity, claim


def is_activated(identity: Identity) -> bool:
    """The account has a password: activation is done, an activation link does nothing."""
    return bool(identity.password_hash)


def view_link(session: Session, token: str) -> LinkView:
    """What the activation page shows for a valid link; raises InvalidLink otherwise."""
    identity, _ = _read(session, token)
    return LinkView(identity.first_name, identity.email,
                    not _terms_accepted(session, identity.id))


def activate(session: Session, *, token: str, password: str, password_repeat: str,
             accept_terms: bool) -> str:
    """Set the password through a valid link; returns a session token (the user is logged
    in). The link is used up in the same transaction, and the address counts as checked."""
    identity, claim = _read(session, token)
    errors = check_password(password, password_repeat, password_words(session, identity))
    needs_terms = not _terms_accepted(session, identity.id)
    if needs_terms and not accept_terms:
        errors["accept_terms"] = "Accepteer de Gebruikersvoorwaarden om verder te gaan."
    if errors:
        raise ValidationFailed(errors)
    tokens.consume(session, claim)
    now = clock.now()
    identity.password_hash = security.hash_password(password)
    identity.email_verified_at = identity.email_verified_at or now
    session.add(identity)
    row = tokens.bookkeeping(session, identity.id)
    row.terms_accepted_at = row.terms_accepted_at or now
    session.add(row)
    audit.record(session, actor_id=identity.id, office_id=None, action="activated",
                 entity="identity", entity_id=identity.id,
                 changes={"terms_accepted": needs_terms})
    return auth.start_session(session, identity)


def request_new_link(session: Session, *, email: str) -> str:
    """Stuur een nieuwe link: sends one only to a client user with an active membership whose
    account is not yet activated, and not more than once a minute, but always gives the same
    answer. The mail is caused by nobody's office: its company says whose it is."""
    identity = session.exec(select(Identity).where(
        Identity.email == emails.normalize(email))).first()
    if (identity is not None and identity.is_active and not is_activated(identity)
            and _is_client_user(session, identity.id)):
        row = tokens.bookkeeping(session, identity.id)
        if row.last_sent_at is None or clock.now() - row.last_sent_at >= NEW_LINK_PAUSE:
            company_id = _first_company(session, identity.id)
            send_activation(session, identity, company_id=company_id, sender_id=None)
    return NEW_LINK_ANSWER


def _is_client_user(session: Session, identity_id: int) -> bool:
    return _first_company(session, identity_id) is not None


def _first_company(session: Session, identity_id: int) -> int | None:
    return session.exec(select(CompanyMember.company_id).where(
        CompanyMember.identity_id == identity_id, CompanyMember.active == True)
        .order_by(CompanyMember.id)).first()
