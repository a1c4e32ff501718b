"""Load generator: simulated users on the app's own websocket, no browser.

    python benchmarks/load_ws.py http://127.0.0.1:3000 --users 200 --duration 60 --ramp 20

Each user opens one socket.io connection to ``/_event`` as the Reflex frontend does, logs in,
opens Klanten, searches, opens client DEM and its Financial Overview dashboard, then repeats
Klanten > zoeken > klant > dashboard (> portefeuille with --portfolio) with a think time of
--think seconds (random) between steps until the end of the run. With --offices-file (written
by benchmarks/seed_offices.py) every user logs in as an employee of one of many offices and
opens a client of their own office instead of the shared demo logins and DEM. Users start
evenly spread over --ramp seconds; the run ends
--duration seconds after the last one started. Prints per step and in total the number of
steps, p50/p95/p99/max latency, events per second and errors.

The protocol, as the Reflex 0.10 frontend speaks it (recorded from Chromium):
- Engine.IO 4 over a websocket: ``/_event/?token=<tab token>&EIO=4&transport=websocket``; the
  server opens with ``0{...}`` and pings with ``2`` (answer ``3``).
- socket.io CONNECT ``40/_event,{"event": <hydrate_and_load>}``: the hydrate rides in the
  connect packet. The session token reaches the server only as the HttpOnly ``vfo_session``
  cookie in the websocket handshake's Cookie header.
- events: ``42/_event,["event", {"name", "payload", "router_data": {pathname, asPath, query}}]``;
  updates: ``42/_event,["event", {"delta": {...}, "events": [...]}]``. There is no end-of-event
  marker (``final`` is gone since Reflex 0.9), so a step ends at the update it is waiting for:
  a page load ends with ``is_hydrated: true`` (the last event of the on_load chain), login with
  the ``_redirect`` it returns, a search with the list's delta.
- login: ``LoginState.submit`` answers with a ``_call_script`` that loads
  ``/auth/session?ticket=...`` (the only way to the HttpOnly cookie): the user GETs it over
  HTTP, keeps the cookie of its ``Set-Cookie`` and reloads (a new connection on Klanten, as
  the browser's full page load). A client-side navigation sends ``update_vars_internal`` and
  ``on_load_internal`` for the new route.

A first hydrate without the frontend's ``hashes`` gets the whole state, as a reconnect does.
Errors: timeouts, disconnects, error toasts, a redirect to the login page and pages that did
not show what they should (login refused, client or dashboard not shown).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import random
import resource
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from urllib.parse import urljoin, urlsplit

import websockets

# Full Reflex names of the states the steps address (State.get_full_name(); not imported here
# so that the generator runs without the app).
ROOT = "reflex___state____state"
SESSION = f"{ROOT}.vfo_app___state___session____session_state"
LOGIN = f"{SESSION}.vfo_app___state___login____login_state"
CLIENT_LIST = f"{SESSION}.vfo_app___state___clients____client_list_state"
CLIENT_PAGE = f"{SESSION}.vfo_app___state___client_page____client_page_state"
OVERVIEW = f"{SESSION}.vfo_app___state___overview____financial_overview_state"
SESSION_COOKIE = "vfo_session"
HYDRATED = "is_hydrated_rx_state_"

NS = "/_event"
EVENT_PREFIX = f"42{NS},"
DEFAULT_LOGINS = ("advisor2@demo-accountants.example:Demo-Advisor-2026,"
                  "advisor@demo-accountants.example:Demo-Advisor-2026")
SEARCHES = ("Bloem", "Bloemenhoek", "DEM", "Amsterdam", "33445566")
CLIENT_NUMBER = "DEM"
PORTFOLIO = f"{SESSION}.vfo_app___state___portfolio____portfolio_state"
STEPS = ("hydrate", "login", "klanten", "zoeken", "klant", "dashboard", "portefeuille")
try:  # the frontend offers its Reflex version as subprotocol; the server only warns without it
    SUBPROTOCOLS = [metadata.version("reflex")]
except metadata.PackageNotFoundError:
    SUBPROTOCOLS = None


class StepFailed(Exception):
    """A step that got an answer, but the wrong one; the message is the error kind."""


class Disconnected(Exception):
    pass


@dataclass
class Stats:
    # step -> [(monotonic start, ms)]
    latencies: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)  # (step, kind) -> count
    events: int = 0  # events sent inside the measured window
    connects: int = 0


class Socket:
    """One tab's socket.io connection to /_event, with the updates collected per step."""

    def __init__(self, base_url: str, token: str, cookie: str = ""):
        parts = urlsplit(base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.url = f"{scheme}://{parts.netloc}{NS}/?token={token}&EIO=4&transport=websocket"
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.token = token  # replaced when the server finds the token in use (new_token)
        self.headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
        self.ws = None
        self.updates: asyncio.Queue = asyncio.Queue()
        self._reader: asyncio.Task | None = None

    async def connect(self, boot_event: dict, timeout: float) -> None:
        """Open the websocket and send the socket.io CONNECT with the hydrate in it."""
        # Engine.IO does its own pings; permessage-deflate is left on, as browsers negotiate it.
        self.ws = await websockets.connect(
            self.url, origin=self.origin, subprotocols=SUBPROTOCOLS,
            additional_headers=self.headers, max_size=None, open_timeout=timeout, ping_interval=None,
        )
        opening = await asyncio.wait_for(self.ws.recv(), timeout)
        if not str(opening).startswith("0"):
            raise Disconnected(f"geen Engine.IO-opening: {opening!r:.80}")
        self._reader = asyncio.create_task(self._read())
        await self.ws.send(f"40{NS}," + json.dumps({"event": boot_event}))

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                if isinstance(message, bytes):  # Reflex sends no binary packets
                    continue
                if message == "2":  # Engine.IO ping
                    await self.ws.send("3")
                elif message.startswith(EVENT_PREFIX):
                    name, update = json.loads(message[len(EVENT_PREFIX):])[:2]
                    if name == "event":
                        self.updates.put_nowait(update)
                    elif name == "new_token":
                        self.token = update
                elif message.startswith(f"44{NS}") or message.startswith(f"41{NS}"):
                    break  # connect refused or namespace closed by the server
        except websockets.ConnectionClosed:
            pass
        finally:
            self.updates.put_nowait(None)

    async def send_events(self, *events: dict) -> None:
        for event in events:
            await self.ws.send(EVENT_PREFIX + json.dumps(["event", event]))

    def drain(self) -> None:
        """Forget updates left over from an earlier step (e.g. one that timed out)."""
        while not self.updates.empty():
            if self.updates.get_nowait() is None:
                self.updates.put_nowait(None)
                return

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await self.ws.send(f"41{NS},")
                await self.ws.close()
            except websockets.ConnectionClosed:
                pass
        if self._reader is not None:
            await self._reader


def router_data(path: str, query: dict | None = None) -> dict:
    data = {"pathname": path, "asPath": path}
    if query:
        data["query"] = query
    return data


def form_data(**fields: str) -> dict:
    """A form as the frontend encodes it (``encodeFormDataArgs``)."""
    return {"__reflex_form_data__": [[k, v] for k, v in fields.items()]}


def toast_error(update: dict) -> bool:
    return any(ev.get("name") == "_call_function" and "__toast" in json.dumps(ev)
               and '"error"' in json.dumps(ev) for ev in update.get("events") or [])


def page_loads(update: dict) -> list[str]:
    """The full page loads a ``_call_script`` asks for (``window.location.replace("...")``)."""
    found = []
    for ev in update.get("events") or []:
        code = str((ev.get("payload") or {}).get("javascript_code", ""))
        if ev.get("name") == "_call_script" and code.startswith("window.location.replace("):
            found.append(json.loads(code[len("window.location.replace("):-1]))
    return found


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session_cookie_from(url: str) -> str:
    """GET a ticket URL as the browser does; the session cookie its response sets ("" if none)."""
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        response = opener.open(url, timeout=30)
    except urllib.error.HTTPError as exc:  # the 303 itself
        response = exc
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        if name.strip() == SESSION_COOKIE:
            return rest.split(";", 1)[0].strip().strip('"')
    return ""


def redirects(update: dict) -> list[str]:
    return [ev.get("payload", {}).get("path", "") for ev in update.get("events") or []
            if ev.get("name") == "_redirect"]


class User:
    def __init__(self, base_url: str, email: str, password: str, args, stats: Stats,
                 window: tuple[float, float], client_number: str = CLIENT_NUMBER,
                 searches: tuple[str, ...] = SEARCHES):
        self.base_url, self.email, self.password = base_url, email, password
        self.client_number, self.searches = client_number, searches
        self.args, self.stats, self.window = args, stats, window
        self.token = str(uuid.uuid4())  # the tab token (sessionStorage in a browser)
        self.cookie = ""  # the vfo_session cookie
        self.client_id = ""
        self.sock: Socket | None = None

    # --- one step: send, wait for the update that ends it, check what came ------------------

    async def step(self, name: str, send, done, check=None) -> None:
        """Run one step; record its latency, or its error kind."""
        merged: dict[str, dict] = defaultdict(dict)  # the step's deltas, per state
        start, started = time.perf_counter(), time.monotonic()
        try:
            sent = await send()
            if self.window[0] <= time.monotonic() <= self.window[1]:
                self.stats.events += sent
            deadline = start + self.args.timeout
            while True:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    raise TimeoutError
                update = await asyncio.wait_for(self.sock.updates.get(), remaining)
                if update is None:
                    raise Disconnected
                for state, delta in (update.get("delta") or {}).items():
                    merged[state].update(delta)
                if toast_error(update):
                    raise StepFailed("fout-toast")
                if any(path.startswith("/login") for path in redirects(update)) and name != "login":
                    raise StepFailed("naar login")
                if done(update, merged):
                    break
            elapsed = (time.perf_counter() - start) * 1000
            if check is not None:
                check(merged)
            self.stats.latencies[name].append((started, elapsed))
        except TimeoutError:
            self.stats.errors[(name, "timeout")] += 1
            raise
        except (Disconnected, websockets.WebSocketException, OSError) as exc:
            self.stats.errors[(name, "verbinding weg")] += 1
            raise Disconnected from exc
        except StepFailed as exc:
            self.stats.errors[(name, str(exc))] += 1
            raise

    async def _open(self, path: str, query: dict | None = None) -> int:
        """A (re)load of ``path``: a new connection whose CONNECT carries the hydrate."""
        if self.sock is not None:
            self.token = self.sock.token
            await self.sock.close()
        self.sock = Socket(self.base_url, self.token, self.cookie)
        boot = {"name": f"{ROOT}.hydrate_and_load", "payload": {},
                "router_data": router_data(path, query)}
        await self.sock.connect(boot, self.args.timeout)
        self.stats.connects += 1
        return 1

    async def _navigate(self, path: str, query: dict | None = None) -> int:
        """A client-side navigation (a link click): the client vars, then the route's on_load."""
        self.sock.drain()
        rd = router_data(path, query)
        await self.sock.send_events(
            {"name": f"{ROOT}.reflex___state____update_vars_internal_state.update_vars_internal",
             "payload": {"vars": {}}, "router_data": rd},
            {"name": f"{ROOT}.reflex___state____on_load_internal_state.on_load_internal",
             "router_data": rd},
        )
        return 2

    @staticmethod
    def _hydrated(update: dict, _merged: dict) -> bool:
        return (update.get("delta") or {}).get(ROOT, {}).get(HYDRATED) is True

    # --- the steps ------------------------------------------------------------------------

    async def hydrate(self) -> None:
        """Open the app: the login page, or Klanten for a user who has the cookie (a reload)."""
        await self.step("hydrate", lambda: self._open("/klanten" if self.cookie else "/login"),
                        self._hydrated)

    async def login(self) -> None:
        async def send():
            self.sock.drain()
            await self.sock.send_events({
                "name": f"{LOGIN}.submit",
                "payload": {"form": form_data(email=self.email, password=self.password)},
                "router_data": router_data("/login"),
            })
            return 1

        loads: list[str] = []

        def done(update, _merged) -> bool:
            loads.extend(page_loads(update))
            return bool(loads) or bool(
                (update.get("delta") or {}).get(LOGIN, {}).get("login_error_rx_state_"))

        await self.step("login", send, done)
        ticket_url = next((u for u in loads if u.startswith("/auth/session")), "")
        token = (await asyncio.to_thread(session_cookie_from, urljoin(self.base_url, ticket_url))
                 if ticket_url else "")
        if not token:
            self.stats.errors[("login", "login geweigerd")] += 1
            raise StepFailed("login geweigerd")
        self.cookie = token

    async def klanten(self) -> None:
        def check(merged):
            if "rows_rx_state_" not in merged.get(CLIENT_LIST, {}):
                raise StepFailed("geen klantenlijst")

        await self.step("klanten", lambda: self._navigate("/klanten"), self._hydrated, check)

    async def search(self) -> None:
        term = random.choice(self.searches)

        async def send():
            self.sock.drain()
            await self.sock.send_events({  # what typing sends (debounced on_change)
                "name": f"{CLIENT_LIST}.type_query", "payload": {"value": term},
                "router_data": router_data("/klanten"),
            })
            return 1

        def check(merged):
            rows = merged[CLIENT_LIST]["rows_rx_state_"]
            found = [r for r in rows if r.get("number") == self.client_number]
            if not found:
                raise StepFailed("klant niet gevonden")
            self.client_id = str(found[0]["id"])

        await self.step("zoeken", send,
                        lambda _u, m: "rows_rx_state_" in m.get(CLIENT_LIST, {}), check)

    async def client(self) -> None:
        def check(merged):
            page = merged.get(CLIENT_PAGE, {})
            if (page.get("load_error_rx_state_")
                    or self.client_number not in page.get("heading_rx_state_", "")):
                raise StepFailed("klant niet getoond")

        cid = self.client_id
        await self.step("klant", lambda: self._navigate(f"/klanten/{cid}", {"client_id": cid}),
                        self._hydrated, check)

    async def dashboard(self) -> None:
        def check(merged):
            fo = merged.get(OVERVIEW, {})
            if not (fo.get("allowed_rx_state_") and fo.get("has_figures_rx_state_")):
                raise StepFailed("dashboard niet getoond")

        cid = self.client_id
        await self.step("dashboard", lambda: self._navigate(
            f"/klanten/{cid}/financial-overview", {"client_id": cid}), self._hydrated, check)

    async def portfolio(self) -> None:
        """Portefeuille: the employee's served clients (their own office's, --offices-file)."""
        def check(merged):
            rows = merged.get(PORTFOLIO, {}).get("rows_rx_state_")
            if not rows or not any(r.get("number") == self.client_number for r in rows):
                raise StepFailed("portefeuille zonder de eigen klant")

        await self.step("portefeuille", lambda: self._navigate("/portefeuille"), self._hydrated,
                        check)

    # --- the user's life ------------------------------------------------------------------

    async def run(self, end: float) -> None:
        cycle = (self.klanten, self.search, self.client, self.dashboard)
        if self.args.portfolio:
            cycle = (*cycle, self.portfolio)
        position = 0  # the next step in the cycle
        fresh = True
        try:
            while time.monotonic() < end:
                try:
                    if fresh:  # first visit, or a reload after a lost connection
                        position = 1 if self.cookie else 0  # a reload lands on Klanten
                        await self.hydrate()
                        if not self.cookie:
                            await self._think(end)
                            await self.login()
                            # the ticket route's redirect: a full page load of Klanten, whose
                            # handshake carries the new cookie
                            await self.hydrate()
                            position = 1
                        fresh = False
                        await self._think(end)
                        continue
                    if position >= 2 and not self.client_id:
                        position = 0  # no client found yet: back to the list
                    await cycle[position]()
                    position = (position + 1) % len(cycle)
                except StepFailed as exc:
                    if str(exc) == "naar login":
                        self.cookie = ""  # the session is gone: log in again
                    fresh = fresh or not self.cookie
                except (TimeoutError, Disconnected, websockets.WebSocketException, OSError):
                    fresh = True  # a person would reload the page
                await self._think(end)
        finally:
            if self.sock is not None:
                try:
                    await self.sock.close()
                except Exception:  # closing at the end; nothing left to report
                    pass

    async def _think(self, end: float) -> None:
        low, high = self.args.think
        await asyncio.sleep(max(0.0, min(random.uniform(low, high), end - time.monotonic())))


async def run_users(url: str, indices: list[int], args, t0: float) -> Stats:
    """Run the users with these global indices; user i starts at t0 + i * ramp / users."""
    if args.offices_file:  # users over many offices, each with their own clients
        with open(args.offices_file) as f:
            people = [(p["email"], p["password"], p["client_number"], (p["client_number"],))
                      for p in json.load(f)]
    else:
        people = [(*pair.split(":", 1), CLIENT_NUMBER, SEARCHES)
                  for pair in args.logins.split(",")]
    stats = Stats()
    end = t0 + args.ramp + args.duration
    window = (t0 + args.ramp, end)

    async def one(i: int) -> None:
        await asyncio.sleep(max(0.0, t0 + i * args.ramp / max(args.users, 1) - time.monotonic()))
        email, password, number, searches = people[i % len(people)]
        await User(url, email, password, args, stats, window, number, searches).run(end)

    await asyncio.gather(*(one(i) for i in indices))
    return stats


def _worker(url: str, indices: list[int], args, t0: float, out) -> None:
    start = resource.getrusage(resource.RUSAGE_SELF)
    stats = asyncio.run(run_users(url, indices, args, t0))
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (used.ru_utime - start.ru_utime) + (used.ru_stime - start.ru_stime)
    out.put((dict(stats.latencies), dict(stats.errors), stats.events, stats.connects, cpu))


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, math.ceil(p / 100 * len(sorted_values)) - 1))
    return sorted_values[k]


