"""Vraag over dit cijfer: a client user asks about one figure of one period; the accountant
answers; the thread stays with that figure and period.

Decisions:
- A thread per client, figure and period (fiscal year and month of it): asking again about the
  same figure of the same period adds a follow-up to that thread, so the answer and what came
  after stay together. A figure is named by a stable key: ``kpi:<key figure>`` (a dashboard
  tile and the same figure on Kengetallen share it), ``pl:<category>`` (a line of the
  Winst-en-verliesrekening), ``balance:<category>`` (the Balans), ``cashflow:<line>``.
- Who asks: the company's users with Financial Overview of that company
  (``scope.for_company_user``: ``access.require_company_overview``). Starter users see the
  dashboard and its trends, so they ask about the key figures they see (``kpi:`` of the default
  set) and nothing else. Employees do not ask, they answer.
- Who answers and reads every thread of a client: the employees who may see its figures
  (``access.require_figures``: owners and participants of an active service). The list
  "Vragen" shows them the threads of the clients they serve, those waiting first.
- Who is told: a question (and a follow-up) is e-mailed to the client's service owners (to
  every serving employee when no owner is active); an answer to the company users who asked in
  that thread. Mail is queued in the same transaction as the message (``mail.queue``).
- The accountant's own explanation ("Toelichting", ``comments``) is written unasked and per
  year; a question is the client's, per figure and period. The dashboard shows both, each in
  its place: comments in their card, a thread beside its figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from babel.dates import format_date
from sqlmodel import Session, func, select

from vfo_app import routes
from vfo_app.domain import access, audit, clock, house_style, mail
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.formatting import LOCALE
from vfo_app.domain.models import (
    Client,
    FigureQuestion,
    FigureQuestionMessage,
    Identity,
    LedgerImport,
)
from vfo_app.domain.overview import cash_flow, key_figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.scope import Scope
from vfo_app.domain.xaf.classify import BALANCE, CATEGORIES, PROFIT_LOSS
from vfo_app.settings import get_settings

MAX_LENGTH = 2000  # a question or an answer, in characters (the form says the same)
KPI, PL, BALANCE_SHEET, CASH_FLOW = "kpi", "pl", "balance", "cashflow"
_KEY = re.compile(r"^(kpi|pl|balance|cashflow):([a-z0-9_]{1,50})$")

EMPTY_QUESTION = "Schrijf uw vraag."
EMPTY_ANSWER = "Schrijf een antwoord."
TOO_LONG = f"Een bericht is hooguit {MAX_LENGTH} tekens."
UNKNOWN_FIGURE = "Dit cijfer bestaat niet (meer) in deze versie van Financial Overview."
NO_PERIOD = "Kies een periode waarvan cijfers zijn ingelezen."
CLIENTS_ASK = "Vragen over de cijfers stelt de klant; u beantwoordt ze onder Vragen."
NO_QUESTION = "Deze vraag bestaat niet of hoort niet bij uw kantoor."
PAGE_SIZE = 100


@dataclass(frozen=True)
class MessageView:
    author: str
    from_office: bool
    text: str
    at: datetime


@dataclass(frozen=True)
class ThreadView:
    id: int
    client_id: int
    client_name: str
    figure_key: str
    figure_label: str
    year: int
    month: int
    period_label: str  # "oktober 2018": the month of the fiscal year, as a calendar month
    waiting: bool  # the newest message is the client's
    last_at: datetime
    messages: list[MessageView] = field(default_factory=list)


def figure_label(key: str) -> str | None:
    """The name of the figure a key names, or None when no figure has that key."""
    match = _KEY.match(key or "")
    if match is None:
        return None
    kind, name = match.groups()
    if kind == KPI:
        found = key_figures.LIBRARY.get(name)
        return found.label if found else None
    if kind in (PL, BALANCE_SHEET):
        category = CATEGORIES.get(name)
        section = PROFIT_LOSS if kind == PL else BALANCE
        return category.label if category and category.section == section else None
    # the statement's "Afschrijvingen" is no line of the profit and loss: Vragen, the mails
    # and the list beside the accountant's comments say which one is meant
    line = next((label for k, label, *_ in cash_flow.LINES if k == name), None)
    return f"{line} (kasstroom)" if line else None


def allowed_figure(scope: Scope, key: str) -> bool:
    """Starter shows the dashboard's default key figures and trends, and nothing else."""
    if figure_label(key) is None:
        return False
    if scope.is_starter:
        kind, name = key.split(":", 1)
        return kind == KPI and name in key_figures.DEFAULT_SET
    return True


