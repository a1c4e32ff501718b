"""Client tab Contactpersonen: the list, the form to add or edit one, and the main contact."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app.domain.advisor import client_details as details
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load

FORM_FIELDS = ("first_name", "last_name", "phone", "mobile", "email")


@dataclass
class ContactRow:
    id: int
    first_name: str
    last_name: str
    name: str
    phone: str
    mobile: str
    email: str
    is_main: bool
    roles: str  # comma separated


def _rows(people: list[dict]) -> list[ContactRow]:
    return [ContactRow(**{k: p[k] for k in ContactRow.__dataclass_fields__}) for p in people]


class ContactsState(SessionState):
    contacts: list[ContactRow] = rx.field(default_factory=list)
    loaded: bool = False  # this client's data is read: until then the page shows "Laden..."
    editing: int = -1  # -1 closed, 0 new, else the contact person's id
    form_key: int = 0
    values: dict[str, str] = rx.field(default_factory=dict)
    errors: dict[str, str] = rx.field(default_factory=dict)

    def _reload(self, tx: Tx | None = None, quiet: bool = False):
        outcome = self._run(lambda tx: _rows(details.list_contact_persons(
            tx.session, tx.actor, self._client_id())), tx=tx, quiet=quiet)
        self.contacts = outcome.value if outcome.ok else []
        self.loaded = outcome.ok
        return outcome.answer

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._load_now(tx)

    def _load_now(self, tx: Tx):
        self.editing, self.errors = -1, {}
        return self._reload(tx, quiet=True)

    @rx.event
    def open_new(self):
        self._open(0, {})

    @rx.event
    def open_edit(self, contact_id: int):
        wanted = as_id(contact_id)
        person = next((c for c in self.contacts if c.id == wanted), None)
        if person is not None:
            self._open(person.id, {k: str(getattr(person, k)) for k in FORM_FIELDS})

    def _open(self, editing: int, values: dict[str, str]):
        self.editing, self.values, self.errors = editing, values, {}
        self.form_key += 1

    @rx.event
    def close(self):
        self.editing, self.errors = -1, {}

    @rx.event
    def save(self, form: dict):
        data = details.ContactInput.from_form(form if isinstance(form, dict) else {})
        contact_id = self.editing if self.editing > 0 else None
        outcome = self._run(lambda tx: details.save_contact_person(
            tx.session, tx.actor, self._client_id(), data, contact_id=contact_id))
        if not outcome.ok:
            return outcome.answer
        self.editing, self.errors = -1, {}
        self._reload()
        return rx.toast.success("De contactpersoon is opgeslagen.")

    @rx.event
    def set_main(self, contact_id: int):
        outcome = self._run(lambda tx: details.set_main_contact(
            tx.session, tx.actor, self._client_id(), as_id(contact_id)))
        if not outcome.ok:
            return outcome.answer
        self._reload()
        return rx.toast.success("De hoofdcontactpersoon is gewijzigd.")
