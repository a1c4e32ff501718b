"""The HTTP API: a bookkeeping package pushes an auditfile with an office API key.

``POST /api/v1/auditfiles?client=KLANTNUMMER`` with the raw auditfile as the body and
``Authorization: Bearer <key>``; ``GET /api/v1/openapi.json`` describes it. A Starlette app
that ``vfo_app.vfo_app`` puts in front of the Reflex backend (``api_transformer``), so it is
served by every instance, with ``--single-port`` too, and nginx passes ``/api/`` through.

Order of a push, cheapest refusal first: the key (401, before a byte of the body is read), the
rate limit of the key (429 with Retry-After), the declared size (413), then the body is
streamed to a temporary file while its SHA-256 is taken (413 as soon as it passes the limit;
never the whole body in memory), and the import runs in a worker thread in one transaction.

The rate limit counts per key and per minute: in Redis when ``VFO_REDIS_URL`` is set (shared
by every worker and instance), else in this process.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
import threading
import time
from collections import deque
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from vfo_app.domain import api_keys
from vfo_app.domain.db import session_scope
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.settings import get_settings

AUDITFILES = "/api/v1/auditfiles"
OPENAPI = "/api/v1/openapi.json"
WINDOW_SECONDS = 60
DEFAULT_FILE_NAME = "auditfile.xaf"  # the report's file name when the push names none

UNAUTHORIZED = ("Geen geldige API-sleutel. Stuur 'Authorization: Bearer <sleutel>' met een sleutel "
                "die niet is ingetrokken.")
TOO_MANY = ("Te veel verzoeken met deze API-sleutel: hoogstens {n} per minuut. Probeer het over "
            "{s} seconden opnieuw.")
TOO_BIG = "Het bestand is groter dan {mb} MB en is niet ingelezen."
EMPTY = "De body is leeg: stuur de auditfile zelf als body."
MISMATCH = ("Deze auditfile hoort bij een ander bedrijf dan de klant. Er is niets ingelezen; de "
            "accountant kan het bestand in de browser bevestigen.")


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    headers = extra.pop("headers", None)
    return JSONResponse({"ok": False, "error": message, **extra}, status_code=status,
                        headers=headers)


# --- rate limit ----------------------------------------------------------------------------------


class _LocalLimiter:
    """A sliding window of request times per key, in this process."""

    def __init__(self) -> None:
        self._seen: dict[int, deque[float]] = {}
        self._lock = threading.Lock()

    async def hit(self, key_id: int, limit: int) -> int:
        """0 when the request may go on, else the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            seen = self._seen.setdefault(key_id, deque())
            while seen and seen[0] <= now - WINDOW_SECONDS:
                seen.popleft()
            if len(seen) >= limit:
                return max(1, math.ceil(seen[0] + WINDOW_SECONDS - now))
            seen.append(now)
            return 0

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()


