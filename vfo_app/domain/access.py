"""The access policy: the one place that answers "may this person ...?".

Every state, the upload, the command line and every use case ask here; nothing else decides.
It depends only on the models (and the product and role names), so the feature packages
(advisor, online, overview, xaf) depend on it and not on each other.

The rules, after the procedure "Visma Financial Overview voor uw klant beschikbaar maken":
- **A client's records** (Advisor): employees of the client's office. Another office's client
  answers as unknown, not as forbidden, so ids cannot be probed.
- **A client's figures** (Financial Overview: see, import into, comment on, export): an
  employee of the client's office who owns or takes part in an active service of the client
  ("Via deze dienst regelt u welke medewerkers toegang krijgen"), while the office's
  Financial Overview (or Starter) collaboration with the client is active. The command line
  acts for one office as the system actor and needs only the office.
- **A client's key-figure settings** (Kengetallen: the dashboard's choice, targets and
  alert thresholds): as for its figures, in the full version only (not Starter).
- **A company's own figures** (Online): an active member of the company with Visma
  Financial Overview among their services, while the company still has it.
- **A company's users** (Gebruikers): the company's Beheerders, and the employees who serve
  the company's client (as for figures) while the collaboration is active.
- **Answering a collaboration request**: the company's Beheerders.
- **Starting or resending a collaboration**: employees of the office. **Ending or
  withdrawing** one (the client loses a paid service): the client's service owners and
  participants (``serves``) and office beheerders; the tab asks for a confirmation first.
- **Who can see a company's figures, and the log of every look** (Wie kan onze cijfers
  zien): the company's Beheerders.
- **A client's audit log**: employees of the client's office, as for its records.
- **A client's services** (tab Diensten): office beheerders, the client's accountmanager,
  and for an existing link its diensteigenaar.
- **Service definitions** (Instellingen > Diensten): office beheerders; every employee reads.
- **The development mailbox** (development only): the mail the viewer's own side caused; an
  employee that of their office, a company Beheerder that of their company's users.
- **One's own account** (Mijn account: password, address, sessions): the person themself,
  never anyone else's; another's session answers as unknown.
- **A second factor**: an employee of an office that requires one (``Office.require_two_factor``)
  and has none may do nothing but set one up (``needs_second_factor``: page loads redirect to
  Tweestapsverificatie, the runner refuses every other use case). Requiring it, and resetting a
  colleague's (same office), is for office beheerders (Instellingen > Beveiliging).
- **Portefeuille** (an employee's attention list): the clients whose figures the employee may
  open (``portfolio_clients``, the rule of a client's figures), and no other; notices of
  alerts go to the same people (``grants``).
- **API keys** (Instellingen > API-sleutels): office beheerders create and revoke their own
  office's keys (and the command line for its office); every employee reads the list. A key
  pushes auditfiles as its office's system actor, so it reaches its own office's clients and
  no other (``api_key_actor``, ``api_key_client``).
- **Report packs** (Rapportages): composed, read as drafts and published by whoever may see the
  client's figures, in the full version (``require_pack_compose``); the published versions,
  never a draft, are read by the company's users with Financial Overview
  (``require_pack_published``); the office's schedule is for office beheerders.
- **House style** (Instellingen > Huisstijl: logo, main colour, disclaimer): office beheerders
  change it, as the other office settings; every employee reads it. The logo is shown to the
  office's employees and to the users of the companies the office works for (an active
  collaboration): the portal header carries it. Anyone else gets "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from vfo_app.domain import clock
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER as OFFICE_BEHEERDER
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, PermissionDenied
from vfo_app.domain.models import (
    ApiKey,
    AuthSession,
    Client,
    ClientService,
    ClientServiceParticipant,
    Collaboration,
    CollaborationState,
    Company,
    CompanyMember,
    CompanyProduct,
    Identity,
    MemberProduct,
    Office,
    OfficeMembership,
    OutboxMessage,
    ServiceDefinition,
)
from vfo_app.domain.online import companies, products

SYSTEM_ROLE = "systeem"
OVERVIEW_PRODUCTS = (products.FINANCIAL_OVERVIEW, products.FINANCIAL_OVERVIEW_STARTER)

NO_CLIENT = "Deze klant bestaat niet of hoort niet bij uw kantoor."
NO_COLLABORATION = "Deze samenwerking bestaat niet of hoort niet bij uw kantoor."
END_COLLABORATION_ONLY = ("Alleen de diensteigenaar, de deelnemers van een dienst van deze klant "
                          "en beheerders van het kantoor mogen deze samenwerking beëindigen of "
                          "het verzoek intrekken.")
NO_COMPANY_USERS = "Dit bedrijf bestaat niet of u mag de gebruikers ervan niet beheren."
NO_COMPANY_OVERVIEW = "U hebt geen toegang tot Visma Financial Overview van dit bedrijf."
OFFICE_ADMINS_ONLY = "Alleen beheerders van het kantoor mogen dit wijzigen."
COMPANY_ADMINS_ONLY = "Alleen beheerders van het bedrijf kunnen dit verzoek beantwoorden."
CLIENT_SERVICES_ONLY = ("Alleen beheerders, de accountmanager van de klant en de "
                        "diensteigenaar mogen diensten van deze klant wijzigen.")
OVERVIEW_NOT_ACTIVE = ("Visma Financial Overview is nog niet actief voor deze klant. "
                       "Activeer het op het tabblad Samenwerkingen.")
NO_COLLEAGUE = "Deze medewerker bestaat niet of hoort niet bij uw kantoor."
NO_SESSION = "Deze sessie bestaat niet (meer)."
NO_API_KEY = "Deze API-sleutel bestaat niet of hoort niet bij uw kantoor."
NO_API_CLIENT = "Geen klant met dit klantnummer of KvK-nummer bij het kantoor van deze API-sleutel."
SECOND_FACTOR_FIRST = ("Uw kantoor vereist tweestapsverificatie. Stel die eerst in; daarna "
                       "kunt u verder.")
NOT_SERVING = ("U bent geen diensteigenaar of deelnemer van een dienst van deze klant. Vraag "
               "de diensteigenaar u als medewerker toe te voegen op het tabblad Diensten.")


# --- who is acting ------------------------------------------------------------------------


def system_actor(office: Office) -> Actor:
    """The actor of the command line: acts for one office, is nobody (identity 0)."""
    return Actor(identity_id=0, email="", name="vfo (opdrachtregel)", office_id=office.id,
                 office_name=office.name, office_role=SYSTEM_ROLE)


def api_key_actor(office: Office, key: ApiKey) -> Actor:
    """Who pushes with an API key: the office's system actor, named after the key (the
    import's "ingelezen door"). It reaches what the command line reaches for that office."""
    return Actor(identity_id=0, email="", name=f"API-sleutel {key.name}"[:200],
                 office_id=office.id, office_name=office.name, office_role=SYSTEM_ROLE)


