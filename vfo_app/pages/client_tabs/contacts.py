"""Client tab Contactpersonen: list, add, edit, and which one is the main contact."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import buttons, primary_button, secondary_button, text_field
from vfo_app.state.client_contacts import ContactsState as S


def _field(label: str, name: str, **props) -> rx.Component:
    return text_field(label, name, default=S.values[name], error=S.errors[name],
                      field_id=f"cp-{name}", **props)


def _form() -> rx.Component:
    return rx.el.form(
        rx.el.h2(rx.cond(S.editing > 0, "Contactpersoon bewerken", "Contactpersoon toevoegen")),
        rx.el.div(
            _field("Voornaam", "first_name", required=True),
            _field("Achternaam", "last_name", required=True),
            _field("Telefoon", "phone", type_="tel"),
            _field("Mobiele telefoon", "mobile", type_="tel"),
            _field("E-mail", "email", input_mode="email"),
            _field("Rollen toevoegen (komma's ertussen)", "roles"),
            class_name="grid grid-2",
        ),
        buttons(primary_button("Opslaan", type="submit"),
                secondary_button("Annuleren", on_click=S.close)),
        key=S.form_key,
        on_submit=S.save,
        no_validate=True,
        class_name="card",
    )


def _row(c: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(c.name, rx.cond(c.is_main,
                                    rx.el.span("Hoofdcontactpersoon", class_name="pill pill-ok"),
                                    rx.fragment()), class_name="cell-name"),
        rx.el.td(c.email),
        rx.el.td(c.phone, class_name="hide-mobile"),
        rx.el.td(c.mobile, class_name="hide-mobile"),
        rx.el.td(c.roles, class_name="hide-mobile"),
        rx.el.td(
            rx.el.button("Bewerken", type="button", class_name="btn btn-link",
                         on_click=S.open_edit(c.id),
                         aria_label="Bewerken " + c.name),
            rx.cond(c.is_main, rx.fragment(),
                    rx.el.button("Maak hoofdcontact", type="button", class_name="btn btn-link",
                                 on_click=S.set_main(c.id),
                                 aria_label="Maak hoofdcontact " + c.name)),
        ),
    )


def contacts_tab() -> rx.Component:
    return rx.el.div(
        rx.el.div(rx.el.button("Nieuw", type="button", class_name="btn btn-primary",
                               on_click=S.open_new), class_name="toolbar"),
        rx.cond(S.editing >= 0, _form(), rx.fragment()),
        rx.el.div(
            rx.el.table(
                rx.el.thead(rx.el.tr(
                    rx.el.th("Naam", scope="col"), rx.el.th("E-mail", scope="col"),
                    rx.el.th("Telefoon", scope="col", class_name="hide-mobile"),
                    rx.el.th("Mobiele telefoon", scope="col", class_name="hide-mobile"),
                    rx.el.th("Rollen", scope="col", class_name="hide-mobile"),
                    rx.el.th(rx.el.span("Acties", class_name="sr-only"), scope="col"),
                )),
                rx.el.tbody(rx.foreach(S.contacts, _row)),
                class_name="data",
            ),
            rx.cond(S.contacts.length() == 0,
                    rx.el.p("Nog geen contactpersonen.", class_name="muted empty"),
                    rx.fragment()),
            class_name="table-wrap",
        ),
    )
