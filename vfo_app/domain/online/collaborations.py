"""Samenwerkingen: an office asks for access to a product of its client's company.

Three situations, found in the company registry by KvK-nummer:
1. the company uses the product already  -> a request the company's Beheerders approve;
2. the company is known but does not use it -> enabled at once;
3. the company is unknown                   -> created from the client's data, enabled.

States: verzoek_verzonden -> actief | geweigerd | ingetrokken | verlopen (after REQUEST_VALID_DAYS);
actief -> beeindigd. One open (pending or active) collaboration per client and
product family, guarded by the unique ``open_key``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import bindparam
from sqlmodel import Session, select

from vfo_app.domain import access, audit, clock, emails
from vfo_app.domain.access import require_employee
from vfo_app.domain.advisor.client_input import normalize_postcode
from vfo_app.domain.advisor.clients import get_client, main_contact, search_text_of
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.models import (
    Client,
    ClientService,
    Collaboration,
    CollaborationState,
    Company,
    CompanyMember,
    CompanyProduct,
    PriceListItem,
)
from vfo_app.domain.online import products

REQUEST_VALID_DAYS = 14
RESENT_ANSWER = f"Het verzoek is opnieuw verzonden; het is weer {REQUEST_VALID_DAYS} dagen geldig."
DURATIONS = (1, 12)  # Duur overeenkomst in maanden
INVOICE_RECIPIENTS = ("kantoor", "klant")
# Price list article that prices a paid product.
PRICE_ARTICLE = {products.FINANCIAL_OVERVIEW: "FO"}


State = CollaborationState


OPEN_STATES = {State.REQUESTED, State.ACTIVE}
TRANSITIONS: dict[State, set[State]] = {
    State.REQUESTED: {State.ACTIVE, State.DECLINED, State.WITHDRAWN, State.EXPIRED},
    State.ACTIVE: {State.ENDED},
}


class CardAction(StrEnum):
    """What a catalogue card offers: the page words the button."""

    ACTIVATE = "activate"  # no open collaboration: "Activeren"
    START = "start"  # active: "Service starten" (and "Samenwerking beëindigen")
    NONE = ""  # a request waits for the client's answer


class Situation(StrEnum):
    USES_PRODUCT = "gebruikt_dienst"
    CUSTOMER = "klant_zonder_dienst"
    NEW_CUSTOMER = "nieuwe_klant"


def open_key(client_id: int, product: str) -> str:
    return f"{client_id}:{products.family_of(product)}"


def effective_state(collab: Collaboration) -> str:
    """The state as readers must see it: a request past its ``expires_at`` reads as verlopen
    even before the scheduled job (``expire_due``) has written that."""
    if (collab.state == State.REQUESTED.value and collab.expires_at is not None
            and collab.expires_at <= clock.now()):
        return State.EXPIRED.value
    return collab.state


def move(collab: Collaboration, to: State) -> None:
    """The state machine: refuse any transition it does not allow."""
    current = State(collab.state)
    if to not in TRANSITIONS.get(current, set()):
        raise ValidationFailed({"state": f"Een samenwerking met status '{current.value}' "
                                         f"kan niet naar '{to.value}'."})
    collab.state = to.value
    collab.updated_at = clock.now()
    if to not in OPEN_STATES:
        collab.open_key = None


# --- reading the registry -------------------------------------------------------------


def find_company(session: Session, kvk_number: str) -> Company | None:
    return session.exec(select(Company).where(Company.kvk_number == kvk_number)).first()


def company_uses(session: Session, company_id: int, product: str) -> bool:
    family = products.family_of(product)
    used = session.exec(select(CompanyProduct.product).where(
        CompanyProduct.company_id == company_id)).all()
    return any(products.family_of(p) == family for p in used)


def situation_for(session: Session, kvk_number: str, product: str) -> tuple[Situation, Company | None]:
    company = find_company(session, kvk_number)
    if company is None:
        return Situation.NEW_CUSTOMER, None
    if company_uses(session, company.id, product):
        return Situation.USES_PRODUCT, company
    return Situation.CUSTOMER, company


REQUIRED_CLIENT_DATA = {
    "name": "Naam",
    "kvk_number": "KvK-nummer",
    "address": "Adres",
    "postcode": "Postcode",
    "city": "Plaats",
    "contact_email": "E-mail contactpersoon",
}


def missing_client_data(session: Session, client: Client) -> list[str]:
    """Keys of REQUIRED_CLIENT_DATA the client lacks; the wizard asks for these first."""
    contact = main_contact(session, client.id)
    values = {
        "name": client.name, "kvk_number": client.kvk_number, "address": client.address,
        "postcode": client.postcode, "city": client.city,
        "contact_email": contact.email if contact else "",
    }
    return [key for key in REQUIRED_CLIENT_DATA if not (values[key] or "").strip()]


def complete_client_data(session: Session, actor: Actor, *, client_id: int,
                         values: dict[str, str]) -> Client:
    """Save what the wizard asked for (only the missing fields), with the client form's rules."""
    client = get_client(session, actor, client_id)
    missing = missing_client_data(session, client)
    text = {k: str(values.get(k, "")).strip() for k in missing}
    errors = {k: f"{REQUIRED_CLIENT_DATA[k]} is verplicht." for k, v in text.items() if not v}
    if text.get("kvk_number") and not re.fullmatch(r"\d{8}", text["kvk_number"]):
        errors["kvk_number"] = "Het KvK-nummer bestaat uit precies 8 cijfers."
    elif text.get("kvk_number") and session.exec(select(Client.id).where(
            Client.office_id == client.office_id, Client.kvk_number == text["kvk_number"],
            Client.id != client.id)).first():
        errors["kvk_number"] = "Dit KvK-nummer is al in gebruik bij een andere klant."
    if text.get("postcode") and client.country in ("", "Nederland"):
        text["postcode"] = normalize_postcode(text["postcode"]) or ""
        if not text["postcode"]:
            errors["postcode"] = "Vul een geldige postcode in, bijvoorbeeld 1234 AB."
    if text.get("contact_email"):
        text["contact_email"] = emails.contact_address(text["contact_email"]) or ""
        if not text["contact_email"]:
            errors["contact_email"] = "Vul een geldig e-mailadres in."
    if errors:
        raise ValidationFailed(errors)
    before = {k: getattr(client, k) for k in text if k != "contact_email"}
    for key, value in text.items():
        if key != "contact_email":
            setattr(client, key, value)
    client.search_text = search_text_of(client)
    client.updated_at = clock.now()
    session.add(client)
    if "contact_email" in text:
        _set_contact_email(session, client, text["contact_email"])
    audit.record(session, actor_id=actor.identity_id, office_id=client.office_id,
                 action="update", entity="client", entity_id=client.id,
                 changes=audit.diff(before, {k: getattr(client, k) for k in before})
                 | ({"contact_email": [None, text["contact_email"]]}
                    if "contact_email" in text else {}))
    return client


