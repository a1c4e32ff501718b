"""Klanten: search, sortable columns, pages of 25, and "Nieuw"."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.layout import page
from vfo_app.components.pager import pager
from vfo_app.components.tables import scroll_region
from vfo_app.state.clients import ClientListState

COLUMNS = [("number", "Klantnummer"), ("name", "Naam"), ("kvk", "KvK-nummer"),
           ("city", "Plaats")]


def _sort_header(key: str, label: str) -> rx.Component:
    active = ClientListState.sort == key
    return rx.el.th(
        rx.el.button(
            label,
            rx.cond(active, rx.cond(ClientListState.descending, " ▼", " ▲"), ""),
            on_click=ClientListState.sort_by(key),
            class_name="th-sort",
            type="button",
            title=f"Sorteren op {label.lower()}",
        ),
        aria_sort=rx.cond(active, rx.cond(ClientListState.descending, "descending", "ascending"),
                          "none"),
        scope="col",
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.a(row.number, href=routes.CLIENTS + "/" + row.id.to_string())),
        rx.el.td(rx.el.a(row.name, href=routes.CLIENTS + "/" + row.id.to_string())),
        rx.el.td(row.kvk_number, data_label="KvK-nummer", class_name="client-detail"),
        rx.el.td(row.city, data_label="Plaats", class_name="client-detail"),
        rx.el.td(row.account_manager, class_name="hide-mobile"),
    )


def _search_box() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.label("Zoeken", html_for="client-search", class_name="field-label"),
            rx.el.input(
                id="client-search", name="query", type="search", default_value="",
                placeholder="Naam, klantnummer, KvK-nummer of plaats",
                on_change=ClientListState.type_query.debounce(300),
                class_name="input", auto_complete="off",
            ),
            class_name="field",
        ),
        on_submit=ClientListState.search,
        class_name="toolbar",
        role="search",
    )


def _count_text() -> rx.Component:
    return rx.el.span(
        rx.cond(ClientListState.total_capped, "Meer dan 1000", ClientListState.total.to_string()),
        rx.cond(ClientListState.total == 1, " klant", " klanten"),
        class_name="muted",
    )


def _pager() -> rx.Component:
    S = ClientListState
    return pager(_count_text(), S.page, S.previous_page, S.next_page,
                 of_pages=rx.cond(S.total_capped, "", " van " + S.pages.to_string()),
                 has_next=S.has_next)


def clients_page() -> rx.Component:
    return page(
        "Klanten",
        _search_box(),
        scroll_region(rx.el.div(
            rx.el.table(
                rx.el.caption("Klanten", class_name="sr-only"),
                rx.el.thead(rx.el.tr(
                    *[_sort_header(k, label) for k, label in COLUMNS],
                    rx.el.th("Accountmanager", scope="col", class_name="hide-mobile"),
                )),
                rx.el.tbody(rx.foreach(ClientListState.rows, _row)),
                class_name="data clients-table",
            ),
            rx.cond(
                ClientListState.rows.length() == 0,
                rx.el.p(rx.cond(ClientListState.query != "", "Geen klanten gevonden.",
                                "Er zijn nog geen klanten."), class_name="muted empty"),
                rx.fragment(),
            ),
        ), "Klanten"),
        _pager(),
        actions=rx.el.a("Nieuw", href=routes.CLIENT_NEW, class_name="btn btn-primary"),
    )
