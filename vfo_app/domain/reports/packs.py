"""Report packs: compose, publish (lock), read, and notice when later figures differ.

**A pack** (``ReportPack``) is one client's report of one period: a month, a quarter (three
months ending at a quarter of the fiscal year) or the year to date, of one fiscal year. The
accountant chooses its parts (``parts.TITLES``), writes an introduction and a text with live
numbers (``placeholders``). Until it is published only the office sees it
(``access.require_pack_compose``: the people who may see the client's figures).

**Publishing** locks a version (``ReportPackVersion``): every part's rows are stored as they
are at that moment (``snapshot``), the introduction and text with their numbers filled in.
Publishing again makes the next version; the client's users read the newest version of each
pack, newest first (``access.require_pack_published``), never a draft. Their company's
users with Financial Overview get an e-mail with a link (and the PDF when the office chose
that in its schedule).

**Restatement**: a published version is compared with the figures of today, part by part and
line by line (``parts.changes``), whenever the client reads it; the client sees "Deze cijfers
zijn gewijzigd sinds de rapportage van <datum>" with the old and new figure and the
difference. When an import finishes (``after_import``), each pack of that fiscal year whose
newest version no longer matches is marked ``restated_at`` and its service owners get a
notice (``ClientAlert`` "rapportage:<id>", once until the pack is published again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, func, select

from vfo_app import routes
from vfo_app.domain import access, clock, house_style, mail
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.formatting import day, moment
from vfo_app.domain.models import (
    Client,
    ClientAlert,
    Collaboration,
    CollaborationState,
    Company,
    CompanyMember,
    CompanyProduct,
    Identity,
    LedgerImport,
    MemberProduct,
    Notice,
    Office,
    OutboxAttachment,
    ReportPack,
    ReportPackVersion,
    ReportSchedule,
)
from vfo_app.domain.overview import budget, figures, key_figures, questions
from vfo_app.domain.reports import parts as P
from vfo_app.domain.reports import placeholders
from vfo_app.settings import get_settings

NO_FIGURES = "Er zijn geen cijfers van dit boekjaar."
ALREADY = "Er is al een rapportage van deze klant voor deze periode."
RESTATED = "Deze cijfers zijn gewijzigd sinds de rapportage van {date}"
ALERT_CODE = "rapportage:"
MAX_TEXT = 20_000


@dataclass(frozen=True)
class PackInput:
    period_kind: str = P.MONTH
    year: int | None = None
    month: int | None = None
    parts: tuple[str, ...] = P.DEFAULT_PARTS
    introduction: str = ""
    text: str = ""


@dataclass(frozen=True)
class PackRow:
    """A pack in the office's list."""

    id: int
    client_id: int
    client_name: str
    title: str
    period_kind: str
    year: int
    month: int
    versions: int
    published_at: datetime | None
    restated: bool
    scheduled: bool
    updated_at: datetime

    @property
    def status(self) -> str:
        if self.restated:
            return "Cijfers gewijzigd"
        return "Gepubliceerd" if self.versions else "Concept"


@dataclass
class PackView:
    """A pack as read: a draft with today's figures, or a published version as locked."""

    id: int  # the pack's id (office) or the version's (company)
    client_id: int
    client_name: str
    office_name: str
    title: str
    period_label: str
    introduction: str
    text: str
    parts: list[dict]
    version: int = 0  # 0: a draft
    published_at: datetime | None = None
    changes: list[P.Change] = field(default_factory=list)

    @property
    def restatement(self) -> str:
        if not self.changes or self.published_at is None:
            return ""
        return RESTATED.format(date=day(self.published_at.date()))


# --- the period -------------------------------------------------------------------------------


def _check_period(kind: str, month: int | None) -> int:
    if kind not in P.PERIOD_KINDS:
        raise ValidationFailed({"period_kind": "Kies maand, kwartaal of jaar tot nu toe."})
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ValidationFailed({"month": "Kies een maand van het boekjaar."})
    if kind == P.QUARTER and month % 3:
        raise ValidationFailed({"month": "Een kwartaal eindigt in de 3e, 6e, 9e of 12e maand "
                                         "van het boekjaar."})
    return month


