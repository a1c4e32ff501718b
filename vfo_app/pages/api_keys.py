"""Instellingen > API-sleutels: keys the bookkeeping package pushes auditfiles with."""

from __future__ import annotations

import reflex as rx

from vfo_app.api import AUDITFILES, OPENAPI
from vfo_app.components.dialogs import confirm_button
from vfo_app.components.forms import (
    buttons,
    form_error_banner,
    primary_button,
    secondary_button,
    text_field,
)
from vfo_app.components.layout import page
from vfo_app.domain.api_keys import NAME_MAX
from vfo_app.state.api_keys import ApiKeysState

S = ApiKeysState


def _explain() -> rx.Component:
    return rx.el.div(
        rx.el.p("Met een API-sleutel stuurt het boekhoudpakket (bijvoorbeeld AccountView of "
                "Visma eAccounting) de auditfile van een klant rechtstreeks naar Visma "
                "Financial Overview. Dezelfde controles lopen als bij het inlezen in de browser; "
                "een bestand van een ander bedrijf wordt geweigerd."),
        rx.el.p("Adres: ", rx.el.code(f"POST {AUDITFILES}?client=KLANTNUMMER"),
                " met de auditfile als inhoud en de kop ",
                rx.el.code("Authorization: Bearer <sleutel>"), ". Beschrijving: ",
                rx.el.a(OPENAPI, href=OPENAPI, target="_blank",
                        style={"text_decoration": "underline"}),  # a link by more than colour
                ".", class_name="muted"),
        class_name="card",
    )


def _new_key() -> rx.Component:
    return rx.cond(
        S.new_key != "",
        rx.el.div(
            rx.el.p(rx.el.strong("Nieuwe API-sleutel ", S.new_key_name),
                    ": kopieer hem nu. Hij wordt maar één keer getoond; daarna kan niemand "
                    "hem meer zien, ook wij niet."),
            rx.el.label("API-sleutel", html_for="new-api-key", class_name="label"),
            rx.el.input(id="new-api-key", value=S.new_key, read_only=True, class_name="input",
                        style={"font_family": "monospace"}, spell_check=False,
                        auto_complete="off"),
            buttons(secondary_button("Gekopieerd, verbergen", on_click=S.hide_new_key)),
            class_name="banner banner-info", role="status",
        ),
        rx.fragment(),
    )


def _create() -> rx.Component:
    return rx.cond(
        S.can_edit,
        rx.el.div(
            rx.el.h2("Nieuwe API-sleutel"),
            rx.el.form(
                text_field("Naam (bijvoorbeeld het boekhoudpakket)", "name",
                           error=S.errors.get("name", ""), max_length=NAME_MAX),
                buttons(primary_button("Sleutel maken", type="submit")),
                on_submit=S.create,
                reset_on_submit=True,
                class_name="grid grid-1",
            ),
            class_name="card",
        ),
        rx.el.p("Alleen beheerders van het kantoor kunnen API-sleutels maken en intrekken.",
                class_name="muted"),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row.name, rx.el.div(row.prefix, "…", class_name="muted")),
        rx.el.td(row.created, class_name="hide-mobile"),
        rx.el.td(rx.cond(row.last_used != "", row.last_used, "nog niet")),
        rx.el.td(rx.cond(row.revoked != "",
                         rx.el.span("Ingetrokken ", row.revoked, class_name="pill"),
                         rx.el.span("Actief", class_name="pill pill-ok"))),
        rx.el.td(rx.cond(
            S.can_edit & (row.revoked == ""),
            # the key is picked, then revoked: confirm_revoke checks the person and the key
            confirm_button("Intrekken", "API-sleutel intrekken?",
                           rx.el.span("API-sleutel ", rx.el.strong(row.name), " intrekken? Het "
                                      "boekhoudpakket dat hem gebruikt, kan daarna geen "
                                      "auditfiles meer sturen."),
                           "Ja, intrekken", [S.ask_revoke(row.id), S.confirm_revoke],
                           trigger_aria_label="API-sleutel intrekken: " + row.name,
                           trigger_class="btn btn-link"),
            rx.fragment(),
        )),
    )


def _keys() -> rx.Component:
    return rx.el.div(
        rx.el.h2("API-sleutels van het kantoor"),
        rx.cond(
            S.keys.length() > 0,
            rx.el.div(
                rx.el.table(
                    rx.el.thead(rx.el.tr(
                        rx.el.th("Naam", scope="col"),
                        rx.el.th("Gemaakt", scope="col", class_name="hide-mobile"),
                        rx.el.th("Laatst gebruikt", scope="col"),
                        rx.el.th("Status", scope="col"),
                        rx.el.th(rx.el.span("Acties", class_name="sr-only"), scope="col"),
                    )),
                    rx.el.tbody(rx.foreach(S.keys, _row)),
                    class_name="data data-fit data-cards",
                ),
                class_name="table-wrap",
            ),
            rx.el.p("Nog geen API-sleutels.", class_name="muted"),
        ),
        class_name="card",
    )


def api_keys_page() -> rx.Component:
    return page(
        "API-sleutels",
        form_error_banner(S.load_error),
        _explain(),
        _new_key(),
        _create(),
        _keys(),
    )
