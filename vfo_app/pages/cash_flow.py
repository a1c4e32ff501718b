"""Kasstroom page: the cash-flow statement of a client's year, for the accountant (each line
leads to its accounts) and for the client user of the company (read-only)."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.cash_flow import month_table, statement_table, waterfall_chart
from vfo_app.components.figures_source import figures_source
from vfo_app.components.forms import select_field
from vfo_app.components.layout import page
from vfo_app.components.questions import questions_loader
from vfo_app.state.cash_flow import CashFlowState, CompanyCashFlowState


def _toolbar(S) -> rx.Component:
    return rx.el.div(
        select_field("Boekjaar", "year", S.year_options, default=S.year,
                     on_change=S.choose_year, field_id="cf-year", key=S.year),
        select_field("Tot en met", "upto", S.upto_options, default=S.upto,
                     on_change=S.choose_upto, field_id="cf-upto", key=S.year + S.upto),
        select_field("Periode", "period", S.period_options, default=S.period,
                     on_change=S.choose_period, field_id="cf-period",
                     key=S.year + S.upto + S.period),
        class_name="toolbar dash-toolbar period-bar",
    )


def _nav(S) -> rx.Component:
    return rx.el.nav(
        rx.el.a("Terug naar het dashboard", href=S.back_href, class_name="btn btn-secondary"),
        rx.cond(S.key_figures_href != "",
                rx.el.a("Kengetallen", href=S.key_figures_href, class_name="btn btn-secondary"),
                rx.fragment()),
        class_name="list-actions drill-nav no-print", aria_label="Financial Overview")


def _content(S, employee: bool) -> rx.Component:
    how = ("Indirecte methode: van het resultaat naar de mutatie van de liquide middelen. "
           + ("Klik op een post voor de rekeningen." if employee else
              "Vragen over een post? Klik op het vraagteken erachter; uw accountant "
              "antwoordt bij de post."))
    return rx.fragment(
        figures_source(S.figures_source),
        _toolbar(S),
        rx.cond(S.reconciles,
                rx.el.p("De kasstroom sluit aan op de mutatie van de liquide middelen, "
                        "voor elke maand en het jaar tot nu toe.", class_name="muted",
                        data_testid="reconciles"),
                rx.el.p(S.reconcile_message, class_name="banner banner-error", role="alert",
                        data_testid="not-reconciled")),
        rx.el.section(
            rx.el.h2("Kasstroomoverzicht ", rx.el.span(S.period_label, class_name="muted")),
            rx.el.p(how, class_name="muted"),
            statement_table(S.rows, S.period_label,
                            rx.cond(S.has_last_year, S.last_year_label, "Vorig jaar"), S),
            class_name="card"),
        waterfall_chart(S.waterfall),
        month_table(S.month_headers, S.month_rows),
        questions_loader(),
    )


def _page(S, employee: bool) -> rx.Component:
    return page(
        rx.cond(S.title != "", S.title, "Kasstroom"),
        _nav(S),
        rx.cond(
            ~S.checked, rx.el.p("Laden…", class_name="muted"),
            rx.cond(S.reason != "",
                    rx.el.p(S.reason, class_name="banner banner-error", role="alert"),
                    _content(S, employee))),
    )


def cash_flow_page() -> rx.Component:
    return _page(CashFlowState, employee=True)


def company_cash_flow_page() -> rx.Component:
    return _page(CompanyCashFlowState, employee=False)
