"""Office API keys and pushing an auditfile with one, on a real migrated database; and the HTTP
routes of vfo_app.api in-process (httpx over ASGI) for what the e2e test cannot set up
(a small size limit, a body without Content-Length)."""

from __future__ import annotations

import asyncio
import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
import pytest
from sqlmodel import Session, select

from tests.conftest import make_office
from tests.integration.test_xaf_import import BANANA, OFFICIAL, make_client
from vfo_app import api
from vfo_app.domain import api_keys
from vfo_app.domain.access import system_actor
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import ApiKey, AuditEntry, Client, LedgerImport


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def banana_client(db: Session, actor, number: str = "BAN") -> int:
    """A client the Banana sample belongs to (its company check passes by name)."""
    client_id = make_client(db, actor, number)
    client = db.get(Client, client_id)
    client.name = "Banana.ch SA"
    db.add(client)
    db.commit()
    return client_id


def test_a_key_is_shown_once_and_stored_only_hashed(db, office_admin):
    new = api_keys.create_key(db, office_admin, "  Exact   Online ")
    db.commit()
    assert new.key.startswith(api_keys.KEY_PREFIX) and len(new.key) > 40
    assert new.name == "Exact Online" and new.key.startswith(new.prefix)
    row = db.get(ApiKey, new.id)
    assert row.key_hash == hashlib.sha256(new.key.encode()).hexdigest()
    assert new.key not in repr(row.model_dump())
    assert db.exec(select(AuditEntry).where(AuditEntry.entity == "api_key")).first() is not None
    [view] = api_keys.list_keys(db, office_admin)
    assert (view.name, view.last_used_at, view.revoked_at) == ("Exact Online", None, None)


def test_only_office_beheerders_make_and_revoke_keys(db, office_admin, office_employee,
                                                     other_office_admin):
    with pytest.raises(PermissionDenied):
        api_keys.create_key(db, office_employee, "x")
    new = api_keys.create_key(db, office_admin, "x")
    db.commit()
    assert [k.id for k in api_keys.list_keys(db, office_employee)] == [new.id]  # every employee reads
    assert api_keys.list_keys(db, other_office_admin) == []
    with pytest.raises(NotFound):
        api_keys.revoke_key(db, other_office_admin, new.id)
    with pytest.raises(PermissionDenied):
        api_keys.revoke_key(db, office_employee, new.id)
    assert db.get(ApiKey, new.id).revoked_at is None
    with pytest.raises(ValidationFailed):
        api_keys.create_key(db, office_admin, "x" * 101)


