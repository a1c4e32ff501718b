"""Client tab Prijsstelling: the client's price list and its prices; choose another list."""

from __future__ import annotations

import reflex as rx

from vfo_app.state.client_pricing import PricingState as S


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(item.article_no), rx.el.td(item.description, class_name="wrap"),
        rx.el.td(item.unit, class_name="hide-mobile"),
        rx.el.td(item.price, class_name="num"),
    )


def pricing_tab() -> rx.Component:
    return rx.el.div(
        rx.el.div(
            rx.el.div(
                rx.el.label("Prijslijst van de klant", html_for="pricing-list",
                            class_name="field-label"),
                rx.el.select(
                    rx.el.option("Geen prijslijst", value=""),
                    rx.foreach(S.options, lambda o: rx.el.option(o.label, value=o.value)),
                    id="pricing-list", value=S.price_list_id,
                    on_change=S.change_price_list, class_name="input",
                ),
                class_name="field",
            ),
            class_name="toolbar",
        ),
        rx.cond(
            S.price_list_name != "",
            rx.el.div(
                rx.el.table(
                    rx.el.caption(S.price_list_name, class_name="table-caption"),
                    rx.el.thead(rx.el.tr(
                        rx.el.th("Artikelnr", scope="col"), rx.el.th("Omschrijving", scope="col"),
                        rx.el.th("Eenheid", scope="col", class_name="hide-mobile"),
                        rx.el.th("Prijs", scope="col", class_name="num"),
                    )),
                    rx.el.tbody(rx.foreach(S.items, _row)),
                    class_name="data",
                ),
                class_name="table-wrap",
            ),
            rx.el.p("Aan deze klant is geen prijslijst gekoppeld.", class_name="muted"),
        ),
    )