def is_system(actor: Actor) -> bool:
    return actor.identity_id == 0 and actor.office_role == SYSTEM_ROLE


def require_employee(actor: Actor) -> int:
    """The actor's office id; client users may not use the Advisor surface."""
    if actor.office_id is None:
        raise PermissionDenied()
    return actor.office_id


def require_office_admin(actor: Actor) -> int:
    office_id = require_employee(actor)
    if actor.office_role != OFFICE_BEHEERDER:
        raise PermissionDenied(OFFICE_ADMINS_ONLY)
    return office_id


class SecondFactorRequired(PermissionDenied):
    """The actor's office requires a second factor and the actor has none yet."""

    def __init__(self, message: str = SECOND_FACTOR_FIRST) -> None:
        super().__init__(message)


def office_requires_second_factor(session: Session, actor: Actor) -> bool:
    if actor.office_id is None or is_system(actor):
        return False
    office = session.get(Office, actor.office_id)
    return bool(office and office.require_two_factor)


def needs_second_factor(session: Session, actor: Actor) -> bool:
    """An employee whose office requires a second factor and who has none (yet): such a person
    may only set one up. The actor of a session knows it from the session's own query
    (``Actor.second_factor_due``); any other: primary-key reads (the identity map keeps them)."""
    if actor.second_factor_due is not None:
        return actor.second_factor_due
    if not office_requires_second_factor(session, actor):
        return False
    identity = session.get(Identity, actor.identity_id)
    return identity is not None and (identity.totp_enabled_at is None
                                     or not identity.totp_secret)


