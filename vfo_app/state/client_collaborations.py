"""Tab Samenwerkingen: the catalogue, the wizard "Service activeren" and live request status.

The wizard keeps its choices in backend vars and saves nothing until the last step:
the missing client data and the collaboration are written in one transaction, so
"Annuleren" at any step leaves nothing behind. While a request is pending, a
background task re-reads the client's collaborations every few seconds, so the
accountant sees the client's answer without reloading (works with several app
instances too: the database is the source of truth, not in-process signals).
Reading never writes: a request past its time reads as expired (the scheduled job
records it).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import reflex as rx
from sqlalchemy.exc import IntegrityError

from vfo_app import routes
from vfo_app.domain.advisor import services as service_domain
from vfo_app.domain.advisor.clients import main_contact
from vfo_app.domain.choices import Option
from vfo_app.domain.formatting import moment, money
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load

POLL_SECONDS = 2.0
POLL_LIMIT = 30 * 60 / POLL_SECONDS  # stop watching after half an hour

_SITUATION_TEXT = {
    collabs.Situation.USES_PRODUCT: "{name} is al klant van Visma en gebruikt de dienst al. U moet "
    "de klant een verzoek sturen om uw kantoor toegang te verlenen tot de dienst.",
    collabs.Situation.CUSTOMER: "{name} is al klant van Visma, maar gebruikt de dienst nog niet. "
    "U kunt de samenwerking direct inschakelen.",
    collabs.Situation.NEW_CUSTOMER: "{name} is nog geen klant van Visma. Het bedrijf wordt "
    "aangemaakt met de gegevens van de klant en de samenwerking wordt direct ingeschakeld.",
}


@dataclass
class CardView:
    """One product of the catalogue with this client's state."""

    product: str
    name: str
    description: str
    bullets: list[str]
    variants: list[Option]  # value, label: the select "Versie"
    state_label: str
    active: bool
    action: str  # a collaborations.CardAction value
    active_product_name: str
    collaboration_id: int
    start_href: str  # where "Service starten" opens; "" in the product's own environment


@dataclass
class HistoryRow:
    at: str
    step: str
    product: str
    by: str


@dataclass
class PendingRow:
    id: int
    product: str
    expires: str


@dataclass
class PreviewView:
    """Step 2 of the wizard: what will happen, before anything is saved."""

    company_name: str = ""
    kvk_number: str = ""
    product_name: str = ""
    situation: str = ""  # a collaborations.Situation value
    situation_text: str = ""
    paid: bool = False
    price: str = ""  # "€ 25,00 per maand", "" when unpriced
    subscription_running: bool = False
    needs_company_email: bool = False
    is_request: bool = False


@dataclass(frozen=True)
class _Tab:
    cards: list[CardView] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    pending: list[PendingRow] = field(default_factory=list)


def _card(card: collabs.CatalogueCard, client_id: int) -> CardView:
    return CardView(
        product=card.product, name=card.name, description=card.description,
        bullets=list(card.bullets),
        variants=[Option(v, label) for v, label in card.variants],
        state_label=card.state_label, active=card.action == collabs.CardAction.START,
        action=card.action.value, active_product_name=card.active_product_name,
        collaboration_id=card.collaboration_id or 0,
        start_href=routes.financial_overview_url(client_id)
        if card.product == products.FINANCIAL_OVERVIEW else "",
    )


def _preview(preview: collabs.Preview) -> PreviewView:
    return PreviewView(
        company_name=preview.company_name, kvk_number=preview.kvk_number,
        product_name=preview.product_name, situation=preview.situation.value,
        situation_text=_SITUATION_TEXT[preview.situation].format(name=preview.company_name),
        paid=preview.paid,
        price=money(preview.price_cents) + " per maand" if preview.price_cents is not None
        else "",
        subscription_running=preview.subscription_running,
        needs_company_email=preview.needs_company_email,
        is_request=preview.situation == collabs.Situation.USES_PRODUCT,
    )


