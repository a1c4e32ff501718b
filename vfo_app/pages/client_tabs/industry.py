"""Client tab Industriestandaard: SBI code and Branche."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import buttons, primary_button, text_field
from vfo_app.state.client_industry import IndustryState as S


def industry_tab() -> rx.Component:
    return rx.el.form(
        rx.el.h2("Industriestandaard"),
        rx.el.div(
            text_field("SBI-code", "sbi_code", default=S.sbi_code, error=S.errors["sbi_code"],
                       placeholder="bijv. 5610 of 56.10", field_id="ind-sbi", max_length=10),
            text_field("Branche", "branche", default=S.branche, error=S.errors["branche"],
                       field_id="ind-branche", max_length=100),
            class_name="grid grid-2",
        ),
        rx.el.p("De SBI-code (Standaard Bedrijfsindeling van het CBS) bestaat uit 2 tot 5 cijfers;"
                " punten zoals op een KvK-uittreksel mogen.", class_name="muted"),
        buttons(primary_button("Opslaan", type="submit")),
        key=S.form_key,
        on_submit=S.save,
        no_validate=True,
        class_name="card",
    )
