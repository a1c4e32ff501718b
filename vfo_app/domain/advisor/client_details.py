"""The client page's tabs: Contactpersonen, Contactmomenten, Prijsstelling, Industriestandaard.

Every function first fetches the client through ``get_client`` (office check).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel.numbers import format_currency
from sqlmodel import Session, col, select

from vfo_app.domain import audit, clock, dates, emails
from vfo_app.domain.advisor.client_input import clean_sbi_code, phone_ok
from vfo_app.domain.advisor.clients import (
    add_roles,
    contact_of,
    contacts_of,
    get_client,
    main_contact,
    make_main_contact,
)
from vfo_app.domain.auth import Actor
from vfo_app.domain.choices import Option
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.models import (
    ContactMoment,
    ContactPerson,
    ContactPersonRole,
    Identity,
    PriceList,
    PriceListItem,
)

CONTACT_KINDS = ["Telefoon", "E-mail", "Bezoek", "Overig"]
MAX_SUBJECT, MAX_NOTES, MAX_BRANCHE = 200, 4000, 100  # tekens


def money(cents: int) -> str:
    """Dutch money: 150000 -> '€ 1.500,00'."""
    return format_currency(cents / 100, "EUR", locale="nl_NL")


def _record(session: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
            changes: dict[str, Any]) -> None:
    audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id, action=action,
                 entity=entity, entity_id=entity_id, changes=changes)


# --- Contactpersonen ----------------------------------------------------------------------


@dataclass
class ContactInput:
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    mobile: str = ""
    email: str = ""
    roles: str = ""  # comma separated, added to the existing roles

    @classmethod
    def from_form(cls, form: dict[str, Any]) -> ContactInput:
        return cls(**{k: str(form.get(k, "") or "") for k in cls.__dataclass_fields__})


def list_contact_persons(session: Session, actor: Actor, client_id: int) -> list[dict[str, Any]]:
    """The client's contact persons, main contact first, each with its roles."""
    get_client(session, actor, client_id)
    people = contacts_of(session, client_id)
    roles: dict[int, list[str]] = {}
    if people:
        for person_id, role in session.exec(
            select(ContactPersonRole.contact_person_id, ContactPersonRole.role)
            .where(col(ContactPersonRole.contact_person_id).in_([p.id for p in people]))
            .order_by(ContactPersonRole.role)
        ).all():
            roles.setdefault(person_id, []).append(role)
    return [
        {"id": p.id, "first_name": p.first_name, "last_name": p.last_name, "name": p.full_name,
         "phone": p.phone, "mobile": p.mobile, "email": p.email, "is_main": p.is_main,
         "roles": ", ".join(roles.get(p.id, []))}
        for p in people
    ]


def _clean_contact(data: ContactInput) -> tuple[dict[str, str], list[str]]:
    values = {k: getattr(data, k).strip() for k in ("first_name", "last_name", "phone",
                                                     "mobile", "email")}
    errors = {}
    if not values["first_name"]:
        errors["first_name"] = "Voornaam is verplicht."
    if not values["last_name"]:
        errors["last_name"] = "Achternaam is verplicht."
    for key in ("phone", "mobile"):
        if values[key] and not phone_ok(values[key]):
            errors[key] = "Vul een geldig telefoonnummer in."
    if values["email"]:
        values["email"] = emails.contact_address(values["email"]) or ""
        if not values["email"]:
            errors["email"] = "Vul een geldig e-mailadres in."
    if errors:
        raise ValidationFailed(errors)
    roles = [r.strip()[:60] for r in data.roles.split(",") if r.strip()]
    return values, list(dict.fromkeys(roles))


def save_contact_person(session: Session, actor: Actor, client_id: int, data: ContactInput, *,
                        contact_id: int | None = None) -> ContactPerson:
    """Add (contact_id None) or edit a contact person. A client's first contact becomes main."""
    get_client(session, actor, client_id)
    values, roles = _clean_contact(data)
    if contact_id is None:
        contact = ContactPerson(client_id=client_id, **values)
        before: dict[str, Any] = {}
    else:
        contact = contact_of(session, client_id, contact_id)
        if contact is None:
            raise NotFound("Deze contactpersoon bestaat niet.")
        before = {k: getattr(contact, k) for k in values}
        for key, value in values.items():
            setattr(contact, key, value)
    session.add(contact)
    session.flush()
    if main_contact(session, client_id) is None:
        make_main_contact(session, client_id, contact)
    add_roles(session, contact.id, roles)
    changes = audit.diff(before, values) if contact_id else dict(values)
    if roles:
        changes["roles_added"] = roles
    _record(session, actor, "update" if contact_id else "create", "contact_person", contact.id,
            changes)
    return contact


def set_main_contact(session: Session, actor: Actor, client_id: int, contact_id: int) -> None:
    """Make one contact person the main contact (hoofdcontactpersoon); the others stop being it."""
    get_client(session, actor, client_id)
    contact = contact_of(session, client_id, contact_id)
    if contact is None:
        raise NotFound("Deze contactpersoon bestaat niet.")
    old = main_contact(session, client_id)
    make_main_contact(session, client_id, contact)
    session.flush()
    _record(session, actor, "set_main_contact", "client", client_id,
            {"main_contact": [old.full_name if old else None, contact.full_name]})