def _text(text: str, empty: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed({"text": empty})
    if len(text) > MAX_LENGTH:
        raise ValidationFailed({"text": TOO_LONG})
    return text


def _start_months(session: Session, client_id: int) -> dict[int, int]:
    """Fiscal year -> the calendar month it starts in (1 when the file does not say)."""
    rows = session.exec(select(LedgerImport.year, LedgerImport.start_date)
                        .where(LedgerImport.client_id == client_id)).all()
    return {year: start.month if start else 1 for year, start in rows}


def period_label(start_month: int, year: int, month: int) -> str:
    """Month ``month`` of fiscal year ``year`` as the calendar month it is ("oktober 2018")."""
    calendar = (start_month - 1 + month - 1) % 12 + 1
    name = format_date(date(2000, calendar, 1), "MMMM", locale=LOCALE)
    return f"{name} {year if calendar >= start_month else year + 1}"


# --- asking ------------------------------------------------------------------------------------


def ask(session: Session, actor: Actor, scope: Scope, *, figure_key: str, year: int | str,
        month: int | str, text: str) -> FigureQuestion:
    """A company user's question about one figure of one period (or a follow-up in its thread)."""
    fresh = scopes.recheck(session, actor, scope)
    if fresh.is_employee_view:
        raise PermissionDenied(CLIENTS_ASK)
    errors: dict[str, str] = {}
    try:
        text = _text(text, EMPTY_QUESTION)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if not allowed_figure(fresh, figure_key):
        errors["figure"] = UNKNOWN_FIGURE
    years = _start_months(session, fresh.client_id)
    year_no = int(year) if str(year).isdigit() else 0
    month_no = int(month) if str(month).isdigit() else 0
    if year_no not in years or not 1 <= month_no <= 12:
        errors["period"] = NO_PERIOD
    if errors:
        raise ValidationFailed(errors)
    now = clock.now()
    thread = session.exec(select(FigureQuestion).where(
        FigureQuestion.client_id == fresh.client_id, FigureQuestion.year == year_no,
        FigureQuestion.month == month_no, FigureQuestion.figure_key == figure_key)).first()
    if thread is None:
        thread = FigureQuestion(client_id=fresh.client_id, company_id=fresh.company_id,
                                year=year_no, month=month_no, figure_key=figure_key,
                                figure_label=figure_label(figure_key), asked_by_id=actor.identity_id,
                                created_at=now, last_at=now)
    thread.waiting, thread.last_at = True, now
    session.add(thread)
    session.flush()
    session.add(FigureQuestionMessage(question_id=thread.id, author_id=actor.identity_id,
                                      from_office=False, text=text, created_at=now))
    audit.record(session, actor_id=actor.identity_id, office_id=None, action="create",
                 entity="figure_question", entity_id=thread.id,
                 changes={"client_id": fresh.client_id, "figure": figure_key, "year": year_no,
                          "month": month_no, "text": text})
    _mail_office(session, actor, thread, text, years.get(year_no, 1))
    return thread


def _mail_office(session: Session, actor: Actor, thread: FigureQuestion, text: str,
                 start_month: int) -> None:
    client = session.get(Client, thread.client_id)
    grants = access.grants(session, client)
    owners = {g.identity_id for g in grants if g.is_owner} or {g.identity_id for g in grants}
    base = get_settings().base_url.rstrip("/")
    asker = session.get(Identity, actor.identity_id)
    for identity_id in sorted(owners):
        person = session.get(Identity, identity_id)
        if person is None or not person.is_active:
            continue
        message = mail.render("figure_question", {
            "first_name": person.first_name, "client": f"{client.name} ({client.number})",
            "asker": asker.full_name if asker else "", "figure": thread.figure_label,
            "period": period_label(start_month, thread.year, thread.month), "text": text,
            "questions_link": base + routes.QUESTIONS,
            "overview_link": base + routes.financial_overview_url(client.id, thread.year)})
        mail.queue(session, kind="figure_question", to=person.email, message=message,
                   identity_id=person.id, company_id=thread.company_id,
                   office_id=client.office_id)


# --- answering ---------------------------------------------------------------------------------


def office_question(session: Session, actor: Actor, question_id: int | None) -> FigureQuestion:
    """A thread of a client whose figures the employee may see; another office's (or an
    unknown) answers as unknown, a client the employee does not serve as refused."""
    access.require_employee(actor)
    thread = (session.get(FigureQuestion, question_id) if isinstance(question_id, int)
              else None)
    if thread is None:
        raise NotFound(NO_QUESTION)
    try:
        access.require_figures(session, actor, thread.client_id)
    except NotFound:
        raise NotFound(NO_QUESTION) from None
    return thread


def answer(session: Session, actor: Actor, question_id: int | None, *, text: str
           ) -> FigureQuestion:
    thread = office_question(session, actor, question_id)
    if access.is_system(actor):
        raise PermissionDenied()
    text = _text(text, EMPTY_ANSWER)
    now = clock.now()
    session.add(FigureQuestionMessage(question_id=thread.id, author_id=actor.identity_id,
                                      from_office=True, text=text, created_at=now))
    thread.waiting, thread.last_at = False, now
    session.add(thread)
    session.flush()
    audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id,
                 action="update", entity="figure_question", entity_id=thread.id,
                 changes={"answer": text})
    _mail_askers(session, actor, thread, text)
    return thread


