"""The signed-in session, shared by every page state, and the one way a state runs a use case.

The browser only holds the opaque session token in an HttpOnly cookie, which no script of the
page can read: it is set and removed by two HTTP routes (``vfo_app.auth_routes``) and reaches
the states through the Cookie header of the websocket handshake (``session_token``). Who the
user is and what they may do is looked up on the server for every page load and event (the
access policy, ``vfo_app.domain.access``, decides inside each use case).

A handler runs a use case with ``self._run(lambda tx: domain.f(tx.session, tx.actor, ...))``:
the runner resolves the actor, opens the transaction, turns a domain error into field errors
or one toast, and rolls back on failure. A page load (``@page_load``) receives its ``Tx``
as an argument: the session check and every use case of the load share that transaction,
each use case in a savepoint of its own, so one that fails leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.auth_routes import SESSION_COOKIE, cookie_value
from vfo_app.domain import access, auth, house_style, session_ticket
from vfo_app.domain.auth import Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.errors import DomainError, NotAuthenticated, NotFound, ValidationFailed
from vfo_app.domain.online import collaborations
from vfo_app.domain.overview import questions

CHECK_FIELDS = "Controleer de gemarkeerde velden."
T = TypeVar("T")


@dataclass(frozen=True)
class Tx:
    """One transaction and the checked actor: what every use case of a state runs with."""

    session: Session
    actor: Actor


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a use case gave: its value, or the domain error and the answer for the browser
    (a redirect to login or a toast; None when field errors say it all)."""

    value: T | None = None
    error: DomainError | None = None
    answer: Any = None

    @property
    def ok(self) -> bool:
        return self.error is None


def navigate(url: str):
    """A full page load of ``url`` (``rx.redirect`` only navigates inside the app, or opens
    a new tab): how the browser reaches the HTTP routes that set and remove the cookie."""
    return rx.call_script(f"window.location.replace({json.dumps(url)})")


