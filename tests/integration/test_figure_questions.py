"""Vraag over dit cijfer: a company user asks about one figure of one period, the serving
employees hear of it (in the list and by e-mail over real SMTP), answer, and the answer is
there for the company's users; a thread per figure and period; nobody else gets anything."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from tests.integration.test_overview_comments import Story, _client_user  # noqa: F401
from tests.integration.test_overview_comments import story as comments_story  # noqa: F401
from tests.integration.test_overview_drilldown import BANANA
from tests.mail_catcher import MailCatcher, parts
from vfo_app.domain import mail
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import FigureQuestion, FigureQuestionMessage, OutboxMessage
from vfo_app.domain.overview import questions
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.xaf.importer import import_auditfile
from vfo_app.settings import Settings


@pytest.fixture
def story(db, comments_story) -> Story:  # noqa: F811
    report = import_auditfile(db, comments_story.advisor, comments_story.client_id, BANANA,
                              accept_other_company=True)
    db.commit()
    assert report.ok, report.errors
    return comments_story


def _ask(db, story, text="Waarom is de omzet in maart zo laag?", key="kpi:omzet", month=3,
         year=2018, who=None):
    actor = who or story.sophie
    scope = scopes.for_company_user(db, actor, story.company_id)
    thread = questions.ask(db, actor, scope, figure_key=key, year=year, month=month, text=text)
    db.commit()
    return thread


def test_a_question_reaches_the_owner_and_the_answer_the_company(db, story, fake_clock):
    fake_clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    thread = _ask(db, story)
    # the serving employee sees it waiting in Vragen, with its figure, period and text
    waiting = questions.office_threads(db, story.advisor)
    assert [(t.figure_label, t.period_label, t.waiting) for t in waiting] == [
        ("Omzet", "maart 2018", True)]
    assert waiting[0].messages[0].text == "Waarom is de omzet in maart zo laag?"
    assert waiting[0].messages[0].author == "Sophie Mulder"
    assert questions.waiting_count(db, story.advisor) == 1
    # and by e-mail, to the service owner only
    asked = db.exec(select(OutboxMessage).where(OutboxMessage.kind == "figure_question")).all()
    assert [m.to_email for m in asked] == [story.advisor.email]
    assert "Omzet" in asked[0].subject and "maart 2018" in asked[0].subject

    fake_clock.advance(minutes=30)
    questions.answer(db, story.advisor, thread.id, text="Een grote order schoof naar april.")
    db.commit()
    assert questions.waiting_count(db, story.advisor) == 0
    # the company's users read the thread beside the figure, answer included
    for reader in (story.sophie,):
        scope = scopes.for_company_user(db, reader, story.company_id)
        [seen] = questions.threads(db, reader, scope)
        assert seen.figure_key == "kpi:omzet" and (seen.year, seen.month) == (2018, 3)
        assert [(m.from_office, m.text) for m in seen.messages] == [
            (False, "Waarom is de omzet in maart zo laag?"),
            (True, "Een grote order schoof naar april.")]
        assert not seen.waiting
    answered = db.exec(select(OutboxMessage).where(OutboxMessage.kind == "figure_answer")).all()
    assert [m.to_email for m in answered] == [story.sophie.email]

    # delivered over real SMTP: both messages, text and HTML
    catcher = MailCatcher().start()
    try:
        settings = Settings(data_dir="/tmp", secret_key="test", smtp_host="127.0.0.1",
                            smtp_port=catcher.port, smtp_starttls=False,
                            mail_from="Visma <noreply@test.example>")
        with Session(db.get_bind(), expire_on_commit=False) as other:
            assert mail.deliver_pending(other, settings=settings) >= 2
        [to_owner] = catcher.to(story.advisor.email)
        text, html = parts(to_owner)
        assert "Waarom is de omzet in maart zo laag?" in text and "Sophie Mulder" in text
        assert "/vragen" in text and "/vragen" in html and "Omzet" in html
        [to_sophie] = catcher.to(story.sophie.email)
        text, html = parts(to_sophie)
        assert "Een grote order schoof naar april." in text and "Omzet" in html
        assert f"/online/bedrijven/{story.company_id}/financial-overview" in text
    finally:
        catcher.stop()


def test_one_thread_per_figure_and_period_and_a_follow_up_waits_again(db, story, fake_clock):
    fake_clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    first = _ask(db, story)
    questions.answer(db, story.advisor, first.id, text="Een order schoof door.")
    db.commit()
    fake_clock.advance(minutes=5)
    again = _ask(db, story, text="Komt die order in april dan ook binnen?")
    assert again.id == first.id and again.waiting  # the same thread, waiting again
    other_month = _ask(db, story, month=4)
    other_figure = _ask(db, story, key="pl:omzet")
    cash = _ask(db, story, key="balance:debiteuren")
    assert len({first.id, other_month.id, other_figure.id, cash.id}) == 4
    thread = db.get(FigureQuestion, first.id)
    assert len(db.exec(select(FigureQuestionMessage).where(
        FigureQuestionMessage.question_id == thread.id)).all()) == 3

    # a pack of March sees March's threads only; of the quarter, March and April too
    march = questions.questions_for_period(db, story.advisor, story.client_id, 2018, 3, 3)
    assert {t.figure_key for t in march} == {"kpi:omzet", "pl:omzet", "balance:debiteuren"}
    quarter = questions.questions_for_period(db, story.sophie, story.client_id, 2018, 1, 4)
    assert len(quarter) == 4 and [t.month for t in quarter] == sorted(t.month for t in quarter)
    assert questions.questions_for_period(db, story.advisor, story.client_id, 2018, 5, 12) == []


def test_bad_input_says_why_and_saves_nothing(db, story):
    scope = scopes.for_company_user(db, story.sophie, story.company_id)
    cases = [("   ", "kpi:omzet", 3, "text", questions.EMPTY_QUESTION),
             ("x" * (questions.MAX_LENGTH + 1), "kpi:omzet", 3, "text", questions.TOO_LONG),
             ("Waarom?", "kpi:bestaat_niet", 3, "figure", questions.UNKNOWN_FIGURE),
             ("Waarom?", "pl:debiteuren", 3, "figure", questions.UNKNOWN_FIGURE),
             ("Waarom?", "kpi:omzet", 13, "period", questions.NO_PERIOD)]
    for text, key, month, field, message in cases:
        with pytest.raises(ValidationFailed) as caught:
            questions.ask(db, story.sophie, scope, figure_key=key, year=2018, month=month,
                          text=text)
        assert caught.value.errors[field] == message
    with pytest.raises(ValidationFailed):
        questions.ask(db, story.sophie, scope, figure_key="kpi:omzet", year=2017, month=3,
                      text="Een jaar zonder cijfers?")
    db.rollback()
    assert db.exec(select(FigureQuestion)).all() == []
    thread = _ask(db, story)
    with pytest.raises(ValidationFailed) as caught:
        questions.answer(db, story.advisor, thread.id, text="")
    assert caught.value.errors["text"] == questions.EMPTY_ANSWER


def test_other_tenants_and_roles_are_refused(db, story):
    thread = _ask(db, story)
    # another company's user: not their company
    with pytest.raises(NotFound):
        scopes.for_company_user(db, story.other_user, story.company_id)
    with pytest.raises(NotFound):
        questions.questions_for_period(db, story.other_user, story.client_id, 2018, 1, 12)
    # the company's Beheerder without Financial Overview ticked: no figures, no questions
    with pytest.raises(NotFound):
        scopes.for_company_user(db, story.frans, story.company_id)
    with pytest.raises(NotFound):
        questions.questions_for_period(db, story.frans, story.client_id, 2018, 1, 12)
    # another office: the question is unknown; a colleague who does not serve: refused
    with pytest.raises(NotFound):
        questions.answer(db, story.stranger, thread.id, text="Ik antwoord ook.")
    with pytest.raises(PermissionDenied):
        questions.answer(db, story.colleague, thread.id, text="Ik antwoord ook.")
    assert questions.office_threads(db, story.stranger) == []
    assert questions.office_threads(db, story.colleague) == []
    assert questions.waiting_count(db, story.colleague) == 0
    # a client user cannot answer, an employee cannot ask
    with pytest.raises(PermissionDenied):
        questions.answer(db, story.sophie, thread.id, text="Zelf beantwoord.")
    employee_scope = scopes.for_employee(db, story.advisor, story.client_id)
    with pytest.raises(PermissionDenied):
        questions.ask(db, story.advisor, employee_scope, figure_key="kpi:omzet", year=2018,
                      month=3, text="Ik vraag het mezelf.")
    # a company scope handed to someone else is resolved again for them
    theirs = scopes.for_company_user(db, story.sophie, story.company_id)
    with pytest.raises(NotFound):
        questions.threads(db, story.other_user, theirs)
    db.rollback()
    assert len(db.exec(select(FigureQuestionMessage)).all()) == 1


def test_the_serving_employee_reads_the_threads_on_the_dashboard(db, story):
    _ask(db, story)
    scope = scopes.for_employee(db, story.advisor, story.client_id)
    [thread] = questions.threads(db, story.advisor, scope)
    assert thread.client_name and thread.waiting
