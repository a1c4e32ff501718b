"""Instellingen > Diensten: the list of service definitions and the form to create or edit one.

The form's inputs are uncontrolled: rows live here only as keys and defaults, so what the
user typed stays in the browser when the server rejects the form. Each row has a stable
key, so removing a row in the middle does not shift the others' values.
"""

from __future__ import annotations

import uuid

import reflex as rx

from vfo_app import routes
from vfo_app.domain.advisor import services
from vfo_app.domain.advisor.services import ActivityInput, CheckpointInput, ServiceInput
from vfo_app.domain.errors import DomainError, NotFound, ValidationFailed
from vfo_app.state.session import SessionState, page_load

PERIOD_OPTIONS = [(p, p) for p in services.PERIODS]
BASE_FIELDS = ("code", "name", "article_no", "period", "description")
FLAGS = ("active", "show_overdue_checkpoints", "reuse_due_dates")


def _key() -> str:
    return uuid.uuid4().hex[:10]


def _flag(value: bool) -> str:
    return "1" if value else ""


def checkpoint_row(cp: CheckpointInput | None = None) -> dict[str, str]:
    cp = cp or CheckpointInput(days_after_period="")
    return {"key": _key(), "id": str(cp.id or ""), "name": cp.name,
            "days": str(cp.days_after_period), "err_name": "", "err_days": ""}


def activity_row(act: ActivityInput | None = None) -> dict[str, str]:
    act = act or ActivityInput()
    return {"key": _key(), "id": str(act.id or ""), "code": act.code, "name": act.name,
            "article_no": act.article_no, "pricing": act.pricing,
            "planning": _flag(act.use_in_resource_planning), "active": _flag(act.active),
            "err_code": "", "err_name": "", "err_article_no": "", "err_pricing": ""}


def _row_id(row: dict[str, str]) -> int | None:
    return int(row["id"]) if row.get("id", "").isdigit() else None


def parse_form(form: dict, checkpoints: list[dict], activities: list[dict]) -> ServiceInput:
    """The submitted form as domain input; row fields are named <field>_<row key>."""
    def get(name: str) -> str:
        return str(form.get(name, "") or "")

    return ServiceInput(
        **{f: get(f) for f in BASE_FIELDS},
        **{f: bool(form.get(f)) for f in FLAGS},
        checkpoints=[
            CheckpointInput(id=_row_id(r), name=get(f"cp_name_{r['key']}"),
                            days_after_period=get(f"cp_days_{r['key']}"))
            for r in checkpoints
        ],
        activities=[
            ActivityInput(id=_row_id(r), code=get(f"act_code_{r['key']}"),
                          name=get(f"act_name_{r['key']}"),
                          article_no=get(f"act_article_no_{r['key']}"),
                          pricing=get(f"act_pricing_{r['key']}"),
                          use_in_resource_planning=bool(form.get(f"act_planning_{r['key']}")),
                          active=bool(form.get(f"act_active_{r['key']}")))
            for r in activities
        ],
    )


class ServiceListState(SessionState):
    services: list[dict[str, str]] = rx.field(default_factory=list)
    list_error: str = ""

    @rx.event
    @page_load(employee=True)
    def load(self):
        self.list_error = ""
        try:
            with self._use_case() as (session, actor):
                rows = services.list_services(session, actor)
        except DomainError as exc:
            self.services = []
            self.list_error = str(exc)
            return self._fail(exc)
        self.services = [
            {"id": str(s.id), "url": routes.service_url(s.id), "code": s.code, "name": s.name,
             "period": s.period, "active": "Ja" if s.active else "Nee",
             "activities": str(s.activity_count)}
            for s in rows
        ]


