"""Gebruikers of a company in Online (procedure step 3): who may manage them, and how.

Managers of a company's users: the employees who serve one of the office's clients linked to
that company by an active collaboration (owner or participant of a service of that client),
and the company's own active Beheerders. Nobody else, whatever event they send: every
function below starts with ``_managed_company``, and a company the actor may not manage
answers the same as an unknown one.

Invariants, checked after every change: a company with active users has exactly one
Hoofdcontactpersoon, who is a Beheerder (so there is always at least one Beheerder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from vfo_app import routes
from vfo_app.domain import access, audit, auth, emails, mail, tokens
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.models import (
    Company,
    CompanyMember,
    CompanyProduct,
    Identity,
    MemberProduct,
    OfficeMembership,
    OutboxMessage,
)
from vfo_app.domain.online import products
from vfo_app.domain.online.companies import COMPANY_ROLE_BEHEERDER, COMPANY_ROLE_GEBRUIKER
from vfo_app.settings import get_settings

ROLES = {COMPANY_ROLE_BEHEERDER: "Beheerder", COMPANY_ROLE_GEBRUIKER: "Gebruiker"}
NOT_CHECKED = "De gebruiker heeft het e-mailadres niet gecontroleerd"
ROLE_EXPLANATION = ("Beheerders mogen inloggen in diensten, gebruikers beheren en "
                    "factuurgegevens zien. Zij kunnen ook als hoofdcontactpersoon worden "
                    "ingesteld.")
NOT_YOURS = access.NO_COMPANY_USERS
OWNER_CHANGES_ADDRESS = ("Deze gebruiker heeft het account al geactiveerd. Alleen de gebruiker "
                         "zelf kan het e-mailadres wijzigen, onder Mijn account.")
UNKNOWN_USER = "Deze gebruiker bestaat niet of hoort niet bij dit bedrijf."
MAIN_MUST_STAY = ("Er is altijd één hoofdcontactpersoon. Maak eerst een andere Beheerder "
                  "hoofdcontactpersoon.")
MAIN_IS_BEHEERDER = "De hoofdcontactpersoon moet Beheerder zijn."
MAX_NAME, MAX_PHONE = 100, 40  # tekens
# Main services (hoofddiensten) in the order of the seed's form. Visma Advisor is where the
# company's accountant works with it, so every company offers it.
MAIN_SERVICE_ORDER = (products.ADVISOR, products.EACCOUNTING, products.FINANCIAL_OVERVIEW,
                      products.FINANCIAL_OVERVIEW_STARTER, products.FINANCIALS, products.SCANNER)


@dataclass(frozen=True)
class UserInput:
    """The "Maak gebruiker aan" form, already parsed."""

    email: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    role: str = COMPANY_ROLE_BEHEERDER
    is_main_contact: bool = False
    products: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompanyRow:
    id: int
    name: str
    kvk_number: str
    city: str
    relation: str  # "Klant van uw kantoor (BSE)" | "Beheerder"


@dataclass(frozen=True)
class UserRow:
    member_id: int
    name: str
    email: str
    phone: str
    role: str
    role_label: str
    is_main_contact: bool
    email_checked: bool
    last_login_at: datetime | None
    products: tuple[str, ...]
    product_names: tuple[str, ...]
    active: bool
    mail_problem: str = ""
    activated: bool = False  # has set a password: no activation link, address only by owner


@dataclass(frozen=True)
class CreateOutcome:
    member_id: int
    linked_existing: bool  # the address already had an account
    mail_kind: str  # "activation" | "access_granted"
    notes: tuple[str, ...] = field(default=())


# --- who may manage ------------------------------------------------------------------------


def _managed_company(session: Session, actor: Actor, company_id: int, *,
                     lock: bool = False) -> Company:
    """The company if the actor may manage its users; locked for changes, so two managers
    cannot both take the last Beheerder away (PostgreSQL; SQLite serializes writers)."""
    query = select(Company).where(Company.id == company_id)
    company = session.exec(query.with_for_update() if lock else query).first()
    if company is None or not access.may_manage_company_users(session, actor, company.id):
        raise NotFound(NOT_YOURS)
    return company


def manageable_companies(session: Session, actor: Actor) -> list[CompanyRow]:
    """The "Bedrijven" list: companies of the clients the employee serves, or the companies
    where the client user is Beheerder."""
    rows: dict[int, CompanyRow] = {}
    for company_id, client in access.served_companies(session, actor).items():
        company = session.get(Company, company_id)
        rows[company_id] = CompanyRow(company.id, company.name, company.kvk_number, company.city,
                                      f"Klant van uw kantoor ({client.number})")
    own = session.exec(
        select(Company).join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.identity_id == actor.identity_id, CompanyMember.active == True,
               CompanyMember.role == COMPANY_ROLE_BEHEERDER)).all()
    for company in own:
        rows.setdefault(company.id, CompanyRow(company.id, company.name, company.kvk_number,
                                               company.city, "Beheerder"))
    return sorted(rows.values(), key=lambda r: r.name.lower())


def company_name(session: Session, actor: Actor, company_id: int) -> str:
    return _managed_company(session, actor, company_id).name


# --- reading ---------------------------------------------------------------------------------


def offered_products(session: Session, company_id: int) -> list[tuple[str, str]]:
    """(product, name) of the main services a user of this company can be given."""
    used = set(session.exec(select(CompanyProduct.product).where(
        CompanyProduct.company_id == company_id)).all()) | {products.ADVISOR}
    ordered = [p for p in MAIN_SERVICE_ORDER if p in used]
    ordered += sorted(p for p in used if p not in MAIN_SERVICE_ORDER)
    return [(p, products.NAMES.get(p, p)) for p in ordered]


def products_for(session: Session, actor: Actor, company_id: int) -> list[tuple[str, str]]:
    _managed_company(session, actor, company_id)
    return offered_products(session, company_id)


def _member_products(session: Session, member_id: int) -> tuple[str, ...]:
    return tuple(session.exec(select(MemberProduct.product).where(
        MemberProduct.company_member_id == member_id).order_by(MemberProduct.product)).all())


def _mail_problem(session: Session, company_id: int, identity_id: int) -> str:
    """The latest undelivered message to this user, if delivery failed: never silent."""
    row = session.exec(select(OutboxMessage).where(
        OutboxMessage.company_id == company_id, OutboxMessage.identity_id == identity_id)
        .order_by(OutboxMessage.id.desc())).first()
    if row is None or row.sent_at is not None or not row.last_error:
        return ""
    return f"E-mail niet verzonden: {row.last_error} (wordt opnieuw geprobeerd)"


def _row(session: Session, member: CompanyMember, identity: Identity,
         names: dict[str, str]) -> UserRow:
    keys = _member_products(session, member.id)
    return UserRow(
        member_id=member.id, name=identity.full_name, email=identity.email, phone=member.phone,
        role=member.role, role_label=ROLES.get(member.role, member.role),
        is_main_contact=member.is_main_contact,
        email_checked=identity.email_verified_at is not None,
        last_login_at=identity.last_login_at, products=keys,
        product_names=tuple(names.get(k, products.NAMES.get(k, k)) for k in keys),
        active=member.active, mail_problem=_mail_problem(session, member.company_id, identity.id),
        activated=_is_activated(identity),
    )


def list_users(session: Session, actor: Actor, *, company_id: int) -> list[UserRow]:
    """Gebruikers: active users first, the Hoofdcontactpersoon on top, then by name."""
    company = _managed_company(session, actor, company_id)
    names = dict(offered_products(session, company.id))
    rows = session.exec(
        select(CompanyMember, Identity).join(Identity, Identity.id == CompanyMember.identity_id)
        .where(CompanyMember.company_id == company.id)).all()
    result = [_row(session, m, i, names) for m, i in rows]
    return sorted(result, key=lambda r: (not r.active, not r.is_main_contact, r.name.lower()))


# --- validation and invariants --------------------------------------------------------------


def _validate(session: Session, company_id: int, data: UserInput) -> tuple[UserInput, dict]:
    errors: dict[str, str] = {}
    email = emails.validated(data.email)
    if email is None:
        errors["email"] = "Vul een geldig e-mailadres in."
    first, last, phone = data.first_name.strip(), data.last_name.strip(), data.phone.strip()
    if not first:
        errors["first_name"] = "Voornaam is verplicht."
    if not last:
        errors["last_name"] = "Achternaam is verplicht."
    for key, value, limit in (("first_name", first, MAX_NAME), ("last_name", last, MAX_NAME),
                              ("phone", phone, MAX_PHONE)):
        if len(value) > limit:
            errors[key] = f"Maximaal {limit} tekens."
    _check_role_and_products(session, company_id, data, errors)
    clean = UserInput(email=email or "", first_name=first, last_name=last, phone=phone,
                      role=data.role, is_main_contact=data.is_main_contact,
                      products=tuple(dict.fromkeys(data.products)))
    return clean, errors


def _check_role_and_products(session: Session, company_id: int, data: UserInput,
                             errors: dict[str, str]) -> None:
    if data.role not in ROLES:
        errors["role"] = "Kies Beheerder of Gebruiker."
    elif data.is_main_contact and data.role != COMPANY_ROLE_BEHEERDER:
        errors["role"] = MAIN_IS_BEHEERDER
    offered = {p for p, _ in offered_products(session, company_id)}
    if any(p not in offered for p in data.products):
        errors["products"] = "Kies alleen diensten die het bedrijf gebruikt."


def _active_members(session: Session, company_id: int) -> list[CompanyMember]:
    return list(session.exec(select(CompanyMember).where(
        CompanyMember.company_id == company_id, CompanyMember.active == True)).all())


def check_invariants(session: Session, company_id: int) -> None:
    """Exactly one Hoofdcontactpersoon, a Beheerder, whenever the company has active users."""
    session.flush()
    members = _active_members(session, company_id)
    if not members:
        return
    mains = [m for m in members if m.is_main_contact]
    if len(mains) != 1:
        raise ValidationFailed({"is_main_contact": MAIN_MUST_STAY})
    if mains[0].role != COMPANY_ROLE_BEHEERDER or not any(m.role == COMPANY_ROLE_BEHEERDER for m in members):
        raise ValidationFailed({"role": MAIN_IS_BEHEERDER})


def _make_main_contact(session: Session, member: CompanyMember) -> None:
    for other in _active_members(session, member.company_id):
        if other.id != member.id and other.is_main_contact:
            other.is_main_contact = False
            session.add(other)
    member.is_main_contact = True
    session.add(member)


def _set_products(session: Session, member_id: int, wanted: tuple[str, ...]) -> None:
    current = {row.product: row for row in session.exec(select(MemberProduct).where(
        MemberProduct.company_member_id == member_id)).all()}
    for key, row in current.items():
        if key not in wanted:
            session.delete(row)
    for key in wanted:
        if key not in current:
            session.add(MemberProduct(company_member_id=member_id, product=key))


# --- mail --------------------------------------------------------------------------------------


def send_activation(session: Session, identity: Identity, *, company_id: int | None,
                    sender_id: int | None, office_id: int | None = None) -> OutboxMessage:
    """A fresh activation link (earlier ones die) to the identity's current address."""
    token = tokens.issue(session, identity)
    link = routes.activation_url(get_settings().base_url, token)
    message = mail.render("activation", {"first_name": identity.first_name, "link": link})
    return mail.queue(session, kind="activation", to=identity.email, message=message,
                      company_id=company_id, identity_id=identity.id, sender_id=sender_id,
                      office_id=office_id)


