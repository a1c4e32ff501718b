"""Instellingen > Diensten: the list of service definitions and the form to create or edit one.

The form's inputs are uncontrolled: rows live here only as keys and defaults, so what the
user typed stays in the browser when the server rejects the form. Each row has a stable
key, so removing a row in the middle does not shift the others' values.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

import reflex as rx

from vfo_app import routes
from vfo_app.domain import access
from vfo_app.domain.advisor import services
from vfo_app.domain.advisor.services import ActivityInput, CheckpointInput, ServiceInput
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.state.session import CHECK_FIELDS, SessionState, Tx, page_load

PERIOD_OPTIONS = [(p, p) for p in services.PERIODS]
BASE_FIELDS = ("code", "name", "article_no", "period", "description")
FLAGS = ("active", "show_overdue_checkpoints", "reuse_due_dates")
NEW_ONLY_ADMINS = "Alleen beheerders van het kantoor mogen diensten aanmaken."


def _key() -> str:
    return uuid.uuid4().hex[:10]


@dataclass
class ServiceRow:
    """One service definition of the Diensten list."""

    id: int
    url: str
    code: str
    name: str
    period: str
    active: bool
    activities: int


@dataclass
class CheckpointRow:
    """A Controlemoment row of the form: its key names the inputs, id 0 is a new one."""

    key: str
    id: int = 0
    name: str = ""
    days: str = ""
    err_name: str = ""
    err_days: str = ""


@dataclass
class ActivityRow:
    """An Activiteit row of the form: its key names the inputs, id 0 is a new one."""

    key: str
    id: int = 0
    code: str = ""
    name: str = ""
    article_no: str = ""
    pricing: str = services.PRICING_PER_HOUR  # "uur" | "verrichting"
    planning: bool = False
    active: bool = True
    err_code: str = ""
    err_name: str = ""
    err_article_no: str = ""
    err_pricing: str = ""


def checkpoint_row(cp: CheckpointInput | None = None) -> CheckpointRow:
    cp = cp or CheckpointInput(days_after_period="")
    return CheckpointRow(key=_key(), id=cp.id or 0, name=cp.name,
                         days=str(cp.days_after_period))


def activity_row(act: ActivityInput | None = None) -> ActivityRow:
    act = act or ActivityInput()
    return ActivityRow(key=_key(), id=act.id or 0, code=act.code, name=act.name,
                       article_no=act.article_no, pricing=act.pricing,
                       planning=act.use_in_resource_planning, active=act.active)


def parse_form(form: dict, checkpoints: list[CheckpointRow],
               activities: list[ActivityRow]) -> ServiceInput:
    """The submitted form as domain input; row fields are named <field>_<row key>."""
    form = form if isinstance(form, dict) else {}

    def get(name: str) -> str:
        return str(form.get(name, "") or "")

    return ServiceInput(
        **{f: get(f) for f in BASE_FIELDS},
        **{f: bool(form.get(f)) for f in FLAGS},
        checkpoints=[
            CheckpointInput(id=r.id or None, name=get(f"cp_name_{r.key}"),
                            days_after_period=get(f"cp_days_{r.key}"))
            for r in checkpoints
        ],
        activities=[
            ActivityInput(id=r.id or None, code=get(f"act_code_{r.key}"),
                          name=get(f"act_name_{r.key}"),
                          article_no=get(f"act_article_no_{r.key}"),
                          pricing=get(f"act_pricing_{r.key}"),
                          use_in_resource_planning=bool(form.get(f"act_planning_{r.key}")),
                          active=bool(form.get(f"act_active_{r.key}")))
            for r in activities
        ],
    )


class ServiceListState(SessionState):
    services: list[ServiceRow] = rx.field(default_factory=list)
    can_edit: bool = False
    list_error: str = ""

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.list_error = ""
        self.can_edit = access.may_change_service_definitions(tx.actor)
        outcome = self._run(lambda tx: services.list_services(tx.session, tx.actor), tx=tx)
        if not outcome.ok:
            self.services = []
            self.list_error = str(outcome.error)
            return outcome.answer
        self.services = [
            ServiceRow(id=s.id, url=routes.service_url(s.id), code=s.code, name=s.name,
                       period=s.period, active=s.active, activities=s.activity_count)
            for s in outcome.value
        ]
        return None


class ServiceFormState(SessionState):
    form_key: str = ""
    title: str = ""
    load_error: str = ""
    can_edit: bool = False
    values: dict[str, str] = rx.field(default_factory=dict)
    flags: dict[str, bool] = rx.field(default_factory=dict)
    errors: dict[str, str] = rx.field(default_factory=dict)
    checkpoints: list[CheckpointRow] = rx.field(default_factory=list)
    activities: list[ActivityRow] = rx.field(default_factory=list)

    def _show(self, data: ServiceInput) -> None:
        self.values = {f: str(getattr(data, f)) for f in BASE_FIELDS}
        self.flags = {f: bool(getattr(data, f)) for f in FLAGS}
        self.checkpoints = [checkpoint_row(c) for c in data.checkpoints]
        self.activities = [activity_row(a) for a in data.activities] or [activity_row()]
        self.errors = {}
        self.form_key = _key()  # a fresh form: the browser drops inputs of a previous one

    def _is_new(self) -> bool:
        return self.router.url.path.rstrip("/").endswith("/nieuw")

    def _service_id(self) -> int:
        """The route's service; an absent or malformed id is an unknown service."""
        service_id = self._route_id("service_id")
        if service_id is None:
            raise NotFound(services.SERVICE_NOT_FOUND)
        return service_id

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.load_error = ""
        self.can_edit = access.may_change_service_definitions(tx.actor)
        if self._is_new():
            self.title = "Nieuwe dienst"
            if not self.can_edit:
                self.load_error = NEW_ONLY_ADMINS
            self._show(ServiceInput(period="Maand"))
            return None
        outcome = self._run(
            lambda tx: services.get_service(tx.session, tx.actor, self._service_id()), tx=tx)
        if not outcome.ok:
            self.title = "Dienst"
            self.load_error = str(outcome.error)
            return outcome.answer
        detail = outcome.value
        self.title = f"Dienst - {detail.data.name}"
        self._show(detail.data)
        return None

    @rx.event
    def add_checkpoint(self):
        self.checkpoints = [*self.checkpoints, checkpoint_row()]

    @rx.event
    def remove_checkpoint(self, key: str):
        self.checkpoints = [r for r in self.checkpoints if r.key != key]

    @rx.event
    def add_activity(self):
        self.activities = [*self.activities, activity_row()]

    @rx.event
    def remove_activity(self, key: str):
        self.activities = [r for r in self.activities if r.key != key]

    @rx.event
    def submit(self, form: dict):
        data = parse_form(form, self.checkpoints, self.activities)

        def save(tx: Tx) -> services.ServiceDetail:
            """The route says which: "Nieuwe dienst" creates, a service's page changes that
            service (so a page whose load was refused cannot create one instead)."""
            if self._is_new():
                return services.create_service(tx.session, tx.actor, data)
            return services.update_service(tx.session, tx.actor, self._service_id(), data)

        outcome = self._run(save)
        if isinstance(outcome.error, ValidationFailed):
            self._show_errors(data, outcome.error.errors)
            return rx.toast.error(CHECK_FIELDS)
        if not outcome.ok:
            return outcome.answer
        return [rx.toast.success("Dienst opgeslagen."), rx.redirect(routes.SETTINGS_SERVICES)]

    def _show_errors(self, data: ServiceInput, errors: dict[str, str]) -> None:
        """Errors beside their fields; typed values kept as defaults (the DOM keeps them too)."""
        self.errors = {k: v for k, v in errors.items() if "." not in k}
        self.values = {f: str(getattr(data, f)) for f in BASE_FIELDS}
        self.flags = {f: bool(getattr(data, f)) for f in FLAGS}
        self.checkpoints = [
            replace(row, name=cp.name, days=str(cp.days_after_period),
                    err_name=errors.get(f"checkpoints.{i}.name", ""),
                    err_days=errors.get(f"checkpoints.{i}.days_after_period", ""))
            for i, (row, cp) in enumerate(zip(self.checkpoints, data.checkpoints, strict=True))
        ]
        self.activities = [
            replace(activity_row(act), key=row.key, id=row.id,
                    **{f"err_{f}": errors.get(f"activities.{i}.{f}", "")
                       for f in ("code", "name", "article_no", "pricing")})
            for i, (row, act) in enumerate(zip(self.activities, data.activities, strict=True))
        ]