class ServiceFormState(SessionState):
    _service_id: int = 0
    form_key: str = ""
    title: str = ""
    load_error: str = ""
    can_edit: bool = False
    values: dict[str, str] = rx.field(default_factory=dict)
    flags: dict[str, bool] = rx.field(default_factory=dict)
    errors: dict[str, str] = rx.field(default_factory=dict)
    checkpoints: list[dict[str, str]] = rx.field(default_factory=list)
    activities: list[dict[str, str]] = rx.field(default_factory=list)

    def _show(self, data: ServiceInput) -> None:
        self.values = {f: str(getattr(data, f)) for f in BASE_FIELDS}
        self.flags = {f: bool(getattr(data, f)) for f in FLAGS}
        self.checkpoints = [checkpoint_row(c) for c in data.checkpoints]
        self.activities = [activity_row(a) for a in data.activities] or [activity_row()]
        self.errors = {}
        self.form_key = _key()  # a fresh form: the browser drops inputs of a previous one

    @rx.event
    @page_load(employee=True)
    def load(self):
        self.load_error = ""
        new = self.router.url.path.rstrip("/").endswith("/nieuw")
        service_id = None if new else self._route_id("service_id")
        try:
            with self._use_case() as (session, actor):
                self.can_edit = actor.is_office_admin
                if new:
                    self._load_new(actor.is_office_admin)
                    return
                if service_id is None:
                    raise NotFound(services.SERVICE_NOT_FOUND)
                detail = services.get_service(session, actor, service_id)
        except DomainError as exc:
            self.title = "Dienst"
            self.load_error = str(exc)
            return self._fail(exc)
        self._service_id = detail.id
        self.title = f"Dienst - {detail.data.name}"
        self._show(detail.data)

    def _load_new(self, is_admin: bool) -> None:
        self._service_id = 0
        self.title = "Nieuwe dienst"
        if not is_admin:
            self.load_error = "Alleen beheerders van het kantoor mogen diensten aanmaken."
        self._show(ServiceInput(period="Maand"))

    @rx.event
    def add_checkpoint(self):
        self.checkpoints = [*self.checkpoints, checkpoint_row()]

    @rx.event
    def remove_checkpoint(self, key: str):
        self.checkpoints = [r for r in self.checkpoints if r["key"] != key]

    @rx.event
    def add_activity(self):
        self.activities = [*self.activities, activity_row()]

    @rx.event
    def remove_activity(self, key: str):
        self.activities = [r for r in self.activities if r["key"] != key]

    @rx.event
    def submit(self, form: dict):
        data = parse_form(form, self.checkpoints, self.activities)
        try:
            with self._use_case() as (session, actor):
                if self._service_id:
                    services.update_service(session, actor, self._service_id, data)
                else:
                    services.create_service(session, actor, data)
        except ValidationFailed as exc:
            self._show_errors(data, exc.errors)
            return self._fail(exc)
        except DomainError as exc:
            return self._fail(exc)
        return [rx.toast.success("Dienst opgeslagen."), rx.redirect(routes.SETTINGS_SERVICES)]

    def _show_errors(self, data: ServiceInput, errors: dict[str, str]) -> None:
        """Errors beside their fields; typed values kept as defaults (the DOM keeps them too)."""
        self.errors = {k: v for k, v in errors.items() if "." not in k}
        self.values = {f: str(getattr(data, f)) for f in BASE_FIELDS}
        self.flags = {f: bool(getattr(data, f)) for f in FLAGS}
        self.checkpoints = [
            {**row, "name": cp.name, "days": str(cp.days_after_period),
             "err_name": errors.get(f"checkpoints.{i}.name", ""),
             "err_days": errors.get(f"checkpoints.{i}.days_after_period", "")}
            for i, (row, cp) in enumerate(zip(self.checkpoints, data.checkpoints, strict=True))
        ]
        self.activities = [
            {**row, **{k: v for k, v in activity_row(act).items() if k not in ("key", "id")},
             **{f"err_{f}": errors.get(f"activities.{i}.{f}", "")
                for f in ("code", "name", "article_no", "pricing")}}
            for i, (row, act) in enumerate(zip(self.activities, data.activities, strict=True))
        ]