def require_second_factor_done(session: Session, actor: Actor) -> None:
    if needs_second_factor(session, actor):
        raise SecondFactorRequired()


def office_colleague(session: Session, actor: Actor, identity_id: int) -> Identity:
    """An active employee of the actor's own office (another office's answers as unknown)."""
    office_id = require_employee(actor)
    identity = session.get(Identity, identity_id) if isinstance(identity_id, int) else None
    member = None if identity is None else session.exec(select(OfficeMembership.id).where(
        OfficeMembership.office_id == office_id,
        OfficeMembership.identity_id == identity.id)).first()
    if member is None or not identity.is_active:
        raise NotFound(NO_COLLEAGUE)
    return identity


def may_change_office_security(actor: Actor) -> bool:
    """Instellingen > Beveiliging: office beheerders require a second factor and reset a
    colleague's; every employee reads. The use cases ask ``require_office_admin``."""
    return actor.office_id is not None and actor.office_role == OFFICE_BEHEERDER


# --- one's own account (Mijn account) --------------------------------------------------------


def require_person(actor: Actor) -> None:
    """Mijn account is for a person who logged in, not the command line's system actor."""
    if is_system(actor):
        raise PermissionDenied()


def own_identity(session: Session, actor: Actor) -> Identity:
    """The actor's own account: everyone may see and change their own, nobody another's."""
    require_person(actor)
    identity = session.get(Identity, actor.identity_id)
    if identity is None or not identity.is_active:
        raise NotFound(NO_SESSION)
    return identity


def own_session(session: Session, actor: Actor, session_id: int) -> AuthSession:
    """One of the actor's own open sessions; anyone else's answers as unknown."""
    require_person(actor)
    row = session.get(AuthSession, session_id) if isinstance(session_id, int) else None
    if (row is None or row.identity_id != actor.identity_id or row.revoked_at is not None
            or row.expires_at <= clock.now()):
        raise NotFound(NO_SESSION)
    return row


def may_change_service_definitions(actor: Actor) -> bool:
    """Instellingen > Diensten: office beheerders create and change the service definitions;
    every employee reads them (the pages show the form read-only). The use cases ask
    ``require_office_admin``, the same rule."""
    return actor.office_id is not None and actor.office_role == OFFICE_BEHEERDER


# --- a client's records ---------------------------------------------------------------------


def office_client(session: Session, actor: Actor, client_id: int) -> Client:
    """The client, if it belongs to the actor's office; else NotFound (same as unknown)."""
    office_id = require_employee(actor)
    client = session.get(Client, client_id) if isinstance(client_id, int) else None
    if client is None or client.office_id != office_id:
        raise NotFound(NO_CLIENT)
    return client


def may_manage_client_services(actor: Actor, client: Client, owner_id: int | None = None
                               ) -> bool:
    """Whether the actor may link services to the client, or change the link whose
    diensteigenaar is ``owner_id``."""
    if actor.office_role == OFFICE_BEHEERDER or client.account_manager_id == actor.identity_id:
        return True
    return owner_id is not None and owner_id == actor.identity_id


def require_client_services(actor: Actor, client: Client, owner_id: int | None = None) -> None:
    if not may_manage_client_services(actor, client, owner_id):
        raise PermissionDenied(CLIENT_SERVICES_ONLY)


# --- who serves a client: owners and participants of its active services -----------------------


@dataclass(frozen=True)
class Grant:
    """One reason an employee may open a client's figures."""

    identity_id: int
    service_name: str
    is_owner: bool


