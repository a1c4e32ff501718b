"""An employee of another office can open Demo Accountants' client neither by URL nor by
calling the event handlers directly.

The direct calls travel the way the Reflex frontend sends events: socket.io ``event`` frames on
the app's own ``/_event`` websocket, of a logged-in browser. Playwright sits in the middle of
that websocket, so the test can inject frames the UI would never send: handlers of the client
page with a forged route (``router_data``) naming the other office's client. A control call
with Jan's own client proves the injected frames do reach the handlers.
"""

from __future__ import annotations

import re
import time
from datetime import date

from playwright.sync_api import Page, expect
from sqlmodel import select

from tests.e2e.conftest import event_frame, login, wait_for_hydration
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.auth import OFFICE_ROLE_BEHEERDER, Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import Client, ContactMoment, Identity, Office

PASSWORD = "Demo-Advisor-2026"
JAN = "jan@ander-kantoor.example"
SECRETS = ("BS Events", "11111298", "Wenckebach", "Frans", "Jansen")


class EventSocket:
    """The page's /_event websocket, passed through with a recording of both directions."""

    def __init__(self, page: Page) -> None:
        self.received: list[str] = []
        self.sent: list[str] = []
        self.server = None
        page.route_web_socket(re.compile(r"/_event"), self._route)

    def _route(self, ws) -> None:
        server = ws.connect_to_server()
        self.server = server

        def to_server(message):
            self.sent.append(message if isinstance(message, str) else "")
            server.send(message)

        def to_page(message):
            self.received.append(message if isinstance(message, str) else "")
            ws.send(message)

        ws.on_message(to_server)
        server.on_message(to_page)

    def call(self, page: Page, handler: str, path: str, client_id: int, **payload) -> str:
        """Send one event as the frontend would, with a forged route; return what came back."""
        before = len(self.received)
        event = {
            "name": handler,
            "payload": payload,
            "router_data": {"pathname": path, "asPath": path,
                            "query": {"client_id": str(client_id)}},
        }
        self.server.send(event_frame(event))
        # the answer: state deltas until the socket has been quiet for a moment
        deadline, quiet_since, seen = time.monotonic() + 10, time.monotonic(), before
        while time.monotonic() < deadline:
            page.wait_for_timeout(50)
            if len(self.received) != seen:
                seen, quiet_since = len(self.received), time.monotonic()
            elif seen > before and time.monotonic() - quiet_since > 0.5:
                break
        if seen == before:
            raise AssertionError(f"geen antwoord op {handler}")
        return "\n".join(self.received[before:])


def _state_name(module: str, cls: str) -> str:
    """The full Reflex name of a substate of SessionState, as the frontend addresses it."""
    import importlib

    return getattr(importlib.import_module(module), cls).get_full_name()


def _clients(app_db) -> tuple[int, int, int]:
    """(Demo Accountants' BS Events BV, a client of Ander Kantoor, Jan's identity id)."""
    with session_scope(app_db) as s:
        demo = s.exec(select(Client).join(Office, Office.id == Client.office_id).where(
            Office.name == "Demo Accountants", Client.number == "BSE")).first()
        assert demo is not None, "seed-demo hoort BS Events BV aan te maken"
        office = s.exec(select(Office).where(Office.name == "Ander Kantoor")).one()
        jan = s.exec(select(Identity).where(Identity.email == JAN)).one()
        own = s.exec(select(Client).where(Client.office_id == office.id,
                                          Client.number == "AK1")).first()
        if own is None:
            actor = Actor(identity_id=jan.id, email=jan.email, name=jan.full_name,
                          office_id=office.id, office_name=office.name,
                          office_role=OFFICE_ROLE_BEHEERDER)
            form = {**client_form_defaults(s, actor), "number": "AK1", "name": "Anders Eigen BV",
                    "kvk_number": "87654321", "legal_form": "BV", "city": "Utrecht",
                    "country": "Nederland", "account_manager_id": str(jan.id),
                    "contact_first_name": "Anna", "contact_last_name": "Anders"}
            own = create_client(s, actor, ClientInput(**form))
        return demo.id, own.id, jan.id


def test_another_office_cannot_open_the_client_by_url(page: Page, app_db):
    demo_id, _own_id, _ = _clients(app_db)
    login(page, JAN, PASSWORD)

    page.goto(f"/klanten/{demo_id}")
    wait_for_hydration(page)
    expect(page.locator(".banner-error")).to_have_text(
        "Deze klant bestaat niet of hoort niet bij uw kantoor.")
    for secret in SECRETS:
        expect(page.get_by_text(secret)).to_have_count(0)


def test_another_office_cannot_call_the_event_handlers_for_the_client(page: Page, app_db):
    demo_id, own_id, jan_id = _clients(app_db)
    overview = _state_name("vfo_app.state.client_overview", "ClientOverviewState")
    moments = _state_name("vfo_app.state.client_contact_moments", "ContactMomentsState")
    frame = _state_name("vfo_app.state.client_page", "ClientPageState")
    sock = EventSocket(page)
    login(page, JAN, PASSWORD)
    page.goto(f"/klanten/{own_id}")
    wait_for_hydration(page)
    expect(page.get_by_role("heading", name="Klant - AK1 Anders Eigen BV")).to_be_visible()
    demo_path, own_path = f"/klanten/{demo_id}", f"/klanten/{own_id}"

    # Control: injected frames reach the handlers, and they answer with Jan's own client.
    answer = sock.call(page, f"{overview}.load", own_path, own_id)
    assert "Anders Eigen BV" in answer
    answer = sock.call(page, f"{moments}.save", own_path, own_id, form={
        "occurred_on": date.today().isoformat(), "kind": "Telefoon", "subject": "controle",
        "notes": ""})
    with session_scope(app_db) as s:
        assert s.exec(select(ContactMoment).where(ContactMoment.client_id == own_id,
                                                  ContactMoment.subject == "controle")).first()

    # The same handlers with the route of the other office's client: nothing shown, nothing kept.
    answers = [
        sock.call(page, f"{frame}.load", demo_path, demo_id),
        sock.call(page, f"{overview}.load", demo_path, demo_id),
        sock.call(page, f"{moments}.load", demo_path, demo_id),
        sock.call(page, f"{moments}.save", demo_path, demo_id, form={
            "occurred_on": date.today().isoformat(), "kind": "Telefoon", "subject": "inbraak",
            "notes": "via een zelfgemaakt event"}),
    ]
    for answer in answers:
        for secret in SECRETS:
            assert secret not in answer, f"{secret!r} uitgelekt in {answer[:500]}"
    with session_scope(app_db) as s:
        assert s.exec(select(ContactMoment).where(ContactMoment.client_id == demo_id)).all() == []
        assert s.exec(select(ContactMoment).where(ContactMoment.employee_id == jan_id,
                                                  ContactMoment.subject == "inbraak")).all() == []
