"""Client tab Samenwerkingen: the product catalogue, the wizard "Service activeren",
pending requests and the collaborations' history."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.dialogs import confirm_button, dialog_content
from vfo_app.components.forms import (
    buttons,
    primary_button,
    secondary_button,
    section,
    select_field,
    text_field,
)
from vfo_app.domain.online.collaborations import REQUIRED_CLIENT_DATA, CardAction
from vfo_app.state.client_collaborations import CollaborationsState as S

_ACTIVATE_INFO = (
    "Bij Activeren zoekt Visma Advisor het bedrijf van de klant op KvK-nummer. Gebruikt het "
    "bedrijf de dienst al, dan stuurt u de klant een verzoek dat een beheerder goedkeurt. Is het "
    "bedrijf al klant maar gebruikt het de dienst nog niet, of is het nog geen klant, dan wordt "
    "de samenwerking direct ingeschakeld."
)


def _action(card: rx.Var) -> rx.Component:
    # Activeren is the trigger of the card's wizard dialog (see _card), so focus returns there
    activate = rx.el.form(
        rx.cond(
            card.variants.length() > 0,
            select_field("Versie", "product", card.variants, field_id="versie"),
            rx.el.input(type="hidden", name="product", value=card.product),
        ),
        rx.el.input(type="hidden", name="card", value=card.product),
        rx.dialog.trigger(primary_button("Activeren", type="submit")),
        on_submit=S.open_wizard,
        class_name="card-action",
    )
    end = confirm_button(
        "Samenwerking beëindigen",
        "Samenwerking beëindigen?",
        "Uw kantoor verliest de toegang tot de gegevens van de klant in dit product.",
        "Ja, beëindigen",
        S.end(card.collaboration_id),
    )
    start = rx.el.div(
        rx.cond(card.start_href != "",
                rx.el.a("Service starten", href=card.start_href, class_name="btn btn-primary"),
                rx.el.span("Actief in de omgeving van het product", class_name="muted")),
        end,
        class_name="card-action",
    )
    return rx.match(
        card.action,
        (CardAction.ACTIVATE.value, activate),
        (CardAction.START.value, start),
        rx.el.span("Wacht op goedkeuring van de klant", class_name="muted"),
    )


def _card(card: rx.Var) -> rx.Component:
    """The card inside its wizard's dialog root: the dialog stays open for its last step when
    Activeren has made way for the card's new state, and its forms are not inside the
    card's form (they would submit that one too)."""
    return rx.dialog.root(_card_body(card), _wizard(),
                          open=(S.step > 0) & (S.wizard_card == card.product),
                          on_open_change=S.wizard_open_change)


def _card_body(card: rx.Var) -> rx.Component:
    return rx.el.article(
        rx.el.div(rx.el.h2(card.name),
                  rx.el.span(card.state_label,
                             class_name=rx.cond(card.active,
                                                "pill pill-ok state-pill", "pill state-pill")),
                  class_name="card-head"),
        rx.el.p(card.description),
        rx.el.ul(rx.foreach(card.bullets, lambda b: rx.el.li(b)), class_name="bullets"),
        rx.el.details(rx.el.summary("Lees meer"), rx.el.p(_ACTIVATE_INFO, class_name="muted")),
        rx.cond(card.active_product_name != "",
                rx.el.p("Service: ", card.active_product_name, class_name="muted"),
                rx.fragment()),
        _action(card),
        class_name="card product-card",
        aria_label=card.name,
    )


def _pending(req: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.el.span("Verzoek verzonden voor ", rx.el.strong(req.product),
                   "; verloopt op ", req.expires, "."),
        rx.el.button("Opnieuw verzenden", type="button", class_name="btn btn-secondary",
                     on_click=S.resend(req.id)),
        confirm_button("Verzoek intrekken", "Verzoek intrekken?",
                 "De klant kan het verzoek daarna niet meer goedkeuren; om de dienst alsnog "
                 "te gebruiken stuurt u een nieuw verzoek.",
                 "Ja, intrekken", S.withdraw(req.id)),
        class_name="pending-row",
    )


def _history() -> rx.Component:
    return rx.el.section(
        rx.el.h2("Geschiedenis"),
        rx.cond(
            S.history.length() > 0,
            rx.el.div(rx.el.table(
                rx.el.thead(rx.el.tr(rx.el.th("Datum"), rx.el.th("Stap"), rx.el.th("Service"),
                                     rx.el.th("Door"))),
                rx.el.tbody(rx.foreach(S.history, lambda h: rx.el.tr(
                    rx.el.td(h.at), rx.el.td(h.step), rx.el.td(h.product),
                    rx.el.td(h.by)))),
                class_name="data"), class_name="table-wrap", role="region",
                aria_label="Geschiedenis", tab_index=0),
            rx.el.p("Nog geen samenwerkingen gestart.", class_name="muted"),
        ),
        class_name="card",
    )


# --- the wizard -----------------------------------------------------------------------------


def _missing_fields() -> rx.Component:
    fields = [
        rx.cond(S.missing.contains(key),
                text_field(label, key, required=True, error=S.errors[key],
                           field_id=f"wiz-{key}",
                           type_="email" if key == "contact_email" else "text"),
                rx.fragment())
        for key, label in REQUIRED_CLIENT_DATA.items()
    ]
    return rx.cond(
        S.missing.length() > 0,
        rx.el.div(
            rx.el.p("Er ontbreken gegevens over de klant. Vul het formulier volledig in, zodat u "
                    "daarna de service kunt activeren.", class_name="banner banner-error",
                    role="alert"),
            section("Klantgegevens", *fields),
        ),
        rx.fragment(),
    )


