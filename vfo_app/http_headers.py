"""Security headers on every HTTP response of an instance (pages, API, uploads), as ASGI middleware.

Registered as the app's ``api_transformer``, so it wraps whatever the instance serves: with
``--single-port`` that includes the built pages. ``deploy/nginx.conf`` repeats the same headers
for the static files nginx serves itself (rendered from ``nginx_directives`` below).

Why the CSP allows what it does (checked against the Reflex 0.10 prod build in Chromium):
- script 'unsafe-inline': React Router's prerendered pages hydrate from inline scripts.
- script 'unsafe-eval': Reflex's ``state.js`` runs every ``_call_script`` and every
  ``_call_function`` a backend handler returns through ``eval`` (the function reaches the
  browser as text). That is every toast a handler returns (``rx.toast.*``: the runner's error
  toasts, the success notices), the full page loads of the session-cookie routes (login and
  logout, ``state.session.navigate``: ``rx.redirect`` only navigates inside the app or opens a
  new tab) and the ``rx.call_script`` triggers (print, budget cells). Tried without it
  (e2e in Chromium): the login itself no longer gets past the form.
- style 'unsafe-inline': Radix Themes and Emotion set inline styles.
- img/font ``data:``: inline icons and fonts in the CSS; ``blob:`` for downloads.
The rest is closed: no framing, no plugins, forms and <base> only to ourselves, and
connections only to our own origin (and its websocket).

Closed: the session cookie is HttpOnly (``vfo_app.auth_routes``: set by ``GET /auth/session``
from a one-time ticket, expired by ``GET /auth/logout``; the states read it from the websocket
handshake), so a script injected into a page cannot read the token.

What remains open, and what closing it takes (README, Productie > Security):
- 'unsafe-inline' could give way to the sha256 hashes of the build's inline scripts, which
  change per build: the headers (here and in nginx) would have to read the exported pages.
- 'unsafe-eval' stays while any script reaches the browser as text (above). Closing it means
  no handler returns a toast or a script: notices as state vars rendered by the page, the full
  page loads as a compiled trigger (or a rendered ``<meta http-equiv=refresh>``), and
  ``rx.call_function`` of functions compiled into the bundle for print and the budget cells.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vfo_app.settings import Settings, get_settings

ASGIApp = Callable[..., Any]


def content_security_policy(settings: Settings) -> str:
    connect = ["'self'"]
    if settings.is_production:
        # Explicit websocket origin: older browsers do not let 'self' cover ws(s)://.
        origin = settings.origin
        connect.append(origin.replace("https://", "wss://", 1).replace("http://", "ws://", 1))
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": connect,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def security_headers(settings: Settings) -> list[tuple[str, str]]:
    headers = [
        ("Content-Security-Policy", content_security_policy(settings)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
    ]
    if settings.base_url.startswith("https://"):
        # Only over https: on plain http a browser ignores it, and it would pin localhost to https.
        headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    return headers


def nginx_directives(settings: Settings) -> str:
    """The same headers as nginx ``add_header`` lines, for the static files nginx serves."""
    return "\n".join(f"add_header {name} \"{value}\" always;" for name, value in security_headers(settings))


class SecurityHeadersMiddleware:
    """Adds the headers to every HTTP response that does not set them itself; websockets untouched."""

    def __init__(self, app: ASGIApp, settings: Settings | None = None) -> None:
        self.app = app
        settings = settings or get_settings()
        self._headers = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                         for k, v in security_headers(settings)]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self._headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


if __name__ == "__main__":  # scripts/run_prod.sh renders these into the nginx configuration
    print(nginx_directives(get_settings()))
