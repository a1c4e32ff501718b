"""Client tab Overzicht: Basisgegevens and "Services starten".

Like every tab state, it reads the client id from the route and lets the domain check the
office on every load and event; the browser never names the client."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app import routes
from vfo_app.domain.advisor import clients
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products
from vfo_app.state.session import SessionState, Tx, page_load


@dataclass
class ClientInfo:
    """Basisgegevens as the tab shows them ("" where the client has none)."""

    name: str = ""
    kvk_number: str = ""
    legal_form: str = ""
    address: str = ""
    postcode_city: str = ""
    country: str = ""
    visit_address: str = ""
    fiscal_year: str = ""
    price_list: str = ""
    account_manager: str = ""
    main_contact: str = ""
    main_contact_email: str = ""

    @classmethod
    def of(cls, overview: dict) -> ClientInfo:
        return cls(**{k: str(overview.get(k) or "") for k in cls.__dataclass_fields__})


@dataclass
class StartedService:
    """An active collaboration under "Services starten": its name and where it opens."""

    name: str
    href: str  # "" when it opens in the product's own environment


class ClientOverviewState(SessionState):
    info: ClientInfo = rx.field(default_factory=ClientInfo)
    started: list[StartedService] = rx.field(default_factory=list)
    loaded: bool = False  # this client's data is read: until then the page shows "Laden..."

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._load_now(tx)

    def _load_now(self, tx: Tx):
        self.info, self.started = ClientInfo(), []

        def read(tx: Tx) -> tuple[dict, list[StartedService]]:
            client_id = self._client_id()
            overview = clients.client_overview(tx.session, tx.actor, client_id)
            active = collabs.active_products(tx.session, tx.actor, client_id=client_id)
            return overview, [
                StartedService(name, routes.financial_overview_url(client_id)
                               if products.family_of(product) == products.FINANCIAL_OVERVIEW
                               else "")
                for _, product, name in active]

        outcome = self._run(read, tx=tx, quiet=True, reads_only=True)
        self.loaded = outcome.ok
        if not outcome.ok:
            return outcome.answer
        overview, self.started = outcome.value
        self.info = ClientInfo.of(overview)
        return None
