"""A browser tab without a browser: Reflex events driven on the states directly.

A ``Tab`` holds one client's state tree, as Reflex's own unit tests build it: the root
``rx.State`` made by an in-memory state manager (``StateManagerMemory``), every substate in
it. An event runs the way Reflex's event processor runs it (``reflex_base`` 0.10:
``BaseStateEventProcessor._execute_event``): under the state lock, with an ``EventContext``
that records what would go to the browser (redirects, toasts, downloads, deltas) and the
backend events the handler chains, through ``process_event`` (which converts the payload by
the handler's type hints exactly as for a real browser). A background handler
(``@rx.event(background=True)``) gets a ``StateProxy`` and takes the lock with
``async with self`` itself, as on the server.

Chained backend events (``return SomeState.load``) are run after the event, as the browser
would send them; ``follow=False`` leaves them recorded but not run. A page load of a cookie
route is made whatever ``follow`` says (the browser makes it); ``browse=False`` only records it.

The route is set as the router does on navigation: the page's pattern (``/klanten/[client_id]``),
the browser path, and the route arguments merged into the query, which ``self.router`` and
``SessionState._route_id`` read. The session cookie is the Cookie header of the tab's
handshake (``router.headers.cookie``), which ``SessionState.session_token`` reads; a full page
load of one of the cookie routes (``/auth/session`` after a login, ``/auth/logout``) is followed
through the real ASGI routes (``vfo_app.auth_routes``), whose ``Set-Cookie`` the tab keeps, as a
browser does, and whose redirect is recorded as the answer's redirect.

Every coroutine runs on one event loop in a thread of its own, so a test never depends on
(or disturbs) an event loop of the main thread.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import threading
import urllib.parse
import uuid
from collections.abc import Coroutine, Iterable
from typing import Any

import reflex as rx
from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.token import BaseStateToken
from reflex.istate.proxy import StateProxy
from reflex.state import BaseState
from reflex_base.event import Event
from reflex_base.event.context import EventContext
from reflex_base.event.processor.base_state_processor import process_event
from reflex_components_core.core._upload import UploadChunk, UploadChunkIterator
from starlette.responses import PlainTextResponse

from vfo_app.auth_routes import SESSION_COOKIE, AuthRoutes

ORIGIN = "http://localhost:3000"
_NAVIGATION = re.compile(r"""window\.location\.replace\(("(?:[^"\\]|\\.)*")\)""")
EVENT_TIMEOUT_S = 30.0
MAX_CHAIN = 12  # chained backend events followed per dispatch


# --- one event loop for every tab ----------------------------------------------------------


class _LoopThread:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def _start(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="state-tests-loop",
                                 daemon=True).start()
                self._loop = loop
            return self._loop

    def run(self, coro: Coroutine, timeout: float = EVENT_TIMEOUT_S) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._start()).result(timeout)


LOOP = _LoopThread()


def run(coro: Coroutine, timeout: float = EVENT_TIMEOUT_S) -> Any:
    return LOOP.run(coro, timeout)


# --- what an event answered --------------------------------------------------------------------

_TOAST = re.compile(r"""\["(\w+)"\]\((.*)\)\)\)$""", re.S)


def _js_text(literal: str) -> str:
    """The text of a toast's JavaScript string literal ("be\\u00ebindigd" -> "beëindigd")."""
    try:
        return str(json.loads(literal))
    except ValueError:
        return literal.strip('"')


@dataclasses.dataclass
class Answer:
    """Everything one dispatch (and the events it chained) sent towards the browser."""

    frontend: list[Event] = dataclasses.field(default_factory=list)
    backend: list[Event] = dataclasses.field(default_factory=list)  # chained handlers
    deltas: list[dict] = dataclasses.field(default_factory=list)
    error: BaseException | None = None

    @property
    def redirects(self) -> list[str]:
        return [e.payload.get("path", "") for e in self.frontend if e.name == "_redirect"]

    @property
    def toasts(self) -> list[tuple[str, str]]:
        """(kind, text) of each toast: ("error", "Deze klant bestaat niet ...")."""
        found = []
        for e in self.frontend:
            if e.name == "_call_function" and "__toast" in str(e.payload.get("function")):
                m = _TOAST.search(str(e.payload["function"]))
                found.append((m.group(1), _js_text(m.group(2))) if m else ("?", ""))
        return found

    @property
    def downloads(self) -> list[str]:
        return [e.payload.get("filename", "") for e in self.frontend if e.name == "_download"]

    @property
    def error_toasts(self) -> list[str]:
        return [text for kind, text in self.toasts if kind in ("error", "warning")]

    @property
    def success_toasts(self) -> list[str]:
        return [text for kind, text in self.toasts if kind not in ("error", "warning")]

    def merge(self, other: Answer) -> None:
        self.frontend += other.frontend
        self.backend += other.backend
        self.deltas += other.deltas
        self.error = self.error or other.error

    def __str__(self) -> str:
        parts = [f"redirect {r}" for r in self.redirects]
        parts += [f"toast {k}: {t}" for k, t in self.toasts]
        parts += [f"download {d}" for d in self.downloads]
        parts += [f"chained {e.name.rsplit('.', 1)[-1]}" for e in self.backend]
        if self.error is not None:
            parts.append(f"raised {type(self.error).__name__}: {self.error}")
        return "; ".join(parts) or "nothing"


