"""End-to-end harness: the real production build in headless Chromium, driven as a person would.

Once per test run, as soon as collection shows browser tests are selected, one process group
migrates and seeds a throwaway SQLite database in a temporary data directory and starts
``reflex run --env prod --single-port`` on a free port, from the checkout this file lives in.
The browser tests run last, so the production build (minutes on 2 cores) overlaps the other
tests; ``app_server`` waits until the app answers. Each test gets a fresh browser context and
page (1280x800); a test fails when the browser logs a console error or an uncaught page error.

Every test under tests/e2e is marked ``e2e`` automatically: ``pytest -m "not e2e"`` skips them.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from sqlalchemy.engine import Engine

from tests.mail_catcher import MailCatcher, parts

ROOT = Path(__file__).resolve().parents[2]  # the checkout this suite runs in
TOOLS_BIN = ROOT / ".tools" / "node_modules" / ".bin"
SCREENSHOTS = ROOT / "screenshots"
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The first production build installs the frontend packages and bundles: minutes on 2 cores.
START_TIMEOUT_S = float(os.environ.get("VFO_E2E_START_TIMEOUT", "600"))
ACTION_TIMEOUT_MS = 20_000


# --- marking ------------------------------------------------------------------------------


def _is_e2e(item) -> bool:
    return Path(__file__).resolve().parent in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config, items) -> None:
    """Mark the browser tests, and run them last: the app they need is built meanwhile."""
    for item in items:
        if _is_e2e(item):
            item.add_marker(pytest.mark.e2e)
    items.sort(key=_is_e2e)  # stable: the rest keeps its order


def pytest_collection_finish(session) -> None:
    """Start building and serving the app as soon as the run is known to need it: its
    production build takes minutes on 2 cores, which the other tests now run beside."""
    config = session.config
    if config.option.collectonly or not any(_is_e2e(item) for item in session.items):
        return
    catcher = MailCatcher().start()
    config._vfo_mail_catcher = catcher
    config._vfo_app_server = _launch(Path(tempfile.mkdtemp(prefix="vfo-e2e-")), catcher)


def pytest_unconfigure(config) -> None:
    server = getattr(config, "_vfo_app_server", None)
    if server is not None:
        _stop(server.process)
    catcher = getattr(config, "_vfo_mail_catcher", None)
    if catcher is not None:
        catcher.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test that passed still fails when the browser reported errors meanwhile."""
    result = yield
    errors = getattr(item, "_browser_errors", None)
    if errors:
        pytest.fail("Fouten in de browserconsole:\n  " + "\n  ".join(errors), pytrace=False)
    return result


# --- the app ------------------------------------------------------------------------------


@dataclass
class AppServer:
    base_url: str
    database_url: str
    data_dir: Path
    log_path: Path
    process: subprocess.Popen = field(repr=False)
    started: float = 0.0  # time.monotonic() at launch

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(geen log)"
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(data_dir: Path, database_url: str, base_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        VFO_DATA_DIR=str(data_dir),
        VFO_DATABASE_URL=database_url,
        VFO_BASE_URL=base_url,
        # this checkout's code first, also when .venv holds an editable install of another one
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
        PATH=os.pathsep.join([str(TOOLS_BIN), str(Path(sys.executable).parent), env["PATH"]]),
        REFLEX_BUN_PATH=str(TOOLS_BIN / "bun"),
        REFLEX_TELEMETRY_ENABLED="false",
        REFLEX_CHECK_LATEST_VERSION="false",
        PYTHONUNBUFFERED="1",
    )
    env.pop("VFO_SECRET_KEY", None)  # generated in the temporary data dir
    return env


def _get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except (urllib.error.URLError, OSError):
        return 0, b""


