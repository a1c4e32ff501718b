"""Account activeren: a new password, the Gebruikersvoorwaarden, or "Stuur een nieuwe link"."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import (
    buttons,
    checkbox_field,
    form_error_banner,
    primary_button,
    text_field,
)
from vfo_app.domain.online.activation import LINK_VALID_TEXT, POLICY
from vfo_app.state.activation import ActivationState as S

TERMS = (
    "Je gebruikt Visma Online en de diensten waartoe je bedrijf je toegang geeft alleen voor "
    "het werk van dat bedrijf. Je houdt je wachtwoord geheim en deelt je account niet met "
    "anderen. De beheerders van je bedrijf en het accountantskantoor dat je bedrijf bedient "
    "kunnen zien welke diensten je gebruikt en wanneer je voor het laatst bent ingelogd. "
    "Gegevens worden verwerkt volgens de privacyverklaring van Visma; je kunt je account op "
    "elk moment laten deactiveren door een beheerder van je bedrijf."
)


def _terms() -> rx.Component:
    return rx.cond(
        S.needs_terms,
        rx.el.section(
            rx.el.h2("Gebruikersvoorwaarden"),
            # the text scrolls in its box: focusable, so the keyboard scrolls it too
            rx.el.div(rx.el.p(TERMS), class_name="terms-text", tab_index=0, role="region",
                      aria_label="Tekst van de Gebruikersvoorwaarden"),
            checkbox_field("Ik heb de Gebruikersvoorwaarden gelezen en ga ermee akkoord",
                           "accept_terms", field_id="accept-terms"),
            form_error_banner(S.errors["accept_terms"]),
            class_name="terms",
            aria_label="Gebruikersvoorwaarden",
        ),
        rx.fragment(),
    )


def _password_form() -> rx.Component:
    return rx.el.form(
        rx.el.h1("Account activeren"),
        rx.el.p("Beste ", S.first_name, "! Kies een wachtwoord voor ",
                rx.el.strong(S.email, style={"overflow_wrap": "anywhere"}), "."),
        rx.el.div(
            rx.el.p("Het wachtwoord:", class_name="field-label"),
            rx.el.ul(*[rx.el.li(rule) for rule in POLICY], class_name="bullets"),
            class_name="banner banner-info", id="password-policy",
        ),
        text_field("Wachtwoord", "password", type_="password", required=True,
                   error=S.errors["password"], field_id="new-password",
                   auto_complete="new-password"),
        text_field("Herhaal wachtwoord", "password_repeat", type_="password", required=True,
                   error=S.errors["password_repeat"], field_id="repeat-password",
                   auto_complete="new-password"),
        _terms(),
        buttons(primary_button("Wachtwoord instellen", type="submit")),
        on_submit=S.submit,
        class_name="grid grid-1",
    )


def _new_link() -> rx.Component:
    return rx.el.div(
        rx.el.h1("Deze link werkt niet meer"),
        rx.el.p("De link is verlopen, al gebruikt, vervangen door een nieuwere link of niet "
                f"volledig. Een activatielink is {LINK_VALID_TEXT} en werkt één keer."),
        rx.cond(
            S.new_link_answer != "",
            rx.el.p(S.new_link_answer, class_name="banner banner-ok", role="status"),
            rx.el.form(
                rx.el.h2("Stuur een nieuwe link"),
                text_field("E-mailadres", "email", type_="email", required=True,
                           field_id="link-email", auto_complete="email"),
                buttons(primary_button("Stuur een nieuwe link", type="submit")),
                on_submit=S.request_link,
                class_name="grid grid-1",
            ),
        ),
        class_name="grid grid-1",
    )


def activation_page() -> rx.Component:
    return rx.el.div(
        rx.el.main(
            rx.match(
                S.status,
                ("valid", _password_form()),
                ("invalid", _new_link()),
                rx.el.p("Laden…", class_name="muted"),
            ),
            class_name="login-card activation-card",
        ),
        class_name="login-wrap",
    )
