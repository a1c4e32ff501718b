"""Tweestapsverificatie: set up, renew recovery codes, or turn off the user's second factor."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import (
    buttons,
    form_error_banner,
    primary_button,
    secondary_button,
    text_field,
)
from vfo_app.components.layout import page
from vfo_app.domain import two_factor
from vfo_app.state.two_factor import (
    ACTION_DISABLE,
    ACTION_RENEW,
    ENROLLING,
    OFF,
    ON,
    TwoFactorState,
)

S = TwoFactorState


def _code_field(label: str = "Verificatiecode") -> rx.Component:
    return text_field(label, "code", required=True, error=S.errors.get("code", ""),
                      auto_complete="one-time-code", max_length=20, spell_check=False,
                      field_id="f-tf-code")


def _required_banner() -> rx.Component:
    return rx.cond(
        S.required & (S.status != ON),
        rx.el.div("Uw kantoor vereist tweestapsverificatie. Stel het hieronder in; daarna kunt "
                  "u verder werken.", class_name="banner banner-info", role="status"),
        rx.fragment(),
    )


def _off() -> rx.Component:
    return rx.el.div(
        rx.el.h2("Extra beveiliging bij het inloggen"),
        rx.el.p("Met tweestapsverificatie vraagt Visma Advisor na uw wachtwoord ook een code uit "
                "een authenticator-app op uw telefoon (bijvoorbeeld Google Authenticator, "
                "Microsoft Authenticator of 1Password). Wie uw wachtwoord kent, kan dan nog "
                "steeds niet inloggen."),
        buttons(primary_button("Tweestapsverificatie instellen", type="button",
                               on_click=S.start)),
        class_name="card",
    )


def _enrolling() -> rx.Component:
    return rx.el.div(
        rx.el.h2("Tweestapsverificatie instellen"),
        rx.el.div(
            rx.el.img(src=S.qr_code, alt="QR-code voor uw authenticator-app", class_name="tf-qr"),
            rx.el.div(
                rx.el.p(rx.el.strong("1. "), "Open uw authenticator-app en scan deze QR-code."),
                rx.el.p(rx.el.strong("2. "), "Kunt u niet scannen? Voer dan deze sleutel in:"),
                rx.el.p(rx.el.code(S.secret_groups, class_name="tf-secret",
                                   id="tf-secret")),
                rx.el.p(rx.el.strong("3. "), "Vul de code van zes cijfers in die de app toont."),
                rx.el.form(
                    _code_field(),
                    buttons(primary_button("Bevestigen", type="submit")),
                    on_submit=S.confirm,
                    class_name="grid grid-1 tf-code-form",
                ),
            ),
            class_name="tf-steps",
        ),
        class_name="card",
    )


def _disable_form() -> rx.Component:
    return rx.el.form(
        rx.el.p(rx.cond(S.required,
                        "Uw kantoor vereist tweestapsverificatie: na het uitzetten moet u het "
                        "meteen opnieuw instellen. Vul ter bevestiging een code uit uw app in.",
                        "Vul ter bevestiging een code uit uw app (of een herstelcode) in.")),
        _code_field(),
        buttons(rx.el.button("Uitzetten", type="submit", class_name="btn btn-danger"),
                secondary_button("Annuleren", on_click=S.close_action)),
        on_submit=S.disable,
        class_name="grid grid-1 tf-code-form",
    )


def _renew_form() -> rx.Component:
    return rx.el.form(
        rx.el.p("Vul ter bevestiging een code uit uw app (of een herstelcode) in. De oude "
                "herstelcodes werken daarna niet meer."),
        _code_field(),
        buttons(primary_button("Nieuwe herstelcodes maken", type="submit"),
                secondary_button("Annuleren", on_click=S.close_action)),
        on_submit=S.renew,
        class_name="grid grid-1 tf-code-form",
    )


def _on() -> rx.Component:
    return rx.el.div(
        rx.el.h2("Tweestapsverificatie staat aan"),
        rx.el.dl(
            rx.el.dt("Aan sinds"), rx.el.dd(S.enabled_since),
            rx.el.dt("Ongebruikte herstelcodes"),
            rx.el.dd(S.recovery_left, f" van de {two_factor.RECOVERY_CODE_COUNT}"),
            class_name="kv",
        ),
        rx.cond(
            S.action == "",
            buttons(
                secondary_button("Nieuwe herstelcodes maken",
                                 on_click=S.open_action(ACTION_RENEW)),
                rx.el.button("Tweestapsverificatie uitzetten", type="button",
                             class_name="btn btn-danger",
                             on_click=S.open_action(ACTION_DISABLE)),
            ),
            rx.cond(S.action == ACTION_DISABLE, _disable_form(), _renew_form()),
        ),
        class_name="card",
    )


def _recovery_codes() -> rx.Component:
    return rx.el.div(
        rx.el.h2("Uw herstelcodes"),
        rx.el.p("Bewaar deze codes op een veilige plek, bijvoorbeeld in uw wachtwoordkluis. "
                "Kwijt u uw telefoon, dan logt u met een herstelcode in in plaats van met een "
                "code uit de app. Elke code werkt één keer. ",
                rx.el.strong("U ziet ze alleen nu.")),
        rx.el.ul(rx.foreach(S.recovery_codes, lambda c: rx.el.li(c)), class_name="tf-codes",
                 id="tf-recovery-codes"),
        buttons(primary_button("Ik heb de codes bewaard", type="button",
                               on_click=S.codes_saved)),
        class_name="card",
    )


def two_factor_page() -> rx.Component:
    return page(
        "Tweestapsverificatie",
        _required_banner(),
        form_error_banner(S.errors.get("form", "")),
        rx.cond(S.recovery_codes.length() > 0, _recovery_codes(), rx.fragment()),
        rx.match(S.status, (OFF, _off()), (ENROLLING, _enrolling()), (ON, _on()),
                 rx.fragment()),
    )
