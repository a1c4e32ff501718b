"""Kasstroom: the statement table, the "Waar is het geld gebleven" waterfall (with the same
figures as a table) and the per-month table. Amounts arrive formatted by the server (Babel,
``domain.formatting.money``); the chart's axis formats euros in the browser the Dutch way."""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app.components.questions import figure_questions

# Dutch euros in the browser for the chart's axis: "€ 12.500", "€ 1,3 mln" from a million.
_EURO_JS = ("(v) => (typeof v !== 'number') ? v : new Intl.NumberFormat('nl-NL', {style:"
            " 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0})"
            ".format(v)")
AXIS_JS = ("(v) => (typeof v === 'number' && Math.abs(v) >= 1e6) ? '€ ' + new Intl.NumberFormat("
           f"'nl-NL', {{maximumFractionDigits: 1}}).format(v / 1e6) + ' mln' : ({_EURO_JS})(v)")
# the tooltip shows the step's amount as the server wrote it, not the bar's two ends
# long Dutch labels wrap instead of being cut off: an inline style, since the tables' own
# rule (table.data th, td: nowrap) outranks an emotion class
_WRAP = {"style": {"whiteSpace": "normal"}}
TOOLTIP_JS = "(v, n, p) => [p && p.payload ? p.payload.bedrag : v, 'Bedrag']"


def statement_table(rows: rx.Var, period: rx.Var, last_year: rx.Var, S=None) -> rx.Component:
    """The cash-flow statement: sections, lines (a link to their accounts), subtotals; with
    the page's state ``S`` each line has its thread (Vraag over dit cijfer) and, for the
    company's users, the question button (the page loads the threads: ``questions_loader``)."""
    columns = [(period, "amount"), (last_year, "last_year")]
    return rx.el.div(rx.el.table(
        rx.el.caption("Kasstroomoverzicht", class_name="sr-only"),
        rx.el.thead(rx.el.tr(rx.el.th("Omschrijving", scope="col"),
                             *[rx.el.th(head, scope="col", class_name="num")
                               for head, _ in columns])),
        rx.el.tbody(rx.foreach(rows, lambda r: rx.el.tr(
            rx.cond(r.kind == "section",
                    rx.el.th(r.label, scope="rowgroup", col_span=3, custom_attrs=_WRAP),
                    rx.el.td(rx.cond(r.href != "", rx.el.a(r.label, href=r.href), r.label),
                             _questions(S, r), custom_attrs=_WRAP)),
            *[rx.cond(r.kind == "section", rx.fragment(),
                      rx.el.td(getattr(r, key), class_name="num", data_label=head))
              for head, key in columns],
            class_name="stmt-" + r.kind,
        ))),
        class_name="data statement"), class_name="table-wrap")


def _questions(S, r: rx.Var) -> rx.Component:
    if S is None:
        return rx.fragment()
    return rx.cond(r.key != "", figure_questions(S, "cashflow:" + r.key, r.label,
                                                 month=S.question_month, compact=True),
                   rx.fragment())


def waterfall_chart(bars: rx.Var) -> rx.Component:
    """From the opening to the closing cash: each line that moved money a floating bar
    (green: money in, red: money out), and behind "Toon als tabel" the same steps in words."""
    return rx.el.section(
        rx.el.h2("Waar is het geld gebleven", id="waterfall-title"),
        rx.el.figure(
            rx.el.div(rx.recharts.responsive_container(
                rx.recharts.bar_chart(
                    rx.recharts.bar(
                        rx.foreach(bars, lambda b: rx.recharts.cell(fill=b.fill)),
                        data_key="range", name="Bedrag", is_animation_active=False),
                    # bars lie down: the steps read top to bottom, their names beside them,
                    # on a phone too
                    rx.recharts.y_axis(data_key="short", type_="category", interval=0,
                                       width=116, tick={"fontSize": 12}),
                    rx.recharts.x_axis(type_="number", tick_formatter=AXIS_JS,
                                       tick={"fontSize": 11}, tick_count=4),
                    rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                    rx.recharts.graphing_tooltip(
                        custom_attrs={"formatter": rx.Var(_js_expr=TOOLTIP_JS)}),
                    data=bars.to(list[dict[str, Any]]),
                    layout="vertical",
                    margin={"top": 8, "right": 16, "left": 0, "bottom": 0},
                    # no keyboard stop inside the hidden picture (axe: aria-hidden-focus)
                    custom_attrs={"accessibilityLayer": False},
                ),
                width="100%", height=bars.length() * 34 + 50), aria_hidden="true"),
            rx.el.figcaption("Van het beginsaldo liquide middelen, via de posten die geld "
                             "opleverden (groen) of kostten (rood), naar het eindsaldo.",
                             class_name="muted"),
            aria_labelledby="waterfall-title",
        ),
        rx.el.details(
            rx.el.summary("Toon als tabel"),
            rx.el.div(rx.el.table(
                rx.el.caption("Waar is het geld gebleven (tabel)", class_name="sr-only"),
                rx.el.thead(rx.el.tr(rx.el.th("Stap", scope="col"),
                                     rx.el.th("Bedrag", scope="col", class_name="num"),
                                     rx.el.th("Saldo na deze stap", scope="col",
                                              class_name="num"))),
                rx.el.tbody(rx.foreach(bars, lambda b: rx.el.tr(
                    rx.el.th(b.label, scope="row"),
                    rx.el.td(b.bedrag, class_name="num"),
                    rx.el.td(b.niveau, class_name="num")))),
                class_name="data"), class_name="table-wrap"),
            class_name="chart-data",
        ),
        class_name="card chart-card",
    )


def month_table(headers: rx.Var, rows: rx.Var) -> rx.Component:
    """Per month: opening, the three sections, the change and the closing, and whether the
    month adds up."""
    return rx.el.section(
        rx.el.h2("Per maand"),
        rx.el.div(rx.el.table(
            rx.el.caption("Kasstroom per maand", class_name="sr-only"),
            rx.el.thead(rx.el.tr(rx.el.th("Omschrijving", scope="col"),
                                 rx.foreach(headers, lambda h: rx.el.th(h, scope="col",
                                                                        class_name="num")))),
            rx.el.tbody(rx.foreach(rows, lambda r: rx.el.tr(
                rx.el.th(r.label, scope="row", custom_attrs={
                    "style": {"whiteSpace": "normal", "minWidth": "140px"}}),
                rx.foreach(r.amounts, lambda v: rx.el.td(v, class_name="num")),
                class_name="stmt-" + r.kind))),
            class_name="data"), class_name="table-wrap", tab_index=0, role="region",
            aria_label="Kasstroom per maand (schuift horizontaal)"),
        class_name="card",
    )
