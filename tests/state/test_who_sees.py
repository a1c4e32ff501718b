"""Looks at the figures are recorded by the overview pages' loads, and the company's
Beheerder reads them on "Wie kan onze cijfers zien"."""

from __future__ import annotations

from sqlmodel import Session, select

from tests.state.world import FRANS, GERDA, NICK, NORA
from vfo_app import routes
from vfo_app.domain.models import FigureAccess
from vfo_app.state.drilldown import AccountsState
from vfo_app.state.overview import FinancialOverviewState
from vfo_app.state.trial_balance import TrialBalanceState
from vfo_app.state.who_sees import WhoSeesState


def _looks(engine, client_id: int) -> list[tuple[int | None, str, str]]:
    with Session(engine) as s:
        return [(r.identity_id, r.kind, r.what) for r in s.exec(
            select(FigureAccess).where(FigureAccess.client_id == client_id,
                                       FigureAccess.kind != "import")
            .order_by(FigureAccess.id))]


def test_loading_the_figures_records_one_look_per_page(tab, world, app_engine):
    client_id = world.noord.client_id
    nora = tab(NORA).open(routes.CLIENT_OVERVIEW, client_id=client_id)
    for _ in range(3):
        assert nora.call(FinancialOverviewState.load).error is None
    nora.open(routes.CLIENT_OVERVIEW_TRIAL_BALANCE, {"jaar": world.noord.year},
              client_id=client_id)
    nora.call(TrialBalanceState.load)
    nora.open(routes.CLIENT_OVERVIEW_ACCOUNTS, {"jaar": world.noord.year, "categorie": "omzet"},
              client_id=client_id)
    nora.call(AccountsState.load)
    nora.open(routes.CLIENT_OVERVIEW, client_id=client_id)
    answer = nora.call(FinancialOverviewState.download_pdf)
    assert answer.downloads, answer
    # a colleague who does not serve the client is refused, and nothing is recorded for him
    nick = tab(NICK).open(routes.CLIENT_OVERVIEW, client_id=client_id)
    nick.call(FinancialOverviewState.load)
    me = world.identities[NORA]
    looks = _looks(app_engine, client_id)
    assert [(who, kind) for who, kind, _ in looks] == [(me, "view")] * 3 + [(me, "export")]
    assert [what for _, _, what in looks][:3] == [
        "Dashboard en rapportages", "Proef- en saldibalans", "Rekeningen per rubriek"]


def test_the_beheerder_sees_who_can_look_and_who_looked(tab, world):
    nora = tab(NORA).open(routes.CLIENT_OVERVIEW, client_id=world.noord.client_id)
    nora.call(FinancialOverviewState.load)
    frans = tab(FRANS).open(routes.ONLINE_WHO_SEES)
    answer = frans.call(WhoSeesState.load)
    assert answer.error is None and not answer.redirects, answer
    page = frans.state(WhoSeesState)
    assert page.company_name == world.noord.company_name
    [viewer] = page.viewers
    assert viewer.name == world.names[NORA]
    assert viewer.reasons == ["Diensteigenaar van Financial Overview"]
    assert viewer.since and viewer.last_looked
    assert [(r.who, r.kind) for r in page.log][:2] == [(world.names[NORA], "view"),
                                                      (world.names[NORA], "import")]
    # a Gebruiker of the company (no Beheerder) gets nothing of it
    gerda = tab(GERDA).open(routes.ONLINE_WHO_SEES)
    gerda.call(WhoSeesState.load)
    assert gerda.state(WhoSeesState).viewers == [] and gerda.state(WhoSeesState).error
    assert world.names[NORA] not in str(gerda.values())