def _mail_askers(session: Session, actor: Actor, thread: FigureQuestion, text: str) -> None:
    """The company users who asked in this thread (and still may read it) hear of the answer."""
    askers = session.exec(select(FigureQuestionMessage.author_id).where(
        FigureQuestionMessage.question_id == thread.id,
        FigureQuestionMessage.from_office == False).distinct()).all()
    start = _start_months(session, thread.client_id).get(thread.year, 1)
    base = get_settings().base_url.rstrip("/")
    for identity_id in sorted(askers):
        person = session.get(Identity, identity_id)
        if person is None or not person.is_active:
            continue
        reader = Actor(identity_id=person.id, email=person.email, name=person.full_name)
        if thread.company_id not in {c.id for c in access.overview_companies(session, reader)}:
            continue  # no longer a reader of this company's figures
        message = mail.render("figure_answer", {
            "first_name": person.first_name, "figure": thread.figure_label,
            "period": period_label(start, thread.year, thread.month),
            "author": actor.name, "text": text,
            "link": base + routes.company_overview_url(thread.company_id)},
            house=house_style.for_office(session, actor.office_id))  # the office's band
        mail.queue(session, kind="figure_answer", to=person.email, message=message,
                   identity_id=person.id, company_id=thread.company_id,
                   office_id=actor.office_id)


# --- reading -----------------------------------------------------------------------------------


def _views(session: Session, rows: list[tuple[FigureQuestion, str]]) -> list[ThreadView]:
    if not rows:
        return []
    ids = [q.id for q, _ in rows]
    messages: dict[int, list[MessageView]] = {i: [] for i in ids}
    for m, first, last in session.exec(
            select(FigureQuestionMessage, Identity.first_name, Identity.last_name)
            .join(Identity, Identity.id == FigureQuestionMessage.author_id)
            .where(FigureQuestionMessage.question_id.in_(ids))
            .order_by(FigureQuestionMessage.created_at, FigureQuestionMessage.id)).all():
        messages[m.question_id].append(
            MessageView(f"{first} {last}".strip(), m.from_office, m.text, m.created_at))
    starts: dict[int, dict[int, int]] = {}
    views = []
    for q, client_name in rows:
        start = starts.setdefault(q.client_id, _start_months(session, q.client_id))
        views.append(ThreadView(q.id, q.client_id, client_name, q.figure_key, q.figure_label,
                                q.year, q.month, period_label(start.get(q.year, 1), q.year,
                                                              q.month),
                                q.waiting, q.last_at, messages[q.id]))
    return views


