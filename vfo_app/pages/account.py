"""Mijn account: password, e-mail address and sessions; and the e-mail confirmation page."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.forms import buttons, form_error_banner, primary_button, text_field
from vfo_app.components.layout import page
from vfo_app.domain import security
from vfo_app.domain.accounts import SessionRow
from vfo_app.state.account import AccountState as S
from vfo_app.state.account import EmailConfirmState as C


def _error(name: str) -> rx.Var:
    return S.errors.get(name, "")


def _password_card() -> rx.Component:
    return rx.el.form(
        rx.el.h2("Wachtwoord wijzigen"),
        text_field("Huidig wachtwoord", "current_password", type_="password", required=True,
                   error=_error("current_password"), field_id="acc-current",
                   auto_complete="current-password"),
        text_field("Nieuw wachtwoord", "password", type_="password", required=True,
                   error=_error("password"), field_id="acc-new",
                   auto_complete="new-password"),
        text_field("Herhaal nieuw wachtwoord", "password_repeat", type_="password",
                   required=True, error=_error("password_repeat"), field_id="acc-repeat",
                   auto_complete="new-password"),
        rx.el.p(f"Minstens {security.MIN_PASSWORD_LENGTH} tekens en niet te raden: geen naam, "
                "e-mailadres of bedrijfsnaam. Uw andere sessies worden beëindigd.",
                class_name="muted"),
        buttons(primary_button("Wachtwoord wijzigen", type="submit")),
        on_submit=S.change_password,
        key=S.password_form_key.to_string(),
        class_name="card grid grid-1",
        aria_label="Wachtwoord wijzigen",
    )


def _email_card() -> rx.Component:
    return rx.el.form(
        rx.el.h2("E-mailadres wijzigen"),
        rx.el.p("U logt in met ", rx.el.strong(S.email), "."),
        rx.cond(S.pending_email != "",
                rx.el.p("Wacht op bevestiging: ", rx.el.strong(S.pending_email),
                        ". Gebruik de link in de e-mail aan dat adres.",
                        class_name="banner banner-info", role="status"),
                rx.fragment()),
        text_field("Nieuw e-mailadres", "new_email", type_="email", required=True,
                   error=_error("new_email"), field_id="acc-new-email", auto_complete="email"),
        text_field("Wachtwoord", "email_password", type_="password", required=True,
                   error=_error("email_password"), field_id="acc-email-password",
                   auto_complete="current-password"),
        rx.el.p("We sturen een link naar het nieuwe adres; pas als u die gebruikt, logt u "
                "ermee in. Uw huidige adres krijgt een melding.", class_name="muted"),
        buttons(primary_button("Bevestigingslink sturen", type="submit")),
        on_submit=S.change_email,
        key=S.email_form_key.to_string(),
        class_name="card grid grid-1",
        aria_label="E-mailadres wijzigen",
    )


def _session_row(row: SessionRow) -> rx.Component:
    # Two columns of a few short lines, so the table fits a phone with Beëindigen in view.
    wrap = {"white_space": "normal"}
    return rx.el.tr(
        rx.el.td(
            rx.el.div(row.browser, rx.cond(row.current,
                                           rx.el.span(" (deze sessie)", class_name="muted"),
                                           rx.fragment())),
            rx.el.div(row.ip, class_name="muted"),
            rx.cond(row.current, rx.fragment(), rx.el.button(
                "Beëindigen", type="button", class_name="btn btn-link",
                on_click=S.end_session(row.id),
                aria_label="Sessie beëindigen: " + row.browser + ", " + row.ip)),
            style=wrap),
        rx.el.td(rx.el.div("Laatst actief ", row.last_seen),
                 rx.el.div("Ingelogd ", row.started, class_name="muted"), style=wrap),
    )


def _sessions_card() -> rx.Component:
    return rx.el.section(
        rx.el.div(
            rx.el.h2("Actieve sessies"),
            rx.el.button("Andere sessies beëindigen", type="button",
                         class_name="btn btn-secondary", on_click=S.end_other_sessions),
            class_name="card-head",
        ),
        form_error_banner(_error("sessions")),
        rx.el.div(
            rx.el.table(
                rx.el.thead(rx.el.tr(rx.el.th("Sessie"), rx.el.th("Wanneer"))),
                rx.el.tbody(rx.foreach(S.sessions, _session_row)),
                class_name="data", aria_label="Actieve sessies",
            ),
            # scrolls sideways on a phone: reachable and named for the keyboard
            class_name="table-wrap", role="region", aria_label="Actieve sessies", tab_index=0,
        ),
        class_name="card",
        aria_label="Actieve sessies",
    )


def my_account_page() -> rx.Component:
    return page(
        "Mijn account",
        rx.cond(S.notice != "", rx.el.p(S.notice, class_name="banner banner-ok", role="status"),
                rx.fragment()),
        rx.el.p(S.name, " · ", S.email, class_name="muted"),
        rx.el.div(_password_card(), _email_card(), class_name="grid grid-2"),
        _sessions_card(),
        rx.el.div(  # the page is vfo_app/pages/two_factor.py
            rx.el.h2("Tweestapsverificatie"),
            rx.el.p("Log in met uw wachtwoord én een code uit een app op uw telefoon."),
            rx.el.a("Tweestapsverificatie beheren", href=routes.TWO_FACTOR),
            class_name="card",
        ),
    )


def email_confirm_page() -> rx.Component:
    return rx.el.div(
        rx.el.main(
            rx.match(
                C.status,
                ("valid", rx.el.div(
                    rx.el.h1("E-mailadres bevestigen"),
                    rx.el.p("Voortaan inloggen met ", rx.el.strong(C.new_email), "?"),
                    form_error_banner(C.errors.get("email", "")),
                    buttons(primary_button("Bevestigen", type="button", on_click=C.confirm)),
                    class_name="grid grid-1")),
                ("done", rx.el.div(
                    rx.el.h1("Uw e-mailadres is gewijzigd"),
                    rx.el.p("U logt voortaan in met ", rx.el.strong(C.new_email), ".",
                            class_name="banner banner-ok", role="status"),
                    rx.el.p(rx.el.a("Naar inloggen", href=routes.LOGIN)),
                    class_name="grid grid-1")),
                ("invalid", rx.el.div(
                    rx.el.h1("Deze link werkt niet meer"),
                    rx.el.p("De link is verlopen, al gebruikt of vervangen door een nieuwere. "
                            "Vraag onder Mijn account opnieuw een wijziging aan."),
                    rx.el.p(rx.el.a("Naar Mijn account", href=routes.ACCOUNT)),
                    class_name="grid grid-1")),
                rx.el.p("Laden…", class_name="muted"),
            ),
            class_name="login-card activation-card",
        ),
        class_name="login-wrap",
    )
