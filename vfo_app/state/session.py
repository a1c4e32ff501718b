"""The signed-in session, shared by every page state.

The browser only holds the opaque session token in a cookie; who the user is and
what they may do is looked up on the server for every page load and event.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain import auth
from vfo_app.domain.auth import Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.errors import DomainError, NotAuthenticated, NotFound, ValidationFailed
from vfo_app.domain.online.companies import is_company_admin
from vfo_app.settings import get_settings

SESSION_COOKIE = "vfo_session"

# A page load (@page_load) shares one transaction and one actor lookup between its session
# check and every use case it runs, the client page's seven tabs included: see
# SessionState._shared_reads. Per event, since contextvars are per asyncio task.
_shared: ContextVar[tuple[str, Session, Actor] | None] = ContextVar("vfo_shared", default=None)


class SessionState(rx.State):
    session_token: str = rx.Cookie(
        "",
        name=SESSION_COOKIE,
        same_site="strict",
        secure=get_settings().secure_cookies,
        max_age=get_settings().session_hours * 3600,
    )
    user_name: str = ""
    user_email: str = ""
    office_name: str = ""
    is_office_admin: bool = False
    is_employee: bool = False
    is_company_admin: bool = False  # a client user who is Beheerder of a company (Online nav)

    # --- helpers for substates ------------------------------------------------

    def _actor(self) -> Actor | None:
        with session_scope() as session:
            return auth.actor_for_token(session, self.session_token)

    @contextmanager
    def _use_case(self) -> Iterator[tuple[Session, Actor]]:
        """One transaction with the checked actor; raises NotAuthenticated without a session."""
        shared = _shared.get()
        if shared is not None and shared[0] == self.session_token:
            yield shared[1], shared[2]
            return
        with session_scope() as session:
            actor = auth.require_actor(session, self.session_token)
            yield session, actor

    @contextmanager
    def _shared_reads(self) -> Iterator[None]:
        """Let every ``_use_case`` inside share one transaction and actor. For page loads,
        which read: a use case that fails inside does not roll back on its own. Without a
        valid session nothing is shared and the inner use cases raise NotAuthenticated."""
        shared = _shared.get()
        if shared is not None and shared[0] == self.session_token:
            yield
            return
        with session_scope() as session:
            actor = auth.actor_for_token(session, self.session_token)
            reset = _shared.set((self.session_token, session, actor) if actor else None)
            try:
                yield
            finally:
                _shared.reset(reset)

    def _route_id(self, name: str) -> int | None:
        """An integer route argument such as client_id, or None when it is not a number."""
        raw = str(self.router._page.params.get(name, ""))
        return int(raw) if raw.isdigit() else None

    def _client_id(self) -> int:
        """The route's client id; an absent or malformed one is an unknown client."""
        client_id = self._route_id("client_id")
        if client_id is None:
            raise NotFound("Deze klant bestaat niet of hoort niet bij uw kantoor.")
        return client_id

    def _query(self, name: str) -> str:
        return str(self.router.url.query_parameters.get(name, "") or "")

    def _to_login(self):
        return rx.redirect(routes.login_url(self.router.url.path))

    def _fail(self, exc: DomainError):
        """The event answer to a refused use case."""
        if isinstance(exc, NotAuthenticated):
            return self._to_login()
        if isinstance(exc, ValidationFailed):
            return rx.toast.error("Controleer de gemarkeerde velden.")
        return rx.toast.error(str(exc))

    def _remember(self, actor: Actor, session: Session) -> None:
        self.user_name = actor.name
        self.user_email = actor.email
        self.office_name = actor.office_name
        self.is_office_admin = actor.is_office_admin
        self.is_employee = actor.is_employee
        self.is_company_admin = (not actor.is_employee
                                 and is_company_admin(session, actor.identity_id))

    def _admit(self, *, employee: bool):
        """The check at the start of every protected page load: no valid session, no page; an
        Advisor page (``employee``) sends a client user to Online. None when admitted."""
        shared = _shared.get()
        if shared is None:  # no valid session (see _shared_reads)
            self.user_name = ""
            return self._to_login()
        _token, session, actor = shared
        self._remember(actor, session)
        if employee and not actor.is_employee:
            return rx.redirect(routes.home_for(False, self.is_company_admin))
        return None

    # --- events -------------------------------------------------------------------

    @rx.event
    def logout(self):
        with session_scope() as session:
            auth.logout(session, token=self.session_token)
        self.session_token = ""
        self.user_name = ""
        return rx.redirect(routes.LOGIN)


def page_load(*, employee: bool):
    """Decorate a page state's ``load`` (the page's only on_load): the session check and the
    page's data in one event and one transaction. ``employee``: an Advisor page.

    One event instead of a separate check event before the load: a navigation is one state
    round trip and one database transaction fewer (measured with benchmarks/load_ws.py)."""

    def decorate(load: Callable) -> Callable:
        if inspect.iscoroutinefunction(load):
            @functools.wraps(load)
            async def guarded_async(self: SessionState, *args, **kwargs):
                with self._shared_reads():
                    denied = self._admit(employee=employee)
                    return denied if denied is not None else await load(self, *args, **kwargs)
            return guarded_async

        @functools.wraps(load)
        def guarded(self: SessionState, *args, **kwargs):
            with self._shared_reads():
                denied = self._admit(employee=employee)
                return denied if denied is not None else load(self, *args, **kwargs)
        return guarded

    return decorate
