"""Client tab Diensten: the client's services, "Dienst toevoegen" / "Dienst bewerken", and
the employees with access to Financial Overview."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import (
    buttons,
    form_error_banner,
    primary_button,
    secondary_button,
    select_field,
    textarea_field,
)
from vfo_app.state.client_services import ClientServicesState as S


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row.service, rx.cond(row.inactive,
                                         rx.el.span(" (inactief)", class_name="muted"),
                                         rx.fragment())),
        rx.el.td(row.owner, data_label="Diensteigenaar"),
        rx.el.td(row.participants, class_name="hide-mobile"),
        rx.el.td(row.description, class_name="hide-mobile"),
        rx.el.td(rx.cond(
            row.editable,
            rx.el.button("Bewerken", type="button", class_name="btn btn-link",
                         aria_label="Bewerken " + row.service,
                         on_click=S.edit(row.id)),
            rx.fragment(),
        )),
        class_name=rx.cond(row.inactive, "row-muted", ""),
    )


def _services_table() -> rx.Component:
    return rx.el.div(
        rx.el.table(
            rx.el.thead(rx.el.tr(
                rx.el.th("Dienst", scope="col"), rx.el.th("Diensteigenaar", scope="col"),
                rx.el.th("Deelnemers", scope="col", class_name="hide-mobile"),
                rx.el.th("Omschrijving", scope="col", class_name="hide-mobile"),
                rx.el.th(rx.el.span("Acties", class_name="sr-only"), scope="col"),
            )),
            rx.el.tbody(rx.foreach(S.rows, _row)),
            class_name="data data-cards",
        ),
        class_name="table-wrap",
    )


def _toolbar() -> rx.Component:
    return rx.el.div(
        rx.cond(S.can_add, primary_button("Nieuw", type="button", on_click=S.new),
                rx.fragment()),
        rx.el.div(
            rx.el.input(type="checkbox", id="cs-show-all", checked=S.show_all,
                        on_change=S.toggle_show_all, class_name="checkbox"),
            rx.el.label("Alle weergeven", html_for="cs-show-all"),
            class_name="field field-check",
        ),
        class_name="toolbar",
    )


def _participant(row: rx.Var, i: rx.Var) -> rx.Component:
    n = i + 1
    key = row.key
    return rx.el.div(
        select_field(f"Medewerker {n}", f"participant_{key}", S.employee_options,
                     default=row.value, error=row.error, placeholder="Niet geselecteerd",
                     field_id=f"cs-participant-{key}"),
        rx.el.button("Verwijderen", type="button", class_name="btn btn-link",
                     aria_label=f"Medewerker {n} verwijderen",
                     on_click=S.remove_participant_row(key)),
        key=key,
        class_name="participant-row",
    )


def _service_field() -> rx.Component:
    return rx.cond(
        S.editing_service != "",
        rx.el.div(
            rx.el.span("Dienst", class_name="field-label"),
            rx.el.span(S.editing_service),
            class_name="field",
        ),
        select_field("Dienst", "service_id", S.service_options, default=S.values["service_id"],
                     error=S.errors.get("service_id", ""), required=True,
                     placeholder="Niet geselecteerd", field_id="cs-service"),
    )


def _form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(S.form_title, id="cs-form-title", class_name="card-title"),
        rx.el.div(
            _service_field(),
            select_field("Diensteigenaar", "owner_id", S.employee_options,
                         default=S.values["owner_id"], error=S.errors.get("owner_id", ""),
                         required=True, placeholder="Niet geselecteerd", field_id="cs-owner"),
            rx.el.div(textarea_field("Omschrijving", "description",
                                     default=S.values["description"],
                                     error=S.errors.get("description", ""),
                                     field_id="cs-description"),
                      class_name="section-wide"),
            class_name="grid grid-2",
        ),
        rx.el.fieldset(
            rx.el.legend("Deelnemer", class_name="section-title"),
            rx.el.div(rx.foreach(S.participants, _participant), class_name="grid grid-2"),
            rx.el.button("Medewerker toevoegen", type="button", class_name="btn btn-link add-link",
                         on_click=S.add_participant),
            class_name="section section-inner",
        ),
        buttons(primary_button("Opslaan", type="submit"),
                secondary_button("Annuleren", on_click=S.cancel)),
        key=S.form_key,
        on_submit=S.submit,
        aria_labelledby="cs-form-title",
        class_name="card",
        novalidate=True,
    )


def _access_row(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.strong(row.name),
        rx.el.ul(rx.foreach(row.reasons, lambda r: rx.el.li(r)),
                 class_name="reason-list"),
    )


def _access() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Toegang tot Financial Overview", id="fo-access-title", class_name="card-title"),
        rx.el.p("Deze medewerkers kunnen Visma Financial Overview van de klant openen: de "
                "diensteigenaren en deelnemers van de diensten hierboven.", class_name="muted"),
        rx.cond(
            S.access.length() > 0,
            rx.el.ul(
                rx.foreach(S.access, _access_row),
                class_name="list-plain", aria_labelledby="fo-access-title",
            ),
            rx.el.p("Nog geen medewerkers met toegang.", class_name="muted"),
        ),
        class_name="card",
    )


def services_tab() -> rx.Component:
    return rx.el.div(
        _toolbar(),
        rx.cond(S.form_open, _form(), rx.fragment()),
        form_error_banner(S.errors.get("form", "")),
        rx.cond(S.rows.length() > 0, _services_table(),
                rx.el.p("Er zijn nog geen diensten aan deze klant gekoppeld.", class_name="muted")),
        _access(),
    )
