"""Diensten: service definitions (Instellingen > Diensten) and the services of a client.

Decisions:
- Periode is one of PERIODS (Maand, Kwartaal, Jaar, Eenmalig); a controlemoment is due
  ``days_after_period`` days after each period ends.
- Service and activity codes compare case-insensitively and are stored as typed.
- Only office beheerders change definitions; every employee may list them.
- A client's services are changed by a beheerder, the client's accountmanager, or (for an
  existing link) its diensteigenaar: linking someone grants access to Financial Overview.
- Participants: empty picks, duplicates and the owner are dropped silently; the owner
  already has access, so listing them twice would say nothing new.
- Only services whose definition is active, and only active employees of the office,
  give access to Financial Overview. Access is read from the database on every call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from vfo_app.domain import access, audit
from vfo_app.domain.access import require_employee, require_office_admin
from vfo_app.domain.advisor.clients import get_client
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.models import (
    Activity,
    Checkpoint,
    Client,
    ClientService,
    ClientServiceParticipant,
    Identity,
    OfficeMembership,
    ServiceDefinition,
)

PERIODS = ["Maand", "Kwartaal", "Jaar", "Eenmalig"]
PRICING_PER_HOUR = "uur"
PRICING_PER_ACTION = "verrichting"
MAX_DAYS_AFTER_PERIOD = 730
MAX_CODE, MAX_NAME, MAX_ARTICLE_NO, MAX_DESCRIPTION = 20, 100, 40, 2000  # tekens
SERVICE_NOT_FOUND = "Deze dienst bestaat niet of hoort niet bij uw kantoor."
LINK_NOT_FOUND = "Deze dienst van de klant bestaat niet of hoort niet bij uw kantoor."


# --- input and output shapes (plain data; the UI never sees ORM objects) ----------------


@dataclass
class CheckpointInput:
    name: str = ""
    days_after_period: int | str = 0
    id: int | None = None


@dataclass
class ActivityInput:
    code: str = ""
    name: str = ""
    article_no: str = ""
    pricing: str = PRICING_PER_HOUR  # "uur" (Prijs per uur) | "verrichting"
    use_in_resource_planning: bool = False
    active: bool = True
    id: int | None = None


@dataclass
class ServiceInput:
    code: str = ""
    name: str = ""
    period: str = ""
    article_no: str = ""
    description: str = ""
    active: bool = True
    show_overdue_checkpoints: bool = False
    reuse_due_dates: bool = False
    checkpoints: list[CheckpointInput] = field(default_factory=list)
    activities: list[ActivityInput] = field(default_factory=list)


@dataclass
class ServiceSummary:
    id: int
    code: str
    name: str
    period: str
    active: bool
    activity_count: int


@dataclass
class ServiceDetail:
    id: int
    data: ServiceInput


@dataclass
class Person:
    id: int
    name: str


@dataclass
class ClientServiceRow:
    id: int
    service_id: int
    service_code: str
    service_name: str
    service_active: bool
    owner: Person
    description: str
    participants: list[Person]
    editable: bool = False  # the actor may change this link (the access policy says)


@dataclass
class AccessRow:
    identity_id: int
    name: str
    reasons: list[str]


# --- pure validation --------------------------------------------------------------------


def parse_days(raw: int | str) -> int | None:
    """Days after the period as a whole number within bounds, or None when it is not one."""
    text = str(raw).strip()
    if text == "":
        return 0
    if not text.isdigit():
        return None
    days = int(text)
    return days if days <= MAX_DAYS_AFTER_PERIOD else None


def _is_blank_activity(a: ActivityInput) -> bool:
    return a.id is None and not (a.code.strip() or a.name.strip() or a.article_no.strip())


def _is_blank_checkpoint(c: CheckpointInput) -> bool:
    return c.id is None and not c.name.strip() and str(c.days_after_period).strip() in ("", "0")


def _required(errors: dict[str, str], key: str, value: str, message: str, limit: int) -> None:
    if not value.strip():
        errors[key] = message
    elif len(value.strip()) > limit:
        errors[key] = f"Maximaal {limit} tekens."


def _max_len(errors: dict[str, str], key: str, value: str, limit: int) -> None:
    if len(value.strip()) > limit:
        errors[key] = f"Maximaal {limit} tekens."


def validate_service(data: ServiceInput) -> dict[str, str]:
    """Field errors of a service definition, keyed like ``code`` or ``activities.0.code``."""
    errors: dict[str, str] = {}
    _required(errors, "code", data.code, "Code is verplicht.", MAX_CODE)
    _required(errors, "name", data.name, "Naam is verplicht.", MAX_NAME)
    if data.period not in PERIODS:
        errors["period"] = "Kies een periode."
    _max_len(errors, "article_no", data.article_no, MAX_ARTICLE_NO)
    _max_len(errors, "description", data.description, MAX_DESCRIPTION)
    for i, cp in enumerate(data.checkpoints):
        if _is_blank_checkpoint(cp):
            continue
        _required(errors, f"checkpoints.{i}.name", cp.name, "Naam is verplicht.", MAX_NAME)
        if parse_days(cp.days_after_period) is None:
            errors[f"checkpoints.{i}.days_after_period"] = (
                f"Vul een heel aantal dagen in (0 tot en met {MAX_DAYS_AFTER_PERIOD}).")
    seen: set[str] = set()
    for i, act in enumerate(data.activities):
        if _is_blank_activity(act):
            continue
        _required(errors, f"activities.{i}.code", act.code, "Code is verplicht.", MAX_CODE)
        _required(errors, f"activities.{i}.name", act.name, "Naam is verplicht.", MAX_NAME)
        _max_len(errors, f"activities.{i}.article_no", act.article_no, MAX_ARTICLE_NO)
        if act.pricing not in (PRICING_PER_HOUR, PRICING_PER_ACTION):
            errors[f"activities.{i}.pricing"] = "Kies prijs per uur of prijs per verrichting."
        code = act.code.strip().lower()
        if code and code in seen:
            errors[f"activities.{i}.code"] = "Deze code komt al voor bij deze dienst."
        seen.add(code)
    return errors


# --- service definitions -------------------------------------------------------------


def list_services(session: Session, actor: Actor, *, active_only: bool = False
                  ) -> list[ServiceSummary]:
    office_id = require_employee(actor)
    counts = (
        select(Activity.service_id, func.count(Activity.id).label("n"))
        .group_by(Activity.service_id)
        .subquery()
    )
    query = (
        select(ServiceDefinition, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.service_id == ServiceDefinition.id)
        .where(ServiceDefinition.office_id == office_id)
        .order_by(func.lower(ServiceDefinition.name), ServiceDefinition.code)
    )
    if active_only:
        query = query.where(ServiceDefinition.active == True)
    return [
        ServiceSummary(id=s.id, code=s.code, name=s.name, period=s.period, active=s.active,
                       activity_count=n)
        for s, n in session.exec(query).all()
    ]


def _own_service(session: Session, office_id: int, service_id: int) -> ServiceDefinition:
    service = session.get(ServiceDefinition, service_id)
    if service is None or service.office_id != office_id:
        raise NotFound(SERVICE_NOT_FOUND)
    return service


def _rows(session: Session, model, service_id: int) -> list:
    return list(session.exec(select(model).where(model.service_id == service_id)
                             .order_by(model.id)).all())


def _detail(session: Session, service: ServiceDefinition) -> ServiceDetail:
    data = ServiceInput(
        code=service.code, name=service.name, period=service.period,
        article_no=service.article_no, description=service.description, active=service.active,
        show_overdue_checkpoints=service.show_overdue_checkpoints,
        reuse_due_dates=service.reuse_due_dates,
        checkpoints=[CheckpointInput(id=c.id, name=c.name, days_after_period=c.days_after_period)
                     for c in _rows(session, Checkpoint, service.id)],
        activities=[
            ActivityInput(id=a.id, code=a.code, name=a.name, article_no=a.article_no,
                          pricing=a.pricing, use_in_resource_planning=a.use_in_resource_planning,
                          active=a.active)
            for a in _rows(session, Activity, service.id)
        ],
    )
    return ServiceDetail(id=service.id, data=data)


def get_service(session: Session, actor: Actor, service_id: int) -> ServiceDetail:
    office_id = require_employee(actor)
    return _detail(session, _own_service(session, office_id, service_id))


def _code_taken(session: Session, office_id: int, code: str, except_id: int | None) -> bool:
    query = select(ServiceDefinition.id).where(
        ServiceDefinition.office_id == office_id,
        func.lower(ServiceDefinition.code) == code.strip().lower(),
    )
    if except_id is not None:
        query = query.where(ServiceDefinition.id != except_id)
    return session.exec(query).first() is not None


CODE_TAKEN = "Deze code is al in gebruik bij een andere dienst van uw kantoor."
ACTIVITY_CODES_CLASH = ("De codes van de activiteiten botsen met elkaar. "
                        "Sla de wijziging in twee stappen op.")


def _check(session: Session, office_id: int, data: ServiceInput, except_id: int | None) -> None:
    errors = validate_service(data)
    if "code" not in errors and _code_taken(session, office_id, data.code, except_id):
        errors["code"] = CODE_TAKEN
    if errors:
        raise ValidationFailed(errors)


def _apply_fields(service: ServiceDefinition, data: ServiceInput) -> None:
    service.code = data.code.strip()
    service.name = data.name.strip()
    service.period = data.period
    service.article_no = data.article_no.strip()
    service.description = data.description.strip()
    service.active = bool(data.active)
    service.show_overdue_checkpoints = bool(data.show_overdue_checkpoints)
    service.reuse_due_dates = bool(data.reuse_due_dates)


def _flush_code(session: Session, service: ServiceDefinition) -> None:
    """Flush in a savepoint so a concurrent duplicate code becomes a field error."""
    try:
        with session.begin_nested():
            session.add(service)
    except IntegrityError as exc:
        raise ValidationFailed({"code": CODE_TAKEN}) from exc


def _sync_rows(session: Session, model, service_id: int, inputs: list,
               assign) -> None:
    """Delete the rows left out, update the rows that carry an id, add the new ones."""
    existing = {r.id: r for r in _rows(session, model, service_id)}
    kept = {item.id for item in inputs if item.id is not None}
    if kept - existing.keys():
        raise NotFound(SERVICE_NOT_FOUND)
    for row_id, row in existing.items():
        if row_id not in kept:
            session.delete(row)
    session.flush()  # removed rows first: a new row may reuse a code an old one gives up
    for item in inputs:
        row = existing[item.id] if item.id is not None else model(service_id=service_id)
        assign(row, item)
        session.add(row)
    session.flush()


def _assign_checkpoint(row: Checkpoint, item: CheckpointInput) -> None:
    row.name = item.name.strip()
    row.days_after_period = parse_days(item.days_after_period) or 0


def _assign_activity(row: Activity, item: ActivityInput) -> None:
    row.code = item.code.strip()
    row.name = item.name.strip()
    row.article_no = item.article_no.strip()
    row.pricing = item.pricing
    row.use_in_resource_planning = bool(item.use_in_resource_planning)
    row.active = bool(item.active)


def _save_rows(session: Session, service_id: int, data: ServiceInput) -> None:
    checkpoints = [c for c in data.checkpoints if not _is_blank_checkpoint(c)]
    activities = [a for a in data.activities if not _is_blank_activity(a)]
    try:
        with session.begin_nested():
            _sync_rows(session, Checkpoint, service_id, checkpoints, _assign_checkpoint)
            _sync_rows(session, Activity, service_id, activities, _assign_activity)
    except IntegrityError as exc:  # e.g. two rows swapping codes in one save
        raise ValidationFailed({"activities": ACTIVITY_CODES_CLASH}) from exc


def _snapshot(detail: ServiceDetail) -> dict:
    data = asdict(detail.data)
    for key in ("checkpoints", "activities"):
        data[key] = [{k: v for k, v in row.items() if k != "id"} for row in data[key]]
    return data


def create_service(session: Session, actor: Actor, data: ServiceInput) -> ServiceDetail:
    office_id = require_office_admin(actor)
    _check(session, office_id, data, None)
    service = ServiceDefinition(office_id=office_id, code="", name="", period="")
    _apply_fields(service, data)
    _flush_code(session, service)
    _save_rows(session, service.id, data)
    detail = _detail(session, service)
    audit.record(session, actor_id=actor.identity_id, office_id=office_id, action="create",
                 entity="service", entity_id=service.id, changes=_snapshot(detail))
    return detail


def update_service(session: Session, actor: Actor, service_id: int, data: ServiceInput
                   ) -> ServiceDetail:
    office_id = require_office_admin(actor)
    service = _own_service(session, office_id, service_id)
    _check(session, office_id, data, service.id)
    before = _snapshot(_detail(session, service))
    _apply_fields(service, data)
    _flush_code(session, service)
    _save_rows(session, service.id, data)
    detail = _detail(session, service)
    changes = audit.diff(before, _snapshot(detail))
    if changes:
        audit.record(session, actor_id=actor.identity_id, office_id=office_id, action="update",
                     entity="service", entity_id=service.id, changes=changes)
    return detail


# --- a client's services ----------------------------------------------------------------


def _active_employee_ids(session: Session, office_id: int, ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    if not wanted:
        return set()
    return set(session.exec(
        select(Identity.id)
        .join(OfficeMembership, OfficeMembership.identity_id == Identity.id)
        .where(OfficeMembership.office_id == office_id, col(Identity.id).in_(wanted),
               Identity.is_active == True)
    ).all())


def _clean_participants(participant_ids: Iterable[int | None], owner_id: int | None
                        ) -> list[tuple[int, int]]:
    """(row index, id) of the picked participants: no blanks, duplicates or the owner."""
    result: list[tuple[int, int]] = []
    seen = {owner_id}
    for i, pid in enumerate(participant_ids):
        if pid and pid not in seen:
            seen.add(pid)
            result.append((i, pid))
    return result


def _check_people(session: Session, office_id: int, owner_id: int | None,
                  participants: list[tuple[int, int]], errors: dict[str, str]) -> None:
    known = _active_employee_ids(session, office_id, [owner_id or 0, *(p for _, p in participants)])
    if not owner_id:
        errors["owner_id"] = "Kies een diensteigenaar."
    elif owner_id not in known:
        errors["owner_id"] = "Kies een medewerker van uw kantoor als diensteigenaar."
    for i, pid in participants:
        if pid not in known:
            errors[f"participants.{i}"] = "Kies een medewerker van uw kantoor."


def _check_description(description: str, errors: dict[str, str]) -> None:
    _max_len(errors, "description", description, MAX_DESCRIPTION)


LINKED_TWICE = "Deze dienst is al aan deze klant gekoppeld. Kies Bewerken bij die dienst."


def _check_new_link(session: Session, office_id: int, client_id: int, service_id: int | None,
                    errors: dict[str, str]) -> None:
    service = session.get(ServiceDefinition, service_id) if service_id else None
    if service is None or service.office_id != office_id or not service.active:
        errors["service_id"] = "Kies een actieve dienst van uw kantoor."
        return
    linked = session.exec(select(ClientService.id).where(
        ClientService.client_id == client_id, ClientService.service_id == service_id)).first()
    if linked is not None:
        errors["service_id"] = LINKED_TWICE


def _participant_ids(session: Session, link_id: int) -> list[int]:
    return list(session.exec(
        select(ClientServiceParticipant.identity_id)
        .where(ClientServiceParticipant.client_service_id == link_id)
        .order_by(ClientServiceParticipant.id)
    ).all())


def _set_participants(session: Session, link_id: int, wanted: list[int]) -> None:
    rows = session.exec(select(ClientServiceParticipant).where(
        ClientServiceParticipant.client_service_id == link_id)).all()
    for row in rows:
        if row.identity_id not in wanted:
            session.delete(row)
    present = {r.identity_id for r in rows}
    for pid in wanted:
        if pid not in present:
            session.add(ClientServiceParticipant(client_service_id=link_id, identity_id=pid))
    session.flush()


def add_client_service(session: Session, actor: Actor, client_id: int, service_id: int | None,
                       owner_id: int | None, description: str = "",
                       participant_ids: Iterable[int | None] = ()) -> int:
    """Link a service to a client; returns the id of the link."""
    office_id = require_employee(actor)
    client = get_client(session, actor, client_id)
    access.require_client_services(actor, client)
    participants = _clean_participants(participant_ids, owner_id)
    errors: dict[str, str] = {}
    _check_new_link(session, office_id, client.id, service_id, errors)
    _check_people(session, office_id, owner_id, participants, errors)
    _check_description(description, errors)
    if errors:
        raise ValidationFailed(errors)
    link = ClientService(client_id=client.id, service_id=service_id, owner_id=owner_id,
                         description=description.strip())
    try:
        with session.begin_nested():
            session.add(link)
    except IntegrityError as exc:  # a concurrent request linked it first
        raise ValidationFailed({"service_id": LINKED_TWICE}) from exc
    wanted = [pid for _, pid in participants]
    _set_participants(session, link.id, wanted)
    audit.record(session, actor_id=actor.identity_id, office_id=office_id, action="create",
                 entity="client_service", entity_id=link.id,
                 changes={"client_id": client.id, "service_id": service_id, "owner_id": owner_id,
                          "description": link.description, "participant_ids": wanted})
    return link.id


def _own_link(session: Session, actor: Actor, client_service_id: int
              ) -> tuple[ClientService, Client]:
    link = session.get(ClientService, client_service_id)
    if link is None:
        raise NotFound(LINK_NOT_FOUND)
    try:
        client = get_client(session, actor, link.client_id)
    except NotFound as exc:
        raise NotFound(LINK_NOT_FOUND) from exc
    access.require_client_services(actor, client, link.owner_id)
    return link, client


def update_client_service(session: Session, actor: Actor, client_service_id: int,
                          owner_id: int | None, description: str = "",
                          participant_ids: Iterable[int | None] = ()) -> None:
    """Change the owner, description and participants; the service itself stays."""
    office_id = require_employee(actor)
    link, _client = _own_link(session, actor, client_service_id)
    participants = _clean_participants(participant_ids, owner_id)
    errors: dict[str, str] = {}
    _check_people(session, office_id, owner_id, participants, errors)
    _check_description(description, errors)
    if errors:
        raise ValidationFailed(errors)
    before = {"owner_id": link.owner_id, "description": link.description,
              "participant_ids": _participant_ids(session, link.id)}
    link.owner_id = owner_id
    link.description = description.strip()
    session.add(link)
    _set_participants(session, link.id, [pid for _, pid in participants])
    after = {"owner_id": link.owner_id, "description": link.description,
             "participant_ids": _participant_ids(session, link.id)}
    changes = audit.diff(before, after)
    if changes:
        audit.record(session, actor_id=actor.identity_id, office_id=office_id, action="update",
                     entity="client_service", entity_id=link.id, changes=changes)


def remove_participant(session: Session, actor: Actor, client_service_id: int,
                       identity_id: int) -> None:
    """Take an employee off a client's service; their access ends with this transaction."""
    office_id = require_employee(actor)
    link, _client = _own_link(session, actor, client_service_id)
    row = session.exec(select(ClientServiceParticipant).where(
        ClientServiceParticipant.client_service_id == link.id,
        ClientServiceParticipant.identity_id == identity_id)).first()
    if row is None:
        raise NotFound("Deze medewerker is geen deelnemer van deze dienst.")
    session.delete(row)
    session.flush()
    audit.record(session, actor_id=actor.identity_id, office_id=office_id,
                 action="remove_participant", entity="client_service", entity_id=link.id,
                 changes={"participant_ids": [identity_id, None]})


