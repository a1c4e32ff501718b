"""Online: "Wie kan onze cijfers zien", for a company's Beheerders."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.forms import select_field
from vfo_app.components.layout import page
from vfo_app.components.pager import numbered_pager
from vfo_app.domain.figure_log import VIEW_QUIET_MINUTES
from vfo_app.state.who_sees import WhoSeesState as W

_INTRO = ("Deze medewerkers van uw accountantskantoor kunnen uw Visma Financial Overview "
          "openen, omdat zij diensteigenaar of deelnemer zijn van een dienst die het kantoor "
          "voor u uitvoert.")
_LOG_INTRO = (f"Elke keer dat een medewerker van het kantoor uw cijfers bekijkt, exporteert of "
              f"importeert. Wie dezelfde pagina binnen {VIEW_QUIET_MINUTES} minuten opnieuw "
              f"opent, staat er één keer in.")


def _viewers() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Wie heeft toegang"),
        rx.el.p(_INTRO, class_name="muted"),
        rx.cond(
            W.viewers.length() > 0,
            rx.el.div(rx.el.table(
                rx.el.thead(rx.el.tr(rx.el.th("Medewerker"), rx.el.th("Kantoor"),
                                     rx.el.th("Waarom"), rx.el.th("Sinds"),
                                     rx.el.th("Laatst bekeken"))),
                rx.el.tbody(rx.foreach(W.viewers, lambda v: rx.el.tr(
                    rx.el.td(v.name, data_label="Medewerker"),
                    rx.el.td(v.office, data_label="Kantoor"),
                    rx.el.td(rx.foreach(v.reasons, lambda r: rx.el.div(r)), data_label="Waarom"),
                    rx.el.td(v.since, data_label="Sinds"),
                    rx.el.td(rx.cond(v.last_looked != "", v.last_looked, "Nog niet"),
                             data_label="Laatst bekeken"),
                ))),
                class_name="data data-stack", aria_label="Wie heeft toegang"), class_name="table-wrap"),
            rx.el.p("Op dit moment kan geen medewerker van een accountantskantoor uw cijfers "
                    "openen.", class_name="muted"),
        ),
        class_name="card",
    )


def _pager() -> rx.Component:
    return numbered_pager(W.total.to_string() + " keer in totaal", W.page, W.pages,
                          W.previous_page, W.next_page)


def _log() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Wie heeft gekeken"),
        rx.el.p(_LOG_INTRO, class_name="muted"),
        rx.cond(
            W.log.length() > 0,
            rx.el.div(
                rx.el.div(rx.el.table(
                    rx.el.thead(rx.el.tr(rx.el.th("Wanneer"), rx.el.th("Wie"),
                                         rx.el.th("Kantoor"), rx.el.th("Wat"),
                                         rx.el.th("Onderdeel"))),
                    rx.el.tbody(rx.foreach(W.log, lambda r: rx.el.tr(
                        rx.el.td(r.at, data_label="Wanneer"),
                        rx.el.td(r.who, data_label="Wie"),
                        rx.el.td(r.office, data_label="Kantoor"),
                        rx.el.td(r.kind_label, data_label="Wat"),
                        rx.el.td(r.what, data_label="Onderdeel"),
                    ))),
                    class_name="data data-stack", aria_label="Wie heeft gekeken"), class_name="table-wrap"),
                _pager(),
            ),
            rx.el.p("Nog niemand van een accountantskantoor heeft uw cijfers bekeken.",
                    class_name="muted"),
        ),
        class_name="card",
    )


def who_sees_page() -> rx.Component:
    return page(
        "Wie kan onze cijfers zien",
        rx.cond(
            W.error != "",
            rx.el.div(W.error, class_name="banner banner-error", role="alert"),
            rx.el.div(
                rx.cond(W.company_options.length() > 1,
                        rx.el.div(select_field("Bedrijf", "bedrijf", W.company_options,
                                               default=W.company_id.to_string(),
                                               on_change=W.choose_company,
                                               field_id="who-company",
                                               key=W.company_id.to_string()),
                                  class_name="toolbar"),
                        rx.el.p(rx.el.strong(W.company_name))),
                _viewers(),
                _log(),
            ),
        ),
    )
