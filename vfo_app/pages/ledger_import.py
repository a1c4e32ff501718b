"""Gegevens bijwerken: the accountant imports an auditfile for a client's Financial Overview."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.layout import page
from vfo_app.state.ledger_import import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, UNCHANGED, UPLOAD_ID
from vfo_app.state.ledger_import import LedgerImportState as S

ACCEPT = {"application/xml": [".xaf", ".xml"], "text/xml": [".xaf", ".xml"]}


def _file_input() -> rx.Component:
    # react-dropzone renders the <input type=file> without an id, so the <label> wraps it.
    return rx.el.label(
        rx.el.span("Auditfile (XAF)", class_name="field-label"),
        rx.upload.root(
            rx.el.span(rx.el.strong("Kies een bestand"), " of sleep het hierheen",
                       class_name="dropzone-text"),
            rx.el.span(rx.cond(rx.selected_files(UPLOAD_ID).length() > 0,
                               rx.selected_files(UPLOAD_ID).join(", "),
                               "Nog geen bestand gekozen"),
                       class_name="dropzone-file"),
            id=UPLOAD_ID, multiple=False, max_files=1, max_size=MAX_UPLOAD_BYTES,
            accept=ACCEPT, no_click=True, disabled=S.busy, on_drop_rejected=S.rejected,
            class_name="dropzone",
        ),
        class_name="field upload-field",
    )


def _upload_card() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Auditfile inlezen"),
        rx.el.p("Exporteer een XML Auditfile Financieel (versie 4.0, 3.2 of 3.1, of CLAIR 2.00) "
                "uit AccountView, eAccounting, Exact, Twinfield of een ander pakket. Een "
                "boekjaar dat al is "
                f"ingelezen wordt in zijn geheel vervangen. Hoogstens {MAX_UPLOAD_MB} MB.",
                class_name="muted"),
        _file_input(),
        rx.el.div(
            rx.el.button(
                rx.cond(S.busy, "Bezig met inlezen…", "Inlezen"),
                type="button", class_name="btn btn-primary",
                disabled=S.busy | (rx.selected_files(UPLOAD_ID).length() == 0),
                on_click=S.receive(rx.upload_files_chunk(upload_id=UPLOAD_ID)),
            ),
            class_name="form-buttons",
        ),
        rx.cond(S.refused != "",
                rx.el.p(S.refused, class_name="banner banner-error", role="alert"),
                rx.fragment()),
        _progress(),
        class_name="card",
    )


def _progress() -> rx.Component:
    return rx.cond(
        S.phase != "",
        rx.el.div(
            rx.el.label("Voortgang van de import", html_for="import-progress",
                        class_name="field-label"),
            rx.cond(S.phase == "ontvangen",
                    rx.el.progress(id="import-progress", max=100),  # size unknown: indeterminate
                    rx.el.progress(S.percent.to_string() + "%", id="import-progress",
                                   value=S.percent, max=100)),
            rx.el.p(S.progress_text, class_name="muted", aria_live="polite"),
            class_name="field import-progress",
        ),
        rx.fragment(),
    )


_CHECK_MARK = {"ok": "In orde", "warning": "Let op", "error": "Fout"}


def _checks() -> rx.Component:
    return rx.cond(
        S.checks.length() > 0,
        rx.el.div(
            rx.el.h3("Controles"),
            rx.el.ul(rx.foreach(S.checks, lambda c: rx.el.li(
                rx.el.span(rx.match(c.status, *_CHECK_MARK.items(), c.status),
                           class_name="check-status check-" + c.status),
                " ", c.message, data_code=c.code))),
            class_name="import-checks"),
        rx.fragment())


def _question() -> rx.Component:
    """Another company's file: nothing is imported until the accountant says so."""
    return rx.el.div(
        rx.el.p(rx.el.strong(S.confirm_question)),
        rx.el.p("Er is nog niets ingelezen; de klant ziet niets van dit bestand.",
                class_name="muted"),
        rx.el.div(
            rx.el.button("Toch inlezen", type="button", class_name="btn btn-primary",
                         on_click=S.accept_other_company, disabled=S.busy),
            rx.el.button("Annuleren", type="button", class_name="btn btn-secondary",
                         on_click=S.cancel_other_company, disabled=S.busy),
            class_name="form-buttons"),
        class_name="banner banner-warning", role="alertdialog",
        aria_label="Bestand van een ander bedrijf")