def _send_access_notice(session: Session, identity: Identity, company: Company,
                        actor: Actor) -> OutboxMessage:
    link = get_settings().base_url.rstrip("/") + routes.LOGIN
    message = mail.render("access_granted", {"first_name": identity.first_name,
                                             "company_name": company.name,
                                             "email": identity.email, "link": link})
    return mail.queue(session, kind="access_granted", to=identity.email, message=message,
                      company_id=company.id, identity_id=identity.id,
                      sender_id=actor.identity_id, office_id=actor.office_id)


def _is_activated(identity: Identity) -> bool:
    """Has a password (as activation.is_activated; that module imports this one)."""
    return bool(identity.password_hash)


ALREADY_ACTIVATED = ("Deze gebruiker heeft het account al geactiveerd. Een activatielink is niet "
                     "nodig; wie het wachtwoord kwijt is, kiest 'Wachtwoord vergeten?' bij "
                     "het inloggen.")


# --- changing ----------------------------------------------------------------------------------


def _identity_for(session: Session, data: UserInput) -> tuple[Identity, bool]:
    """The existing account of this address (linked, not duplicated), or a new one."""
    identity = session.exec(select(Identity).where(Identity.email == data.email)).first()
    if identity is not None:
        if session.exec(select(OfficeMembership.id).where(
                OfficeMembership.identity_id == identity.id)).first():
            raise ValidationFailed({"email": "Dit e-mailadres hoort bij een medewerker van een "
                                             "accountantskantoor."})
        return identity, True
    identity = Identity(email=data.email, first_name=data.first_name, last_name=data.last_name)
    session.add(identity)
    session.flush()
    return identity, False


