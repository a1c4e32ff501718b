"""One's own account: "Wachtwoord vergeten?", a password's strength, and Mijn account
(password, e-mail address, sessions). For employees and client users alike.

- **Reset.** A request answers the same whether or not the address is known (``RESET_ANSWER``)
  and is counted as a ``LoginAttempt`` of kind "reset" for its address and its IP: at most
  ``RESET_MAX_PER_ADDRESS`` mails an address and ``RESET_MAX_PER_IP`` requests an IP per
  ``RESET_WINDOW``. Past the address limit nothing is sent and the answer stays the same (so it
  tells nothing); past the IP limit the requester is told to wait (that says nothing about any
  account). Only an activated account gets a reset link: one without a password is still
  waiting for its activation link. The link (``tokens.RESET``) is bound to its own generation,
  so it does not kill an open activation or e-mail-change link, nor they it; it dies when used,
  when a newer one is sent, when the password is changed in Mijn account and when the address
  changes. The mail is caused by nobody's office or company (the requester is anonymous), so
  the development mailbox shows it to no one.
- **After a reset** every session of the user ends, the user gets the notice "Uw wachtwoord is
  gewijzigd", and is logged in, unless the account has a second factor: then the login page
  asks for both (the link proves only the mailbox).
- **Changing the password** in Mijn account needs the current one, ends the other sessions and
  sends the same notice. **Changing the address** needs the password too; the new address waits
  in ``Identity.pending_email`` until the link sent to it (``tokens.EMAIL_CHANGE``) is used, and
  the old address is told at once (an intruder's change is noticed before it takes effect).
- **Strength**: ``security.password_problem`` with the user's own words (``password_words``):
  name, address, companies and office.
- **Sessions**: Mijn account lists the user's open sessions (started, last seen, browser, IP)
  and ends any but the current one. ``last_seen_at`` is written by ``auth.actor_for_token`` at
  most once per ``auth.LAST_SEEN_EVERY``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from vfo_app import routes
from vfo_app.domain import (
    access,
    audit,
    auth,
    clock,
    emails,
    formatting,
    login_throttle,
    mail,
    security,
    tokens,
)
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.models import (
    AuthSession,
    Company,
    CompanyMember,
    Identity,
    LoginAttempt,
    Office,
    OfficeMembership,
)
from vfo_app.domain.tokens import InvalidLink
from vfo_app.settings import get_settings

RESET_KIND = "reset"  # LoginAttempt.kind of a reset request
RESET_WINDOW = timedelta(hours=1)
RESET_MAX_PER_ADDRESS = 3  # reset mails per address per window
RESET_MAX_PER_IP = 20  # reset requests per IP per window, known addresses or not
LINK_VALID_TEXT = f"{tokens.VALID_MINUTES} minuten geldig"
RESET_ANSWER = ("Als dit e-mailadres bij ons bekend is, ontvangt u binnen enkele minuten een "
                f"e-mail met een link om een nieuw wachtwoord te kiezen. De link is "
                f"{LINK_VALID_TEXT} en werkt één keer.")
RESET_IP_THROTTLED = ("U heeft te vaak een nieuw wachtwoord aangevraagd. Probeer het over "
                      f"{int(RESET_WINDOW.total_seconds() // 60)} minuten opnieuw.")
WRONG_PASSWORD = "Het huidige wachtwoord klopt niet."
PASSWORDS_DIFFER = "De wachtwoorden zijn niet gelijk."
EMAIL_TAKEN = "Dit e-mailadres is al in gebruik."
CURRENT_SESSION = "Dit is de sessie waarmee u nu werkt. Gebruik Uitloggen om die te beëindigen."

__all__ = ["InvalidLink"]  # the one answer for every dead link, as the activation page uses


# --- password strength -----------------------------------------------------------------


def password_words(session: Session, identity: Identity, *, email: str | None = None
                   ) -> list[str]:
    """The user's own words a password must not lean on: name, e-mail address (``email``: a
    new one being set), the names of their companies and office."""
    companies = session.exec(select(Company.name).join(
        CompanyMember, CompanyMember.company_id == Company.id).where(
        CompanyMember.identity_id == identity.id)).all()
    offices = session.exec(select(Office.name).join(
        OfficeMembership, OfficeMembership.office_id == Office.id).where(
        OfficeMembership.identity_id == identity.id)).all()
    return security.password_context(identity.full_name, identity.email, email,
                                     *companies, *offices)


def check_password(password: str, repeat: str, context: Iterable[str] = ()) -> dict[str, str]:
    """The errors of a new password and its repetition (activation, reset, Mijn account);
    ``context``: the user's own words (``password_words``)."""
    errors: dict[str, str] = {}
    problem = security.password_problem(password, context)
    if problem:
        errors["password"] = problem
    if password != repeat:
        errors["password_repeat"] = PASSWORDS_DIFFER
    return errors


