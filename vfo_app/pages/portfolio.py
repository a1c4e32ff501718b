"""Portefeuille: every client with Financial Overview the employee serves, with freshness,
signals and a few figures against last year; and Meldingen, the employee's notices."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.downloads import download_button, downloads
from vfo_app.components.layout import page
from vfo_app.components.pager import numbered_pager
from vfo_app.state.exports import ExportState
from vfo_app.state.portfolio import NoticesState, PortfolioState

S = PortfolioState
FLAG_STYLE = {"rood": ("#fee4e2", "#b42318"), "oranje": ("#fef0c7", "#b54708"),
              "groen": ("#dcfae6", "#067647"), "geen": ("#eef1f5", "#475467")}



def _scrolling(table: rx.Component, label: str) -> rx.Component:
    """A table wider than a phone scrolls sideways in its own region (reachable with Tab)."""
    return rx.el.div(table, role="region", aria_label=label, tab_index=0,
                     class_name="table-wrap scroll-region")

def flag_pill(flag: rx.Var, label: rx.Var) -> rx.Component:
    def style(name: str) -> dict:
        bg, fg = FLAG_STYLE[name]
        return {"background": bg, "color": fg, "fontWeight": 600}
    return rx.el.span(
        label,
        class_name="pill",
        style=rx.match(flag, *[(n, style(n)) for n in FLAG_STYLE], style("geen")),
    )


def _sort_header(key: str, label: str, *, num: bool = False, mobile: bool = True
                 ) -> rx.Component:
    active = S.sort == key
    return rx.el.th(
        rx.el.button(label, rx.cond(active, rx.cond(S.descending, " ▼", " ▲"), ""),
                     on_click=S.sort_by(key), class_name="th-sort", type="button",
                     title=f"Sorteren op {label.lower()}"),
        aria_sort=rx.cond(active, rx.cond(S.descending, "descending", "ascending"), "none"),
        scope="col",
        class_name=("num " if num else "") + ("" if mobile else "hide-mobile"),
    )


def _reasons(row: rx.Var) -> rx.Component:
    return rx.cond(
        row.reasons.length() > 0,
        rx.el.details(
            rx.el.summary(rx.cond(row.reasons.length() == 1, "1 signaal",
                                  row.reasons.length().to_string() + " signalen")),
            rx.el.ul(rx.foreach(row.reasons, lambda r: rx.el.li(r)), class_name="reasons"),
        ),
        rx.fragment(),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(flag_pill(row.flag, row.flag_label), _reasons(row)),
        rx.el.td(rx.el.a(row.name, href=row.href, title="Open het dashboard"),
                 rx.el.div(row.number, class_name="muted")),
        rx.el.td(row.booked_through, data_label="Geboekt t/m"),
        rx.el.td(row.last_import, class_name="hide-mobile"),
        rx.el.td(row.omzet, rx.el.div("vorig jaar ", row.omzet_last_year, " ",
                                      row.omzet_change, class_name="muted"),
                 class_name="num", data_label="Omzet"),
        rx.el.td(row.result, rx.el.div("vorig jaar ", row.result_last_year, class_name="muted"),
                 class_name="num hide-mobile"),
        rx.el.td(row.cash, class_name="num hide-mobile"),
        rx.el.td(row.solvency, class_name="num hide-mobile"),
    )


def _filters() -> rx.Component:
    def chip(flag: str, label: str) -> rx.Component:
        return rx.el.button(
            label, " (", S.counts.get(flag, 0).to_string(), ")", type="button",
            on_click=S.show_flag(flag), aria_pressed=rx.cond(S.flag == flag, "true", "false"),
            class_name=rx.cond(S.flag == flag, "btn btn-primary", "btn btn-secondary"))
    return rx.el.div(
        rx.el.form(
            rx.el.div(
                rx.el.label("Zoeken", html_for="pf-search", class_name="field-label"),
                rx.el.input(id="pf-search", name="search", type="search", default_value=S.search,
                            placeholder="Naam of klantnummer", class_name="input",
                            auto_complete="off"),
                class_name="field"),
            rx.el.div(
                rx.el.label("Signaal", html_for="pf-flag", class_name="field-label"),
                rx.el.select(
                    rx.el.option("Alle", value=""), rx.el.option("Rood", value="rood"),
                    rx.el.option("Oranje", value="oranje"), rx.el.option("Groen", value="groen"),
                    rx.el.option("Geen cijfers", value="geen"),
                    id="pf-flag", name="flag", default_value=S.flag, key=S.flag,
                    class_name="input"),
                class_name="field"),
            rx.el.button("Filteren", type="submit", class_name="btn btn-primary"),
            on_submit=S.apply_filter, class_name="toolbar", role="search",
        ),
        rx.el.div(chip("rood", "Rood"), chip("oranje", "Oranje"), chip("groen", "Groen"),
                  chip("geen", "Geen cijfers"), class_name="toolbar pills",
                  role="group", aria_label="Snel filteren op signaal"),
    )


def portfolio_page() -> rx.Component:
    count = rx.el.span(S.total.to_string(), rx.cond(S.total == 1, " klant", " klanten"),
                       class_name="muted")
    return page(
        "Portefeuille",
        rx.el.p("De klanten met Visma Financial Overview die u bedient. Rood: een drempel of "
                "een 'let op' (liquiditeit, eigen vermogen, debiteurendagen, cijfers te laat); "
                "oranje: een controle bij het inlezen; klik op een klant voor het dashboard.",
                class_name="muted"),
        _filters(),
        rx.cond(S.error != "", rx.el.p(S.error, class_name="banner banner-error", role="alert"),
                rx.fragment()),
        _scrolling(rx.el.table(
            rx.el.caption("Portefeuille", class_name="sr-only"),
            rx.el.thead(rx.el.tr(
                _sort_header("signaal", "Signaal"), _sort_header("naam", "Klant"),
                _sort_header("geboekt", "Geboekt t/m"),
                _sort_header("import", "Laatste import", mobile=False),
                _sort_header("omzet", "Omzet jaar tot nu", num=True),
                _sort_header("resultaat", "Resultaat", num=True, mobile=False),
                rx.el.th("Liquide middelen", scope="col", class_name="num hide-mobile"),
                rx.el.th("Solvabiliteit", scope="col", class_name="num hide-mobile"),
            )),
            rx.el.tbody(rx.foreach(S.rows, _row)),
            class_name="data portfolio-table"), "Portefeuille"),
        rx.cond(S.rows.length() == 0,
                rx.el.p(rx.cond((S.search != "") | (S.flag != ""),
                                "Geen klanten gevonden met dit filter.",
                                "U bedient nog geen klanten met Visma Financial Overview."),
                        class_name="muted empty"),
                rx.fragment()),
        numbered_pager(count, S.page, S.pages, S.previous_page, S.next_page),
        rx.cond(S.rows.length() > 0, downloads(download_button(
            "Download Excel", "Portefeuille (alle pagina's)",
            ExportState.portfolio(S.search, S.flag, S.sort, S.descending))), rx.fragment()),
        actions=rx.el.a("Meldingen", rx.cond(S.unread > 0, rx.el.span(
            S.unread.to_string(), class_name="pill", aria_label="ongelezen",
            style={"background": "#b42318", "color": "#fff", "marginLeft": "6px"}), ""),
            href=routes.NOTICES, class_name="btn btn-secondary"),
    )


N = NoticesState


def notices_page() -> rx.Component:
    return page(
        "Meldingen",
        rx.el.p("Signalen over de klanten die u bedient. U krijgt ze ook per e-mail, hooguit "
                "één overzicht per dag.", class_name="muted"),
        rx.el.div(
            rx.el.a("Naar de portefeuille", href=routes.PORTFOLIO, class_name="btn btn-secondary"),
            rx.el.a("Vragen van klanten", href=routes.QUESTIONS, class_name="btn btn-secondary"),
            rx.cond(N.unread > 0,
                    rx.el.button("Alles gelezen", type="button", on_click=N.mark_all_read,
                                 class_name="btn btn-secondary"),
                    rx.fragment()),
            class_name="toolbar"),
        rx.cond(N.error != "", rx.el.p(N.error, class_name="banner banner-error", role="alert"),
                rx.fragment()),
        rx.el.ul(rx.foreach(N.rows, lambda n: rx.el.li(
            rx.el.div(rx.el.a(n.client, href=n.href), " · ",
                      rx.el.span(n.at, class_name="muted"),
                      rx.cond(n.read, rx.fragment(), rx.el.span(" nieuw", class_name="pill"))),
            rx.el.p(n.message),
            rx.cond(n.read, rx.fragment(),
                    rx.el.button("Gelezen", type="button", on_click=N.mark_read(n.id),
                                 class_name="btn btn-link")),
            class_name="card")), class_name="notice-list", style={"listStyle": "none",
                                                                   "padding": 0}),
        rx.cond(N.rows.length() == 0, rx.el.p("Geen meldingen.", class_name="muted empty"),
                rx.fragment()),
    )