def _names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    ids = set(ids)
    if not ids:
        return {}
    rows = session.exec(select(Identity).where(col(Identity.id).in_(ids))).all()
    return {i.id: i.full_name for i in rows}


def list_client_services(session: Session, actor: Actor, client_id: int, *,
                         include_inactive: bool = False) -> list[ClientServiceRow]:
    """The client's services by name; inactive definitions only with ``include_inactive``."""
    client = get_client(session, actor, client_id)
    query = (
        select(ClientService, ServiceDefinition)
        .join(ServiceDefinition, ServiceDefinition.id == ClientService.service_id)
        .where(ClientService.client_id == client.id)
        .order_by(func.lower(ServiceDefinition.name), ClientService.id)
    )
    if not include_inactive:
        query = query.where(ServiceDefinition.active == True)
    pairs = session.exec(query).all()
    participants = {link.id: _participant_ids(session, link.id) for link, _ in pairs}
    names = _names(session, [link.owner_id for link, _ in pairs]
                   + [p for ids in participants.values() for p in ids])
    return [
        ClientServiceRow(
            id=link.id, service_id=svc.id, service_code=svc.code, service_name=svc.name,
            service_active=svc.active, owner=Person(link.owner_id, names.get(link.owner_id, "")),
            description=link.description,
            participants=[Person(p, names.get(p, "")) for p in participants[link.id]],
            editable=access.may_manage_client_services(actor, client, link.owner_id),
        )
        for link, svc in pairs
    ]