# --- Wachtwoord vergeten? ----------------------------------------------------------------


def _recent(session: Session, *conditions) -> int:
    since = clock.now() - RESET_WINDOW
    return session.exec(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.kind == RESET_KIND, LoginAttempt.at >= since, *conditions)).one()


def request_reset(session: Session, *, email: str, ip: str = "") -> str:
    """Wachtwoord vergeten?: a reset link to an activated, active account, throttled per
    address and IP; the answer does not say whether the address is known. Commit the
    transaction even when nothing was sent: the request counts towards the throttle.
    Raises ValidationFailed only when the IP has asked too often."""
    address = emails.normalize(email)
    if ip and _recent(session, LoginAttempt.ip == ip) >= RESET_MAX_PER_IP:
        raise ValidationFailed({"email": RESET_IP_THROTTLED})
    sent_before = _recent(session, LoginAttempt.email == address, LoginAttempt.success == True)
    identity = session.exec(select(Identity).where(Identity.email == address)).first()
    send = (identity is not None and identity.is_active and bool(identity.password_hash)
            and sent_before < RESET_MAX_PER_ADDRESS)
    session.add(LoginAttempt(email=address, ip=ip[:45], kind=RESET_KIND, success=send,
                             at=clock.now()))
    if send:
        token = tokens.issue(session, identity, tokens.RESET)
        link = routes.reset_url(get_settings().base_url, token)
        message = mail.render("password_reset", {"first_name": identity.first_name,
                                                 "link": link,
                                                 "valid_minutes": tokens.VALID_MINUTES})
        mail.queue(session, kind="password_reset", to=identity.email, message=message,
                   identity_id=identity.id)
    return RESET_ANSWER


@dataclass(frozen=True)
class ResetView:
    first_name: str
    email: str


def view_reset_link(session: Session, token: str) -> ResetView:
    """What the reset page shows for a valid link; raises InvalidLink otherwise."""
    identity, _ = tokens.read(session, token, tokens.RESET)
    return ResetView(identity.first_name, identity.email)


@dataclass(frozen=True)
class ResetDone:
    """A session token when the user is logged in; None when their second factor is needed
    first (``second_factor``): they log in on the login page."""

    token: str | None
    second_factor: bool


def reset_password(session: Session, *, token: str, password: str, password_repeat: str
                   ) -> ResetDone:
    """Set a new password through a valid reset link, in one transaction: the link is used
    up, every session of the user ends, the notice is queued, and the user is logged in
    unless a second factor is required."""
    identity, claim = tokens.read(session, token, tokens.RESET)
    errors = check_password(password, password_repeat, password_words(session, identity))
    if errors:
        raise ValidationFailed(errors)
    tokens.consume(session, claim)
    _set_password(session, identity, password, action="password_reset")
    identity.email_verified_at = identity.email_verified_at or clock.now()  # they read the mail
    auth.end_all_sessions(session, identity.id)
    if _has_second_factor(identity):
        return ResetDone(token=None, second_factor=True)
    return ResetDone(token=auth.start_session(session, identity), second_factor=False)


def _has_second_factor(identity: Identity) -> bool:
    return identity.totp_enabled_at is not None


def _set_password(session: Session, identity: Identity, password: str, *, action: str) -> None:
    identity.password_hash = security.hash_password(password)
    session.add(identity)
    tokens.supersede(session, identity.id, tokens.RESET)  # an open reset link dies too
    audit.record(session, actor_id=identity.id, office_id=None, action=action,
                 entity="identity", entity_id=identity.id)
    message = mail.render("password_changed", {
        "first_name": identity.first_name, "changed_at": formatting.moment(clock.now()),
        "reset_link": get_settings().base_url.rstrip("/") + routes.PASSWORD_FORGOTTEN})
    mail.queue(session, kind="password_changed", to=identity.email, message=message,
               identity_id=identity.id)


