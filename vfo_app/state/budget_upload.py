"""Budget in from Excel, beside the budget page's grid: the template to download (the year's
budget as it stands, ``ExportState.budget``) and the filled-in file uploaded here.

The upload is all or nothing (``domain.exports.budget_upload``): on a refusal the messages per
cell show under the upload field and the page's grid keeps what was typed in it; on success the
grid and the comparison show the uploaded budget (filled in through the budget page's own
state, as its Opslaan does)."""

from __future__ import annotations

import reflex as rx

from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.exports import budget_upload
from vfo_app.state.budget import BudgetState
from vfo_app.state.house_style import read_upload
from vfo_app.state.session import SessionState

BUDGET_UPLOAD_ID = "budget-upload"
TOO_BIG = (f"Het bestand is te groot; hoogstens "
           f"{budget_upload.MAX_BYTES // (1024 * 1024)} MB.")


class BudgetUploadState(SessionState):
    messages: list[str] = rx.field(default_factory=list)  # why the last upload was refused
    busy: bool = False

    @rx.event(background=True)
    async def receive(self, chunks: rx.UploadChunkIterator):
        async with self:
            if self.busy:
                return None
            self.busy, self.messages = True, []
        try:
            _, data, too_big = await read_upload(chunks, budget_upload.MAX_BYTES)
            async with self:
                if too_big:
                    self.messages = [TOO_BIG]
                    return rx.clear_selected_files(BUDGET_UPLOAD_ID)
                page = await self.get_state(BudgetState)
                year = int(page.year) if page.year.isdigit() else 0
                outcome = self._run(lambda tx: budget_upload.import_budget(
                    tx.session, tx.actor, self._client_id(), year, data))
                if isinstance(outcome.error, ValidationFailed):
                    self.messages = " ".join(outcome.error.errors.values()).split("\n") \
                        if outcome.error.errors else [str(outcome.error)]
                    return [rx.clear_selected_files(BUDGET_UPLOAD_ID),
                            rx.toast.error("Het budget is niet ingelezen; er is niets "
                                           "opgeslagen.")]
                if not outcome.ok:
                    return [rx.clear_selected_files(BUDGET_UPLOAD_ID), outcome.answer]
                page.errors, page.form_error = {}, ""
                page._fill_grid(outcome.value.cells)
                answer = page._show(grid=False)
                return [rx.clear_selected_files(BUDGET_UPLOAD_ID),
                        answer if answer is not None
                        else rx.toast.success(f"Budget {year} ingelezen uit Excel.")]
        finally:
            async with self:
                self.busy = False

    @rx.event
    def rejected(self, files: list):
        """The browser refused the file before sending it (type or size)."""
        codes = {e.get("code") for f in (files or []) if isinstance(f, dict)
                 for e in (f.get("errors") or []) if isinstance(e, dict)}
        self.messages = [TOO_BIG if "file-too-large" in codes
                         else "Kies een Excel-bestand (.xlsx)."]
