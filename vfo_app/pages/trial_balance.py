"""Proef- en saldibalans page.

Wide screens: one table, the account column stays in place while the amounts scroll (only
when the screen is narrower than the table). A phone: each account is a small card, its four
amounts labelled in two columns, so every amount is in sight without scrolling sideways."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.downloads import download_button, downloads
from vfo_app.components.figures_source import figures_source
from vfo_app.components.forms import select_field
from vfo_app.components.layout import back_link, page
from vfo_app.components.tables import scroll_region
from vfo_app.state.exports import ExportState
from vfo_app.state.trial_balance import TrialBalanceState as S

_COLUMNS = [("Beginbalans", "opening"), ("Debet", "debit"), ("Credit", "credit"),
            ("Eindsaldo", "closing")]


def _table() -> rx.Component:
    return scroll_region(rx.el.table(
        rx.el.caption("Proef- en saldibalans ", S.year, class_name="sr-only"),
        rx.el.thead(rx.el.tr(rx.el.th("Rekening", scope="col", class_name="tb-account"),
                             rx.el.th("Omschrijving", scope="col"),
                             rx.el.th("Rubriek", scope="col", class_name="hide-mobile"),
                             *[rx.el.th(h, scope="col", class_name="num") for h, _ in _COLUMNS])),
        rx.el.tbody(rx.foreach(S.rows, lambda r: rx.el.tr(
            rx.el.td(r.account, class_name="tb-account"),
            rx.el.td(r.description, class_name="wrap tb-description"),
            rx.el.td(r.category, class_name="wrap hide-mobile"),
            *[rx.el.td(getattr(r, k), class_name="num", data_label=h) for h, k in _COLUMNS]))),
        rx.el.tfoot(rx.el.tr(rx.el.th("Totaal", scope="row", class_name="tb-account"),
                             rx.el.td("", class_name="tb-description"),
                             rx.el.td("", class_name="hide-mobile"),
                             *[rx.el.td(getattr(S.totals, k), class_name="num", data_label=h)
                               for h, k in _COLUMNS])),
        class_name="data trial-balance sticky-first"), "Proef- en saldibalans")


def trial_balance_page() -> rx.Component:
    return page(
        rx.cond(S.title != "", S.title, "Proef- en saldibalans"),
        rx.el.div(
            select_field("Boekjaar", "year", S.year_options, default=S.year,
                         on_change=S.choose_year, field_id="tb-year", key=S.year),
            rx.cond(S.rows.length() > 0, downloads(
                download_button("Download Excel", "Proef- en saldibalans",
                                ExportState.trial_balance(S.year, "xlsx")),
                download_button("Download CSV", "Proef- en saldibalans",
                                ExportState.trial_balance(S.year, "csv"))), rx.fragment()),
            class_name="toolbar dash-toolbar period-bar",
        ),
        rx.cond(S.error != "", rx.el.p(S.error, class_name="banner banner-error", role="alert"),
                rx.fragment(figures_source(S.figures_source), _table())),
        back=rx.cond(S.back_href != "", back_link("Terug naar het dashboard", S.back_href),
                     rx.fragment()),
    )
