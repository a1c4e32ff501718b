"""Klanten: the clients of an office. Every function checks the actor's office."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from vfo_app.domain import access, audit, clock, dates
from vfo_app.domain.access import require_employee
from vfo_app.domain.advisor.client_input import (
    CONTACT_EXISTING,
    CONTACT_NEW,
    COUNTRIES,
    LANGUAGES,
    LEGAL_FORMS,
    NO,
    VAT_PERIODS,
    YES,
    CleanClient,
    ClientInput,
    clean_client_input,
)
from vfo_app.domain.auth import Actor
from vfo_app.domain.choices import Option
from vfo_app.domain.employees import is_employee_of, office_employees
from vfo_app.domain.errors import ValidationFailed
from vfo_app.domain.models import (
    Client,
    ContactPerson,
    ContactPersonRole,
    FiscalYear,
    Identity,
    PriceList,
)

__all__ = ["ClientInput", "ClientPage", "client_form_defaults", "client_form_options",
           "client_form_values", "client_overview", "create_client", "get_client",
           "search_clients", "update_client", "validate_client_input"]

NOT_FOUND = access.NO_CLIENT
DEFAULT_PRICE_LIST = "Prijslijst 1"
SORTS = {"number": Client.number, "name": Client.name, "kvk": Client.kvk_number,
         "city": Client.city}
# Counting every match of a broad search costs a full scan; beyond this we say "1000+".
COUNT_CAP = 1000
LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


def get_client(session: Session, actor: Actor, client_id: int) -> Client:
    """The client, if it belongs to the actor's office; else NotFound (same as unknown)."""
    return access.office_client(session, actor, client_id)


def search_text_of(client: Client) -> str:
    return f"{client.number} {client.name} {client.kvk_number} {client.city}".lower()


# --- overview: search, sort, page ------------------------------------------------------


@dataclass
class ClientPage:
    rows: list[dict[str, Any]]
    total: int
    total_capped: bool  # True when there are at least ``total`` (= COUNT_CAP) matches
    page: int
    page_size: int
    has_next: bool = False
    pages: int = field(default=1)


def search_clients(
    session: Session,
    actor: Actor,
    *,
    query: str = "",
    sort: str = "name",
    descending: bool = False,
    page: int = 1,
    page_size: int = 25,
) -> ClientPage:
    """One page of the office's clients matching ``query`` on name, klantnummer, KvK or plaats."""
    office_id = require_employee(actor)
    page_size = max(1, min(page_size, 100))
    page = max(1, page)
    words = query.lower().split()[:5]
    params: dict[str, Any] = {"office_id": office_id}
    for i, word in enumerate(words):
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params[f"word_{i}"] = f"%{escaped}%"
    sort = sort if sort in SORTS else "name"
    rows = session.exec(_page_statement(len(words), sort, bool(descending)), params={
        **params, "offset": (page - 1) * page_size, "limit": page_size + 1}).all()
    if len(rows) > page_size or (not rows and page > 1):
        total, capped = _count(session, len(words), params, bool(query.strip()))
    else:  # the last page tells the total without counting
        total, capped = (page - 1) * page_size + len(rows), False
    return ClientPage(
        rows=[{"id": r[0], "number": r[1], "name": r[2], "kvk_number": r[3], "city": r[4],
               "account_manager": f"{r[5]} {r[6]}".strip()} for r in rows[:page_size]],
        total=total,
        total_capped=capped,
        page=page,
        page_size=page_size,
        has_next=len(rows) > page_size,
        pages=max(1, math.ceil(total / page_size)),
    )


# The statements are built once (per number of search words, sort and direction), with bind
# parameters for the office, the words and the page: SQLAlchemy reuses each one's cache key.
def _conditions(words: int) -> list:
    conditions = [Client.office_id == bindparam("office_id")]
    for i in range(words):
        # The pattern is rendered into the SQL, not bound: a prepared statement's generic plan
        # (psycopg prepares repeated statements) cannot know that "%1234%" is selective and
        # would not use PostgreSQL's trigram index (52 ms instead of 1 ms at 100,000 clients).
        pattern = bindparam(f"word_{i}", literal_execute=True)
        conditions.append(col(Client.search_text).like(pattern, escape="\\"))
    return conditions


