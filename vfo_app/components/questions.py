"""Vraag over dit cijfer: beside a figure its thread of the shown period (question, answers,
follow-ups), and for the company's users the button that opens the question dialog; the card
"Vragen over de cijfers" lists the threads of the shown year beside the accountant's
comments. The server checks every question and answer again (vfo_app.state.questions)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app.components.dialogs import modal
from vfo_app.components.forms import buttons, primary_button
from vfo_app.components.mount import per_page
from vfo_app.domain.overview.questions import MAX_LENGTH
from vfo_app.state.questions import FigureQuestionsState as Q

TEXT_ID, ERROR_ID, HINT_ID = "vraag-tekst", "vraag-fout", "vraag-hint"
# beside a figure the thread is small print, the answer marked in the main colour
_LIST = {"listStyle": "none", "padding": 0, "margin": 0, "fontSize": "13px",
         "lineHeight": "1.4", "textAlign": "left"}
_ITEM = {"margin": "6px 0 0", "paddingLeft": "6px", "borderLeft": "3px solid #d0d5dd"}
_ANSWER = _ITEM | {"borderLeft": "3px solid #0b63b6"}
_BUTTON = {"fontSize": "13px", "padding": "2px 0", "minHeight": "0", "textAlign": "left"}
_ICON_BUTTON = {"display": "inline-flex", "alignItems": "center", "justifyContent": "center",
                "minWidth": "28px", "minHeight": "28px", "padding": "0", "margin": "-4px 0 -4px 4px",
                "verticalAlign": "middle", "borderRadius": "4px", "cursor": "pointer"}


def _message(m: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.strong(rx.cond(m.from_office, "Antwoord van ", "Vraag van "), m.author, ": ",
                     class_name="figure-q-who"),
        rx.el.span(m.text, class_name="figure-q-text"),
        rx.el.span(" · ", m.at, class_name="muted"),
        rx.cond(m.waits, rx.el.span(" Wacht op antwoord", class_name="pill"), rx.fragment()),
        class_name=rx.cond(m.from_office, "figure-q figure-q-answer", "figure-q"),
        style=rx.cond(m.from_office, _ANSWER, _ITEM),
    )


def _question_icon() -> rx.Component:
    """A speech bubble with a question mark (Lucide's message-circle-question, ISC), drawn
    inline: decoration only, the button carries the name."""
    stroke = {"fill": "none", "stroke": "currentColor", "strokeWidth": "2",
              "strokeLinecap": "round", "strokeLinejoin": "round", "aria-hidden": "true",
              "focusable": "false"}
    return rx.el.svg(
        rx.el.svg.path(d="M7.9 20A9 9 0 1 0 4 16.1L2 22Z"),
        rx.el.svg.path(d="M9.09 9a3 3 0 0 1 5.83 1c0 2-3 3-3 3"),
        rx.el.svg.path(d="M12 17h.01"),
        width="16", height="16", view_box="0 0 24 24", custom_attrs=stroke)


def _trigger(label: Any, compact: bool) -> rx.Component:
    """A tile's button says what it does; a line of a report table (many lines, a phone's
    width) has a small icon button named after its line ("Vraag over Omzet", no visible text
    to contradict it), at least 24 by 24 px."""
    if not compact:
        return rx.el.button("Vraag over dit cijfer", type="button",
                            class_name="btn btn-link figure-ask no-print", style=_BUTTON,
                            aria_label="Vraag over dit cijfer: " + label)
    return rx.el.button(_question_icon(), type="button",
                        class_name="btn-link figure-ask figure-ask-icon no-print",
                        style=_ICON_BUTTON, aria_label="Vraag over " + label,
                        title="Vraag over " + label)


def _ask_dialog(S, key: Any, label: Any, month: Any, compact: bool = False) -> rx.Component:
    invalid = Q.error != ""
    return modal(
        _trigger(label, compact),
        "Vraag over " + label,
        rx.el.form(
            rx.el.p("Uw vraag gaat naar uw accountant, bij dit cijfer en de getoonde periode. "
                    "Het antwoord verschijnt hier bij het cijfer.", class_name="dialog-text"),
            rx.el.input(type="hidden", name="figure_key", value=key),
            rx.el.input(type="hidden", name="year", value=S.year),
            rx.el.input(type="hidden", name="month", value=month),
            rx.el.div(
                rx.el.label("Uw vraag", html_for=TEXT_ID, class_name="field-label"),
                rx.el.textarea(id=TEXT_ID, name="text", default_value=Q.draft, rows=5,
                               max_length=MAX_LENGTH, class_name="input",
                               aria_required="true", aria_invalid=rx.cond(invalid, "true",
                                                                          "false"),
                               aria_describedby=rx.cond(invalid, f"{ERROR_ID} {HINT_ID}",
                                                        HINT_ID)),
                rx.cond(invalid, rx.el.p(Q.error, id=ERROR_ID, class_name="field-error",
                                         role="alert"), rx.fragment()),
                rx.el.p(f"Hooguit {MAX_LENGTH} tekens.", id=HINT_ID, class_name="muted",
                        style={"fontSize": "13px", "margin": "4px 0 0"}),
                class_name="field",
            ),
            buttons(primary_button("Versturen", type="submit"),
                    rx.dialog.close(rx.el.button("Annuleren", type="button",
                                                 class_name="btn btn-secondary"))),
            on_submit=Q.ask,
            no_validate=True,
        ),
        open_=Q.asking == key,
        on_open_change=lambda open_: Q.open_question(key, open_),
    )


def figure_questions(S, key: Any, label: Any, month: Any = None, compact: bool = False
                     ) -> rx.Component:
    """Beside one figure (``key`` such as ``"kpi:" + card.key``): its thread of the period the
    page shows (``S.year``, and ``month``: the month of the fiscal year, ``S.month`` unless
    the page calls it otherwise), and the question button for the company's users. The page
    loads the threads once (``questions_section`` or ``questions_loader``).

    ``compact``: a line of a report table; the button is a small icon right after the line's
    label (call this in the label's cell, after the label), the thread below it."""
    month = S.month if month is None else month

    def here(m: rx.Var) -> rx.Var:
        return (m.figure_key == key) & (m.year == S.year) & (m.month == month)

    # no empty list beside every figure without a question (a screen reader would say so)
    thread = rx.cond(Q.messages.map(here).contains(True), rx.el.ul(
        rx.foreach(Q.messages, lambda m: rx.cond(here(m), _message(m), rx.fragment())),
        class_name="figure-q-list", style=_LIST), rx.fragment())
    ask = rx.cond(Q.may_ask, _ask_dialog(S, key, label, month, compact), rx.fragment())
    if compact:
        return rx.fragment(ask, thread)
    return rx.el.div(thread, ask, class_name="figure-questions")


def questions_section(S) -> rx.Component:
    """Vragen over de cijfers: every message of the shown fiscal year, newest thread first,
    with the figure and period it is about; loads the threads when the figures show."""
    shown = Q.messages.map(lambda m: m.year == S.year)
    return per_page(rx.el.section(
        rx.el.h2("Vragen over de cijfers", id="questions-title"),
        rx.cond(
            shown.contains(True),
            rx.el.ul(rx.foreach(Q.messages, lambda m: rx.cond(
                m.year == S.year,
                rx.fragment(
                    rx.cond(m.first, rx.el.li(rx.el.strong(m.figure_label), " · ", m.period,
                                              style={"margin": "14px 0 0"}), rx.fragment()),
                    _message(m)),
                rx.fragment())), class_name="figure-q-list",
                style=_LIST | {"fontSize": "14px"}),
            rx.el.p(rx.cond(Q.may_ask,
                            "U hebt nog geen vragen gesteld over de cijfers van dit boekjaar. "
                            "Klik bij een cijfer op “Vraag over dit cijfer”, of bij een regel "
                            "van een overzicht op het vraagteken.",
                            "Er zijn nog geen vragen van de klant over dit boekjaar."),
                    class_name="muted")),
        on_mount=Q.load,
        class_name="card comments",
        aria_labelledby="questions-title",
    ))


def questions_loader() -> rx.Component:
    """Loads the threads of the page's client, on a page without ``questions_section``."""
    return per_page(rx.el.div(on_mount=Q.load, hidden=True))
