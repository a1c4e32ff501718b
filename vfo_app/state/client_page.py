"""The client page frame: which client, its heading, and the open tab."""

from __future__ import annotations

import reflex as rx

from vfo_app.domain.advisor import clients
from vfo_app.domain.errors import DomainError, NotFound
from vfo_app.state.session import SessionState, page_load

TABS = [
    ("overzicht", "Overzicht"),
    ("contactpersonen", "Contactpersonen"),
    ("diensten", "Diensten"),
    ("prijsstelling", "Prijsstelling"),
    ("contactmomenten", "Contactmomenten"),
    ("industriestandaard", "Industriestandaard"),
    ("samenwerkingen", "Samenwerkingen"),
]
TAB_KEYS = {key for key, _ in TABS}


class ClientPageState(SessionState):
    current_client_id: int = 0
    heading: str = ""
    load_error: str = ""
    tab: str = "overzicht"

    @rx.event
    @page_load(employee=True)
    async def load(self):
        """The client and every tab's data in this one event: one round trip and one state
        write, where an event per tab cost nine (the load test's heaviest step). @page_load
        makes it one transaction and one session check as well."""
        failed = self._load_client()
        if failed is not None:
            return failed
        events = []
        for tab_state in _tab_states().values():
            tab = await self.get_state(tab_state)
            result = tab._load_now()
            events += result if isinstance(result, list) else [result] if result else []
        return events

    def _load_client(self):
        self.heading = ""
        self.load_error = ""
        wanted = self.router.url.query_parameters.get("tab", "overzicht")
        self.tab = wanted if wanted in TAB_KEYS else "overzicht"
        client_id = self._route_id("client_id")
        try:
            if client_id is None:
                raise NotFound("Deze klant bestaat niet of hoort niet bij uw kantoor.")
            with self._use_case() as (session, actor):
                client = clients.get_client(session, actor, client_id)
                self.current_client_id = client.id
                self.heading = f"Klant - {client.number} {client.name}"
        except DomainError as exc:
            self.current_client_id = 0
            self.load_error = str(exc)
            return self._fail(exc)

    @rx.event
    def set_tab(self, tab: str):
        """Open a tab and read its data afresh: another tab or person may have changed it."""
        if tab not in TAB_KEYS:
            return None
        self.tab = tab
        return _tab_states()[tab].load


def _tab_states() -> dict[str, type[SessionState]]:
    # imported here: the tab states build on this module
    from vfo_app.state.client_services import ClientServicesState
    from vfo_app.state.client_tabs import (
        ClientOverviewState,
        ContactMomentsState,
        ContactsState,
        IndustryState,
        PricingState,
    )
    from vfo_app.state.collaborations import CollaborationsState

    return {
        "overzicht": ClientOverviewState,
        "contactpersonen": ContactsState,
        "diensten": ClientServicesState,
        "prijsstelling": PricingState,
        "contactmomenten": ContactMomentsState,
        "industriestandaard": IndustryState,
        "samenwerkingen": CollaborationsState,
    }
