"""Liquiditeitsprognose: the cash 13 weeks ahead (a chart with the lowest point marked, or the
same figures as a table), clearly a prognose, with every assumption and the form to change it."""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app.components.cash_flow import AXIS_JS
from vfo_app.components.forms import buttons, primary_button, secondary_button
from vfo_app.components.layout import page
from vfo_app.state.forecast import ForecastState as S

LOW = "#b42318"
FACT = {"display": "flex", "flexDirection": "column", "gap": "2px"}



def _scrolling(table: rx.Component, label: str) -> rx.Component:
    """A table wider than a phone scrolls sideways in its own region (reachable with Tab)."""
    return rx.el.div(table, role="region", aria_label=label, tab_index=0,
                     class_name="table-wrap scroll-region")

def _fact(label: str, *value) -> rx.Component:
    return rx.el.div(rx.el.dt(label, class_name="muted"),
                     rx.el.dd(*value, style={"margin": 0, "fontSize": "18px"}), style=FACT)


def _summary() -> rx.Component:
    return rx.el.section(
        rx.el.p(rx.el.strong("Prognose"), " — geen boekhoudcijfers: een verwachting vanaf ",
                S.start_label, " op grond van de uitgangspunten hieronder.",
                class_name="banner banner-info", role="note"),
        rx.el.dl(
            _fact("Liquide middelen bij de start", S.opening),
            _fact("Laagste punt (start of einde week)", rx.el.strong(S.lowest), " ",
                  S.lowest_week),
            _fact("Na 13 weken", S.closing),
            style={"display": "grid", "gridTemplateColumns": "repeat(auto-fit, minmax(220px, 1fr))",
                   "gap": "8px 16px", "margin": "12px 0 0"},
        ),
        rx.cond(S.lowest_negative,
                rx.el.p("Let op: volgens deze prognose staan de liquide middelen ",
                        S.lowest_week, " onder nul.", class_name="banner banner-error",
                        role="alert"),
                rx.fragment()),
        class_name="card",
    )


def _chart() -> rx.Component:
    return rx.recharts.responsive_container(
        rx.recharts.line_chart(
            rx.recharts.line(data_key="saldo", name="Liquide middelen (prognose)",
                             stroke="#0b63b6", stroke_width=2, stroke_dasharray="6 3",
                             dot=True, is_animation_active=False),
            rx.recharts.line(data_key="laagste", name="Laagste punt", stroke=LOW,
                             dot={"r": 7, "fill": LOW, "stroke": LOW},
                             is_animation_active=False, legend_type="circle"),
            rx.recharts.reference_line(y=0, stroke="#667085"),
            rx.recharts.x_axis(data_key="week", tick={"fontSize": 12}),
            rx.recharts.y_axis(width=86, tick_formatter=AXIS_JS, tick={"fontSize": 12}),
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.graphing_tooltip(formatter=AXIS_JS),
            rx.recharts.legend(),
            data=S.chart.to(list[dict[str, Any]]),
        ),
        width="100%", height=300,
    )


def _table() -> rx.Component:
    heads = [("Ontvangsten debiteuren", "receipts"), ("Betalingen crediteuren", "payments"),
             ("BTW", "vat"), ("Terugkerende kosten", "costs"), ("Saldo einde week", "closing")]
    return _scrolling(rx.el.table(
        rx.el.caption("Liquiditeitsprognose per week", class_name="sr-only"),
        rx.el.thead(rx.el.tr(rx.el.th("Week", scope="col"),
                             *[rx.el.th(h, scope="col", class_name="num") for h, _ in heads])),
        rx.el.tbody(rx.foreach(S.weeks, lambda w: rx.el.tr(
            rx.el.th(w.week, rx.el.div(w.period, class_name="muted"), scope="row"),
            *[rx.el.td(getattr(w, k), class_name="num", data_label=h) for h, k in heads],
            class_name=rx.cond(w.lowest, "row-lowest", ""),
            title=rx.cond(w.lowest, "Laagste punt", ""),
        ))),
        class_name="data"), "Liquiditeitsprognose per week")


def _view_switch() -> rx.Component:
    def tab(value: str, label: str) -> rx.Component:
        return rx.el.button(label, type="button", on_click=S.show_view(value),
                            aria_pressed=rx.cond(S.view == value, "true", "false"),
                            class_name=rx.cond(S.view == value, "btn btn-primary",
                                               "btn btn-secondary"))
    return rx.el.div(tab("grafiek", "Grafiek"), tab("tabel", "Tabel"), class_name="toolbar",
                     role="group", aria_label="Weergave")


def _assumption(a: rx.Var) -> rx.Component:
    field_id = "fc-" + a.field
    return rx.el.div(
        rx.el.label(a.label, html_for=field_id, class_name="field-label"),
        rx.el.input(id=field_id, name=a.field, default_value=a.input_value,
                    placeholder=a.derived, class_name="input",
                    aria_describedby=field_id + "-basis",
                    aria_invalid=rx.cond(S.errors.get(a.field, "") != "", "true", "false")),
        rx.el.div(
            "Gebruikt: ", rx.el.strong(a.value),
            rx.cond(a.overridden, " (door u ingevuld; uit de cijfers: " + a.derived + ")",
                    " (uit de cijfers)"),
            rx.el.br(), a.basis,
            id=field_id + "-basis", class_name="muted field-help"),
        rx.cond(S.errors.get(a.field, "") != "",
                rx.el.div(S.errors.get(a.field, ""), class_name="field-error", role="alert"),
                rx.fragment()),
        class_name="field",
    )


def _assumptions() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Uitgangspunten"),
        rx.el.p("Laat een veld leeg om de waarde uit de cijfers te gebruiken.",
                class_name="muted"),
        rx.el.form(
            rx.el.div(rx.foreach(S.assumptions, _assumption), class_name="grid grid-2"),
            rx.el.p("BTW-periode van de klant: ", rx.el.strong(S.vat_period),
                    " (wijzigen via ", rx.el.a("Basisgegevens van de klant", href=S.client_href),
                    ").", class_name="muted"),
            rx.cond(S.vat_dates.length() > 0,
                    rx.el.div("BTW-betalingen in deze periode:",
                              rx.el.ul(rx.foreach(S.vat_dates, lambda d: rx.el.li(d))),
                              class_name="muted"),
                    rx.el.p("Geen BTW-betaling in deze 13 weken.", class_name="muted")),
            rx.el.ul(rx.foreach(S.notes, lambda n: rx.el.li(n)), class_name="muted"),
            buttons(primary_button("Opslaan en herberekenen", type="submit"),
                    secondary_button("Alles uit de cijfers", on_click=S.use_figures)),
            on_submit=S.save,
            key=S.form_key.to_string(),
        ),
        class_name="card",
    )


def forecast_page() -> rx.Component:
    return page(
        rx.cond(S.title != "", S.title, "Liquiditeitsprognose"),
        rx.el.div(rx.el.a("Terug naar het dashboard", href=S.back_href,
                          class_name="btn btn-secondary"),
                  class_name="toolbar dash-toolbar"),
        rx.cond(
            S.has_forecast,
            rx.fragment(
                _summary(),
                rx.el.section(
                    rx.el.h2("Liquide middelen, 13 weken vooruit (prognose)"),
                    _view_switch(),
                    rx.cond(S.view == "tabel", _table(), _chart()),
                    class_name="card chart-card",
                ),
                _assumptions(),
            ),
            rx.cond(S.error != "",
                    rx.el.p(S.error, class_name="banner banner-error", role="alert"),
                    rx.el.p("Laden…", class_name="muted")),
        ),
    )
