"""Verzoeken driven as events on RequestsState: a company's Beheerder answers a request."""

from __future__ import annotations

from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain.models import Collaboration
from vfo_app.state.online import APPROVED, RequestsState


def _state_of(engine, collaboration_id: int) -> str:
    with Session(engine) as db:
        return db.get(Collaboration, collaboration_id).state


def test_the_company_beheerder_sees_and_approves_the_request(tab, world, app_engine):
    frans = tab("frans").open(routes.ONLINE_REQUESTS)
    answer = frans.call(RequestsState.load)
    assert answer.error is None and not answer.redirects, answer
    page = frans.state(RequestsState)
    assert page.may_answer
    pending = [r for r in page.requests if r.pending]
    assert [r.id for r in pending] == [world.noord.request_id]
    assert pending[0].office == "Kantoor Noordhuis"
    assert page.waiting_requests == 1  # the menu's Verzoeken says one waits

    answer = frans.call(RequestsState.approve, world.noord.request_id)
    assert answer.error is None and not answer.error_toasts, answer
    assert page.notice == APPROVED
    assert _state_of(app_engine, world.noord.request_id) == "actief"
    assert not [r for r in page.requests if r.pending]
    # answered: no longer a request to answer, listed with what became of it
    assert [(r.id, r.state) for r in page.answered if r.id == world.noord.request_id] == [
        (world.noord.request_id, "actief")]
    assert page.waiting_requests == 0


def test_a_gebruiker_of_the_company_cannot_answer(tab, world, app_engine, database):
    gerda = tab("gerda").open(routes.ONLINE_REQUESTS)
    gerda.call(RequestsState.load)
    assert not gerda.state(RequestsState).may_answer
    before = database.snap()
    answer = gerda.call(RequestsState.approve, world.noord.request_id)
    assert answer.error_toasts == ["Alleen beheerders van het bedrijf kunnen dit verzoek beantwoorden."]
    assert database.changes_since(before) == []
    assert _state_of(app_engine, world.noord.request_id) == "verzoek_verzonden"


def test_without_a_session_the_page_sends_to_login(tab):
    nobody = tab(None).open(routes.ONLINE_REQUESTS)
    answer = nobody.call(RequestsState.load)
    assert answer.redirects == [routes.login_url(routes.ONLINE_REQUESTS)]
