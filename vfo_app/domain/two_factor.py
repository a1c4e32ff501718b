"""Two-factor login: TOTP codes (RFC 6238) from an authenticator app, and recovery codes.

Enrolment: ``begin`` stores a fresh secret (``Identity.totp_secret``) and shows it as a QR code
and in groups of four; ``confirm`` turns it on (``totp_enabled_at``) only after a correct
code, and hands out ``RECOVERY_CODE_COUNT`` single-use recovery codes, shown once. ``disable``
and ``new_recovery_codes`` need a current code (or a recovery code), so an unlocked computer
is not enough to take the second factor over. An office beheerder can ``reset`` a colleague's
second factor (same office; audit log) and require one of every employee
(``set_office_requirement``; the access policy then sends such an employee to enrolment).

Login: after a correct password the state holds a *pending login*, signed with itsdangerous
(salt ``PENDING_SALT``), bound to the identity and to its ``last_login_at`` (so it dies once a
session starts) and valid ``PENDING_LOGIN_MINUTES``; ``finish_login`` checks the code and only
then starts the session.

Codes: the code of the current 30-second step and of one step either side (clock drift) is
accepted, and only for a step after ``Identity.totp_last_step``, set by compare-and-set in the
same transaction: one code cannot be used twice, not even by two simultaneous requests.
Wrong codes are counted (``LoginAttempt`` kind ``second_factor``, per identity, with the IP
recorded): after ``MAX_CODE_FAILURES`` in ``CODE_WINDOW_MINUTES`` no code is checked until the
window has passed (a 6-digit code then gets at most that many guesses per window).

Recovery codes are stored as HMAC-SHA256 with a pepper derived from the app's secret key, not
with argon2: a code has 50 random bits (not a human-chosen password), so a stolen table is
useless without the key, and one indexed lookup replaces up to ten argon2 checks of ~0.2 s
each. Consequence: changing ``VFO_SECRET_KEY`` makes existing recovery codes invalid (as it
does every signed link); users make new ones under Tweestapsverificatie.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
import qrcode
import qrcode.image.svg
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlmodel import Session, col, func, select, update

from vfo_app.domain import access, audit, clock
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.models import (
    Identity,
    LoginAttempt,
    Office,
    OfficeMembership,
    RecoveryCode,
)
from vfo_app.domain.tokens import _ClockSigner
from vfo_app.settings import get_settings

ISSUER = "Visma Advisor"  # the name the authenticator app shows beside the account
STEP_SECONDS = 30  # RFC 6238's time step
DRIFT_STEPS = 1  # a code of the step before or after is accepted too
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud without doubt
RECOVERY_CODE_LENGTH = 10  # 10 characters of 31: ~50 bits
PENDING_LOGIN_MINUTES = 5
PENDING_SALT = "vfo.pending-login.v1"
RECOVERY_PEPPER_SALT = b"vfo.recovery-code.v1"
MAX_CODE_FAILURES = 5
CODE_WINDOW_MINUTES = 15
ATTEMPT_KIND = "second_factor"

CODE_FIELD = "code"
WRONG_CODE = "Deze code klopt niet of is al gebruikt. Probeer de volgende code van uw app."
NO_CODE = "Vul de code van zes cijfers uit uw authenticator-app in."
TOO_MANY = ("Te veel onjuiste codes. Probeer het over {minutes} minuten opnieuw.")
PENDING_EXPIRED = (f"Uw inlogpoging is verlopen (na {PENDING_LOGIN_MINUTES} minuten). "
                   "Log opnieuw in met uw wachtwoord.")
ALREADY_ON = "Tweestapsverificatie staat al aan."
NOT_ON = "Tweestapsverificatie staat niet aan."
NOT_STARTED = "Start het instellen opnieuw: er is geen geheime sleutel klaargezet."
OWN_RESET = "Zet uw eigen tweestapsverificatie uit op de pagina Tweestapsverificatie."
ENROL_FIRST = ("Stel eerst zelf tweestapsverificatie in (Tweestapsverificatie, rechtsboven), "
               "dan kunt u het voor het hele kantoor verplichten.")


# --- codes --------------------------------------------------------------------------------------


def new_secret() -> str:
    return pyotp.random_base32()  # 32 base32 characters: 160 bits, as RFC 4226 recommends


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into the app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(
        name=email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The otpauth:// URI as an SVG QR code in a data: URI (for an <img>): pure Python."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def current_step() -> int:
    return int(clock.now().timestamp()) // STEP_SECONDS


def _digits(code: str) -> str:
    return re.sub(r"[\s-]", "", str(code or ""))


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (now, or one either side) whose code this is, newest first."""
    code = _digits(code)
    if not re.fullmatch(r"\d{6}", code):
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    now = current_step()
    for step in range(now + DRIFT_STEPS, now - DRIFT_STEPS - 1, -1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _use_step(session: Session, identity: Identity, step: int) -> bool:
    """Compare-and-set: record ``step`` as used unless it (or a later one) was used already."""
    result = session.execute(
        update(Identity)
        .where(Identity.id == identity.id,
               (col(Identity.totp_last_step).is_(None)) | (Identity.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    session.expire(identity, ["totp_last_step"])
    return True


def _recovery_hash(code: str) -> str:
    pepper = hmac.new(get_settings().secret_key.encode(), RECOVERY_PEPPER_SALT,
                      hashlib.sha256).digest()
    normal = re.sub(r"[\s-]", "", str(code or "")).lower()
    return hmac.new(pepper, normal.encode(), hashlib.sha256).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def _use_recovery_code(session: Session, identity: Identity, code: str) -> bool:
    """Use one unused recovery code up (compare-and-set on used_at)."""
    normal = re.sub(r"[\s-]", "", str(code or "")).lower()
    if len(normal) != RECOVERY_CODE_LENGTH or not normal.isalnum():
        return False
    result = session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.identity_id == identity.id,
               RecoveryCode.code_hash == _recovery_hash(code),
               col(RecoveryCode.used_at).is_(None))
        .values(used_at=clock.now())
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _replace_recovery_codes(session: Session, identity: Identity) -> list[str]:
    """Ten new codes; every earlier one (used or not) is gone."""
    for old in session.exec(select(RecoveryCode).where(
            RecoveryCode.identity_id == identity.id)).all():
        session.delete(old)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        session.add(RecoveryCode(identity_id=identity.id, code_hash=_recovery_hash(code)))
    session.flush()
    return codes


def recovery_codes_left(session: Session, identity_id: int) -> int:
    return session.exec(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.identity_id == identity_id, col(RecoveryCode.used_at).is_(None))).one()


# --- throttling ---------------------------------------------------------------------------------


def _throttled(session: Session, identity: Identity) -> str | None:
    since = clock.now() - timedelta(minutes=CODE_WINDOW_MINUTES)
    failures = session.exec(select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.email == identity.email, LoginAttempt.kind == ATTEMPT_KIND,
        LoginAttempt.success == False, LoginAttempt.at >= since)).one()
    if failures >= MAX_CODE_FAILURES:
        return TOO_MANY.format(minutes=CODE_WINDOW_MINUTES)
    return None


def _record(session: Session, identity: Identity, *, success: bool, ip: str) -> None:
    session.add(LoginAttempt(email=identity.email, at=clock.now(), success=success,
                             ip=(ip or "")[:45], kind=ATTEMPT_KIND))


@dataclass(frozen=True)
class CodeCheck:
    """The answer to a code: accepted (and how), or the message to show."""

    ok: bool
    message: str = ""
    by_recovery_code: bool = False


def check_code(session: Session, identity: Identity, code: str, *, ip: str = "",
               allow_recovery: bool = True) -> CodeCheck:
    """Check a code of an identity with the second factor on, and use it up. The attempt is
    recorded either way, so the caller must commit also when it is refused."""
    message = _throttled(session, identity)
    if message:
        return CodeCheck(False, message)
    if not _digits(code):
        return CodeCheck(False, NO_CODE)
    step = _matching_step(identity.totp_secret or "", code)
    if step is not None and _use_step(session, identity, step):
        _record(session, identity, success=True, ip=ip)
        return CodeCheck(True)
    if step is None and allow_recovery and _use_recovery_code(session, identity, code):
        _record(session, identity, success=True, ip=ip)
        audit.record(session, actor_id=identity.id, office_id=None,
                     action="recovery_code_used", entity="identity", entity_id=identity.id,
                     changes={"left": recovery_codes_left(session, identity.id)})
        return CodeCheck(True, by_recovery_code=True)
    _record(session, identity, success=False, ip=ip)
    return CodeCheck(False, WRONG_CODE)


@dataclass(frozen=True)
class Change:
    """The outcome of a change that needs a current code: done (with new recovery codes when
    it makes them), or the message for beside the code field. Not an exception: a wrong code
    must be committed for the throttle, not rolled back with the change."""

    ok: bool
    message: str = ""
    recovery_codes: tuple[str, ...] = ()


# --- the pending login --------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt=PENDING_SALT,
                                  signer=_ClockSigner)