def test_authenticate_wrong_and_revoked_keys_and_last_used(db, office_admin, fake_clock):
    fake_clock.set(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    new = api_keys.create_key(db, office_admin, "pakket")
    db.commit()
    holder = api_keys.authenticate(db, new.key)
    assert holder is not None and holder.actor.office_id == office_admin.office_id
    assert holder.actor.name == "API-sleutel pakket"
    assert db.get(ApiKey, new.id).last_used_at is not None
    for wrong in ("", "vfo_", new.key + "x", new.key[:-1], "Bearer " + new.key):
        assert api_keys.authenticate(db, wrong) is None
    api_keys.revoke_key(db, office_admin, new.id)
    db.commit()
    assert api_keys.authenticate(db, new.key) is None


def test_find_key_by_id_or_prefix(db, office_admin):
    new = api_keys.create_key(db, office_admin, "a")
    db.commit()
    assert api_keys.find_key(db, str(new.id)).id == new.id
    assert api_keys.find_key(db, new.key).id == new.id
    assert api_keys.find_key(db, new.prefix).id == new.id
    with pytest.raises(NotFound):
        api_keys.find_key(db, "vfo_nietsbestaat")


def test_push_imports_then_answers_duplicate_for_the_same_bytes(db, office_admin):
    client_id = banana_client(db, office_admin)
    holder = api_keys.authenticate(db, api_keys.create_key(db, office_admin, "k").key)
    first = api_keys.push_auditfile(db, holder, BANANA, sha256=_sha(BANANA), client_number="BAN")
    db.commit()
    assert first.status == "imported" and first.as_dict()["duplicate"] is False
    imp = db.get(LedgerImport, first.import_id)
    assert (imp.client_id, imp.content_sha256, imp.source) == (client_id, _sha(BANANA), "api")
    assert imp.imported_by_name == "API-sleutel k"
    again = api_keys.push_auditfile(db, holder, BANANA, sha256=_sha(BANANA), client_number="BAN")
    assert again.status == "duplicate" and again.import_id == first.import_id
    assert again.as_dict()["duplicate"] is True


def test_another_companys_file_is_refused_and_imports_nothing(db, office_admin):
    make_client(db, office_admin, "BSE")  # "Klant BSE", not Banana.ch SA
    holder = api_keys.authenticate(db, api_keys.create_key(db, office_admin, "k").key)
    result = api_keys.push_auditfile(db, holder, BANANA, sha256=_sha(BANANA), client_number="BSE")
    assert result.status == "company_mismatch" and result.import_id is None
    [mismatch] = [c for c in result.report["checks"] if c["code"] == "company_mismatch"]
    assert mismatch["status"] == "error"
    assert db.exec(select(LedgerImport)).first() is None


def test_a_key_reaches_only_its_own_office(db, office_admin, other_office_admin):
    make_client(db, other_office_admin, "ZZZ")
    holder = api_keys.authenticate(db, api_keys.create_key(db, office_admin, "k").key)
    with pytest.raises(NotFound):
        api_keys.push_auditfile(db, holder, BANANA, sha256=_sha(BANANA), client_number="ZZZ")
    assert db.exec(select(LedgerImport)).first() is None


def test_without_a_number_the_client_is_found_by_the_files_kvk(db, office_admin):
    assert api_keys.file_kvk(OFFICIAL) == ""  # "ID123456" has no KvK-nummer
    assert api_keys.file_kvk(BANANA) == ""
    holder = api_keys.authenticate(db, api_keys.create_key(db, office_admin, "k").key)
    with pytest.raises(NotFound):
        api_keys.push_auditfile(db, holder, BANANA, sha256=_sha(BANANA))


def test_file_kvk_reads_the_company_header(tmp_path):
    path = tmp_path / "a.xaf"
    path.write_text('<?xml version="1.0"?><auditfile xmlns="http://www.auditfiles.nl/XAF/3.2">'
                    "<header/><company><companyIdent>KvK 1234 5678</companyIdent>"
                    "<companyName>X</companyName></company></auditfile>")
    assert api_keys.file_kvk(path) == "12345678"


# --- the HTTP routes in-process ------------------------------------------------------------------


@pytest.fixture
def http(engine, monkeypatch):
    """The API app on the test database, with a fresh rate limiter."""
    import vfo_app.domain.db as dbmod

    monkeypatch.setattr(dbmod, "get_engine", lambda: engine)
    monkeypatch.setattr(api, "_limiter", api._LocalLimiter())
    return _Http(api.api_app())


class _Http:
    """A few synchronous calls on the ASGI app (httpx's ASGI transport is async only)."""

    def __init__(self, app) -> None:
        self.app = app

    def _call(self, method: str, url: str, **kw) -> httpx.Response:
        async def go() -> httpx.Response:
            content = kw.pop("content", None)
            if content is not None and not isinstance(content, bytes):
                chunks = list(content)

                async def stream():
                    for chunk in chunks:
                        yield chunk
                content = stream()
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app),
                                         base_url="http://test") as client:
                return await client.request(method, url, content=content, **kw)
        # a thread of its own: Playwright's sync API (the e2e tests, earlier in the same run)
        # leaves an event loop marked as running in the main thread
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, go()).result()

    def post(self, url: str, **kw) -> httpx.Response:
        return self._call("POST", url, **kw)

    def get(self, url: str, **kw) -> httpx.Response:
        return self._call("GET", url, **kw)


def _key(engine, office_name="Kantoor A") -> str:
    with Session(engine, expire_on_commit=False) as session:
        office = make_office(session, office_name)
        new = api_keys.create_key(session, system_actor(office), "t")
        session.commit()
        return new.key


def test_http_size_limit_streams_and_refuses_without_content_length(http, engine, monkeypatch,
                                                                   db, office_admin):
    banana_client(db, office_admin)
    settings = api.get_settings()
    monkeypatch.setattr(settings, "max_auditfile_mb", 1)
    key = _key(engine)
    auth = {"Authorization": f"Bearer {key}"}

    def chunks():  # no Content-Length: the limit is found while streaming
        for _ in range(3):
            yield b"<" * (512 * 1024)

    answer = http.post(f"{api.AUDITFILES}?client=BAN", content=chunks(), headers=auth)
    assert answer.status_code == 413
    answer = http.post(f"{api.AUDITFILES}?client=BAN", content=b"x",
                       headers={**auth, "Content-Length": str(2 * 1024 * 1024)})
    assert answer.status_code == 413
    assert http.post(f"{api.AUDITFILES}?client=BAN", content=b"", headers=auth).status_code == 400
    ok = http.post(f"{api.AUDITFILES}?client=BAN", content=BANANA.read_bytes(), headers=auth)
    assert ok.status_code == 201, ok.text
    assert ok.json()["duplicate"] is False and ok.json()["import_id"]


def test_http_rate_limit_per_key(http, engine, monkeypatch):
    monkeypatch.setattr(api.get_settings(), "api_requests_per_minute", 3)
    first, second = _key(engine), _key(engine, "Kantoor B")
    for _ in range(3):
        assert http.post(f"{api.AUDITFILES}?client=NONE", content=b"<a/>",
                         headers={"Authorization": f"Bearer {first}"}).status_code == 404
    refused = http.post(f"{api.AUDITFILES}?client=NONE", content=b"<a/>",
                        headers={"Authorization": f"Bearer {first}"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert http.post(f"{api.AUDITFILES}?client=NONE", content=b"<a/>",
                     headers={"Authorization": f"Bearer {second}"}).status_code == 404


def test_http_openapi(http):
    doc = http.get(api.OPENAPI).json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"][api.AUDITFILES]["post"]["responses"]) >= {
        "200", "201", "401", "409", "413", "429"}