def _period(session: Session, who, pack: ReportPack, *, with_budget: bool) -> P.Period:
    this = figures.year_sums(session, pack.client_id, pack.year)
    if this is None:
        raise NotFound(NO_FIGURES)
    period = P.Period(this, figures.year_sums(session, pack.client_id, pack.year - 1),
                      P.first_month(pack.period_kind, pack.month), pack.month)
    if with_budget:
        period.budget = budget.against_actual(session, who, pack.client_id, pack.year,
                                              period.first, period.month, sums=this)
    return period


def title(pack: ReportPack, period: P.Period | None = None, start=None) -> str:
    """"Maandrapportage okt. 2018", "Kwartaalrapportage jul. t/m sep. 2018", ..."""
    if period is not None:
        label = period.label
    else:
        label = key_figures.period_labels(start, pack.month,
                                          P.first_month(pack.period_kind, pack.month))[0]
    word = {P.MONTH: "Maandrapportage", P.QUARTER: "Kwartaalrapportage",
            P.YTD: "Rapportage"}[pack.period_kind]
    return f"{word} {label}"


def snapshot(session: Session, who, pack: ReportPack, client_name: str
             ) -> tuple[P.Period, list[dict], placeholders.Values]:
    """Every chosen part computed from today's figures, and the placeholders' values."""
    period = _period(session, who, pack, with_budget=P.BUDGET in pack.parts)
    values = placeholders.values_for(period, client_name)
    built = P.build(period, list(pack.parts), keys=key_figures.dashboard_keys(session,
                                                                              pack.client_id),
                    text=values.render(pack.text))
    return period, built, values


# --- the office: compose ----------------------------------------------------------------------


def _office_pack(session: Session, actor: Actor, pack_id: int | None) -> ReportPack:
    office_id = access.require_employee(actor)
    pack = session.get(ReportPack, pack_id) if isinstance(pack_id, int) else None
    if pack is None or pack.office_id != office_id:
        raise NotFound(access.NO_PACK)
    access.require_pack_compose(session, actor, pack.client_id)
    return pack


def _validate(data: PackInput) -> None:
    errors = {}
    unknown = [p for p in data.parts if p not in P.TITLES]
    if unknown or not data.parts:
        errors["parts"] = "Kies ten minste één onderdeel."
    for name, text in (("introduction", data.introduction), ("text", data.text)):
        if len(text or "") > MAX_TEXT:
            errors[name] = f"Hoogstens {MAX_TEXT:,} tekens.".replace(",", ".")
        else:
            try:
                placeholders.check(name, text)
            except ValidationFailed as bad:
                errors.update(bad.errors)
    if errors:
        raise ValidationFailed(errors)


def create(session: Session, actor: Actor, client_id: int, data: PackInput, *,
           scheduled: bool = False) -> ReportPack:
    """A new draft for the client's period; refuses a period that already has a pack."""
    client = access.require_pack_compose(session, actor, client_id)
    month = _check_period(data.period_kind, data.month)
    if not isinstance(data.year, int) or session.exec(select(LedgerImport.id).where(
            LedgerImport.client_id == client.id, LedgerImport.year == data.year)).first() is None:
        raise ValidationFailed({"year": NO_FIGURES})
    _validate(data)
    exists = session.exec(select(ReportPack.id).where(
        ReportPack.client_id == client.id, ReportPack.year == data.year,
        ReportPack.period_kind == data.period_kind, ReportPack.month == month)).first()
    if exists is not None:
        raise ValidationFailed({"month": ALREADY})
    now = clock.now()
    pack = ReportPack(client_id=client.id, office_id=client.office_id, year=data.year,
                      period_kind=data.period_kind, month=month,
                      parts=[p for p in P.ORDER if p in data.parts],
                      introduction=data.introduction.strip(), text=data.text.strip(),
                      scheduled=scheduled, created_at=now, updated_at=now,
                      updated_by_id=actor.identity_id or None)
    savepoint = session.begin_nested()
    session.add(pack)
    try:
        session.flush()
    except Exception:  # the unique period: someone else drafted it a moment ago
        savepoint.rollback()
        raise ValidationFailed({"month": ALREADY}) from None
    savepoint.commit()
    return pack


