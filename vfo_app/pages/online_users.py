"""Online > Bedrijven and a company's Gebruikers, with "Maak gebruiker aan" and its dialogs."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.dialogs import confirm_button, modal
from vfo_app.components.forms import (
    buttons,
    checkbox_field,
    form_error_banner,
    primary_button,
    secondary_button,
    select_field,
    text_field,
)
from vfo_app.components.layout import back_link, page
from vfo_app.domain.online.users import NOT_CHECKED, ROLE_EXPLANATION
from vfo_app.state.online_users import CompaniesState
from vfo_app.state.online_users import CompanyUsersState as S
from vfo_app.state.session import CHECK_FIELDS

ROLE_OPTIONS = [("beheerder", "Beheerder"), ("gebruiker", "Gebruiker")]


# --- Bedrijven ---------------------------------------------------------------------------------


def _company_card(company: rx.Var) -> rx.Component:
    return rx.el.article(
        rx.el.div(rx.el.h2(company.name), rx.el.span(company.relation, class_name="pill"),
                  class_name="card-head"),
        rx.el.p("KvK-nr.: ", company.kvk, " · ", company.city, class_name="muted"),
        rx.el.a("Gebruikers", href=company.href, class_name="btn btn-secondary"),
        class_name="card", aria_label=company.name,
    )


def companies_page() -> rx.Component:
    return page(
        "Bedrijven",
        rx.el.p("Selecteer het bedrijf van uw klant en kies Gebruikers.", class_name="muted"),
        rx.cond(
            CompaniesState.companies.length() > 0,
            rx.el.div(rx.foreach(CompaniesState.companies, _company_card),
                      class_name="company-grid"),
            rx.cond(CompaniesState.loaded,
                    rx.el.p("Er zijn geen bedrijven waarvan u de gebruikers beheert. Een "
                            "medewerker beheert de gebruikers van het bedrijf van een klant "
                            "met een actieve samenwerking waarvoor hij diensteigenaar of "
                            "deelnemer is.", class_name="muted"),
                    rx.el.p("Laden…", class_name="muted")),
        ),
    )


# --- Gebruikers --------------------------------------------------------------------------------


def _user_card(user: rx.Var) -> rx.Component:
    return rx.el.article(
        rx.el.div(
            rx.el.h2(user.name),
            rx.el.div(
                rx.cond(user.main, rx.el.span("Hoofdcontactpersoon", class_name="pill pill-ok"),
                        rx.fragment()),
                rx.cond(user.active, rx.fragment(),
                        rx.el.span("Gedeactiveerd", class_name="pill")),
                class_name="pills",
            ),
            class_name="card-head",
        ),
        rx.el.dl(
            rx.el.dt("E-mailadres"),
            rx.el.dd(user.email,
                     rx.cond(user.checked, rx.fragment(),
                             rx.el.div(rx.el.em(NOT_CHECKED), class_name="muted")),
                     rx.cond(user.mail_problem != "",
                             rx.el.div(user.mail_problem, class_name="field-error",
                                       role="alert"),
                             rx.fragment())),
            rx.el.dt("Telefoonnummer"), rx.el.dd(rx.cond(user.phone != "", user.phone, "—")),
            rx.el.dt("Rol in Mijn diensten"), rx.el.dd(user.role_label),
            rx.el.dt("Hoofdcontactpersoon"), rx.el.dd(rx.cond(user.main, "Ja", "Nee")),
            rx.el.dt("Laatst ingelogd"), rx.el.dd(user.last_login),
            rx.el.dt("Diensten"), rx.el.dd(user.services),
            class_name="kv",
        ),
        rx.cond(user.active, _user_actions(user), rx.fragment()),
        class_name="card user-card", aria_label=user.name,
    )


def _user_actions(user: rx.Var) -> rx.Component:
    return buttons(
        modal(secondary_button("Bewerken", aria_label="Bewerken " + user.name),
              user.name, _edit_form(),
              open_=(S.dialog == "edit") & (S.editing.id == user.id),
              on_open_change=lambda open_: S.dialog_open_change(open_, "edit", user.id),
              wide=True),
        # Until the user has activated: afterwards only they change their address (Mijn
        # account) and no activation link is sent any more.
        rx.cond(user.activated, rx.fragment(), rx.fragment(
            modal(secondary_button("Wijzig e-mailadres",
                                   aria_label="Wijzig e-mailadres van " + user.name),
                  "Wijzig e-mailadres", _email_form(),
                  open_=(S.dialog == "email") & (S.editing.id == user.id),
                  on_open_change=lambda open_: S.dialog_open_change(open_, "email", user.id)),
            secondary_button("Activatie-e-mail opnieuw versturen", on_click=S.resend(user.id),
                             aria_label="Activatie-e-mail opnieuw versturen aan "
                             + user.name))),
        rx.cond(user.main, rx.fragment(),
                confirm_button("Deactiveren", "Gebruiker deactiveren?",
                               rx.el.span(user.name, " kan daarna niet meer inloggen in Mijn "
                                          "diensten en ziet de cijfers niet meer."),
                               "Ja, deactiveren", S.deactivate(user.id),
                               trigger_aria_label="Deactiveren " + user.name)),
    )


def _product_boxes(selected: rx.Var | None) -> rx.Component:
    def box(option: rx.Var) -> rx.Component:
        default = selected.to(list[str]).contains(option.value) if selected is not None \
            else False
        field_id = "product-" + option.value
        return rx.el.div(
            rx.el.input(type="checkbox", id=field_id, name="product_" + option.value,
                        default_checked=default, class_name="checkbox"),
            rx.el.label(option.label, html_for=field_id),
            class_name="field field-check",
        )

    return rx.el.fieldset(
        rx.el.legend("Diensten", class_name="section-title"),
        rx.el.fieldset(
            rx.el.legend("Hoofddiensten", class_name="field-label"),
            rx.foreach(S.product_options, box),
            class_name="plain product-boxes",
        ),
        form_error_banner(S.errors["products"]),
        class_name="section",
    )


def _role_fields(default_role, default_main) -> rx.Component:
    return rx.fragment(
        select_field("Rol in Mijn diensten", "role", ROLE_OPTIONS, default=default_role,
                     error=S.errors["role"], field_id="user-role"),
        rx.el.p(rx.el.em(ROLE_EXPLANATION), class_name="muted span-all"),
        rx.el.div(checkbox_field("Hoofdcontactpersoon", "is_main_contact", default=default_main,
                                 field_id="user-main"),
                  form_error_banner(S.errors["is_main_contact"]), class_name="span-all"),
    )


def _summary() -> rx.Component:
    """One line above a long form when a field below says what is wrong."""
    return rx.cond(S.errors.length() > 0,
                   rx.el.p(CHECK_FIELDS, class_name="banner banner-error"), rx.fragment())


def _create_form() -> rx.Component:
    return rx.el.form(
        _summary(),
        rx.el.fieldset(
            rx.el.legend("Gebruikersgegevens", class_name="section-title"),
            rx.el.div(
                text_field("E-mailadres", "email", type_="email", required=True,
                           error=S.errors["email"], field_id="user-email",
                           auto_complete="off"),
                text_field("Voornaam", "first_name", required=True,
                           error=S.errors["first_name"], field_id="user-first-name"),
                text_field("Achternaam", "last_name", required=True,
                           error=S.errors["last_name"], field_id="user-last-name"),
                text_field("Telefoonnummer", "phone", type_="tel", error=S.errors["phone"],
                           field_id="user-phone"),
                _role_fields("beheerder", False),
                class_name="grid grid-2",
            ),
            class_name="section",
        ),
        _product_boxes(None),
        buttons(primary_button("Maak gebruiker aan", type="submit"),
                secondary_button("Annuleren", on_click=S.close_dialog)),
        on_submit=S.create,
        key=S.form_key.to(str),
    )


def _edit_form() -> rx.Component:
    return rx.el.form(
        _summary(),
        rx.el.p(S.editing.email, class_name="muted"),
        rx.el.fieldset(
            rx.el.legend("Gebruikersgegevens", class_name="section-title"),
            rx.el.div(
                text_field("Telefoonnummer", "phone", type_="tel", default=S.editing.phone,
                           error=S.errors["phone"], field_id="edit-phone"),
                _role_fields(S.editing.role, S.editing.main),
                class_name="grid grid-2",
            ),
            class_name="section",
        ),
        _product_boxes(S.editing.products),
        buttons(primary_button("Opslaan", type="submit"),
                secondary_button("Annuleren", on_click=S.close_dialog)),
        on_submit=S.save_edit,
        key=S.form_key.to(str),
    )


def _email_form() -> rx.Component:
    return rx.el.form(
        rx.el.p("Het huidige adres van ", S.editing.name, ": ", S.editing.email,
                class_name="muted"),
        text_field("Nieuw e-mailadres", "email", type_="email", required=True,
                   error=S.errors["email"], field_id="new-email", auto_complete="off"),
        rx.el.p("Het nieuwe adres geldt als niet gecontroleerd. De gebruiker ontvangt er een "
                "nieuwe activatielink; eerdere links werken niet meer.", class_name="muted"),
        buttons(primary_button("Wijzig e-mailadres", type="submit"),
                secondary_button("Annuleren", on_click=S.close_dialog)),
        on_submit=S.save_email,
        key=S.form_key.to(str),
    )


def users_page() -> rx.Component:
    return page(
        rx.cond(S.company_name != "", "Gebruikers – " + S.company_name, "Gebruikers"),
        rx.cond(
            S.refused != "",
            rx.el.p(S.refused, class_name="banner banner-error", role="alert"),
            rx.el.div(
                rx.cond(S.notice != "",
                        rx.el.div(S.notice, class_name="banner banner-ok", role="status"),
                        rx.fragment()),
                form_error_banner(S.errors["list"]),
                rx.el.div(modal(primary_button("Maak gebruiker aan", type="button"),
                                "Maak gebruiker aan", _create_form(),
                                open_=S.dialog == "create",
                                on_open_change=lambda open_: S.dialog_open_change(open_,
                                                                                  "create"),
                                wide=True),
                          class_name="form-buttons list-actions"),
                rx.cond(S.users.length() > 0,
                        rx.el.div(rx.foreach(S.users, _user_card)),
                        rx.el.p("Dit bedrijf heeft nog geen gebruikers. De eerste gebruiker "
                                "wordt automatisch de hoofdcontactpersoon.",
                                class_name="muted")),
            ),
        ),
        back=back_link("Terug naar Bedrijven", routes.ONLINE_COMPANIES),
    )
