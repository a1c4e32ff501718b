"""Wachtwoord vergeten?: ask a link, and set a new password through it."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.forms import buttons, primary_button, text_field
from vfo_app.domain import security
from vfo_app.domain.accounts import LINK_VALID_TEXT
from vfo_app.state.password_reset import PasswordForgottenState as F
from vfo_app.state.password_reset import PasswordResetState as R

POLICY = (f"Minstens {security.MIN_PASSWORD_LENGTH} tekens", security.STRENGTH_RULE)


def _card(*children: rx.Component) -> rx.Component:
    return rx.el.div(rx.el.main(*children, class_name="login-card activation-card"),
                     class_name="login-wrap")


def _back_to_login() -> rx.Component:
    # a block of its own with room around it: a touch target apart from the button above
    return rx.el.p(rx.el.a("Terug naar inloggen", href=routes.LOGIN,
                           style={"display": "inline-block", "padding": "6px 0"}))


def forgotten_page() -> rx.Component:
    return _card(
        rx.el.h1("Wachtwoord vergeten?"),
        rx.cond(
            F.answer != "",
            rx.el.p(F.answer, class_name="banner banner-ok", role="status"),
            rx.el.form(
                rx.el.p("Vul het e-mailadres in waarmee u inlogt. U ontvangt een e-mail met "
                        f"een link om een nieuw wachtwoord te kiezen; de link is "
                        f"{LINK_VALID_TEXT}."),
                text_field("E-mailadres", "email", type_="email", required=True,
                           error=F.errors.get("email", ""), field_id="forgot-email",
                           auto_complete="username"),
                buttons(primary_button("Stuur een link", type="submit")),
                on_submit=F.submit,
                class_name="grid grid-1",
            ),
        ),
        _back_to_login(),
    )


def _reset_form() -> rx.Component:
    return rx.el.form(
        rx.el.h1("Nieuw wachtwoord kiezen"),
        rx.el.p("Beste ", R.first_name, "! Kies een nieuw wachtwoord voor ",
                rx.el.strong(R.email, style={"overflow_wrap": "anywhere"}), "."),
        rx.el.div(
            rx.el.p("Het wachtwoord:", class_name="field-label"),
            rx.el.ul(*[rx.el.li(rule) for rule in POLICY], class_name="bullets"),
            class_name="banner banner-info", id="password-policy",
        ),
        text_field("Nieuw wachtwoord", "password", type_="password", required=True,
                   error=R.errors.get("password", ""), field_id="reset-password",
                   auto_complete="new-password"),
        text_field("Herhaal nieuw wachtwoord", "password_repeat", type_="password",
                   required=True, error=R.errors.get("password_repeat", ""),
                   field_id="reset-password-repeat", auto_complete="new-password"),
        buttons(primary_button("Wachtwoord opslaan", type="submit")),
        on_submit=R.submit,
        class_name="grid grid-1",
    )


def _dead_link() -> rx.Component:
    return rx.el.div(
        rx.el.h1("Deze link werkt niet meer"),
        rx.el.p("De link is verlopen, al gebruikt, vervangen door een nieuwere link of niet "
                f"volledig. Een link om een nieuw wachtwoord te kiezen is {LINK_VALID_TEXT} "
                "en werkt één keer."),
        rx.el.p(rx.el.a("Vraag een nieuwe link aan", href=routes.PASSWORD_FORGOTTEN)),
        class_name="grid grid-1",
    )


def _second_factor() -> rx.Component:
    return rx.el.div(
        rx.el.h1("Uw wachtwoord is gewijzigd"),
        rx.el.p("Uw account heeft tweestapsverificatie. Log in met uw nieuwe wachtwoord en de "
                "code uit uw authenticator-app.", role="status", class_name="banner banner-ok"),
        rx.el.p(rx.el.a("Naar inloggen", href=routes.LOGIN, class_name="btn btn-primary")),
        class_name="grid grid-1",
    )


def reset_page() -> rx.Component:
    return _card(rx.match(
        R.status,
        ("valid", _reset_form()),
        ("invalid", _dead_link()),
        ("second_factor", _second_factor()),
        rx.el.p("Laden…", class_name="muted"),
    ))
