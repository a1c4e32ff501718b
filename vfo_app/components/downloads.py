"""Download buttons for a page's table (Excel, CSV): one look everywhere, each with a name
that says what it downloads and starts with what it shows (a screen reader hears "Download
Excel: Proef- en saldibalans", not "Download Excel" alone)."""

from __future__ import annotations

from typing import Any

import reflex as rx


def download_button(text: str, what: str, on_click: Any) -> rx.Component:
    # The name starts with the visible text (WCAG 2.5.3: a speech user says what they see).
    return rx.el.button(text, type="button", class_name="btn btn-secondary",
                        aria_label=f"{text}: {what}", on_click=on_click)


def downloads(*buttons: rx.Component) -> rx.Component:
    return rx.el.div(*buttons, class_name="download-row no-print")