def _readonly(label: str, field_id: str, value: rx.Var) -> rx.Component:
    """Shown, not chosen here: the service comes from the card, the contact from the client."""
    return rx.el.div(
        rx.el.label(label, html_for=field_id, class_name="field-label"),
        # read-only: looks it (overlays.css) and is left out of the tab order, so the dialog's
        # focus starts on the first choice
        rx.el.input(id=field_id, name=field_id, value=value, read_only=True, tab_index=-1,
                    class_name="input"),
        class_name="field",
    )


def _step1() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            _readonly("Service", "wiz-service-name", S.product_name),
            select_field("Dienst", "client_service_id", S.service_options, required=True,
                         placeholder="Kies een dienst", error=S.errors["client_service_id"],
                         field_id="wiz-dienst"),
            _readonly("Contactpersoon", "wiz-contact", S.contact_name),
            _readonly("E-mail (contactpersoon)", "wiz-contact-email", S.contact_email),
            class_name="grid grid-2",
        ),
        rx.cond(S.service_options.length() == 0,
                rx.el.p("Deze klant heeft nog geen dienst. Voeg eerst een dienst toe op het "
                        "tabblad Diensten.", class_name="banner banner-error"), rx.fragment()),
        _missing_fields(),
        buttons(primary_button("Volgende", type="submit"),
                secondary_button("Annuleren", on_click=S.cancel)),
        on_submit=S.next_step,
        key=S.form_key,
    )


def _terms() -> rx.Component:
    return rx.cond(
        S.preview.paid,
        rx.el.div(
            select_field("Ontvanger facturen", "invoice_recipient",
                         [("kantoor", "Uw kantoor"), ("klant", "De klant")], required=True,
                         placeholder="Kies de ontvanger", error=S.errors["invoice_recipient"],
                         field_id="wiz-invoice"),
            rx.cond(S.preview.subscription_running,
                    rx.el.p("Vanaf de volgende overeenkomstperiode wordt de nieuwe "
                            "factuurontvanger gebruikt.", class_name="muted"), rx.fragment()),
            select_field("Duur overeenkomst", "duration_months",
                         [("1", "1 maand"), ("12", "12 maanden")], required=True,
                         placeholder="Kies de duur", error=S.errors["duration_months"],
                         field_id="wiz-duration"),
            rx.el.p(rx.el.strong("Prijs: "), "Op basis van actuele prijslijst",
                    rx.cond(S.preview.price != "", rx.el.span(" (", S.preview.price, ")"),
                            rx.fragment())),
            rx.el.a("Lees de algemene voorwaarden voor Visma Financial Overview>>",
                    href=routes.TERMS, target="_blank"),
            class_name="grid grid-1",
        ),
        rx.el.p("Visma Financial Overview Starter is gratis: er zijn geen factuur- of "
                "looptijdkeuzes.", class_name="muted"),
    )


def _step2() -> rx.Component:
    return rx.el.form(
        rx.el.h3("Samenwerkdienst inschakelen - stap 2"),
        rx.el.dl(
            rx.el.dt("Bedrijfsnaam:"), rx.el.dd(S.preview.company_name),
            rx.el.dt("KvK-nr.:"), rx.el.dd(S.preview.kvk_number),
            rx.el.dt("Dienst:"), rx.el.dd(S.preview.product_name),
            class_name="kv",
        ),
        rx.el.p(S.preview.situation_text, class_name="banner banner-info"),
        _terms(),
        rx.cond(
            S.preview.needs_company_email,
            section("Verplichte contactgegevens Bedrijf (intern gebruik)",
                    text_field("E-mailadres bedrijf", "company_email", required=True,
                               type_="email", error=S.errors["company_email"],
                               field_id="wiz-company-email")),
            rx.fragment(),
        ),
        rx.cond(S.errors["client_service_id"] | S.errors["address"] | S.errors["state"],
                rx.el.p("De gegevens zijn intussen gewijzigd. Begin opnieuw met Activeren.",
                        class_name="banner banner-error"), rx.fragment()),
        buttons(
            primary_button(rx.cond(S.preview.is_request, "Verzend verzoek",
                                   "Schakel samenwerking in"), type="submit"),
            secondary_button("Annuleren", on_click=S.cancel),
        ),
        on_submit=S.confirm,
        key=S.form_key,
    )


def _step3() -> rx.Component:
    return rx.el.div(
        rx.el.h3(S.result_title),
        rx.el.dl(
            rx.el.dt("Bedrijfsnaam:"), rx.el.dd(S.preview.company_name),
            rx.el.dt("KvK-nr.:"), rx.el.dd(S.preview.kvk_number),
            rx.el.dt("Dienst:"), rx.el.dd(S.preview.product_name),
            class_name="kv",
        ),
        rx.el.p(S.result_text, class_name="banner banner-ok", role="status"),
        buttons(primary_button("Sluiten", type="button", on_click=S.cancel)),
    )


def _wizard() -> rx.Component:
    """One title per step: "Service activeren", then "Schakel samenwerkdienst in"."""
    return dialog_content(
        rx.match(S.step, (1, "Service activeren"), "Schakel samenwerkdienst in"),
        rx.match(S.step, (1, _step1()), (2, _step2()), _step3()),
        wide=True,
    )


def collaborations_tab() -> rx.Component:
    return rx.el.div(
        rx.cond(S.pending.length() > 0,
                rx.el.section(rx.el.h2("Openstaande verzoeken"),
                              rx.el.ul(rx.foreach(S.pending, _pending), class_name="list-plain"),
                              class_name="card"),
                rx.fragment()),
        rx.el.div(rx.foreach(S.cards, _card), class_name="product-grid"),
        _history(),
    )
