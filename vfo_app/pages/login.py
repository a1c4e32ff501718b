"""Inloggen: one login page for employees and, later, client users."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import form_error_banner, primary_button, text_field
from vfo_app.state.login import LoginState


def login_page() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.h1("Inloggen"),
            form_error_banner(LoginState.login_error),
            rx.el.form(
                text_field("E-mailadres", "email", type_="email", required=True,
                           auto_complete="username"),
                text_field("Wachtwoord", "password", type_="password", required=True,
                           auto_complete="current-password"),
                rx.el.div(primary_button("Inloggen", type="submit"), class_name="form-buttons"),
                on_submit=LoginState.submit,
                class_name="grid grid-1",
            ),
            class_name="login-card",
        ),
        class_name="login-wrap",
    )
