"""Instellingen > Advies: the office's switch for the anonymous comparison within the office."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import buttons, checkbox_field, primary_button
from vfo_app.components.layout import page
from vfo_app.state.advice import AdviceSettingsState as S

EXPLAIN = ("Toont op het dashboard van een klant hoe zijn kengetallen zich verhouden tot die van "
           "de andere klanten van het kantoor in dezelfde branche (SBI-code, tabblad "
           "Industriestandaard): per kengetal het 25%-punt, de mediaan en het 75%-punt, en in "
           "welk kwart de klant valt. Anoniem, en alleen bij minstens vijf klanten met cijfers "
           "in de branche. De klant ziet het ook op zijn eigen dashboard.")


def advice_settings_page() -> rx.Component:
    return page(
        "Instellingen > Advies",
        rx.el.section(
            rx.el.h2("Vergelijking binnen het kantoor"),
            rx.el.p(EXPLAIN, class_name="muted"),
            rx.cond(
                S.can_edit,
                rx.el.form(
                    checkbox_field("Klanten anoniem vergelijken binnen het kantoor",
                                   "compare_within_office", default=S.compare_within_office),
                    buttons(primary_button("Opslaan", type="submit")),
                    on_submit=S.save, key=S.form_key.to_string(), class_name="grid grid-1",
                ),
                rx.el.p(rx.cond(S.compare_within_office, "De vergelijking staat aan.",
                                "De vergelijking staat uit."),
                        " Alleen beheerders van het kantoor kunnen dit wijzigen.",
                        class_name="muted"),
            ),
            class_name="card",
        ),
    )
