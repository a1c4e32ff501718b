"""Visma Financial Overview of a client (the figures arrive with the auditfile import)."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.dashboard import dashboard
from vfo_app.components.layout import back_link, page, public_page
from vfo_app.state.overview import FinancialOverviewState as S


def financial_overview_page() -> rx.Component:
    return page(
        rx.cond(S.title != "", S.title, "Visma Financial Overview"),
        rx.cond(
            S.allowed,
            dashboard(S),
            rx.cond(
                S.checked,
                rx.el.p(S.reason, class_name="banner banner-error", role="alert"),
                rx.el.p("Laden…", class_name="muted"),
            ),
        ),
        back=back_link("Terug naar Klanten", routes.CLIENTS),
    )


def terms_page() -> rx.Component:
    return public_page(
        "Algemene voorwaarden Visma Financial Overview",
        rx.el.p("De overeenkomst loopt voor de gekozen duur (1 of 12 maanden) en wordt "
                "stilzwijgend verlengd met dezelfde duur. De prijs volgt de actuele prijslijst "
                "van het kantoor; wijzigingen gelden vanaf de volgende overeenkomstperiode. "
                "Een nieuwe factuurontvanger geldt vanaf de volgende overeenkomstperiode. "
                "Visma Financial Overview Starter is gratis."),
        rx.el.p("Het accountantskantoor verwerkt de cijfers van de klant uitsluitend om ze aan "
                "de klant te presenteren. De klant kan de samenwerking op elk moment beëindigen."),
        back=back_link("Terug naar de startpagina", routes.HOME),
    )