def _member_for(session: Session, company_id: int, identity: Identity, data: UserInput
                ) -> CompanyMember:
    member = session.exec(select(CompanyMember).where(
        CompanyMember.company_id == company_id,
        CompanyMember.identity_id == identity.id)).first()
    if member is not None and member.active:
        raise ValidationFailed({"email": "Deze gebruiker hoort al bij dit bedrijf."})
    member = member or CompanyMember(company_id=company_id, identity_id=identity.id,
                                     role=data.role)
    member.role, member.phone, member.active = data.role, data.phone, True
    member.is_main_contact = False
    session.add(member)
    session.flush()
    return member


def create_user(session: Session, actor: Actor, *, company_id: int, data: UserInput
                ) -> CreateOutcome:
    """Maak gebruiker aan. The first user becomes Hoofdcontactpersoon (and so must be a
    Beheerder); an address with an account is linked, and an activated person gets a notice
    instead of an activation link."""
    company = _managed_company(session, actor, company_id, lock=True)
    first_user = not _active_members(session, company.id)
    data, errors = _validate(session, company.id, data)
    if first_user and data.role != COMPANY_ROLE_BEHEERDER and "role" not in errors:
        errors["role"] = ("De eerste gebruiker wordt de hoofdcontactpersoon en moet "
                          "Beheerder zijn.")
    if errors:
        raise ValidationFailed(errors)
    identity, linked = _identity_for(session, data)
    member = _member_for(session, company.id, identity, data)
    if first_user or data.is_main_contact:
        _make_main_contact(session, member)
    _set_products(session, member.id, data.products)
    check_invariants(session, company.id)
    if _is_activated(identity):
        _send_access_notice(session, identity, company, actor)
        kind = "access_granted"
    else:
        send_activation(session, identity, company_id=company.id, sender_id=actor.identity_id,
                        office_id=actor.office_id)
        kind = "activation"
    _log(session, actor, "user_created", member, role=member.role, linked=linked,
         main_contact=member.is_main_contact, products=list(data.products))
    return CreateOutcome(member.id, linked, kind)


