"""Online > Bedrijven and Gebruikers: thin states over vfo_app.domain.online.users.

Every handler reads the company id from the route and lets the domain check the actor, so a
crafted event for another company gets the same refusal as an unknown one. Mail queued by a
change is delivered by a background event after the commit, without holding the state lock.
"""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from vfo_app import routes
from vfo_app.domain import mail
from vfo_app.domain.errors import DomainError, NotFound, ValidationFailed
from vfo_app.domain.formatting import moment
from vfo_app.domain.online import users
from vfo_app.state.session import SessionState, page_load

_MAIL_SENT = {"activation": "{name} ontvangt een e-mail met een activatielink.",
              "access_granted": "{name} had al een account en is gekoppeld aan het bedrijf; "
                                "{name} ontvangt daarover een e-mail."}


class CompaniesState(SessionState):
    companies: list[dict[str, Any]] = rx.field(default_factory=list)
    loaded: bool = False

    @rx.event
    @page_load(employee=False)
    def load(self):
        try:
            with self._use_case() as (session, actor):
                rows = users.manageable_companies(session, actor)
        except DomainError as exc:
            return self._fail(exc)
        self.companies = [{"id": r.id, "name": r.name, "kvk": r.kvk_number, "city": r.city,
                           "relation": r.relation, "href": routes.company_users_url(r.id)}
                          for r in rows]
        self.loaded = True


def _user(row: users.UserRow) -> dict[str, Any]:
    return {
        "id": row.member_id, "name": row.name, "email": row.email, "phone": row.phone,
        "role": row.role, "role_label": row.role_label, "main": row.is_main_contact,
        "checked": row.email_checked, "last_login": moment(row.last_login_at) or "Nooit",
        "products": list(row.products), "services": ", ".join(row.product_names) or "Geen",
        "active": row.active, "mail_problem": row.mail_problem,
    }


def _products(form: dict) -> tuple[str, ...]:
    return tuple(k.removeprefix("product_") for k, v in form.items()
                 if k.startswith("product_") and v)


class CompanyUsersState(SessionState):
    company_name: str = ""
    users: list[dict[str, Any]] = rx.field(default_factory=list)
    product_options: list[dict[str, str]] = rx.field(default_factory=list)
    refused: str = ""
    notice: str = ""
    dialog: str = ""  # "" | "create" | "edit" | "email"
    errors: dict[str, str] = rx.field(default_factory=dict)
    editing: dict[str, Any] = rx.field(default_factory=dict)
    form_key: int = 0  # a new key renders the uncontrolled form afresh

    def _company_id(self) -> int:
        company_id = self._route_id("company_id")
        if company_id is None:
            raise NotFound(users.NOT_YOURS)
        return company_id

    def _reload(self, session, actor) -> None:
        company_id = self._company_id()
        self.company_name = users.company_name(session, actor, company_id)
        self.users = [_user(r) for r in users.list_users(session, actor, company_id=company_id)]
        self.product_options = [{"value": k, "label": n}
                                for k, n in users.products_for(session, actor, company_id)]

    def _refuse(self, exc: DomainError):
        if isinstance(exc, ValidationFailed):
            self.errors = exc.errors
            return None
        if isinstance(exc, NotFound):
            self.refused, self.users, self.dialog = str(exc), [], ""
            return None
        return self._fail(exc)

    @rx.event
    @page_load(employee=False)
    def load(self):
        self.refused, self.notice, self.dialog, self.errors = "", "", "", {}
        try:
            with self._use_case() as (session, actor):
                self._reload(session, actor)
        except DomainError as exc:
            return self._refuse(exc)

    def _run(self, change, notice: str = ""):
        """One use case, then a fresh list; the dialog closes only when it succeeded."""
        try:
            with self._use_case() as (session, actor):
                result = change(session, actor, self._company_id())
            with self._use_case() as (session, actor):
                self._reload(session, actor)
        except DomainError as exc:
            return self._refuse(exc)
        self.dialog, self.errors = "", {}
        self.notice = notice(result) if callable(notice) else notice
        return CompanyUsersState.deliver_mail

    @rx.event(background=True)
    async def deliver_mail(self):
        """Send what the change queued, then show the outcome (e.g. a failed delivery)."""
        await asyncio.to_thread(mail.deliver_now)
        async with self:
            try:
                with self._use_case() as (session, actor):
                    self._reload(session, actor)
            except DomainError:
                pass

    # --- dialogs ---------------------------------------------------------------------------

    def _open(self, dialog: str, member_id: int = 0) -> None:
        self.editing = next((u for u in self.users if u["id"] == member_id), {})
        self.dialog, self.errors, self.notice = dialog, {}, ""
        self.form_key += 1

    @rx.event
    def open_create(self):
        self._open("create")

    @rx.event
    def open_edit(self, member_id: int):
        self._open("edit", int(member_id))

    @rx.event
    def open_email(self, member_id: int):
        self._open("email", int(member_id))

    @rx.event
    def close_dialog(self):
        self.dialog, self.errors = "", {}

    # --- changes -----------------------------------------------------------------------------

    @rx.event
    def create(self, form: dict):
        data = users.UserInput(
            email=str(form.get("email", "")), first_name=str(form.get("first_name", "")),
            last_name=str(form.get("last_name", "")), phone=str(form.get("phone", "")),
            role=str(form.get("role", "")), is_main_contact=bool(form.get("is_main_contact")),
            products=_products(form))
        name = f"{data.first_name.strip()} {data.last_name.strip()}"
        return self._run(
            lambda s, a, cid: users.create_user(s, a, company_id=cid, data=data),
            lambda outcome: "Gebruiker aangemaakt. " + _MAIL_SENT[outcome.mail_kind].format(
                name=name))

    @rx.event
    def save_edit(self, form: dict):
        member_id = int(self.editing.get("id", 0))
        return self._run(
            lambda s, a, cid: users.update_user(
                s, a, company_id=cid, member_id=member_id, role=str(form.get("role", "")),
                is_main_contact=bool(form.get("is_main_contact")), products_=_products(form),
                phone=str(form.get("phone", ""))),
            "De gebruiker is bijgewerkt.")

    @rx.event
    def save_email(self, form: dict):
        member_id = int(self.editing.get("id", 0))
        return self._run(
            lambda s, a, cid: users.change_email(s, a, company_id=cid, member_id=member_id,
                                                 email=str(form.get("email", ""))),
            "Het e-mailadres is gewijzigd. Er is een nieuwe activatielink naar verzonden; "
            "eerdere links werken niet meer.")

    @rx.event
    def resend(self, member_id: int):
        return self._run(
            lambda s, a, cid: users.resend_activation(s, a, company_id=cid,
                                                      member_id=int(member_id)),
            "De activatie-e-mail is opnieuw verzonden. Eerdere links werken niet meer.")

    @rx.event
    def deactivate(self, member_id: int):
        result = self._run(
            lambda s, a, cid: users.deactivate_user(s, a, company_id=cid,
                                                    member_id=int(member_id)),
            "De gebruiker is gedeactiveerd.")
        if self.errors:  # refused for the main contact: say why, there is no dialog open
            self.notice, self.errors = "", {"list": next(iter(self.errors.values()))}
        return result
