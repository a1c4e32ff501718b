"""Instellingen > Huisstijl: logo, main colour and disclaimer of the office, with a preview of
the band the reports and e-mails carry (white text on the main colour)."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import buttons, primary_button, text_field, textarea_field
from vfo_app.components.layout import page
from vfo_app.domain.house_style import DEFAULT_COLOUR, MAX_DISCLAIMER, MAX_LOGO_BYTES
from vfo_app.state.house_style import LOGO_UPLOAD_ID
from vfo_app.state.house_style import HouseStyleState as S

ACCEPT = {"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"]}


def _preview() -> rx.Component:
    return rx.el.div(
        rx.cond(S.logo_url != "",
                rx.el.img(src=S.logo_url, alt="Logo van " + S.office, class_name="house-logo"),
                rx.fragment()),
        rx.el.span(S.office, class_name="house-band-name"),
        class_name="house-band",
        style={"background_color": S.shown_colour},
        aria_label="Voorbeeld: zo staat uw kantoor boven de rapporten en e-mails",
        role="img",
    )


def _logo_card() -> rx.Component:
    chooser = rx.el.label(
        rx.el.span("Logo (PNG of JPEG)", class_name="field-label"),
        rx.upload.root(
            rx.el.span(rx.el.strong("Kies een afbeelding"), " of sleep haar hierheen",
                       class_name="dropzone-text"),
            rx.el.span(rx.cond(rx.selected_files(LOGO_UPLOAD_ID).length() > 0,
                               rx.selected_files(LOGO_UPLOAD_ID).join(", "),
                               "Nog geen bestand gekozen"),
                       class_name="dropzone-file"),
            id=LOGO_UPLOAD_ID, multiple=False, max_files=1, max_size=MAX_LOGO_BYTES,
            accept=ACCEPT, no_click=True, disabled=S.busy, on_drop_rejected=S.logo_rejected,
            class_name="dropzone",
        ),
        class_name="field upload-field",
    )
    return rx.el.section(
        rx.el.h2("Logo"),
        rx.cond(S.logo_url != "",
                rx.el.img(src=S.logo_url, alt="Huidig logo", class_name="house-logo-large"),
                rx.el.p("Nog geen logo.", class_name="muted")),
        rx.cond(
            S.can_edit,
            rx.fragment(
                rx.el.p(f"PNG of JPEG, hoogstens {MAX_LOGO_BYTES // 1024} kB en 2000 pixels per "
                        "zijde. Het logo staat boven uw rapporten en in de portal van uw "
                        "klanten.", class_name="muted", style={"margin_bottom": "12px"}),
                chooser,
                rx.cond(S.errors.get("logo", ""),
                        rx.el.div(S.errors.get("logo", ""), class_name="field-error",
                                  role="alert"),
                        rx.fragment()),
                buttons(
                    rx.el.button(rx.cond(S.busy, "Bezig…", "Logo opslaan"), type="button",
                                 class_name="btn btn-primary",
                                 disabled=S.busy | (rx.selected_files(LOGO_UPLOAD_ID).length() == 0),
                                 on_click=S.upload_logo(
                                     rx.upload_files_chunk(upload_id=LOGO_UPLOAD_ID))),
                    rx.cond(S.logo_url != "",
                            rx.el.button("Logo verwijderen", type="button",
                                         class_name="btn btn-secondary",
                                         on_click=S.remove_logo),
                            rx.fragment()),
                ),
            ),
            rx.fragment(),
        ),
        class_name="card",
    )


def _style_card() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Hoofdkleur en disclaimer"),
        _preview(),
        rx.cond(
            S.can_edit,
            rx.el.form(
                text_field("Hoofdkleur (hexcode)", "colour", default=S.colour,
                           error=S.errors.get("colour", ""),
                           placeholder=DEFAULT_COLOUR, autocomplete="off", max_length=7),
                rx.el.p("Witte tekst moet goed leesbaar zijn op de kleur (contrast minimaal "
                        "4,5:1). Leeg: de standaardkleur.", class_name="muted"),
                textarea_field("Disclaimer (onderaan elk rapport)", "disclaimer",
                               default=S.disclaimer, error=S.errors.get("disclaimer", "")),
                rx.el.p(f"Hoogstens {MAX_DISCLAIMER} tekens.", class_name="muted"),
                buttons(primary_button("Opslaan", type="submit")),
                key=S.form_key.to_string(),
                on_submit=S.save,
                class_name="grid grid-1",
            ),
            rx.fragment(
                rx.el.p("Hoofdkleur: ", rx.el.code(S.shown_colour)),
                rx.el.p("Disclaimer: ", rx.cond(S.disclaimer != "", S.disclaimer, "geen")),
                rx.el.p("Alleen beheerders van het kantoor kunnen de huisstijl wijzigen.",
                        class_name="muted"),
            ),
        ),
        class_name="card",
    )


def house_style_page() -> rx.Component:
    return page(
        "Huisstijl",
        rx.cond(S.load_error != "",
                rx.el.p(S.load_error, class_name="banner banner-error", role="alert"),
                rx.fragment(_style_card(), _logo_card())),
    )
