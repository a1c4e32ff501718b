"""Vragen: the questions of the clients the employee serves, those waiting for an answer
first; each thread with its figure, period and client, and a form to answer."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.forms import buttons, primary_button
from vfo_app.components.layout import back_link, page
from vfo_app.domain.overview.questions import MAX_LENGTH
from vfo_app.state.questions import QuestionsListState as L


def _message(m: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(rx.cond(m.from_office, "Antwoord van ", "Vraag van "), m.author),
                " · ", rx.el.span(m.at, class_name="muted"), class_name="comment-meta"),
        rx.el.p(m.text, class_name="comment-text", style={"whiteSpace": "pre-line"}),
        class_name=rx.cond(m.from_office, "figure-q figure-q-answer", "figure-q"),
    )


def _answer_form(t: rx.Var) -> rx.Component:
    field_id = "antwoord-" + t.id.to_string()
    error_id = "antwoord-fout-" + t.id.to_string()
    refused = (L.error_for == t.id) & (L.error != "")
    return rx.el.form(
        rx.el.input(type="hidden", name="question_id", value=t.id.to_string()),
        rx.el.div(
            rx.el.label(rx.cond(t.waiting, "Antwoord", "Nog een antwoord"), html_for=field_id,
                        class_name="field-label"),
            rx.el.textarea(id=field_id, name="text", rows=4, max_length=MAX_LENGTH,
                           class_name="input", aria_required="true",
                           aria_invalid=rx.cond(refused, "true", "false"),
                           aria_describedby=error_id),
            rx.el.p(rx.cond(refused, L.error, ""), id=error_id, class_name="field-error",
                    role="alert"),
            class_name="field",
        ),
        buttons(primary_button("Antwoord versturen", type="submit",
                               aria_label="Antwoord versturen: " + t.figure + ", " + t.client)),
        key=L.form_key.to_string() + "-" + t.id.to_string(),
        on_submit=L.answer,
        no_validate=True,
        class_name="comment-form no-print",
    )


def _thread(t: rx.Var) -> rx.Component:
    title_id = "vraag-titel-" + t.id.to_string()
    return rx.el.article(
        rx.el.h2(t.figure, " · ", t.period, id=title_id, class_name="card-title"),
        rx.el.p(rx.el.a(t.client, href=t.href), " ",
                rx.cond(t.waiting, rx.el.span("Wacht op antwoord", class_name="pill"),
                        rx.el.span("Beantwoord", class_name="muted")),
                class_name="comment-about"),
        rx.el.ul(rx.foreach(t.messages, _message), class_name="comment-list"),
        _answer_form(t),
        id=t.anchor,
        class_name="card",
        aria_labelledby=title_id,
    )


def questions_page() -> rx.Component:
    return page(
        "Vragen",
        rx.el.p(rx.cond(L.waiting == 0, "Geen vraag wacht op antwoord.",
                        rx.cond(L.waiting == 1, "1 vraag wacht op antwoord.",
                                L.waiting.to_string() + " vragen wachten op antwoord.")),
                " Vragen van de gebruikers van uw klanten over een cijfer van een periode; uw "
                "antwoord verschijnt bij dat cijfer. Nieuwe vragen krijgt u ook per e-mail.",
                class_name="muted", role="status", style={"marginBottom": "16px"}),
        rx.cond(L.threads.length() > 0,
                rx.el.div(rx.foreach(L.threads, _thread), class_name="question-list"),
                rx.cond(L.loaded, rx.el.p("Er zijn geen vragen van uw klanten.",
                                          class_name="muted empty"),
                        rx.el.p("Laden…", class_name="muted"))),
        back=back_link("Terug naar Meldingen", routes.NOTICES),
    )
