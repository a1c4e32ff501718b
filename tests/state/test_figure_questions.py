"""Vraag over dit cijfer driven as events: the company's user asks on the dashboard (a refused
question keeps its text and says why beside the field), the serving accountant answers in
Vragen, the company's user reads the answer beside the figure; others get nothing."""

from __future__ import annotations

from sqlmodel import Session, select

from tests.state.world import QUESTION_TEXT
from vfo_app import routes
from vfo_app.domain.models import FigureQuestionMessage, OutboxMessage
from vfo_app.domain.overview import questions
from vfo_app.state.questions import ANSWERED, ASKED, FigureQuestionsState, QuestionsListState


def _texts(engine) -> list[str]:
    with Session(engine) as db:
        return sorted(db.exec(select(FigureQuestionMessage.text)).all())


def _ask_form(world, text: str, key: str = "kpi:omzet") -> dict:
    return {"figure_key": key, "year": str(world.noord.year), "month": "4", "text": text}


def test_a_question_asked_is_answered_and_shown_beside_the_figure(tab, world, app_engine):
    gerda = tab("gerda").open(routes.ONLINE_COMPANY_OVERVIEW, company_id=world.noord.company_id)
    assert gerda.call(FigureQuestionsState.load).error is None
    q = gerda.state(FigureQuestionsState)
    assert q.may_ask and [m.text for m in q.messages] == [QUESTION_TEXT]

    gerda.call(FigureQuestionsState.open_question, "kpi:omzet", True)
    assert q.asking == "kpi:omzet"
    # an empty question: the reason beside the field, the dialog stays open, nothing saved
    answer = gerda.call(FigureQuestionsState.ask, _ask_form(world, "   "))
    assert not answer.success_toasts and q.error == questions.EMPTY_QUESTION
    assert q.asking == "kpi:omzet"
    # too long: said so, and the typed text is kept for the next try
    long_text = "Waarom? " * 300
    gerda.call(FigureQuestionsState.ask, _ask_form(world, long_text))
    assert q.error == questions.TOO_LONG and q.draft == long_text
    assert _texts(app_engine) == [QUESTION_TEXT]

    answer = gerda.call(FigureQuestionsState.ask, _ask_form(world, "Waarom is april hoger?"))
    assert answer.success_toasts == [ASKED], answer
    assert q.asking == "" and q.error == "" and q.draft == ""
    assert "Waarom is april hoger?" in [m.text for m in q.messages]
    with Session(app_engine) as db:
        mailed = db.exec(select(OutboxMessage).where(
            OutboxMessage.kind == "figure_question")).all()
        assert [m.to_email for m in mailed] == [world.emails["nora"]]

    # the serving accountant sees it waiting in Vragen and answers it
    nora = tab("nora").open(routes.QUESTIONS)
    assert nora.call(QuestionsListState.load).error is None
    page = nora.state(QuestionsListState)
    assert page.waiting == 2
    thread = next(t for t in page.threads if t.messages[-1].text == "Waarom is april hoger?")
    refused = nora.call(QuestionsListState.answer, {"question_id": str(thread.id), "text": ""})
    assert not refused.success_toasts and page.error_for == thread.id
    assert page.error == questions.EMPTY_ANSWER
    answer = nora.call(QuestionsListState.answer, {"question_id": str(thread.id),
                                                   "text": "April had de grote order."})
    assert answer.success_toasts == [ANSWERED], answer
    assert page.waiting == 1 and page.error == ""

    # and the company's user reads the answer beside Omzet of April
    gerda.call(FigureQuestionsState.load)
    beside = [m for m in q.messages if m.figure_key == "kpi:omzet" and m.month == "4"]
    assert [(m.from_office, m.text) for m in beside] == [
        (False, "Waarom is april hoger?"), (True, "April had de grote order.")]


def test_an_employee_answers_and_never_asks(tab, world, database):
    nora = tab("nora").open(routes.CLIENT_OVERVIEW, client_id=world.noord.client_id)
    nora.call(FigureQuestionsState.load)
    q = nora.state(FigureQuestionsState)
    assert not q.may_ask and [m.text for m in q.messages] == [QUESTION_TEXT]
    answer = nora.call(FigureQuestionsState.ask, _ask_form(world, "Ik vraag het zelf."))
    assert answer.error_toasts and not answer.success_toasts
    assert database.changes_since(database.initial) == []


def test_a_colleague_who_serves_nothing_sees_no_questions(tab, world, database):
    nick = tab("nick").open(routes.QUESTIONS)
    nick.call(QuestionsListState.load)
    assert nick.state(QuestionsListState).threads == []
    answer = nick.call(QuestionsListState.answer, {"question_id": str(world.noord.question_id),
                                                   "text": "Ik weet het."})
    assert answer.error_toasts and not answer.success_toasts
    assert database.changes_since(database.initial) == []


def test_a_question_on_a_kasstroom_line_and_the_menus_count(tab, world):
    """The company's user asks about a line of Kasstroom from that page; the thread is the
    line's in the month shown, on the accountant's Kasstroom too, and the accountant's menu
    counts it among the questions waiting (Vragen) until it is answered."""
    from vfo_app.state.cash_flow import CashFlowState, CompanyCashFlowState

    year = str(world.noord.year)
    nora = tab("nora").open(routes.QUESTIONS)
    nora.call(QuestionsListState.load)
    assert nora.state(QuestionsListState).waiting_questions == 1  # Frans's on Omzet

    company = {"company_id": world.noord.company_id}
    gerda = tab("gerda").open(routes.ONLINE_COMPANY_CASH_FLOW, {"jaar": year, "periode": "2"},
                              **company)
    assert gerda.call(CompanyCashFlowState.load).error is None
    flow = gerda.state(CompanyCashFlowState)
    assert flow.question_month == "2"  # the month shown, not the year to date
    line = next(r for r in flow.rows if r.key == "afschrijvingen")
    assert {r.key for r in flow.rows if r.kind != "row"} == {""}  # totals are not asked about
    gerda.call(FigureQuestionsState.load)
    assert gerda.state(FigureQuestionsState).may_ask
    answer = gerda.call(FigureQuestionsState.ask, {
        "figure_key": "cashflow:" + line.key, "year": year, "month": flow.question_month,
        "text": "Waarom zo weinig afschrijvingen?"})
    assert answer.success_toasts == [ASKED], answer

    nora = tab("nora").open(routes.CLIENT_OVERVIEW_CASH_FLOW, {"jaar": year, "periode": "2"},
                            client_id=world.noord.client_id)
    nora.call(CashFlowState.load)
    assert nora.state(CashFlowState).question_month == "2"
    assert [r.key for r in nora.state(CashFlowState).rows if r.label == line.label] == [line.key]
    nora.call(FigureQuestionsState.load)
    beside = [(m.figure_label, m.month, m.text) for m in nora.state(FigureQuestionsState).messages
              if m.figure_key == "cashflow:afschrijvingen"]
    assert beside == [(line.label + " (kasstroom)", "2", "Waarom zo weinig afschrijvingen?")]

    vragen = tab("nora").open(routes.QUESTIONS)
    vragen.call(QuestionsListState.load)
    page = vragen.state(QuestionsListState)
    assert page.waiting_questions == 2
    thread = next(t for t in page.threads if t.figure == "Afschrijvingen (kasstroom)")
    vragen.call(QuestionsListState.answer, {"question_id": str(thread.id),
                                            "text": "De machine is pas in maart gekocht."})
    assert page.waiting_questions == 1  # the menu's count follows the answer at once
