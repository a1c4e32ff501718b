"""Rapportages: the office's pages (a client's packs, one pack to compose and publish, the
packs to review, the schedule) and the company's (published packs, one pack on a phone)."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.dialogs import confirm_button
from vfo_app.components.downloads import download_button, downloads
from vfo_app.components.forms import select_field
from vfo_app.components.layout import back_link, page
from vfo_app.components.tables import scroll_region
from vfo_app.domain.reports import parts as P
from vfo_app.domain.reports import schedule as schedules
from vfo_app.state.report_packs import (
    PLACEHOLDER_HELP,
    ChangeLine,
    ClientPacksState,
    CompanyPacksState,
    CompanyPackState,
    HistoryMessage,
    HistoryThread,
    PackLine,
    PackScheduleState,
    PacksReviewState,
    PackState,
    PartView,
)

PERIOD_OPTIONS = [(k, v) for k, v in P.PERIOD_KINDS.items()]
# inline styles: the tables' own rule (table.data th, td: nowrap; th bold) outranks a class
PLAIN, BOLD = {"fontWeight": "400"}, {"fontWeight": "700"}
PLAIN_LABEL = {**PLAIN, "whiteSpace": "normal", "minWidth": "9em"}
BOLD_LABEL = {**BOLD, "whiteSpace": "normal", "minWidth": "9em"}


def _error(message) -> rx.Component:
    return rx.cond(message != "", rx.el.p(message, class_name="banner banner-error",
                                          role="alert"), rx.fragment())


def _field_error(errors, name: str) -> rx.Component:
    return rx.cond(errors.contains(name),
                   rx.el.p(errors[name], id=f"f-{name}-error", class_name="field-error",
                           role="alert"), rx.fragment())


# --- a part, as read ----------------------------------------------------------------------------


def _part_table(part: PartView) -> rx.Component:
    """A part's lines: a table on a wide screen; on a phone a card per line, the label on top
    and its figures labelled with their column below it, two beside each other (app.css,
    table.pack-cards), so no column is cut off."""
    return scroll_region(rx.el.table(
        rx.el.caption(part.title, class_name="sr-only"),
        rx.el.thead(rx.el.tr(
            rx.el.th("Omschrijving", scope="col"),
            rx.foreach(part.columns, lambda c: rx.el.th(c, scope="col", class_name="num")))),
        rx.el.tbody(rx.foreach(part.rows, lambda r: rx.el.tr(
            # the label wraps on a phone, so the first figure stays in view beside it
            rx.cond(r.kind == "row",
                    rx.el.th(r.label, scope="row", custom_attrs={"style": PLAIN_LABEL}),
                    rx.el.th(r.label, scope="row", custom_attrs={"style": BOLD_LABEL})),
            rx.foreach(r.cells, lambda c, i: rx.cond(
                r.kind == "row",
                rx.el.td(c, class_name="num", data_label=part.columns[i],
                         custom_attrs={"style": PLAIN}),
                rx.el.td(c, class_name="num", data_label=part.columns[i],
                         custom_attrs={"style": BOLD}))),
        ))),
        class_name="data pack-cards"), part.title)


def part_section(part: PartView) -> rx.Component:
    return rx.el.section(
        rx.el.h2(part.title),
        rx.cond(part.rows.length() > 0, _part_table(part), rx.fragment()),
        rx.cond(part.lines.length() > 0,
                rx.el.div(rx.foreach(part.lines, lambda line: rx.el.p(line,
                                                                      class_name="pack-text"))),
                rx.fragment()),
        rx.cond(part.note != "", rx.el.p(part.note, class_name="muted"), rx.fragment()),
        rx.cond((part.rows.length() == 0) & (part.lines.length() == 0) & (part.note == ""),
                rx.el.p("Nog geen tekst.", class_name="muted"), rx.fragment()),
        class_name="card pack-part",
    )


def changes_notice(title, changes) -> rx.Component:
    """The changed lines (was, nu, verschil): a table on a wide screen; on a phone a card per
    line, its three amounts labelled side by side (app.css, table.pack-cards)."""
    def row(c: ChangeLine) -> rx.Component:
        return rx.el.tr(rx.el.th(c.label, rx.el.span(" · ", c.part, class_name="muted"),
                                 scope="row", custom_attrs={"style": PLAIN_LABEL}),
                        rx.el.td(c.old, class_name="num", data_label="Was"),
                        rx.el.td(c.new, class_name="num", data_label="Nu"),
                        rx.el.td(c.difference, class_name="num", data_label="Verschil"))

    return rx.cond(
        changes.length() > 0,
        rx.el.section(
            rx.el.h2(title),
            scroll_region(rx.el.table(
                rx.el.caption("Gewijzigde regels", class_name="sr-only"),
                rx.el.thead(rx.el.tr(
                    rx.el.th("Regel", scope="col"), rx.el.th("Was", scope="col", class_name="num"),
                    rx.el.th("Nu", scope="col", class_name="num"),
                    rx.el.th("Verschil", scope="col", class_name="num"))),
                rx.el.tbody(rx.foreach(changes, row)), class_name="data pack-cards pack-changes-table"),
                "Gewijzigde regels"),
            class_name="card banner-warning pack-changes", role="status"),
        rx.fragment())


def questions_history(threads) -> rx.Component:
    """Vragen over deze periode: the questions asked on figures of the pack's period, each with
    its figure and month, who asked and answered and when, the answer or "Nog niet
    beantwoord" (domain: reports.packs.office_history / published_history)."""
    def message(m: HistoryMessage) -> rx.Component:
        return rx.el.li(
            rx.el.p(rx.el.strong(m.who), rx.el.span(" · ", m.at, class_name="muted"),
                    class_name="pack-q-who"),
            rx.el.p(m.text, class_name="pack-q-text"),
            class_name=rx.cond(m.from_office, "pack-q pack-q-answer", "pack-q"))

    def thread(t: HistoryThread) -> rx.Component:
        return rx.el.article(
            rx.el.h3(t.figure, rx.el.span(" · ", t.period, class_name="muted"),
                     class_name="pack-q-figure"),
            rx.el.ul(rx.foreach(t.messages, message), class_name="pack-q-list"),
            rx.cond(t.waiting, rx.el.p("Nog niet beantwoord", class_name="pill"),
                    rx.fragment()),
            class_name="pack-q-thread")

    return rx.el.section(
        rx.el.h2("Vragen over deze periode", id="pack-questions-title"),
        rx.cond(threads.length() > 0, rx.foreach(threads, thread),
                rx.el.p("Over de cijfers van deze periode zijn geen vragen gesteld.",
                        class_name="muted")),
        class_name="card pack-questions", aria_labelledby="pack-questions-title")


