"""Vertel het verhaal: "Toelichting van uw accountant" on the dashboard.

Everyone who sees the overview reads the comments of the shown year, newest first; the
accountant (``S.may_comment``) also gets a form, and edits or deletes their own comments.
The server checks every one of these events again (DashboardState)."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.dialogs import confirm_button
from vfo_app.components.forms import buttons, primary_button, secondary_button, select_field
from vfo_app.domain.overview.comments import MAX_LENGTH


def _textarea(label: str, field_id: str, default: rx.Var | str = "") -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        rx.el.textarea(id=field_id, name="text", default_value=default, rows=3, max_length=MAX_LENGTH,
                       class_name="input", aria_required="true"),
        class_name="field",
    )


def _error(S) -> rx.Component:
    return rx.cond(S.comment_error != "",
                   rx.el.p(S.comment_error, class_name="field-error", role="alert"),
                   rx.fragment())


def _form(S) -> rx.Component:
    return rx.el.form(
        rx.el.h3("Toelichting schrijven", class_name="comment-form-title"),
        _textarea("Toelichting", "comment-text"),
        rx.el.div(
            select_field("Bij", "target", S.comment_targets, default="dashboard",
                         field_id="comment-target"),
            _month_select(S),
            class_name="comment-form-row",
        ),
        _error(S),
        buttons(primary_button("Plaatsen", type="submit")),
        key=S.comment_form_key,
        on_submit=S.post_comment,
        no_validate=True,
        class_name="comment-form no-print",
        aria_label="Toelichting schrijven",
    )


def _month_select(S) -> rx.Component:
    return rx.el.div(
        rx.el.label("Voor", html_for="comment-month", class_name="field-label"),
        rx.el.select(
            rx.el.option("Het hele boekjaar", value=""),
            rx.foreach(S.month_options,
                       lambda o: rx.el.option(o.label.to(str) + " " + S.year, value=o.value)),
            id="comment-month", name="month", default_value="", class_name="input",
        ),
        class_name="field",
    )


def _edit_form(S, c: rx.Var) -> rx.Component:
    return rx.el.form(
        _textarea("Toelichting wijzigen", "comment-edit-text", c.text),
        _error(S),
        buttons(primary_button("Opslaan", type="submit"),
                secondary_button("Annuleren", on_click=S.cancel_comment_edit)),
        on_submit=S.save_comment,
        no_validate=True,
    )


def _comment(S, c: rx.Var) -> rx.Component:
    actions = rx.cond(
        S.may_comment & c.mine,
        rx.el.div(
            rx.el.button("Bewerken", type="button", class_name="btn btn-link",
                         on_click=S.edit_comment(c.id),
                         aria_label="Toelichting bewerken: " + c.target),
            confirm_button("Verwijderen", "Toelichting verwijderen?",
                           rx.el.span("De toelichting bij ", c.target, " verdwijnt voor iedereen "
                                      "die de cijfers ziet."),
                           "Ja, verwijderen", S.delete_comment(c.id),
                           trigger_aria_label="Toelichting verwijderen: " + c.target,
                           trigger_class="btn btn-link"),
            class_name="comment-actions no-print",
        ),
        rx.fragment(),
    )
    return rx.el.li(
        rx.el.p(rx.el.strong(c.target), " · ", c.period, class_name="comment-about"),
        rx.cond(S.editing_comment == c.id, _edit_form(S, c),
                rx.el.p(c.text, class_name="comment-text")),
        rx.el.p(c.author, " · ", c.at,
                rx.cond(c.edited != "", rx.el.span(" (gewijzigd ", c.edited, ")"),
                        rx.fragment()),
                class_name="comment-meta muted"),
        actions,
        class_name="comment",
    )


def comments_section(S) -> rx.Component:
    return rx.el.section(
        rx.el.h2("Toelichting van uw accountant", id="comments-title"),
        rx.cond(S.comments.length() > 0,
                rx.el.ul(rx.foreach(S.comments, lambda c: _comment(S, c)),
                         class_name="comment-list"),
                rx.el.p("Er is nog geen toelichting voor dit boekjaar.", class_name="muted")),
        rx.cond(S.may_comment, _form(S), rx.fragment()),
        class_name="card comments",
        aria_labelledby="comments-title",
    )