def _websocket_answers(base_url: str) -> bool:
    """The socket.io endpoint accepts a websocket upgrade (the app allows no polling)."""
    host, port = base_url.removeprefix("http://").split(":")
    request = (
        f"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    try:
        with socket.create_connection((host, int(port)), timeout=5) as conn:
            conn.sendall(request.encode())
            return conn.recv(64).startswith(b"HTTP/1.1 101")
    except OSError:
        return False


def _is_ready(base_url: str) -> bool:
    """The page answers, the backend answers /ping and the event websocket opens."""
    status, body = _get(f"{base_url}/ping")
    if status != 200 or b"pong" not in body:
        return False
    return _get(f"{base_url}/login")[0] == 200 and _websocket_answers(base_url)


def _raise_keyboard_interrupt(_signum, _frame):
    raise KeyboardInterrupt


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def mail_catcher(request) -> Iterator[MailCatcher]:
    """A real SMTP server the app sends its e-mail to; tests read the messages from it."""
    catcher = getattr(request.config, "_vfo_mail_catcher", None)
    if catcher is not None:  # started with the app (pytest_collection_finish)
        yield catcher
        return
    catcher = MailCatcher().start()
    yield catcher
    catcher.stop()


def _launch(data_dir: Path, mail_catcher: MailCatcher) -> AppServer:
    """Migrate, seed and serve the production build in one process group, without waiting:
    ``app_server`` waits until it answers."""
    database_url = f"sqlite:///{data_dir / 'e2e.db'}"
    port = _free_port()
    base_url = f"http://localhost:{port}"
    env = _server_env(data_dir, database_url, base_url)
    env.update(VFO_SMTP_HOST=mail_catcher.host, VFO_SMTP_PORT=str(mail_catcher.port),
               VFO_SMTP_STARTTLS="false", VFO_MAIL_FROM="Visma Online <noreply@vfo.test>")
    python = shlex.quote(sys.executable)
    command = (f"{python} -m vfo_app.cli migrate && {python} -m vfo_app.cli seed-demo && "
               f"exec {python} -m reflex run --env prod --single-port --frontend-port {port} "
               f"--backend-port {port} --loglevel info")
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            ["/bin/sh", "-c", command], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: bun, node and workers die with it
        )
    atexit.register(_stop, proc)  # also when the run is interrupted
    return AppServer(base_url, database_url, data_dir, log_path, proc, time.monotonic())


@pytest.fixture(scope="session")
def app_server(request, tmp_path_factory, mail_catcher) -> Iterator[AppServer]:
    for tool in ("node", "bun"):
        if not (TOOLS_BIN / tool).exists():
            pytest.fail(f"{TOOLS_BIN / tool} ontbreekt: eerst `make setup`.")
    server = getattr(request.config, "_vfo_app_server", None)
    if server is None:
        server = _launch(tmp_path_factory.mktemp("e2e-data"), mail_catcher)
    proc = server.process
    if threading.current_thread() is threading.main_thread():
        # SIGTERM (CI timeouts, `kill`) unwinds like Ctrl-C, so the teardown below runs
        signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        while not _is_ready(server.base_url):
            if proc.poll() is not None:
                pytest.fail(f"de app (migrate, seed-demo, reflex) stopte met code "
                            f"{proc.returncode} voordat hij klaar was. Laatste regels van "
                            f"{server.log_path}:\n{server.log_tail()}")
            if time.monotonic() - server.started > START_TIMEOUT_S:
                pytest.fail(f"de app was na {START_TIMEOUT_S:.0f} s niet klaar op "
                            f"{server.base_url}. Laatste regels van {server.log_path}:\n"
                            f"{server.log_tail()}")
            time.sleep(1)
        sys.stderr.write(f"\n[e2e] app klaar op {server.base_url} na "
                         f"{time.monotonic() - server.started:.0f} s\n")
        yield server
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    return app_server.base_url


@pytest.fixture(scope="session")
def database_url(app_server: AppServer) -> str:
    return app_server.database_url


