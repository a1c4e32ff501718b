"""Security headers: added to every HTTP response, kept when a response sets its own, not on websockets."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from vfo_app.http_headers import SecurityHeadersMiddleware, nginx_directives
from vfo_app.settings import Settings


def _settings(tmp_path, base_url: str, env: str = "production") -> Settings:
    return Settings(data_dir=tmp_path, env=env, secret_key="k" * 48, base_url=base_url,
                    smtp_host="smtp.example")


def _run(middleware, scope) -> list[dict]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    # a thread of its own: Playwright's sync API (the e2e tests, earlier in the same run)
    # leaves an event loop marked as running in the main thread
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, middleware(scope, receive, send)).result()
    return sent


async def _page(scope, receive, send):
    if scope["type"] == "http":
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html"), (b"x-frame-options", b"SAMEORIGIN")]})
        await send({"type": "http.response.body", "body": b"<html></html>"})
    else:
        await send({"type": "websocket.accept"})


def test_every_http_response_gets_the_headers_and_an_own_header_wins(tmp_path):
    middleware = SecurityHeadersMiddleware(_page, _settings(tmp_path, "https://vfo.example"))
    start, body = _run(middleware, {"type": "http", "path": "/clients"})
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "connect-src 'self' wss://vfo.example" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["strict-transport-security"].startswith("max-age=")
    assert headers["x-frame-options"] == "SAMEORIGIN"  # set by the response itself
    assert [k for k, _ in start["headers"]].count(b"x-frame-options") == 1
    assert body["body"] == b"<html></html>"


def test_no_hsts_over_plain_http_and_websockets_untouched(tmp_path):
    middleware = SecurityHeadersMiddleware(_page, _settings(tmp_path, "http://localhost:8080"))
    start, _ = _run(middleware, {"type": "http", "path": "/"})
    names = {k for k, _ in start["headers"]}
    assert b"strict-transport-security" not in names
    assert b"content-security-policy" in names
    assert _run(middleware, {"type": "websocket", "path": "/_event"}) == [{"type": "websocket.accept"}]


def test_nginx_gets_the_same_headers(tmp_path):
    lines = nginx_directives(_settings(tmp_path, "http://localhost:8080")).splitlines()
    assert 'add_header X-Content-Type-Options "nosniff" always;' in lines
    assert any(line.startswith("add_header Content-Security-Policy \"default-src 'self';") for line in lines)