def _set_contact_email(session: Session, client: Client, email: str) -> None:
    contact = main_contact(session, client.id)
    if contact is None:
        raise ValidationFailed({"contact_email": "Leg eerst een hoofdcontactpersoon vast bij "
                                                 "Contactpersonen."})
    contact.email = email
    session.add(contact)


def price_cents(session: Session, client: Client, product: str) -> int | None:
    article = PRICE_ARTICLE.get(product)
    if not article or client.price_list_id is None:
        return None
    item = session.exec(select(PriceListItem).where(
        PriceListItem.price_list_id == client.price_list_id,
        PriceListItem.article_no == article)).first()
    return item.price_cents if item else None


def open_collaboration(session: Session, client_id: int, product: str) -> Collaboration | None:
    return session.exec(select(Collaboration).where(
        Collaboration.open_key == open_key(client_id, product))).first()


# --- starting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """What step 2 of the wizard shows before anything is saved."""

    company_name: str
    kvk_number: str
    product: str
    product_name: str
    situation: Situation
    paid: bool
    price_cents: int | None
    subscription_running: bool
    needs_company_email: bool
    missing: tuple[str, ...]


def preview(session: Session, actor: Actor, *, client_id: int, product: str) -> Preview:
    client = get_client(session, actor, client_id)
    prod = _product(product)
    situation, company = situation_for(session, client.kvk_number, product)
    contact = main_contact(session, client.id)
    has_email = bool(
        (company and company.email) or client.company_email or (contact and contact.email))
    return Preview(
        company_name=company.name if company else client.name,
        kvk_number=client.kvk_number,
        product=prod.key,
        product_name=prod.name,
        situation=situation,
        paid=prod.paid,
        price_cents=price_cents(session, client, product) if prod.paid else None,
        subscription_running=situation == Situation.USES_PRODUCT,
        needs_company_email=situation == Situation.NEW_CUSTOMER and not has_email,
        missing=tuple(missing_client_data(session, client)),
    )


