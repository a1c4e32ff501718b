"""The client's tab Diensten: its services, "Dienst toevoegen" / edit, and who has access
to Financial Overview (with the reason).

The form's inputs are uncontrolled; participant rows carry stable keys so removing one
does not shift the others.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import reflex as rx

from vfo_app.domain import employees
from vfo_app.domain.advisor import services
from vfo_app.domain.choices import Option
from vfo_app.domain.errors import ValidationFailed
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load

FORM_FIELDS = ("service_id", "owner_id", "description")


def _key() -> str:
    return uuid.uuid4().hex[:10]


@dataclass
class ServiceRow:
    """One service of the client as the table shows it."""

    id: int
    service: str
    code: str
    owner: str
    owner_id: int
    description: str
    participants: str  # names, comma separated
    participant_ids: list[int] = field(default_factory=list)
    inactive: bool = False  # the service definition is no longer active
    editable: bool = False


@dataclass
class AccessView:
    """An employee who may open the client's Financial Overview, and why."""

    name: str
    reasons: list[str] = field(default_factory=list)


@dataclass
class ParticipantRow:
    """One "Medewerker" select of the form; ``key`` stays while rows come and go."""

    key: str = field(default_factory=_key)
    value: str = ""  # the chosen identity id, "" for none
    error: str = ""


def _row(r: services.ClientServiceRow) -> ServiceRow:
    return ServiceRow(
        id=r.id, service=r.service_name, code=r.service_code, owner=r.owner.name,
        owner_id=r.owner.id, description=r.description,
        participants=", ".join(p.name for p in r.participants),
        participant_ids=[p.id for p in r.participants],
        inactive=not r.service_active, editable=r.editable,
    )


@dataclass(frozen=True)
class _Listing:
    may_add: bool
    rows: list[ServiceRow]
    access: list[AccessView]


class ClientServicesState(SessionState):
    _editing_id: int = 0
    rows: list[ServiceRow] = rx.field(default_factory=list)
    access: list[AccessView] = rx.field(default_factory=list)
    loaded: bool = False  # this client's data is read: until then the page shows "Laden..."
    show_all: bool = False
    can_add: bool = False
    # the form "Dienst toevoegen" / "Dienst bewerken"
    form_open: bool = False
    form_title: str = ""
    form_key: str = ""
    editing_service: str = ""
    service_options: list[Option] = rx.field(default_factory=list)  # value, label
    employee_options: list[Option] = rx.field(default_factory=list)  # value, label
    values: dict[str, str] = rx.field(default_factory=dict)
    errors: dict[str, str] = rx.field(default_factory=dict)
    participants: list[ParticipantRow] = rx.field(default_factory=list)

    def _listing(self, tx: Tx) -> _Listing:
        client_id = self._client_id()
        return _Listing(
            may_add=services.may_manage_client_services(tx.session, tx.actor, client_id),
            rows=[_row(r) for r in services.list_client_services(
                tx.session, tx.actor, client_id, include_inactive=self.show_all)],
            access=[AccessView(a.name, list(a.reasons)) for a in
                    services.financial_overview_access(tx.session, tx.actor, client_id)],
        )

    def _show(self, listing: _Listing) -> None:
        self.can_add, self.rows, self.access = listing.may_add, listing.rows, listing.access

    def _refresh(self, tx: Tx | None = None, quiet: bool = False):
        outcome = self._run(self._listing, tx=tx, quiet=quiet)
        if outcome.ok:
            self._show(outcome.value)
        return outcome

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._load_now(tx)

    def _load_now(self, tx: Tx):
        self.form_open = False
        outcome = self._refresh(tx, quiet=True)
        self.loaded = outcome.ok
        if not outcome.ok:
            self.rows, self.access, self.can_add = [], [], False
        return outcome.answer

    @rx.event
    def toggle_show_all(self):
        self.show_all = not self.show_all
        return self._refresh().answer

    def _options(self, tx: Tx) -> tuple[list[Option], list[Option]]:
        return ([Option(str(s.id), s.name)
                 for s in services.list_services(tx.session, tx.actor, active_only=True)],
                [Option(str(e["id"]), e["name"])
                 for e in employees.list_employees(tx.session, tx.actor)])

    def _open_form(self, options: tuple[list[Option], list[Option]],
                   title: str) -> None:
        self.service_options, self.employee_options = options
        self.errors = {}
        self.form_title = title
        self.form_key = _key()
        self.form_open = True

    @rx.event
    def new(self):
        def prepare(tx: Tx):
            services.require_client_services(tx.session, tx.actor, self._client_id())
            return self._options(tx), tx.actor.identity_id

        outcome = self._run(prepare)
        if not outcome.ok:
            return outcome.answer
        options, me = outcome.value
        self._open_form(options, "Dienst toevoegen")
        self.values = {"service_id": "", "owner_id": str(me), "description": ""}
        self._editing_id = 0
        self.editing_service = ""
        self.participants = [ParticipantRow()]
        return None

    @rx.event
    def edit(self, client_service_id: int):
        wanted = as_id(client_service_id)
        row = next((r for r in self.rows if r.id == wanted), None)
        if row is None:
            return rx.toast.error(services.LINK_NOT_FOUND)
        outcome = self._run(self._options)
        if not outcome.ok:
            return outcome.answer
        self._open_form(outcome.value, "Dienst bewerken")
        self._editing_id = row.id
        self.editing_service = row.service
        self.values = {"service_id": "", "owner_id": str(row.owner_id),
                       "description": row.description}
        self.participants = ([ParticipantRow(value=str(p)) for p in row.participant_ids]
                             or [ParticipantRow()])
        return None

    @rx.event
    def cancel(self):
        self.form_open = False
        self.errors = {}

    @rx.event
    def add_participant(self):
        self.participants = [*self.participants, ParticipantRow()]

    @rx.event
    def remove_participant_row(self, key: str):
        self.participants = [p for p in self.participants if p.key != key]

    @rx.event
    def submit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        picked = [as_id(form.get(f"participant_{p.key}")) for p in self.participants]
        owner_id = as_id(form.get("owner_id"))
        description = str(form.get("description", "") or "")
        editing_id = self._editing_id

        def save(tx: Tx) -> _Listing:
            if editing_id:
                services.update_client_service(tx.session, tx.actor, editing_id, owner_id,
                                               description, picked)
            else:
                services.add_client_service(tx.session, tx.actor, self._client_id(),
                                            as_id(form.get("service_id")), owner_id,
                                            description, picked)
            return self._listing(tx)

        outcome = self._run(save)
        if isinstance(outcome.error, ValidationFailed):
            self._show_errors(form, picked, outcome.error.errors)
        if not outcome.ok:
            return outcome.answer
        self._show(outcome.value)
        self.form_open = False
        return rx.toast.success("Dienst opgeslagen.")

    def _show_errors(self, form: dict, picked: list[int | None], errors: dict[str, str]) -> None:
        self.errors = {k: v for k, v in errors.items() if not k.startswith("participants.")}
        self.values = {k: str(form.get(k, "") or "") for k in FORM_FIELDS}
        self.participants = [
            ParticipantRow(key=row.key, value=str(pid or ""),
                           error=errors.get(f"participants.{i}", ""))
            for i, (row, pid) in enumerate(zip(self.participants, picked, strict=True))
        ]