def grants(session: Session, client: Client) -> list[Grant]:
    """Every grant of the client: owners and participants of its active services, for the
    active employees of the client's office; ordered by service name, owners first."""
    owners = (select(ClientService.owner_id, ServiceDefinition.name, func.max(1))
              .join(ServiceDefinition, ServiceDefinition.id == ClientService.service_id)
              .where(ClientService.client_id == client.id, ServiceDefinition.active == True)
              .group_by(ClientService.owner_id, ServiceDefinition.name))
    participants = (
        select(ClientServiceParticipant.identity_id, ServiceDefinition.name, func.max(0))
        .join(ClientService, ClientService.id == ClientServiceParticipant.client_service_id)
        .join(ServiceDefinition, ServiceDefinition.id == ClientService.service_id)
        .where(ClientService.client_id == client.id, ServiceDefinition.active == True)
        .group_by(ClientServiceParticipant.identity_id, ServiceDefinition.name))
    active = set(session.exec(
        select(Identity.id).join(OfficeMembership, OfficeMembership.identity_id == Identity.id)
        .where(OfficeMembership.office_id == client.office_id, Identity.is_active == True)
    ).all())
    rows = [Grant(i, name, bool(owner)) for i, name, owner
            in [*session.exec(owners).all(), *session.exec(participants).all()] if i in active]
    return sorted(rows, key=lambda g: (g.service_name.lower(), not g.is_owner))


def _serving(identity_id: int):
    """The ids of the clients whose active services the identity owns or takes part in."""
    owned = (select(ClientService.client_id)
             .join(ServiceDefinition, ServiceDefinition.id == ClientService.service_id)
             .where(ClientService.owner_id == identity_id, ServiceDefinition.active == True))
    joined = (select(ClientService.client_id)
              .join(ServiceDefinition, ServiceDefinition.id == ClientService.service_id)
              .join(ClientServiceParticipant,
                    ClientServiceParticipant.client_service_id == ClientService.id)
              .where(ClientServiceParticipant.identity_id == identity_id,
                     ServiceDefinition.active == True))
    return owned.union(joined)


def serves(session: Session, actor: Actor, client: Client) -> bool:
    """Whether the employee owns or takes part in an active service of this client of their
    own office, and is an active employee there."""
    if actor.office_id != client.office_id:
        return False
    # One query, the rule of ``grants`` for one person: a service of this client that the
    # actor owns or takes part in, while an active employee of the client's office.
    serving = _serving(actor.identity_id).subquery()
    return session.exec(
        select(serving.c.client_id)
        .join(OfficeMembership, (OfficeMembership.identity_id == actor.identity_id)
              & (OfficeMembership.office_id == client.office_id))
        .join(Identity, (Identity.id == OfficeMembership.identity_id) & (Identity.is_active == True))
        .where(serving.c.client_id == client.id).limit(1)).first() is not None


def _active_overview(session: Session, client_id: int) -> Collaboration | None:
    """The client's active Financial Overview (or Starter) collaboration."""
    return session.exec(select(Collaboration).where(
        Collaboration.client_id == client_id,
        Collaboration.state == CollaborationState.ACTIVE.value,
        Collaboration.product.in_(OVERVIEW_PRODUCTS))).first()


def portfolio_clients(actor: Actor):
    """Portefeuille: the ids (a subquery) of the clients of the employee's own office whose
    figures the employee may open: served by them (owner or participant of an active
    service) with an active Financial Overview (or Starter) collaboration. The same rule as
    ``require_figures``, as one query for a list of a thousand clients."""
    office_id = require_employee(actor)
    serving = _serving(actor.identity_id).subquery()
    return (select(Client.id)
            .join(Collaboration, Collaboration.client_id == Client.id)
            .where(Client.office_id == office_id, Collaboration.office_id == office_id,
                   Collaboration.state == CollaborationState.ACTIVE.value,
                   Collaboration.product.in_(OVERVIEW_PRODUCTS),
                   Client.id.in_(select(serving.c.client_id))))


