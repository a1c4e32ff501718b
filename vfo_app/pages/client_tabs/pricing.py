"""Client tab: pricing (placeholder until its feature lands)."""

import reflex as rx


def pricing_tab() -> rx.Component:
    return rx.el.p("Nog niet beschikbaar.", class_name="muted")
