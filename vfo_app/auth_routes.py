"""The two HTTP routes that set and remove the session cookie, so that it can be HttpOnly.

Registered as one of the app's ``api_transformer``s (``vfo_app.vfo_app``): every request to
another path goes on to Reflex untouched. With ``--single-port`` and behind nginx
(``deploy/nginx.conf``, ``location /auth/``) they are served on the app's own origin.

- ``GET /auth/session?ticket=...&next=/path``: redeems the one-time ticket a login, the second
  step, an activation or a password reset handed out (``domain.session_ticket``), sets
  ``vfo_session`` (HttpOnly, SameSite=Strict, Path=/, Max-Age of a session, Secure on https)
  and sends the browser on (303) to ``next`` when it is a path of our own
  (``routes.safe_next``). An expired, used or altered ticket sets nothing and goes to the
  login page.
- ``GET /auth/logout``: ends the session of the cookie it receives (the logout event has done
  so already; this covers a visit without it), expires the cookie and goes to the login page.

The page that loads next opens a new websocket, whose handshake carries the cookie;
``SessionState.session_token`` reads it from there. JavaScript never sees the token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio.to_thread
from starlette.requests import Request, cookie_parser
from starlette.responses import RedirectResponse, Response

from vfo_app import routes
from vfo_app.domain import auth, session_ticket
from vfo_app.domain.db import session_scope
from vfo_app.settings import get_settings

SESSION_COOKIE = "vfo_session"
ASGIApp = Callable[..., Any]


def cookie_value(cookie_header: str, name: str = SESSION_COOKIE) -> str:
    """The value of one cookie in a Cookie header ("" when absent or unreadable)."""
    return cookie_parser(cookie_header).get(name, "") if cookie_header else ""


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the ticket stays out of Referers
    return response


def _set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(SESSION_COOKIE, token, max_age=settings.session_hours * 3600, path="/",
                        httponly=True, samesite="strict", secure=settings.secure_cookies)


def _expire_session_cookie(response: Response) -> None:
    settings = get_settings()
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=settings.secure_cookies)


def open_session(request: Request) -> Response:
    ticket = request.query_params.get("ticket", "")
    next_path = request.query_params.get("next")
    with session_scope() as session:
        token = session_ticket.redeem(session, ticket) if ticket else None
    if token is None:
        target = routes.login_url(routes.safe_next(next_path, default=""))
        return _no_store(RedirectResponse(target, status_code=303))
    response = _no_store(RedirectResponse(routes.safe_next(next_path, default=routes.HOME),
                                          status_code=303))
    _set_session_cookie(response, token)
    return response


def close_session(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        with session_scope() as session:
            auth.logout(session, token=token)
    response = _no_store(RedirectResponse(routes.LOGIN, status_code=303))
    _expire_session_cookie(response)
    return response


ROUTES: dict[str, Callable[[Request], Response]] = {
    routes.AUTH_SESSION: open_session,
    routes.AUTH_LOGOUT: close_session,
}


class AuthRoutes:
    """ASGI: the session routes, everything else passed on to the wrapped app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        handler = ROUTES.get(scope.get("path", "").rstrip("/")) if scope["type"] == "http" else None
        if handler is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        if request.method not in ("GET", "HEAD"):
            response: Response = Response(status_code=405, headers={"Allow": "GET, HEAD"})
        else:
            # the database work is synchronous: off the event loop
            response = await anyio.to_thread.run_sync(handler, request)
        await response(scope, receive, send)
