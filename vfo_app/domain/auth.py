"""Login, sessions and the actor every use case receives.

The server mints the session token; only its SHA-256 is stored. A login rotates
(ends) the identity's earlier sessions on that browser by issuing a new token;
logout revokes it. Unknown e-mail and wrong password get the same message. Failed
attempts slow down further ones with growing delays per address, per client IP and per
pair, so that an attacker cannot lock out the owner (``login_throttle``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session, col, or_, select, update

from vfo_app.domain import audit, clock, emails, login_throttle, security
from vfo_app.domain.errors import NotAuthenticated
from vfo_app.domain.models import AuthSession, Identity, Office, OfficeMembership
from vfo_app.settings import get_settings

LOGIN_FAILED_MESSAGE = "Onbekend e-mailadres of onjuist wachtwoord."
THROTTLED_MESSAGE = (
    "Te veel mislukte pogingen om in te loggen. Probeer het over {wait} opnieuw."
)

LAST_SEEN_EVERY = timedelta(minutes=1)  # AuthSession.last_seen_at: reads write at most this often

# An employee's role in their office (OfficeMembership.role); a client user's role in a company
# is another thing: online.companies.COMPANY_ROLE_*.
OFFICE_ROLE_BEHEERDER = "beheerder"
OFFICE_ROLE_MEDEWERKER = "medewerker"


@dataclass(frozen=True)
class Actor:
    """Who is acting: an identity, and the office they work for (None for client users)."""

    identity_id: int
    email: str
    name: str
    office_id: int | None = None
    office_name: str = ""
    office_role: str | None = None
    # Whether the office requires a second factor this person has not set up, read in the same
    # query as the session (``actor_for_token``); None for an actor made otherwise, whose
    # answer the access policy reads from the database (``access.needs_second_factor``).
    second_factor_due: bool | None = field(default=None, compare=False, repr=False)

    @property
    def is_employee(self) -> bool:
        return self.office_id is not None

    @property
    def is_office_admin(self) -> bool:
        return self.office_role == OFFICE_ROLE_BEHEERDER


@dataclass(frozen=True)
class LoginOutcome:
    """A fresh session token, or the message to show. Not an exception: the failed
    attempt must be committed for throttling, not rolled back."""

    token: str | None = None
    message: str = ""
    # The password was right but the identity has a second factor: no session yet; the login
    # goes on with a code (vfo_app.domain.two_factor.pending_login / finish_login).
    second_factor_for: int | None = None


def login(session: Session, *, email: str, password: str, ip: str = "") -> LoginOutcome:
    """Check the credentials; on success mint a session token. ``ip``: the client's address
    (Reflex's router, X-Forwarded-For only from REFLEX_TRUSTED_PROXY_HOPS proxies)."""
    email = emails.normalize(email)
    wait = login_throttle.wait(session, email=email, ip=ip)
    if wait.seconds:
        return LoginOutcome(message=THROTTLED_MESSAGE.format(wait=wait.text))

    identity = session.exec(select(Identity).where(Identity.email == email)).first()
    ok, new_hash = security.verify_password(password, identity.password_hash if identity else None)
    if not ok or identity is None or not identity.is_active:
        login_throttle.record(session, email=email, ip=ip, success=False)
        return LoginOutcome(message=LOGIN_FAILED_MESSAGE)

    if new_hash:
        identity.password_hash = new_hash
    login_throttle.record(session, email=email, ip=ip, success=True)
    if identity.totp_enabled_at is not None and identity.totp_secret:
        return LoginOutcome(second_factor_for=identity.id)
    return LoginOutcome(token=start_session(session, identity))


def start_session(session: Session, identity: Identity) -> str:
    """Mint a session for an identity whose credentials were just proven (login, or setting
    a password through an activation link); returns the token for the cookie."""
    now = clock.now()
    identity.last_login_at = now
    session.add(identity)
    token = security.new_session_token()
    session.add(
        AuthSession(
            token_hash=security.token_digest(token),
            identity_id=identity.id,
            created_at=now,
            expires_at=now + timedelta(hours=get_settings().session_hours),
        )
    )
    audit.record(session, actor_id=identity.id, office_id=None, action="login",
                 entity="identity", entity_id=identity.id)
    return token


def logout(session: Session, *, token: str) -> None:
    row = _live_session(session, token)
    if row is not None:
        row.revoked_at = clock.now()
        session.add(row)


def end_all_sessions(session: Session, identity_id: int) -> int:
    """End every open session of an identity (deactivated: open tabs are logged out at their
    next event). Returns how many were ended."""
    now = clock.now()
    rows = session.exec(select(AuthSession).where(AuthSession.identity_id == identity_id,
                                                  col(AuthSession.revoked_at).is_(None),
                                                  AuthSession.expires_at > now)).all()
    for row in rows:
        row.revoked_at = now
        session.add(row)
    return len(rows)


def _live_session(session: Session, token: str) -> AuthSession | None:
    if not token:
        return None
    row = session.exec(
        select(AuthSession).where(AuthSession.token_hash == security.token_digest(token))
    ).first()
    if row is None or row.revoked_at is not None or row.expires_at <= clock.now():
        return None
    return row


def actor_for_token(session: Session, token: str) -> Actor | None:
    """The actor behind a session token, or None when it is unknown, expired or ended.

    One query (session, identity and first office membership joined): every page load and
    event resolves the actor, so this is the app's most frequent round trip. The office's
    two-factor requirement and the identity's second factor come with it (``second_factor_due``),
    where the policy's check read the office again on every page load and event. It writes
    only ``last_seen_at`` (Mijn account), and at most once per ``LAST_SEEN_EVERY`` per session.
    """
    if not token:
        return None
    row = session.exec(
        select(AuthSession.revoked_at, AuthSession.expires_at, Identity.id, Identity.email,
               Identity.first_name, Identity.last_name, Office.id, Office.name,
               OfficeMembership.role, AuthSession.id, AuthSession.last_seen_at,
               Office.require_two_factor, Identity.totp_enabled_at, Identity.totp_secret)
        .select_from(AuthSession)
        .join(Identity, Identity.id == AuthSession.identity_id)
        .outerjoin(OfficeMembership, OfficeMembership.identity_id == Identity.id)
        .outerjoin(Office, Office.id == OfficeMembership.office_id)
        .where(AuthSession.token_hash == security.token_digest(token), Identity.is_active == True)
        .order_by(OfficeMembership.id)
        .limit(1)
    ).first()
    if row is None:
        return None
    (revoked_at, expires_at, identity_id, email, first, last, office_id, office_name, role,
     session_id, last_seen_at, requires_second_factor, totp_enabled_at, totp_secret) = row
    now = clock.now()
    if revoked_at is not None or expires_at <= now:
        return None
    if last_seen_at is None or now - last_seen_at >= LAST_SEEN_EVERY:
        _seen(session, session_id, now)
    return Actor(
        identity_id=identity_id,
        email=email,
        name=f"{first} {last}".strip(),  # Identity.full_name
        office_id=office_id,
        office_name=office_name or "",
        office_role=role,
        second_factor_due=bool(office_id is not None and requires_second_factor
                               and (totp_enabled_at is None or not totp_secret)),
    )


def _seen(session: Session, session_id: int, now) -> None:
    """Note that the session was used; conditional, so of many simultaneous events one writes."""
    session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id,
               or_(col(AuthSession.last_seen_at).is_(None),
                   AuthSession.last_seen_at <= now - LAST_SEEN_EVERY))
        .values(last_seen_at=now)
        .execution_options(synchronize_session=False)
    )


def require_actor(session: Session, token: str) -> Actor:
    actor = actor_for_token(session, token)
    if actor is None:
        raise NotAuthenticated("Uw sessie is verlopen. Log opnieuw in.")
    return actor
