"""Financial Overview: key figure cards, monthly charts, Winst-en-verliesrekening and Balans.

Pass the state class (a DashboardState subclass); the same component serves the accountant's
and the client's page. Charts use recharts in a responsive container, so they fit a phone.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars.function import FunctionStringVar

from vfo_app.components.advice import advice_section
from vfo_app.components.budget import budget_card
from vfo_app.components.comments import comments_section
from vfo_app.components.downloads import download_button
from vfo_app.components.figures_source import figures_source
from vfo_app.components.forms import select_field
from vfo_app.components.questions import figure_questions, questions_section
from vfo_app.components.tables import scroll_region
from vfo_app.components.trends import years_trend
from vfo_app.state.exports import ExportState

# series: (field of the state's TrendPoint, the name the legend and tooltip show, colour)
SERIES = {"omzet": ("Omzet", "#0b63b6"), "kosten": ("Kosten", "#c4320a"),
          "resultaat": ("Resultaat", "#067647"),
          "liquide_middelen": ("Liquide middelen", "#6941c6")}


# Euros as Dutch accounting software writes them, and as the key figure cards do
# (domain.formatting.money_whole): "€ 10.500", "€ -10.500"; from a million on the axis
# "€ 1,3 mln" (the Dutch abbreviation; "10k" is English). Axis, tooltip and table use this one
# browser function, since recharts formats in the browser.
EURO_JS = ("(v) => (typeof v !== 'number') ? v : new Intl.NumberFormat('nl-NL', {style:"
           " 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0})"
           ".format(v)")
AXIS_JS = ("(v) => (typeof v === 'number' && Math.abs(v) >= 1e6) ? '€ ' + new Intl.NumberFormat("
           f"'nl-NL', {{maximumFractionDigits: 1}}).format(v / 1e6) + ' mln' : ({EURO_JS})(v)")


def _period_bar(S) -> rx.Component:
    return rx.el.div(
        select_field("Boekjaar", "year", S.year_options,
                     default=S.year, on_change=S.choose_year, field_id="dash-year",
                     key=S.year),
        select_field("Periode", "month", S.month_options, default=S.month,
                     on_change=S.choose_month, field_id="dash-month", key=S.year + S.month),
        class_name="toolbar dash-toolbar period-bar",
    )


def _nav(S) -> rx.Component:
    """The other Financial Overview pages this viewer may open, after the key figures."""
    links = [("Rapportages", S.packs_href),
             ("Kasstroom", S.cash_flow_href), ("Kengetallen", S.key_figures_href),
             ("Proef- en saldibalans", S.trial_balance_href), ("Budget", S.budget_href),
             ("Gegevens bijwerken", S.data_href)]
    return rx.cond(
        (S.trial_balance_href != "") | (S.budget_href != "") | (S.data_href != "")
        | (S.key_figures_href != ""),
        rx.el.nav(*[rx.cond(href != "", rx.el.a(text, href=href,
                                                 class_name="btn btn-secondary"),
                            rx.fragment()) for text, href in links],
                  class_name="list-actions drill-nav no-print", aria_label="Financial Overview"),
        rx.fragment(),
    )


def _report_actions(S) -> rx.Component:
    return rx.el.div(
        rx.el.button("Afdrukken", type="button", class_name="btn btn-secondary",
                     on_click=rx.call_script("window.print()")),
        rx.el.button("Download PDF", type="button", class_name="btn btn-secondary",
                     on_click=S.download_pdf),
        download_button("Download Excel", "Winst-en-verliesrekening en Balans",
                        ExportState.reports(S.year, S.month)),
        class_name="form-buttons report-actions no-print",
    )


def _card(card: rx.Var, S=None) -> rx.Component:
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
        figure_questions(S, "kpi:" + card.key, card.label) if S is not None else rx.fragment(),
        class_name="kpi",
        aria_label=card.label,
    )


def _chart_summary(S, series: list[str]) -> rx.Var:
    """The chart in words, for the figcaption: per series its highest and lowest month."""
    pairs = ", ".join(f"['{s}', '{SERIES[s][0]}']" for s in series)
    return FunctionStringVar.create(
        f"(d) => (!d || !d.length) ? '' : [{pairs}].map(([k, n]) => {{"
        " let hi = d[0], lo = d[0];"
        " for (const p of d) { if (p[k] > hi[k]) hi = p; if (p[k] < lo[k]) lo = p; }"
        f" return n + ': hoogst in ' + hi.maand + ' (' + ({EURO_JS})(hi[k]) + '), laagst in '"
        f" + lo.maand + ' (' + ({EURO_JS})(lo[k]) + ')'; }}).join('; ') + '.'"
    ).call(S.trend).to(str)


def _chart_table(S, title: str, series: list[str]) -> rx.Component:
    """The chart's figures as a table, behind "Toon als tabel"."""
    euro = FunctionStringVar.create(EURO_JS)
    return rx.el.details(
        rx.el.summary("Toon als tabel"),
        scroll_region(rx.el.table(
            rx.el.caption(title, class_name="sr-only"),
            rx.el.thead(rx.el.tr(rx.el.th("Maand", scope="col"),
                                 *[rx.el.th(SERIES[s][0], scope="col", class_name="num")
                                   for s in series])),
            rx.el.tbody(rx.foreach(S.trend, lambda r: rx.el.tr(
                rx.el.th(r.maand, scope="row"),
                *[rx.el.td(euro.call(getattr(r, s)).to(str), class_name="num")
                  for s in series]))),
            class_name="data chart-table"), title + " (tabel)"),
        class_name="chart-data no-print",
    )