def _back(known, text: str, href) -> rx.Component:
    """The way back, once the page's own id is known: built from an id the state does not have
    yet, it would lead to record 0 ("geen toegang")."""
    return rx.cond(known, back_link(text, href), rx.fragment())


def _pack_list(rows, empty: str) -> rx.Component:
    def row(r: PackLine) -> rx.Component:
        return rx.el.tr(rx.el.td(rx.el.a(r.title, href=r.href)), rx.el.td(r.client),
                        rx.el.td(r.status), rx.el.td(r.published))

    return rx.fragment(
        rx.cond(rows.length() > 0, scroll_region(rx.el.table(
            rx.el.caption("Rapportages", class_name="sr-only"),
            rx.el.thead(rx.el.tr(rx.el.th("Rapportage", scope="col"),
                                 rx.el.th("Klant", scope="col"),
                                 rx.el.th("Status", scope="col"),
                                 rx.el.th("Gepubliceerd", scope="col"))),
            rx.el.tbody(rx.foreach(rows, row)), class_name="data"), "Rapportages"),
            rx.el.p(empty, class_name="muted empty")))


# --- the office ---------------------------------------------------------------------------------


def client_packs_page() -> rx.Component:
    S = ClientPacksState
    return page(
        "Rapportages",
        rx.el.p(S.client_name, class_name="muted"),
        _error(S.error),
        rx.cond(S.error == "", rx.fragment(
            rx.el.form(
                rx.el.h2("Nieuwe rapportage"),
                rx.el.div(
                    select_field("Soort", "period_kind", PERIOD_OPTIONS, default=P.MONTH,
                                 error=S.errors.get("period_kind", "")),
                    select_field("Periode t/m", "period", S.periods,
                                 error=S.errors.get("month", ""), required=True),
                    class_name="grid grid-2"),
                _field_error(S.errors, "year"),
                rx.el.div(rx.el.button("Rapportage maken", type="submit",
                                       class_name="btn btn-primary"), class_name="form-buttons"),
                on_submit=S.create, class_name="card"),
            _pack_list(S.rows, "Er zijn nog geen rapportages voor deze klant."),
        ), rx.fragment()),
        back=_back(S.client_id > 0, "Terug naar Financial Overview",
                   routes.financial_overview_url(S.client_id)),
    )


def _choice(c) -> rx.Component:
    field_id = "part-" + c.key
    return rx.el.div(
        rx.el.input(type="checkbox", id=field_id, checked=c.chosen,
                    on_change=PackState.toggle_part(c.key), class_name="checkbox"),
        rx.el.label(c.title, html_for=field_id), class_name="field field-check")


