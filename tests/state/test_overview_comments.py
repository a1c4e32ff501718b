"""Vertel het verhaal driven as events: the serving accountant writes on the client's Financial
Overview, a colleague who serves nothing is refused, the company's user reads it."""

from __future__ import annotations

from sqlmodel import Session, select

from tests.state.world import COMMENT_TEXT
from vfo_app import routes
from vfo_app.domain.models import OverviewComment
from vfo_app.state.my_services import CompanyOverviewState
from vfo_app.state.overview import FinancialOverviewState

STORY = {"target": "omzet", "month": "4", "text": "De nieuwe zaal draait op volle toeren."}


def _texts(engine) -> list[str]:
    with Session(engine) as db:
        return sorted(db.exec(select(OverviewComment.text)).all())


def test_the_serving_accountant_posts_a_comment(tab, world, app_engine):
    nora = tab("nora").open(routes.CLIENT_OVERVIEW, client_id=world.noord.client_id)
    assert nora.call(FinancialOverviewState.load).error is None
    page = nora.state(FinancialOverviewState)
    assert page.allowed and page.may_comment and page.year == str(world.noord.year)
    assert [c.text for c in page.comments] == [COMMENT_TEXT]

    answer = nora.call(FinancialOverviewState.post_comment, STORY)
    assert answer.success_toasts == ["De toelichting is geplaatst."], answer
    assert STORY["text"] in [c.text for c in page.comments]
    assert _texts(app_engine) == sorted([COMMENT_TEXT, STORY["text"]])


def test_a_colleague_who_serves_nothing_neither_reads_nor_writes(tab, world, database):
    nick = tab("nick").open(routes.CLIENT_OVERVIEW, client_id=world.noord.client_id)
    nick.call(FinancialOverviewState.load)
    page = nick.state(FinancialOverviewState)
    assert not page.allowed and page.reason and page.comments == []

    answer = nick.call(FinancialOverviewState.post_comment, STORY)
    assert answer.error_toasts and not answer.success_toasts, answer
    assert database.changes_since(database.initial) == []


def test_the_companys_user_reads_the_story_and_cannot_write(tab, world, database):
    gerda = tab("gerda").open(routes.ONLINE_COMPANY_OVERVIEW, company_id=world.noord.company_id)
    gerda.call(CompanyOverviewState.load)
    page = gerda.state(CompanyOverviewState)
    assert page.allowed and not page.may_comment
    assert [c.text for c in page.comments] == [COMMENT_TEXT]

    answer = gerda.call(CompanyOverviewState.post_comment, STORY)
    assert not answer.success_toasts
    assert database.changes_since(database.initial) == []
