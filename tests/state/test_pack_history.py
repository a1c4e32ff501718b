"""Vragen over deze periode: a pack page shows the questions asked on figures of its period,
with the answer or "Nog niet beantwoord"; the company's users see the threads of their own
company only, the office every thread of its client; another tenant gets nothing."""

from __future__ import annotations

from sqlmodel import Session

from tests.state.world import QUESTION_TEXT
from vfo_app import routes
from vfo_app.domain.models import FigureQuestion, FigureQuestionMessage, ReportPackVersion
from vfo_app.state.questions import QuestionsListState
from vfo_app.state.report_packs import CompanyPackState, PackState

ANSWER = "De omzet van maart 2017 had een eenmalige order."
ELSEWHERE = "Een vraag uit een bedrijf dat eerder aan deze klant gekoppeld was."


def _march_pack(app_engine, world) -> int:
    with Session(app_engine) as db:
        return db.get(ReportPackVersion, world.noord.version_id).pack_id


def _question_from_another_company(app_engine, world) -> None:
    """A thread on the same client and period, asked from another company (once linked)."""
    with Session(app_engine) as db:
        thread = db.get(FigureQuestion, world.noord.question_id)
        other = FigureQuestion(client_id=thread.client_id, company_id=world.zuid.company_id,
                               year=thread.year, month=3, figure_key="kpi:brutomarge",
                               figure_label="Brutomarge", asked_by_id=thread.asked_by_id)
        db.add(other)
        db.flush()
        db.add(FigureQuestionMessage(question_id=other.id, author_id=thread.asked_by_id,
                                     text=ELSEWHERE))
        db.commit()


def test_the_pack_pages_show_the_periods_questions_answered_or_not(tab, world, app_engine):
    _question_from_another_company(app_engine, world)
    version = {"company_id": world.noord.company_id, "version_id": world.noord.version_id}

    # the company's user: March's question on Omzet, not yet answered; not the other company's
    gerda = tab("gerda").open(routes.COMPANY_PACK, **version)
    assert gerda.call(CompanyPackState.load).error is None
    pack = gerda.state(CompanyPackState)
    assert [(t.figure, t.period, t.waiting) for t in pack.questions] == [
        ("Omzet", pack.questions[0].period, True)]
    assert pack.questions[0].period.startswith("maart ")
    asked = pack.questions[0].messages
    assert [m.text for m in asked] == [QUESTION_TEXT] and asked[0].who.startswith("Vraag van ")
    assert asked[0].at and not asked[0].from_office

    # the accountant answers in Vragen; the office's view of the pack shows every thread
    nora = tab("nora").open(routes.QUESTIONS)
    assert nora.call(QuestionsListState.answer, {"question_id": str(world.noord.question_id),
                                                 "text": ANSWER}).error is None
    nora.open(routes.CLIENT_PACK, client_id=world.noord.client_id,
              pack_id=_march_pack(app_engine, world))
    assert nora.call(PackState.load).error is None
    office = nora.state(PackState).questions
    assert sorted(t.figure for t in office) == ["Brutomarge", "Omzet"]
    omzet = next(t for t in office if t.figure == "Omzet")
    assert not omzet.waiting
    assert [m.who for m in omzet.messages] == [asked[0].who, "Antwoord van Nora Noordhuis"]

    # the company's user reads the answer with the pack
    assert gerda.call(CompanyPackState.load).error is None
    [thread] = gerda.state(CompanyPackState).questions
    assert [m.text for m in thread.messages] == [QUESTION_TEXT, ANSWER]
    assert not thread.waiting and thread.messages[-1].from_office

    # a draft of February: no question of that period
    nora.open(routes.CLIENT_PACK, client_id=world.noord.client_id, pack_id=world.noord.pack_id)
    assert nora.call(PackState.load).error is None
    assert nora.state(PackState).questions == []


def test_another_tenant_sees_no_question_of_the_pack(tab, world):
    bea = tab("bea").open(routes.COMPANY_PACK, company_id=world.noord.company_id,
                          version_id=world.noord.version_id)
    answer = bea.call(CompanyPackState.load)
    shown = bea.state(CompanyPackState)
    assert shown.questions == [] and shown.error, answer
    assert QUESTION_TEXT not in repr(answer)
