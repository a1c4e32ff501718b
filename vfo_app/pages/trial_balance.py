"""Proef- en saldibalans page."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.figures_source import figures_source
from vfo_app.components.forms import select_field
from vfo_app.components.layout import page
from vfo_app.state.trial_balance import TrialBalanceState as S

_COLUMNS = [("Beginbalans", "opening"), ("Debet", "debit"), ("Credit", "credit"),
            ("Eindsaldo", "closing")]


def _table() -> rx.Component:
    return rx.el.div(rx.el.table(
        rx.el.thead(rx.el.tr(rx.el.th("Rekening"), rx.el.th("Omschrijving"),
                             rx.el.th("Rubriek", class_name="hide-mobile"),
                             *[rx.el.th(h, class_name="num") for h, _ in _COLUMNS])),
        rx.el.tbody(rx.foreach(S.rows, lambda r: rx.el.tr(
            rx.el.td(r.account), rx.el.td(r.description),
            rx.el.td(r.category, class_name="hide-mobile"),
            *[rx.el.td(getattr(r, k), class_name="num") for _, k in _COLUMNS]))),
        rx.el.tfoot(rx.el.tr(rx.el.th("Totaal"), rx.el.th(""),
                             rx.el.th("", class_name="hide-mobile"),
                             *[rx.el.th(getattr(S.totals, k), class_name="num") for _, k in _COLUMNS])),
        class_name="data"), class_name="table-wrap")


def trial_balance_page() -> rx.Component:
    return page(
        rx.cond(S.title != "", S.title, "Proef- en saldibalans"),
        rx.el.div(
            select_field("Boekjaar", "year", S.year_options, default=S.year,
                         on_change=S.choose_year, field_id="tb-year", key=S.year),
            rx.el.a("Terug naar het dashboard", href=S.back_href, class_name="btn btn-secondary"),
            class_name="toolbar dash-toolbar",
        ),
        rx.cond(S.error != "", rx.el.p(S.error, class_name="banner banner-error", role="alert"),
                rx.fragment(figures_source(S.figures_source), _table())),
    )