def _member(session: Session, company: Company, member_id: int) -> CompanyMember:
    member = session.get(CompanyMember, member_id)
    if member is None or member.company_id != company.id or not member.active:
        raise NotFound(UNKNOWN_USER)
    return member


def update_user(session: Session, actor: Actor, *, company_id: int, member_id: int,
                role: str, is_main_contact: bool, products_: tuple[str, ...],
                phone: str = "") -> CompanyMember:
    """Change role, services, main contact and phone, keeping the invariants."""
    company = _managed_company(session, actor, company_id, lock=True)
    member = _member(session, company, member_id)
    data = UserInput(role=role, is_main_contact=is_main_contact, products=products_)
    errors: dict[str, str] = {}
    _check_role_and_products(session, company.id, data, errors)
    if member.is_main_contact and not is_main_contact:
        errors["is_main_contact"] = MAIN_MUST_STAY
    if len(phone.strip()) > MAX_PHONE:
        errors["phone"] = f"Maximaal {MAX_PHONE} tekens."
    if errors:
        raise ValidationFailed(errors)
    before = {"role": member.role, "main_contact": member.is_main_contact,
              "products": list(_member_products(session, member.id)), "phone": member.phone}
    member.role, member.phone = role, phone.strip()
    session.add(member)
    if is_main_contact:
        _make_main_contact(session, member)
    _set_products(session, member.id, tuple(dict.fromkeys(products_)))
    check_invariants(session, company.id)
    after = {"role": role, "main_contact": is_main_contact,
             "products": sorted(dict.fromkeys(products_)), "phone": member.phone}
    _log(session, actor, "user_updated", member, **audit.diff(before, after))
    return member


