"""``GET /auth/huisstijl-logo?kantoor=ID&v=N``: an office's logo, for whom may see it.

A logo is not secret, but it belongs to the office: it is sent to the office's employees and
to the users of the companies the office works for (``access.may_see_office_look``), after
the session cookie (HttpOnly, sent by the browser with the ``<img>`` request on our own
origin) names them. Anyone else, an unknown office and an office without a logo get the same
404, so nothing tells which offices exist. The bytes are served with the type they were
checked as (PNG or JPEG, ``domain.house_style``), ``nosniff`` and a private cache keyed by
``v``. Under /auth/ because that path already reaches the backend on every setup (nginx's
``location /auth/``); registered in front of Reflex as an ``api_transformer``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from vfo_app import routes
from vfo_app.auth_routes import SESSION_COOKIE
from vfo_app.domain import auth, house_style
from vfo_app.domain.db import session_scope

ASGIApp = Callable[..., Any]


def logo_response(request: Request) -> Response:
    raw = request.query_params.get("kantoor", "")
    token = request.cookies.get(SESSION_COOKIE, "")
    found = None
    if raw.isdigit() and token:
        with session_scope() as session:
            actor = auth.actor_for_token(session, token)
            if actor is not None:
                found = house_style.logo_for(session, actor, int(raw))
    if found is None:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    data, mime = found
    return Response(data, media_type=mime, headers={
        "Cache-Control": "private, max-age=86400",
        "X-Content-Type-Options": "nosniff",
        "Content-Disposition": "inline",
    })


class LogoRoute:
    """ASGI: the logo route, everything else passed on to the wrapped app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope.get("path", "").rstrip("/") != routes.HOUSE_STYLE_LOGO:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        if request.method not in ("GET", "HEAD"):
            response = Response(status_code=405, headers={"Allow": "GET, HEAD"})
        else:
            response = await anyio.to_thread.run_sync(logo_response, request)
        await response(scope, receive, send)