def _login_mark(identity: Identity) -> str:
    return identity.last_login_at.isoformat() if identity.last_login_at else ""


def needs_code(identity: Identity) -> bool:
    return identity.totp_enabled_at is not None and bool(identity.totp_secret)


def pending_login(identity: Identity) -> str:
    """The signed proof that this identity's password was just right; the state keeps it in
    a backend-only var while the code is asked."""
    return _serializer().dumps({"i": identity.id, "l": _login_mark(identity)})


def pending_identity(session: Session, token: str) -> Identity | None:
    """The identity of a still-valid pending login, or None (expired, altered, used)."""
    try:
        data = _serializer().loads(token or "", max_age=PENDING_LOGIN_MINUTES * 60)
        identity_id, mark = int(data["i"]), str(data["l"])
    except (BadData, KeyError, TypeError, ValueError):
        return None
    identity = session.get(Identity, identity_id)
    if identity is None or not identity.is_active or _login_mark(identity) != mark:
        return None
    return identity


@dataclass(frozen=True)
class SecondStep:
    """The outcome of the code step of a login: the identity to start a session for, or the
    message (``expired``: back to the password)."""

    identity: Identity | None = None
    message: str = ""
    expired: bool = False


def finish_login(session: Session, *, pending: str, code: str, ip: str = "") -> SecondStep:
    """Check the code of a pending login. The caller starts the session
    (``auth.start_session``) when an identity comes back, and commits in every case (a wrong
    code counts for the throttle)."""
    identity = pending_identity(session, pending)
    if identity is None:
        return SecondStep(message=PENDING_EXPIRED, expired=True)
    if not needs_code(identity):  # reset by a beheerder meanwhile: the password was right
        return SecondStep(identity=identity)
    result = check_code(session, identity, code, ip=ip)
    if not result.ok:
        return SecondStep(message=result.message)
    return SecondStep(identity=identity)


