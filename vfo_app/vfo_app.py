"""The app: every page and its on_load, nothing else."""

import reflex as rx

from vfo_app import routes
from vfo_app.components.layout import page
from vfo_app.pages.login import login_page
from vfo_app.state.login import LoginState
from vfo_app.state.session import SessionState


class ProbeState(SessionState):
    cid: str = ""

    @rx.event
    def load(self):
        self.cid = str(self.router._page.params.get("client_id", "?"))


def klanten():
    return page("Klanten", rx.el.p("lijst"))


def klant():
    return page("Klant", rx.el.p(ProbeState.cid))


app = rx.App(stylesheets=["/app.css"], theme=rx.theme(accent_color="blue", radius="small"))
app.add_page(login_page, route=routes.LOGIN, title="Inloggen", on_load=LoginState.on_load)
app.add_page(klanten, route=routes.CLIENTS, title="Klanten", on_load=SessionState.require_login)
app.add_page(klant, route=routes.CLIENT, title="Klant",
             on_load=[SessionState.require_login, ProbeState.load])