@lru_cache(maxsize=64)
def _page_statement(words: int, sort: str, descending: bool):
    """One page of ids (and one more, to tell whether there is a next page), in one query with
    the rows they show: the ids in the order of the covering index (column, search_text, id),
    then each row with its account manager, in the same order."""
    def order(table) -> list:
        columns = [getattr(table, SORTS[sort].key), table.search_text, table.id]
        return [c.desc() for c in columns] if descending else columns

    ids = (select(Client.id, SORTS[sort], col(Client.search_text)).where(*_conditions(words))
           .order_by(*order(Client)).offset(bindparam("offset")).limit(bindparam("limit"))
           .subquery())
    return (select(Client.id, Client.number, Client.name, Client.kvk_number, Client.city,
                   Identity.first_name, Identity.last_name)
            .join(ids, ids.c.id == Client.id)
            .join(Identity, Identity.id == Client.account_manager_id)
            .order_by(*order(ids.c)))


@lru_cache(maxsize=8)
def _count_statement(words: int):
    if not words:  # an index count
        return select(func.count()).select_from(Client).where(*_conditions(0))
    capped = select(Client.id).where(*_conditions(words)).limit(bindparam("cap")).subquery()
    return select(func.count()).select_from(capped)


def _count(session: Session, words: int, params: dict, searching: bool) -> tuple[int, bool]:
    """Exact without a search (an index count); capped at COUNT_CAP when searching."""
    total = session.exec(_count_statement(words), params={**params, "cap": COUNT_CAP}).one()
    return total, searching and total >= COUNT_CAP


# --- the "Nieuwe klant" form -------------------------------------------------------------


def _options(values: list[str]) -> list[Option]:
    return [Option(v, v) for v in values]


def client_form_options(session: Session, actor: Actor,
                        client_id: int | None = None) -> dict[str, list[Option]]:
    """Pick lists of the form; contacts only when editing."""
    office_id = require_employee(actor)
    price_lists = session.exec(
        select(PriceList).where(PriceList.office_id == office_id).order_by(PriceList.name)
    ).all()
    contacts: list[Option] = []
    if client_id is not None:
        get_client(session, actor, client_id)
        contacts = [Option(str(c.id), c.full_name)
                    for c in contacts_of(session, client_id)]
    return {
        "legal_forms": _options(LEGAL_FORMS),
        "account_managers": [Option(str(e.id), e.full_name)
                             for e in office_employees(session, office_id)],
        "price_lists": [Option(str(p.id), p.name) for p in price_lists],
        "countries": _options(COUNTRIES),
        "vat_periods": _options(VAT_PERIODS),
        "languages": _options(LANGUAGES),
        "yes_no": _options([NO, YES]),
        "contacts": contacts,
    }


def _today() -> date:
    return clock.now().astimezone(LOCAL_TZ).date()


def client_form_defaults(session: Session, actor: Actor) -> dict[str, Any]:
    """Values of an empty "Nieuwe klant" form: the seed's defaults, calendar years around today."""
    office_id = require_employee(actor)
    default_list = session.exec(
        select(PriceList.id).where(PriceList.office_id == office_id,
                                   PriceList.name == DEFAULT_PRICE_LIST)
    ).first()
    values = asdict(ClientInput(price_list_id=str(default_list or "")))
    year = _today().year
    for prefix, y in (("prev", year - 1), ("cur", year), ("next", year + 1)):
        values[f"{prefix}_start"] = dates.show(date(y, 1, 1))
        values[f"{prefix}_end"] = dates.show(date(y, 12, 31))
    return values


