"""Inloggen: one login page for employees and client users; a second step asks the code of
the authenticator app when the user has two-factor login."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.forms import (
    form_error_banner,
    primary_button,
    secondary_button,
    text_field,
)
from vfo_app.domain import two_factor
from vfo_app.state.login import STEP_CODE, LoginState


def _password_form() -> rx.Component:
    return rx.el.form(
        text_field("E-mailadres", "email", type_="email", required=True,
                   auto_complete="username"),
        text_field("Wachtwoord", "password", type_="password", required=True,
                   auto_complete="current-password"),
        rx.el.div(primary_button("Inloggen", type="submit"), class_name="form-buttons"),
        rx.el.p(rx.el.a("Wachtwoord vergeten?", href=routes.PASSWORD_FORGOTTEN)),
        on_submit=LoginState.submit,
        class_name="grid grid-1",
    )


def _code_form() -> rx.Component:
    return rx.el.form(
        rx.el.p("Open de authenticator-app op uw telefoon en vul de code van zes cijfers in. "
                "Geen telefoon bij de hand? Vul dan een van uw herstelcodes in."),
        text_field("Verificatiecode", "code", required=True, error=LoginState.code_error,
                   auto_complete="one-time-code", input_mode="text", auto_focus=True,
                   max_length=20, spell_check=False),
        rx.el.p(f"Deze stap verloopt na {two_factor.PENDING_LOGIN_MINUTES} minuten.",
                class_name="muted"),
        rx.el.div(primary_button("Verifiëren", type="submit"),
                  secondary_button("Terug", on_click=LoginState.cancel_code),
                  class_name="form-buttons"),
        on_submit=LoginState.submit_code,
        reset_on_submit=True,
        class_name="grid grid-1",
    )


def login_page() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.h1(rx.cond(LoginState.step == STEP_CODE, "Tweestapsverificatie",
                             "Inloggen")),
            form_error_banner(LoginState.login_error),
            rx.cond(LoginState.step == STEP_CODE, _code_form(), _password_form()),
            class_name="login-card",
        ),
        class_name="login-wrap",
    )