def deactivate_user(session: Session, actor: Actor, *, company_id: int, member_id: int
                    ) -> CompanyMember:
    """The user loses access to this company; the main contact must be handed over first."""
    company = _managed_company(session, actor, company_id, lock=True)
    member = _member(session, company, member_id)
    if member.is_main_contact:
        raise ValidationFailed({"is_main_contact": "De hoofdcontactpersoon kan niet worden "
                                                   "gedeactiveerd. " + MAIN_MUST_STAY})
    member.active = False
    session.add(member)
    check_invariants(session, company.id)
    if not _other_memberships(session, member):
        tokens.supersede(session, member.identity_id)  # open activation links die too
        auth.end_all_sessions(session, member.identity_id)  # and open tabs are logged out
    _log(session, actor, "user_deactivated", member)
    return member


def resend_activation(session: Session, actor: Actor, *, company_id: int, member_id: int
                      ) -> OutboxMessage:
    """A new activation e-mail; every earlier link stops working. Refused for an activated
    account: an activation link never sets a new password on it."""
    company = _managed_company(session, actor, company_id)
    member = _member(session, company, member_id)
    identity = session.get(Identity, member.identity_id)
    if _is_activated(identity):
        raise ValidationFailed({"list": ALREADY_ACTIVATED})
    message = send_activation(session, identity, company_id=company.id,
                              sender_id=actor.identity_id, office_id=actor.office_id)
    _log(session, actor, "activation_resent", member)
    return message


def _other_memberships(session: Session, member: CompanyMember) -> bool:
    other_company = session.exec(select(CompanyMember.id).where(
        CompanyMember.identity_id == member.identity_id, CompanyMember.id != member.id,
        CompanyMember.active == True)).first()
    office = session.exec(select(OfficeMembership.id).where(
        OfficeMembership.identity_id == member.identity_id)).first()
    return bool(other_company or office)


def change_email(session: Session, actor: Actor, *, company_id: int, member_id: int,
                 email: str) -> Identity:
    """Wijzig e-mailadres of a user who has not activated yet: the address counts as unchecked,
    earlier links die and a new one goes to the new address. Refused for a person who also
    belongs elsewhere (one company must not take over an account another company or an office
    relies on), and for an activated account: its address is the way to reset its password,
    so only its owner changes it (Mijn account, confirmed by a link to the new address), as a
    bank lets no one else move the address a reset goes to."""
    company = _managed_company(session, actor, company_id, lock=True)
    member = _member(session, company, member_id)
    new = emails.validated(email)
    if new is None:
        raise ValidationFailed({"email": "Vul een geldig e-mailadres in."})
    identity = session.get(Identity, member.identity_id)
    if _is_activated(identity):
        raise ValidationFailed({"email": OWNER_CHANGES_ADDRESS})
    if new == identity.email:
        raise ValidationFailed({"email": "Dit is al het e-mailadres van deze gebruiker."})
    if _other_memberships(session, member):
        raise ValidationFailed({"email": "Deze gebruiker heeft ook toegang tot een ander bedrijf; "
                                         "alleen de gebruiker zelf kan het adres wijzigen."})
    if session.exec(select(Identity.id).where(Identity.email == new)).first():
        raise ValidationFailed({"email": "Er bestaat al een account met dit e-mailadres."})
    old = identity.email
    identity.email, identity.email_verified_at = new, None
    session.add(identity)
    session.flush()
    send_activation(session, identity, company_id=company.id, sender_id=actor.identity_id,
                    office_id=actor.office_id)
    _log(session, actor, "email_changed", member, email=[old, new])
    return identity


def _log(session: Session, actor: Actor, action: str, member: CompanyMember, **changes) -> None:
    audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id, action=action,
                 entity="companymember", entity_id=member.id,
                 changes={"company_id": member.company_id, **changes})