def client_form_values(session: Session, actor: Actor, client_id: int) -> dict[str, Any]:
    """The form prefilled from a stored client (for "Bewerken")."""
    client = get_client(session, actor, client_id)
    values = asdict(ClientInput())
    for key in values:
        if hasattr(client, key) and key not in ("contact_roles",):
            raw = getattr(client, key)
            values[key] = "" if raw is None else str(raw)
    values["credit_limit"] = format_amount(client.credit_limit_cents)
    values["files_own_vat_return"] = YES if client.files_own_vat_return else NO
    values["data_delivered"] = YES if client.data_delivered else NO
    for (prefix, year) in zip(("prev", "cur", "next"), _shown_years(session, client), strict=False):
        values[f"{prefix}_start"] = dates.show(year.start_date)
        values[f"{prefix}_end"] = dates.show(year.end_date)
    main = main_contact(session, client.id)
    values["contact_mode"] = CONTACT_EXISTING if main else CONTACT_NEW
    values["contact_id"] = str(main.id) if main else ""
    return values


def format_amount(cents: int) -> str:
    """Cents as Dutch notation without currency sign: 150000 -> '1.500,00'."""
    whole, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{whole:,}".replace(",", ".") + f",{rest:02d}"


def validate_client_input(session: Session, actor: Actor, data: ClientInput, *,
                          client_id: int | None = None) -> CleanClient:
    """Every rule of the form; raises ValidationFailed with a Dutch message per field."""
    office_id = require_employee(actor)
    clean, errors = clean_client_input(data)
    if clean is None:
        # still report duplicates so the user fixes everything in one go
        errors.update({k: v for k, v in _duplicates(session, office_id, data, client_id).items()
                       if k not in errors})
        raise ValidationFailed(errors)
    values = clean.fields
    errors = _duplicates(session, office_id, data, client_id)
    if not is_employee_of(session, office_id, values["account_manager_id"]):
        errors["account_manager_id"] = "Kies een accountmanager van uw kantoor."
    if values["price_list_id"] is not None and not _own_price_list(
            session, office_id, values["price_list_id"]):
        errors["price_list_id"] = "Kies een prijslijst uit de lijst."
    if clean.contact_mode == CONTACT_EXISTING and (
            client_id is None or contact_of(session, client_id, clean.contact_id) is None):
        errors["contact_id"] = "Kies een aanwezige contactpersoon van deze klant."
    if errors:
        raise ValidationFailed(errors)
    return clean


def _duplicates(session: Session, office_id: int, data: ClientInput,
                client_id: int | None) -> dict[str, str]:
    errors = {}
    number = data.number.strip().upper()
    kvk = data.kvk_number.strip().replace(" ", "").replace(".", "")
    checks = [("number", Client.number, number, "Dit klantnummer is al in gebruik."),
              ("kvk_number", Client.kvk_number, kvk,
               "Er is al een klant met dit KvK-nummer.")]
    for key, column, value, message in checks:
        if not value:
            continue
        query = select(Client.id).where(Client.office_id == office_id, column == value)
        if client_id is not None:
            query = query.where(Client.id != client_id)
        if session.exec(query).first() is not None:
            errors[key] = message
    return errors


def _own_price_list(session: Session, office_id: int, price_list_id: int) -> bool:
    pl = session.get(PriceList, price_list_id)
    return pl is not None and pl.office_id == office_id


def create_client(session: Session, actor: Actor, data: ClientInput) -> Client:
    """Save a new client with its fiscal years, main contact (+ roles): all or nothing."""
    office_id = require_employee(actor)
    clean = validate_client_input(session, actor, data)
    client = Client(office_id=office_id, **clean.fields)
    client.search_text = search_text_of(client)
    session.add(client)
    _flush_or_duplicate(session)
    for start, end in clean.fiscal_years:
        session.add(FiscalYear(client_id=client.id, start_date=start, end_date=end))
    contact = _apply_main_contact(session, client.id, clean)
    session.flush()
    audit.record(session, actor_id=actor.identity_id, office_id=office_id, action="create",
                 entity="client", entity_id=client.id,
                 changes={**clean.fields, "fiscal_years": _years_text(clean.fiscal_years),
                          "main_contact": contact.full_name, "roles": clean.roles})
    return client