# --- a client's figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class FiguresAccess:
    """Whether the employee may open the client's figures, and if not, why not."""

    client: Client
    collaboration: Collaboration | None
    reason: str = ""

    @property
    def allowed(self) -> bool:
        return not self.reason


def figures_access(session: Session, actor: Actor, client_id: int) -> FiguresAccess:
    """The question behind the button "Financial Overview": asked, not raised, so the page
    can say why not. Unknown or another office's client raises NotFound."""
    client = office_client(session, actor, client_id)
    collab = _active_overview(session, client.id)
    if collab is None:
        return FiguresAccess(client, None, OVERVIEW_NOT_ACTIVE)
    if not is_system(actor) and not serves(session, actor, client):
        return FiguresAccess(client, collab, NOT_SERVING)
    return FiguresAccess(client, collab)


def require_figures(session: Session, actor: Actor, client_id: int) -> FiguresAccess:
    """See, import into, comment on or export the client's figures (employees and the
    command line); raises PermissionDenied with the reason otherwise."""
    access = figures_access(session, actor, client_id)
    if not access.allowed:
        raise PermissionDenied(access.reason)
    return access


KEY_FIGURES_FULL_ONLY = ("Kengetallen kiezen, met streefwaarden en signaalgrenzen, hoort bij "
                         "Visma Financial Overview; Starter toont het dashboard en de trends.")


def require_key_figure_settings(session: Session, actor: Actor, client_id: int) -> Client:
    """Choose the key figures of a client's dashboard, their targets and alert thresholds:
    whoever may see the figures (``require_figures``: service owners and participants, the
    command line for its office), in the full version only."""
    access = require_figures(session, actor, client_id)
    if access.collaboration is not None and \
            access.collaboration.product != products.FINANCIAL_OVERVIEW:
        raise PermissionDenied(KEY_FIGURES_FULL_ONLY)
    return access.client


def require_ledger(session: Session, actor: Actor, client_id: int) -> Client:
    """The client whose ledger the actor may import into or read. The command line needs
    only the office (it imports before anything is activated, e.g. the demo)."""
    if is_system(actor):
        return office_client(session, actor, client_id)
    return require_figures(session, actor, client_id).client


def may_write_comments(actor: Actor) -> bool:
    """The accountant explains the figures ("Vertel het verhaal"); client users read. The
    figures themselves are checked with ``require_figures`` as for reading."""
    return actor.is_employee and not is_system(actor)


# --- a company's side (Online) -------------------------------------------------------------------


def _membership(session: Session, company_id: int, identity_id: int) -> CompanyMember | None:
    return session.exec(select(CompanyMember).where(
        CompanyMember.company_id == company_id, CompanyMember.identity_id == identity_id,
        CompanyMember.active == True)).first()


def is_company_admin_of(session: Session, actor: Actor, company_id: int) -> bool:
    member = _membership(session, company_id, actor.identity_id)
    return member is not None and member.role == companies.COMPANY_ROLE_BEHEERDER


def is_any_company_admin(session: Session, actor: Actor) -> bool:
    """A client user who is Beheerder of some company (they see Verzoeken and Gebruikers)."""
    return not actor.is_employee and session.exec(select(CompanyMember.id).where(
        CompanyMember.identity_id == actor.identity_id, CompanyMember.active == True,
        CompanyMember.role == companies.COMPANY_ROLE_BEHEERDER)).first() is not None


def dev_mailbox_filter(session: Session, actor: Actor):
    """Which outbox rows the development mailbox shows this viewer (a SQL condition): an
    employee the mail an employee of their office caused (``OutboxMessage.office_id``); a
    company Beheerder the mail caused on their company's side (no office, their company),
    such as the links they sent their users. Never another office's or company's links."""
    if actor.is_employee:
        return OutboxMessage.office_id == actor.office_id
    admin_of = select(CompanyMember.company_id).where(
        CompanyMember.identity_id == actor.identity_id, CompanyMember.active == True,
        CompanyMember.role == companies.COMPANY_ROLE_BEHEERDER)
    return OutboxMessage.office_id.is_(None) & OutboxMessage.company_id.in_(admin_of)


