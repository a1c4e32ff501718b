"""Client tab: services (placeholder until its feature lands)."""

import reflex as rx


def services_tab() -> rx.Component:
    return rx.el.p("Nog niet beschikbaar.", class_name="muted")
