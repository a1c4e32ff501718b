"""Who looked at a client's figures, and who can: the record behind "Wie kan onze cijfers zien".

Recorded (``FigureAccess``), for the office's side of the figures:
- ``view``: an employee loaded a page of the Financial Overview (dashboard, report,
  trial balance, drill-down). At most one row per person per client per page per
  ``VIEW_QUIET_MINUTES``, so the log stays readable: a page refreshed ten times in a few
  minutes is one look. (Two loads at the very same moment may both write; harmless.)
- ``export``: the PDF report downloaded, by an employee.
- ``import``: an XAF auditfile imported, in the import's own transaction (by an employee or
  by the command line, which is nobody: ``identity_id`` None).
A company's own users reading their own figures are not recorded: the page answers who *at
the office* sees them.

Recording a view writes during a page load, where reads do not write. It is an audit record,
not a change of what is read: the page calls it through the runner in a savepoint of its own
(``self._run(..., tx=tx)``), after the page's data was read, so a failure to record leaves the
page as it is and the load's reads untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, func, select

from vfo_app.domain import access, clock
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound
from vfo_app.domain.models import (
    Client,
    ClientService,
    ClientServiceParticipant,
    Collaboration,
    CollaborationState,
    Company,
    CompanyMember,
    FigureAccess,
    Identity,
    Office,
    ServiceDefinition,
)
from vfo_app.domain.online import companies
from vfo_app.domain.overview.scope import Scope

VIEW, EXPORT, IMPORT = "view", "export", "import"
KIND_LABELS = {VIEW: "Bekeken", EXPORT: "Geëxporteerd", IMPORT: "Geïmporteerd"}
VIEW_QUIET_MINUTES = 10
LOG_PAGE_SIZE = 25

# the pages whose loading counts as a view ("what")
DASHBOARD = "Dashboard en rapportages"
TRIAL_BALANCE = "Proef- en saldibalans"
ACCOUNTS = "Rekeningen per rubriek"
NO_COMPANY = "Dit bedrijf bestaat niet of u bent er geen beheerder van."
COMMAND_LINE = "Opdrachtregel (import)"


# --- recording ------------------------------------------------------------------------------


def view_due(session: Session, actor: Actor, scope: Scope, what: str) -> bool:
    """Whether ``record_view`` would record this view (a read only: most loads of a page are
    repeats within ``VIEW_QUIET_MINUTES`` and need no write, nor the savepoint for one)."""
    if not scope.is_employee_view or not actor.is_employee or access.is_system(actor):
        return False
    since = clock.now() - timedelta(minutes=VIEW_QUIET_MINUTES)
    return session.exec(select(FigureAccess.id).where(
        FigureAccess.client_id == scope.client_id, FigureAccess.identity_id == actor.identity_id,
        FigureAccess.kind == VIEW, FigureAccess.what == what[:200],
        FigureAccess.at >= since)).first() is None


def record_view(session: Session, actor: Actor, scope: Scope, what: str) -> bool:
    """An employee loaded a page of the figures of ``scope`` (a scope is only ever made for
    someone the access policy admits). False when not recorded: a company user, the command
    line, or the same page seen by the same person within ``VIEW_QUIET_MINUTES``."""
    if not view_due(session, actor, scope, what):
        return False
    session.add(FigureAccess(client_id=scope.client_id, identity_id=actor.identity_id,
                             kind=VIEW, what=what[:200], at=clock.now()))
    session.flush()
    return True


def record_export(session: Session, actor: Actor, scope: Scope, what: str) -> None:
    """An employee exported the figures of ``scope`` (the PDF report)."""
    if not scope.is_employee_view or not actor.is_employee:
        return
    session.add(FigureAccess(client_id=scope.client_id,
                             identity_id=None if access.is_system(actor) else actor.identity_id,
                             kind=EXPORT, what=what[:200], at=clock.now()))


def record_import(session: Session, *, identity_id: int | None, client_id: int, what: str
                  ) -> None:
    """An auditfile was imported into the client's figures; call it in the import's
    transaction, so an import that is rolled back leaves no record either."""
    session.add(FigureAccess(client_id=client_id, identity_id=identity_id, kind=IMPORT,
                             what=what[:200], at=clock.now()))


# --- reading: Wie kan onze cijfers zien ---------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """An office employee who can open the company's Financial Overview, and why."""

    identity_id: int
    name: str
    office_name: str
    reasons: tuple[str, ...]  # "Diensteigenaar van Financial Overview", "Deelnemer van ..."
    since: datetime | None
    last_looked: datetime | None


@dataclass(frozen=True)
class LogRow:
    at: datetime
    who: str
    office_name: str
    kind: str  # VIEW | EXPORT | IMPORT
    what: str


@dataclass(frozen=True)
class LogPage:
    rows: list[LogRow]
    page: int
    pages: int
    total: int


