"""Instellingen > Huisstijl: the office's logo, main colour and disclaimer (office beheerders
change them; every employee reads). The logo arrives as an upload (``rx.upload_files_chunk``)
read into memory up to a cap, then checked and stored by ``domain.house_style``."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.domain import access, house_style
from vfo_app.domain.house_style import MAX_LOGO_BYTES, HouseStyle
from vfo_app.state.session import SessionState, Tx, page_load

LOGO_UPLOAD_ID = "huisstijl-logo"
TOO_BIG = f"Het logo is te groot; maximaal {MAX_LOGO_BYTES // 1024} kB."


async def read_upload(chunks: rx.UploadChunkIterator, limit: int) -> tuple[str, bytes, bool]:
    """(file name, its bytes, too big) of one uploaded file; stops reading past ``limit``."""
    name, parts, size = "", [], 0
    async for chunk in chunks:
        if name and chunk.filename != name:
            break
        name = chunk.filename
        size += len(chunk.data)
        if size > limit:
            return name, b"", True
        parts.append(chunk.data)
    return name, b"".join(parts), False


class HouseStyleState(SessionState):
    colour: str = ""  # as the office chose it ("" = the default)
    shown_colour: str = house_style.DEFAULT_COLOUR  # what the reports use
    disclaimer: str = ""
    logo_url: str = ""  # "" = no logo
    office: str = ""
    can_edit: bool = False
    errors: dict[str, str] = rx.field(default_factory=dict)
    load_error: str = ""
    form_key: int = 0  # a new key resets the form's defaults after a save
    busy: bool = False

    def _show(self, style: HouseStyle) -> None:
        self.colour = style.colour if style.custom_colour else ""
        self.shown_colour = style.colour
        self.disclaimer = style.disclaimer
        self.office = style.office_name
        self.logo_url = (routes.house_style_logo_url(style.office_id, style.logo_version)
                         if style.has_logo else "")
        self.form_key += 1

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.errors, self.load_error = {}, ""
        self.can_edit = access.may_change_house_style(tx.actor)
        outcome = self._run(lambda t: house_style.view(t.session, t.actor), tx=tx)
        if not outcome.ok:
            self.load_error = str(outcome.error)
            return outcome.answer
        self._show(outcome.value)
        return None

    @rx.event
    def save(self, form: dict):
        form = form if isinstance(form, dict) else {}
        colour, disclaimer = form.get("colour", ""), form.get("disclaimer", "")
        self.errors = {}
        outcome = self._run(lambda tx: house_style.save(
            tx.session, tx.actor, colour=colour if isinstance(colour, str) else "",
            disclaimer=disclaimer if isinstance(disclaimer, str) else ""))
        if not outcome.ok:
            return outcome.answer
        self._show(outcome.value)
        return rx.toast.success("De huisstijl is opgeslagen.")

    @rx.event(background=True)
    async def upload_logo(self, chunks: rx.UploadChunkIterator):
        """The chosen logo, checked (decoded) and stored; a refusal shows beside the field."""
        async with self:
            if self.busy:
                return None
            self.busy, self.errors = True, {}
        try:
            _, data, too_big = await read_upload(chunks, MAX_LOGO_BYTES)
            async with self:
                if too_big:
                    self.errors = {"logo": TOO_BIG}
                    return rx.clear_selected_files(LOGO_UPLOAD_ID)
                outcome = self._run(lambda tx: house_style.set_logo(tx.session, tx.actor, data))
                if not outcome.ok:
                    return [rx.clear_selected_files(LOGO_UPLOAD_ID), outcome.answer]
                self._show(outcome.value)
                return [rx.clear_selected_files(LOGO_UPLOAD_ID),
                        rx.toast.success("Het logo is opgeslagen.")]
        finally:
            async with self:
                self.busy = False

    @rx.event
    def logo_rejected(self, files: list):
        """The browser refused the file before sending it (type or size)."""
        codes = {e.get("code") for f in (files or []) if isinstance(f, dict)
                 for e in (f.get("errors") or []) if isinstance(e, dict)}
        self.errors = {"logo": TOO_BIG if "file-too-large" in codes
                       else "Alleen PNG- of JPEG-afbeeldingen zijn toegestaan."}

    @rx.event
    def remove_logo(self):
        outcome = self._run(lambda tx: house_style.remove_logo(tx.session, tx.actor))
        if not outcome.ok:
            return outcome.answer
        self._show(outcome.value)
        return rx.toast.success("Het logo is verwijderd.")
