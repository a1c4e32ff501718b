"""Online: the Verzoeken list of a client's company."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.dialogs import confirm_button
from vfo_app.components.layout import page
from vfo_app.domain.models import CollaborationState as State
from vfo_app.state.online import RequestsState


def _request_card(req: rx.Var) -> rx.Component:
    """A request still to answer: who asks what, on which terms, and the two answers."""
    return rx.el.article(
        rx.el.div(
            rx.el.h3(req.product),
            rx.el.span(req.state_label, class_name="pill"),
            class_name="card-head",
        ),
        rx.el.p(rx.el.strong(req.office), " vraagt toegang tot ", req.product, " van ",
                req.company, "."),
        rx.el.p(req.terms, class_name="muted"),
        rx.el.p("Ontvangen: ", req.created, " · Verloopt: ", req.expires, class_name="muted"),
        rx.cond(
            RequestsState.may_answer,
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


def _answered_row(req: rx.Var) -> rx.Component:
    """An earlier request: what became of it, nothing left to answer."""
    return rx.el.li(
        rx.el.strong(req.product), " voor ", req.office, " (", req.company, "): ",
        rx.el.span(req.state_label, class_name=rx.cond(req.state == State.ACTIVE.value, "pill pill-ok",
                                                        "pill")),
        rx.el.span(" · ontvangen ", req.created, class_name="muted"),
    )


def requests_page() -> rx.Component:
    return page(
        "Verzoeken",
        rx.cond(RequestsState.notice != "",
                rx.el.div(RequestsState.notice, class_name="banner banner-ok", role="status"),
                rx.fragment()),
        rx.el.section(
            rx.el.h2("Wachten op uw antwoord"),
            rx.cond(
                RequestsState.requests.length() > 0,
                rx.el.div(rx.foreach(RequestsState.requests, _request_card)),
                rx.el.p("Er wachten geen verzoeken van accountantskantoren op uw antwoord.",
                        class_name="muted"),
            ),
        ),
        rx.cond(
            RequestsState.answered.length() > 0,
            rx.el.section(
                rx.el.h2("Eerdere verzoeken"),
                rx.el.ul(rx.foreach(RequestsState.answered, _answered_row),
                         class_name="list-plain"),
                class_name="card",
            ),
            rx.fragment(),
        ),
    )