@pytest.fixture(scope="session")
def app_db(app_server: AppServer) -> Iterator[Engine]:
    """An engine on the running app's database: prepare or inspect data with the domain
    functions, e.g. ``with session_scope(app_db) as s: ...``."""
    from vfo_app.domain.db import make_engine

    engine = make_engine(app_server.database_url)
    yield engine
    engine.dispose()


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    options: dict = {"headless": True, "args": CHROMIUM_ARGS}
    if SYSTEM_CHROMIUM.exists():
        options["executable_path"] = str(SYSTEM_CHROMIUM)
    browser = playwright.chromium.launch(**options)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    ctx = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800},
                              locale="nl-NL")
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, request) -> Iterator[Page]:
    pg = context.new_page()
    errors: list[str] = []
    request.node._browser_errors = errors
    pg.on("console", lambda msg: errors.append(f"console.error: {msg.text} "
                                               f"@ {msg.location.get('url', '')}")
          if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    _track_state_frames(pg)
    yield pg
    pg.close()


@pytest.fixture
def second_page(browser: Browser, base_url: str, request) -> Iterator[Page]:
    """Another person's browser (own cookies) at phone width; its errors fail the test too."""
    ctx = browser.new_context(base_url=base_url, viewport={"width": 375, "height": 800},
                              locale="nl-NL")
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    pg = ctx.new_page()
    errors = getattr(request.node, "_browser_errors", None)
    if errors is not None:
        pg.on("console", lambda msg: errors.append(f"console.error (2): {msg.text}")
              if msg.type == "error" else None)
        pg.on("pageerror", lambda exc: errors.append(f"pageerror (2): {exc}"))
    _track_state_frames(pg)
    yield pg
    ctx.close()


@pytest.fixture
def browser_errors(page: Page, request) -> list[str]:
    """The errors the browser reported so far; a test that expects one may remove it."""
    return request.node._browser_errors


# --- helpers ------------------------------------------------------------------------------------


def _track_state_frames(page: Page) -> None:
    """Note, per /_event websocket, whether the backend has reported the state hydrated
    (``is_hydrated`` true). Every document opens its own websocket; client redirects keep it."""
    sockets: list[dict] = []

    def on_websocket(ws) -> None:
        if "/_event" not in ws.url:
            return
        entry = {"ws": ws, "hydrated": False}
        sockets.append(entry)

        def on_frame(payload) -> None:
            if isinstance(payload, str) and '"is_hydrated_rx_state_":true' in payload:
                entry["hydrated"] = True

        ws.on("framereceived", on_frame)

    page.on("websocket", on_websocket)
    page._vfo_sockets = sockets  # type: ignore[attr-defined]


def wait_for_hydration(page: Page, timeout_s: float = ACTION_TIMEOUT_MS / 1000) -> None:
    """Wait until the backend has sent the current document its state: only then do forms
    submit through Reflex instead of natively."""
    sockets = page._vfo_sockets  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout_s
    while not (sockets and sockets[-1]["hydrated"] and not sockets[-1]["ws"].is_closed()):
        if time.monotonic() > deadline:
            raise AssertionError(f"geen state van de server ontvangen op {page.url}")
        page.wait_for_timeout(50)


def login(page: Page, email: str, password: str, *, expect_success: bool = True) -> None:
    """Log in through the login page; on success wait until the top bar names the user."""
    if "/login" not in page.url:
        page.goto("/login")
    page.wait_for_load_state()
    wait_for_hydration(page)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if expect_success:
        expect(page).not_to_have_url(re.compile(r"/login"))
        expect(page.locator(".user-name")).to_have_text(re.compile(r"\S"))


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_page(page: Page, path: str) -> None:
    """Go to ``path`` and wait until its state has arrived."""
    page.goto(path)
    page.wait_for_load_state()
    wait_for_hydration(page)


def mail_saying(catcher: MailCatcher, to: str, text: str,
                timeout_s: float = 60) -> tuple[str, str]:
    """(plain text, html) of the message to ``to`` whose text says ``text``, once the app's
    outbox delivered it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for message in catcher.to(to):
            body, html = parts(message)
            if text in body:
                return body, html
        time.sleep(0.5)
    raise AssertionError(f"geen e-mail aan {to} met {text!r}")


SESSION_COOKIE = "vfo_session"  # vfo_app.state.session.SESSION_COOKIE (not imported: reflex)


def session_cookie(page: Page) -> str:
    return next((c["value"] for c in page.context.cookies() if c["name"] == SESSION_COOKIE), "")


EVENT_FRAME = '42/_event,'  # socket.io: message, namespace /_event, then ["event", {...}]


def event_frame(event: dict) -> str:
    return EVENT_FRAME + json.dumps(["event", event])


def state_deltas(frames: list[str]) -> list[dict]:
    """Decode the backend's ``42/_event,["event", {...}]`` frames into their payloads."""
    return [json.loads(f[len(EVENT_FRAME):])[1] for f in frames if f.startswith(EVENT_FRAME)]