# --- the user's own second factor ---------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """What the page Tweestapsverificatie shows."""

    enabled: bool
    enabled_at: object | None  # datetime
    enrolling: bool  # a secret waits for its first code
    secret: str  # only while enrolling
    email: str
    recovery_left: int
    required_by_office: bool


def _own(session: Session, actor: Actor) -> Identity:
    identity = session.get(Identity, actor.identity_id)
    if identity is None:
        raise NotFound()
    return identity


def status(session: Session, actor: Actor) -> Status:
    identity = _own(session, actor)
    enabled = needs_code(identity)
    return Status(
        enabled=enabled, enabled_at=identity.totp_enabled_at,
        enrolling=not enabled and bool(identity.totp_secret),
        secret="" if enabled else (identity.totp_secret or ""), email=identity.email,
        recovery_left=recovery_codes_left(session, identity.id) if enabled else 0,
        required_by_office=access.office_requires_second_factor(session, actor))


def begin(session: Session, actor: Actor) -> str:
    """A fresh secret for the user's authenticator app (not yet required at login)."""
    identity = _own(session, actor)
    if needs_code(identity):
        raise ValidationFailed({CODE_FIELD: ALREADY_ON})
    identity.totp_secret = new_secret()
    identity.totp_last_step = None
    session.add(identity)
    session.flush()
    return identity.totp_secret


def confirm(session: Session, actor: Actor, code: str, *, ip: str = "") -> Change:
    """Turn the second factor on with the first correct code; the recovery codes come back
    (shown once)."""
    identity = _own(session, actor)
    if needs_code(identity):
        return Change(False, ALREADY_ON)
    if not identity.totp_secret:
        return Change(False, NOT_STARTED)
    message = _throttled(session, identity)
    if message:
        return Change(False, message)
    if not _digits(code):
        return Change(False, NO_CODE)
    step = _matching_step(identity.totp_secret, code)
    if step is None or not _use_step(session, identity, step):
        _record(session, identity, success=False, ip=ip)
        return Change(False, WRONG_CODE)
    _record(session, identity, success=True, ip=ip)
    identity.totp_enabled_at = clock.now()
    session.add(identity)
    codes = _replace_recovery_codes(session, identity)
    audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id,
                 action="two_factor_enabled", entity="identity", entity_id=identity.id)
    return Change(True, recovery_codes=tuple(codes))