def _chart(S, title: str, series: list[str], kind: str) -> rx.Component:
    if kind == "bar":
        items = [rx.recharts.bar(data_key=s, fill=SERIES[s][1], name=SERIES[s][0],
                                 is_animation_active=False) for s in series]
        chart = rx.recharts.bar_chart
    else:
        items = [rx.recharts.line(data_key=s, stroke=SERIES[s][1], name=SERIES[s][0],
                                  type_="monotone", dot=False, stroke_width=2,
                                  is_animation_active=False) for s in series]
        chart = rx.recharts.line_chart
    title_id = "chart-" + "-".join(series)
    return rx.el.section(
        rx.el.h2(title, id=title_id),
        rx.el.figure(
            # the picture is for the eye; the caption and the table say the same in words
            rx.el.div(rx.recharts.responsive_container(
                chart(*items,
                      # every month, slanted, so twelve fit beside each other on a phone
                      rx.recharts.x_axis(data_key="maand", interval=0, angle=-45,
                                         text_anchor="end", height=44,
                                         tick={"fontSize": 12}),
                      rx.recharts.y_axis(width=78, tick_formatter=AXIS_JS,
                                         tick={"fontSize": 12}),
                      rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                      rx.recharts.graphing_tooltip(
                          custom_attrs={"formatter": rx.Var(_js_expr=EURO_JS)}),
                      rx.recharts.legend(),
                      data=S.trend.to(list[dict[str, Any]]),  # TrendPoints, as recharts records
                      margin={"top": 8, "right": 8, "left": 0, "bottom": 0},
                      custom_attrs={"accessibilityLayer": False}),
                width="100%", height=280,
            ), aria_hidden="true", class_name="chart-box"),
            rx.el.figcaption(_chart_summary(S, series), class_name="chart-summary"),
            class_name="chart-figure",
        ),
        _chart_table(S, title, series),
        class_name="card chart-card",
        aria_labelledby=title_id,
    )


def _statement(title: str, rows, columns: list[tuple[str, str]], S=None, prefix: str = ""
               ) -> rx.Component:
    return rx.el.section(
        rx.el.h2(title),
        scroll_region(rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Rubriek"),
                                 *[rx.el.th(head, class_name="num") for head, _ in columns])),
            rx.el.tbody(rx.foreach(rows, lambda r: rx.el.tr(
                rx.cond(r.kind == "section",
                        rx.el.th(r.label, scope="rowgroup", col_span=len(columns) + 1),
                        rx.el.td(rx.cond(r.href != "", rx.el.a(r.label, href=r.href),
                                         r.label),
                                 rx.cond(r.kind == "row", figure_questions(S, prefix + r.category,
                                                                           r.label, compact=True),
                                         rx.fragment()) if S is not None else rx.fragment())),
                *[rx.cond(r.kind == "section", rx.fragment(),
                          rx.el.td(getattr(r, key), class_name="num", data_label=head))
                  for head, key in columns],
                class_name="stmt-" + r.kind))),
            class_name="data statement"), title),
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
                ("Jaar tot nu", "ytd"), ("Vorig jaar tot nu", "ytd_last_year")], S, "pl:"),
            _statement("Balans", S.bs_rows, [("Einde periode", "amount"),
                                             ("Vorig jaar", "last_year")], S, "balance:"),
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
            # the period, then the figures first; links, comments and print at their place below
            _period_bar(S),
            figures_source(S.figures_source),
            rx.el.section(
                rx.el.h2("Cijfers van de periode", id="kengetallen", class_name="sr-only"),
                rx.el.div(rx.foreach(S.cards, lambda c: _card(c, S)), class_name="kpi-grid"),
                aria_labelledby="kengetallen",
            ),
            _nav(S),
            rx.cond(S.notes.length() > 0,
                    rx.el.section(rx.el.h2("Wat valt op"),
                                  rx.el.ul(rx.foreach(S.notes, lambda n: rx.el.li(n))),
                                  class_name="card notes"),
                    rx.fragment()),
            budget_card(S),
            advice_section(),  # Liquiditeitsprognose, vergelijking binnen het kantoor
            rx.el.div(_chart(S, "Omzet en kosten per maand", ["omzet", "kosten"], "bar"),
                      _chart(S, "Resultaat en liquide middelen", ["resultaat", "liquide_middelen"],
                             "line"),
                      class_name="chart-grid"),
            years_trend(S),
            comments_section(S),
            questions_section(S),
            reports,
            _report_actions(S),
        ),
        empty,
    )
