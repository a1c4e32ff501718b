"""What a session shows on Mijn account: the browser and IP of the request, from the router."""

from __future__ import annotations

from typing import Any

from vfo_app.domain import accounts
from vfo_app.domain.db import session_scope


def user_agent(router: Any) -> str:
    return str(getattr(router.headers, "user_agent", "") or "")[:300]


def client_ip(router: Any) -> str:
    return str(getattr(router.session, "client_ip", "") or "")[:45]


def remember_browser(token: str, router: Any) -> None:
    """Note the browser and IP of a session just started at login (a write of its own, after
    the login's transaction: the login code stays as it is)."""
    with session_scope() as session:
        accounts.note_client(session, token, user_agent=user_agent(router),
                             ip=client_ip(router))