# --- Contactmomenten ------------------------------------------------------------------------


def record_contact_moment(session: Session, actor: Actor, client_id: int, *, occurred_on: str,
                          kind: str, subject: str, notes: str = "") -> ContactMoment:
    """Record a contact moment by the acting employee."""
    get_client(session, actor, client_id)
    day = dates.parse(occurred_on)
    errors = {}
    if day is None:
        errors["occurred_on"] = (dates.problem(occurred_on) if occurred_on.strip()
                                 else "Vul de datum in.")
    if kind not in CONTACT_KINDS:
        errors["kind"] = "Kies de soort contact."
    subject, notes = subject.strip(), notes.strip()
    if not subject:
        errors["subject"] = "Onderwerp is verplicht."
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = f"Het onderwerp mag hooguit {MAX_SUBJECT} tekens hebben."
    if len(notes) > MAX_NOTES:
        errors["notes"] = f"De notities mogen hooguit {MAX_NOTES} tekens hebben."
    if errors:
        raise ValidationFailed(errors)
    moment = ContactMoment(client_id=client_id, employee_id=actor.identity_id, occurred_on=day,
                           kind=kind, subject=subject, notes=notes, created_at=clock.now())
    session.add(moment)
    session.flush()
    _record(session, actor, "create", "contact_moment", moment.id,
            {"client_id": client_id, "occurred_on": day, "kind": kind, "subject": subject})
    return moment


def list_contact_moments(session: Session, actor: Actor, client_id: int,
                         limit: int = 200) -> list[dict[str, Any]]:
    """Newest first."""
    get_client(session, actor, client_id)
    rows = session.exec(
        select(ContactMoment, Identity.first_name, Identity.last_name)
        .join(Identity, Identity.id == ContactMoment.employee_id)
        .where(ContactMoment.client_id == client_id)
        .order_by(col(ContactMoment.occurred_on).desc(), col(ContactMoment.id).desc())
        .limit(limit)
    ).all()
    return [
        {"id": m.id, "date": dates.show(m.occurred_on),
         "kind": m.kind, "subject": m.subject, "notes": m.notes,
         "employee": f"{first} {last}".strip()}
        for m, first, last in rows
    ]


# --- Prijsstelling ---------------------------------------------------------------------------


def client_pricing(session: Session, actor: Actor, client_id: int) -> dict[str, Any]:
    """The client's price list with its prices, and the office's lists to choose from."""
    client = get_client(session, actor, client_id)
    lists = session.exec(
        select(PriceList).where(PriceList.office_id == client.office_id).order_by(PriceList.name)
    ).all()
    chosen = next((p for p in lists if p.id == client.price_list_id), None)
    items = session.exec(
        select(PriceListItem).where(PriceListItem.price_list_id == chosen.id)
        .order_by(PriceListItem.article_no)
    ).all() if chosen else []
    return {
        "price_list_id": str(chosen.id) if chosen else "",
        "price_list_name": chosen.name if chosen else "",
        "options": [Option(str(p.id), p.name) for p in lists],
        "items": [{"article_no": i.article_no, "description": i.description, "unit": i.unit,
                   "price": money(i.price_cents)} for i in items],
    }


def set_client_price_list(session: Session, actor: Actor, client_id: int,
                          price_list_id: int | None) -> None:
    client = get_client(session, actor, client_id)
    if price_list_id is not None:
        pl = session.get(PriceList, price_list_id)
        if pl is None or pl.office_id != client.office_id:
            raise ValidationFailed({"price_list_id": "Kies een prijslijst uit de lijst."})
    changes = audit.diff({"price_list_id": client.price_list_id}, {"price_list_id": price_list_id})
    client.price_list_id = price_list_id
    client.updated_at = clock.now()
    session.add(client)
    _record(session, actor, "update", "client", client.id, changes)


# --- Industriestandaard -----------------------------------------------------------------------


def client_industry(session: Session, actor: Actor, client_id: int) -> dict[str, str]:
    client = get_client(session, actor, client_id)
    return {"sbi_code": client.sbi_code, "branche": client.branche}


def update_industry(session: Session, actor: Actor, client_id: int, *, sbi_code: str,
                    branche: str) -> None:
    """SBI code: 2 to 5 digits; dots as written on KvK extracts are accepted and dropped."""
    client = get_client(session, actor, client_id)
    code = clean_sbi_code(sbi_code)
    branche = branche.strip()
    errors = {}
    if code is None:
        errors["sbi_code"] = "Een SBI-code bestaat uit 2 tot 5 cijfers, bijvoorbeeld 5610."
    if len(branche) > MAX_BRANCHE:
        errors["branche"] = f"De branche mag hooguit {MAX_BRANCHE} tekens hebben."
    if errors:
        raise ValidationFailed(errors)
    before = {"sbi_code": client.sbi_code, "branche": client.branche}
    after = {"sbi_code": code, "branche": branche}
    client.sbi_code, client.branche = code, branche
    client.updated_at = clock.now()
    session.add(client)
    _record(session, actor, "update", "client", client.id, audit.diff(before, after))
