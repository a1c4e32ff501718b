"""The client page frame: which client, its heading, and the open tab.

The tab states know nothing of this frame; it imports them to load the open tab with the client
and to open another. Only the open tab's data is read on a page load (the tab in the URL,
``?tab=``): reading all seven took 36 queries, 14 of them savepoint round trips, where the open
one takes a few. Every tab that holds another client's data forgets it (an earlier client's
data never shows) and reads its data when it is opened (``set_tab``), through its own load
and the policy; until then the page shows "Laden..." in its place, not its empty text. The
frame remembers which client each tab was filled with, so a load touches only those tabs:
fetching, resetting and sending all seven tab states on every load cost each one a state
read and write and a delta of every var."""

from __future__ import annotations

import reflex as rx

from vfo_app.domain.advisor import clients
from vfo_app.domain.models import Client
from vfo_app.state.client_collaborations import CollaborationsState
from vfo_app.state.client_contact_moments import ContactMomentsState
from vfo_app.state.client_contacts import ContactsState
from vfo_app.state.client_industry import IndustryState
from vfo_app.state.client_overview import ClientOverviewState
from vfo_app.state.client_pricing import PricingState
from vfo_app.state.client_services import ClientServicesState
from vfo_app.state.session import SessionState, Tx, off_loop, page_load

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
    # which client's data each tab was last filled with (server only): a page load forgets
    # exactly the tabs that hold another client's data, without fetching the others' states
    _filled: dict[str, int] = rx.field(default_factory=dict)

    @rx.event
    @page_load(employee=True)
    async def load(self, tx: Tx):
        """The client and the open tab's data in this one event and transaction: one round
        trip and one state write. Every tab filled with another client's data goes back to
        its defaults (not loaded), so none shows the previous client; each reads its own
        when opened. A refused client leaves no tab filled."""
        wanted = self._query("tab") or "overzicht"
        self.tab = wanted if wanted in TAB_STATES else "overzicht"
        self.heading, self.load_error = "", ""
        route_client = self._route_id("client_id")
        for key, client_id in list(self._filled.items()):
            if client_id != route_client or key == self.tab:
                await self._forget_tab(key)
        opened = await self.get_state(TAB_STATES[self.tab])
        outcome = await off_loop(self._run, lambda tx: clients.get_client(
            tx.session, tx.actor, self._client_id()), tx=tx, reads_only=True)
        if not outcome.ok:
            self.current_client_id = 0
            self.load_error = str(outcome.error)
            for key in list(self._filled):
                await self._forget_tab(key)
            return outcome.answer
        return await off_loop(self._open_client, tx, outcome.value, opened)

    def _open_client(self, tx: Tx, client: Client, opened: SessionState):
        """The rest of the load, in a worker thread: the heading and the open tab's data."""
        self.current_client_id = client.id
        self.heading = f"Klant - {client.number} {client.name}"
        self._filled = {**self._filled, self.tab: client.id}
        return opened._load_now(tx)

    async def _forget_tab(self, key: str) -> None:
        _forget(await self.get_state(TAB_STATES[key]))
        self._filled = {k: v for k, v in self._filled.items() if k != key}

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
        self._filled = {**self._filled, tab: outcome.value.id}
        return TAB_STATES[tab].load


def _forget(tab: SessionState) -> None:
    """A tab's state back to its defaults (not loaded); a tab with more to keep (Samenwerkingen:
    its running watcher) says so with its own ``_forget``."""
    own = getattr(tab, "_forget", None)
    if own is not None:
        own()
    else:
        tab.reset()