def require_company_admin(session: Session, actor: Actor, company_id: int) -> None:
    if not is_company_admin_of(session, actor, company_id):
        raise PermissionDenied(COMPANY_ADMINS_ONLY)


def overview_companies(session: Session, actor: Actor) -> list[Company]:
    """The companies whose Financial Overview this client user may open: active member,
    the service ticked for them, and the company still has it."""
    return list(session.exec(
        select(Company).distinct()
        .join(CompanyMember, CompanyMember.company_id == Company.id)
        .join(MemberProduct, MemberProduct.company_member_id == CompanyMember.id)
        .join(CompanyProduct, (CompanyProduct.company_id == Company.id)
              & (CompanyProduct.product == MemberProduct.product))
        .where(CompanyMember.identity_id == actor.identity_id, CompanyMember.active == True,
               MemberProduct.product.in_(OVERVIEW_PRODUCTS))
        .order_by(Company.name)).all())


def require_company_overview(session: Session, actor: Actor, company_id: int) -> Company:
    """Financial Overview of the user's own company, and of no other."""
    for company in overview_companies(session, actor):
        if company.id == company_id:
            return company
    raise NotFound(NO_COMPANY_OVERVIEW)


def served_companies(session: Session, actor: Actor) -> dict[int, Client]:
    """company id -> the office's client linked to it, for the clients the employee serves
    (owner or participant of an active service) with an active collaboration."""
    if actor.office_id is None:
        return {}
    serving = _serving(actor.identity_id).subquery()
    rows = session.exec(
        select(Collaboration.company_id, Client)
        .join(Client, Client.id == Collaboration.client_id)
        .where(Collaboration.office_id == actor.office_id, Client.office_id == actor.office_id,
               Collaboration.state == CollaborationState.ACTIVE.value,
               Collaboration.client_id.in_(select(serving.c.client_id)))
        .order_by(Client.name)
    ).all()
    return {company_id: client for company_id, client in rows}


def may_manage_company_users(session: Session, actor: Actor, company_id: int) -> bool:
    if company_id in served_companies(session, actor):
        return True
    return is_company_admin_of(session, actor, company_id)


# --- collaborations -------------------------------------------------------------------------------


def office_collaboration(session: Session, actor: Actor, collaboration_id: int
                         ) -> Collaboration:
    """Withdraw, resend or end: a collaboration of the actor's own office."""
    office_id = require_employee(actor)
    collab = (session.get(Collaboration, collaboration_id)
              if isinstance(collaboration_id, int) else None)
    if collab is None or collab.office_id != office_id:
        raise NotFound(NO_COLLABORATION)
    return collab


def may_end_collaboration(session: Session, actor: Actor, client: Client) -> bool:
    """End or withdraw a collaboration of this client: the client then loses the service (a
    paid one, mostly), so not every colleague, only those who serve the client and the
    office's beheerders."""
    if actor.office_id is None or actor.office_id != client.office_id:
        return False
    return actor.office_role == OFFICE_BEHEERDER or serves(session, actor, client)


def collaboration_to_end(session: Session, actor: Actor, collaboration_id: int
                         ) -> Collaboration:
    """End or withdraw: a collaboration of the actor's own office (else NotFound) of a client
    the actor may end collaborations of (else PermissionDenied)."""
    collab = office_collaboration(session, actor, collaboration_id)
    client = session.get(Client, collab.client_id)
    if client is None or not may_end_collaboration(session, actor, client):
        raise PermissionDenied(END_COLLABORATION_ONLY)
    return collab


# --- API keys ------------------------------------------------------------------------------------


def may_manage_api_keys(actor: Actor) -> bool:
    """Instellingen > API-sleutels: office beheerders (and the command line for its office)
    create and revoke; every employee reads the list."""
    return actor.office_id is not None and actor.office_role in (OFFICE_BEHEERDER, SYSTEM_ROLE)