def pack_page() -> rx.Component:
    S = PackState
    return page(
        S.title,
        rx.el.p(S.client_name, " · ",
                rx.cond(S.versions > 0,
                        rx.el.span("Gepubliceerd op ", S.published_at, " (versie ",
                                   S.versions.to_string(), ")"),
                        rx.el.span("Concept: alleen zichtbaar voor uw kantoor")),
                class_name="muted"),
        _error(S.error),
        rx.cond(S.pack_id > 0, rx.fragment(
            changes_notice("Deze cijfers zijn gewijzigd sinds de laatste publicatie",
                           S.changes),
            rx.el.div(
                rx.el.fieldset(
                    rx.el.legend("Onderdelen", class_name="section-title"),
                    rx.el.div(rx.foreach(S.choices, _choice), class_name="grid grid-2"),
                    _field_error(S.errors, "parts"),
                    class_name="section"),
                rx.el.div(
                    rx.el.label("Inleiding", html_for="f-introduction", class_name="field-label"),
                    rx.el.textarea(id="f-introduction", default_value=S.introduction,
                                   on_change=S.set_introduction.debounce(300), rows=3,
                                   class_name="input", key=S.form_key.to_string() + "i",
                                   aria_describedby="pack-help"),
                    _field_error(S.errors, "introduction"), class_name="field"),
                rx.el.div(
                    rx.el.label("Tekst van de toelichting", html_for="f-text",
                                class_name="field-label"),
                    rx.el.textarea(id="f-text", default_value=S.text,
                                   on_change=S.set_text.debounce(300), rows=6,
                                   class_name="input", key=S.form_key.to_string() + "t",
                                   aria_describedby="pack-help"),
                    _field_error(S.errors, "text"), class_name="field"),
                rx.el.p(PLACEHOLDER_HELP, id="pack-help", class_name="muted"),
                rx.el.div(
                    rx.el.button("Bewaren", type="button", on_click=S.save,
                                 class_name="btn btn-secondary"),
                    rx.el.button("Samenvatting uit de observaties", type="button",
                                 on_click=S.fill_summary, class_name="btn btn-secondary"),
                    confirm_button(
                        "Publiceren", "Rapportage publiceren?",
                        "De cijfers worden vastgelegd zoals ze nu zijn. De gebruikers van de "
                        "klant met Financial Overview zien deze versie en krijgen een e-mail.",
                        "Publiceren", S.publish, trigger_class="btn btn-primary"),
                    rx.cond(S.saved != "", rx.el.span(S.saved, class_name="muted",
                                                      role="status"), rx.fragment()),
                    class_name="form-buttons"),
                class_name="card"),
            rx.cond(S.versions > 0, downloads(
                download_button("Download PDF", "laatst gepubliceerde versie",
                                S.download("pdf")),
                download_button("Download Excel", "laatst gepubliceerde versie",
                                S.download("xlsx"))), rx.fragment()),
            rx.el.h2("Voorbeeld met de cijfers van nu"),
            rx.cond(S.intro_shown != "", rx.el.p(S.intro_shown, class_name="pack-text"),
                    rx.fragment()),
            rx.foreach(S.parts, part_section),
            questions_history(S.questions),
        ), rx.fragment()),
        back=_back(S.client_id > 0, "Terug naar Rapportages",
                   routes.client_packs_url(S.client_id)),
    )


def packs_review_page() -> rx.Component:
    S = PacksReviewState
    return page(
        "Rapportages",
        rx.el.p("Rapportages van de klanten die u bedient die op u wachten: concepten om na "
                "te kijken en te publiceren, en gepubliceerde rapportages waarvan de cijfers "
                "sindsdien zijn gewijzigd.", class_name="muted"),
        rx.el.div(rx.el.a("Schema van het kantoor", href=routes.SETTINGS_PACKS,
                          class_name="btn btn-secondary"), class_name="toolbar"),
        _error(S.error),
        _pack_list(S.rows, "Er wachten geen rapportages op u."),
    )


