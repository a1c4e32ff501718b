"""Budget <jaar>: the budget per category and month, and budget against actual."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.budget import budget_grid, budget_vs_actual, copy_last_year_form
from vfo_app.components.budget_upload import budget_excel
from vfo_app.components.forms import select_field
from vfo_app.components.layout import back_link, page
from vfo_app.state.budget import BudgetState as S


def _nav() -> rx.Component:
    return rx.el.nav(
        rx.el.a("Gegevens bijwerken", href=S.data_href, class_name="btn btn-secondary"),
        class_name="list-actions drill-nav", aria_label="Financial Overview",
    )


def budget_page() -> rx.Component:
    return page(
        rx.cond(S.year != "", "Budget " + S.year, "Budget"),
        rx.cond(
            S.allowed,
            rx.el.div(
                rx.el.p(S.client_name, class_name="muted"),
                _nav(),
                rx.el.div(
                    select_field("Boekjaar", "jaar", S.year_options, default=S.year,
                                 on_change=S.choose_year, field_id="budget-year", key=S.year),
                    copy_last_year_form(S),
                    class_name="toolbar dash-toolbar budget-toolbar",
                ),
                budget_grid(S),
                budget_excel(S.year),
                budget_vs_actual(S),
            ),
            rx.cond(
                S.checked,
                rx.el.p(S.reason, class_name="banner banner-error", role="alert"),
                rx.el.p("Laden…", class_name="muted"),
            ),
        ),
        back=rx.cond(S.overview_href != "",
                     back_link("Terug naar het dashboard", S.overview_href),
                     back_link("Terug naar Klanten", routes.CLIENTS)),
        wide=True,
    )