class SessionState(rx.State):
    user_name: str = ""
    user_email: str = ""
    office_name: str = ""
    is_office_admin: bool = False
    is_employee: bool = False
    is_company_admin: bool = False  # a client user who is Beheerder of a company (Online nav)
    waiting_requests: int = 0  # requests a company Beheerder has still to answer (the menu says)
    waiting_questions: int = 0  # clients' questions on a figure an employee may answer (Vragen)
    # a client user's portal header: their office's main colour and logo ("" = the app's own)
    brand_colour: str = ""
    brand_logo: str = ""
    brand_office: str = ""

    @property
    def session_token(self) -> str:
        """The session token: the HttpOnly cookie the websocket handshake of this tab's
        connection carried (a plain property, not a var: never sent to the browser, and no
        event can set it). A login reaches it only through a new page load
        (``_start_session``)."""
        return cookie_value(self.router.headers.cookie, SESSION_COOKIE)

    def _start_session(self, token: str, next_path: str):
        """The browser's way into a session just started by this event: a full page load of
        the ticket route, which sets the HttpOnly cookie and goes on to ``next_path``."""
        return navigate(routes.session_url(session_ticket.issue(token), next_path))

    # --- the use-case runner -------------------------------------------------------------

    def _run(self, use_case: Callable[[Tx], T], *, tx: Tx | None = None,
             quiet: bool = False, enrolling: bool = False, reads_only: bool = False
             ) -> Outcome[T]:
        """Run one use case and turn what it raises into an answer for the browser.

        ``tx``: the page load's transaction; the use case then runs in a savepoint of it.
        Without it the use case gets a transaction of its own, committed when it succeeds.
        ``quiet``: no toast (a page that shows the refusal itself); an ended session still
        goes to the login page. A ValidationFailed fills the state's ``errors`` (beside
        the fields) when it has that var, else becomes one toast.
        ``enrolling``: a use case of setting up the second factor, which an employee whose
        office requires one may run before having one (every other use case is refused).
        ``reads_only``: a use case of the page load's transaction that writes nothing runs
        without a savepoint (a refusal leaves nothing to undo; the savepoint cost two
        round trips); it is refused if it leaves a change in the session."""
        if tx is not None:
            run_in = _reading if reads_only else _in_savepoint
            return self._attempt(lambda: run_in(tx, use_case), quiet=quiet)
        return self._attempt(lambda: _in_transaction(self.session_token, use_case, enrolling),
                             quiet=quiet)

    def _run_anonymous(self, use_case: Callable[[Session], T], *, quiet: bool = False
                       ) -> Outcome[T]:
        """A use case for someone without a session (an activation link is the credential):
        its own transaction, the same answers to domain errors."""
        return self._attempt(lambda: _in_anonymous_transaction(use_case), quiet=quiet)

    def _attempt(self, work: Callable[[], T], *, quiet: bool) -> Outcome[T]:
        """The one place a domain error becomes an answer for the browser."""
        try:
            return Outcome(value=work())
        except DomainError as exc:
            return Outcome(error=exc, answer=self._answer(exc, quiet=quiet))

    def _answer(self, exc: DomainError, *, quiet: bool = False):
        if isinstance(exc, NotAuthenticated):
            return self._to_login()
        if isinstance(exc, access.SecondFactorRequired):
            return rx.redirect(routes.TWO_FACTOR)
        if isinstance(exc, ValidationFailed) and isinstance(getattr(self, "errors", None), dict):
            self.errors = dict(exc.errors)
            return None
        if quiet:
            return None
        return rx.toast.error(CHECK_FIELDS if isinstance(exc, ValidationFailed) else str(exc))

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

    def _remember(self, tx: Tx) -> None:
        actor = tx.actor
        self.user_name = actor.name
        self.user_email = actor.email
        self.office_name = actor.office_name
        self.is_office_admin = actor.is_office_admin
        self.is_employee = actor.is_employee
        self.is_company_admin = access.is_any_company_admin(tx.session, actor)
        self.waiting_requests = (collaborations.waiting_count(tx.session, actor)
                                 if self.is_company_admin else 0)
        self.waiting_questions = questions.waiting_count(tx.session, actor)
        brand = house_style.portal_brand(tx.session, actor)
        self.brand_colour = brand.colour if brand else ""
        self.brand_office = brand.office_name if brand else ""
        self.brand_logo = (routes.house_style_logo_url(brand.office_id, brand.logo_version)
                           if brand and brand.has_logo else "")

    def _admit(self, session: Session, *, employee: bool, enrolling: bool = False
               ) -> Tx | Any:
        """The check at the start of every protected page load: no valid session, no page; an
        Advisor page (``employee``) sends a client user to Online. The Tx when admitted,
        else the redirect."""
        actor = auth.actor_for_token(session, self.session_token)
        if actor is None:
            self.user_name = ""
            return self._to_login()
        tx = Tx(session, actor)
        self._remember(tx)
        if employee and not actor.is_employee:
            return rx.redirect(routes.home_for(False, self.is_company_admin))
        if not enrolling and access.needs_second_factor(session, actor):
            return rx.redirect(routes.TWO_FACTOR)
        return tx

    # --- events -------------------------------------------------------------------

    @rx.event
    async def logout(self):
        """End the session and forget everything the tab held, on both sides.

        Server: every state of this tab (also those the event did not load: with Redis only
        the states an event needs are fetched, so each is fetched first) goes back to its
        defaults, so a reconnect of this tab gets nothing of the previous user. Browser: the
        tab's storage (the Reflex client token with it) is cleared and ``/auth/logout`` is
        loaded, which expires the HttpOnly cookie (no script can) and sends the browser to the
        login page; the full page load drops every value the page held in memory."""
        with session_scope() as session:
            auth.logout(session, token=self.session_token)
        root: rx.State = self
        while root.parent_state is not None:
            root = root.parent_state
        for cls in _every_state(type(root)):
            await self.get_state(cls)
        root.reset()
        return [rx.clear_session_storage(), navigate(routes.AUTH_LOGOUT)]