# --- sessions ------------------------------------------------------------------------------


def note_client(session: Session, token: str, *, user_agent: str, ip: str) -> None:
    """Remember the browser and IP of a session just started (login, activation, reset), so
    Mijn account can show which session is which."""
    if not token:
        return
    row = session.exec(select(AuthSession).where(
        AuthSession.token_hash == security.token_digest(token))).first()
    if row is not None:
        row.user_agent = (user_agent or "")[:300]
        row.ip = (ip or "")[:45]
        row.last_seen_at = clock.now()
        session.add(row)


@dataclass(frozen=True)
class SessionRow:
    id: int
    started: str
    last_seen: str
    browser: str
    ip: str
    current: bool


def browser_name(user_agent: str) -> str:
    """A person's name for a browser: "Chrome op Windows"; the raw string is not for people."""
    ua = user_agent or ""
    browser = next((name for key, name in (("Edg/", "Edge"), ("OPR/", "Opera"),
                                           ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
                                           ("Chromium/", "Chromium"), ("Safari/", "Safari"))
                    if key in ua), "Onbekende browser")
    system = next((name for key, name in (("iPhone", "iPhone"), ("iPad", "iPad"),
                                          ("Android", "Android"), ("Windows", "Windows"),
                                          ("Mac OS X", "macOS"), ("Linux", "Linux"))
                   if key in ua), "")
    return f"{browser} op {system}" if system else browser


def list_sessions(session: Session, actor: Actor, current_token: str) -> list[SessionRow]:
    """The actor's open sessions, the current one first, then the most recently seen."""
    now = clock.now()
    current_hash = security.token_digest(current_token) if current_token else ""
    rows = session.exec(select(AuthSession).where(
        AuthSession.identity_id == actor.identity_id, col(AuthSession.revoked_at).is_(None),
        AuthSession.expires_at > now)).all()
    views = [SessionRow(id=row.id, started=formatting.moment(row.created_at),
                        last_seen=formatting.moment(row.last_seen_at or row.created_at),
                        browser=browser_name(row.user_agent), ip=row.ip or "onbekend",
                        current=row.token_hash == current_hash)
             for row in sorted(rows, key=lambda r: r.last_seen_at or r.created_at,
                               reverse=True)]
    return sorted(views, key=lambda v: not v.current)


def end_session(session: Session, actor: Actor, *, session_id: int, current_token: str) -> None:
    """End one of the actor's other sessions (that tab is logged out at its next event)."""
    row = access.own_session(session, actor, session_id)
    if row.token_hash == security.token_digest(current_token or ""):
        raise ValidationFailed({"sessions": CURRENT_SESSION})
    row.revoked_at = clock.now()
    session.add(row)
    audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id,
                 action="session_ended", entity="identity", entity_id=actor.identity_id)


def end_other_sessions(session: Session, actor: Actor, *, current_token: str) -> int:
    """End every session of the actor but this one; returns how many were ended."""
    access.require_person(actor)
    now = clock.now()
    current_hash = security.token_digest(current_token or "")
    rows = session.exec(select(AuthSession).where(
        AuthSession.identity_id == actor.identity_id, col(AuthSession.revoked_at).is_(None),
        AuthSession.expires_at > now, AuthSession.token_hash != current_hash)).all()
    for row in rows:
        row.revoked_at = now
        session.add(row)
    if rows:
        audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id,
                     action="sessions_ended", entity="identity", entity_id=actor.identity_id,
                     changes={"count": len(rows)})
    return len(rows)


# --- Mijn account --------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountView:
    name: str
    email: str
    pending_email: str
    sessions: list[SessionRow]


def account_view(session: Session, actor: Actor, current_token: str) -> AccountView:
    identity = access.own_identity(session, actor)
    return AccountView(name=identity.full_name, email=identity.email,
                       pending_email=identity.pending_email or "",
                       sessions=list_sessions(session, actor, current_token))


# Guesses at the current password from inside a session count as login failures of the
# address from this pseudo-IP: someone who finds a signed-in screen gets the same growing
# delays as at the login page, and the login page's count for the address grows with them.
IN_SESSION = "sessie"


TOO_MANY_GUESSES = "Te veel onjuiste pogingen. Probeer het over {wait} opnieuw."