def new_recovery_codes(session: Session, actor: Actor, code: str, *, ip: str = "") -> Change:
    """Ten new recovery codes for a current code; the old ones stop working."""
    identity = _own(session, actor)
    if not needs_code(identity):
        return Change(False, NOT_ON)
    result = check_code(session, identity, code, ip=ip)
    if not result.ok:
        return Change(False, result.message)
    codes = _replace_recovery_codes(session, identity)
    audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id,
                 action="recovery_codes_renewed", entity="identity", entity_id=identity.id)
    return Change(True, recovery_codes=tuple(codes))


def _clear(session: Session, identity: Identity) -> None:
    identity.totp_secret = None
    identity.totp_enabled_at = None
    identity.totp_last_step = None
    session.add(identity)
    for old in session.exec(select(RecoveryCode).where(
            RecoveryCode.identity_id == identity.id)).all():
        session.delete(old)
    session.flush()


def disable(session: Session, actor: Actor, code: str, *, ip: str = "") -> Change:
    """Turn the user's own second factor off, for a current code (or a recovery code)."""
    identity = _own(session, actor)
    if not needs_code(identity):
        return Change(False, NOT_ON)
    result = check_code(session, identity, code, ip=ip)
    if not result.ok:
        return Change(False, result.message)
    _clear(session, identity)
    audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id,
                 action="two_factor_disabled", entity="identity", entity_id=identity.id)
    return Change(True)


# --- the office: Instellingen > Beveiliging -------------------------------------------------


@dataclass(frozen=True)
class Colleague:
    identity_id: int
    name: str
    email: str
    role: str
    enabled_at: object | None  # datetime


@dataclass(frozen=True)
class OfficeSecurity:
    required: bool
    colleagues: list[Colleague]


def office_security(session: Session, actor: Actor) -> OfficeSecurity:
    """Every employee of the actor's office, with their second factor (on since, or off)."""
    office_id = access.require_employee(actor)
    office = session.get(Office, office_id)
    rows = session.exec(
        select(Identity, OfficeMembership.role)
        .join(OfficeMembership, OfficeMembership.identity_id == Identity.id)
        .where(OfficeMembership.office_id == office_id, Identity.is_active == True)
        .order_by(Identity.last_name, Identity.first_name, Identity.id)).all()
    return OfficeSecurity(
        required=bool(office and office.require_two_factor),
        colleagues=[Colleague(i.id, i.full_name, i.email, role,
                              i.totp_enabled_at if needs_code(i) else None) for i, role in rows])


def set_office_requirement(session: Session, actor: Actor, required: bool) -> None:
    """Require (or no longer require) a second factor of every employee of the office."""
    office_id = access.require_office_admin(actor)
    office = session.get(Office, office_id)
    if office is None:
        raise NotFound()
    required = bool(required)
    if required and not needs_code(_own(session, actor)):
        raise ValidationFailed({"require_two_factor": ENROL_FIRST})
    if office.require_two_factor == required:
        return
    office.require_two_factor = required
    session.add(office)
    audit.record(session, actor_id=actor.identity_id, office_id=office_id,
                 action="office_two_factor_required", entity="office", entity_id=office_id,
                 changes={"require_two_factor": required})


def reset(session: Session, actor: Actor, identity_id: int) -> Colleague:
    """A beheerder takes a colleague's second factor away (lost phone): the colleague sets
    one up again at the next login (when the office requires it) or when they like."""
    office_id = access.require_office_admin(actor)
    identity = access.office_colleague(session, actor, identity_id)
    if identity.id == actor.identity_id:
        raise ValidationFailed({"colleague": OWN_RESET})
    was_on = needs_code(identity)
    _clear(session, identity)
    audit.record(session, actor_id=actor.identity_id, office_id=office_id,
                 action="two_factor_reset", entity="identity", entity_id=identity.id,
                 changes={"was_enabled": was_on})
    return Colleague(identity.id, identity.full_name, identity.email, "", None)

