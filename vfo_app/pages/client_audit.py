"""Logboek - <klantnummer> <naam>: the client's audit log with filters and the CSV export."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.dates import date_field
from vfo_app.components.forms import primary_button, secondary_button, select_field
from vfo_app.components.layout import back_link, page
from vfo_app.components.pager import numbered_pager
from vfo_app.state.client_audit import ClientAuditState as A


def _filters() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            select_field("Medewerker", "person", A.people, placeholder="Iedereen",
                         default=A.values["person"], field_id="audit-person"),
            select_field("Onderdeel", "part", A.parts, placeholder="Alle onderdelen",
                         default=A.values["part"], field_id="audit-part"),
            select_field("Actie", "action", A.actions, placeholder="Alle acties",
                         default=A.values["action"], field_id="audit-action"),
            date_field("Van", "date_from", default=A.values["date_from"],
                       error=A.errors["date_from"], field_id="audit-from"),
            date_field("Tot en met", "date_to", default=A.values["date_to"],
                       error=A.errors["date_to"], field_id="audit-to"),
            class_name="grid grid-3",
        ),
        rx.el.div(
            primary_button("Filteren", type="submit"),
            secondary_button("Alles tonen", on_click=A.clear_filters),
            secondary_button("Exporteren als CSV", on_click=A.download_csv),
            class_name="form-buttons",
        ),
        on_submit=A.apply_filters,
        key=A.values.to_string(),
        class_name="card",
        aria_label="Filters",
    )


def _pager() -> rx.Component:
    return numbered_pager(A.total.to_string() + " regels", A.page, A.pages, A.previous_page,
                          A.next_page)


def _table() -> rx.Component:
    return rx.cond(
        A.rows.length() > 0,
        rx.el.div(
            rx.el.div(rx.el.table(
                rx.el.thead(rx.el.tr(rx.el.th("Datum en tijd"), rx.el.th("Wie"),
                                     rx.el.th("Onderdeel"), rx.el.th("Actie"),
                                     rx.el.th("Wijzigingen"))),
                rx.el.tbody(rx.foreach(A.rows, lambda r: rx.el.tr(
                    rx.el.td(r.at, data_label="Datum en tijd"),
                    rx.el.td(r.who, data_label="Wie"),
                    rx.el.td(r.part, data_label="Onderdeel"),
                    rx.el.td(r.action, data_label="Actie"),
                    rx.el.td(r.changes, data_label="Wijzigingen", class_name="muted wrap"),
                ))),
                class_name="data data-stack", aria_label="Logboek"), class_name="table-wrap"),
            _pager(),
        ),
        rx.el.p("Geen regels gevonden voor deze filters.", class_name="muted"),
    )


def client_audit_page() -> rx.Component:
    return page(
        rx.cond(A.heading != "", A.heading, "Logboek"),
        rx.cond(
            A.client_id > 0,
            rx.el.div(_filters(), _table()),
            rx.el.p(A.load_error, class_name="banner banner-error"),
        ),
        back=rx.cond(A.client_href != "", back_link("Terug naar de klant", A.client_href),
                     back_link("Terug naar Klanten", routes.CLIENTS)),
    )
