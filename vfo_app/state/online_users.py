"""Online > Bedrijven and Gebruikers: thin states over vfo_app.domain.online.users.

Every handler reads the company id from the route and lets the domain check the actor, so a
crafted event for another company gets the same refusal as an unknown one. Mail queued by a
change is delivered by a background event after the commit, without holding the state lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import reflex as rx

from vfo_app import routes
from vfo_app.domain import mail
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.formatting import moment
from vfo_app.domain.online import users
from vfo_app.state.session import Outcome, SessionState, Tx, page_load

_MAIL_SENT = {"activation": "{name} ontvangt een e-mail met een activatielink.",
              "access_granted": "{name} had al een account en is gekoppeld aan het bedrijf; "
                                "{name} ontvangt daarover een e-mail."}


def _id(value: Any) -> int:
    """A member id sent by the browser; anything but a plain number names no member (0)."""
    text = value if isinstance(value, str) else str(value) if isinstance(value, int) else ""
    if isinstance(value, bool) or not (text.isascii() and text.isdigit()) or len(text) > 18:
        return 0
    return int(text)


def _products(form: dict) -> tuple[str, ...]:
    return tuple(str(k).removeprefix("product_") for k, v in form.items()
                 if str(k).startswith("product_") and v)


@dataclass
class CompanyCard:
    """A company whose users the actor manages, as the Bedrijven list shows it."""

    id: int
    name: str
    kvk: str
    city: str
    relation: str
    href: str


class CompaniesState(SessionState):
    companies: list[CompanyCard] = rx.field(default_factory=list)
    loaded: bool = False

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        outcome = self._run(lambda tx: users.manageable_companies(tx.session, tx.actor), tx=tx)
        if not outcome.ok:
            return outcome.answer
        self.companies = [CompanyCard(id=r.id, name=r.name, kvk=r.kvk_number, city=r.city,
                                      relation=r.relation, href=routes.company_users_url(r.id))
                          for r in outcome.value]
        self.loaded = True


@dataclass
class UserCard:
    """One user of the company, as the Gebruikers list and its dialogs show it."""

    id: int = 0
    name: str = ""
    email: str = ""
    phone: str = ""
    role: str = ""  # users.ROLE_BEHEERDER | users.ROLE_GEBRUIKER
    role_label: str = ""
    main: bool = False
    checked: bool = False
    last_login: str = ""
    products: list[str] = field(default_factory=list)
    services: str = ""
    active: bool = False
    mail_problem: str = ""
    activated: bool = False


def _user(row: users.UserRow) -> UserCard:
    return UserCard(
        id=row.member_id, name=row.name, email=row.email, phone=row.phone, role=row.role,
        role_label=row.role_label, main=row.is_main_contact, checked=row.email_checked,
        last_login=moment(row.last_login_at) or "Nooit", products=list(row.products),
        services=", ".join(row.product_names) or "Geen", active=row.active,
        mail_problem=row.mail_problem, activated=row.activated)


@dataclass
class ProductOption:
    value: str  # products key
    label: str


@dataclass
class UsersView:
    company_name: str
    users: list[UserCard]
    product_options: list[ProductOption]


class CompanyUsersState(SessionState):
    company_name: str = ""
    users: list[UserCard] = rx.field(default_factory=list)
    product_options: list[ProductOption] = rx.field(default_factory=list)
    refused: str = ""
    notice: str = ""
    dialog: str = ""  # "" | "create" | "edit" | "email"
    errors: dict[str, str] = rx.field(default_factory=dict)
    editing: UserCard = rx.field(default_factory=UserCard)
    form_key: int = 0  # a new key renders the uncontrolled form afresh

    def _company_id(self) -> int:
        company_id = self._route_id("company_id")
        if company_id is None:
            raise NotFound(users.NOT_YOURS)
        return company_id

    def _read(self, tx: Tx) -> UsersView:
        company_id = self._company_id()
        return UsersView(
            company_name=users.company_name(tx.session, tx.actor, company_id),
            users=[_user(r) for r in users.list_users(tx.session, tx.actor,
                                                      company_id=company_id)],
            product_options=[ProductOption(value=k, label=n) for k, n
                             in users.products_for(tx.session, tx.actor, company_id)])

    def _reload(self, tx: Tx | None = None, *, quiet: bool = False) -> Outcome[UsersView]:
        outcome = self._run(self._read, tx=tx, quiet=quiet)
        if outcome.ok:
            view = outcome.value
            self.company_name, self.users = view.company_name, view.users
            self.product_options = view.product_options
        return outcome

    def _refuse(self, outcome: Outcome):
        """An unknown or not-managed company (or user) is said on the page, not in a toast;
        field errors are already beside the fields."""
        if isinstance(outcome.error, NotFound):
            self.refused, self.users, self.dialog = str(outcome.error), [], ""
            return None
        return outcome.answer

    @rx.event
    @page_load(employee=False)
    def load(self, tx: Tx):
        self.refused, self.notice, self.dialog, self.errors = "", "", "", {}
        outcome = self._reload(tx)
        return None if outcome.ok else self._refuse(outcome)

    def _change(self, change: Callable[[Tx, int], Any],
                notice: str | Callable[[Any], str] = "") -> tuple[Outcome, Any]:
        """One use case, then a fresh list; the dialog closes only when it succeeded."""
        outcome = self._run(lambda tx: change(tx, self._company_id()))
        if not outcome.ok:
            return outcome, self._refuse(outcome)
        reloaded = self._reload()
        if not reloaded.ok:
            return reloaded, self._refuse(reloaded)
        self.dialog, self.errors = "", {}
        self.notice = notice(outcome.value) if callable(notice) else notice
        return outcome, CompanyUsersState.deliver_mail

    @rx.event(background=True)
    async def deliver_mail(self):
        """Send what the change queued, then show the outcome (e.g. a failed delivery)."""
        await asyncio.to_thread(mail.deliver_now)
        async with self:
            self._reload(quiet=True)

    # --- dialogs ---------------------------------------------------------------------------

    def _open(self, dialog: str, member_id: int = 0) -> None:
        self.editing = next((u for u in self.users if u.id == member_id), UserCard())
        self.dialog, self.errors, self.notice = dialog, {}, ""
        self.form_key += 1

    @rx.event
    def close_dialog(self):
        self.dialog, self.errors = "", {}

    @rx.event
    def dialog_open_change(self, open_: bool, dialog: str = "", member_id: int = 0):
        """Radix reports the click on a dialog's button (True: open ``dialog``, "create",
        "edit" or "email", for ``member_id``), Esc and the close button (False)."""
        if open_ is True and dialog in ("create", "edit", "email"):
            self._open(dialog, _id(member_id) if dialog != "create" else 0)
        elif open_ is False:
            self.dialog, self.errors = "", {}

    # --- changes -----------------------------------------------------------------------------

    @rx.event
    def create(self, form: dict):
        form = form if isinstance(form, dict) else {}
        data = users.UserInput(
            email=str(form.get("email") or ""), first_name=str(form.get("first_name") or ""),
            last_name=str(form.get("last_name") or ""), phone=str(form.get("phone") or ""),
            role=str(form.get("role") or ""), is_main_contact=bool(form.get("is_main_contact")),
            products=_products(form))
        name = f"{data.first_name.strip()} {data.last_name.strip()}"
        _, answer = self._change(
            lambda tx, cid: users.create_user(tx.session, tx.actor, company_id=cid, data=data),
            lambda created: "Gebruiker aangemaakt. " + _MAIL_SENT[created.mail_kind].format(
                name=name))
        return answer

    @rx.event
    def save_edit(self, form: dict):
        form = form if isinstance(form, dict) else {}
        member_id = self.editing.id
        _, answer = self._change(
            lambda tx, cid: users.update_user(
                tx.session, tx.actor, company_id=cid, member_id=member_id,
                role=str(form.get("role") or ""), is_main_contact=bool(form.get("is_main_contact")),
                products_=_products(form), phone=str(form.get("phone") or "")),
            "De gebruiker is bijgewerkt.")
        return answer

    @rx.event
    def save_email(self, form: dict):
        form = form if isinstance(form, dict) else {}
        member_id = self.editing.id
        _, answer = self._change(
            lambda tx, cid: users.change_email(tx.session, tx.actor, company_id=cid,
                                               member_id=member_id, email=str(form.get("email") or "")),
            "Het e-mailadres is gewijzigd. Er is een nieuwe activatielink naar verzonden; "
            "eerdere links werken niet meer.")
        return answer

    @rx.event
    def resend(self, member_id: int):
        _, answer = self._change(
            lambda tx, cid: users.resend_activation(tx.session, tx.actor, company_id=cid,
                                                    member_id=_id(member_id)),
            "De activatie-e-mail is opnieuw verzonden. Eerdere links werken niet meer.")
        return answer

    @rx.event
    def deactivate(self, member_id: int):
        outcome, answer = self._change(
            lambda tx, cid: users.deactivate_user(tx.session, tx.actor, company_id=cid,
                                                  member_id=_id(member_id)),
            "De gebruiker is gedeactiveerd.")
        if isinstance(outcome.error, ValidationFailed):
            # refused for the main contact: say why above the list, there is no dialog open
            self.notice = ""
            self.errors = {"list": next(iter(outcome.error.errors.values()), "")}
        return answer
