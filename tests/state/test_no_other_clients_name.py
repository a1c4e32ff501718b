"""A page refused for a client never shows the client opened before in the same tab: every
per-client page load forgets what the previous one showed before it asks for the new one."""

from __future__ import annotations

import json

from tests.state.world import SVEN
from vfo_app import routes
from vfo_app.state.client_page import TAB_STATES, ClientPageState
from vfo_app.state.overview import FinancialOverviewState


def test_the_dashboard_title_and_figures_go_when_the_next_client_is_refused(tab, world):
    sven = tab(SVEN).open(routes.CLIENT_OVERVIEW, client_id=world.zuid.client_id)
    assert sven.call(FinancialOverviewState.load).error is None
    shown = sven.state(FinancialOverviewState)
    assert shown.allowed and world.zuid.client_name in shown.title

    sven.open(routes.CLIENT_OVERVIEW, client_id=world.noord.client_id)  # not his office's
    sven.call(FinancialOverviewState.load)
    refused = sven.state(FinancialOverviewState)
    assert refused.checked and not refused.allowed and refused.title == ""
    assert world.zuid.client_name not in json.dumps(sven.values(), default=str)


def test_the_client_page_tabs_go_when_the_next_client_is_refused(tab, world):
    sven = tab(SVEN).open(routes.CLIENT, client_id=world.zuid.client_id)
    sven.call(ClientPageState.load, follow=False)
    assert world.zuid.client_name in sven.state(ClientPageState).heading
    for key in TAB_STATES:  # every tab opened, so each holds the client's data
        assert sven.call(ClientPageState.set_tab, key, follow=True).error is None
        assert sven.state(TAB_STATES[key]).loaded

    sven.open(routes.CLIENT, client_id=world.noord.client_id)
    sven.call(ClientPageState.load, follow=False)
    assert sven.state(ClientPageState).heading == ""
    assert world.zuid.client_name not in json.dumps(sven.values(), default=str)
