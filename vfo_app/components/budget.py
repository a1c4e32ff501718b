"""Budget: the grid per category and month, the "Budget en werkelijk" tables, and the compact
card the dashboard shows. Stateless: pass the state class.

The grid's rows are the profit-and-loss categories, known when the page is compiled, so every
input has a fixed id and a unique hidden label ("Netto-omzet jan", "Netto-omzet jaar").
"""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import select_field, text_field
from vfo_app.components.tables import scroll_region
from vfo_app.domain.overview import budget

ROWS = [(k, budget.CATEGORIES[k].label) for k in budget.KEYS]


def _cell_id(key: str, month: int | str) -> str:
    return f"budget-{key}-{month}"


def _spread(S, key: str):
    """Verdeel jaarbedrag: read the row's typed yearly amount in the browser, send it."""
    return rx.call_script(f"document.getElementById('{_cell_id(key, 'jaar')}').value",
                          callback=lambda total: S.spread_row(key, total))


def _cell(label: str, short: rx.Var | str, name: str, cell_id: str, S, key: str
          ) -> rx.Component:
    """One amount of the grid. Its label reads "Netto-omzet jan"; on a phone, where the grid
    becomes a card per rubriek, the month part ("jan") shows above the field."""
    error = S.errors[name]
    return rx.el.td(
        rx.el.label(rx.el.span(label + " ", class_name="sr-only"), short,
                    html_for=cell_id, class_name="budget-cell-label"),
        rx.el.input(id=cell_id, name=name, type="text", default_value=S.values[name],
                    aria_invalid=rx.cond(error, "true", "false"), class_name="input",
                    key=S.row_keys[key] + "-" + name, input_mode="decimal",
                    auto_complete="off"),
        rx.cond(error, rx.el.div(error, class_name="field-error", role="alert"), rx.fragment()),
        class_name="cell-field",
    )


def _grid_row(S, key: str, label: str) -> rx.Component:
    cells = [_cell(label, S.month_labels[month - 1], budget.field_name(key, month),
                   _cell_id(key, month), S, key) for month in budget.MONTHS]
    cells.append(_cell(label, "jaar", budget.field_name(key, "jaar"), _cell_id(key, "jaar"),
                       S, key))
    return rx.el.tr(
        rx.el.th(label, scope="row", class_name="budget-label"),
        *cells,
        rx.el.td(rx.el.button("Verdeel", type="button", class_name="btn btn-link",
                              aria_label=f"Verdeel jaarbedrag {label}",
                              title=f"Verdeel het jaarbedrag van {label} gelijk over de "
                                    "12 maanden", on_click=_spread(S, key)),
                 class_name="cell-spread"),
    )


def budget_grid(S) -> rx.Component:
    return rx.el.form(
        rx.el.h2("Budget per maand"),
        rx.el.p("Bedragen in euro's zoals u ze leest: opbrengsten en kosten positief. Typ een "
                "jaarbedrag en kies Verdeel om het gelijk over de maanden te verdelen; "
                "Opslaan bewaart de maanden.", class_name="muted"),
        rx.cond(S.form_error != "",
                rx.el.div(S.form_error, class_name="banner banner-error", role="alert"),
                rx.fragment()),
        scroll_region(rx.el.table(
            rx.el.caption("Budget ", S.year, class_name="sr-only"),
            rx.el.thead(rx.el.tr(
                rx.el.th("Rubriek", scope="col"),
                *[rx.el.th(S.month_labels[i], scope="col", class_name="num") for i in range(12)],
                rx.el.th("Jaar", scope="col", class_name="num"),
                rx.el.th(rx.el.span("Acties", class_name="sr-only"), scope="col"))),
            rx.el.tbody(*[_grid_row(S, key, label) for key, label in ROWS]),
            class_name="data budget-grid"), "Budget per maand", class_name="budget-scroll"),
        rx.el.div(rx.el.button("Opslaan", type="submit", class_name="btn btn-primary"),
                  class_name="form-buttons"),
        on_submit=S.save,
        no_validate=True,
        class_name="card budget-card",
        aria_label="Budget per maand",
    )