def admin_companies(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of the companies the client user is Beheerder of, by name."""
    if actor.is_employee:
        return []
    return list(session.exec(
        select(Company.id, Company.name)
        .join(CompanyMember, CompanyMember.company_id == Company.id)
        .where(CompanyMember.identity_id == actor.identity_id, CompanyMember.active == True,
               CompanyMember.role == companies.COMPANY_ROLE_BEHEERDER)
        .order_by(Company.name)).all())


def _require_admin(session: Session, actor: Actor, company_id: int) -> None:
    if not isinstance(company_id, int) or actor.is_employee \
            or not access.is_company_admin_of(session, actor, company_id):
        raise NotFound(NO_COMPANY)


def _clients(session: Session, company_id: int, *, active_only: bool) -> list[Client]:
    """The offices' clients linked to the company by a Financial Overview collaboration."""
    query = (select(Client).distinct().join(Collaboration, Collaboration.client_id == Client.id)
             .where(Collaboration.company_id == company_id,
                    Collaboration.product.in_(access.OVERVIEW_PRODUCTS)))
    if active_only:
        query = query.where(Collaboration.state == CollaborationState.ACTIVE.value)
    return list(session.exec(query.order_by(Client.id)).all())


def _since(session: Session, client: Client) -> dict[tuple[int, str, bool], datetime]:
    """(identity, service name, owner?) -> when that grant began."""
    found: dict[tuple[int, str, bool], datetime] = {}
    for owner_id, name, at in session.exec(
            select(ClientService.owner_id, ServiceDefinition.name, ClientService.created_at)
            .join(ServiceDefinition, ServiceDefinition.id == ClientService.service_id)
            .where(ClientService.client_id == client.id)).all():
        key = (owner_id, name, True)
        found[key] = min(found.get(key, at), at)
    for identity_id, name, at in session.exec(
            select(ClientServiceParticipant.identity_id, ServiceDefinition.name,
                   ClientServiceParticipant.created_at)
            .join(ClientService, ClientService.id == ClientServiceParticipant.client_service_id)
            .join(ServiceDefinition, ServiceDefinition.id == ClientService.service_id)
            .where(ClientService.client_id == client.id)).all():
        key = (identity_id, name, False)
        found[key] = min(found.get(key, at), at)
    return found


def viewers(session: Session, actor: Actor, company_id: int) -> list[Viewer]:
    """Every office employee who can open the company's Financial Overview now: the grants
    (``access.grants``) of the client each office links to the company through an active
    collaboration. For the company's Beheerders only."""
    _require_admin(session, actor, company_id)
    result: list[Viewer] = []
    for client in _clients(session, company_id, active_only=True):
        office = session.get(Office, client.office_id)
        since = _since(session, client)
        by_person: dict[int, list[access.Grant]] = {}
        for grant in access.grants(session, client):
            by_person.setdefault(grant.identity_id, []).append(grant)
        if not by_person:
            continue
        names = dict(session.exec(select(Identity.id, Identity.first_name + " " +
                                         Identity.last_name)
                                  .where(Identity.id.in_(list(by_person)))).all())
        looked = dict(session.exec(
            select(FigureAccess.identity_id, func.max(FigureAccess.at))
            .where(FigureAccess.client_id == client.id,
                   FigureAccess.identity_id.in_(list(by_person)))
            .group_by(FigureAccess.identity_id)).all())
        for identity_id, grants_ in by_person.items():
            starts = [since[k] for g in grants_
                      if (k := (identity_id, g.service_name, g.is_owner)) in since]
            result.append(Viewer(
                identity_id=identity_id, name=names.get(identity_id, ""),
                office_name=office.name if office else "",
                reasons=tuple(f"{'Diensteigenaar' if g.is_owner else 'Deelnemer'} van "
                              f"{g.service_name}" for g in grants_),
                since=min(starts) if starts else None,
                last_looked=looked.get(identity_id)))
    return sorted(result, key=lambda v: (v.office_name, v.name.lower()))


def access_log(session: Session, actor: Actor, company_id: int, *, page: int = 1
               ) -> LogPage:
    """Every recorded view, export and import of the company's figures (at every office it
    works with, also collaborations that have ended), newest first, ``LOG_PAGE_SIZE`` a page.
    For the company's Beheerders only."""
    _require_admin(session, actor, company_id)
    client_ids = [c.id for c in _clients(session, company_id, active_only=False)]
    if not client_ids:
        return LogPage([], 1, 1, 0)
    where = FigureAccess.client_id.in_(client_ids)
    total = session.exec(select(func.count()).select_from(FigureAccess).where(where)).one()
    pages = max(1, -(-total // LOG_PAGE_SIZE))
    page = min(max(page if isinstance(page, int) else 1, 1), pages)
    rows = session.exec(
        select(FigureAccess, Identity.first_name, Identity.last_name, Office.name)
        .join(Identity, Identity.id == FigureAccess.identity_id, isouter=True)
        .join(Client, Client.id == FigureAccess.client_id)
        .join(Office, Office.id == Client.office_id)
        .where(where)
        .order_by(FigureAccess.at.desc(), FigureAccess.id.desc())
        .offset((page - 1) * LOG_PAGE_SIZE).limit(LOG_PAGE_SIZE)).all()
    return LogPage(
        rows=[LogRow(at=row.at, who=f"{first} {last}" if first is not None else COMMAND_LINE,
                     office_name=office_name, kind=row.kind, what=row.what)
              for row, first, last, office_name in rows],
        page=page, pages=pages, total=total)


@dataclass(frozen=True)
class Transparency:
    """The page "Wie kan onze cijfers zien" for one of the user's companies."""

    companies: list[tuple[int, str]]  # every company the user is Beheerder of
    company_id: int
    company_name: str
    viewers: list[Viewer]
    log: LogPage


def transparency(session: Session, actor: Actor, company_id: int | None, *, page: int = 1
                 ) -> Transparency:
    """For the company asked for, or the user's first when none (or not theirs) is asked."""
    companies_ = admin_companies(session, actor)
    if not companies_:
        raise NotFound(NO_COMPANY)
    chosen, name = next(((i, n) for i, n in companies_ if i == company_id), companies_[0])
    return Transparency(companies_, chosen, name, viewers(session, actor, chosen),
                        access_log(session, actor, chosen, page=page))