def update(session: Session, actor: Actor, pack_id: int, data: PackInput) -> ReportPack:
    """The parts, introduction and text of a pack (its period stays)."""
    pack = _office_pack(session, actor, pack_id)
    _validate(data)
    pack.parts = [p for p in P.ORDER if p in data.parts]
    pack.introduction, pack.text = data.introduction.strip(), data.text.strip()
    pack.updated_at, pack.updated_by_id = clock.now(), actor.identity_id or None
    session.add(pack)
    session.flush()
    return pack


def automatic_summary(session: Session, actor: Actor, pack_id: int) -> str:
    """A text to start from, built from the observations of the period, with placeholders so
    its numbers stay those of the period; the accountant edits it before publishing."""
    pack = _office_pack(session, actor, pack_id)
    return summary_for(_period(session, actor, pack, with_budget=False))


def summary_for(period: P.Period) -> str:
    lines = ["In {periode} was de omzet {omzet} ({omzet_vs_vorig_jaar} ten opzichte van "
             "dezelfde periode vorig jaar) en het nettoresultaat {nettoresultaat}. "
             "De brutomarge was {brutomarge_pct}."]
    observed = P.observation_lines(period)
    if observed:
        lines.append(". ".join(observed) + ".")
    return "\n\n".join(lines)


def office_packs(session: Session, actor: Actor, client_id: int) -> list[PackRow]:
    """The client's packs for the office, newest period first."""
    client = access.require_pack_compose(session, actor, client_id)
    return _rows(session, select(ReportPack).where(ReportPack.client_id == client.id))


def review_list(session: Session, actor: Actor) -> list[PackRow]:
    """For the service owner (and participants): packs of the clients they serve that wait
    for them: drafts not yet published, and published packs whose figures changed."""
    served = access.portfolio_clients(actor)
    published = select(ReportPackVersion.pack_id)
    return _rows(session, select(ReportPack).where(
        ReportPack.client_id.in_(served),
        ReportPack.id.not_in(published) | ReportPack.restated_at.is_not(None)))


def _rows(session: Session, query) -> list[PackRow]:
    packs = session.exec(query.order_by(ReportPack.year.desc(), ReportPack.month.desc(),
                                        ReportPack.id.desc())).all()
    if not packs:
        return []
    ids = [p.id for p in packs]
    counts = {pid: (n, at) for pid, n, at in session.exec(
        select(ReportPackVersion.pack_id, func.count(), func.max(ReportPackVersion.published_at))
        .where(ReportPackVersion.pack_id.in_(ids)).group_by(ReportPackVersion.pack_id)).all()}
    clients = {c.id: c for c in session.exec(select(Client).where(
        Client.id.in_({p.client_id for p in packs}))).all()}
    starts = {(c, y): s for c, y, s in session.exec(
        select(LedgerImport.client_id, LedgerImport.year, LedgerImport.start_date).where(
            LedgerImport.client_id.in_(set(clients)))).all()}
    out = []
    for p in packs:
        n, at = counts.get(p.id, (0, None))
        out.append(PackRow(p.id, p.client_id, clients[p.client_id].name,
                           title(p, start=starts.get((p.client_id, p.year)) or date(p.year, 1, 1)),
                           p.period_kind, p.year, p.month, n, at, p.restated_at is not None,
                           p.scheduled, p.updated_at))
    return out