def may_manage_client_services(session: Session, actor: Actor, client_id: int) -> bool:
    """Whether the actor may add services to this client (for showing "Nieuw")."""
    return access.may_manage_client_services(actor, get_client(session, actor, client_id))


def require_client_services(session: Session, actor: Actor, client_id: int) -> None:
    """Refuse, as adding would, before the form "Dienst toevoegen" opens."""
    access.require_client_services(actor, get_client(session, actor, client_id))


# --- who may open Financial Overview (the policy decides; this lists it) --------------------


def access_reason(service_name: str, kind: str) -> str:
    prefix = "Diensteigenaar van" if kind == "owner" else "Deelnemer van"
    return f"{prefix} {service_name}"


def financial_overview_access(session: Session, actor: Actor, client_id: int
                              ) -> list[AccessRow]:
    """The employees who may open this client's Financial Overview, each with the reasons."""
    client = get_client(session, actor, client_id)
    reasons: dict[int, list[str]] = {}
    for grant in sorted(access.grants(session, client), key=lambda g: not g.is_owner):
        reason = access_reason(grant.service_name,
                               "owner" if grant.is_owner else "participant")
        if reason not in reasons.setdefault(grant.identity_id, []):
            reasons[grant.identity_id].append(reason)
    names = _names(session, reasons)
    rows = [AccessRow(i, names.get(i, ""), r) for i, r in reasons.items()]
    return sorted(rows, key=lambda r: r.name.lower())
