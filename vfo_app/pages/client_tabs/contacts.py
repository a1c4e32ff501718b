"""Client tab: contacts (placeholder until its feature lands)."""

import reflex as rx


def contacts_tab() -> rx.Component:
    return rx.el.p("Nog niet beschikbaar.", class_name="muted")
