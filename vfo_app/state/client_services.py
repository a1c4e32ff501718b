"""The client's tab Diensten: its services, "Dienst toevoegen" / edit, and who has access
to Financial Overview (with the reason).

The form's inputs are uncontrolled; participant rows carry stable keys so removing one
does not shift the others.
"""

from __future__ import annotations

import uuid

import reflex as rx
from sqlmodel import Session

from vfo_app.domain import employees
from vfo_app.domain.advisor import services
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from vfo_app.state.client_page import ClientPageState


def _key() -> str:
    return uuid.uuid4().hex[:10]


def participant_row(identity_id: int | str = "", error: str = "") -> dict[str, str]:
    return {"key": _key(), "value": str(identity_id or ""), "error": error}


def _as_id(raw: object) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isdigit() else None


def _row(r: services.ClientServiceRow, actor: Actor, may_manage: bool) -> dict[str, str]:
    return {
        "id": str(r.id), "service": r.service_name, "code": r.service_code,
        "owner": r.owner.name, "owner_id": str(r.owner.id), "description": r.description,
        "participants": ", ".join(p.name for p in r.participants),
        "participant_ids": ",".join(str(p.id) for p in r.participants),
        "inactive": "" if r.service_active else "1",
        "editable": "1" if may_manage or r.owner.id == actor.identity_id else "",
    }


class ClientServicesState(ClientPageState):
    _client_id: int = 0
    _editing_id: int = 0
    rows: list[dict[str, str]] = rx.field(default_factory=list)
    access: list[dict[str, str | list[str]]] = rx.field(default_factory=list)
    show_all: bool = False
    can_add: bool = False
    # the form "Dienst toevoegen" / "Dienst bewerken"
    form_open: bool = False
    form_title: str = ""
    form_key: str = ""
    editing_service: str = ""
    service_options: list[dict[str, str]] = rx.field(default_factory=list)
    employee_options: list[dict[str, str]] = rx.field(default_factory=list)
    values: dict[str, str] = rx.field(default_factory=dict)
    errors: dict[str, str] = rx.field(default_factory=dict)
    participants: list[dict[str, str]] = rx.field(default_factory=list)

    def _refresh(self, session: Session, actor: Actor) -> None:
        may_manage = services.may_manage_client_services(session, actor, self._client_id)
        listed = services.list_client_services(session, actor, self._client_id,
                                               include_inactive=self.show_all)
        self.can_add = may_manage
        self.rows = [_row(r, actor, may_manage) for r in listed]
        self.access = [
            {"name": a.name, "reasons": a.reasons}
            for a in services.financial_overview_access(session, actor, self._client_id)
        ]

    @rx.event
    def load(self):
        return self._load_now()

    def _load_now(self):
        self.form_open = False
        client_id = self._route_id("client_id")
        try:
            if client_id is None:
                raise NotFound("Deze klant bestaat niet of hoort niet bij uw kantoor.")
            self._client_id = client_id
            with self._use_case() as (session, actor):
                self._refresh(session, actor)
        except DomainError as exc:
            self._client_id = 0
            self.rows, self.access = [], []
            return self._fail(exc)

    @rx.event
    def toggle_show_all(self):
        self.show_all = not self.show_all
        try:
            with self._use_case() as (session, actor):
                self._refresh(session, actor)
        except DomainError as exc:
            return self._fail(exc)

    def _open_form(self, session: Session, actor: Actor, title: str) -> None:
        self.service_options = [{"value": str(s.id), "label": s.name}
                                for s in services.list_services(session, actor, active_only=True)]
        self.employee_options = [{"value": str(e["id"]), "label": e["name"]}
                                 for e in employees.list_employees(session, actor)]
        self.errors = {}
        self.form_title = title
        self.form_key = _key()
        self.form_open = True

    @rx.event
    def new(self):
        try:
            with self._use_case() as (session, actor):
                if not services.may_manage_client_services(session, actor, self._client_id):
                    raise PermissionDenied(services.MAY_NOT_LINK)
                self._open_form(session, actor, "Dienst toevoegen")
                self.values = {"service_id": "", "owner_id": str(actor.identity_id),
                               "description": ""}
        except DomainError as exc:
            return self._fail(exc)
        self._editing_id = 0
        self.editing_service = ""
        self.participants = [participant_row()]

    @rx.event
    def edit(self, client_service_id: str):
        row = next((r for r in self.rows if r["id"] == client_service_id), None)
        if row is None:
            return rx.toast.error(services.LINK_NOT_FOUND)
        try:
            with self._use_case() as (session, actor):
                self._open_form(session, actor, "Dienst bewerken")
        except DomainError as exc:
            return self._fail(exc)
        self._editing_id = int(row["id"])
        self.editing_service = row["service"]
        self.values = {"service_id": "", "owner_id": row["owner_id"],
                       "description": row["description"]}
        ids = [p for p in row["participant_ids"].split(",") if p]
        self.participants = [participant_row(p) for p in ids] or [participant_row()]

    @rx.event
    def cancel(self):
        self.form_open = False
        self.errors = {}

    @rx.event
    def add_participant(self):
        self.participants = [*self.participants, participant_row()]

    @rx.event
    def remove_participant_row(self, key: str):
        self.participants = [p for p in self.participants if p["key"] != key]

    @rx.event
    def submit(self, form: dict):
        picked = [_as_id(form.get(f"participant_{p['key']}")) for p in self.participants]
        owner_id = _as_id(form.get("owner_id"))
        description = str(form.get("description", "") or "")
        try:
            with self._use_case() as (session, actor):
                if self._editing_id:
                    services.update_client_service(session, actor, self._editing_id, owner_id,
                                                   description, picked)
                else:
                    services.add_client_service(session, actor, self._client_id,
                                                _as_id(form.get("service_id")), owner_id,
                                                description, picked)
                self._refresh(session, actor)
        except ValidationFailed as exc:
            self._show_errors(form, picked, exc.errors)
            return self._fail(exc)
        except DomainError as exc:
            return self._fail(exc)
        self.form_open = False
        return rx.toast.success("Dienst opgeslagen.")

    def _show_errors(self, form: dict, picked: list[int | None], errors: dict[str, str]) -> None:
        self.errors = {k: v for k, v in errors.items() if not k.startswith("participants.")}
        self.values = {k: str(form.get(k, "") or "") for k in ("service_id", "owner_id",
                                                               "description")}
        self.participants = [
            {**row, "value": str(pid or ""), "error": errors.get(f"participants.{i}", "")}
            for i, (row, pid) in enumerate(zip(self.participants, picked, strict=True))
        ]
