"""POST /api/v1/auditfiles over HTTP against the running production build (``reflex run --env
prod --single-port``): a key of the office pushes an auditfile; the same bytes again import
nothing; a wrong or revoked key gets 401; another company's file 409 with the check; a body
over the size limit 413; too many requests 429 with Retry-After; the OpenAPI description.
And Instellingen > API-sleutels in the browser, with screenshots."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
from email.message import Message
from urllib.parse import urlsplit

from playwright.sync_api import expect
from sqlmodel import func, select

from tests.e2e.conftest import ROOT, _server_env, login, screenshot
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client, Identity, LedgerImport, LedgerLine, Office
from vfo_app.domain.seed import DEMO_OFFICE, DEMO_PASSWORD, OTHER_OFFICE
from vfo_app.settings import Settings

DEFAULTS = Settings.model_fields

XAF = ROOT / "tests" / "fixtures" / "xaf"
SAMPLE = XAF / "BananaAccounting__Netherlands__auditfile_v3.2_nl_20180101_20181231.xaf"
UNBALANCED = XAF / "BananaAccounting__Netherlands__XmlAuditfileFinancieel3.2_test.xml"
KVK = "44556677"
ADMIN = ("advisor@demo-accountants.example", DEMO_PASSWORD)


def _vfo(app_server, *args: str) -> subprocess.CompletedProcess:
    env = _server_env(app_server.data_dir, app_server.database_url, app_server.base_url)
    return subprocess.run([sys.executable, "-m", "vfo_app.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def _new_key(app_server, name: str) -> str:
    done = _vfo(app_server, "api-key", "create", "--office", DEMO_OFFICE, "--name", name)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def _post(base_url: str, key: str | None, body: bytes, query: str = "client=API"
          ) -> tuple[int, Message, dict]:
    request = urllib.request.Request(f"{base_url}/api/v1/auditfiles?{query}", data=body,
                                     method="POST",
                                     headers={"Content-Type": "application/xml"})
    if key is not None:
        request.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return resp.status, resp.headers, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, json.loads(exc.read() or b"{}")


def _client(app_db) -> None:
    """A client of the demo office whose KvK-nummer is the one in the pushed file."""
    with session_scope(app_db) as s:
        office = s.exec(select(Office).where(Office.name == DEMO_OFFICE)).one()
        manager = s.exec(select(Identity).where(Identity.email == ADMIN[0])).one()
        actor = Actor(identity_id=manager.id, email=manager.email, name=manager.full_name,
                      office_id=office.id, office_name=office.name,
                      office_role=OFFICE_ROLE_BEHEERDER)
        create_client(s, actor, ClientInput(**{
            **client_form_defaults(s, actor), "number": "API", "name": "Voorbeeldbedrijf BV",
            "kvk_number": KVK, "legal_form": "BV", "account_manager_id": str(manager.id),
            "contact_first_name": "Api", "contact_last_name": "Klant"}))


def _file(kvk: str = KVK) -> bytes:
    """Banana's sample with the company's KvK-nummer in its header."""
    data = SAMPLE.read_bytes()
    assert data.count(b"<companyName>") == 1
    return data.replace(b"<companyName>", f"<companyIdent>{kvk}</companyIdent><companyName>"
                        .encode())


def _imports(app_db) -> list[tuple]:
    """Every import of client API with its line count: what a refused push must not touch."""
    with session_scope(app_db) as s:
        rows = s.exec(select(LedgerImport.id, LedgerImport.year, LedgerImport.content_sha256,
                             LedgerImport.imported_at, func.count(LedgerLine.id))
                      .join(Client, Client.id == LedgerImport.client_id)
                      .join(LedgerLine, LedgerLine.import_id == LedgerImport.id, isouter=True)
                      .where(Client.number == "API").group_by(LedgerImport.id)).all()
    return [tuple(r) for r in rows]


def test_push_duplicate_wrong_and_revoked_key_mismatch(app_server, base_url, app_db):
    _client(app_db)
    key = _new_key(app_server, "Boekhoudpakket")
    body = _file()

    status, headers, answer = _post(base_url, key, body)
    assert status == 201, answer
    assert answer["ok"] is True and answer["duplicate"] is False and answer["import_id"]
    assert answer["checks"] and {c["code"] for c in answer["checks"]} >= {"company_mismatch"}
    assert headers.get("X-Content-Type-Options") == "nosniff"  # the app's security headers
    with session_scope(app_db) as s:
        imp = s.get(LedgerImport, answer["import_id"])
        assert (imp.source, imp.imported_by_name) == ("api", "API-sleutel Boekhoudpakket")

    status, _, again = _post(base_url, key, body)
    assert status == 200 and again["duplicate"] is True
    assert again["import_id"] == answer["import_id"]

    # the client found by the file's KvK-nummer when the number is left out
    status, _, by_kvk = _post(base_url, key, body, query="")
    assert status == 200 and by_kvk["duplicate"] is True

    # a broken file: refused with the report's errors (element and line)
    status, _, broken = _post(base_url, key, UNBALANCED.read_bytes().replace(
        b"ID123456", KVK.encode()), query="client=API&file_name=test.xml")
    assert status == 422 and broken["errors"] and broken["file_name"] == "test.xml", broken

    # another company's file: refused with the check, nothing imported, the year as it was
    before = _imports(app_db)
    status, _, refused = _post(base_url, key, _file("99887766"))
    assert status == 409, refused
    [check] = [c for c in refused["checks"] if c["code"] == "company_mismatch"]
    assert check["status"] == "error" and refused["import_id"] is None
    assert check["file_kvk"] == "99887766" and "niet ingelezen" in check["message"]
    assert refused["ok"] is False and refused["duplicate"] is False
    assert _imports(app_db) == before

    # a key of another office does not reach this office's client: unknown
    other = _vfo(app_server, "api-key", "create", "--office", OTHER_OFFICE)
    status, _, unknown = _post(base_url, other.stdout.strip().splitlines()[-1], body)
    assert status == 404, unknown

    for wrong in (None, "", key + "x", "vfo_" + "a" * 43):
        status, headers, refused = _post(base_url, wrong, body)
        assert status == 401 and "Bearer" in headers.get("WWW-Authenticate", ""), refused
    assert _vfo(app_server, "api-key", "revoke", key[:12]).returncode == 0
    assert _post(base_url, key, body)[0] == 401


def test_size_limit_rate_limit_and_openapi(app_server, base_url):
    key = _new_key(app_server, "Snel")
    limit = DEFAULTS["max_auditfile_mb"].default * 1024 * 1024
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.putrequest("POST", "/api/v1/auditfiles?client=API")
    conn.putheader("Authorization", f"Bearer {key}")
    conn.putheader("Content-Length", str(limit + 1))
    conn.endheaders()
    conn.send(b"<auditfile/>")  # the rest never comes: the declared size is refused at once
    answer = conn.getresponse()
    assert answer.status == 413 and "MB" in json.loads(answer.read())["error"]
    conn.close()

    per_minute = DEFAULTS["api_requests_per_minute"].default
    statuses = [_post(base_url, key, b"<a/>", query="client=GEENKLANT")[0]
                for _ in range(per_minute - 1)]  # the size-limit request counted too
    assert set(statuses) == {404}, statuses
    status, headers, refused = _post(base_url, key, b"<a/>", query="client=GEENKLANT")
    assert status == 429 and int(headers["Retry-After"]) >= 1, refused
    other = _new_key(app_server, "Ander")  # the limit is per key
    assert _post(base_url, other, b"<a/>", query="client=GEENKLANT")[0] == 404

    with urllib.request.urlopen(f"{base_url}/api/v1/openapi.json", timeout=10) as resp:
        doc = json.loads(resp.read())
    assert "/api/v1/auditfiles" in doc["paths"]


def test_api_keys_page(page, base_url, app_server):
    login(page, *ADMIN)
    page.goto(f"{base_url}/instellingen/api-sleutels")
    expect(page.get_by_role("heading", name="Nieuwe API-sleutel")).to_be_visible()
    page.get_by_label("Naam (bijvoorbeeld het boekhoudpakket)").fill("AccountView")
    page.get_by_role("button", name="Sleutel maken").click()
    key_field = page.get_by_label("API-sleutel", exact=True)
    expect(key_field).to_have_value(re.compile(r"^vfo_"))
    screenshot(page, "api-sleutels-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "api-sleutels-375")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="Gekopieerd, verbergen").click()
    expect(key_field).to_have_count(0)
    page.get_by_role("button", name="API-sleutel intrekken: AccountView").click()
    page.get_by_role("button", name="Ja, intrekken").click()
    expect(page.get_by_text("De API-sleutel AccountView is ingetrokken.")).to_be_visible()