def preview(session: Session, actor: Actor, pack_id: int) -> PackView:
    """The pack as it would be published now (today's figures)."""
    pack = _office_pack(session, actor, pack_id)
    client = session.get(Client, pack.client_id)
    office = session.get(Office, pack.office_id)
    period, built, values = snapshot(session, actor, pack, client.name)
    newest = _newest_version(session, pack.id)
    return PackView(pack.id, client.id, client.name, office.name if office else "",
                    title(pack, period), period.label, values.render(pack.introduction),
                    values.render(pack.text), built,
                    changes=P.changes(newest.snapshot, built) if newest else [],
                    published_at=newest.published_at if newest else None)


def pack_input(pack: ReportPack) -> PackInput:
    return PackInput(pack.period_kind, pack.year, pack.month, tuple(pack.parts),
                     pack.introduction, pack.text)


def get_pack(session: Session, actor: Actor, pack_id: int) -> ReportPack:
    return _office_pack(session, actor, pack_id)


# --- publish ----------------------------------------------------------------------------------


def _newest_version(session: Session, pack_id: int) -> ReportPackVersion | None:
    return session.exec(select(ReportPackVersion).where(ReportPackVersion.pack_id == pack_id)
                        .order_by(ReportPackVersion.version.desc())).first()


def _company_collaboration(session: Session, client_id: int) -> Collaboration | None:
    return session.exec(select(Collaboration).where(
        Collaboration.client_id == client_id,
        Collaboration.state == CollaborationState.ACTIVE.value,
        Collaboration.product.in_(access.OVERVIEW_PRODUCTS))).first()


def readers(session: Session, company_id: int) -> list[Identity]:
    """The company's active users with Financial Overview: who reads its published packs."""
    return list(session.exec(
        select(Identity).distinct()
        .join(CompanyMember, CompanyMember.identity_id == Identity.id)
        .join(MemberProduct, MemberProduct.company_member_id == CompanyMember.id)
        .join(CompanyProduct, (CompanyProduct.company_id == CompanyMember.company_id)
              & (CompanyProduct.product == MemberProduct.product))
        .where(CompanyMember.company_id == company_id, CompanyMember.active == True,
               Identity.is_active == True, MemberProduct.product.in_(access.OVERVIEW_PRODUCTS))
        .order_by(Identity.id)).all())


def publish(session: Session, actor: Actor, pack_id: int) -> ReportPackVersion:
    """Lock the pack's figures as they are now in a new version; mail the company's users
    with Financial Overview (a link, and the PDF when the office's schedule says so)."""
    pack = _office_pack(session, actor, pack_id)
    _validate(pack_input(pack))
    client = session.get(Client, pack.client_id)
    office = session.get(Office, pack.office_id)
    period, built, values = snapshot(session, actor, pack, client.name)
    newest = _newest_version(session, pack.id)
    version = ReportPackVersion(
        pack_id=pack.id, client_id=pack.client_id, version=(newest.version + 1) if newest else 1,
        title=title(pack, period)[:200], introduction=values.render(pack.introduction),
        text=values.render(pack.text), snapshot=built, published_at=clock.now(),
        published_by_id=actor.identity_id or None)
    session.add(version)
    pack.restated_at = None
    session.add(pack)
    for alert in session.exec(select(ClientAlert).where(
            ClientAlert.client_id == pack.client_id,
            ClientAlert.code == f"{ALERT_CODE}{pack.id}", ClientAlert.active == True)).all():
        alert.active, alert.cleared_at = False, clock.now()
        session.add(alert)
    session.flush()
    collab = _company_collaboration(session, pack.client_id)
    if collab is not None and collab.company_id is not None:
        _mail_readers(session, actor, pack, version, client, office, collab.company_id)
    return version


