"""Download buttons for a page's table (Excel, CSV): one look everywhere, each with a name
that says what it downloads (a screen reader hears "Proef- en saldibalans downloaden als
Excel", not "Excel" alone)."""

from __future__ import annotations

from typing import Any

import reflex as rx


def download_button(text: str, what: str, on_click: Any) -> rx.Component:
    return rx.el.button(text, type="button", class_name="btn btn-secondary",
                        aria_label=f"{what} downloaden als {text.removeprefix('Download ')}",
                        on_click=on_click)


def downloads(*buttons: rx.Component) -> rx.Component:
    return rx.el.div(*buttons, class_name="download-row no-print")
