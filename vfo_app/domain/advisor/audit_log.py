"""A client's audit log for the office: every ``AuditEntry`` about the client and the records
that belong to it (contact persons and moments, linked services, collaborations, comments,
budget, imports, rubrieken), filtered by person, part, action and date range; a page at a time
on the screen, every matching entry in the CSV export.

Who: employees of the client's office (``access.office_client``), as for the client's
records; another office's client answers as unknown.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, func, select

from vfo_app.domain import access, dates
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.formatting import TIMEZONE, moment
from vfo_app.domain.models import (
    AuditEntry,
    ClientService,
    Collaboration,
    ContactMoment,
    ContactPerson,
    Identity,
    LedgerImport,
    OverviewComment,
)
from vfo_app.domain.online import products
from vfo_app.domain.online.collaborations import STATE_LABELS

PAGE_SIZE = 50
# entity -> what the office calls it
PARTS = {
    "client": "Klantgegevens",
    "contact_person": "Contactpersoon",
    "contact_moment": "Contactmoment",
    "client_service": "Dienst",
    "collaboration": "Samenwerking",
    "overview_comment": "Toelichting",
    "budget": "Budget",
    "ledger_import": "Import",
    "ledger_account": "Rubriek",
}
ACTIONS = {
    "create": "Aangemaakt", "update": "Gewijzigd", "delete": "Verwijderd",
    "set_main_contact": "Hoofdcontactpersoon gewijzigd", "remove_participant":
    "Deelnemer verwijderd", "budget": "Budget opgeslagen", "import": "Geïmporteerd",
    "classify": "Rubriek gewijzigd", "started": "Gestart", "request_sent": "Verzoek verzonden",
    "enabled": "Ingeschakeld", "approved": "Goedgekeurd", "declined": "Geweigerd",
    "withdrawn": "Ingetrokken", "expired": "Verlopen", "ended": "Beëindigd",
}
DATE_ORDER = "De einddatum ligt voor de begindatum."
NOBODY = "Systeem"


@dataclass(frozen=True)
class Filters:
    """What the office asks for; empty means "all"."""

    person_id: int | None = None
    part: str = ""
    action: str = ""
    date_from: str = ""  # YYYY-MM-DD, as an <input type="date"> sends it
    date_to: str = ""


@dataclass(frozen=True)
class LogRow:
    id: int
    at: datetime
    who: str
    part: str
    action: str
    record_id: int | None
    changes: str


@dataclass(frozen=True)
class LogPage:
    rows: list[LogRow]
    page: int
    pages: int
    total: int
    people: list[tuple[int, str]]  # everyone in the client's log, for the filter
    actions: list[tuple[str, str]]  # every action in the client's log
    errors: dict[str, str]  # dates that could not be used, by field


def client_of(session: Session, actor: Actor, client_id: int):
    """The client whose log the actor asks for: one of their own office (else NotFound)."""
    return access.office_client(session, actor, client_id)


def _belongs(client_id: int):
    """The condition "this entry is about the client or one of its records"."""
    def ids(model) -> Any:
        return select(model.id).where(model.client_id == client_id)

    return or_(
        and_(AuditEntry.entity.in_(("client", "budget")), AuditEntry.entity_id == client_id),
        and_(AuditEntry.entity == "contact_person", AuditEntry.entity_id.in_(ids(ContactPerson))),
        and_(AuditEntry.entity == "contact_moment", AuditEntry.entity_id.in_(ids(ContactMoment))),
        and_(AuditEntry.entity == "client_service", AuditEntry.entity_id.in_(ids(ClientService))),
        and_(AuditEntry.entity == "collaboration", AuditEntry.entity_id.in_(ids(Collaboration))),
        and_(AuditEntry.entity == "overview_comment",
             AuditEntry.entity_id.in_(ids(OverviewComment))),
        and_(AuditEntry.entity == "ledger_import", AuditEntry.entity_id.in_(ids(LedgerImport))),
        and_(AuditEntry.entity == "ledger_account",
             AuditEntry.changes["client_id"].as_integer() == client_id),
    )


def _day(raw: str, field: str, errors: dict[str, str]) -> date | None:
    if not raw:
        return None
    day = dates.parse(raw)
    if day is None:
        errors[field] = dates.problem(raw)
    return day


def _conditions(session: Session, actor: Actor, client_id: int, filters: Filters
                ) -> tuple[list, dict[str, str]]:
    """The query's conditions, and the field errors of dates that could not be used (such a
    date is left out of the conditions; the rest of the filters still apply)."""
    client = access.office_client(session, actor, client_id)
    errors: dict[str, str] = {}
    start, end = _day(filters.date_from, "date_from", errors), \
        _day(filters.date_to, "date_to", errors)
    if start and end and end < start:
        errors["date_to"] = DATE_ORDER
        end = None
    where = [_belongs(client.id)]
    if filters.person_id is not None:
        where.append(AuditEntry.actor_id == filters.person_id)
    if filters.part:
        where.append(AuditEntry.entity == filters.part)
    if filters.action:
        where.append(AuditEntry.action == filters.action)
    if start:  # days in the office's time zone
        where.append(AuditEntry.at >= datetime.combine(start, time.min, TIMEZONE))
    if end:
        where.append(AuditEntry.at < datetime.combine(end + timedelta(days=1), time.min,
                                                      TIMEZONE))
    return where, errors


# What the log's "Wijzigingen" column calls a changed field; a field not named here is shown
# under its own name, and bare record ids (``*_id``) are left out: they mean nothing to a reader.
FIELDS = {
    "product": "Dienst", "state": "Status", "situation": "Situatie", "year": "Boekjaar",
    "month": "Maand", "text": "Tekst", "description": "Omschrijving", "name": "Naam",
    "number": "Klantnummer", "kvk_number": "KvK-nummer", "email": "E-mailadres",
    "file_name": "Bestand", "category": "Rubriek", "resent": "Opnieuw verzonden",
    "invoice_recipient": "Ontvanger facturen", "duration_months": "Duur (maanden)",
}
SITUATIONS = {"gebruikt_dienst": "bedrijf gebruikt de dienst al (verzoek)",
              "klant_zonder_dienst": "direct ingeschakeld",
              "nieuwe_klant": "nieuw bedrijf aangemaakt"}


def _value(key: str, value: Any) -> str:
    if isinstance(value, list) and len(value) == 2:
        return f"{_value(key, value[0])} → {_value(key, value[1])}"
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if key == "product":
        return products.NAMES.get(str(value), str(value))
    if key == "state":
        return STATE_LABELS.get(str(value), str(value))
    if key == "situation":
        return SITUATIONS.get(str(value), str(value))
    return str(value)


def _changes(changes: dict) -> str:
    shown = [(FIELDS.get(k, k), _value(k, v)) for k, v in sorted((changes or {}).items())
             if not (k.endswith("_id") or k.endswith("_ids"))]
    return "; ".join(f"{label}: {value}" for label, value in shown)


def _rows(session: Session, query) -> list[LogRow]:
    return [LogRow(id=e.id, at=e.at,
                   who=f"{first} {last}" if first is not None else NOBODY,
                   part=PARTS.get(e.entity, e.entity), action=ACTIONS.get(e.action, e.action),
                   record_id=e.entity_id, changes=_changes(e.changes))
            for e, first, last in session.exec(query).all()]


def _query(where: list):
    return (select(AuditEntry, Identity.first_name, Identity.last_name)
            .join(Identity, Identity.id == AuditEntry.actor_id, isouter=True)
            .where(*where).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()))


def client_log(session: Session, actor: Actor, client_id: int, filters: Filters, *,
               page: int = 1) -> LogPage:
    """One page (``PAGE_SIZE``) of the client's log, newest first, and the filter's choices.
    A date that cannot be used is said in ``errors`` and left out; the page still shows."""
    where, errors = _conditions(session, actor, client_id, filters)
    total = session.exec(select(func.count()).select_from(AuditEntry).where(*where)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page if isinstance(page, int) else 1, 1), pages)
    rows = _rows(session, _query(where).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    mine = _belongs(client_id)
    people = session.exec(
        select(Identity.id, Identity.first_name, Identity.last_name).distinct()
        .join(AuditEntry, AuditEntry.actor_id == Identity.id).where(mine)
        .order_by(Identity.first_name, Identity.last_name)).all()
    actions = session.exec(select(AuditEntry.action).distinct().where(mine)).all()
    return LogPage(rows=rows, page=page, pages=pages, total=total,
                   people=[(i, f"{f} {ln}") for i, f, ln in people],
                   actions=sorted(((a, ACTIONS.get(a, a)) for a in actions),
                                  key=lambda x: x[1]),
                   errors=errors)


def _cell(text: str) -> str:
    """Text someone typed never becomes a spreadsheet formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def client_log_csv(session: Session, actor: Actor, client_id: int, filters: Filters) -> bytes:
    """Every entry that matches, as CSV for Excel (semicolons, UTF-8 with BOM); refused while
    a date cannot be used (the export would not be what the screen asked for)."""
    where, errors = _conditions(session, actor, client_id, filters)
    if errors:
        raise ValidationFailed(errors)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Datum en tijd", "Wie", "Onderdeel", "Actie", "Record", "Wijzigingen"])
    for row in _rows(session, _query(where)):
        writer.writerow([moment(row.at), _cell(row.who), row.part, row.action,
                         "" if row.record_id is None else row.record_id, _cell(row.changes)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