class WrongPassword(ValidationFailed):
    """The current password was wrong. The use case rolls back, so the caller records the
    failure afterwards in a use case of its own (``record_wrong_password``)."""


def _check_current(session: Session, identity: Identity, password: str, field: str) -> None:
    """The current password, proven; after a few wrong ones the next try must wait."""
    waiting = login_throttle.wait(session, email=identity.email, ip=IN_SESSION)
    if waiting.seconds:
        raise ValidationFailed({field: TOO_MANY_GUESSES.format(wait=waiting.text)})
    ok, _ = security.verify_password(password, identity.password_hash)
    if not ok:
        raise WrongPassword({field: WRONG_PASSWORD})


def record_wrong_password(session: Session, actor: Actor) -> None:
    """Count a wrong current password as a failed login of the user's address."""
    identity = access.own_identity(session, actor)
    login_throttle.record(session, email=identity.email, ip=IN_SESSION, success=False)


def change_password(session: Session, actor: Actor, *, current_token: str,
                    current_password: str, password: str, password_repeat: str) -> int:
    """A new password, the current one proven; the other sessions end and the notice goes
    out. Returns how many other sessions were ended."""
    identity = access.own_identity(session, actor)
    _check_current(session, identity, current_password, "current_password")
    errors = check_password(password, password_repeat, password_words(session, identity))
    if not errors and password == current_password:
        errors["password"] = "Kies een ander wachtwoord dan het huidige."
    if errors:
        raise ValidationFailed(errors)
    _set_password(session, identity, password, action="password_changed")
    return end_other_sessions(session, actor, current_token=current_token)


def request_email_change(session: Session, actor: Actor, *, password: str, new_email: str
                         ) -> str:
    """Ask to log in with another address: a link to the new address confirms it, the old
    address is told at once. Returns the new address."""
    identity = access.own_identity(session, actor)
    address = emails.validated(new_email)
    if address is None:
        raise ValidationFailed({"new_email": "Vul een geldig e-mailadres in."})
    _check_current(session, identity, password, "email_password")
    if address == identity.email:
        raise ValidationFailed({"new_email": "Dit is al uw e-mailadres."})
    if session.exec(select(Identity.id).where(Identity.email == address)).first():
        raise ValidationFailed({"new_email": EMAIL_TAKEN})
    identity.pending_email = address
    session.add(identity)
    token = tokens.issue(session, identity, tokens.EMAIL_CHANGE)
    link = routes.email_confirm_url(get_settings().base_url, token)
    confirm = mail.render("email_change", {"first_name": identity.first_name,
                                           "new_email": address, "link": link,
                                           "valid_minutes": tokens.VALID_MINUTES})
    mail.queue(session, kind="email_change", to=address, message=confirm,
               identity_id=identity.id)
    notice = mail.render("email_change_notice", {"first_name": identity.first_name,
                                                 "new_email": address})
    mail.queue(session, kind="email_change_notice", to=identity.email, message=notice,
               identity_id=identity.id)
    audit.record(session, actor_id=identity.id, office_id=actor.office_id,
                 action="email_change_requested", entity="identity", entity_id=identity.id,
                 changes={"new_email": address})
    return address


def view_email_change(session: Session, token: str) -> str:
    """The new address a valid confirmation link is for (the page asks to confirm it: a mail
    scanner that opens links confirms nothing); raises InvalidLink otherwise."""
    _, claim = tokens.read(session, token, tokens.EMAIL_CHANGE)
    return claim.email


def confirm_email_change(session: Session, *, token: str) -> str:
    """Use the confirmation link: the new address becomes the login. The link is the
    credential (the reader of the new mailbox). Returns the new address."""
    identity, claim = tokens.read(session, token, tokens.EMAIL_CHANGE)
    if session.exec(select(Identity.id).where(Identity.email == claim.email)).first():
        raise ValidationFailed({"email": EMAIL_TAKEN})  # taken since the link was sent
    tokens.consume(session, claim)
    old, new = identity.email, claim.email
    identity.email, identity.pending_email = new, None
    identity.email_verified_at = clock.now()
    session.add(identity)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # taken at this very moment
        raise ValidationFailed({"email": EMAIL_TAKEN}) from None
    audit.record(session, actor_id=identity.id, office_id=None, action="email_changed",
                 entity="identity", entity_id=identity.id, changes={"old": old, "new": new})
    return new
