"""Office API keys, and pushing an auditfile with one (``POST /api/v1/auditfiles``).

A key is ``vfo_`` + 32 random bytes (urlsafe); only its SHA-256 is stored (``ApiKey.key_hash``),
with the first characters (``prefix``) to recognise it in lists and to revoke it on the command
line. The key is shown once, when it is made. A key pushes as its office's system actor
(``access.api_key_actor``): it reaches that office's clients and no other.

A push runs the same importer as the upload and the command line. The same bytes sent again for
the same client import nothing (``LedgerImport.content_sha256``) and answer as a duplicate, so a
bookkeeping package may retry safely.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import etree
from sqlmodel import Session, select

from vfo_app.domain import access, audit, clock
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.models import ApiKey, LedgerImport, Office

KEY_PREFIX = "vfo_"
PREFIX_LENGTH = 12  # ApiKey.prefix: "vfo_" and 8 characters of the random part
NAME_MAX = 100
DEFAULT_NAME = "API-sleutel"
SOURCE_API = "api"
# last_used_at is written at most this often per key, so a busy key does not write every request
LAST_USED_RESOLUTION_SECONDS = 60
COMPANY_MISMATCH = "company_mismatch"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewKey:
    """A key just made: ``key`` is shown this once and stored nowhere."""

    id: int
    name: str
    prefix: str
    key: str


@dataclass(frozen=True)
class KeyView:
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def create_key(session: Session, actor: Actor, name: str = "") -> NewKey:
    office_id = access.require_api_key_admin(actor)
    name = " ".join((name or "").split()) or DEFAULT_NAME
    if len(name) > NAME_MAX:
        raise ValidationFailed({"name": f"Gebruik hoogstens {NAME_MAX} tekens."})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(office_id=office_id, name=name, prefix=key[:PREFIX_LENGTH], key_hash=key_hash(key),
                 created_at=clock.now(),
                 created_by_id=None if access.is_system(actor) else actor.identity_id)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=row.created_by_id, office_id=office_id, action="create",
                 entity="api_key", entity_id=row.id, changes={"name": name, "prefix": row.prefix})
    return NewKey(row.id, name, row.prefix, key)


def list_keys(session: Session, actor: Actor) -> list[KeyView]:
    """The office's keys, active first, newest first."""
    office_id = access.require_employee(actor)
    rows = session.exec(select(ApiKey).where(ApiKey.office_id == office_id)).all()
    rows = sorted(rows, key=lambda k: (k.revoked_at is not None, -(k.id or 0)))
    return [KeyView(k.id, k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at)
            for k in rows]


def revoke_key(session: Session, actor: Actor, key_id: int) -> KeyView:
    key = access.office_api_key(session, actor, key_id)
    if key.revoked_at is None:
        key.revoked_at = clock.now()
        session.add(key)
        audit.record(session, actor_id=None if access.is_system(actor) else actor.identity_id,
                     office_id=key.office_id, action="revoke", entity="api_key",
                     entity_id=key.id, changes={"name": key.name, "prefix": key.prefix})
    return KeyView(key.id, key.name, key.prefix, key.created_at, key.last_used_at, key.revoked_at)


def find_key(session: Session, id_or_prefix: str, office_name: str | None = None) -> ApiKey:
    """For the command line: a key by its id or the start of the key (its prefix)."""
    text = (id_or_prefix or "").strip()
    query = select(ApiKey)
    if office_name:
        query = query.join(Office, Office.id == ApiKey.office_id).where(Office.name == office_name)
    if text.isdigit():
        rows = session.exec(query.where(ApiKey.id == int(text))).all()
    elif text:
        rows = [k for k in session.exec(query.where(ApiKey.prefix == text[:PREFIX_LENGTH])).all()
                if text.startswith(k.prefix) or k.prefix.startswith(text)]
    else:
        rows = []
    if not rows:
        raise NotFound(f"Geen API-sleutel {text!r}.")
    if len(rows) > 1:
        raise ValidationFailed({"key": f"{text!r} past op meer sleutels; geef het nummer."})
    return rows[0]


