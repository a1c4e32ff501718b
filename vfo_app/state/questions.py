"""Vraag over dit cijfer (vfo_app.domain.overview.questions): the threads beside the figures of
a Financial Overview (the accountant's and the company's page alike), the question dialog for
the company's users, and the list Vragen where the serving employees answer."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain import mail
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.formatting import moment
from vfo_app.domain.overview import questions
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.scope import Scope
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load

ASKED = "Uw vraag is verstuurd naar uw accountant. Het antwoord verschijnt bij dit cijfer."
ANSWERED = "Uw antwoord staat bij het cijfer voor de gebruikers van de klant."


@dataclass
class FigureMessage:
    """One message of a thread, as shown beside its figure; ``figure_key``, ``year`` and
    ``month`` say which figure of which period (strings, as the dashboard's selects)."""

    figure_key: str
    figure_label: str
    period: str
    year: str
    month: str
    author: str
    from_office: bool
    text: str
    at: str
    waits: bool = False  # the thread's last message, and it waits for an answer
    first: bool = False  # the thread's first message (the list names the figure above it)


@dataclass
class ThreadMessage:
    author: str
    from_office: bool
    text: str
    at: str


@dataclass
class ThreadCard:
    """One thread in Vragen."""

    id: int
    anchor: str  # "vraag-<id>"
    client: str
    figure: str
    period: str
    waiting: bool
    href: str  # the client's dashboard of that year, where the figure is
    messages: list[ThreadMessage]


def _flat(views: list[questions.ThreadView]) -> list[FigureMessage]:
    rows = []
    for t in views:
        for i, m in enumerate(t.messages):
            rows.append(FigureMessage(t.figure_key, t.figure_label, t.period_label, str(t.year),
                                      str(t.month), m.author, m.from_office, m.text,
                                      moment(m.at),
                                      waits=t.waiting and i == len(t.messages) - 1,
                                      first=i == 0))
    return rows


class FigureQuestionsState(SessionState):
    """The threads of the opened client, for every figure of every period (few: the page
    filters them by figure, year and month); the company's users ask here. The page's route
    says whose overview it is; every event resolves it again for the person."""

    messages: list[FigureMessage] = rx.field(default_factory=list)
    may_ask: bool = False  # a company user of this company; the server checks every question
    asking: str = ""  # the figure key whose dialog is open
    draft: str = ""  # the text of a refused question, kept for the next try
    error: str = ""

    def _scope(self, session: Session, actor: Actor) -> Scope:
        company_id = self._route_id("company_id")
        if company_id is not None:
            return scopes.for_company_user(session, actor, company_id)
        client_id = self._route_id("client_id")
        if client_id is None:
            raise NotFound()
        return scopes.for_employee(session, actor, client_id)

    def _read(self, tx: Tx) -> None:
        scope = self._scope(tx.session, tx.actor)
        self.may_ask = not scope.is_employee_view
        self.messages = _flat(questions.threads(tx.session, tx.actor, scope))

    @rx.event
    def load(self):
        """When the figures are shown (the dashboard mounts its questions card)."""
        self.messages, self.may_ask = [], False
        outcome = self._run(self._read, quiet=True)
        return None if outcome.ok else outcome.answer

    @rx.event
    def open_question(self, figure_key: str, open_: bool = True):
        """Opens or closes the dialog of one figure: page state only (asking checks)."""
        key = figure_key if isinstance(figure_key, str) else ""
        if open_ is True and key:
            if key != self.asking:
                self.draft = ""
            self.asking, self.error = key, ""
        else:
            self.asking, self.error = "", ""

    @rx.event
    def ask(self, form: dict):
        form = form if isinstance(form, dict) else {}
        text = str(form.get("text") or "")
        key = str(form.get("figure_key") or "")

        def case(tx: Tx) -> None:
            scope = self._scope(tx.session, tx.actor)
            questions.ask(tx.session, tx.actor, scope, figure_key=key,
                          year=str(form.get("year") or ""), month=str(form.get("month") or ""),
                          text=text)
            tx.session.flush()
            self._read(tx)

        outcome = self._run(case)
        if isinstance(outcome.error, ValidationFailed):
            self.draft = text[:questions.MAX_LENGTH * 2]
            self.error = " ".join(outcome.error.errors.values())
            return None
        if not outcome.ok:
            return outcome.answer
        self.asking, self.draft, self.error = "", "", ""
        return [rx.toast.success(ASKED), FigureQuestionsState.deliver_mail]

    @rx.event(background=True)
    async def deliver_mail(self):
        """Send the question to the service owner now rather than at the timer's next tick."""
        await asyncio.to_thread(mail.deliver_now)


class QuestionsListState(SessionState):
    """Vragen: the threads of the clients the employee serves, those waiting first."""

    threads: list[ThreadCard] = rx.field(default_factory=list)
    waiting: int = 0
    loaded: bool = False
    error_for: int = 0  # the thread whose answer was refused
    error: str = ""
    form_key: int = 0  # a new, empty answer form after an answer

    def _read(self, tx: Tx) -> None:
        views = questions.office_threads(tx.session, tx.actor)
        self.waiting = questions.waiting_count(tx.session, tx.actor)
        self.waiting_questions = self.waiting  # the menu's count, right after an answer
        self.threads = [ThreadCard(
            id=t.id, anchor=f"vraag-{t.id}", client=t.client_name, figure=t.figure_label,
            period=t.period_label, waiting=t.waiting,
            href=routes.financial_overview_url(t.client_id, t.year),
            messages=[ThreadMessage(m.author, m.from_office, m.text, moment(m.at))
                      for m in t.messages]) for t in views]
        self.loaded = True

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.error_for, self.error = 0, ""
        outcome = self._run(self._read, tx=tx)
        return None if outcome.ok else outcome.answer

    @rx.event
    def answer(self, form: dict):
        form = form if isinstance(form, dict) else {}
        question_id = as_id(form.get("question_id"))
        text = str(form.get("text") or "")

        def case(tx: Tx) -> None:
            questions.answer(tx.session, tx.actor, question_id, text=text)
            tx.session.flush()
            self._read(tx)

        outcome = self._run(case)
        if isinstance(outcome.error, ValidationFailed):
            self.error_for = question_id or 0
            self.error = " ".join(outcome.error.errors.values())
            return None
        if not outcome.ok:
            return outcome.answer
        self.error_for, self.error = 0, ""
        self.form_key += 1
        return [rx.toast.success(ANSWERED), QuestionsListState.deliver_mail]

    @rx.event(background=True)
    async def deliver_mail(self):
        """Send the answer to the asker now rather than at the timer's next tick."""
        await asyncio.to_thread(mail.deliver_now)