def pack_schedule_page() -> rx.Component:
    S = PackScheduleState
    kinds = [(k, P.PERIOD_KINDS[k]) for k in schedules.SCHEDULED_KINDS]
    return page(
        "Rapportages: schema",
        rx.el.p("Elke periode maakt het systeem voor elke klant met Visma Financial Overview "
                "een concept volgens dit sjabloon. De diensteigenaar kijkt het na en "
                "publiceert het.", class_name="muted"),
        rx.el.form(
            rx.el.fieldset(
                rx.el.div(
                    rx.el.input(type="checkbox", id="f-active", name="active",
                                default_checked=S.active, class_name="checkbox"),
                    rx.el.label("Concepten automatisch maken", html_for="f-active"),
                    class_name="field field-check"),
                rx.el.div(
                    select_field("Periode", "period_kind", kinds, default=S.period_kind,
                                 error=S.errors.get("period_kind", "")),
                    rx.el.div(
                        rx.el.label("Dagen na einde periode", html_for="f-days_after",
                                    class_name="field-label"),
                        rx.el.input(id="f-days_after", name="days_after", type="text",
                                    input_mode="numeric", default_value=S.days_after,
                                    class_name="input"),
                        _field_error(S.errors, "days_after"), class_name="field"),
                    class_name="grid grid-2"),
                rx.el.fieldset(
                    rx.el.legend("Onderdelen", class_name="section-title"),
                    rx.el.div(rx.foreach(S.choices, lambda c: rx.el.div(
                        rx.el.input(type="checkbox", id="s-part-" + c.key, name="part-" + c.key,
                                    default_checked=c.chosen, class_name="checkbox"),
                        rx.el.label(c.title, html_for="s-part-" + c.key),
                        class_name="field field-check")), class_name="grid grid-2"),
                    _field_error(S.errors, "parts"), class_name="section"),
                rx.el.div(
                    rx.el.label("Inleiding", html_for="f-s-introduction", class_name="field-label"),
                    rx.el.textarea(id="f-s-introduction", name="introduction",
                                   default_value=S.introduction, rows=3, class_name="input"),
                    _field_error(S.errors, "introduction"), class_name="field"),
                rx.el.div(
                    rx.el.input(type="checkbox", id="f-attach_pdf", name="attach_pdf",
                                default_checked=S.attach_pdf, class_name="checkbox"),
                    rx.el.label("PDF meesturen met de e-mail", html_for="f-attach_pdf"),
                    class_name="field field-check"),
                disabled=~S.may_change, class_name="section", key=S.form_key.to_string()),
            rx.cond(S.may_change,
                    rx.el.div(rx.el.button("Bewaren", type="submit", class_name="btn btn-primary"),
                              class_name="form-buttons"),
                    rx.el.p("Alleen beheerders van het kantoor wijzigen het schema.",
                            class_name="muted")),
            on_submit=S.save, class_name="card"),
        back=back_link("Terug naar Rapportages", routes.PACKS_REVIEW),
    )


# --- the company's users ------------------------------------------------------------------------


def company_packs_page() -> rx.Component:
    S = CompanyPacksState
    return page(
        "Rapportages",
        rx.el.p("De rapportages die uw accountant voor u heeft gepubliceerd, de nieuwste "
                "eerst.", class_name="muted"),
        _error(S.error),
        rx.el.ul(rx.foreach(S.rows, lambda r: rx.el.li(
            rx.el.a(r.title, href=r.href), rx.el.br(),
            rx.el.span("Gepubliceerd op ", r.published,
                       rx.cond(r.version > 1, " (versie " + r.version.to_string() + ")", ""),
                       class_name="muted"),
            rx.cond(r.restated, rx.el.p("De cijfers zijn sindsdien gewijzigd.",
                                        class_name="pill"), rx.fragment()),
            class_name="card")), style={"listStyle": "none", "padding": 0}),
        rx.cond((S.rows.length() == 0) & (S.error == ""),
                rx.el.p("Uw accountant heeft nog geen rapportage gepubliceerd.",
                        class_name="muted empty"), rx.fragment()),
        back=_back(S.company_id > 0, "Terug naar Financial Overview",
                   routes.company_overview_url(S.company_id)),
    )


def company_pack_page() -> rx.Component:
    S = CompanyPackState
    return page(
        rx.cond(S.title != "", S.title, "Rapportage"),
        _error(S.error),
        rx.cond(S.title != "", rx.fragment(
            rx.el.p(S.office_name, " · gepubliceerd op ", S.published,
                    rx.cond(S.version > 1, " · versie " + S.version.to_string(), ""),
                    class_name="muted"),
            changes_notice(S.restatement, S.changes),
            downloads(download_button("Download PDF", "deze rapportage", S.download("pdf")),
                      download_button("Download Excel", "deze rapportage", S.download("xlsx"))),
            rx.cond(S.introduction != "", rx.el.p(S.introduction, class_name="pack-text"),
                    rx.fragment()),
            rx.foreach(S.parts, part_section),
            questions_history(S.questions),
        ), rx.fragment()),
        back=_back(S.company_id > 0, "Terug naar Rapportages",
                   routes.company_packs_url(S.company_id)),
    )