def require_api_key_admin(actor: Actor) -> int:
    office_id = require_employee(actor)
    if not may_manage_api_keys(actor):
        raise PermissionDenied(OFFICE_ADMINS_ONLY)
    return office_id


def office_api_key(session: Session, actor: Actor, key_id: int) -> ApiKey:
    """Revoke: a key of the actor's own office (another office's answers as unknown)."""
    office_id = require_api_key_admin(actor)
    key = session.get(ApiKey, key_id) if isinstance(key_id, int) else None
    if key is None or key.office_id != office_id:
        raise NotFound(NO_API_KEY)
    return key


def api_key_client(session: Session, actor: Actor, *, number: str = "", kvk: str = "") -> Client:
    """The client a push names: by klantnummer, else by the file's KvK-nummer, and only
    among the key's own office's clients (another office's answers as unknown)."""
    office_id = require_employee(actor)
    if not is_system(actor):
        raise PermissionDenied()
    query = select(Client).where(Client.office_id == office_id)
    if number.strip():
        query = query.where(Client.number == number.strip())
    elif kvk.strip():
        query = query.where(Client.kvk_number == kvk.strip())
    else:
        raise NotFound(NO_API_CLIENT)
    client = session.exec(query).first()
    if client is None:
        raise NotFound(NO_API_CLIENT)
    return client


# --- report packs ---------------------------------------------------------------------------------

PACKS_FULL_ONLY = ("Rapportages horen bij Visma Financial Overview; Starter toont het dashboard "
                   "en de trends.")
NO_PACK = "Deze rapportage bestaat niet of hoort niet bij uw kantoor."
NO_PUBLISHED_PACK = "Deze rapportage bestaat niet of is (nog) niet gepubliceerd."


def require_pack_compose(session: Session, actor: Actor, client_id: int) -> Client:
    """Compose, read as a draft, publish a client's report packs: the people who may see the
    client's figures (``require_figures``: service owners and participants; the command line
    and the schedule's job for their office), in the full version only. Drafts are the
    office's: company users never reach them through any rule."""
    access = require_figures(session, actor, client_id)
    if access.collaboration is not None and \
            access.collaboration.product != products.FINANCIAL_OVERVIEW:
        raise PermissionDenied(PACKS_FULL_ONLY)
    return access.client


def require_pack_published(session: Session, actor: Actor, company_id: int) -> Company:
    """Read the published packs of a company: its users with Financial Overview
    (``require_company_overview``), as for the live dashboard. Only published versions are
    ever read through this rule."""
    return require_company_overview(session, actor, company_id)


def require_pack_schedule(actor: Actor) -> int:
    """The office's template and schedule for packs: office beheerders (every employee
    reads it)."""
    return require_office_admin(actor)


# --- house style ---------------------------------------------------------------------------------


def may_change_house_style(actor: Actor) -> bool:
    """Instellingen > Huisstijl: office beheerders change logo, colour and disclaimer; every
    employee of the office reads them (the page shows them read-only)."""
    return actor.office_id is not None and actor.office_role == OFFICE_BEHEERDER


def require_house_style_admin(actor: Actor) -> int:
    office_id = require_employee(actor)
    if not may_change_house_style(actor):
        raise PermissionDenied(OFFICE_ADMINS_ONLY)
    return office_id


def may_see_office_look(session: Session, actor: Actor, office_id: int) -> bool:
    """Whether the actor sees the office's logo: its own employees, and the active members of
    a company the office has an active collaboration with (the portal header shows it)."""
    if actor.office_id is not None:
        return actor.office_id == office_id
    return session.exec(
        select(Collaboration.id)
        .join(CompanyMember, CompanyMember.company_id == Collaboration.company_id)
        .where(Collaboration.office_id == office_id,
               Collaboration.state == CollaborationState.ACTIVE.value,
               CompanyMember.identity_id == actor.identity_id, CompanyMember.active == True)
    ).first() is not None
