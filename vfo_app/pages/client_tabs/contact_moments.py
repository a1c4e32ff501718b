"""Client tab: contact_moments (placeholder until its feature lands)."""

import reflex as rx


def contact_moments_tab() -> rx.Component:
    return rx.el.p("Nog niet beschikbaar.", class_name="muted")
