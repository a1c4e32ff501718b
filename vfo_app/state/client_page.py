"""The client page frame: which client, its heading, and the open tab.

The tab states know nothing of this frame; it imports them to load every tab with the client
and to open one."""

from __future__ import annotations

import reflex as rx

from vfo_app.domain.advisor import clients
from vfo_app.state.client_collaborations import CollaborationsState
from vfo_app.state.client_contact_moments import ContactMomentsState
from vfo_app.state.client_contacts import ContactsState
from vfo_app.state.client_industry import IndustryState
from vfo_app.state.client_overview import ClientOverviewState
from vfo_app.state.client_pricing import PricingState
from vfo_app.state.client_services import ClientServicesState
from vfo_app.state.session import SessionState, Tx, page_load

TABS = [
    ("overzicht", "Overzicht"),
    ("contactpersonen", "Contactpersonen"),
    ("diensten", "Diensten"),
    ("prijsstelling", "Prijsstelling"),
    ("contactmomenten", "Contactmomenten"),
    ("industriestandaard", "Industriestandaard"),
    ("samenwerkingen", "Samenwerkingen"),
]
TAB_STATES: dict[str, type[SessionState]] = {
    "overzicht": ClientOverviewState,
    "contactpersonen": ContactsState,
    "diensten": ClientServicesState,
    "prijsstelling": PricingState,
    "contactmomenten": ContactMomentsState,
    "industriestandaard": IndustryState,
    "samenwerkingen": CollaborationsState,
}


class ClientPageState(SessionState):
    current_client_id: int = 0
    heading: str = ""
    load_error: str = ""
    tab: str = "overzicht"

    @rx.event
    @page_load(employee=True)
    async def load(self, tx: Tx):
        """The client and every tab's data in this one event and transaction: one round trip
        and one state write, where an event per tab cost nine (the load test's heaviest step)."""
        wanted = self._query("tab") or "overzicht"
        self.tab = wanted if wanted in TAB_STATES else "overzicht"
        self.heading, self.load_error = "", ""
        outcome = self._run(lambda tx: clients.get_client(tx.session, tx.actor,
                                                          self._client_id()), tx=tx)
        if not outcome.ok:
            self.current_client_id = 0
            self.load_error = str(outcome.error)
            for tab_state in TAB_STATES.values():  # no tab keeps the previous client's data
                (await self.get_state(tab_state)).reset()
            return outcome.answer
        client = outcome.value
        self.current_client_id = client.id
        self.heading = f"Klant - {client.number} {client.name}"
        events = []
        for tab_state in TAB_STATES.values():
            tab = await self.get_state(tab_state)
            result = tab._load_now(tx)
            events += result if isinstance(result, list) else [result] if result else []
        return events

    @rx.event
    def set_tab(self, tab: str):
        """Open a tab and read its data afresh: another tab or person may have changed it."""
        if not isinstance(tab, str) or tab not in TAB_STATES:
            return None
        outcome = self._run(lambda tx: clients.get_client(tx.session, tx.actor,
                                                          self._client_id()))
        if not outcome.ok:
            return outcome.answer
        self.tab = tab
        return TAB_STATES[tab].load
