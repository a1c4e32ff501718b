"""Client tab Overzicht: Basisgegevens as the seed shows them, "Bewerken", Services starten."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.state.client_overview import ClientOverviewState as S
from vfo_app.state.client_page import ClientPageState

_ROWS = [
    ("Naam", "name"), ("KvK-nummer", "kvk_number"), ("Rechtsvorm", "legal_form"),
    ("Adres", "address"), ("Postcode en plaats", "postcode_city"), ("Land", "country"),
    ("Bezoekadres", "visit_address"), ("Boekjaar", "fiscal_year"), ("Prijslijst", "price_list"),
    ("Accountmanager", "account_manager"),
]


def _pair(label: str, value: rx.Var) -> list[rx.Component]:
    return [rx.el.dt(label), rx.el.dd(rx.cond(value, value, "–"))]


def _started(service: rx.Var) -> rx.Component:
    return rx.el.li(rx.cond(
        service.href != "",
        rx.el.a(service.name, href=service.href, class_name="btn btn-secondary"),
        rx.el.span(service.name),
    ))


def overview_tab() -> rx.Component:
    edit_href = routes.CLIENTS + "/" + ClientPageState.current_client_id.to_string() + "/bewerken"
    pairs = [c for label, key in _ROWS for c in _pair(label, getattr(S.info, key))]
    contact = rx.el.dd(
        rx.cond(S.info.main_contact, S.info.main_contact, "–"),
        rx.cond(S.info.main_contact_email,
                rx.el.div(rx.el.a(S.info.main_contact_email,
                                  href="mailto:" + S.info.main_contact_email)),
                rx.fragment()),
    )
    return rx.el.div(
        rx.el.section(
            rx.el.div(rx.el.h2("Basisgegevens"),
                      rx.el.a("Bewerken", href=edit_href, class_name="btn btn-secondary"),
                      class_name="card-head"),
            rx.el.dl(*pairs, rx.el.dt("Hoofdcontactpersoon"), contact, class_name="kv"),
            class_name="card",
        ),
        rx.el.section(
            rx.el.h2("Services starten"),
            rx.cond(
                S.started.length() > 0,
                rx.el.ul(rx.foreach(S.started, _started), class_name="list-plain"),
                rx.el.p("Er is nog geen service actief voor deze klant. Een service start zodra "
                        "een samenwerking actief is (tabblad Samenwerkingen).",
                        class_name="muted"),
            ),
            class_name="card",
        ),
        class_name="tab-grid",
    )