def _mail_readers(session: Session, actor: Actor, pack: ReportPack, version: ReportPackVersion,
                  client: Client, office: Office | None, company_id: int) -> int:
    schedule = session.get(ReportSchedule, pack.office_id)
    attach = bool(schedule and schedule.attach_pdf)
    pdf_bytes = None
    if attach:
        from vfo_app.domain.reports import export

        pdf_bytes = export.version_pdf(session, version, office)
    base = get_settings().base_url.rstrip("/")
    link = base + routes.company_pack_url(company_id, version.id)
    sent = 0
    house = house_style.for_office(session, pack.office_id)  # the office's band atop the mail
    for person in readers(session, company_id):
        message = mail.render("pack_published", {
            "first_name": person.first_name, "office_name": office.name if office else "",
            "client_name": client.name, "title": version.title, "link": link,
            "version": version.version, "attached": pdf_bytes is not None}, house=house)
        row = mail.queue(session, kind="pack_published", to=person.email, message=message,
                         company_id=company_id, identity_id=person.id,
                         sender_id=actor.identity_id or None, office_id=pack.office_id)
        if pdf_bytes is not None:
            session.flush()
            session.add(OutboxAttachment(outbox_id=row.id, filename=export.pdf_name(version),
                                         content_type="application/pdf", content=pdf_bytes))
        sent += 1
    return sent


# --- the company's users: published packs only ------------------------------------------------


@dataclass(frozen=True)
class PublishedRow:
    id: int  # the version's id
    title: str
    version: int
    published_at: datetime
    restated: bool


def _company_client(session: Session, company_id: int) -> int | None:
    from vfo_app.domain.overview.scope import company_collaboration

    collab = company_collaboration(session, company_id)
    return collab.client_id if collab else None


def published(session: Session, actor: Actor, company_id: int) -> list[PublishedRow]:
    """The newest version of each published pack of the company, newest first."""
    access.require_pack_published(session, actor, company_id)
    client_id = _company_client(session, company_id)
    if client_id is None:
        return []
    newest = (select(ReportPackVersion.pack_id, func.max(ReportPackVersion.version).label("v"))
              .where(ReportPackVersion.client_id == client_id)
              .group_by(ReportPackVersion.pack_id).subquery())
    rows = session.exec(
        select(ReportPackVersion, ReportPack.restated_at)
        .join(newest, (newest.c.pack_id == ReportPackVersion.pack_id)
              & (newest.c.v == ReportPackVersion.version))
        .join(ReportPack, ReportPack.id == ReportPackVersion.pack_id)
        .where(ReportPackVersion.client_id == client_id)
        .order_by(ReportPackVersion.published_at.desc(), ReportPackVersion.id.desc())).all()
    return [PublishedRow(v.id, v.title, v.version, v.published_at, restated is not None)
            for v, restated in rows]


def company_version(session: Session, actor: Actor, company_id: int, version_id: int
                    ) -> ReportPackVersion:
    """A published version of the company's own client; anything else answers as unknown."""
    access.require_pack_published(session, actor, company_id)
    client_id = _company_client(session, company_id)
    version = session.get(ReportPackVersion, version_id) if isinstance(version_id, int) else None
    if version is None or client_id is None or version.client_id != client_id:
        raise NotFound(access.NO_PUBLISHED_PACK)
    return version


def read_published(session: Session, actor: Actor, company_id: int, version_id: int
                   ) -> PackView:
    """A published version as locked, with the lines that changed since (old, new, difference)."""
    version = company_version(session, actor, company_id, version_id)
    return version_view(session, version)


def version_view(session: Session, version: ReportPackVersion, *, compare: bool = True
                 ) -> PackView:
    pack = session.get(ReportPack, version.pack_id)
    client = session.get(Client, version.client_id)
    office = session.get(Office, pack.office_id)
    changes: list[P.Change] = []
    period_label = ""
    if compare:
        today = _today(session, pack, client)
        if today is not None:
            period, built = today
            period_label = period.label
            changes = P.changes(version.snapshot, built)
    return PackView(version.id, client.id, client.name, office.name if office else "",
                    version.title, period_label, version.introduction, version.text,
                    version.snapshot, version.version, version.published_at, changes)