def copy_last_year_form(S) -> rx.Component:
    return rx.el.form(
        text_field("Groei ten opzichte van vorig jaar (%)", "percentage", default=S.percentage,
                   error=S.errors["percentage"], field_id="budget-percentage",
                   input_mode="decimal", key=S.year),
        rx.el.button("Neem cijfers vorig jaar over", type="submit",
                     class_name="btn btn-secondary"),
        on_submit=S.copy_last_year,
        no_validate=True,
        class_name="toolbar budget-copy",
    )


def _comparison_row(row: rx.Var) -> rx.Component:
    cls = rx.cond(row.total, "budget-total", "")
    return rx.el.tr(
        rx.el.th(row.label, scope="row"),
        rx.el.td(row.budget, class_name="num"),
        rx.el.td(row.actual, class_name="num"),
        rx.el.td(row.difference, class_name="num"),
        rx.el.td(row.percent, class_name="num tone-" + row.tone),
        class_name=cls,
    )


def comparison_table(title: str, caption, rows, table_id: str) -> rx.Component:
    return scroll_region(rx.el.table(
        rx.el.caption(title, " – ", caption, class_name="table-caption"),
        rx.el.thead(rx.el.tr(rx.el.th("Rubriek", scope="col"),
                             *[rx.el.th(h, scope="col", class_name="num")
                               for h in ("Budget", "Werkelijk", "Verschil", "%")])),
        rx.el.tbody(rx.foreach(rows, _comparison_row)),
        class_name="data budget-compare", id=table_id), title)


def budget_vs_actual(S) -> rx.Component:
    return rx.el.section(
        rx.el.h2("Budget en werkelijk"),
        rx.el.div(
            select_field("Periode", "maand", S.month_options, default=S.month,
                         on_change=S.choose_month, field_id="budget-month",
                         key=S.year + S.month),
            class_name="toolbar dash-toolbar"),
        rx.cond(S.has_actuals, rx.fragment(),
                rx.el.p("Van dit boekjaar zijn nog geen cijfers ingelezen: werkelijk is 0.",
                        class_name="muted")),
        rx.el.div(
            comparison_table("Periode", S.period_text, S.period_rows, "budget-period"),
            comparison_table("Jaar tot nu", S.ytd_text, S.ytd_rows, "budget-ytd"),
            class_name="budget-compare-grid"),
        rx.el.p("Verschil = werkelijk min budget; % = het verschil als deel van het budget.",
                class_name="muted"),
        class_name="card",
    )


def budget_card(S) -> rx.Component:
    """The dashboard's compact "Budget en werkelijk" (year to date); nothing without a budget.
    ``S`` is a DashboardState: ``budget_rows`` and ``budget_href``."""
    return rx.cond(
        S.budget_rows.length() > 0,
        rx.el.section(
            rx.el.h2("Budget en werkelijk"),
            scroll_region(rx.el.table(
                rx.el.caption("Jaar tot nu", class_name="table-caption"),
                rx.el.thead(rx.el.tr(rx.el.th("Rubriek", scope="col"),
                                     *[rx.el.th(h, scope="col", class_name="num")
                                       for h in ("Budget", "Werkelijk", "%")])),
                rx.el.tbody(rx.foreach(S.budget_rows, lambda r: rx.el.tr(
                    rx.el.th(r.label, scope="row"),
                    rx.el.td(r.budget, class_name="num"),
                    rx.el.td(r.actual, class_name="num"),
                    rx.el.td(r.percent, class_name="num tone-" + r.tone),
                    class_name=rx.cond(r.total, "budget-total", "")))),
                class_name="data budget-compare"), "Budget en werkelijk, jaar tot nu"),
            class_name="card budget-dashboard-card",
            aria_label="Budget en werkelijk",
        ),
        rx.fragment(),
    )

