"""The client page driven as events: the frame loads the client and its open tab in one event
(another tab when it is opened), the tabs hold typed rows, and the catalogue's buttons follow
the domain's CardAction."""

from __future__ import annotations

from vfo_app import routes
from vfo_app.domain.online import products
from vfo_app.domain.online.collaborations import CardAction
from vfo_app.state.client_collaborations import CollaborationsState
from vfo_app.state.client_contacts import ContactsState
from vfo_app.state.client_overview import ClientOverviewState
from vfo_app.state.client_page import ClientPageState
from vfo_app.state.client_services import ClientServicesState


def test_the_frame_loads_the_client_and_the_open_tab(tab, world):
    nora = tab("nora").open(routes.CLIENT, client_id=world.noord.client_id)
    answer = nora.call(ClientPageState.load, follow=False)
    assert answer.error is None and not answer.redirects, answer
    frame = nora.state(ClientPageState)
    assert frame.heading == f"Klant - {world.noord.client_number} {world.noord.client_name}"
    assert frame.tab == "overzicht" and nora.state(ClientOverviewState).loaded
    assert nora.state(ClientOverviewState).info.name == world.noord.client_name
    assert [s.name for s in nora.state(ClientOverviewState).started] == [
        products.NAMES[products.FINANCIAL_OVERVIEW]]
    # the other tabs read nothing until opened: not loaded, so the page shows "Laden..."
    for other in (ContactsState, ClientServicesState, CollaborationsState):
        assert not nora.state(other).loaded
    assert nora.state(ContactsState).contacts == []

    answer = nora.call(ClientPageState.set_tab, "contactpersonen")
    assert answer.error is None and not answer.redirects, answer
    assert frame.tab == "contactpersonen" and nora.state(ContactsState).loaded
    [contact] = nora.state(ContactsState).contacts
    assert contact.id == world.noord.contact_id and contact.is_main is True
    nora.call(ClientPageState.set_tab, "diensten")
    [row] = nora.state(ClientServicesState).rows
    assert row.id == world.noord.client_service_id and row.editable is True


def test_the_tab_in_the_url_is_the_one_loaded(tab, world):
    nora = tab("nora").open(routes.CLIENT, {"tab": "samenwerkingen"},
                            client_id=world.noord.client_id)
    answer = nora.call(ClientPageState.load, follow=False)
    assert answer.error is None and not answer.redirects, answer
    assert nora.state(ClientPageState).tab == "samenwerkingen"
    assert not nora.state(ClientOverviewState).loaded
    assert nora.state(CollaborationsState).loaded
    cards = {c.product: c for c in nora.state(CollaborationsState).cards}
    assert cards[products.FINANCIAL_OVERVIEW].action == CardAction.START.value
    assert cards[products.FINANCIAL_OVERVIEW].active is True
    assert cards[products.SCANNER].action == CardAction.NONE.value
    assert cards[products.EACCOUNTING].action == CardAction.ACTIVATE.value
    assert [p.id for p in nora.state(CollaborationsState).pending] == [world.noord.request_id]


def test_garbage_ids_answer_as_unknown(tab, world):
    nora = tab("nora").open(routes.CLIENT, client_id=world.noord.client_id)
    nora.call(ClientPageState.load, follow=False)
    for garbage in ("x", -1, None, "9" * 40, {"id": 1}):
        answer = nora.call(ContactsState.set_main, garbage)
        assert answer.error is None and [k for k, _ in answer.toasts] == ["error"], answer
        answer = nora.call(CollaborationsState.withdraw, garbage)
        assert answer.error is None and [k for k, _ in answer.toasts] == ["error"], answer


def test_the_wizard_checks_step_one_without_saving(tab, world, database):
    nora = tab("nora").open(routes.CLIENT, client_id=world.noord.client_id)
    nora.call(ClientPageState.load, follow=False)
    nora.call(CollaborationsState.open_wizard, {"product": products.EACCOUNTING})
    wizard = nora.state(CollaborationsState)
    assert wizard.step == 1
    before = database.snap()
    nora.call(CollaborationsState.next_step, {"client_service_id": ""})
    assert wizard.step == 1 and wizard.errors == {"client_service_id": "Kies een dienst."}
    nora.call(CollaborationsState.next_step,
              {"client_service_id": str(world.noord.client_service_id)})
    assert wizard.step == 2 and wizard.preview.company_name
    assert database.changes_since(before) == []