class CollaborationsState(SessionState):
    cards: list[CardView] = rx.field(default_factory=list)
    history: list[HistoryRow] = rx.field(default_factory=list)
    pending: list[PendingRow] = rx.field(default_factory=list)
    loaded: bool = False  # this client's data is read: until then the page shows "Laden..."
    # wizard
    step: int = 0  # 0 closed, 1 Service activeren, 2 stap 2, 3 result
    wizard_card: str = ""  # the card whose Activeren opened the wizard (its dialog)
    product: str = ""
    product_name: str = ""
    service_options: list[Option] = rx.field(default_factory=list)  # value, label
    contact_name: str = ""
    contact_email: str = ""
    missing: list[str] = rx.field(default_factory=list)
    errors: dict[str, str] = rx.field(default_factory=dict)
    form_key: int = 0
    preview: PreviewView = rx.field(default_factory=PreviewView)
    result_title: str = ""
    result_text: str = ""
    _service_id: int = 0
    _completed: dict[str, str] = rx.field(default_factory=dict)
    _watching: bool = False

    # --- loading ------------------------------------------------------------------------

    def _read(self, tx: Tx) -> _Tab:
        client_id = self._client_id()
        s, a = tx.session, tx.actor
        return _Tab(
            cards=[_card(c, client_id) for c in collabs.catalogue(s, a, client_id=client_id)],
            history=[HistoryRow(at=moment(h["at"]), step=h["step"], product=h["product"],
                                by=h["by"])
                     for h in collabs.history(s, a, client_id=client_id)],
            pending=[PendingRow(id=c.id, product=products.NAMES[c.product],
                                expires=moment(c.expires_at))
                     for c in collabs.pending_for_client(s, a, client_id=client_id)],
        )

    def _show(self, tab: _Tab) -> None:
        self.cards, self.history, self.pending = tab.cards, tab.history, tab.pending

    def _forget(self) -> None:
        """Back to the defaults, as the page frame leaves a tab it does not show or a client it
        refuses; a watcher already running stays the tab's one watcher."""
        watching = self._watching
        self.reset()
        self._watching = watching

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._load_now(tx)

    def _load_now(self, tx: Tx):
        self.step, self.errors = 0, {}
        outcome = self._run(self._read, tx=tx, quiet=True)
        self.loaded = outcome.ok
        # the page frame reports an unknown client or an ended session
        self._show(outcome.value if outcome.ok else _Tab())
        return self._watch_if_pending() if outcome.ok else outcome.answer

    def _watch_if_pending(self):
        return CollaborationsState.watch if self.pending and not self._watching else None

    @rx.event(background=True)
    async def watch(self):
        """Re-read while a request is pending, so an answer shows without reloading.
        One watcher per browser session, however often the event is sent."""
        async with self:
            if self._watching or self._route_id("client_id") is None:
                return
            self._watching = True
        rounds = 0
        while rounds < POLL_LIMIT:
            await asyncio.sleep(POLL_SECONDS)
            rounds += 1
            async with self:
                if not self.router.url.path.startswith(routes.CLIENTS):
                    break
                outcome = self._run(self._read, quiet=True)
                if not outcome.ok:
                    break
                self._show(outcome.value)
                if not self.pending:
                    break
        async with self:
            self._watching = False

    # --- the wizard ---------------------------------------------------------------------------

    @rx.event
    def open_wizard(self, form: dict):
        form = form if isinstance(form, dict) else {}
        try:
            prod = products.product(str(form.get("product", "")))
        except KeyError:
            return rx.toast.error("Kies een service.")

        def read(tx: Tx):
            client_id = self._client_id()
            links = service_domain.list_client_services(tx.session, tx.actor, client_id)
            client = collabs.get_client(tx.session, tx.actor, client_id)
            contact = main_contact(tx.session, client.id)
            return links, contact, collabs.missing_client_data(tx.session, client)

        outcome = self._run(read)
        if not outcome.ok:
            return outcome.answer
        links, contact, self.missing = outcome.value
        self.product, self.product_name = prod.key, prod.name
        self.service_options = [Option(str(s.id), s.service_name) for s in links]
        self.contact_name = contact.full_name if contact else ""
        self.contact_email = contact.email if contact else ""
        self.errors, self.preview, self._completed, self._service_id = {}, PreviewView(), {}, 0
        self.form_key += 1
        card = form.get("card", "")
        self.wizard_card = card if isinstance(card, str) else ""
        self.step = 1
        return None

    def _close_wizard(self) -> None:
        self.step, self.errors, self.preview, self._completed = 0, {}, PreviewView(), {}

    @rx.event
    def cancel(self):
        self._close_wizard()

    @rx.event
    def wizard_open_change(self, open_: bool):
        """Esc or the close button (False) is Annuleren; the opening click (True) is answered
        by the card's form (open_wizard)."""
        if open_ is False:
            self._close_wizard()

    @rx.event
    def next_step(self, form: dict):
        """Check step 1 (and the missing client data) without saving; show step 2."""
        form = form if isinstance(form, dict) else {}
        service_id = as_id(form.get("client_service_id", ""))
        completed = {k: str(form.get(k, "") or "") for k in self.missing}
        outcome = self._run(lambda tx: collabs.check_first_step(
            tx.session, tx.actor, client_id=self._client_id(), product=self.product,
            client_service_id=service_id, values=completed))
        if not outcome.ok:
            return outcome.answer  # field errors are beside the fields
        self.errors, self._completed, self._service_id = {}, completed, service_id or 0
        self.preview = _preview(outcome.value)
        self.form_key += 1
        self.step = 2
        return None

    @rx.event
    def confirm(self, form: dict):
        """"Verzend verzoek" or "Schakel samenwerking in": one transaction, idempotent."""
        form = form if isinstance(form, dict) else {}
        duration = str(form.get("duration_months", "") or "")
        completed, service_id, product = self._completed, self._service_id, self.product

        def start(tx: Tx) -> str:
            client_id = self._client_id()
            if completed:
                collabs.complete_client_data(tx.session, tx.actor, client_id=client_id,
                                             values=completed)
            return collabs.start(
                tx.session, tx.actor, client_id=client_id, product=product,
                client_service_id=service_id,
                invoice_recipient=str(form.get("invoice_recipient", "") or ""),
                duration_months=int(duration) if duration.isdigit() else None,
                company_email=str(form.get("company_email", "") or ""),
            ).state

        try:
            outcome = self._run(start)
        except IntegrityError:  # a colleague was a moment earlier: show theirs
            outcome = self._run(lambda tx: self._state_of_open_collaboration(tx))
        if not outcome.ok:
            return outcome.answer  # field errors are beside the fields
        self._show_result(outcome.value)
        refreshed = self._run(self._read)
        if refreshed.ok:
            self._show(refreshed.value)
        return self._watch_if_pending()

    def _state_of_open_collaboration(self, tx: Tx) -> str:
        client = collabs.get_client(tx.session, tx.actor, self._client_id())
        collab = collabs.open_collaboration(tx.session, client.id, self.product)
        return collab.state if collab else ""

    def _show_result(self, state: str) -> None:
        self.errors, self.step = {}, 3
        if state == collabs.State.REQUESTED.value:
            self.result_title = "Verzoek verzonden"
            self.result_text = ("Het verzoek is verzonden naar de klant. Zodra de klant het "
                                "verzoek goedkeurt, wordt de dienst ingeschakeld.")
        else:
            self.result_title = "Samenwerking ingeschakeld"
            self.result_text = (f"De dienst {self.product_name} is ingeschakeld voor "
                                f"{self.preview.company_name}.")

    # --- pending requests -------------------------------------------------------------------------

    def _act(self, change, collaboration_id: object, message: str):
        wanted = as_id(collaboration_id)

        def act(tx: Tx) -> _Tab:
            change(tx.session, tx.actor, collaboration_id=wanted)
            return self._read(tx)

        outcome = self._run(act)
        if not outcome.ok:
            return outcome.answer
        self._show(outcome.value)
        return rx.toast.success(message)

    @rx.event
    def withdraw(self, collaboration_id: int):
        return self._act(collabs.withdraw, collaboration_id, "Het verzoek is ingetrokken.")

    @rx.event
    def end(self, collaboration_id: int):
        return self._act(collabs.end, collaboration_id, "De samenwerking is beëindigd.")

    @rx.event
    def resend(self, collaboration_id: int):
        return self._act(collabs.resend, collaboration_id, collabs.RESENT_ANSWER)
