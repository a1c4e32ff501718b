"""Drill-down pages: the ledger accounts of a figure, and the transaction lines of one account."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.downloads import download_button, downloads
from vfo_app.components.figures_source import figures_source
from vfo_app.components.forms import select_field, sr_label
from vfo_app.components.layout import back_link, page
from vfo_app.components.pager import numbered_pager
from vfo_app.domain.xaf.classify import CATEGORIES
from vfo_app.state.drilldown import AccountLinesState as L
from vfo_app.state.drilldown import AccountsState as A
from vfo_app.state.exports import ExportState

CATEGORY_CHOICES = [(k, c.label) for k, c in CATEGORIES.items()]


def _guarded(S, content: rx.Component) -> rx.Component:
    return rx.cond(
        S.allowed,
        content,
        rx.cond(
            S.checked,
            rx.el.p(S.reason, class_name="banner banner-error", role="alert"),
            rx.el.p("Laden…", class_name="muted"),
        ),
    )


def _back(S) -> rx.Component:
    return rx.cond(S.overview_href != "", back_link("Terug naar het dashboard", S.overview_href),
                   back_link("Terug naar Klanten", routes.CLIENTS))


def _links(S) -> rx.Component:
    return rx.el.nav(
        rx.el.a("Gegevens bijwerken", href=S.data_href, class_name="btn btn-secondary"),
        class_name="list-actions drill-nav", aria_label="Financial Overview",
    )


def _year_select(S, field_id: str) -> rx.Component:
    return select_field("Boekjaar", "jaar", S.year_options, default=S.year,
                        on_change=S.choose_year, field_id=field_id, key=S.year)


# --- accounts of a figure --------------------------------------------------------------------


def _accounts_toolbar() -> rx.Component:
    return rx.el.div(
        _year_select(A, "drill-year"),
        select_field("Onderdeel", "categorie", A.key_options, default=A.key,
                     on_change=A.choose_key, field_id="drill-key", key=A.key),
        rx.cond(A.is_profit_loss,
                select_field("Van", "van", A.month_options, default=A.first,
                             on_change=A.choose_first, field_id="drill-first",
                             key=A.year + A.first),
                rx.fragment()),
        select_field(rx.cond(A.is_profit_loss, "Tot en met", "Stand einde"), "t_m",
                     A.month_options, default=A.upto, on_change=A.choose_upto,
                     field_id="drill-upto", key=A.year + A.upto),
        downloads(download_button("Download Excel", "Rekeningen",
                                  ExportState.accounts(A.year, A.key, A.first, A.upto))),
        class_name="toolbar dash-toolbar",
    )


def _account_row(row: rx.Var) -> rx.Component:
    label = "Rubriek " + row.account_id + " " + row.description
    return rx.el.tr(
        rx.el.td(rx.el.a(row.account_id, href=row.href,
                         aria_label="Boekingen van rekening " + row.account_id)),
        rx.el.td(row.description,
                 rx.cond(row.basis != "",
                         rx.el.small(rx.el.br(), "Rubriek op grond van: ", row.basis,
                                     class_name="muted"),
                         rx.fragment()),
                 class_name="wrap"),
        rx.el.td(row.amount, class_name="num"),
        rx.el.td(
            sr_label(label, row.field_id),
            rx.el.select(*[rx.el.option(text, value=value) for value, text in CATEGORY_CHOICES],
                         id=row.field_id, value=row.category, class_name="input",
                         on_change=lambda v: A.reclassify(row.account_id, v)),
            rx.cond(row.corrected,
                    rx.el.span("aangepast", class_name="pill", title="Rubriek aangepast door "
                               "het kantoor; blijft bij een nieuwe import"),
                    rx.fragment()),
            class_name="cell-field rubriek-cell",
        ),
        key=row.account_id,
    )


def _accounts_table() -> rx.Component:
    return rx.el.div(rx.el.table(
        rx.el.caption(A.label, " – ", A.period_text, class_name="table-caption"),
        rx.el.thead(rx.el.tr(
            rx.el.th("Rekening", scope="col"), rx.el.th("Omschrijving", scope="col"),
            rx.el.th("Bedrag", scope="col", class_name="num"),
            rx.el.th("Rubriek", scope="col"))),
        rx.el.tbody(rx.foreach(A.rows, _account_row)),
        rx.el.tfoot(rx.el.tr(rx.el.th("Totaal", scope="row", col_span=2),
                             rx.el.td(rx.el.strong(A.total), class_name="num"),
                             rx.el.td(""))),
        class_name="data drill-table drill-accounts"), class_name="table-wrap")


def _confirm_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row.account_id),
        rx.el.td(row.description, class_name="wrap"),
        rx.el.td(row.category_label),
        rx.el.td(row.basis, class_name="wrap"),
        rx.el.td(rx.el.button("Bevestigen", type="button", class_name="btn btn-secondary",
                              aria_label="Rubriek van rekening " + row.account_id
                              + " bevestigen",
                              on_click=A.confirm(row.account_id))),
        key=row.account_id,
    )


def _to_confirm() -> rx.Component:
    return rx.cond(A.to_confirm.length() > 0, rx.el.section(
        rx.el.h2("Te bevestigen: rubriek op rekeningnummer", id="te-bevestigen"),
        rx.el.p("De rubriek van deze rekeningen van ", A.year, " rust alleen op het "
                "rekeningnummer. Bevestig de rubriek, of kies hierboven een andere.",
                class_name="muted"),
        rx.el.div(rx.el.table(
            rx.el.thead(rx.el.tr(
                rx.el.th("Rekening", scope="col"), rx.el.th("Omschrijving", scope="col"),
                rx.el.th("Rubriek", scope="col"),
                rx.el.th("Rubriek op grond van", scope="col"),
                rx.el.th(rx.el.span("Actie", class_name="sr-only"), scope="col"))),
            rx.el.tbody(rx.foreach(A.to_confirm, _confirm_row)),
            class_name="data drill-table drill-confirm"), class_name="table-wrap"),
        aria_labelledby="te-bevestigen", class_name="card",
    ), rx.fragment())


def accounts_page() -> rx.Component:
    return page(
        rx.cond(A.label != "", A.label + " – " + A.client_name, "Rekeningen"),
        _guarded(A, rx.el.div(
            figures_source(A.figures_source),
            _links(A),
            _accounts_toolbar(),
            rx.cond(A.rows.length() > 0, _accounts_table(),
                    rx.el.p("Geen rekeningen met boekingen in deze periode.",
                            class_name="muted card")),
            rx.el.p("Bedragen zoals het dashboard ze toont: opbrengsten, eigen vermogen en "
                    "schulden positief. Een andere rubriek geldt voor alle boekjaren en blijft "
                    "bij een nieuwe import.", class_name="muted"),
            _to_confirm(),
        )),
        back=_back(A),
    )


# --- lines of an account -------------------------------------------------------------------


def _lines_table() -> rx.Component:
    return rx.el.div(rx.el.table(
        rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col", class_name=c) for h, c in (
            ("Datum", ""), ("Dagboek", ""), ("Boekstuk", ""), ("Omschrijving", ""),
            ("Debet", "num"), ("Credit", "num"))])),
        rx.el.tbody(rx.foreach(L.rows, lambda r: rx.el.tr(
            rx.el.td(r.date), rx.el.td(r.journal, data_label="Dagboek"),
            rx.el.td(r.nr, data_label="Boekstuk"),
            rx.el.td(r.description, class_name="wrap"),
            rx.el.td(r.debit, class_name="num", data_label="Debet"),
            rx.el.td(r.credit, class_name="num", data_label="Credit")))),
        rx.el.tfoot(rx.el.tr(rx.el.th("Totaal boekjaar", scope="row", col_span=4),
                             rx.el.td(rx.el.strong(L.debit_total), class_name="num"),
                             rx.el.td(rx.el.strong(L.credit_total), class_name="num"))),
        class_name="data drill-table drill-lines"), class_name="table-wrap")


def _pager() -> rx.Component:
    return numbered_pager(L.count_text, L.page, L.pages, L.previous_page, L.next_page)


def account_page() -> rx.Component:
    return page(
        rx.cond(L.account_id != "", "Rekening " + L.account_id + " " + L.description,
                "Rekening"),
        _guarded(L, rx.el.div(
            figures_source(L.figures_source),
            _links(L),
            rx.el.div(_year_select(L, "lines-year"),
                      downloads(download_button("Download Excel", "Alle boekingen van de rekening",
                                                ExportState.lines(L.year))),
                      class_name="toolbar dash-toolbar"),
            _lines_table(),
            _pager(),
        )),
        back=rx.cond(L.back_href != "",
                     back_link("Terug naar " + rx.cond(L.category_label != "", L.category_label,
                                                       "Rekeningen"), L.back_href),
                     _back(L)),
    )
