"""Page chrome: top bar with the surfaces, the signed-in user and logout."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.state.session import SessionState


def _nav_link(text: str, href: str) -> rx.Component:
    return rx.el.a(text, href=href, class_name="nav-link")


def top_bar() -> rx.Component:
    return rx.el.header(
        rx.el.a(
            rx.el.span("VFO", class_name="logo-mark"),
            rx.el.span(rx.cond(SessionState.is_employee, "Advisor", "Online"),
                       class_name="logo-text"),
            href=rx.cond(SessionState.is_employee, routes.CLIENTS, routes.ONLINE_SERVICES),
            class_name="logo",
        ),
        rx.el.nav(
            rx.cond(
                SessionState.is_employee,
                rx.fragment(
                    _nav_link("Klanten", routes.CLIENTS),
                    _nav_link("Portefeuille", routes.PORTFOLIO),
                    _nav_link("Instellingen > Diensten", routes.SETTINGS_SERVICES),
                    _nav_link("Instellingen > Beveiliging", routes.SETTINGS_SECURITY),
                    _nav_link("Instellingen > API-sleutels", routes.SETTINGS_API_KEYS),
                    _nav_link("Instellingen > Advies", routes.SETTINGS_ADVICE),
                    _nav_link("Online > Bedrijven", routes.ONLINE_COMPANIES),
                ),
                rx.fragment(
                    _nav_link("Mijn diensten", routes.ONLINE_SERVICES),
                    rx.cond(SessionState.is_company_admin, rx.fragment(
                        _nav_link("Verzoeken", routes.ONLINE_REQUESTS),
                        _nav_link("Gebruikers", routes.ONLINE_COMPANIES),
                        _nav_link("Wie kan onze cijfers zien", routes.ONLINE_WHO_SEES),
                    ), rx.fragment()),
                ),
            ),
            class_name="nav",
            aria_label="Hoofdmenu",
        ),
        rx.el.div(
            rx.el.span(SessionState.user_name, class_name="user-name"),
            rx.el.span(SessionState.office_name, class_name="office-name"),
            rx.el.a("Mijn account", href=routes.ACCOUNT, class_name="btn btn-link"),
            rx.el.button("Uitloggen", on_click=SessionState.logout, class_name="btn btn-link",
                         type="button"),
            class_name="user-box",
        ),
        class_name="topbar",
    )


def page(title: str | rx.Var, *children: rx.Component, actions: rx.Component | None = None
         ) -> rx.Component:
    """A signed-in page: nothing is shown until the session check has named the user."""
    return rx.el.div(
        top_bar(),
        rx.el.main(
            rx.cond(
                SessionState.user_name != "",
                rx.el.div(
                    rx.el.div(
                        rx.el.h1(title, class_name="page-title"),
                        actions if actions is not None else rx.fragment(),
                        class_name="page-head",
                    ),
                    *children,
                ),
                rx.el.p("Laden…", class_name="muted"),
            ),
            class_name="content",
        ),
        class_name="shell",
    )