# --- the tab ----------------------------------------------------------------------------------


def _fill(route: str, params: dict[str, Any]) -> str:
    return re.sub(r"\[(\w+)\]", lambda m: str(params.get(m.group(1), "")), route)


def upload(name: str, data: bytes, chunk_size: int = 64 * 1024) -> UploadChunkIterator:
    """The ``rx.UploadChunkIterator`` an upload handler receives, holding one file."""

    async def fill() -> UploadChunkIterator:
        chunks = UploadChunkIterator(maxsize=max(8, len(data) // chunk_size + 2))
        for offset in range(0, max(len(data), 1), chunk_size):
            await chunks.push(UploadChunk(filename=name, offset=offset,
                                          content_type="application/xml",
                                          data=data[offset:offset + chunk_size]))
        await chunks.finish()
        return chunks

    return run(fill())


class Tab:
    """One browser tab of one person (``session_token``: their cookie, "" for nobody)."""

    def __init__(self, session_token: str = "") -> None:
        self.client_token = uuid.uuid4().hex
        self.manager = StateManagerMemory()
        self.root: BaseState = run(self.manager.get_state(
            BaseStateToken(ident=self.client_token, cls=rx.State)))
        self.router_data: dict[str, Any] = {}
        self.cookie = session_token
        self.open("/")

    # --- what the browser holds --------------------------------------------------------

    def set_cookie(self, session_token: str) -> None:
        """The session cookie this tab's (next) handshake carries."""
        self.cookie = session_token
        headers = {"origin": ORIGIN}
        if session_token:
            headers["cookie"] = f"{SESSION_COOKIE}={session_token}"
        merged = self.root._update_router_vars({**self.router_data, "headers": headers},
                                               self.root.router_data)
        self.root.router_data = merged
        self.router_data = merged

    async def visit(self, url: str) -> str:
        """A full page load of one of the backend's cookie routes, through the real ASGI app:
        keeps what its Set-Cookie says and returns where it redirects."""
        path, _, query = url.partition("?")
        headers = [(b"host", b"localhost:3000")]
        if self.cookie:
            headers.append((b"cookie", f"{SESSION_COOKIE}={self.cookie}".encode()))
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                 "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
                 "query_string": query.encode(), "headers": headers,
                 "client": ("127.0.0.1", 50000), "server": ("localhost", 3000)}
        sent: list[dict] = []

        async def receive() -> dict:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        await AuthRoutes(PlainTextResponse("not found", status_code=404))(scope, receive, send)
        [start] = [m for m in sent if m["type"] == "http.response.start"]
        location = ""
        for name, value in start["headers"]:
            name, value = name.decode("latin-1").lower(), value.decode("latin-1")
            if name == "location":
                location = value
            elif name == "set-cookie" and value.startswith(f"{SESSION_COOKIE}="):
                expired = "max-age=0" in value.lower().replace(" ", "")
                self.set_cookie("" if expired else value.split(";", 1)[0].partition("=")[2]
                                .strip('"'))
        return location

    def open(self, route: str, query: dict[str, Any] | None = None, **params: Any) -> Tab:
        """Navigate (without running the page load): ``tab.open(routes.CLIENT, client_id=5)``."""
        path = _fill(route, params)
        query = {k: str(v) for k, v in (query or {}).items()}
        if query:
            path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        headers = {"origin": ORIGIN}
        if self.cookie:
            headers["cookie"] = f"{SESSION_COOKIE}={self.cookie}"
        router_data = {
            "pathname": route, "asPath": path,
            "query": {**{k: str(v) for k, v in params.items()}, **query},
            "token": self.client_token, "sid": self.client_token, "ip": "127.0.0.1",
            "headers": headers,
        }
        merged = self.root._update_router_vars(router_data, self.root.router_data)
        self.root.router_data = merged
        self.router_data = merged
        return self

    def state(self, cls: type[BaseState]) -> Any:
        return self.root.get_substate(cls._get_substate_path())

    def values(self) -> dict:
        """Every var of every state of the tab, as the browser would hold them."""
        return self.root.dict()

    # --- events ------------------------------------------------------------------------

    def dispatch(self, cls: type[BaseState], name: str, payload: dict[str, Any] | None = None,
                 *, follow: bool = True, browse: bool = True) -> Answer:
        """Send one event (by handler name) with its payload, as a browser does."""
        return run(self._dispatch(cls, name, dict(payload or {}), follow=follow, browse=browse))

    def call(self, handler: Any, *args: Any, follow: bool = True, **kwargs: Any) -> Answer:
        """``tab.call(RequestsState.approve, collaboration_id=3)``: the handler's own class
        and name; positional arguments fill its parameters in order."""
        fn = handler.fn
        names = [p for p in fn.__code__.co_varnames[1:fn.__code__.co_argcount]]
        payload = dict(zip(names, args, strict=False)) | kwargs
        return self.dispatch(handler.state, fn.__name__, payload, follow=follow)

    async def _dispatch(self, cls: type[BaseState], name: str, payload: dict[str, Any], *,
                        follow: bool, browse: bool = True) -> Answer:
        answer = Answer()
        queue: list[tuple[type[BaseState], str, dict]] = [(cls, name, payload)]
        ran = 0
        while queue and ran <= MAX_CHAIN:
            state_cls, handler_name, event_payload = queue.pop(0)
            one = await self._one(state_cls, handler_name, event_payload)
            if browse:
                await self._follow_cookie_routes(one)
            answer.merge(one)
            ran += 1
            if one.error is not None or not follow:
                break
            for event in one.backend:
                queue.append((*self._resolve(event.name), dict(event.payload)))
        return answer

    async def _follow_cookie_routes(self, answer: Answer) -> None:
        """A full page load of ``/auth/...`` (login, logout) as the browser makes it: the route
        runs, its cookie is kept, and its redirect is recorded as a ``_redirect``."""
        for event in list(answer.frontend):
            if event.name != "_call_script":
                continue
            m = _NAVIGATION.search(str(event.payload.get("javascript_code", "")))
            url = json.loads(m.group(1)) if m else ""
            if not url.startswith("/auth/"):
                continue
            location = await self.visit(url)
            if location:
                answer.frontend.append(Event(name="_redirect",
                                             payload={"path": urllib.parse.unquote(location)}))

    def _resolve(self, event_name: str) -> tuple[type[BaseState], str]:
        state_name, _, handler_name = event_name.rpartition(".")
        return self.root.get_class_substate(state_name), handler_name

    async def _one(self, cls: type[BaseState], name: str, payload: dict) -> Answer:
        answer = Answer()

        async def emit_delta(_token, delta):
            answer.deltas.append(dict(delta))

        async def emit_event(_token, *events):
            answer.frontend.extend(events)

        async def enqueue(_token, *events):
            answer.backend.extend(events)

        handler = cls.event_handlers[name]
        ctx = EventContext(token=self.client_token, state_manager=self.manager,
                           enqueue_impl=enqueue, emit_delta_impl=emit_delta,
                           emit_event_impl=emit_event, router_data=self.router_data)
        token = EventContext.set(ctx)
        try:
            if handler.is_background:
                proxy = StateProxy(self.state(cls))
                await process_event(handler=handler, payload=payload, state=proxy,
                                    root_state=None)
            else:
                lock = BaseStateToken(ident=self.client_token, cls=cls)
                async with self.manager.modify_state_with_links(lock) as root:
                    substate = root.get_substate(cls._get_substate_path())
                    await process_event(handler=handler, payload=payload, state=substate,
                                        root_state=root)
        except Exception as exc:  # reported, not raised: the matrix says which handler
            answer.error = exc
        finally:
            EventContext.reset(token)
        return answer


def event_handlers(cls: type[BaseState]) -> Iterable[str]:
    return sorted(cls.event_handlers)
