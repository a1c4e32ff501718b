"""Mijn diensten, and a company's own Financial Overview."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.dashboard import dashboard
from vfo_app.components.layout import back_link, page
from vfo_app.state.my_services import CompanyOverviewState as O
from vfo_app.state.my_services import MyServicesState as S


def _tile(service: rx.Var) -> rx.Component:
    return rx.el.article(
        rx.el.h2(service.name),
        rx.el.p(service.company, class_name="muted"),
        rx.cond(service.href != "",
                rx.el.a("Openen", href=service.href, class_name="btn btn-primary",
                        aria_label=service.name + " openen"),
                rx.el.p(service.note, class_name="muted")),
        class_name="card service-tile", aria_label=service.name,
    )


def my_services_page() -> rx.Component:
    return page(
        "Mijn diensten",
        rx.cond(
            S.services.length() > 0,
            rx.el.div(rx.foreach(S.services, _tile), class_name="company-grid"),
            rx.cond(S.loaded,
                    rx.el.p("U hebt nog geen diensten. Een beheerder van uw bedrijf kan u "
                            "toegang geven.", class_name="muted"),
                    rx.el.p("Laden…", class_name="muted")),
        ),
    )


def company_overview_page() -> rx.Component:
    return page(
        rx.cond(O.title != "", O.title, "Visma Financial Overview"),
        rx.cond(
            O.allowed,
            dashboard(O),
            rx.cond(
                O.checked,
                rx.el.p(O.reason, class_name="banner banner-error", role="alert"),
                rx.el.p("Laden…", class_name="muted"),
            ),
        ),
        back=back_link("Terug naar Mijn diensten", routes.ONLINE_SERVICES),
    )