class _RedisLimiter:
    """A fixed window per key and minute in Redis, shared by every worker and instance."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(url)

    async def hit(self, key_id: int, limit: int) -> int:
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        name = f"vfo:api-rate:{key_id}:{window}"
        count = await self._redis.incr(name)
        if count == 1:
            await self._redis.expire(name, WINDOW_SECONDS * 2)
        if count > limit:
            return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
        return 0


_limiter: _LocalLimiter | _RedisLimiter | None = None


def limiter() -> _LocalLimiter | _RedisLimiter:
    global _limiter
    if _limiter is None:
        url = get_settings().redis_url
        _limiter = _RedisLimiter(url) if url else _LocalLimiter()
    return _limiter


# --- the routes ----------------------------------------------------------------------------------


def _bearer(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _authenticate(token: str) -> api_keys.KeyHolder | None:
    with session_scope() as session:
        return api_keys.authenticate(session, token)


def _push(holder: api_keys.KeyHolder, path: str, sha256: str, client: str, file_name: str
          ) -> api_keys.PushResult:
    with session_scope() as session:
        return api_keys.push_auditfile(session, holder, path, sha256=sha256, client_number=client,
                                       file_name=file_name)


async def _spool(request: Request, limit: int, out) -> str | None:
    """Stream the body into ``out``; its SHA-256, or None when it passes ``limit`` bytes."""
    digest, size = hashlib.sha256(), 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        digest.update(chunk)
        out.write(chunk)
    return digest.hexdigest() if size else ""


async def post_auditfile(request: Request) -> JSONResponse:
    settings = get_settings()
    holder = await run_in_threadpool(_authenticate, _bearer(request))
    if holder is None:
        return _error(401, UNAUTHORIZED, headers={"WWW-Authenticate": 'Bearer realm="vfo"'})
    wait = await limiter().hit(holder.key_id, settings.api_requests_per_minute)
    if wait:
        return _error(429, TOO_MANY.format(n=settings.api_requests_per_minute, s=wait),
                      headers={"Retry-After": str(wait)})
    limit = settings.max_auditfile_mb * 1024 * 1024
    too_big = TOO_BIG.format(mb=settings.max_auditfile_mb)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return _error(413, too_big, headers={"Connection": "close"})
    handle, path = tempfile.mkstemp(prefix="vfo-push-", suffix=".xaf")
    try:
        with os.fdopen(handle, "wb") as out:
            sha256 = await _spool(request, limit, out)
        if sha256 is None:
            return _error(413, too_big, headers={"Connection": "close"})
        if not sha256:
            return _error(400, EMPTY)
        client = request.query_params.get("client", "")
        file_name = os.path.basename(request.query_params.get("file_name", ""))[:255] \
            or DEFAULT_FILE_NAME
        try:
            result = await run_in_threadpool(_push, holder, path, sha256, client, file_name)
        except NotFound as exc:
            return _error(404, str(exc))
        except ValidationFailed as exc:
            return _error(422, str(exc), errors=exc.errors)
        except PermissionDenied as exc:
            return _error(403, str(exc))
    finally:
        os.unlink(path)
    status = {"imported": 201, "duplicate": 200, "company_mismatch": 409}.get(result.status, 422)
    body = result.as_dict()
    if result.status == "company_mismatch":
        body["error"] = MISMATCH
    return JSONResponse(body, status_code=status)


def _schema_report() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Het inleesrapport, met import_id en duplicate.",
        "properties": {
            "ok": {"type": "boolean"},
            "import_id": {"type": ["integer", "null"]},
            "duplicate": {"type": "boolean",
                          "description": "true: dezelfde bytes waren al ingelezen voor deze "
                                         "klant; er is niets opnieuw ingelezen."},
            "file_name": {"type": "string"}, "fiscal_year": {"type": "string"},
            "year": {"type": ["integer", "null"]},
            "ledger_accounts": {"type": "integer"}, "transactions": {"type": "integer"},
            "lines": {"type": "integer"},
            "debit_total": {"type": "string"}, "credit_total": {"type": "string"},
            "warnings": {"type": "array", "items": {"type": "string"}},
            "errors": {"type": "array", "items": {"type": "object"}},
            "checks": {"type": "array", "items": {
                "type": "object", "properties": {
                    "code": {"type": "string"},
                    "status": {"type": "string", "enum": ["ok", "warning", "error"]},
                    "message": {"type": "string"}}}},
        },
    }


def openapi_document() -> dict[str, Any]:
    settings = get_settings()
    error = {"type": "object", "properties": {"ok": {"type": "boolean"},
                                              "error": {"type": "string"}}}

    def answer(text: str, schema: dict | None = None, headers: dict | None = None) -> dict:
        out: dict[str, Any] = {"description": text, "content": {
            "application/json": {"schema": schema or error}}}
        if headers:
            out["headers"] = headers
        return out

    return {
        "openapi": "3.1.0",
        "info": {"title": "Visma Advisor API", "version": "1",
                 "description": "Auditfiles (XAF 3.1, 3.2, 4.0, CLAIR 2.00) inlezen vanuit het "
                                "boekhoudpakket met een API-sleutel van het kantoor "
                                "(Instellingen > API-sleutels)."},
        "servers": [{"url": settings.origin}],
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": {AUDITFILES: {"post": {
            "summary": "Een auditfile inlezen voor een klant van het kantoor",
            "operationId": "pushAuditfile",
            "parameters": [
                {"name": "client", "in": "query", "required": False,
                 "schema": {"type": "string"},
                 "description": "Klantnummer. Weggelaten: de klant met het KvK-nummer uit de "
                                "auditfile (companyIdent)."},
                {"name": "file_name", "in": "query", "required": False,
                 "schema": {"type": "string"}, "description": "Bestandsnaam voor het rapport."},
            ],
            "requestBody": {"required": True, "description":
                            f"De auditfile zelf (hoogstens {settings.max_auditfile_mb} MB).",
                            "content": {"application/xml": {"schema": {
                                "type": "string", "format": "binary"}}}},
            "responses": {
                "201": answer("Ingelezen.", _schema_report()),
                "200": answer("Dezelfde bytes waren al ingelezen (duplicate: true).",
                              _schema_report()),
                "400": answer("Lege body."),
                "401": answer("Geen, een onjuiste of een ingetrokken API-sleutel."),
                "404": answer("Geen klant met dit klantnummer of KvK-nummer bij het kantoor."),
                "409": answer("De auditfile hoort bij een ander bedrijf (check "
                              "company_mismatch); niets ingelezen.", _schema_report()),
                "413": answer(f"Groter dan {settings.max_auditfile_mb} MB."),
                "422": answer("De auditfile is geweigerd; errors zegt waarom (element, regel).",
                              _schema_report()),
                "429": answer(f"Meer dan {settings.api_requests_per_minute} verzoeken per "
                              "minuut met deze sleutel.",
                              headers={"Retry-After": {"schema": {"type": "integer"}}}),
            },
        }}},
    }


async def get_openapi(_request: Request) -> JSONResponse:
    return JSONResponse(openapi_document())


def api_app() -> Starlette:
    """The routes, for ``rx.App(api_transformer=...)``: Reflex mounts its own backend under it."""
    return Starlette(routes=[
        Route(AUDITFILES, post_auditfile, methods=["POST"]),
        Route(OPENAPI, get_openapi, methods=["GET"]),
    ])
