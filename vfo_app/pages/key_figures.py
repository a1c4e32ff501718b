"""Kengetallen page: every key figure with its period, formula, sentence and accounts; the
accountant chooses the dashboard's figures and sets targets and alert thresholds."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.figures_source import figures_source
from vfo_app.components.forms import select_field
from vfo_app.components.layout import page
from vfo_app.components.questions import figure_questions, questions_loader
from vfo_app.state.key_figures import CompanyKeyFiguresState, KeyFiguresState

_GRID = {"display": "grid", "gridTemplateColumns": "repeat(auto-fill, minmax(min(100%, 300px), 1fr))",
         "gap": "12px", "marginBottom": "16px"}
_WIDE = {"gridColumn": "1 / -1", "margin": "12px 0 0", "fontSize": "17px"}


def _toolbar(S) -> rx.Component:
    return rx.el.div(
        select_field("Boekjaar", "year", S.year_options, default=S.year,
                     on_change=S.choose_year, field_id="kg-year", key=S.year),
        select_field("Tot en met", "upto", S.upto_options, default=S.upto,
                     on_change=S.choose_upto, field_id="kg-upto", key=S.year + S.upto),
        class_name="toolbar dash-toolbar period-bar",
    )


def _status(r) -> rx.Component:
    return rx.match(
        r.status,
        ("alert", rx.el.p("Signaalgrens overschreden (", r.threshold_text, ")",
                          class_name="banner banner-error", style={"padding": "4px 8px",
                                                                    "margin": "4px 0"})),
        ("target", rx.el.p("Streefwaarde gehaald (", r.target_text, ")",
                           class_name="banner banner-ok", style={"padding": "4px 8px",
                                                                  "margin": "4px 0"})),
        rx.fragment(),
    )


def _accounts(S, r, employee: bool) -> rx.Component:
    if employee:
        links = rx.foreach(r.accounts, lambda a: rx.el.li(
            rx.cond(a.href != "", rx.el.a(a.label, href=a.href), a.label)))
        return rx.el.details(rx.el.summary("Rekeningen"), rx.el.ul(links), class_name="kpi-ytd")
    return rx.fragment(
        rx.cond(S.open_key == r.key,
                rx.el.div(
                    rx.el.button("Verberg de rekeningen", type="button",
                                 class_name="btn btn-secondary", on_click=S.hide_accounts),
                    rx.el.table(
                        rx.el.caption("Rekeningen van ", r.label, class_name="sr-only"),
                        rx.el.thead(rx.el.tr(rx.el.th("Rekening", scope="col"),
                                             rx.el.th("Bedrag", scope="col", class_name="num"))),
                        rx.el.tbody(rx.foreach(S.open_accounts, lambda a: rx.el.tr(
                            rx.el.td(a.account_id, " ", a.description),
                            rx.el.td(a.amount, class_name="num")))),
                        class_name="data"),
                    class_name="table-wrap"),
                rx.el.button("Toon de rekeningen", type="button", class_name="btn btn-secondary",
                             on_click=S.show_accounts(r.key),
                             aria_label="Toon de rekeningen van " + r.label)),
    )


def _check(label: str, name: rx.Var, field_id: rx.Var, default: rx.Var) -> rx.Component:
    """A checkbox with its <label> (the ids come from the figure's key, a Var in a foreach,
    which the forms helpers cannot take)."""
    return rx.el.div(
        rx.el.input(type="checkbox", id=field_id, name=name, default_checked=default,
                    class_name="checkbox"),
        rx.el.label(label, html_for=field_id),
        class_name="field field-check")


def _number(label: str, name: rx.Var, field_id: rx.Var, default: rx.Var,
            error: rx.Var) -> rx.Component:
    """A text field for a Dutch number, with its <label> and its message."""
    return rx.el.div(
        rx.el.div(rx.el.label(label, html_for=field_id, class_name="field-label"),
                  class_name="field-label-row"),
        rx.el.input(id=field_id, name=name, type="text", default_value=default,
                    input_mode="decimal", class_name="input",
                    aria_invalid=rx.cond(error, "true", "false"),
                    aria_describedby=field_id + "-error"),
        rx.cond(error, rx.el.div(error, id=field_id + "-error", class_name="field-error",
                                 role="alert"), rx.fragment()),
        class_name="field")


def _settings(S, r) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend("Instellingen voor ", r.label, class_name="sr-only"),
        _check("Op het dashboard", "shown_" + r.key, "shown-" + r.key, r.shown),
        rx.el.div(
            _number("Streefwaarde", "target_" + r.key, "target-" + r.key, r.target,
                    S.errors["target_" + r.key]),
            _number("Signaalgrens", "threshold_" + r.key, "threshold-" + r.key, r.threshold,
                    S.errors["threshold_" + r.key]),
            style={"display": "grid", "gridTemplateColumns": "1fr 1fr", "gap": "8px"}),
        rx.el.p(rx.cond(r.unit == "euro", "In euro's", "In " + r.unit),
                "; een melding als het kengetal de signaalgrens de verkeerde kant op passeert.",
                class_name="kpi-ytd"),
        style={"border": "0", "padding": "8px 0 0", "margin": "8px 0 0",
               "borderTop": "1px solid var(--c-border)"},
    )


def _figure(S, r, employee: bool) -> rx.Component:
    return rx.cond(
        r.kind == "group",
        rx.el.h2(r.label, style=_WIDE),
        rx.el.article(
            rx.el.h3(r.label, class_name="kpi-label"),
            rx.el.p(r.value, class_name="kpi-value"),
            rx.el.p(r.period, class_name="kpi-compare"),
            rx.cond(r.reason != "", rx.el.p("Niet te berekenen: ", r.reason,
                                            class_name="kpi-compare", role="note"),
                    rx.fragment()),
            _status(r),
            rx.el.p(r.sentence, style={"margin": "6px 0"}),
            rx.el.p(rx.el.strong("Formule: "), r.formula, class_name="kpi-ytd"),
            _accounts(S, r, employee),
            _settings(S, r) if employee else rx.fragment(),
            figure_questions(S, "kpi:" + r.key, r.label, month=S.upto),
            class_name="kpi", aria_label=r.label, id="kg-" + r.key,
        ),
    )


def _body(S, employee: bool) -> rx.Component:
    cards = rx.el.div(rx.foreach(S.rows, lambda r: _figure(S, r, employee)), style=_GRID)
    if not employee:
        return cards
    save = rx.el.div(rx.el.button("Opslaan", type="submit", class_name="btn btn-primary"),
                     class_name="form-buttons")
    return rx.el.form(
        rx.el.p(rx.cond(S.chosen_by_client,
                        "Het dashboard toont de kengetallen die voor deze klant zijn gekozen.",
                        "Het dashboard toont de standaardset van het kantoor; kies hieronder "
                        "een eigen set voor deze klant."),
                " Kies hoogstens 12. Een signaalgrens geeft een melding als het kengetal haar "
                "passeert; de streefwaarde ziet de klant bij het kengetal.",
                class_name="muted"),
        rx.cond(S.errors.contains("shown"),
                rx.el.p(S.errors["shown"], class_name="banner banner-error", role="alert"),
                rx.fragment()),
        save,
        cards,
        rx.el.div(
            rx.el.button("Opslaan", type="submit", class_name="btn btn-primary"),
            rx.cond(S.chosen_by_client,
                    rx.el.button("Terug naar de standaardset van het kantoor", type="button",
                                 class_name="btn btn-secondary", on_click=S.reset_to_default),
                    rx.fragment()),
            class_name="form-buttons"),
        on_submit=S.save, key=S.form_key.to_string(),
    )


def _page(S, employee: bool) -> rx.Component:
    nav = rx.el.nav(
        rx.el.a("Terug naar het dashboard", href=S.back_href, class_name="btn btn-secondary"),
        rx.cond(S.cash_flow_href != "",
                rx.el.a("Kasstroom", href=S.cash_flow_href, class_name="btn btn-secondary"),
                rx.fragment()),
        class_name="list-actions drill-nav no-print", aria_label="Financial Overview")
    return page(
        rx.cond(S.title != "", S.title, "Kengetallen"),
        nav,
        rx.cond(~S.checked, rx.el.p("Laden…", class_name="muted"),
                rx.cond(S.reason != "",
                        rx.el.p(S.reason, class_name="banner banner-error", role="alert"),
                        rx.fragment(figures_source(S.figures_source), _toolbar(S),
                                    _body(S, employee), questions_loader()))),
    )


def key_figures_page() -> rx.Component:
    return _page(KeyFiguresState, employee=True)


def company_key_figures_page() -> rx.Component:
    return _page(CompanyKeyFiguresState, employee=False)
