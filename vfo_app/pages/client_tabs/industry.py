"""Client tab: industry (placeholder until its feature lands)."""

import reflex as rx


def industry_tab() -> rx.Component:
    return rx.el.p("Nog niet beschikbaar.", class_name="muted")
