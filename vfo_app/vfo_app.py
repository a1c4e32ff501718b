"""The app: every page and its on_load, nothing else."""

import reflex as rx

from vfo_app import routes
from vfo_app.pages.client import client_page
from vfo_app.pages.login import login_page
from vfo_app.state.client_page import ClientPageState
from vfo_app.state.login import LoginState
from vfo_app.state.session import SessionState

app = rx.App(stylesheets=["/app.css"])
app.add_page(login_page, route=routes.LOGIN, title="Inloggen", on_load=LoginState.on_load)
app.add_page(lambda: rx.fragment(), route=routes.HOME, title="Visma Advisor",
             on_load=rx.redirect(routes.CLIENTS))
app.add_page(client_page, route=routes.CLIENT, title="Klant",
             on_load=[SessionState.require_login, ClientPageState.load])
