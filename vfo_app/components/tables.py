"""A table that may be wider than the screen scrolls sideways inside its own region.

The region can be reached with Tab (so a keyboard can scroll it with the arrow keys), is a
landmark named after the table, and keeps the page itself no wider than the phone."""

from __future__ import annotations

from typing import Any

import reflex as rx


def scroll_region(table: rx.Component, label: Any, *, class_name: str = "") -> rx.Component:
    return rx.el.div(table, role="region", aria_label=label, tab_index=0,
                     class_name=("table-wrap scroll-region " + class_name).strip())
