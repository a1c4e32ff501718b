"""The dashboard's advice section: the way to the Liquiditeitsprognose (employees, full
version) and the anonymous comparison within the office (when the office switched it on and
at least five clients share the branche). Loads itself when it appears."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.mount import per_page
from vfo_app.components.tables import scroll_region
from vfo_app.state.advice import DashboardAdviceState as A


def _ratio(r: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.th(r.label, rx.el.div(r.better, class_name="muted"), scope="row"),
        rx.el.td(rx.el.strong(r.own), class_name="num", data_label="Deze klant"),
        rx.el.td(r.q1, class_name="num", data_label="25%"),
        rx.el.td(r.median, class_name="num", data_label="Mediaan"),
        rx.el.td(r.q3, class_name="num", data_label="75%"),
        rx.el.td(r.position, data_label="Positie"),
    )


def _comparison() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Vergelijking binnen het kantoor"),
        rx.el.p("Anoniem: ", A.group_size.to_string(), " klanten van het kantoor met SBI-code ",
                A.sbi_code, ", per kengetal in kwartielen. Geen namen of cijfers van andere "
                "klanten.", class_name="muted"),
        scroll_region(rx.el.table(
            rx.el.caption("Vergelijking binnen het kantoor", class_name="sr-only"),
            rx.el.thead(rx.el.tr(
                rx.el.th("Kengetal", scope="col"),
                rx.el.th("Deze klant", scope="col", class_name="num"),
                rx.el.th("25%", scope="col", class_name="num"),
                rx.el.th("Mediaan", scope="col", class_name="num"),
                rx.el.th("75%", scope="col", class_name="num"),
                rx.el.th("Positie", scope="col"))),
            rx.el.tbody(rx.foreach(A.ratios, _ratio)),
            # on a phone each ratio reads as a small card, each value named by its column
            class_name="data data-stack"), "Vergelijking binnen het kantoor"),
        class_name="card",
    )


def advice_section() -> rx.Component:
    return per_page(rx.el.div(
        rx.cond(A.forecast_href != "",
                rx.el.div(rx.el.a("Liquiditeitsprognose", href=A.forecast_href,
                                  class_name="btn btn-secondary no-print"),
                          class_name="toolbar"),
                rx.fragment()),
        rx.cond(A.compare_shown, _comparison(), rx.fragment()),
        on_mount=A.load,
    ))
