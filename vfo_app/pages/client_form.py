"""Nieuwe klant / Bewerken: every section and label of the seed's form.

Labels are unique on the page so each input is found by its exact label: the company's
phone is "Telefoon", the contact's "Telefoon contactpersoon"; the visiting address uses
"Bezoekadres", "Postcode bezoekadres", "Plaats bezoekadres", "Land bezoekadres"; each
Boekjaar has "<jaar> van" and "<jaar> t/m" (e.g. "Vorig jaar van").
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app.components.dates import date_field
from vfo_app.components.forms import (
    buttons,
    form_error_banner,
    primary_button,
    secondary_button,
    section,
    select_field,
    text_field,
)
from vfo_app.components.layout import page
from vfo_app.domain.advisor.client_input import (
    CONTACT_EXISTING,
    CONTACT_NEW,
    MAX_NAME,
    MAX_NUMBER,
    MAX_POSTCODE,
    MAX_ROLES,
)
from vfo_app.domain.choices import Option
from vfo_app.state.clients import ClientFormState as S

NOT_SELECTED = "Niet geselecteerd"


def _text(label: str, name: str, **props: Any) -> rx.Component:
    return text_field(label, name, default=S.values[name], error=S.errors[name], **props)


def _select(label: str, name: str, options: str, *, placeholder: str | None = None,
            **props: Any) -> rx.Component:
    return select_field(label, name, S.options[options].to(list[Option]),
                        default=S.values[name], error=S.errors[name], placeholder=placeholder,
                        **props)


def _basics() -> rx.Component:
    return section(
        "Basisgegevens",
        _text("Klantnummer", "number", required=True, max_length=MAX_NUMBER),
        _text("Naam", "name", required=True, max_length=MAX_NAME),
        _text("KvK-nummer", "kvk_number", required=True, input_mode="numeric", max_length=12),
        _select("Rechtsvorm", "legal_form", "legal_forms", placeholder=NOT_SELECTED,
                required=True),
        _select("Accountmanager", "account_manager_id", "account_managers",
                placeholder=NOT_SELECTED, required=True),
        _select("Prijslijst", "price_list_id", "price_lists", placeholder=NOT_SELECTED),
    )


def _address() -> rx.Component:
    return section(
        "Adres",
        _text("Adres", "address"),
        _text("Postcode", "postcode", max_length=MAX_POSTCODE),
        _text("Plaats", "city"),
        _select("Land", "country", "countries", placeholder=NOT_SELECTED),
        rx.cond(
            S.show_visit,
            rx.el.div(
                _text("Bezoekadres", "visit_address"),
                _text("Postcode bezoekadres", "visit_postcode", max_length=MAX_POSTCODE),
                _text("Plaats bezoekadres", "visit_city"),
                _select("Land bezoekadres", "visit_country", "countries",
                        placeholder=NOT_SELECTED),
                class_name="grid grid-2 span-all",
            ),
            rx.el.div(
                rx.el.button("Bezoekadres toevoegen", type="button", class_name="btn btn-link",
                             on_click=S.show_visit_address),
                class_name="span-all",
            ),
        ),
    )


def _fiscal_years() -> rx.Component:
    fields = []
    for prefix, label in (("prev", "Vorig jaar"), ("cur", "Huidig jaar"),
                          ("next", "Volgend jaar")):
        for suffix, what in (("start", "van"), ("end", "t/m")):
            name = f"{prefix}_{suffix}"
            fields.append(date_field(f"{label} {what}", name, default=S.values[name],
                                     error=S.errors[name], required=True))
    return section("Boekjaren", *fields)


def _misc() -> rx.Component:
    return section(
        "Diversen",
        _text("Telefoon", "phone", type_="tel", auto_complete="off"),
        _text("Website", "website", placeholder="www.voorbeeld.nl"),
        _select("BTW-periode", "vat_period", "vat_periods"),
        _text("Klantencategorie", "category"),
        _text("Branche", "branche"),
        _text("BTW-nr", "vat_number", placeholder="NL000000000B00"),
        _text("Kredietlimiet", "credit_limit", input_mode="decimal"),
        _select("Declaratietaal", "invoice_language", "languages"),
    )


def _radio(value: str) -> rx.Component:
    field_id = f"f-contact-mode-{value.lower()}"
    return rx.el.label(
        rx.el.input(type="radio", id=field_id, name="contact_mode", value=value,
                    default_checked=S.values["contact_mode"] == value,
                    on_change=S.set_contact_mode(value), class_name="checkbox"),
        value,
        html_for=field_id,
        class_name="radio",
    )


def _main_contact() -> rx.Component:
    roles = [rx.cond(S.role_count > i, _text(f"Rol {i + 1}", f"contact_role_{i}"), rx.fragment())
             for i in range(MAX_ROLES)]
    return section(
        "Hoofdcontactpersoon",
        rx.el.div(_radio(CONTACT_NEW), _radio(CONTACT_EXISTING), role="radiogroup",
                  aria_label="Hoofdcontactpersoon", class_name="radio-group span-all"),
        rx.cond(
            S.contact_mode == CONTACT_NEW,
            rx.el.div(
                _text("Voornaam", "contact_first_name", required=True),
                _text("Achternaam", "contact_last_name", required=True),
                _text("Telefoon contactpersoon", "contact_phone", type_="tel"),
                _text("Mobiele telefoon", "contact_mobile", type_="tel"),
                _text("E-mail", "contact_email", input_mode="email"),
                class_name="grid grid-2 span-all",
            ),
            rx.el.div(
                _select("Aanwezige contactpersoon", "contact_id", "contacts",
                        placeholder=NOT_SELECTED, required=True),
                class_name="grid grid-2 span-all",
            ),
        ),
        *roles,
        rx.el.div(
            rx.cond(S.role_count < MAX_ROLES,
                    rx.el.button("Rol toevoegen", type="button", class_name="btn btn-link",
                                 on_click=S.add_role),
                    rx.fragment()),
            class_name="span-all",
        ),
    )


def _custom_fields() -> rx.Component:
    return section(
        "Aangepaste velden",
        _text("E-mail bedrijf", "company_email", input_mode="email"),
        _select("Doet zelf BTW aangifte", "files_own_vat_return", "yes_no"),
        _select("Gegevens aangeleverd", "data_delivered", "yes_no"),
    )


def client_form_page() -> rx.Component:
    return page(
        S.title,
        form_error_banner(S.form_error),
        rx.cond(
            S.form_key > 0,
            rx.el.form(
                _basics(), _address(), _fiscal_years(), _misc(), _main_contact(),
                _custom_fields(),
                buttons(primary_button("Opslaan", type="submit"),
                        secondary_button("Annuleren", on_click=S.cancel)),
                key=S.form_key,
                on_submit=S.submit,
                no_validate=True,
                class_name="client-form",
            ),
            rx.el.p("Laden…", class_name="muted"),
        ),
    )