def _today(session: Session, pack: ReportPack, client: Client):
    """Today's figures of the pack's compared parts (no budget, no text: not compared)."""
    this = figures.year_sums(session, pack.client_id, pack.year)
    if this is None:
        return None
    period = P.Period(this, figures.year_sums(session, pack.client_id, pack.year - 1),
                      P.first_month(pack.period_kind, pack.month), pack.month)
    compared = [p for p in pack.parts if p in P.COMPARED]
    built = P.build(period, compared, keys=key_figures.dashboard_keys(session, pack.client_id),
                    text="")
    return period, built


# --- after an import --------------------------------------------------------------------------


def after_import(session: Session, client_id: int, year: int) -> int:
    """Called when an import of the client's fiscal ``year`` finished: each pack of that year
    whose newest published version differs from the figures now is marked, and its service
    owners get a notice asking for a new version (once, until it is published again).
    Returns the number of packs marked."""
    client = session.get(Client, client_id)
    if client is None:
        return 0
    marked = 0
    packs = session.exec(select(ReportPack).where(
        ReportPack.client_id == client_id, ReportPack.year.in_([year, year + 1]))).all()
    for pack in packs:
        newest = _newest_version(session, pack.id)
        if newest is None:
            continue
        today = _today(session, pack, client)
        found = P.changes(newest.snapshot, today[1]) if today else []
        if not found:
            continue
        marked += _ask_for_new_version(session, client, pack, newest, len(found))
    return marked


def _ask_for_new_version(session: Session, client: Client, pack: ReportPack,
                         newest: ReportPackVersion, count: int) -> int:
    code = f"{ALERT_CODE}{pack.id}"
    alert = session.exec(select(ClientAlert).where(ClientAlert.client_id == client.id,
                                                   ClientAlert.code == code)).first()
    if alert is not None and alert.active:
        return 0
    now = clock.now()
    message = (f"{newest.title} (gepubliceerd {day(newest.published_at.date())}): "
               f"{count} {'regel is' if count == 1 else 'regels zijn'} gewijzigd door een "
               "nieuwe import. Publiceer een nieuwe versie.")[:400]
    if alert is None:
        alert = ClientAlert(client_id=client.id, code=code, message=message)
    alert.active, alert.message, alert.fired_at, alert.cleared_at = True, message, now, None
    session.add(alert)
    pack.restated_at = now
    session.add(pack)
    session.flush()
    owners = sorted({g.identity_id for g in access.grants(session, client) if g.is_owner}) or \
        sorted({g.identity_id for g in access.grants(session, client)})
    for identity_id in owners:
        session.add(Notice(identity_id=identity_id, office_id=client.office_id,
                           client_id=client.id, alert_id=alert.id, message=message,
                           created_at=now))
    return 1


# --- the questions of the pack's period -----------------------------------------------------


def office_history(session: Session, actor: Actor, pack_id: int) -> list[questions.ThreadView]:
    """The questions asked on figures of the pack's period (its months of its fiscal year),
    with their answers, oldest first: the pack's history as the office reads it, every
    thread of the client (``questions.questions_for_period``)."""
    pack = _office_pack(session, actor, pack_id)
    return questions.questions_for_period(session, actor, pack.client_id, pack.year,
                                          P.first_month(pack.period_kind, pack.month),
                                          pack.month)


def published_history(session: Session, actor: Actor, company_id: int, version_id: int
                      ) -> list[questions.ThreadView]:
    """The same for a published version, as the company's users read it: the threads asked
    from their own company only. Live, not locked with the version: an answer given after
    publication belongs with the period too."""
    version = company_version(session, actor, company_id, version_id)
    pack = session.get(ReportPack, version.pack_id)
    return questions.questions_for_period(session, actor, pack.client_id, pack.year,
                                          P.first_month(pack.period_kind, pack.month),
                                          pack.month, company_id=company_id)


def published_moment(value: datetime | None) -> str:
    return moment(value)


def company_of_client(session: Session, client_id: int) -> Company | None:
    collab = _company_collaboration(session, client_id)
    return session.get(Company, collab.company_id) if collab and collab.company_id else None