def update_client(session: Session, actor: Actor, client_id: int, data: ClientInput) -> Client:
    """Save the edited form; the audit entry holds {field: [old, new]} of what changed."""
    client = get_client(session, actor, client_id)
    clean = validate_client_input(session, actor, data, client_id=client_id)
    before = {k: getattr(client, k) for k in clean.fields}
    old_years = _shown_years(session, client)
    before["fiscal_years"] = _years_text([(y.start_date, y.end_date) for y in old_years])
    old_main = main_contact(session, client.id)
    before["main_contact"] = old_main.full_name if old_main else ""
    for key, value in clean.fields.items():
        setattr(client, key, value)
    client.search_text = search_text_of(client)
    client.updated_at = clock.now()
    session.add(client)
    _flush_or_duplicate(session)
    _replace_years(session, client.id, old_years, clean.fiscal_years)
    contact = _apply_main_contact(session, client.id, clean)
    session.flush()
    after = {**clean.fields, "fiscal_years": _years_text(clean.fiscal_years),
             "main_contact": contact.full_name}
    changes = audit.diff(before, after)
    if clean.roles:
        changes["roles_added"] = clean.roles
    audit.record(session, actor_id=actor.identity_id, office_id=client.office_id,
                 action="update", entity="client", entity_id=client.id, changes=changes)
    return client


def _flush_or_duplicate(session: Session) -> None:
    """The unique constraints are the last line against two saves at once."""
    try:
        session.flush()
    except IntegrityError as exc:
        session.rollback()
        text = str(exc.orig).lower()
        if "kvk" in text:
            raise ValidationFailed({"kvk_number": "Er is al een klant met dit KvK-nummer."}) from exc
        raise ValidationFailed({"number": "Dit klantnummer is al in gebruik."}) from exc


def _years_text(years: list[tuple[date, date]]) -> list[str]:
    return [f"{dates.show(s)} t/m {dates.show(e)}" for s, e in years]


def _shown_years(session: Session, client: Client) -> list[FiscalYear]:
    """The three fiscal years the form shows: the one holding today and its neighbours."""
    years = list(session.exec(
        select(FiscalYear).where(FiscalYear.client_id == client.id)
        .order_by(FiscalYear.start_date)
    ).all())
    today = _today()
    current = next((i for i, y in enumerate(years) if y.start_date <= today <= y.end_date), None)
    if current is None:
        current = next((i for i, y in enumerate(years) if y.start_date > today), len(years) - 1)
    start = max(0, min(current - 1, len(years) - 3))
    return years[start:start + 3]


def _replace_years(session: Session, client_id: int, old: list[FiscalYear],
                   new: list[tuple[date, date]]) -> None:
    """Swap the shown years for the posted ones, dropping any other year they overlap."""
    span_start, span_end = new[0][0], new[-1][1]
    others = session.exec(
        select(FiscalYear).where(FiscalYear.client_id == client_id,
                                 FiscalYear.start_date <= span_end,
                                 FiscalYear.end_date >= span_start)
    ).all()
    for year in {y.id: y for y in [*old, *others]}.values():
        session.delete(year)
    session.flush()  # deletes first: (client_id, start_date) is unique
    for start, end in new:
        session.add(FiscalYear(client_id=client_id, start_date=start, end_date=end))


# --- contact persons used by the form -----------------------------------------------------


def contacts_of(session: Session, client_id: int) -> list[ContactPerson]:
    return list(session.exec(
        select(ContactPerson).where(ContactPerson.client_id == client_id)
        .order_by(col(ContactPerson.is_main).desc(), ContactPerson.last_name,
                  ContactPerson.first_name)
    ).all())