def check_first_step(session: Session, actor: Actor, *, client_id: int, product: str,
                     client_service_id: int | None, values: dict[str, str]) -> Preview:
    """Step 1 of the wizard checked without saving anything: the chosen dienst, the missing
    client data as filled in (with ``complete_client_data``'s rules) and the preview with
    that data. The data is written in a savepoint that is always rolled back; ``start``
    writes it for real in the last step."""
    errors = {} if client_service_id is not None else {"client_service_id": "Kies een dienst."}
    savepoint = session.begin_nested()
    try:
        if values:
            try:
                complete_client_data(session, actor, client_id=client_id, values=values)
            except ValidationFailed as exc:
                errors |= exc.errors
        result = preview(session, actor, client_id=client_id, product=product)
    finally:
        savepoint.rollback()
    if errors:
        raise ValidationFailed(errors)
    return result


def _product(key: str) -> products.Product:
    try:
        prod = products.product(key)
    except KeyError:
        raise ValidationFailed({"product": "Kies een service."}) from None
    return prod


def _check_terms(prod: products.Product, invoice_recipient: str, duration_months: int | None
                 ) -> dict[str, str]:
    if not prod.paid:
        return {}
    errors = {}
    if invoice_recipient not in INVOICE_RECIPIENTS:
        errors["invoice_recipient"] = "Kies wie de facturen ontvangt."
    if duration_months not in DURATIONS:
        errors["duration_months"] = "Kies de duur van de overeenkomst."
    return errors


def start(
    session: Session,
    actor: Actor,
    *,
    client_id: int,
    product: str,
    client_service_id: int | None,
    invoice_recipient: str = "",
    duration_months: int | None = None,
    company_email: str = "",
) -> Collaboration:
    """Start a collaboration (request or enable). Idempotent per client and product family:
    an open one is returned as it is. A concurrent duplicate fails on ``open_key`` at commit."""
    office_id = require_employee(actor)
    client = get_client(session, actor, client_id)
    prod = _product(product)
    expire_due(session)  # a request past its time no longer holds the slot
    existing = open_collaboration(session, client.id, product)
    if existing is not None:
        return existing
    errors = _check_terms(prod, invoice_recipient, duration_months)
    service = session.get(ClientService, client_service_id) if client_service_id else None
    if service is None or service.client_id != client.id:
        errors["client_service_id"] = "Kies een dienst van deze klant."
    missing = missing_client_data(session, client)
    for key in missing:
        errors[key] = f"{REQUIRED_CLIENT_DATA[key]} is verplicht."
    situation, company = situation_for(session, client.kvk_number, product)
    if situation == Situation.NEW_CUSTOMER:
        company_email = company_email.strip() or _client_email(session, client)
        if not company_email:
            errors["company_email"] = "Vul het e-mailadres van het bedrijf in."
    if errors:
        raise ValidationFailed(errors)

    now = clock.now()
    if company is None:
        company = _create_company(session, client, company_email)
    collab = Collaboration(
        office_id=office_id, client_id=client.id, company_id=company.id,
        client_service_id=service.id, product=prod.key, state=State.ACTIVE.value,
        open_key=open_key(client.id, prod.key),
        invoice_recipient=invoice_recipient if prod.paid else "",
        duration_months=duration_months if prod.paid else None,
        price_cents=price_cents(session, client, prod.key) if prod.paid else None,
        requested_by_id=actor.identity_id, created_at=now, updated_at=now,
    )
    if situation == Situation.USES_PRODUCT:
        collab.state = State.REQUESTED.value
        collab.expires_at = now + timedelta(days=REQUEST_VALID_DAYS)
    session.add(collab)
    session.flush()
    _log(session, actor.identity_id, collab, "started", situation=situation.value)
    if collab.state == State.ACTIVE.value:
        _enable(session, actor.identity_id, collab)
    else:
        _log(session, actor.identity_id, collab, "request_sent")
    return collab


