"""Check the `make run-prod` topology from a browser: log in through nginx, open Klanten and a
client, then kill the app instance that holds the browser's websocket and check that the page
reconnects through the other instance and keeps working, still logged in.

    python scripts/check_prod_topology.py http://localhost:8080 [--screenshot PATH] [--no-kill]

The instance is found by its process group (scripts/run_prod.sh starts each with setsid and
writes data/prod/run/app-N.pid) and killed with SIGKILL, as a crash would. It stays down:
restart `make run-prod` afterwards. Prints each step with its timing and exits 1 on failure.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
EMAIL, PASSWORD = "advisor@demo-accountants.example", "Demo-Advisor-2026"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 30_000


def say(status: str, text: str) -> None:
    print(f"[{status}] {text}", flush=True)


def instances(run_dir: Path) -> dict[str, int]:
    """name -> process group id of each running instance."""
    found = {}
    for pid_file in sorted(run_dir.glob("app-*.pid")):
        pgid = int(pid_file.read_text())
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            continue
        found[pid_file.stem] = pgid
    return found


def established_connections(pgids: dict[str, int]) -> dict[str, int]:
    """Client connections per instance: established on a port the instance listens on (the
    browser's websocket through nginx among them), not its own to PostgreSQL or Redis."""
    def sockets(*state: str) -> set[tuple[int, str, int]]:
        out = subprocess.run(["ss", "-Htnp", *state], capture_output=True, text=True).stdout
        found = set()  # (local port, peer, process group); a socket shared by workers counts once
        for line in out.splitlines():
            cols = line.split()
            local, peer = cols[2:4] if state[-1] == "established" else cols[3:5]
            for pid in re.findall(r"pid=(\d+)", line):
                try:
                    found.add((int(local.rsplit(":", 1)[1]), peer, os.getpgid(int(pid))))
                except ProcessLookupError:
                    pass
        return found

    listening = {name: {port for port, _, pgid in sockets("-l") if pgid == group}
                 for name, group in pgids.items()}
    counts = dict.fromkeys(pgids, 0)
    for port, _, pgid in sockets("state", "established"):
        for name, group in pgids.items():
            if pgid == group and port in listening[name]:
                counts[name] += 1
    return counts


def wait_hydrated(page: Page, sockets: list[dict], timeout_s: float = TIMEOUT_MS / 1000) -> None:
    deadline = time.monotonic() + timeout_s
    while not (sockets and sockets[-1]["hydrated"] and not sockets[-1]["ws"].is_closed()):
        if time.monotonic() > deadline:
            raise AssertionError(f"geen state van de server ontvangen op {page.url}")
        page.wait_for_timeout(50)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--run-dir", type=Path, default=ROOT / "data" / "prod" / "run")
    parser.add_argument("--screenshot", type=Path, default=Path("/tmp/shots/prod_klanten.png"))
    parser.add_argument("--no-kill", action="store_true", help="only the browser part")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900},
                                      locale="nl-NL")
        context.set_default_timeout(TIMEOUT_MS)
        expect.set_options(timeout=TIMEOUT_MS)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        sockets: list[dict] = []

        def on_websocket(ws) -> None:
            if "/_event" in ws.url:
                entry = {"ws": ws, "hydrated": False, "url": ws.url}
                sockets.append(entry)
                ws.on("framereceived", lambda p: entry.update(hydrated=True)
                      if isinstance(p, str) and '"is_hydrated_rx_state_":true' in p else None)

        page.on("websocket", on_websocket)
        try:
            t = time.monotonic()
            page.goto("/login")
            wait_hydrated(page, sockets)
            page.get_by_label("E-mailadres").fill(EMAIL)
            page.get_by_label("Wachtwoord").fill(PASSWORD)
            page.get_by_role("button", name="Inloggen").click()
            expect(page.locator(".user-name")).to_have_text(re.compile(r"\S"))
            say("ok", f"ingelogd via {base} als {EMAIL} ({time.monotonic() - t:.1f} s); "
                      f"websocket {sockets[-1]['url'].split('?')[0]}")
            cookie = next(c["value"] for c in context.cookies() if c["name"] == "vfo_session")

            page.get_by_role("link", name="Klanten", exact=True).first.click()
            expect(page.get_by_role("heading", name="Klanten")).to_be_visible()
            rows = page.locator("table.data tbody tr")
            expect(rows.first).to_be_visible()
            say("ok", f"Klanten geopend: {rows.count()} rijen")
            args.screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.screenshot), full_page=True)
            say("ok", f"schermafdruk {args.screenshot}")

            page.get_by_role("link", name="DEM", exact=True).click()
            expect(page.get_by_role("heading", name=re.compile(r"^Klant - DEM"))).to_be_visible()
            say("ok", f"klant geopend: {page.url}")
            if errors:
                say("FOUT", "browserconsole vóór de storing: " + " | ".join(errors))
                return 1
            say("ok", "geen fouten in de browserconsole (CSP en pagina's)")
            if args.no_kill:
                return 0

            running = instances(args.run_dir)
            if len(running) < 2:
                say("FOUT", f"twee draaiende instanties nodig, gevonden: {running or 'geen'}")
                return 1
            conns = established_connections(running)
            victim = max(conns, key=conns.get)
            say("ok", f"verbindingen per instantie: {conns}; websocket zit op {victim}")
            sockets_before = len(sockets)
            killed_at = time.monotonic()
            os.killpg(running[victim], signal.SIGKILL)
            say("ok", f"{victim} (procesgroep {running[victim]}) gestopt met SIGKILL")

            # The page notices the closed socket and reconnects through nginx to the survivor.
            while len(sockets) == sockets_before or sockets[-1]["ws"].is_closed():
                if time.monotonic() - killed_at > TIMEOUT_MS / 1000:
                    raise AssertionError("de pagina maakte geen nieuwe websocket")
                page.wait_for_timeout(50)
            say("ok", f"nieuwe websocket na {time.monotonic() - killed_at:.2f} s")

            # Keeps working: navigate, search, open another client (every step is an event).
            page.get_by_role("link", name="Klanten", exact=True).first.click()
            expect(page.get_by_role("heading", name="Klanten")).to_be_visible()
            page.get_by_label("Zoeken").fill("Korenschoof")
            expect(rows).to_have_count(1)
            say("ok", f"na de storing: Klanten en zoeken werken ({time.monotonic() - killed_at:.2f} s "
                      "na het stoppen)")
            rows.first.get_by_role("link").first.click()
            expect(page.get_by_role("heading", name=re.compile(r"^Klant - KOR"))).to_be_visible()
            still = next((c["value"] for c in context.cookies() if c["name"] == "vfo_session"), "")
            if "/login" in page.url or still != cookie:
                say("FOUT", "niet meer ingelogd na de storing")
                return 1
            say("ok", f"klant geopend via de andere instantie, nog steeds ingelogd "
                      f"({time.monotonic() - killed_at:.2f} s na het stoppen)")
            survivors = established_connections(instances(args.run_dir))
            say("ok", f"verbindingen per instantie nu: {survivors}")
            if errors:
                say("info", "browserconsole tijdens de storing: " + " | ".join(errors))
            say("ok", "resultaat: de browser ging verder via de andere instantie")
            return 0
        except AssertionError as failure:
            say("FOUT", f"{failure}".splitlines()[0])
            page.screenshot(path=str(args.screenshot.with_name("prod_check_failure.png")))
            return 1
        finally:
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
