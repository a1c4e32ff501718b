"""Instellingen > Diensten: the list, and the form "Dienst - <naam>" / "Nieuwe dienst"."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.forms import (
    buttons,
    cell_check,
    cell_input,
    checkbox_field,
    form_error_banner,
    primary_button,
    section,
    select_field,
    text_field,
    textarea_field,
)
from vfo_app.components.layout import back_link, page
from vfo_app.state.services import PERIOD_OPTIONS, ServiceFormState, ServiceListState

# --- list -------------------------------------------------------------------------------


def _list_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.el.a(row.code, href=row.url)),
        rx.el.td(rx.el.a(row.name, href=row.url)),
        rx.el.td(row.period, class_name="hide-mobile"),
        rx.el.td(row.activities, class_name="num hide-mobile"),
        rx.el.td(rx.cond(row.active, "Ja", "Nee")),
    )


def services_list_page() -> rx.Component:
    new_button = rx.cond(
        ServiceListState.can_edit,
        rx.el.a("Nieuw", href=routes.SETTINGS_SERVICE_NEW, class_name="btn btn-primary"),
        rx.fragment(),
    )
    table = rx.el.div(
        rx.el.table(
            rx.el.thead(rx.el.tr(
                rx.el.th("Code", scope="col"), rx.el.th("Naam", scope="col"),
                rx.el.th("Periode", scope="col", class_name="hide-mobile"),
                rx.el.th("Activiteiten", scope="col", class_name="num hide-mobile"),
                rx.el.th("Actief", scope="col"),
            )),
            rx.el.tbody(rx.foreach(ServiceListState.services, _list_row)),
            class_name="data data-fit",
        ),
        class_name="table-wrap",
    )
    return page(
        "Diensten",
        form_error_banner(ServiceListState.list_error),
        rx.cond(
            ServiceListState.can_edit,
            rx.fragment(),
            rx.el.p("Alleen beheerders van het kantoor kunnen diensten wijzigen.",
                    class_name="muted"),
        ),
        rx.cond(ServiceListState.services.length() > 0, table,
                rx.el.p("Er zijn nog geen diensten.", class_name="muted")),
        actions=new_button,
    )


# --- form -------------------------------------------------------------------------------


def _err(key: str) -> rx.Var:
    return ServiceFormState.errors.get(key, "")


def _basics() -> rx.Component:
    v = ServiceFormState.values
    f = ServiceFormState.flags
    return section(
        "Basisgegevens",
        checkbox_field("Actief", "active", default=f["active"]),
        checkbox_field("Meldingen voor vervallen controlemomenten weergeven",
                       "show_overdue_checkpoints", default=f["show_overdue_checkpoints"]),
        text_field("Code", "code", default=v["code"], error=_err("code"), required=True,
                   max_length=20),
        text_field("Naam", "name", default=v["name"], error=_err("name"), required=True,
                   max_length=100),
        text_field("Artikelnr", "article_no", default=v["article_no"], error=_err("article_no"),
                   max_length=40),
        select_field("Periode", "period", PERIOD_OPTIONS, default=v["period"],
                     error=_err("period"), required=True, placeholder="Niet geselecteerd"),
        rx.el.div(textarea_field("Omschrijving", "description", default=v["description"],
                                 error=_err("description")), class_name="section-wide"),
        checkbox_field("Vervaldatums en inactieve perioden opnieuw gebruiken", "reuse_due_dates",
                       default=f["reuse_due_dates"]),
    )


def _remove_button(label: rx.Var, on_click) -> rx.Component:
    return rx.el.td(
        rx.cond(ServiceFormState.can_edit,
                rx.el.button("Verwijderen", type="button", aria_label=label,
                             class_name="btn btn-link", on_click=on_click),
                rx.fragment()),
        class_name="cell-wide",
    )


def _checkpoint_row(row: rx.Var, i: rx.Var) -> rx.Component:
    n = i + 1
    key = row.key
    return rx.el.tr(
        cell_input(f"Naam controlemoment {n}", f"cp_name_{key}", f"cp-name-{key}",
                   default=row.name, error=row.err_name, max_length=100),
        cell_input(f"Dagen na einde periode controlemoment {n}", f"cp_days_{key}",
                   f"cp-days-{key}", default=row.days, error=row.err_days,
                   input_mode="numeric"),
        _remove_button(f"Controlemoment {n} verwijderen",
                       ServiceFormState.remove_checkpoint(key)),
        key=key,
    )


def _rows_table(headers: list[str], body: rx.Component) -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col") for h in headers],
                                 rx.el.th(rx.el.span("Acties", class_name="sr-only")))),
            rx.el.tbody(body),
            class_name="data rows-form",
        ),
        class_name="table-wrap",
    )


def _add_link(text: str, on_click) -> rx.Component:
    return rx.cond(
        ServiceFormState.can_edit,
        rx.el.button(text, type="button", class_name="btn btn-link add-link", on_click=on_click),
        rx.fragment(),
    )


def _checkpoints() -> rx.Component:
    return section(
        "Controlemomenten",
        rx.cond(
            ServiceFormState.checkpoints.length() > 0,
            _rows_table(["Naam", "Dagen na einde periode"],
                        rx.foreach(ServiceFormState.checkpoints, _checkpoint_row)),
            rx.el.p("Nog geen controlemomenten.", class_name="muted"),
        ),
        rx.el.div(_add_link("Controlemomenten toevoegen", ServiceFormState.add_checkpoint)),
        columns=1,
    )


def _activity_row(row: rx.Var, i: rx.Var) -> rx.Component:
    n = i + 1
    key = row.key
    return rx.el.tr(
        cell_input(f"Code activiteit {n}", f"act_code_{key}", f"act-code-{key}",
                   default=row.code, error=row.err_code, max_length=20),
        cell_input(f"Naam activiteit {n}", f"act_name_{key}", f"act-name-{key}",
                   default=row.name, error=row.err_name, max_length=100),
        cell_input(f"Artikelnr activiteit {n}", f"act_article_no_{key}", f"act-art-{key}",
                   default=row.article_no, error=row.err_article_no, max_length=40),
        cell_check(f"Prijs per uur activiteit {n}", f"act_pricing_{key}", f"act-hour-{key}",
                   type_="radio", value="uur", default=row.pricing == "uur"),
        cell_check(f"Prijs per verrichting activiteit {n}", f"act_pricing_{key}",
                   f"act-action-{key}", type_="radio", value="verrichting",
                   default=row.pricing == "verrichting"),
        cell_check(f"In resourceplanning gebruiken activiteit {n}", f"act_planning_{key}",
                   f"act-plan-{key}", default=row.planning),
        cell_check(f"Actief activiteit {n}", f"act_active_{key}", f"act-active-{key}",
                   default=row.active),
        _remove_button(f"Activiteit {n} verwijderen", ServiceFormState.remove_activity(key)),
        key=key,
    )


ACTIVITY_HEADERS = ["Code", "Naam", "Artikelnr", "Prijs per uur", "Prijs per verrichting",
                    "In resourceplanning gebruiken", "Actief"]


def _activities() -> rx.Component:
    return section(
        "Activiteiten voor urenregistratie",
        form_error_banner(_err("activities")),
        _rows_table(ACTIVITY_HEADERS, rx.foreach(ServiceFormState.activities, _activity_row)),
        rx.el.div(_add_link("Activiteiten toevoegen", ServiceFormState.add_activity)),
        columns=1,
    )


def _form() -> rx.Component:
    return rx.el.form(
        rx.el.fieldset(
            _basics(),
            _checkpoints(),
            _activities(),
            disabled=~ServiceFormState.can_edit,
            class_name="plain",
        ),
        buttons(
            rx.cond(ServiceFormState.can_edit, primary_button("Opslaan", type="submit"),
                    rx.fragment()),
            rx.el.a("Annuleren", href=routes.SETTINGS_SERVICES, class_name="btn btn-secondary"),
        ),
        key=ServiceFormState.form_key,
        on_submit=ServiceFormState.submit,
        novalidate=True,
    )


def service_form_page() -> rx.Component:
    return page(
        ServiceFormState.title,
        rx.cond(
            ServiceFormState.load_error != "",
            rx.el.p(ServiceFormState.load_error, class_name="banner banner-error"),
            _form(),
        ),
        back=back_link("Terug naar Diensten", routes.SETTINGS_SERVICES),
    )

