"""Visma Financial Overview of a client, as the accountant opens it from Advisor."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from vfo_app import routes
from vfo_app.domain import figure_log
from vfo_app.domain.auth import Actor
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.scope import Scope
from vfo_app.state.dashboard import DashboardState
from vfo_app.state.session import SessionState, Tx, page_load


class FinancialOverviewState(DashboardState, SessionState):  # DashboardState is a mixin
    """Owners and participants of the client's services only; checked on every event."""

    def _scope(self, session: Session, actor: Actor) -> Scope:
        client_id = self._client_id()
        scope = scopes.for_employee(session, actor, client_id)
        self.data_href = routes.overview_data_url(client_id)
        self.budget_href = "" if scope.is_starter else routes.overview_budget_url(client_id)
        self.trial_balance_href = ("" if scope.is_starter
                                   else routes.overview_trial_balance_url(client_id))
        return scope

    def _drill_href(self, scope: Scope, key: str, first: int, upto: int) -> str:
        if scope.is_starter:  # Starter: the dashboard and trends only
            return ""
        return routes.overview_accounts_url(scope.client_id, self.year, key, upto=upto,
                                            first=first)

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        """The newest fiscal year, or the one the link names (``jaar``). Everything the
        previous client's dashboard showed goes first: a refused client shows no other name."""
        self.reset()
        return self._show(self._query("jaar"), tx=tx, viewed=figure_log.DASHBOARD)
