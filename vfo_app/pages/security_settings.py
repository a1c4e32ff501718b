"""Instellingen > Beveiliging: the office's two-factor requirement and who has a second factor."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.dialogs import confirm_button
from vfo_app.components.forms import (
    buttons,
    checkbox_field,
    form_error_banner,
    primary_button,
)
from vfo_app.components.layout import page
from vfo_app.state.security_settings import SecuritySettingsState

S = SecuritySettingsState


def _requirement() -> rx.Component:
    return rx.el.div(
        rx.el.h2("Tweestapsverificatie"),
        rx.cond(
            S.can_edit,
            rx.el.form(
                checkbox_field("Tweestapsverificatie verplicht voor alle medewerkers",
                               "require_two_factor", default=S.required, key=S.required),
                rx.el.p("Een medewerker zonder tweestapsverificatie stelt het dan na het "
                        "inloggen eerst in, en kan pas daarna verder werken.",
                        class_name="muted"),
                rx.cond(S.errors.get("require_two_factor", ""),
                        rx.el.div(S.errors.get("require_two_factor", ""),
                                  class_name="field-error", role="alert"),
                        rx.fragment()),
                buttons(primary_button("Opslaan", type="submit")),
                on_submit=S.save,
                class_name="grid grid-1",
            ),
            rx.el.p(rx.cond(S.required,
                            "Tweestapsverificatie is verplicht voor alle medewerkers.",
                            "Tweestapsverificatie is niet verplicht."),
                    " Alleen beheerders van het kantoor kunnen dit wijzigen.",
                    class_name="muted"),
        ),
        rx.el.p(rx.el.a("Uw eigen tweestapsverificatie", href=routes.TWO_FACTOR)),
        class_name="card",
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row.name, rx.el.div(row.email, class_name="muted")),
        rx.el.td(row.role, class_name="hide-mobile"),
        rx.el.td(rx.cond(row.enabled_since != "",
                         rx.el.span("Aan sinds ", row.enabled_since, class_name="pill pill-ok"),
                         rx.el.span("Uit", class_name="pill"))),
        rx.el.td(rx.cond(
            S.can_edit & (row.enabled_since != "") & ~row.is_self,
            # the colleague is picked, then reset: confirm_reset checks the person and whom
            confirm_button("Resetten", "Tweestapsverificatie resetten?",
                           rx.el.span("Tweestapsverificatie van ", rx.el.strong(row.name),
                                      " resetten? ", _CONSEQUENCE),
                           "Ja, resetten", [S.ask_reset(row.identity_id), S.confirm_reset],
                           trigger_aria_label="Tweestapsverificatie resetten van " + row.name,
                           trigger_class="btn btn-link"),
            rx.fragment(),
        )),
    )


_CONSEQUENCE = (
    "Gebruik dit als een collega de telefoon met de authenticator-app kwijt is. De collega logt "
    "daarna in met alleen het wachtwoord en stelt tweestapsverificatie opnieuw in (verplicht als "
    "het kantoor dat vereist). De reset komt in het auditlog.")


def _colleagues() -> rx.Component:
    return rx.el.div(
        rx.el.h2("Tweestapsverificatie per medewerker"),
        rx.el.div(
            rx.el.table(
                rx.el.thead(rx.el.tr(
                    rx.el.th("Medewerker", scope="col"),
                    rx.el.th("Rol", scope="col", class_name="hide-mobile"),
                    rx.el.th("Status", scope="col"),
                    rx.el.th(rx.el.span("Acties", class_name="sr-only"), scope="col"),
                )),
                rx.el.tbody(rx.foreach(S.colleagues, _row)),
                class_name="data data-fit data-cards",
            ),
            class_name="table-wrap",
        ),
        class_name="card",
    )


def security_settings_page() -> rx.Component:
    return page(
        "Beveiliging",
        form_error_banner(S.load_error),
        _requirement(),
        _colleagues(),
    )
