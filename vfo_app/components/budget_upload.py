"""The budget page's Excel card: download the template (the year's budget as it stands), fill
it in, upload it. Refusals are listed per cell under the field; the grid above keeps what was
typed in it."""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app.components.downloads import download_button
from vfo_app.domain.exports.budget_upload import MAX_BYTES
from vfo_app.state.budget_upload import BUDGET_UPLOAD_ID, BudgetUploadState
from vfo_app.state.exports import ExportState

U = BudgetUploadState
XLSX = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"]}


def budget_excel(year: Any) -> rx.Component:
    chosen = rx.selected_files(BUDGET_UPLOAD_ID)
    return rx.el.section(
        rx.el.h2("Budget in Excel", id="budget-excel"),
        rx.el.p("Download het sjabloon met de rubrieken en maanden van ", year, ", vul de "
                "bedragen in (in euro's) en upload het. Het hele budget van het jaar wordt dan "
                "vervangen; bij één onleesbare cel wordt niets opgeslagen.", class_name="muted"),
        rx.el.div(
            download_button("Download sjabloon", "Budget " + year.to(str),
                            ExportState.budget(year)),
            class_name="download-row", style={"margin_bottom": "12px"},
        ),
        rx.el.label(
            rx.el.span("Ingevuld sjabloon (.xlsx)", class_name="field-label"),
            rx.upload.root(
                rx.el.span(rx.el.strong("Kies een bestand"), " of sleep het hierheen",
                           class_name="dropzone-text"),
                rx.el.span(rx.cond(chosen.length() > 0, chosen.join(", "),
                                   "Nog geen bestand gekozen"), class_name="dropzone-file"),
                id=BUDGET_UPLOAD_ID, multiple=False, max_files=1, max_size=MAX_BYTES,
                accept=XLSX, no_click=True, disabled=U.busy, on_drop_rejected=U.rejected,
                class_name="dropzone",
            ),
            class_name="field upload-field",
        ),
        rx.cond(U.messages.length() > 0,
                rx.el.div(rx.el.p("Niet ingelezen; er is niets opgeslagen:"),
                          rx.el.ul(rx.foreach(U.messages, lambda m: rx.el.li(m))),
                          class_name="banner banner-error", role="alert"),
                rx.fragment()),
        rx.el.div(
            rx.el.button(rx.cond(U.busy, "Bezig met inlezen…", "Budget inlezen"),
                         type="button", class_name="btn btn-primary",
                         disabled=U.busy | (chosen.length() == 0),
                         on_click=U.receive(rx.upload_files_chunk(upload_id=BUDGET_UPLOAD_ID))),
            class_name="form-buttons",
        ),
        aria_labelledby="budget-excel",
        class_name="card no-print",
    )
