"""Client tab Contactmomenten: record one, and the list newest first."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.dates import date_field
from vfo_app.components.forms import (
    buttons,
    primary_button,
    select_field,
    text_field,
    textarea_field,
)
from vfo_app.domain.advisor.client_details import CONTACT_KINDS
from vfo_app.state.client_contact_moments import ContactMomentsState as S


def _form() -> rx.Component:
    return rx.el.form(
        rx.el.h2("Contactmoment vastleggen"),
        rx.el.div(
            date_field("Datum", "occurred_on", default=S.today, required=True,
                       error=S.errors["occurred_on"], field_id="cm-date"),
            select_field("Soort", "kind", [(k, k) for k in CONTACT_KINDS], default="Telefoon",
                         error=S.errors["kind"], required=True, field_id="cm-kind"),
            text_field("Onderwerp", "subject", required=True, error=S.errors["subject"],
                       field_id="cm-subject", max_length=200),
            textarea_field("Notities", "notes", error=S.errors["notes"], field_id="cm-notes"),
            class_name="grid grid-2",
        ),
        buttons(primary_button("Vastleggen", type="submit")),
        key=S.form_key,
        on_submit=S.save,
        no_validate=True,
        class_name="card",
    )


def _item(m: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.div(rx.el.strong(m.subject), " ",
                  rx.el.span(m.kind, class_name="pill"), class_name="moment-head"),
        rx.el.div(m.date, " · ", m.employee, class_name="muted"),
        rx.cond(m.notes, rx.el.p(m.notes, class_name="moment-notes"), rx.fragment()),
    )


def contact_moments_tab() -> rx.Component:
    return rx.el.div(
        _form(),
        rx.el.section(
            rx.el.h2("Eerdere contactmomenten"),
            rx.cond(S.moments.length() == 0,
                    rx.el.p("Nog geen contactmomenten vastgelegd.", class_name="muted"),
                    rx.el.ul(rx.foreach(S.moments, _item), class_name="list-plain")),
            class_name="card",
        ),
    )
