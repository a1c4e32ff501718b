"""The client page frame: which client, its heading, and the open tab.

The tab states know nothing of this frame; it imports them to load the open tab with the client
and to open another. Only the open tab's data is read on a page load (the tab in the URL,
``?tab=``): reading all seven took 36 queries, 14 of them savepoint round trips, where the open
one takes a few. Every other tab forgets what it held (an earlier client's data never shows)
and reads its data when it is opened (``set_tab``), through its own load and the policy; until
then the page shows "Laden..." in its place, not its empty text."""

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
        """The client and the open tab's data in this one event and transaction: one round
        trip and one state write. The other tabs go back to their defaults (not loaded), so
        none keeps the previous client's data; each reads its own when opened."""
        wanted = self._query("tab") or "overzicht"
        self.tab = wanted if wanted in TAB_STATES else "overzicht"
        self.heading, self.load_error = "", ""
        for key, tab_state in TAB_STATES.items():  # no tab keeps the previous client's data
            if key != self.tab:
                _forget(await self.get_state(tab_state))
        outcome = self._run(lambda tx: clients.get_client(tx.session, tx.actor,
                                                          self._client_id()), tx=tx)
        if not outcome.ok:
            self.current_client_id = 0
            self.load_error = str(outcome.error)
            _forget(await self.get_state(TAB_STATES[self.tab]))
            return outcome.answer
        client = outcome.value
        self.current_client_id = client.id
        self.heading = f"Klant - {client.number} {client.name}"
        return (await self.get_state(TAB_STATES[self.tab]))._load_now(tx)

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


def _forget(tab: SessionState) -> None:
    """A tab's state back to its defaults (not loaded); a tab with more to keep (Samenwerkingen:
    its running watcher) says so with its own ``_forget``."""
    own = getattr(tab, "_forget", None)
    if own is not None:
        own()
    else:
        tab.reset()