def _every_state(cls: type[rx.State]) -> list[type[rx.State]]:
    """``cls`` and every state below it."""
    found = [cls]
    for sub in sorted(cls.get_substates(), key=lambda c: c.get_full_name()):
        found += _every_state(sub)
    return found


def _in_savepoint(tx: Tx, use_case: Callable[[Tx], T]) -> T:
    with tx.session.begin_nested():
        return use_case(tx)


def _reading(tx: Tx, use_case: Callable[[Tx], T]) -> T:
    result = use_case(tx)
    if tx.session.new or tx.session.dirty or tx.session.deleted:
        raise RuntimeError(f"{use_case} is run as reads_only but changed the session")
    return result


def _in_transaction(token: str, use_case: Callable[[Tx], T], enrolling: bool = False) -> T:
    with session_scope() as session:
        actor = auth.require_actor(session, token)
        if not enrolling:
            access.require_second_factor_done(session, actor)
        return use_case(Tx(session, actor))


def _in_anonymous_transaction(use_case: Callable[[Session], T]) -> T:
    with session_scope() as session:
        return use_case(session)


def page_load(*, employee: bool, enrolling: bool = False):
    """Decorate a page state's ``load(self, tx)`` (the page's only on_load): the session check
    and the page's data in one event and one transaction, which the load receives as ``tx``
    and passes to ``self._run(..., tx=tx)``. ``employee``: an Advisor page. ``enrolling``:
    the page where the second factor is set up (open before one is, when the office requires
    it; every other page sends such an employee there).

    One event instead of a separate check event before the load: a navigation is one state
    round trip and one database transaction fewer (measured with benchmarks/load_ws.py).

    The database work runs in a worker thread, never on the event loop: every query of a
    load waits for the database, and a wait on the loop holds up every other tab this
    process serves (py-spy under 500 users: a third of the loop's time was such waits). The
    load still has its tab's state to itself: the event holds the tab's state lock until it
    returns. An ``async`` load (one that needs ``get_state``) runs on the loop and hands its
    own database work to a thread (``off_loop``); its transaction is opened and closed in
    one too."""

    def decorate(load: Callable) -> Callable:
        if inspect.iscoroutinefunction(load):
            async def guarded_async(self: SessionState):
                async with _session_off_loop() as session:
                    admitted = await off_loop(self._admit, session, employee=employee,
                                              enrolling=enrolling)
                    if not isinstance(admitted, Tx):
                        return admitted
                    return await load(self, admitted)
            return _as_handler(guarded_async, load)

        def guarded(self: SessionState):
            with session_scope() as session:
                admitted = self._admit(session, employee=employee, enrolling=enrolling)
                if not isinstance(admitted, Tx):
                    return admitted
                return load(self, admitted)

        async def guarded_off_loop(self: SessionState):
            return await off_loop(guarded, self)
        return _as_handler(guarded_off_loop, load)

    return decorate


async def off_loop(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``work(*args, **kwargs)`` in a worker thread: how a handler waits for the database
    without stopping the event loop's other tabs."""
    return await asyncio.to_thread(work, *args, **kwargs)


@asynccontextmanager
async def _session_off_loop() -> AsyncIterator[Session]:
    """``session_scope()`` with its opening and its commit or rollback in a worker thread."""
    scope = session_scope()
    session = await off_loop(scope.__enter__)
    try:
        yield session
    except BaseException as exc:
        if not await off_loop(scope.__exit__, type(exc), exc, exc.__traceback__):
            raise
    else:
        await off_loop(scope.__exit__, None, None, None)


def _as_handler(guarded: Callable, load: Callable) -> Callable:
    """The guarded load as Reflex sees it: named like the load, taking no event arguments
    (``tx`` comes from the guard, never from the browser)."""
    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(guarded, name, getattr(load, name))
    guarded.__signature__ = inspect.Signature(
        [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)])
    guarded.__annotations__ = {}
    guarded.page_load = True  # for the authorization matrix: this handler checks the session
    return guarded
