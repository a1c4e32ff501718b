"""Instellingen > Advies: the office's switch for the anonymous comparison within the office,
and its default set of key figures for the dashboards of its clients."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import (
    buttons,
    checkbox_field,
    primary_button,
    secondary_button,
    select_field,
)
from vfo_app.components.layout import page
from vfo_app.state.advice import AdviceSettingsState as S

EXPLAIN = ("Toont op het dashboard van een klant hoe zijn kengetallen zich verhouden tot die van "
           "de andere klanten van het kantoor in dezelfde branche (SBI-code, tabblad "
           "Industriestandaard): per kengetal het 25%-punt, de mediaan en het 75%-punt, en in "
           "welk kwart de klant valt. Anoniem, en alleen bij minstens vijf klanten met cijfers "
           "in de branche. De klant ziet het ook op zijn eigen dashboard.")
EXPLAIN_DEFAULT = ("De kengetallen die het dashboard van een klant toont, in deze volgorde, "
                   "zolang de accountant voor die klant geen eigen keuze maakt (pagina "
                   "Kengetallen van de klant). Ook het PDF-rapport toont ze.")


def _comparison() -> rx.Component:
    return rx.el.section(
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
    )


def _figure(f: rx.Var) -> rx.Component:
    """One figure of the set with its place; a beheerder moves or removes it."""
    return rx.el.li(
        rx.el.span(rx.el.strong(f.label), " ", rx.el.span("(", f.group, ")", class_name="muted"),
                   class_name="default-figure-label"),
        rx.cond(
            S.can_edit,
            rx.el.span(
                rx.el.button("Omhoog", type="button", class_name="btn btn-secondary",
                             disabled=f.first, aria_label="Omhoog: zet " + f.label + " een plaats hoger",
                             on_click=S.move_default_figure(f.key, -1)),
                rx.el.button("Omlaag", type="button", class_name="btn btn-secondary",
                             disabled=f.last, aria_label="Omlaag: zet " + f.label + " een plaats lager",
                             on_click=S.move_default_figure(f.key, 1)),
                rx.el.button("Verwijderen", type="button",
                             class_name="btn btn-secondary",
                             aria_label="Verwijderen: " + f.label + " uit de standaardset",
                             on_click=S.remove_default_figure(f.key)),
                class_name="default-figure-actions",
                style={"display": "flex", "flexWrap": "wrap", "gap": "6px"},
            ),
            rx.fragment(),
        ),
        class_name="default-figure",
        style={"display": "flex", "flexWrap": "wrap", "justifyContent": "space-between",
               "alignItems": "center", "gap": "8px", "padding": "6px 0",
               "borderBottom": "1px solid #e4e7ec"},
    )


def _default_set() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Standaardset kengetallen voor het dashboard"),
        rx.el.p(EXPLAIN_DEFAULT, class_name="muted"),
        rx.cond(S.default_is_product & ~S.default_changed,
                rx.el.p("Het kantoor heeft nog geen eigen standaardset gekozen; dit is de "
                        "standaardset van Visma Financial Overview.", class_name="muted"),
                rx.fragment()),
        rx.el.ol(rx.foreach(S.default_figures, _figure), aria_label="Standaardset kengetallen",
                 class_name="default-figures",
                 style={"paddingLeft": "1.5em", "margin": "8px 0"}),
        rx.cond(
            S.can_edit,
            rx.fragment(
                rx.el.form(
                    select_field("Kengetal toevoegen", "key", S.default_options,
                                 field_id="advice-add-figure", placeholder="Kies een kengetal",
                                 key=S.default_form_key.to_string()),
                    buttons(secondary_button("Toevoegen", type="submit")),
                    on_submit=S.add_default_figure, class_name="grid grid-1",
                    key=S.default_form_key.to_string(),
                ),
                rx.cond(S.default_error != "",
                        rx.el.p(S.default_error, class_name="field-error", role="alert",
                                id="advice-default-error"),
                        rx.fragment()),
                rx.cond(S.default_changed,
                        rx.el.p("De wijzigingen zijn nog niet opgeslagen.", class_name="muted",
                                role="status"),
                        rx.fragment()),
                buttons(
                    primary_button("Standaardset opslaan", type="button",
                                   on_click=S.save_default),
                    rx.cond(S.default_changed,
                            secondary_button("Wijzigingen ongedaan maken",
                                             on_click=S.undo_default),
                            rx.fragment()),
                    secondary_button("Standaardset van Visma Financial Overview",
                                     on_click=S.use_product_default),
                ),
                rx.el.p("Het dashboard toont hoogstens ", S.max_tiles.to_string(),
                        " kengetallen.", class_name="muted"),
            ),
            rx.el.p("Alleen beheerders van het kantoor kunnen de standaardset wijzigen.",
                    class_name="muted"),
        ),
        class_name="card",
    )


def advice_settings_page() -> rx.Component:
    return page(
        "Instellingen > Advies",
        _comparison(),
        _default_set(),
    )