def _client_email(session: Session, client: Client) -> str:
    contact = main_contact(session, client.id)
    return client.company_email or (contact.email if contact else "")


def _create_company(session: Session, client: Client, email: str) -> Company:
    company = Company(kvk_number=client.kvk_number, name=client.name, address=client.address,
                      postcode=client.postcode, city=client.city, country=client.country,
                      email=email)
    session.add(company)
    session.flush()
    return company


def _enable(session: Session, actor_id: int | None, collab: Collaboration) -> None:
    if not session.exec(select(CompanyProduct).where(
            CompanyProduct.company_id == collab.company_id,
            CompanyProduct.product == collab.product)).first():
        session.add(CompanyProduct(company_id=collab.company_id, product=collab.product))
    _log(session, actor_id, collab, "enabled")


def _log(session: Session, actor_id: int | None, collab: Collaboration, action: str,
         **changes) -> None:
    audit.record(session, actor_id=actor_id, office_id=collab.office_id, action=action,
                 entity="collaboration", entity_id=collab.id,
                 changes={"state": collab.state, "product": collab.product, **changes})


# --- answering, withdrawing, expiring, ending ------------------------------------------------


def _request(session: Session, collaboration_id: int | None) -> Collaboration:
    collab = session.get(Collaboration, collaboration_id) if collaboration_id else None
    if collab is None:
        raise NotFound("Dit verzoek bestaat niet.")
    return collab


def answer(session: Session, actor: Actor, *, collaboration_id: int | None, approve: bool
           ) -> Collaboration:
    """A Beheerder of the company approves or declines a pending request."""
    collab = _request(session, collaboration_id)
    access.require_company_admin(session, actor, collab.company_id)
    expire_due(session)
    move(collab, State.ACTIVE if approve else State.DECLINED)
    collab.answered_by_id = actor.identity_id
    session.add(collab)
    _log(session, actor.identity_id, collab, "approved" if approve else "declined")
    if approve:
        _enable(session, actor.identity_id, collab)
    return collab


def withdraw(session: Session, actor: Actor, *, collaboration_id: int) -> Collaboration:
    collab = access.collaboration_to_end(session, actor, collaboration_id)
    expire_due(session)
    move(collab, State.WITHDRAWN)
    session.add(collab)
    _log(session, actor.identity_id, collab, "withdrawn")
    return collab


def resend(session: Session, actor: Actor, *, collaboration_id: int) -> Collaboration:
    """Send a pending request again: its REQUEST_VALID_DAYS start anew."""
    collab = access.office_collaboration(session, actor, collaboration_id)
    expire_due(session)
    if collab.state != State.REQUESTED.value:
        raise ValidationFailed({"state": "Alleen een openstaand verzoek kan opnieuw worden verzonden."})
    collab.expires_at = clock.now() + timedelta(days=REQUEST_VALID_DAYS)
    collab.updated_at = clock.now()
    session.add(collab)
    _log(session, actor.identity_id, collab, "request_sent", resent=True)
    return collab


