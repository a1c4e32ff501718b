"""Screenshots of the main pages at 1280 px and 375 px, to look at what changed.

Usage: python scripts/screenshots.py [BASE_URL]   (default http://localhost:3000)
Writes screenshots/<name>-<width>.png.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:3000"
OUT = Path(__file__).resolve().parent.parent / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGES = [
    ("klanten", "/klanten"),
    ("nieuwe-klant", "/klanten/nieuw"),
    ("klant-overzicht", "/klanten/{bse}"),
    ("klant-contactpersonen", "/klanten/{bse}?tab=contactpersonen"),
    ("klant-diensten", "/klanten/{bse}?tab=diensten"),
    ("klant-prijsstelling", "/klanten/{bse}?tab=prijsstelling"),
    ("klant-contactmomenten", "/klanten/{bse}?tab=contactmomenten"),
    ("klant-industriestandaard", "/klanten/{bse}?tab=industriestandaard"),
    ("klant-samenwerkingen", "/klanten/{bse}?tab=samenwerkingen"),
    ("diensten", "/instellingen/diensten"),
    ("nieuwe-dienst", "/instellingen/diensten/nieuw"),
]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width, height in ((1280, 900), (375, 812)):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{BASE}/login")
            page.screenshot(path=OUT / f"login-{width}.png", full_page=True)
            page.get_by_label("E-mailadres").fill("advisor@demo-accountants.example")
            page.get_by_label("Wachtwoord").fill("Demo-Advisor-2026")
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_url("**/klanten**")
            page.get_by_role("link", name="BS Events BV").first.click()
            page.wait_for_url(re.compile(r".*/klanten/\d+"))
            bse = page.url.rstrip("/").rsplit("/", 1)[1].split("?")[0]
            for name, path in PAGES:
                page.goto(BASE + path.format(bse=bse))
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(600)
                page.screenshot(path=OUT / f"{name}-{width}.png", full_page=True)
                overflow = page.evaluate("document.documentElement.scrollWidth") - width
                if overflow > 0:
                    print(f"  {name} at {width} px: {overflow} px wider than the screen")
            page.close()
        browser.close()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