def _report() -> rx.Component:
    rows = rx.el.dl(rx.foreach(S.report_rows, lambda r: rx.fragment(
        rx.el.dt(r.label), rx.el.dd(r.value))), class_name="kv")
    warnings = rx.cond(
        S.warnings.length() > 0,
        rx.el.div(rx.el.h3("Waarschuwingen"),
                  rx.el.ul(rx.foreach(S.warnings, lambda w: rx.el.li(w))),
                  class_name="banner banner-info"),
        rx.fragment())
    errors = rx.el.div(
        rx.el.p(rx.el.strong(UNCHANGED)),
        rx.el.ul(rx.foreach(S.problems, lambda e: rx.el.li(
            e.what, rx.cond(e.where != "", rx.el.span(" (", e.where, ")"),
                               rx.fragment())))),
        class_name="banner banner-error", role="alert")
    return rx.cond(
        S.has_report,
        rx.el.section(
            rx.el.h2("Importverslag"),
            rx.cond(S.report_ok,
                    rx.el.p("De auditfile is ingelezen.", class_name="banner banner-ok",
                            role="status"),
                    rx.cond(S.confirm_question != "", _question(), errors)),
            rows, _checks(), warnings,
            rx.cond(S.report_ok,
                    rx.el.a("Naar het dashboard", href=S.report_href, class_name="btn "
                            "btn-secondary"), rx.fragment()),
            class_name="card import-report", aria_label="Importverslag",
        ),
        rx.fragment(),
    )


def _years() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Ingelezen boekjaren"),
        rx.cond(
            S.years.length() > 0,
            rx.el.div(rx.el.table(
                rx.el.thead(rx.el.tr(*[rx.el.th(h, scope="col", class_name=c) for h, c in (
                    ("Boekjaar", ""), ("Periode", "hide-mobile"), ("Bestand", "hide-mobile"),
                    ("Regels", "num"), ("Ingelezen door", ""), ("Ingelezen op", ""),
                    ("", ""))])),
                rx.el.tbody(rx.foreach(S.years, lambda y: rx.el.tr(
                    rx.el.td(y.year, data_label="Boekjaar"),
                    rx.el.td(y.period, class_name="hide-mobile"),
                    rx.el.td(y.file, class_name="hide-mobile file-cell"),
                    rx.el.td(y.lines, class_name="num", data_label="Regels"),
                    rx.el.td(y.by, data_label="Door"),
                    rx.el.td(y.at, data_label="Op"),
                    rx.el.td(rx.el.a("Rekeningen", href=y.href,
                                     aria_label="Rekeningen van " + y.year)),
                ))),
                class_name="data data-cards"), class_name="table-wrap"),
            rx.el.p("Er zijn nog geen cijfers ingelezen voor deze klant.", class_name="muted"),
        ),
        class_name="card",
    )


def ledger_import_page() -> rx.Component:
    return page(
        rx.cond(S.client_name != "", "Gegevens bijwerken – " + S.client_name,
                "Gegevens bijwerken"),
        rx.cond(
            S.allowed,
            rx.el.div(_upload_card(), _report(), _years(), class_name="gegevens"),
            rx.cond(
                S.checked,
                rx.el.div(rx.el.p(S.reason, class_name="banner banner-error", role="alert"),
                          rx.el.a("Terug naar Klanten", href=routes.CLIENTS)),
                rx.el.p("Laden…", class_name="muted"),
            ),
        ),
        actions=rx.cond(S.allowed, rx.el.a("Dashboard", href=S.overview_href,
                                           class_name="btn btn-secondary"), rx.fragment()),
    )
