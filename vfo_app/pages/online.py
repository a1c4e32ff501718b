"""Online: the Verzoeken list of a client's company."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.dialogs import confirm_button
from vfo_app.components.layout import page
from vfo_app.state.online import RequestsState


def _request_card(req: rx.Var) -> rx.Component:
    return rx.el.article(
        rx.el.div(
            rx.el.h2(req.product),
            rx.el.span(req.state_label, class_name="pill"),
            class_name="card-head",
        ),
        rx.el.p(rx.el.strong(req.office), " vraagt toegang tot ", req.product, " van ",
                req.company, "."),
        rx.el.p(req.terms, class_name="muted"),
        rx.el.p("Ontvangen: ", req.created,
                rx.cond(req.pending, rx.el.span(" · Verloopt: ", req.expires), rx.fragment()),
                class_name="muted"),
        rx.cond(
            req.pending & RequestsState.may_answer,
            rx.el.div(
                rx.el.button("Goedkeuren", type="button", class_name="btn btn-primary",
                             on_click=RequestsState.approve(req.id)),
                confirm_button("Weigeren", "Verzoek weigeren?",
                               rx.el.span(req.office, " krijgt dan geen toegang tot ", req.product,
                                          ". Het kantoor kan later een nieuw verzoek sturen."),
                               "Ja, weigeren", RequestsState.decline(req.id),
                               trigger_aria_label="Weigeren: " + req.product),
                class_name="form-buttons",
            ),
            rx.fragment(),
        ),
        class_name="card",
        aria_label=req.product,
    )


def requests_page() -> rx.Component:
    return page(
        "Verzoeken",
        rx.cond(RequestsState.notice != "",
                rx.el.div(RequestsState.notice, class_name="banner banner-ok", role="status"),
                rx.fragment()),
        rx.cond(
            RequestsState.requests.length() > 0,
            rx.el.div(rx.foreach(RequestsState.requests, _request_card)),
            rx.el.p("Er zijn geen verzoeken van accountantskantoren.", class_name="muted"),
        ),
    )
