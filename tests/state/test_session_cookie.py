"""The HttpOnly session cookie: the one-time ticket a login hands out, and the two HTTP routes
that set and remove the cookie (``vfo_app.auth_routes``), called through their ASGI app."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote, urlencode

import httpx
import pytest
from reflex_base.utils.format import json_dumps

from tests.state.harness import ORIGIN, Tab, run
from tests.state.world import NORA, PASSWORD
from vfo_app import auth_routes, routes
from vfo_app.auth_routes import SESSION_COOKIE, AuthRoutes
from vfo_app.domain import auth, clock, session_ticket
from vfo_app.domain.db import session_scope
from vfo_app.settings import get_settings
from vfo_app.state.clients import ClientListState
from vfo_app.state.login import LoginState
from vfo_app.state.session import SessionState


async def _not_found(scope, receive, send) -> None:
    await send({"type": "http.response.start", "status": 404, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def _get(url: str, cookie: str = "", method: str = "GET") -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=AuthRoutes(_not_found))
        async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as client:
            headers = {"cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
            return await client.request(method, url, headers=headers)
    return run(go())


def _session_cookie(response: httpx.Response) -> str | None:
    """The Set-Cookie line for the session cookie, or None when the response sets none."""
    lines = [v for v in response.headers.get_list("set-cookie")
             if v.startswith(f"{SESSION_COOKIE}=")]
    assert len(lines) <= 1
    return lines[0] if lines else None


def _value(set_cookie: str) -> str:
    return set_cookie.split(";", 1)[0].partition("=")[2].strip('"')


def _alive(token: str) -> bool:
    with session_scope() as s:
        return auth.actor_for_token(s, token) is not None


def _ticket_url(answer) -> str:
    [script] = [e for e in answer.frontend if e.name == "_call_script"]
    m = re.search(r'window\.location\.replace\(("(?:[^"\\]|\\.)*")\)', str(script.payload))
    return json.loads(m.group(1))


def test_a_login_hands_out_a_ticket_that_sets_an_httponly_cookie_once(world):
    page = Tab("").open(routes.LOGIN, query={"next": "/klanten/5"})
    answer = page.dispatch(LoginState, "submit", {"form": {"email": world.emails[NORA],
                                                           "password": PASSWORD}},
                           browse=False)
    url = _ticket_url(answer)
    assert url.startswith(f"{routes.AUTH_SESSION}?ticket=")
    # the event gave the browser no token: no var holds one, and the ticket is not one
    assert page.cookie == "" and page.state(SessionState).session_token == ""

    first = _get(url)
    assert first.status_code == 303 and first.headers["location"] == "/klanten/5"
    cookie = _session_cookie(first)
    parts = [p.strip().lower() for p in cookie.split(";")]
    assert "httponly" in parts and "samesite=strict" in parts and "path=/" in parts
    assert f"max-age={get_settings().session_hours * 3600}" in parts
    assert "secure" not in parts  # http://localhost: a Secure cookie would not come back
    token = _value(cookie)
    assert _alive(token) and token not in url
    assert first.headers["cache-control"] == "no-store"

    again = _get(url)  # a used ticket sets nothing
    assert again.status_code == 303 and again.headers["location"].startswith(routes.LOGIN)
    assert _session_cookie(again) is None
    assert _alive(token)  # and does not disturb the session it opened


def test_an_expired_altered_or_foreign_ticket_sets_nothing(world):
    ticket = session_ticket.issue(world.tokens[NORA])
    clock.freeze(clock.now() + timedelta(seconds=session_ticket.TICKET_SECONDS + 1))
    expired = _get(routes.session_url(ticket, routes.CLIENTS))
    assert expired.status_code == 303 and _session_cookie(expired) is None
    assert expired.headers["location"] == routes.login_url(routes.CLIENTS)

    fresh = session_ticket.issue(world.tokens[NORA])
    for bad in (fresh[:-2] + ("AA" if not fresh.endswith("AA") else "BB"), "", "x.y.z",
                session_ticket._serializer().dumps("0" * 64)):
        response = _get(f"{routes.AUTH_SESSION}?ticket={quote(bad)}")
        assert _session_cookie(response) is None, bad
    assert _alive(world.tokens[NORA])  # none of them touched the session

    with session_scope() as s:  # a session that ended before its ticket was used
        auth.logout(s, token=world.tokens[NORA])
    assert _session_cookie(_get(routes.session_url(fresh, routes.CLIENTS))) is None


@pytest.mark.parametrize(("asked", "lands"), [
    ("/klanten/7/financial-overview?jaar=2025", "/klanten/7/financial-overview?jaar=2025"),
    ("//evil.example/klanten", routes.HOME),
    ("/\\evil.example", routes.HOME),
    ("https://evil.example/", routes.HOME),
    ("javascript:alert(1)", routes.HOME),
    ("/klanten\r\nSet-Cookie: x=y", routes.HOME),
    ("", routes.HOME),
])
def test_next_stays_on_our_own_site(world, asked, lands):
    ticket = session_ticket.issue(world.tokens[NORA])
    response = _get(f"{routes.AUTH_SESSION}?{_query(ticket, asked)}")
    assert response.status_code == 303 and _session_cookie(response)
    assert response.headers["location"] == lands


def _query(ticket: str, next_path: str) -> str:
    return urlencode({"ticket": ticket, "next": next_path})


def test_logout_route_ends_the_session_and_expires_the_cookie(world):
    token = world.tokens[NORA]
    response = _get(routes.AUTH_LOGOUT, cookie=token)
    assert response.status_code == 303 and response.headers["location"] == routes.LOGIN
    cookie = _session_cookie(response)
    parts = [p.strip().lower() for p in cookie.split(";")]
    assert _value(cookie) == "" and "max-age=0" in parts and "path=/" in parts
    assert not _alive(token)
    # without a cookie it still expires whatever the browser holds
    assert _session_cookie(_get(routes.AUTH_LOGOUT)) is not None


def test_the_routes_answer_get_only_and_leave_other_paths_to_reflex(world):
    ticket = session_ticket.issue(world.tokens[NORA])
    assert _get(routes.session_url(ticket, "/"), method="POST").status_code == 405
    assert _get("/klanten").status_code == 404  # passed on to the wrapped app


def test_the_cookie_is_secure_on_https(monkeypatch, world):
    settings = SimpleNamespace(session_hours=12, secure_cookies=True)
    monkeypatch.setattr(auth_routes, "get_settings", lambda: settings)
    cookie = _session_cookie(_get(routes.session_url(session_ticket.issue(world.tokens[NORA]),
                                                     "/")))
    assert "secure" in [p.strip().lower() for p in cookie.split(";")]


def test_the_state_reads_the_token_from_the_handshake_and_never_sends_it(world, tab):
    nora = tab(NORA).open(routes.CLIENTS)
    answer = nora.call(ClientListState.load)
    assert answer.error is None and nora.state(SessionState).session_token == world.tokens[NORA]
    # what Reflex serializes for the browser (the full state and the deltas) has no token
    sent = json_dumps(nora.root.dict())
    assert ORIGIN in sent and world.tokens[NORA] not in sent  # the headers, without the cookie
    assert answer.deltas and world.tokens[NORA] not in json_dumps(answer.deltas)
    nora.set_cookie("")  # a handshake without the cookie: nobody
    assert nora.state(SessionState).session_token == ""