def threads(session: Session, actor: Actor, scope: Scope) -> list[ThreadView]:
    """Every thread of the scope's client, for the figures it shows (Starter: its key figures);
    the company's users and the serving employees alike. Newest first."""
    fresh = scopes.recheck(session, actor, scope)
    rows = session.exec(
        select(FigureQuestion, Client.name).join(Client, Client.id == FigureQuestion.client_id)
        .where(FigureQuestion.client_id == fresh.client_id)
        .order_by(FigureQuestion.last_at.desc(), FigureQuestion.id.desc())
        .limit(PAGE_SIZE)).all()
    return _views(session, [(q, n) for q, n in rows if allowed_figure(fresh, q.figure_key)])


def office_threads(session: Session, actor: Actor, *, waiting_only: bool = False,
                   limit: int = PAGE_SIZE) -> list[ThreadView]:
    """Vragen: the threads of the clients the employee serves, those waiting first."""
    query = (select(FigureQuestion, Client.name)
             .join(Client, Client.id == FigureQuestion.client_id)
             .where(FigureQuestion.client_id.in_(access.portfolio_clients(actor))))
    if waiting_only:
        query = query.where(FigureQuestion.waiting == True)
    rows = session.exec(query.order_by(FigureQuestion.waiting.desc(),
                                       FigureQuestion.last_at.desc(), FigureQuestion.id.desc())
                        .limit(limit)).all()
    return _views(session, list(rows))


def waiting_count(session: Session, actor: Actor) -> int:
    """How many threads of the clients the employee serves wait for an answer."""
    if not actor.is_employee or access.is_system(actor):
        return 0
    # Every page load of an employee asks (the menu's count); most offices have no waiting
    # thread at all, which a plain indexed look-up tells without planning the rule's query.
    if session.exec(select(FigureQuestion.id).join(Client, Client.id == FigureQuestion.client_id)
                    .where(Client.office_id == actor.office_id, FigureQuestion.waiting == True)
                    .limit(1)).first() is None:
        return 0
    return session.exec(select(func.count()).select_from(FigureQuestion).where(
        FigureQuestion.client_id.in_(access.portfolio_clients(actor)),
        FigureQuestion.waiting == True)).one()


def questions_for_period(session: Session, actor: Actor, client_id: int, year: int,
                         month_from: int, month_to: int, *, company_id: int | None = None
                         ) -> list[ThreadView]:
    """The threads of a client's fiscal year ``year``, months ``month_from``..``month_to`` of
    it, oldest first: a report pack's history. Employees who may see the client's figures see
    every thread of the client; a company user of the company whose Financial Overview that
    client is (its active collaboration; ``company_id`` names it when the page knows it) sees
    the threads asked from that company only, never those of another company once linked to
    the same client. Anyone else: NotFound."""
    if actor.is_employee:
        scope = scopes.for_employee(session, actor, client_id)
    else:
        scope = None
        for company in access.overview_companies(session, actor):
            if company_id is not None and company.id != company_id:
                continue
            collab = scopes.company_collaboration(session, company.id)
            if collab is not None and collab.client_id == client_id:
                scope = scopes.for_company_user(session, actor, company.id)
                break
        if scope is None:
            raise NotFound(access.NO_COMPANY_OVERVIEW)
    query = (select(FigureQuestion, Client.name)
             .join(Client, Client.id == FigureQuestion.client_id)
             .where(FigureQuestion.client_id == client_id, FigureQuestion.year == int(year),
                    FigureQuestion.month >= int(month_from),
                    FigureQuestion.month <= int(month_to)))
    if not scope.is_employee_view:
        query = query.where(FigureQuestion.company_id == scope.company_id)
    rows = session.exec(query.order_by(FigureQuestion.month, FigureQuestion.created_at,
                                       FigureQuestion.id)).all()
    return _views(session, [(q, n) for q, n in rows if allowed_figure(scope, q.figure_key)])