def end(session: Session, actor: Actor, *, collaboration_id: int) -> Collaboration:
    collab = access.collaboration_to_end(session, actor, collaboration_id)
    move(collab, State.ENDED)
    session.add(collab)
    _log(session, actor.identity_id, collab, "ended")
    return collab


def expire_due(session: Session) -> int:
    """Mark requests past their REQUEST_VALID_DAYS as verlopen; returns how many."""
    now = clock.now()
    due = session.exec(select(Collaboration).where(
        Collaboration.state == State.REQUESTED.value, Collaboration.expires_at <= now)).all()
    for collab in due:
        move(collab, State.EXPIRED)
        session.add(collab)
        _log(session, None, collab, "expired")
    return len(due)


# --- reading for the screens ------------------------------------------------------------

STATE_LABELS = {
    None: "niet actief",
    State.REQUESTED.value: "verzoek verzonden",
    State.ACTIVE.value: "actief",
    State.DECLINED.value: "geweigerd",
    State.WITHDRAWN.value: "niet actief",
    State.EXPIRED.value: "niet actief",
    State.ENDED.value: "beëindigd",
}


@dataclass(frozen=True)
class CatalogueCard:
    """One product on the tab Samenwerkingen with this client's state."""

    product: str
    name: str
    description: str
    bullets: tuple[str, ...]
    variants: tuple[tuple[str, str], ...]
    state_label: str
    collaboration_id: int | None
    active_product_name: str
    action: CardAction


def _latest_per_family(session: Session, client_id: int) -> dict[str, Collaboration]:
    rows = session.exec(select(Collaboration).where(Collaboration.client_id == client_id)
                        .order_by(Collaboration.id)).all()
    return {products.family_of(c.product): c for c in rows}


def catalogue(session: Session, actor: Actor, *, client_id: int) -> list[CatalogueCard]:
    client = get_client(session, actor, client_id)
    latest = _latest_per_family(session, client.id)
    cards = []
    for prod in products.CATALOGUE:
        collab = latest.get(prod.family_key)
        state = effective_state(collab) if collab else None
        cards.append(CatalogueCard(
            product=prod.key, name=prod.name, description=prod.description,
            bullets=prod.bullets,
            variants=tuple((v, products.NAMES[v]) for v in prod.variants),
            state_label=STATE_LABELS[state],
            collaboration_id=collab.id if collab else None,
            active_product_name=products.NAMES[collab.product] if collab else "",
            action=CardAction.START if state == State.ACTIVE.value
            else (CardAction.NONE if state == State.REQUESTED.value else CardAction.ACTIVATE),
        ))
    return cards


# built once, as it is read on every load of a client's Overzicht tab: its cache key is reused
_ACTIVE_PRODUCTS = (select(Collaboration.id, Collaboration.product)
                    .where(Collaboration.client_id == bindparam("client_id"),
                           Collaboration.state == State.ACTIVE.value)
                    .order_by(Collaboration.id))


def active_products(session: Session, actor: Actor, *, client_id: int
                    ) -> list[tuple[int, str, str]]:
    """(collaboration id, product, product name) of the active collaborations: "Services starten".
    """
    client = get_client(session, actor, client_id)
    rows = session.exec(_ACTIVE_PRODUCTS, params={"client_id": client.id}).all()
    return [(id_, product, products.NAMES[product]) for id_, product in rows]


HISTORY_LABELS = {
    "started": "Samenwerking gestart",
    "request_sent": "Verzoek verzonden",
    "approved": "Verzoek goedgekeurd",
    "declined": "Verzoek geweigerd",
    "withdrawn": "Verzoek ingetrokken",
    "expired": "Verzoek verlopen",
    "enabled": "Dienst ingeschakeld",
    "ended": "Samenwerking beëindigd",
}


