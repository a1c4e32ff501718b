"""Client tab Prijsstelling: the client's price list with its prices; choose another list."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app.domain.advisor import client_details as details
from vfo_app.domain.choices import Option
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load


@dataclass
class PriceRow:
    article_no: str
    description: str
    unit: str
    price: str  # formatted, e.g. "€ 25,00"


class PricingState(SessionState):
    price_list_id: str = ""  # the chosen option's value; "" for none
    price_list_name: str = ""
    options: list[Option] = rx.field(default_factory=list)  # value, label
    items: list[PriceRow] = rx.field(default_factory=list)
    loaded: bool = False  # this client's data is read: until then the page shows "Laden..."

    def _show(self, pricing: dict) -> None:
        self.price_list_id = pricing["price_list_id"]
        self.price_list_name = pricing["price_list_name"]
        self.options = pricing["options"]
        self.items = [PriceRow(**item) for item in pricing["items"]]

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._load_now(tx)

    def _load_now(self, tx: Tx):
        self.items, self.price_list_name = [], ""
        outcome = self._run(lambda tx: details.client_pricing(
            tx.session, tx.actor, self._client_id()), tx=tx, quiet=True)
        self.loaded = outcome.ok
        if not outcome.ok:
            return outcome.answer
        self._show(outcome.value)
        return None

    @rx.event
    def change_price_list(self, value: str):
        chosen = as_id(value)

        def change(tx: Tx) -> dict:
            client_id = self._client_id()
            details.set_client_price_list(tx.session, tx.actor, client_id, chosen)
            return details.client_pricing(tx.session, tx.actor, client_id)

        outcome = self._run(change)
        if not outcome.ok:
            return outcome.answer
        self._show(outcome.value)
        return rx.toast.success("De prijslijst is gewijzigd.")
