"""Financial Overview: key figure cards, monthly charts, Winst-en-verliesrekening and Balans.

Pass the state class (a DashboardState subclass); the same component serves the accountant's
and the client's page. Charts use recharts in a responsive container, so they fit a phone.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app.components.advice import advice_section
from vfo_app.components.budget import budget_card
from vfo_app.components.comments import comments_section
from vfo_app.components.figures_source import figures_source
from vfo_app.components.forms import select_field
from vfo_app.components.trends import years_trend

# series: (field of the state's TrendPoint, the name the legend and tooltip show, colour)
SERIES = {"omzet": ("Omzet", "#0b63b6"), "kosten": ("Kosten", "#e07b39"),
          "resultaat": ("Resultaat", "#067647"),
          "liquide_middelen": ("Liquide middelen", "#6941c6")}


def _period_bar(S) -> rx.Component:
    return rx.el.div(
        select_field("Boekjaar", "year", S.year_options,
                     default=S.year, on_change=S.choose_year, field_id="dash-year",
                     key=S.year),
        select_field("Periode", "month", S.month_options, default=S.month,
                     on_change=S.choose_month, field_id="dash-month", key=S.year + S.month),
        rx.cond(S.data_href != "",
                rx.el.a("Gegevens bijwerken", href=S.data_href, class_name="btn btn-secondary"),
                rx.fragment()),
        rx.cond(S.trial_balance_href != "",
                rx.el.a("Proef- en saldibalans", href=S.trial_balance_href,
                        class_name="btn btn-secondary no-print"),
                rx.fragment()),
        rx.cond(S.budget_href != "",
                rx.el.a("Budget", href=S.budget_href, class_name="btn btn-secondary no-print"),
                rx.fragment()),
        rx.cond(S.cash_flow_href != "",
                rx.el.a("Kasstroom", href=S.cash_flow_href, class_name="btn btn-secondary no-print"),
                rx.fragment()),
        rx.cond(S.key_figures_href != "",
                rx.el.a("Kengetallen", href=S.key_figures_href,
                        class_name="btn btn-secondary no-print"),
                rx.fragment()),
        rx.el.button("Afdrukken", type="button", class_name="btn btn-secondary no-print",
                     on_click=rx.call_script("window.print()")),
        rx.el.button("Download PDF", type="button", class_name="btn btn-secondary no-print",
                     on_click=S.download_pdf),
        class_name="toolbar dash-toolbar",
    )


def _card(card: rx.Var) -> rx.Component:
    return rx.el.article(
        rx.el.h3(card.label, class_name="kpi-label"),
        rx.cond(card.href != "",
                rx.el.a(card.period, href=card.href, class_name="kpi-value kpi-link",
                        title="Toon de rekeningen"),
                rx.el.p(card.period, class_name="kpi-value")),
        rx.cond(card.period_label != "",
                rx.el.p(card.period_label, class_name="kpi-period muted",
                        style={"margin": "0", "fontSize": "12px"}),
                rx.fragment()),
        rx.el.p("Vorig jaar: ", card.period_last_year, " ", rx.el.span(card.period_delta),
                class_name="kpi-compare"),
        rx.el.p("Jaar tot nu: ", rx.el.strong(card.ytd), " (vorig jaar ",
                card.ytd_last_year, ")", class_name="kpi-ytd"),
        rx.cond(card.note != "",
                rx.el.p(card.note, class_name="kpi-note", role="note",
                        style={"margin": "4px 0 0", "fontSize": "12px", "fontWeight": "600"}),
                rx.fragment()),
        class_name="kpi",
        aria_label=card.label,
    )


def _chart(S, title: str, series: list[str], kind: str) -> rx.Component:
    if kind == "bar":
        items = [rx.recharts.bar(data_key=s, fill=SERIES[s][1], name=SERIES[s][0])
                 for s in series]
        chart = rx.recharts.bar_chart
    else:
        items = [rx.recharts.line(data_key=s, stroke=SERIES[s][1], name=SERIES[s][0],
                                  type_="monotone", dot=False, stroke_width=2) for s in series]
        chart = rx.recharts.line_chart
    return rx.el.section(
        rx.el.h2(title),
        rx.recharts.responsive_container(
            chart(*items, rx.recharts.x_axis(data_key="maand"), rx.recharts.y_axis(width=70),
                  rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                  rx.recharts.graphing_tooltip(), rx.recharts.legend(),
                  data=S.trend.to(list[dict[str, Any]])),  # TrendPoints, as recharts records
            width="100%", height=260,
        ),
        class_name="card chart-card",
    )


def _statement(title: str, rows, columns: list[tuple[str, str]]) -> rx.Component:
    return rx.el.section(
        rx.el.h2(title),
        rx.el.div(rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Rubriek"),
                                 *[rx.el.th(head, class_name="num") for head, _ in columns])),
            rx.el.tbody(rx.foreach(rows, lambda r: rx.el.tr(
                rx.cond(r.kind == "section",
                        rx.el.th(r.label, scope="rowgroup", col_span=len(columns) + 1),
                        rx.el.td(rx.cond(r.href != "", rx.el.a(r.label, href=r.href),
                                         r.label))),
                *[rx.cond(r.kind == "section", rx.fragment(),
                          rx.el.td(getattr(r, key), class_name="num", data_label=head))
                  for head, key in columns],
                class_name="stmt-" + r.kind))),
            class_name="data statement"), class_name="table-wrap"),
        class_name="card",
    )


def dashboard(S) -> rx.Component:
    reports = rx.cond(
        S.is_starter,
        rx.el.p("Visma Financial Overview Starter toont het dashboard en de trends. De rapporten "
                "horen bij Visma Financial Overview.", class_name="muted"),
        rx.el.div(
            _statement("Winst-en-verliesrekening", S.pl_rows, [
                ("Periode", "period"), ("Periode vorig jaar", "period_last_year"),
                ("Jaar tot nu", "ytd"), ("Vorig jaar tot nu", "ytd_last_year")]),
            _statement("Balans", S.bs_rows, [("Einde periode", "amount"),
                                             ("Vorig jaar", "last_year")]),
            class_name="reports",
        ),
    )
    empty = rx.el.section(
        rx.el.h2("Dashboard"),
        rx.el.p("Er zijn nog geen cijfers geïmporteerd voor deze klant.", class_name="muted"),
        rx.cond(S.data_href != "",
                rx.el.a("Gegevens bijwerken", href=S.data_href, class_name="btn btn-primary"),
                rx.fragment()),
        class_name="card",
    )
    return rx.cond(
        S.has_figures,
        rx.el.div(
            figures_source(S.figures_source),
            _period_bar(S),
            rx.cond(S.notes.length() > 0,
                    rx.el.section(rx.el.h2("Wat valt op"),
                                  rx.el.ul(rx.foreach(S.notes, lambda n: rx.el.li(n))),
                                  class_name="card notes"),
                    rx.fragment()),
            comments_section(S),
            rx.el.div(rx.foreach(S.cards, _card), class_name="kpi-grid"),
            budget_card(S),
            advice_section(),  # Liquiditeitsprognose, vergelijking binnen het kantoor
            rx.el.div(_chart(S, "Omzet en kosten per maand", ["omzet", "kosten"], "bar"),
                      _chart(S, "Resultaat en liquide middelen", ["resultaat", "liquide_middelen"],
                             "line"),
                      class_name="chart-grid"),
            years_trend(S),
            reports,
        ),
        empty,
    )