def _row(label: str, values: list[float], errors: int | str) -> str:
    return (f"{label:<11}{len(values):>8}{percentile(values, 50):>9.0f}{percentile(values, 95):>9.0f}"
            f"{percentile(values, 99):>9.0f}{(values[-1] if values else float('nan')):>9.0f}{errors:>8}")


def report(args, latencies: dict, errors: dict, events: int, connects: int, cpu: float,
           wall: float, steady_from: float) -> None:
    print(f"load_ws {args.url}: {args.users} users ({args.procs} proces(sen)), ramp {args.ramp:g} s, "
          f"duur {args.duration:g} s, denktijd {args.think[0]:g}-{args.think[1]:g} s")
    print(f"{'stap':<11}{'aantal':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'fouten':>8}")
    by_step = Counter()
    for (step, _kind), n in errors.items():
        by_step[step] += n
    everything: list[float] = []
    steady: list[float] = []
    for step in STEPS:
        samples = latencies.get(step, [])
        values = sorted(ms for _t, ms in samples)
        everything += values
        steady += [ms for t, ms in samples if t >= steady_from]
        if values or by_step[step]:
            print(_row(step, values, by_step[step]))
    total_errors = sum(errors.values())
    print(_row("totaal", sorted(everything), total_errors))
    print(_row("na ramp", sorted(steady), "") + "  (stappen gestart na de ramp)")
    print(f"events/s (na de ramp, {args.duration:g} s): {events / args.duration:.1f}  "
          f"({events} events), stappen/s over de hele run: {len(everything) / wall:.1f}, "
          f"verbindingen: {connects}")
    if errors:
        print("fouten: " + ", ".join(f"{step}/{kind}: {n}" for (step, kind), n in sorted(errors.items())))
    else:
        print("fouten: geen")
    print(f"CPU van de generator: {cpu:.1f} s in {wall:.0f} s = {100 * cpu / wall:.0f}% van één kern "
          f"(over {args.procs} proces(sen))")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="de app, bv. http://127.0.0.1:3000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconden na de ramp")
    parser.add_argument("--ramp", type=float, default=10, help="seconden waarin de users starten")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--timeout", type=float, default=30, help="seconden per stap")
    parser.add_argument("--procs", type=int, default=1, help="generatorprocessen (users verdeeld)")
    parser.add_argument("--logins", default=DEFAULT_LOGINS, help="email:wachtwoord,... (gedeeld)")
    parser.add_argument("--offices-file", default="",
                        help="JSON van benchmarks/seed_offices.py: elke user een eigen login en "
                             "klant van een eigen kantoor (in plaats van --logins)")
    parser.add_argument("--portfolio", action="store_true",
                        help="de Portefeuille in elke ronde (na het dashboard)")
    args = parser.parse_args()

    t0 = time.monotonic() + 0.5
    wall_start = time.monotonic()
    if args.procs <= 1:
        start = resource.getrusage(resource.RUSAGE_SELF)
        stats = asyncio.run(run_users(args.url, list(range(args.users)), args, t0))
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (used.ru_utime - start.ru_utime) + (used.ru_stime - start.ru_stime)
        results = [(stats.latencies, stats.errors, stats.events, stats.connects, cpu)]
    else:  # monotonic clocks agree between processes on one machine (CLOCK_MONOTONIC)
        ctx = multiprocessing.get_context("fork")
        out = ctx.Queue()
        procs = [ctx.Process(target=_worker, args=(args.url, list(range(p, args.users, args.procs)),
                                                   args, t0, out)) for p in range(args.procs)]
        for proc in procs:
            proc.start()
        results = [out.get() for _ in procs]
        for proc in procs:
            proc.join()
    wall = time.monotonic() - wall_start

    latencies: dict[str, list[tuple[float, float]]] = defaultdict(list)
    errors: Counter = Counter()
    for lat, err, _events, _connects, _cpu in results:
        for step, values in lat.items():
            latencies[step] += values
        errors.update(err)
    report(args, latencies, errors, sum(r[2] for r in results), sum(r[3] for r in results),
           sum(r[4] for r in results), wall, t0 + args.ramp)


if __name__ == "__main__":
    main()