def history(session: Session, actor: Actor, *, client_id: int) -> list[dict]:
    """Every step of the client's collaborations, newest first, from the audit log."""
    from vfo_app.domain.models import AuditEntry, Identity  # local: only this screen needs them

    client = get_client(session, actor, client_id)
    collabs = session.exec(select(Collaboration).where(Collaboration.client_id == client.id)).all()
    if not collabs:
        return []
    ids = [c.id for c in collabs]
    rows = session.exec(
        select(AuditEntry, Identity)
        .join(Identity, Identity.id == AuditEntry.actor_id, isouter=True)
        .where(AuditEntry.entity == "collaboration", AuditEntry.entity_id.in_(ids))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    steps = [
        {"at": entry.at, "step": HISTORY_LABELS.get(entry.action, entry.action),
         "product": products.NAMES.get(entry.changes.get("product", ""), ""),
         "by": who.full_name if who else "Systeem", "collaboration_id": entry.entity_id}
        for entry, who in rows
    ]
    # a request past its time that the scheduled job has not yet marked: the step it will log
    due = [{"at": c.expires_at, "step": HISTORY_LABELS["expired"],
            "product": products.NAMES.get(c.product, ""), "by": "Systeem", "collaboration_id": c.id}
           for c in collabs if c.state != effective_state(c)]
    return sorted(due + steps, key=lambda s: s["at"], reverse=True) if due else steps


def company_requests(session: Session, actor: Actor) -> list[dict]:
    """Requests of the companies where the actor is Beheerder: who asks, what, on which terms."""
    from vfo_app.domain.models import Office  # local: only this screen needs it

    rows = session.exec(
        select(Collaboration, Office, Company)
        .join(Office, Office.id == Collaboration.office_id)
        .join(Company, Company.id == Collaboration.company_id)
        .join(CompanyMember, CompanyMember.company_id == Collaboration.company_id)
        .where(CompanyMember.identity_id == actor.identity_id, CompanyMember.role == "beheerder",
               CompanyMember.active == True)
        .order_by(Collaboration.created_at.desc(), Collaboration.id.desc())
    ).all()
    return [
        {"id": c.id, "office": office.name, "company": company.name,
         "product": products.NAMES[c.product], "state": effective_state(c),
         "state_label": STATE_LABELS[effective_state(c)], "invoice_recipient": c.invoice_recipient,
         "duration_months": c.duration_months, "price_cents": c.price_cents,
         "created_at": c.created_at, "expires_at": c.expires_at}
        for c, office, company in rows
    ]


def waiting_count(session: Session, actor: Actor) -> int:
    """How many requests the actor, as a company's Beheerder, still has to answer."""
    return sum(1 for r in company_requests(session, actor) if r["state"] == State.REQUESTED.value)


# --- opening Financial Overview ------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewAccess:
    allowed: bool
    client_name: str
    product_name: str
    reason: str = ""


def open_financial_overview(session: Session, actor: Actor, *, client_id: int) -> OverviewAccess:
    """Whether the employee may open the client's Financial Overview, and if not, why not
    (the access policy decides)."""
    decided = access.figures_access(session, actor, client_id)
    product = decided.collaboration.product if decided.collaboration else products.FINANCIAL_OVERVIEW
    return OverviewAccess(decided.allowed, decided.client.name, products.NAMES[product],
                          decided.reason)


def pending_for_client(session: Session, actor: Actor, *, client_id: int) -> list[Collaboration]:
    """The client's requests still waiting for an answer (not past their time)."""
    client = get_client(session, actor, client_id)
    rows = session.exec(select(Collaboration).where(
        Collaboration.client_id == client.id,
        Collaboration.state == State.REQUESTED.value).order_by(Collaboration.id)).all()
    return [c for c in rows if effective_state(c) == State.REQUESTED.value]