# --- pushing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyHolder:
    """Who a presented key is: its id (for the rate limit) and the actor it pushes as."""

    key_id: int
    actor: Actor


def authenticate(session: Session, presented: str) -> KeyHolder | None:
    """The holder of an active key, or None for a wrong or revoked one (the caller answers 401
    to both alike). Notes when the key was last used."""
    if not presented or not presented.startswith(KEY_PREFIX) or len(presented) > 200:
        return None
    key = session.exec(select(ApiKey).where(ApiKey.key_hash == key_hash(presented))).first()
    if key is None or key.revoked_at is not None:
        return None
    office = session.get(Office, key.office_id)
    if office is None:
        return None
    now = clock.now()
    last = key.last_used_at
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=now.tzinfo)
    if last is None or (now - last).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
        key.last_used_at = now
        session.add(key)
    return KeyHolder(key.id, access.api_key_actor(office, key))


@dataclass
class PushResult:
    """What a push did: ``status`` is imported | duplicate | refused | company_mismatch."""

    status: str
    import_id: int | None
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def duplicate(self) -> bool:
        return self.status == "duplicate"

    def as_dict(self) -> dict[str, Any]:
        return {**self.report, "import_id": self.import_id, "duplicate": self.duplicate}


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def file_kvk(path: str | os.PathLike) -> str:
    """The KvK-nummer in the file's company header (``companyIdent``, CLAIR ``Commercenr``),
    read up to the first ledger element; "" if there is none. No DTD, no entities."""
    wanted = {"companyident", "commercenr"}
    stop = {"generalledger", "transactions", "customerssuppliers", "customersuppliers"}
    try:
        for _event, elem in etree.iterparse(str(path), events=("end",), resolve_entities=False,
                                            no_network=True, load_dtd=False, huge_tree=False):
            local = etree.QName(elem).localname.lower() if isinstance(elem.tag, str) else ""
            if local in wanted:
                digits = _digits(elem.text or "")
                if len(digits) >= 8:
                    return digits[:8]
            if local in stop:
                return ""
    except (etree.XMLSyntaxError, OSError, ValueError):
        return ""
    return ""


def push_auditfile(session: Session, holder: KeyHolder, path: str | os.PathLike, *,
                   sha256: str, client_number: str = "", file_name: str = "") -> PushResult:
    """Import a pushed auditfile into the client the push names (by klantnummer, else the
    file's KvK-nummer), or answer that these bytes are already in for that client."""
    from vfo_app.domain.xaf.importer import import_auditfile

    actor = holder.actor
    kvk = "" if client_number.strip() else file_kvk(path)
    client = access.api_key_client(session, actor, number=client_number, kvk=kvk)
    earlier = session.exec(select(LedgerImport).where(
        LedgerImport.client_id == client.id, LedgerImport.content_sha256 == sha256)).first()
    if earlier is not None:
        return PushResult("duplicate", earlier.id, {
            "ok": True, "file_name": earlier.file_name, "fiscal_year": earlier.fiscal_year,
            "year": earlier.year, "checks": list(earlier.checks or [])})
    report = import_auditfile(session, actor, client.id, path, file_name=file_name or None,
                              source=SOURCE_API)
    data = report.as_dict()
    checks = list(data.get("checks") or [])
    if any(c.get("code") == COMPANY_MISMATCH and c.get("status") == "error" for c in checks):
        return PushResult("company_mismatch", None, data)
    if not report.ok:
        return PushResult("refused", None, data)
    imp = session.exec(select(LedgerImport).where(
        LedgerImport.client_id == client.id, LedgerImport.year == report.year)).first()
    if imp is None:  # the importer wrote nothing it can name: answer as refused, never crash
        return PushResult("refused", None, data)
    imp.content_sha256 = sha256
    imp.source = SOURCE_API
    session.add(imp)
    return PushResult("imported", imp.id, data)
