"""Trends across the imported years (up to five): a chart per year (revenue, costs, result)
and revenue per month with a line per year, each with the same figures as a table.

Amounts in the tables arrive formatted by the server (Babel); the axes format euros in the
browser the Dutch way."""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app.components.cash_flow import AXIS_JS

_EURO_JS = ("(v) => (typeof v !== 'number') ? v : new Intl.NumberFormat('nl-NL', {style:"
            " 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0})"
            ".format(v)")
YEAR_COLOURS = ("#98a2b3", "#6941c6", "#e07b39", "#067647", "#0b63b6")  # oldest to newest
MAX_YEARS = len(YEAR_COLOURS)


def _axes(data_key: str) -> list[rx.Component]:
    return [rx.recharts.x_axis(data_key=data_key, interval=0, tick={"fontSize": 12}),
            rx.recharts.y_axis(width=86, tick_formatter=AXIS_JS, tick={"fontSize": 12}),
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.graphing_tooltip(custom_attrs={"formatter": rx.Var(_js_expr=_EURO_JS)}),
            rx.recharts.legend()]


def _per_year(S) -> rx.Component:
    series = [("omzet", "Omzet", "#0b63b6"), ("kosten", "Kosten", "#e07b39"),
              ("resultaat", "Resultaat", "#067647")]
    return rx.el.section(
        rx.el.h2("Per boekjaar", id="trend-years-title"),
        rx.el.figure(
            rx.el.div(rx.recharts.responsive_container(
                rx.recharts.bar_chart(
                    *[rx.recharts.bar(data_key=k, name=n, fill=c, is_animation_active=False)
                      for k, n, c in series],
                    *_axes("jaar"),
                    data=S.year_trend.to(list[dict[str, Any]]),
                    margin={"top": 8, "right": 8, "left": 0, "bottom": 0},
                    custom_attrs={"accessibilityLayer": False}),
                width="100%", height=260), aria_hidden="true"),
            rx.el.figcaption("Omzet, kosten en resultaat per ingelezen boekjaar; een lopend "
                             "jaar tot en met de laatste volledige maand.", class_name="muted"),
            aria_labelledby="trend-years-title"),
        rx.el.details(
            rx.el.summary("Toon als tabel"),
            rx.el.div(rx.el.table(
                rx.el.caption("Per boekjaar (tabel)", class_name="sr-only"),
                rx.el.thead(rx.el.tr(
                    rx.el.th("Boekjaar", scope="col"), rx.el.th("Maanden", scope="col"),
                    *[rx.el.th(h, scope="col", class_name="num")
                      for h in ("Omzet", "Kosten", "Resultaat", "Liquide middelen")])),
                rx.el.tbody(rx.foreach(S.year_trend, lambda r: rx.el.tr(
                    rx.el.th(r.jaar, scope="row"), rx.el.td(r.maanden),
                    rx.el.td(r.omzet_text, class_name="num"),
                    rx.el.td(r.kosten_text, class_name="num"),
                    rx.el.td(r.resultaat_text, class_name="num"),
                    rx.el.td(r.liquide_middelen_text, class_name="num")))),
                class_name="data"), class_name="table-wrap"),
            class_name="chart-data"),
        class_name="card chart-card",
    )


def _per_month(S) -> rx.Component:
    lines = [rx.cond(S.trend_years.length() > i,
                     rx.recharts.line(data_key=f"j{i}", name=S.trend_years[i],
                                      stroke=YEAR_COLOURS[i], dot=False, stroke_width=2,
                                      type_="monotone", is_animation_active=False),
                     rx.fragment()) for i in range(MAX_YEARS)]
    euro = rx.vars.function.FunctionStringVar.create(_EURO_JS)
    return rx.el.section(
        rx.el.h2("Omzet per maand, per jaar", id="trend-months-title"),
        rx.el.figure(
            rx.el.div(rx.recharts.responsive_container(
                rx.recharts.line_chart(
                    *lines, *_axes("maand"),
                    data=S.month_trend.to(list[dict[str, Any]]),
                    margin={"top": 8, "right": 8, "left": 0, "bottom": 0},
                    custom_attrs={"accessibilityLayer": False}),
                width="100%", height=260), aria_hidden="true"),
            rx.el.figcaption("Elke lijn is een boekjaar: zo ziet u of een maand beter of "
                             "slechter was dan dezelfde maand in eerdere jaren.",
                             class_name="muted"),
            aria_labelledby="trend-months-title"),
        rx.el.details(
            rx.el.summary("Toon als tabel"),
            rx.el.div(rx.el.table(
                rx.el.caption("Omzet per maand, per jaar (tabel)", class_name="sr-only"),
                rx.el.thead(rx.el.tr(rx.el.th("Maand", scope="col"),
                                     rx.foreach(S.trend_years, lambda y: rx.el.th(
                                         y, scope="col", class_name="num")))),
                rx.el.tbody(rx.foreach(S.month_trend, lambda r: rx.el.tr(
                    rx.el.th(r["maand"].to(str), scope="row"),
                    *[rx.cond(S.trend_years.length() > i,
                              rx.el.td(rx.cond(r.contains(f"j{i}"),
                                               euro.call(r[f"j{i}"]).to(str), "–"),
                                       class_name="num"),
                              rx.fragment()) for i in range(MAX_YEARS)]))),
                class_name="data"), class_name="table-wrap"),
            class_name="chart-data"),
        class_name="card chart-card",
    )


def years_trend(S) -> rx.Component:
    """The multi-year trend section; nothing when only one year was imported."""
    return rx.cond(
        S.year_trend.length() > 1,
        rx.el.div(_per_year(S), rx.cond(S.month_trend.length() > 0, _per_month(S),
                                        rx.fragment()),
                  class_name="chart-grid"),
        rx.fragment(),
    )