def main_contact(session: Session, client_id: int) -> ContactPerson | None:
    return session.exec(
        select(ContactPerson).where(ContactPerson.client_id == client_id,
                                    ContactPerson.is_main == True)
    ).first()


def contact_of(session: Session, client_id: int, contact_id: int | None) -> ContactPerson | None:
    if contact_id is None:
        return None
    contact = session.get(ContactPerson, contact_id)
    return contact if contact is not None and contact.client_id == client_id else None


def make_main_contact(session: Session, client_id: int, contact: ContactPerson) -> None:
    """Exactly one main contact per client: the others lose the mark."""
    for other in contacts_of(session, client_id):
        if other.is_main and other.id != contact.id:
            other.is_main = False
            session.add(other)
    session.flush()
    contact.is_main = True
    session.add(contact)


def add_roles(session: Session, contact_id: int, roles: list[str]) -> None:
    existing = set(session.exec(
        select(ContactPersonRole.role).where(ContactPersonRole.contact_person_id == contact_id)
    ).all())
    for role in roles:
        if role not in existing:
            session.add(ContactPersonRole(contact_person_id=contact_id, role=role))
            existing.add(role)


def _apply_main_contact(session: Session, client_id: int, clean: CleanClient) -> ContactPerson:
    if clean.contact_mode == CONTACT_EXISTING:
        contact = contact_of(session, client_id, clean.contact_id)
    else:
        contact = ContactPerson(client_id=client_id, **clean.contact)
        session.add(contact)
        session.flush()
    make_main_contact(session, client_id, contact)
    session.flush()
    add_roles(session, contact.id, clean.roles)
    return contact


# --- Overzicht -----------------------------------------------------------------------------


# The client's account manager, price list, main contact and the fiscal year holding today
# (the first by start, as the form shows it), in one query built once.
_OVERVIEW = (
    select(Identity.first_name, Identity.last_name, PriceList.name, ContactPerson.first_name,
           ContactPerson.last_name, ContactPerson.email, FiscalYear.start_date,
           FiscalYear.end_date)
    .select_from(Client)
    .outerjoin(Identity, Identity.id == Client.account_manager_id)
    .outerjoin(PriceList, PriceList.id == Client.price_list_id)
    .outerjoin(ContactPerson, (ContactPerson.client_id == Client.id)
               & (ContactPerson.is_main == True))
    .outerjoin(FiscalYear, (FiscalYear.client_id == Client.id)
               & (FiscalYear.start_date <= bindparam("today"))
               & (FiscalYear.end_date >= bindparam("today")))
    .where(Client.id == bindparam("client_id"))
    .order_by(FiscalYear.start_date).limit(1))


def client_overview(session: Session, actor: Actor, client_id: int) -> dict[str, Any]:
    """Basisgegevens as the seed shows them, as plain values."""
    client = get_client(session, actor, client_id)
    (manager_first, manager_last, price_list, main_first, main_last, main_email, year_start,
     year_end) = session.exec(_OVERVIEW, params={"client_id": client.id,
                                                  "today": _today()}).one()
    return {
        "number": client.number,
        "name": client.name,
        "kvk_number": client.kvk_number,
        "legal_form": client.legal_form,
        "address": client.address,
        "postcode_city": " ".join(p for p in (client.postcode, client.city) if p),
        "country": client.country,
        "visit_address": ", ".join(p for p in (
            client.visit_address, " ".join(q for q in (client.visit_postcode, client.visit_city)
                                            if q)) if p),
        "fiscal_year": _dutch_span(year_start, year_end) if year_start is not None else "",
        "price_list": price_list or "",
        "account_manager": f"{manager_first} {manager_last}".strip()
        if manager_first is not None else "",
        "main_contact": f"{main_first} {main_last}".strip() if main_first is not None else "",
        "main_contact_email": main_email if main_first is not None else "",
    }


def _dutch_span(start: date, end: date) -> str:
    def d(x: date) -> str:
        return f"{x.day}-{x.month}-{x.year}"
    return f"{d(start)} - {d(end)}"
