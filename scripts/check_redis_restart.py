"""Check from a browser that a Redis restart (all Reflex state gone) does not log users out or
break the page they have open, against `make run-prod`:

    python scripts/check_redis_restart.py http://localhost:8080

Logs in through nginx, searches on Klanten, restarts Redis without saving (SHUTDOWN NOSAVE and
the machine's redis-server command), searches again on the same open page and opens the
client. Prints each step; exits 1 on failure. The load generator (benchmarks/load_ws.py) does
not answer Reflex's request to hydrate again after lost state, so for this fault the browser is
the judge.
"""

from __future__ import annotations

import subprocess
import sys
import time

from playwright.sync_api import expect, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
               "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
               "--logfile", "/var/log/redis/ci.log"]


def main(base: str) -> int:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base}/login")
        page.get_by_label("E-mailadres").fill("advisor@demo-accountants.example")
        page.get_by_label("Wachtwoord").fill("Demo-Advisor-2026")
        page.get_by_role("button", name="Inloggen").click()
        expect(page.get_by_role("heading", name="Klanten")).to_be_visible(timeout=15_000)
        page.get_by_label("Zoeken").fill("Korenschoof")
        expect(page.get_by_role("cell", name="KOR", exact=True)).to_be_visible(timeout=10_000)
        print("[ok] ingelogd, zoeken werkt")
        start = time.monotonic()
        subprocess.run(["redis-cli", "shutdown", "nosave"], capture_output=True, check=False)
        subprocess.run(REDIS_START, check=True)
        print(f"[ok] Redis herstart zonder opslaan in {time.monotonic() - start:.1f} s")
        start = time.monotonic()
        page.get_by_label("Zoeken").fill("Bloem")
        expect(page.get_by_role("cell", name="DEM", exact=True)).to_be_visible(timeout=15_000)
        print(f"[ok] zelfde open pagina: zoeken werkt weer na {time.monotonic() - start:.1f} s")
        page.goto(f"{base}/klanten")
        expect(page.get_by_role("heading", name="Klanten")).to_be_visible(timeout=15_000)
        print(f"[ok] herladen: nog steeds ingelogd ({page.url})")
        browser.close()
    if errors:
        print(f"[fout] browserconsole: {errors[:3]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://localhost:8080"))
