"""The authorization matrix: every event handler of every state, called by people who may not.

The handlers are found by introspection: every module under ``vfo_app/state`` is imported and
every ``rx.State`` subclass defined there contributes its ``event_handlers`` (Reflex's
``setvar`` included, see below; a mixin is no state of the tree, its handlers are copied onto
each concrete class, which is covered). Each handler is called, without a browser
(``tests/state/harness.py``), as
  (a) anonymous: no session cookie,
  (b) an employee of another office: Sven, beheerder of Kantoor Zuidema,
  (c) a client user of another company: Bea, Beheerder of Buizerd Advies,
  (d) a junior where a senior is needed: Nick (medewerker of Kantoor Noordhuis, serves no
      client) where a beheerder, the accountmanager or a serving employee is needed; Gerda
      (Gebruiker of Zilverreiger Bouw) where the company's Beheerder is needed,
pointed at Kantoor Noordhuis's client, company, collaboration, comment or user (``world.py``):
the route and the arguments come from ``MATRIX`` below, one entry per handler.

Before each call the person's tab opens the page (the route pointed at Noordhuis) and runs the
page's own load, as a browser does; entries that need it first run a UI handler too (open the
dialog for Noordhuis's user, pick Noordhuis's comment). For a guarded handler Sven and Bea
also come from their own page, loaded legitimately: once with the route switched to
Noordhuis's without a load (a handler that trusts what an earlier load left behind fails), and,
when the arguments name Noordhuis's object (a collaboration, user, comment, contact, service),
once on their own page itself (a handler that checks the page's client but not the object the
argument names fails).

Every call must change nothing: the whole database (every table's rows) is compared before
and after. A guarded handler must be refused: a redirect (to login or the person's home
page), an error toast, field errors, or an unchanged page, and no success toast or download.
Nothing may raise: a Reflex client can send any argument, so a garbage id or form is tried too.
After every call the tab's vars (every state of the tree) must hold none of Noordhuis's
names, addresses or comment text (for the juniors: what their role may not see).

A handler found without an entry fails (so a handler added later fails until it has one), an
entry without a handler fails (so a renamed handler does not leave a stale entry behind).

``setvar`` is Reflex's built-in that the browser uses for ``set_value``-style updates:
``setvar(name, value)`` calls the state's ``set_<name>`` attribute with the value. It is not
skipped, because it reaches every ``set_*`` handler (also inherited ones) by another route:
it is called for every ``set_*`` of the state with that handler's hostile arguments and must be
refused as that handler is; for a var without a ``set_*`` (the session cookie, the user's
name) it must raise Reflex's AttributeError and change nothing, which shows it cannot set a var.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from reflex.state import BaseState

import vfo_app.state
from tests.state.harness import Answer, Tab, upload
from tests.state.world import (
    BEA,
    COMMENT_TEXT,
    FRANS,
    GERDA,
    NICK,
    NORA,
    PACK_TEXT,
    QUESTION_TEXT,
    SVEN,
    XAF,
    Tenant,
    World,
)
from vfo_app import routes
from vfo_app.settings import get_settings
from vfo_app.state.session import SessionState

# --- what exists: every handler of every state ---------------------------------------------


def _state_modules() -> tuple[list[Any], dict[str, str]]:
    modules, failures = [], {}
    for info in sorted(pkgutil.iter_modules(vfo_app.state.__path__), key=lambda m: m.name):
        name = f"{vfo_app.state.__name__}.{info.name}"
        try:
            modules.append(importlib.import_module(name))
        except Exception as exc:  # reported by test_every_state_module_imports
            failures[name] = f"{type(exc).__name__}: {exc}"
    return modules, failures


def _states(modules) -> dict[str, type[BaseState]]:
    found: dict[str, type[BaseState]] = {}
    for module in modules:
        for cls in vars(module).values():
            if (inspect.isclass(cls) and issubclass(cls, BaseState)
                    and cls.__module__ == module.__name__ and not cls._mixin):
                assert cls.__name__ not in found, f"two states named {cls.__name__}"
                found[cls.__name__] = cls
    return found


MODULES, IMPORT_FAILURES = _state_modules()
STATES = _states(MODULES)
HANDLERS = sorted(f"{name}.{handler}" for name, cls in STATES.items()
                  for handler in cls.event_handlers)


# --- the pages: where a state's handlers live, pointed at a tenant ---------------------------


@dataclass(frozen=True)
class Page:
    route: str
    params: Callable[[Tenant], dict] = lambda t: {}
    query: Callable[[Tenant], dict] = lambda t: {}
    load: str | None = None  # "State.handler": the page's on_load, run before every call
    env: dict[str, str] = field(default_factory=dict)  # settings the page is tried with


def _client(t: Tenant) -> dict:
    return {"client_id": t.client_id}


def _company(t: Tenant) -> dict:
    return {"company_id": t.company_id}


# the page loads only its open tab: Contactmomenten, whose record the rightful check looks for
CLIENT_PAGE = Page(routes.CLIENT, _client, query=lambda t: {"tab": "contactmomenten"},
                   load="ClientPageState.load")
OVERVIEW = Page(routes.CLIENT_OVERVIEW, _client, load="FinancialOverviewState.load")

PAGES: dict[str, Page] = {
    "SessionState": Page(routes.CLIENTS),
    "LoginState": Page(routes.LOGIN, load="LoginState.on_load"),
    "ActivationState": Page(routes.ACTIVATE, query=lambda t: {"token": "ongeldig.token"},
                            load="ActivationState.load"),
    "ClientListState": Page(routes.CLIENTS, load="ClientListState.load"),
    "ClientFormState": Page(routes.CLIENT_EDIT, _client, load="ClientFormState.load"),
    "ClientPageState": CLIENT_PAGE,
    "ClientOverviewState": CLIENT_PAGE,
    "ContactsState": CLIENT_PAGE,
    "ClientServicesState": CLIENT_PAGE,
    "PricingState": CLIENT_PAGE,
    "ContactMomentsState": CLIENT_PAGE,
    "IndustryState": CLIENT_PAGE,
    "CollaborationsState": CLIENT_PAGE,
    "ServiceListState": Page(routes.SETTINGS_SERVICES, load="ServiceListState.load"),
    "ServiceFormState": Page(routes.SETTINGS_SERVICE, lambda t: {"service_id": t.service_id},
                             load="ServiceFormState.load"),
    "FinancialOverviewState": OVERVIEW,
    "LedgerImportState": Page(routes.CLIENT_OVERVIEW_DATA, _client,
                              load="LedgerImportState.load"),
    "BudgetState": Page(routes.CLIENT_OVERVIEW_BUDGET, _client,
                        query=lambda t: {"jaar": t.year or 2018}, load="BudgetState.load"),
    "TrialBalanceState": Page(routes.CLIENT_OVERVIEW_TRIAL_BALANCE, _client,
                              query=lambda t: {"jaar": t.year or 2018},
                              load="TrialBalanceState.load"),
    "CashFlowState": Page(routes.CLIENT_OVERVIEW_CASH_FLOW, _client,
                          query=lambda t: {"jaar": t.year or 2018}, load="CashFlowState.load"),
    "KeyFiguresState": Page(routes.CLIENT_OVERVIEW_KEY_FIGURES, _client,
                            query=lambda t: {"jaar": t.year or 2018},
                            load="KeyFiguresState.load"),
    "CompanyKeyFiguresState": Page(routes.ONLINE_COMPANY_KEY_FIGURES, _company,
                                   load="CompanyKeyFiguresState.load"),
    "CompanyCashFlowState": Page(routes.ONLINE_COMPANY_CASH_FLOW, _company,
                                 load="CompanyCashFlowState.load"),
    # Financial Overview that advises: Liquiditeitsprognose, Portefeuille, Meldingen, Advies
    "ForecastState": Page(routes.CLIENT_OVERVIEW_FORECAST, _client, load="ForecastState.load"),
    "PortfolioState": Page(routes.PORTFOLIO, load="PortfolioState.load"),
    "NoticesState": Page(routes.NOTICES, load="NoticesState.load"),
    # Vraag over dit cijfer: the threads beside the figures (the company's overview), Vragen
    "FigureQuestionsState": Page(routes.ONLINE_COMPANY_OVERVIEW, _company,
                                 load="CompanyOverviewState.load"),
    "QuestionsListState": Page(routes.QUESTIONS, load="QuestionsListState.load"),
    "AdviceSettingsState": Page(routes.SETTINGS_ADVICE, load="AdviceSettingsState.load"),
    # Rapportages: the office's packs of a client, one pack, what waits, the schedule; the
    # company's published packs
    "ClientPacksState": Page(routes.CLIENT_PACKS, _client, load="ClientPacksState.load"),
    "PackState": Page(routes.CLIENT_PACK,
                      lambda t: {"client_id": t.client_id, "pack_id": t.pack_id},
                      load="PackState.load"),
    "PacksReviewState": Page(routes.PACKS_REVIEW, load="PacksReviewState.load"),
    "PackScheduleState": Page(routes.SETTINGS_PACKS, load="PackScheduleState.load"),
    "CompanyPacksState": Page(routes.COMPANY_PACKS, _company, load="CompanyPacksState.load"),
    "CompanyPackState": Page(routes.COMPANY_PACK,
                             lambda t: {"company_id": t.company_id, "version_id": t.version_id},
                             load="CompanyPackState.load"),
    "DashboardAdviceState": OVERVIEW,
    "DrillState": Page(routes.CLIENT_OVERVIEW_ACCOUNTS, _client),
    "AccountsState": Page(routes.CLIENT_OVERVIEW_ACCOUNTS, _client,
                          query=lambda t: {"jaar": t.year or 2018, "categorie": "omzet"},
                          load="AccountsState.load"),
    "AccountLinesState": Page(routes.CLIENT_OVERVIEW_ACCOUNT,
                              lambda t: {"client_id": t.client_id, "account_id": t.account},
                              query=lambda t: {"jaar": t.year or 2018},
                              load="AccountLinesState.load"),
    "RequestsState": Page(routes.ONLINE_REQUESTS, load="RequestsState.load"),
    "CompaniesState": Page(routes.ONLINE_COMPANIES, load="CompaniesState.load"),
    "CompanyUsersState": Page(routes.ONLINE_USERS, _company, load="CompanyUsersState.load"),
    "MyServicesState": Page(routes.ONLINE_SERVICES, load="MyServicesState.load"),
    "CompanyOverviewState": Page(routes.ONLINE_COMPANY_OVERVIEW, _company,
                                 load="CompanyOverviewState.load"),
    # The development mailbox (no SMTP server, development only) shows a viewer only the mail
    # their own office or company caused: the other tenants' views must not see the world's.
    "TwoFactorState": Page(routes.TWO_FACTOR, load="TwoFactorState.load"),
    "SecuritySettingsState": Page(routes.SETTINGS_SECURITY, load="SecuritySettingsState.load"),
    "ApiKeysState": Page(routes.SETTINGS_API_KEYS, load="ApiKeysState.load"),
    "ClientAuditState": Page(routes.CLIENT_AUDIT, _client, load="ClientAuditState.load"),
    "WhoSeesState": Page(routes.ONLINE_WHO_SEES, query=lambda t: {"bedrijf": t.company_id},
                         load="WhoSeesState.load"),
    "MailboxState": Page(routes.DEV_MAILBOX, load="MailboxState.load"),
    # One's own account: Wachtwoord vergeten?, Mijn account, the e-mail confirmation link
    "PasswordForgottenState": Page(routes.PASSWORD_FORGOTTEN, load="PasswordForgottenState.load"),
    "PasswordResetState": Page(routes.PASSWORD_RESET, query=lambda t: {"token": "ongeldig.token"},
                               load="PasswordResetState.load"),
    "AccountState": Page(routes.ACCOUNT, load="AccountState.load"),
    "EmailConfirmState": Page(routes.EMAIL_CONFIRM, query=lambda t: {"token": "ongeldig.token"},
                              load="EmailConfirmState.load"),
    # Downloads beside the tables (tried from the trial balance: the client in the route)
    "ExportState": Page(routes.CLIENT_OVERVIEW_TRIAL_BALANCE, _client,
                        query=lambda t: {"jaar": t.year or 2018}, load="TrialBalanceState.load"),
    "HouseStyleState": Page(routes.SETTINGS_HOUSE_STYLE, load="HouseStyleState.load"),
    "BudgetUploadState": Page(routes.CLIENT_OVERVIEW_BUDGET, _client,
                              query=lambda t: {"jaar": t.year or 2018}, load="BudgetState.load"),
}


# --- the table -----------------------------------------------------------------------------

GUARDED = "guarded"  # must be refused
UI = "ui"  # harmless by nature: only the page's own UI state
LOAD = "load"  # a page load: must not leak another tenant's data
READ = "read"  # reads the person's own tenant only (a list): must not leak another's
PUBLIC = "public"  # anonymous by nature (login, activation link); may change only what it says

Payloads = Callable[[World], list[dict[str, Any]]]
GARBAGE: tuple[Any, ...] = ("abc", {"id": 1}, None)


@dataclass(frozen=True)
class Entry:
    kind: str
    why: str
    args: Payloads = lambda w: [{}]
    prime: tuple[tuple[str, Payloads], ...] = ()  # ("Handler", payloads) run first, same tab
    junior: str = ""  # NICK or GERDA: who is refused where a senior is needed; "" = no such role
    may_change: dict[str, str] = field(default_factory=dict)  # table -> why the caller may
    by_argument: bool = False  # the arguments name Noordhuis's object (ids() says so itself)


def guarded(why: str, args: Payloads = lambda w: [{}], *, junior: str = "",
            prime: tuple = (), by_argument: bool = False, **may_change: str) -> Entry:
    named = by_argument or getattr(args, "names_victim", False)
    return Entry(GUARDED, why, args, prime, junior, may_change=may_change, by_argument=named)


def ui(why: str, args: Payloads = lambda w: [{}], *, prime: tuple = ()) -> Entry:
    return Entry(UI, why, args, prime)


def page_load(why: str = "the page's data, for whom the policy admits", *, junior: str = "") -> Entry:
    return Entry(LOAD, why, junior=junior)


def own_read(why: str, args: Payloads = lambda w: [{}]) -> Entry:
    return Entry(READ, why, args)


def own_office(why: str, args: Payloads = lambda w: [{}], **may_change: str) -> Entry:
    """Acts on the caller's own office alone (the page names no tenant), so another office's
    beheerder rightly changes their own rows (``may_change``); it must not leak Noordhuis's.
    Who within an office may is tested beside the handler (a junior is refused there)."""
    return Entry(READ, why, args, may_change=may_change)


def public(why: str, args: Payloads = lambda w: [{}], **may_change: str) -> Entry:
    return Entry(PUBLIC, why, args, may_change=may_change)


def ids(name: str, pick: Callable[[World], Any]) -> Payloads:
    """The victim's id, then garbage a hostile client may send instead."""
    def payloads(w: World) -> list[dict[str, Any]]:
        return [{name: pick(w)}, *({name: g} for g in GARBAGE)]

    payloads.names_victim = True
    return payloads


def values(name: str, *choices: Any) -> Payloads:
    return lambda w: [{name: c} for c in choices] + [{name: g} for g in GARBAGE[1:]]


def form(make: Callable[[World], dict], name: str = "form") -> Payloads:
    return lambda w: [{name: make(w)}, {name: "geen formulier"}, {name: None}]


CLIENT_RECORDS = "a client's records: employees of the client's office"
OWN_CLIENTS = "searches and pages the person's own office's clients"
FIGURES = "a client's figures: serving employee of the office, collaboration active"
KEY_FIGURE_SETTINGS = ("a client's key-figure choice, targets and thresholds: as its figures, "
                       "the full version")
COMPANY_USERS = "a company's users: its Beheerders and the employees serving its client"
OFFICE_COLLAB = "a collaboration: employees of the office"
END_COLLAB = ("ending or withdrawing a collaboration: those who serve the client and office "
              "beheerders")
SERVICE_DEFS = "service definitions: office beheerders"
HOUSE_STYLE = ("the caller's own office's house style: office beheerders "
               "(tests/state/test_house_style.py: a medewerker is refused)")


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 60, 120)).save(out, format="PNG")
    return out.getvalue()


CLIENT_SERVICES = "a client's services: office beheerders, accountmanager, diensteigenaar"
OWN_COMPANY = "a company's own figures: its members with Financial Overview"
ANSWER = "answering a request: the company's Beheerders"
OWN_SECOND_FACTOR = ("the caller's own second factor, with a code of their own app: nobody "
                     "else's (without one set up there is nothing to confirm, renew or turn off)")
OFFICE_SECURITY = ("the office's two-factor requirement and a colleague's reset: office "
                   "beheerders, same office")
OWN_ACCOUNT = ("the caller's own account, with the current password: nobody else's (a guessed "
               "password changes nothing)")
DIALOG = "opens or closes a dialog, or adds a row to a form: page state only"
API_KEYS = "an office's API keys: office beheerders, same office"
NAVIGATE = "only redirects to another page, whose own load checks the person"
PACKS = ("a client's report packs (drafts, publishing): as its figures, the full version; "
         "never the company's users")
TYPING = "changes the page's own form (text typed, a part ticked): saves nothing"
PORTFOLIO = ("the clients the person serves (access.portfolio_clients), of their own office "
             "only")
SNAPSHOTS = {"clientfiguresnapshot": "the figure snapshots of the caller's own served clients "
                                     "are brought up to date before they are listed"}


def _session_id(token: str) -> int:
    """The id of the session behind a token (the victim's, for Beëindigen)."""
    from sqlmodel import select

    from vfo_app.domain import security
    from vfo_app.domain.db import session_scope
    from vfo_app.domain.models import AuthSession

    with session_scope() as db:
        return db.exec(select(AuthSession.id).where(
            AuthSession.token_hash == security.token_digest(token))).one()


def _noord(attr: str) -> Callable[[World], Any]:
    return lambda w: getattr(w.noord, attr)


def _member(person: str) -> Callable[[World], int]:
    return lambda w: w.noord.members[person]


def _opening(dialog: str) -> Payloads:
    """Open the Gebruikers page's ``dialog`` for Frans, as the click on its button does."""
    return lambda w: [{"open_": True, "dialog": dialog, "member_id": w.noord.members[FRANS]}]


def _contact_form(w: World) -> dict:
    return {"first_name": "Ingrid", "last_name": "Inbreker", "email": "ingrid@example.com",
            "phone": "", "mobile": ""}


def _client_form(w: World) -> dict:
    return {"number": "ZLV", "name": "Overgenomen BV", "kvk_number": "11111298",
            "legal_form": "BV", "account_manager_id": str(w.identities[SVEN]),
            "address": "Hoofdweg 1", "postcode": "1006 AK", "city": "Amsterdam",
            "country": "Nederland", "contact_mode": "new", "contact_first_name": "Ingrid",
            "contact_last_name": "Inbreker", "contact_email": "ingrid@example.com"}


def _user_form(w: World) -> dict:
    return {"email": "ingrid@example.com", "first_name": "Ingrid", "last_name": "Inbreker",
            "role": "beheerder", "is_main_contact": "on", "product_financial_overview": "on",
            "products": ["financial_overview"], "phone": "0612345678"}


def _service_form(w: World) -> dict:
    return {"code": "FOZLV", "name": "Overgenomen", "period": "Maand", "active": "on"}


WRONG_OWN_PASSWORD = ("a wrong current password is counted against the caller's own address "
                      "for the throttle, by design")

MATRIX: dict[str, Entry] = {
    # --- the session ---------------------------------------------------------------------
    "SessionState.logout": public(
        "ends the caller's own session (the cookie's), nobody else's",
        authsession="the caller's own session is ended"),
    "State.set_is_hydrated": ui("Reflex's flag that the page has its state (reached through "
                                "setvar): page state only", values("value", True, False)),
    # --- login and activation: anonymous by nature ---------------------------------------
    "LoginState.on_load": public("the login form; a signed-in person is sent on"),
    "LoginState.submit": public(
        "a wrong password for someone else's address is refused",
        form(lambda w: {"email": w.emails[FRANS], "password": "geraden-wachtwoord"}),
        loginattempt="a failed attempt is counted for the throttle, by design",
        authsession="a login attempt ends the caller's own earlier session (rotation)"),
    "LoginState.submit_code": public(
        "a code without a password proven first (no pending login in the tab) is refused",
        form(lambda w: {"code": "123456"})),
    "LoginState.cancel_code": ui("back to the password field: forgets the pending login"),
    # --- the person's own second factor, and the office's requirement ---------------------
    "TwoFactorState.load": page_load("the person's own second factor"),
    "TwoFactorState.start": public(
        "sets up the caller's own second factor (every person may), nobody else's",
        identity="the caller's own new secret, not yet required at login"),
    "TwoFactorState.confirm": guarded(OWN_SECOND_FACTOR, form(lambda w: {"code": "123456"})),
    "TwoFactorState.open_action": ui(DIALOG, values("action", "disable", "renew")),
    "TwoFactorState.close_action": ui(DIALOG),
    "TwoFactorState.renew": guarded(OWN_SECOND_FACTOR, form(lambda w: {"code": "123456"})),
    "TwoFactorState.disable": guarded(OWN_SECOND_FACTOR, form(lambda w: {"code": "123456"})),
    "TwoFactorState.codes_saved": ui("hides the recovery codes shown once; goes home"),
    "SecuritySettingsState.load": page_load("the office's own employees"),
    "SecuritySettingsState.save": guarded(OFFICE_SECURITY, form(lambda w: {
        "require_two_factor": "on"}), junior=NICK),
    "SecuritySettingsState.ask_reset": ui(
        "asks to confirm a reset of a colleague the page shows; resetting checks",
        ids("identity_id", lambda w: w.identities[NICK])),
    "ApiKeysState.load": page_load("the office's own employees"),
    "ApiKeysState.create": own_office(
        "a new key of the caller's own office (tests/state/test_api_keys.py: a medewerker is "
        "refused)", form(lambda w: {"name": "Inbreker"}),
        apikey="another office's beheerder makes a key of their own office",
        auditentry="the making of that key, logged"),
    "ApiKeysState.hide_new_key": ui(DIALOG),
    "ApiKeysState.ask_revoke": ui(
        "asks to confirm revoking a key the page shows; revoking checks",
        ids("key_id", lambda w: w.noord.api_key_id)),
    "ApiKeysState.confirm_revoke": guarded(
        API_KEYS, junior=NICK, by_argument=True,
        prime=(("ask_revoke", ids("key_id", lambda w: w.noord.api_key_id)),)),
    "SecuritySettingsState.confirm_reset": guarded(
        OFFICE_SECURITY, junior=NICK, by_argument=True,
        prime=(("ask_reset", ids("identity_id", lambda w: w.identities[NORA])),)),
    "ActivationState.load": public("a link that is not valid shows as such"),
    "ActivationState.submit": public(
        "a password set with a link that is not valid is refused",
        form(lambda w: {"password": "Een-Nieuw-Wachtwoord-2026",
                        "password_repeat": "Een-Nieuw-Wachtwoord-2026",
                        "accept_terms": True})),
    "ActivationState.request_link": public(
        "anyone may ask a new link for an address; it is mailed to that address only, as a "
        "password reset is",
        form(lambda w: {"email": w.emails[FRANS]}),
        outboxmessage="the new link, to the address's owner",
        accountactivation="the link generation moves on (earlier links die)"),
    "ActivationState.deliver_mail": ui("delivers mail already queued; nothing is queued"),
    # --- one's own account: Wachtwoord vergeten?, Mijn account ------------------------------
    "PasswordForgottenState.load": public("the form to ask a reset link"),
    "PasswordForgottenState.submit": public(
        "anyone may ask a reset link for an address; it is mailed to that address only",
        form(lambda w: {"email": w.emails[FRANS]}),
        loginattempt="the request is counted for the throttle (per address and IP)",
        outboxmessage="the reset link, to the address's owner",
        linkgeneration="the reset link generation moves on (earlier reset links die)"),
    "PasswordForgottenState.deliver_mail": ui("delivers mail already queued; nothing is queued"),
    "PasswordResetState.load": public("a link that is not valid shows as such"),
    "PasswordResetState.submit": public(
        "a password set with a link that is not valid is refused",
        form(lambda w: {"password": "Een-Nieuw-Wachtwoord-2026",
                        "password_repeat": "Een-Nieuw-Wachtwoord-2026"})),
    "PasswordResetState.deliver_mail": ui("delivers mail already queued; nothing is queued"),
    "AccountState.load": page_load("the person's own account and sessions"),
    "AccountState.change_password": guarded(OWN_ACCOUNT, form(lambda w: {
        "current_password": "geraden-wachtwoord", "password": "Een-Nieuw-Wachtwoord-2026",
        "password_repeat": "Een-Nieuw-Wachtwoord-2026"}), loginattempt=WRONG_OWN_PASSWORD),
    "AccountState.change_email": guarded(OWN_ACCOUNT, form(lambda w: {
        "new_email": "ingrid@example.com", "email_password": "geraden-wachtwoord"}),
        loginattempt=WRONG_OWN_PASSWORD),
    "AccountState.end_session": guarded(
        "one's own other sessions: another person's session is unknown",
        ids("session_id", lambda w: _session_id(w.tokens[NORA]))),
    "AccountState.end_other_sessions": public(
        "ends the caller's own other sessions, nobody else's",
        authsession="the caller's own other sessions end"),
    "AccountState.deliver_mail": ui("delivers mail already queued; nothing is queued"),
    "EmailConfirmState.load": public("a link that is not valid shows as such"),
    "EmailConfirmState.confirm": public("a confirmation with a link that is not valid is "
                                        "refused"),
    # --- Advisor: clients ----------------------------------------------------------------
    "ClientListState.load": page_load("the office's own clients only"),
    "ClientListState.type_query": own_read(OWN_CLIENTS, values("value", "reiger")),
    "ClientListState.search": own_read(OWN_CLIENTS, form(lambda w: {"query": "reiger"})),
    "ClientListState.sort_by": own_read(OWN_CLIENTS, values("column", "name", "city")),
    "ClientListState.next_page": own_read(OWN_CLIENTS),
    "ClientListState.previous_page": own_read(OWN_CLIENTS),
    "ClientFormState.load": page_load(),
    "ClientFormState.submit": guarded(CLIENT_RECORDS, form(_client_form)),
    "ClientFormState.cancel": ui(NAVIGATE),
    "ClientFormState.show_visit_address": ui(DIALOG),
    "ClientFormState.set_contact_mode": ui(DIALOG, values("value", "new", "existing")),
    "ClientFormState.add_role": ui(DIALOG),
    # --- Advisor: the client page and its tabs -------------------------------------------
    "ClientPageState.load": page_load(),
    "ClientPageState.set_tab": ui(
        "switches the tab and re-reads it through the tab's own load, which checks", values(
            "tab", "overzicht", "contactpersonen", "diensten", "samenwerkingen")),
    "ClientOverviewState.load": page_load(),
    "ContactsState.load": page_load(),
    "ContactsState.open_new": ui(DIALOG),
    "ContactsState.open_edit": ui(DIALOG, ids("contact_id", _noord("contact_id"))),
    "ContactsState.close": ui(DIALOG),
    "ContactsState.save": guarded(CLIENT_RECORDS, form(_contact_form), prime=(
        ("open_edit", ids("contact_id", _noord("contact_id"))),)),
    "ContactsState.set_main": guarded(CLIENT_RECORDS, ids("contact_id", _noord("contact_id"))),
    "ClientServicesState.load": page_load(),
    "ClientServicesState.toggle_show_all": guarded(CLIENT_RECORDS),
    "ClientServicesState.new": guarded(CLIENT_SERVICES, junior=NICK),
    "ClientServicesState.edit": guarded(
        "opens the form for a link the page shows; a change is checked on submit",
        ids("client_service_id", _noord("client_service_id"))),
    "ClientServicesState.cancel": ui(DIALOG),
    "ClientServicesState.add_participant": ui(DIALOG),
    "ClientServicesState.remove_participant_row": ui(DIALOG, values("key", "abc")),
    "ClientServicesState.submit": guarded(
        CLIENT_SERVICES, form(lambda w: {"service_id": str(w.noord.service_id),
                                         "owner_id": str(w.identities[NICK]),
                                         "description": "overgenomen"}),
        junior=NICK, by_argument=True,
        prime=(("edit", ids("client_service_id", _noord("client_service_id"))),)),
    "PricingState.load": page_load(),
    "PricingState.change_price_list": guarded(
        CLIENT_RECORDS, lambda w: [{"value": str(w.noord.price_list_id)},
                                   *({"value": g} for g in GARBAGE)], by_argument=True),
    "ContactMomentsState.load": page_load(),
    "ContactMomentsState.save": guarded(CLIENT_RECORDS, form(lambda w: {
        "occurred_on": "2026-02-01", "kind": "Telefoon", "subject": "Ingebroken",
        "notes": ""})),
    "IndustryState.load": page_load(),
    "IndustryState.save": guarded(CLIENT_RECORDS, form(lambda w: {
        "sbi_code": "6920", "branche": "Accountancy"})),
    "CollaborationsState.load": page_load(),
    "CollaborationsState.watch": guarded("re-reads the tab while a request is pending"),
    "CollaborationsState.open_wizard": guarded(OFFICE_COLLAB, form(lambda w: {
        "product": "eaccounting"})),
    "CollaborationsState.cancel": ui(DIALOG),
    "CollaborationsState.wizard_open_change": ui(DIALOG, values("open_", True, False)),
    "CollaborationsState.next_step": guarded(OFFICE_COLLAB, form(lambda w: {
        "client_service_id": str(w.noord.client_service_id)})),
    "CollaborationsState.confirm": guarded(OFFICE_COLLAB, form(lambda w: {
        "invoice_recipient": "kantoor", "duration_months": "12"})),
    "CollaborationsState.withdraw": guarded(END_COLLAB,
                                            ids("collaboration_id", _noord("request_id")),
                                            junior=NICK),
    "CollaborationsState.end": guarded(END_COLLAB, ids("collaboration_id", _noord("overview_id")),
                                       junior=NICK),
    "CollaborationsState.resend": guarded(OFFICE_COLLAB,
                                          ids("collaboration_id", _noord("request_id"))),
    # --- Advisor: settings, service definitions ------------------------------------------
    "ServiceListState.load": page_load("the office's own service definitions"),
    "ServiceFormState.load": page_load(),
    "ServiceFormState.add_checkpoint": ui(DIALOG),
    "ServiceFormState.remove_checkpoint": ui(DIALOG, values("key", "abc")),
    "ServiceFormState.add_activity": ui(DIALOG),
    "ServiceFormState.remove_activity": ui(DIALOG, values("key", "abc")),
    "ServiceFormState.submit": guarded(SERVICE_DEFS, form(_service_form), junior=NICK),
    # --- Financial Overview, the accountant's side ---------------------------------------
    "FinancialOverviewState.load": page_load(junior=NICK),
    "FinancialOverviewState.choose_year": guarded(FIGURES, values("year", "2018"), junior=NICK),
    "FinancialOverviewState.choose_month": guarded(FIGURES, values("month", "3"), junior=NICK),
    "FinancialOverviewState.download_pdf": guarded(FIGURES, junior=NICK),
    "FinancialOverviewState.post_comment": guarded(FIGURES, form(lambda w: {
        "target": "omzet", "month": "3", "text": "Ingebroken."}), junior=NICK),
    "FinancialOverviewState.edit_comment": ui(
        "marks which comment the form edits; saving checks", ids("comment_id", _noord("comment_id"))),
    "FinancialOverviewState.cancel_comment_edit": ui(DIALOG),
    "FinancialOverviewState.save_comment": guarded(
        FIGURES + "; only the author edits", form(lambda w: {"text": "Overschreven."}),
        junior=NICK, by_argument=True, prime=(("edit_comment", ids("comment_id", _noord("comment_id"))),)),
    "FinancialOverviewState.delete_comment": guarded(
        FIGURES + "; only the author deletes", ids("comment_id", _noord("comment_id")),
        junior=NICK),
    "LedgerImportState.load": page_load(junior=NICK),
    "LedgerImportState.rejected": ui("says why the browser refused a file", lambda w: [
        {"files": [{"errors": [{"code": "file-too-large"}]}]}, {"files": "x"}, {"files": None}]),
    "LedgerImportState.receive": guarded(
        FIGURES + " (import)", lambda w: [{"chunks": upload(XAF.name, XAF.read_bytes())}],
        junior=NICK),
    "LedgerImportState.accept_other_company": guarded(
        FIGURES + " (imports the kept file of another company)", junior=NICK),
    "LedgerImportState.cancel_other_company": ui(
        "deletes the caller's own kept upload; changes nothing in the database"),
    "BudgetState.load": page_load(junior=NICK),
    "BudgetState.choose_year": ui(NAVIGATE, values("value", "2018")),
    "BudgetState.choose_month": guarded(FIGURES, values("value", "3"), junior=NICK),
    "BudgetState.save": guarded(FIGURES, form(lambda w: {"omzet_1": "1", "omzet_jaar": "12"},
                                              "form_data"), junior=NICK),
    "BudgetState.spread_row": ui("fills a row of the form in the page, saves nothing",
                                 lambda w: [{"category": "omzet", "total": "12000"},
                                            {"category": None, "total": {"x": 1}}]),
    "BudgetState.copy_last_year": guarded(FIGURES, form(lambda w: {"percentage": "10"},
                                                        "form_data"), junior=NICK),
    "TrialBalanceState.load": page_load(junior=NICK),
    "TrialBalanceState.choose_year": ui(NAVIGATE, values("year", "2018")),
    "CashFlowState.load": page_load(junior=NICK),
    "CashFlowState.choose_year": ui(NAVIGATE, values("year", "2018")),
    "CashFlowState.choose_upto": ui(NAVIGATE, values("upto", "3")),
    "CashFlowState.choose_period": ui(NAVIGATE, values("period", "3", "jaar")),
    "KeyFiguresState.load": page_load(junior=NICK),
    "KeyFiguresState.choose_year": ui(NAVIGATE, values("year", "2018")),
    "KeyFiguresState.choose_upto": ui(NAVIGATE, values("upto", "3")),
    "KeyFiguresState.save": guarded(KEY_FIGURE_SETTINGS, form(lambda w: {
        "shown_omzet": "on", "target_omzet": "1.000", "threshold_solvabiliteit": "20"}),
        junior=NICK),
    "KeyFiguresState.reset_to_default": guarded(KEY_FIGURE_SETTINGS, junior=NICK),
    "CompanyKeyFiguresState.load": page_load(),
    "CompanyKeyFiguresState.choose_year": ui(NAVIGATE, values("year", "2018")),
    "CompanyKeyFiguresState.choose_upto": ui(NAVIGATE, values("upto", "3")),
    "CompanyKeyFiguresState.show_accounts": guarded(OWN_COMPANY, values("key", "omzet")),
    "CompanyKeyFiguresState.hide_accounts": ui(DIALOG),
    "CompanyCashFlowState.load": page_load(OWN_COMPANY),
    "CompanyCashFlowState.choose_year": ui(NAVIGATE, values("year", "2018")),
    "CompanyCashFlowState.choose_upto": ui(NAVIGATE, values("upto", "3")),
    "CompanyCashFlowState.choose_period": ui(NAVIGATE, values("period", "3", "jaar")),
    "AccountsState.load": page_load(junior=NICK),
    "AccountsState.choose_year": ui(NAVIGATE, values("value", "2018")),
    "AccountsState.choose_key": ui(NAVIGATE, values("value", "omzet")),
    "AccountsState.choose_first": ui(NAVIGATE, values("value", "2")),
    "AccountsState.choose_upto": ui(NAVIGATE, values("value", "6")),
    "AccountsState.reclassify": guarded(FIGURES, lambda w: [
        {"account_id": w.noord.account, "category": "kosten"},
        {"account_id": {"x": 1}, "category": None}], junior=NICK),
    "AccountsState.confirm": guarded(FIGURES, lambda w: [
        {"account_id": w.noord.account}, {"account_id": {"x": 1}}], junior=NICK),
    "AccountLinesState.load": page_load(junior=NICK),
    "AccountLinesState.choose_year": ui(NAVIGATE, values("value", "2018")),
    "AccountLinesState.previous_page": ui(NAVIGATE),
    "AccountLinesState.next_page": ui(NAVIGATE),
    # --- Online: the company's side ------------------------------------------------------
    "RequestsState.load": page_load("the requests of the person's own companies"),
    "RequestsState.approve": guarded(ANSWER, ids("collaboration_id", _noord("request_id")),
                                     junior=GERDA),
    "RequestsState.decline": guarded(ANSWER, ids("collaboration_id", _noord("request_id")),
                                      junior=GERDA),
    "CompaniesState.load": page_load("the companies the person may manage"),
    "CompanyUsersState.load": page_load(junior=GERDA),
    "CompanyUsersState.close_dialog": ui(DIALOG),
    "CompanyUsersState.dialog_open_change": ui(DIALOG, lambda w: [
        {"open_": True, "dialog": "edit", "member_id": _member(FRANS)(w)},
        {"open_": True, "dialog": "create"}, {"open_": False},
        *({"open_": True, "dialog": "email", "member_id": g} for g in GARBAGE),
        *({"open_": g, "dialog": g} for g in GARBAGE[1:])]),
    "CompanyUsersState.deliver_mail": ui("delivers mail already queued, then re-reads the list "
                                         "through the policy; nothing is queued"),
    "CompanyUsersState.create": guarded(COMPANY_USERS, form(_user_form), junior=GERDA),
    "CompanyUsersState.save_edit": guarded(
        COMPANY_USERS, form(lambda w: {"role": "gebruiker", "phone": "0600000000"}),
        junior=GERDA, by_argument=True, prime=(("dialog_open_change", _opening("edit")),)),
    "CompanyUsersState.save_email": guarded(
        COMPANY_USERS, form(lambda w: {"email": "ingrid@example.com"}), junior=GERDA,
        by_argument=True, prime=(("dialog_open_change", _opening("email")),)),
    "CompanyUsersState.resend": guarded(COMPANY_USERS, ids("member_id", _member(GERDA)),
                                        junior=GERDA),
    "CompanyUsersState.deactivate": guarded(COMPANY_USERS, ids("member_id", _member(GERDA)),
                                            junior=GERDA),
    "MyServicesState.load": page_load("the person's own services"),
    "CompanyOverviewState.load": page_load(),
    "CompanyOverviewState.choose_year": guarded(OWN_COMPANY, values("year", "2018")),
    "CompanyOverviewState.choose_month": guarded(OWN_COMPANY, values("month", "3")),
    "CompanyOverviewState.download_pdf": guarded(OWN_COMPANY),
    "CompanyOverviewState.post_comment": guarded(
        "comments: serving employees write, company users read", form(lambda w: {
            "target": "omzet", "month": "3", "text": "Ingebroken."}), junior=GERDA),
    "CompanyOverviewState.edit_comment": ui(
        "marks which comment the form edits; saving checks", ids("comment_id", _noord("comment_id"))),
    "CompanyOverviewState.cancel_comment_edit": ui(DIALOG),
    "CompanyOverviewState.save_comment": guarded(
        "comments: only the author edits", form(lambda w: {"text": "Overschreven."}),
        junior=GERDA, by_argument=True, prime=(("edit_comment", ids("comment_id", _noord("comment_id"))),)),
    "CompanyOverviewState.delete_comment": guarded(
        "comments: only the author deletes", ids("comment_id", _noord("comment_id")),
        junior=GERDA),
    "ClientAuditState.load": page_load("a client's audit log: employees of its office"),
    "ClientAuditState.apply_filters": ui(NAVIGATE, form(lambda w: {
        "person": str(w.identities[NORA]), "part": "client", "date_from": "2018-01-01"})),
    "ClientAuditState.clear_filters": ui(NAVIGATE),
    "ClientAuditState.previous_page": ui(NAVIGATE),
    "ClientAuditState.next_page": ui(NAVIGATE),
    "ClientAuditState.download_csv": guarded(CLIENT_RECORDS),
    "WhoSeesState.load": page_load("who can see a company's figures: its Beheerders",
                                   junior=GERDA),
    "WhoSeesState.choose_company": ui(NAVIGATE, ids("value", _noord("company_id"))),
    "WhoSeesState.previous_page": ui(NAVIGATE),
    "WhoSeesState.next_page": ui(NAVIGATE),
    "MailboxState.load": page_load("development only: empty with SMTP configured (PAGES)"),
    # --- Financial Overview that advises ---------------------------------------------------
    "ForecastState.load": page_load(junior=NICK),
    "ForecastState.save": guarded(FIGURES + " (full version)", form(lambda w: {
        "start_cash": "1,00", "debtor_days": "10", "monthly_costs": "5"}), junior=NICK),
    "ForecastState.use_figures": guarded(FIGURES + " (full version)", junior=NICK),
    "ForecastState.show_view": ui(DIALOG, values("view", "tabel", "grafiek")),
    "PortfolioState.load": Entry(LOAD, PORTFOLIO, may_change=SNAPSHOTS),
    "PortfolioState.sort_by": Entry(READ, PORTFOLIO, values("column", "naam", "omzet"),
                                    may_change=SNAPSHOTS),
    "PortfolioState.apply_filter": Entry(READ, PORTFOLIO, form(lambda w: {
        "search": "reiger", "flag": "rood"}), may_change=SNAPSHOTS),
    "PortfolioState.show_flag": Entry(READ, PORTFOLIO, values("flag", "rood", "geen"),
                                      may_change=SNAPSHOTS),
    "PortfolioState.next_page": Entry(READ, PORTFOLIO, may_change=SNAPSHOTS),
    "PortfolioState.previous_page": Entry(READ, PORTFOLIO, may_change=SNAPSHOTS),
    "NoticesState.load": page_load("the person's own notices"),
    "NoticesState.mark_read": guarded("one's own notices: anyone else's answers as unknown",
                                      lambda w: [{"notice_id": 1}, *({"notice_id": g}
                                                                      for g in GARBAGE)]),
    "NoticesState.mark_all_read": own_read("marks the caller's own notices read, nobody "
                                           "else's"),
    "AdviceSettingsState.load": page_load("the office's own setting"),
    "ClientPacksState.load": page_load(PACKS, junior=NICK),
    "ClientPacksState.create": guarded(PACKS, form(lambda w: {
        "period_kind": "month", "period": f"{w.noord.year}-5"}), junior=NICK),
    "PackState.load": page_load(PACKS, junior=NICK),
    "PackState.set_introduction": ui(TYPING, values("value", "Nieuwe inleiding")),
    "PackState.set_text": ui(TYPING, values("value", "Nieuwe tekst {omzet}")),
    "PackState.toggle_part": ui(TYPING, values("key", "balans")),
    "PackState.save": guarded(PACKS, junior=NICK),
    "PackState.fill_summary": guarded(PACKS, junior=NICK),
    "PackState.publish": guarded(PACKS, junior=NICK),
    "PackState.deliver_mail": ui("delivers mail already queued; nothing is queued"),
    "PackState.download": guarded(PACKS, values("fmt", "pdf", "xlsx"), junior=NICK),
    "CompanyPackState.download": guarded(OWN_COMPANY + ": a published version, never a draft",
                                         values("fmt", "pdf", "xlsx")),
    "PacksReviewState.load": page_load("the packs of the clients the person serves"),
    "PackScheduleState.load": page_load("the office's own schedule"),
    "PackScheduleState.save": own_office(
        "the office's own schedule (office beheerders; a junior is refused beside the use case)",
        form(lambda w: {"active": "on", "period_kind": "month", "days_after": "10",
                        "part-kengetallen": "on", "introduction": "Hierbij {periode}."}),
        reportschedule="the caller's own office's schedule"),
    "CompanyPacksState.load": page_load(OWN_COMPANY + ": published packs only"),
    "CompanyPackState.load": page_load(OWN_COMPANY + ": a published version, never a draft"),
    "AdviceSettingsState.save": own_office(
        "the caller's own office's switch (tests/integration/test_advice.py: a medewerker is "
        "refused)", form(lambda w: {"compare_within_office": "on"}),
        officeadvicesetting="another office's beheerder switches their own office",
        auditentry="that change, logged"),
    "AdviceSettingsState.add_default_figure": ui(
        "adds a figure to the set edited in the page; saving checks",
        form(lambda w: {"key": "quick_ratio"})),
    "AdviceSettingsState.move_default_figure": ui(
        "moves a figure of the set edited in the page; saving checks",
        lambda w: [{"key": "omzet", "step": 1}, {"key": "omzet", "step": "x"},
                   {"key": None, "step": None}]),
    "AdviceSettingsState.remove_default_figure": ui(
        "removes a figure from the set edited in the page; saving checks",
        values("key", "omzet")),
    "AdviceSettingsState.use_product_default": ui(
        "puts the product's set in the page; saving checks"),
    "AdviceSettingsState.undo_default": own_read("reads the office's own saved set again"),
    "AdviceSettingsState.save_default": own_office(
        "the caller's own office's default set (tests/state/test_cash_flow_and_key_figures.py: "
        "a medewerker is refused)",
        officekeyfigure="another office's beheerder sets their own office's default set",
        auditentry="that change, logged"),
    "DashboardAdviceState.load": guarded(
        FIGURES + " or the company's own overview: the forecast link and the comparison",
        junior=NICK),
    "FigureQuestionsState.load": guarded(
        "the threads on a company's figures: its users with Financial Overview (and the "
        "employees serving its client, on their own page)", junior=NICK),
    "FigureQuestionsState.open_question": ui(DIALOG, lambda w: [
        {"figure_key": "kpi:omzet", "open_": True}, {"figure_key": None, "open_": "ja"},
        {"figure_key": {"id": 1}, "open_": False}]),
    "FigureQuestionsState.ask": guarded(
        "a question on a figure: the company's users with Financial Overview of that company",
        form(lambda w: {"figure_key": "kpi:omzet", "year": str(w.noord.year or 2018),
                        "month": "3", "text": "Waarom is dit zo?"}), junior=NICK),
    "FigureQuestionsState.deliver_mail": ui("delivers mail already queued; nothing is queued"),
    # --- downloads (.xlsx/.csv), the budget from Excel, Instellingen > Huisstijl --------------
    "ExportState.trial_balance": guarded(FIGURES, lambda w: [
        {"year": str(w.noord.year or 2018), "fmt": "xlsx"}, {"year": "2018", "fmt": "csv"},
        {"year": None, "fmt": {"x": 1}}], junior=NICK),
    "ExportState.reports": guarded(FIGURES, lambda w: [
        {"year": str(w.noord.year or 2018), "month": "12"}, {"year": "abc", "month": None}],
        junior=NICK),
    "ExportState.accounts": guarded(FIGURES, lambda w: [
        {"year": str(w.noord.year or 2018), "key": "omzet", "first": "1", "upto": "12"},
        {"year": None, "key": {"x": 1}, "first": "abc", "upto": None}], junior=NICK),
    "ExportState.lines": guarded(FIGURES, lambda w: [
        {"year": str(w.noord.year or 2018)}, {"year": None}], junior=NICK),
    "ExportState.budget": guarded(FIGURES, lambda w: [
        {"year": str(w.noord.year or 2018)}, {"year": {"x": 1}}], junior=NICK),
    "ExportState.portfolio": own_read(PORTFOLIO + ": the download holds the caller's own", lambda w: [
        {"search": "", "flag": "", "sort": "naam", "descending": False},
        {"search": None, "flag": {"x": 1}, "sort": 3, "descending": "ja"}]),
    "BudgetUploadState.receive": guarded(
        FIGURES + " (the budget from Excel)", lambda w: [{"chunks": upload("budget.xlsx", b"PK")}],
        junior=NICK),
    "BudgetUploadState.rejected": ui("the browser refused a file: a message, nothing sent",
                                     lambda w: [{"files": [{"errors": [{"code": "file-too-large"}]}]},
                                                {"files": None}]),
    "HouseStyleState.load": page_load("the office's own house style, for its employees"),
    "HouseStyleState.save": own_office(
        HOUSE_STYLE, form(lambda w: {"colour": "#000000", "disclaimer": "Ingebroken."}),
        officehousestyle="another office's beheerder sets their own office's house style",
        auditentry="that change, logged"),
    "HouseStyleState.upload_logo": own_office(
        HOUSE_STYLE, lambda w: [{"chunks": upload("logo.png", _png())}],
        officehousestyle="another office's beheerder sets their own office's logo",
        auditentry="that change, logged"),
    "HouseStyleState.remove_logo": own_office(HOUSE_STYLE),
    "HouseStyleState.logo_rejected": ui("the browser refused a file: a message, nothing sent",
                                        lambda w: [{"files": []}, {"files": None}]),
    "QuestionsListState.load": page_load("the questions of the clients the person serves"),
    "QuestionsListState.answer": guarded(
        FIGURES + ": answering a client's question", form(lambda w: {
            "question_id": w.noord.question_id, "text": "Zo zit het."}),
        junior=NICK, by_argument=True),
    "QuestionsListState.deliver_mail": ui("delivers mail already queued; nothing is queued"),
}


# Reflex's built-in on every state: checked through the set_* handlers it reaches.
SETVAR = Entry("setvar", "reaches every set_* of the state; see the module's docstring")


def _entry(name: str) -> Entry | None:
    return SETVAR if name.endswith(".setvar") else MATRIX.get(name)


# Who rightfully opens each page, and a text of Noordhuis's that it then shows: the control
# that the hostile calls above reach real pages with real data (a harness that loaded nothing
# would pass every refusal).
RIGHTFUL: dict[str, tuple[str, Callable[[World], str]]] = {
    "ClientListState.load": (NORA, lambda w: w.noord.client_name),
    "ClientFormState.load": (NORA, lambda w: w.noord.client_name),
    "ClientPageState.load": (NORA, lambda w: "Jaarrekening Zilverreiger besproken"),
    "ServiceListState.load": (NORA, lambda w: f"FO{w.noord.client_number}"),
    "ServiceFormState.load": (NORA, lambda w: f"FO{w.noord.client_number}"),
    "FinancialOverviewState.load": (NORA, lambda w: COMMENT_TEXT),
    "LedgerImportState.load": (NORA, lambda w: w.noord.client_name),
    "BudgetState.load": (NORA, lambda w: w.noord.client_name),
    "TrialBalanceState.load": (NORA, lambda w: w.noord.client_name),
    "HouseStyleState.load": (NORA, lambda w: w.noord.office_name),
    "CashFlowState.load": (NORA, lambda w: w.noord.client_name),
    "KeyFiguresState.load": (NORA, lambda w: w.noord.client_name),
    "CompanyKeyFiguresState.load": (FRANS, lambda w: w.noord.client_name),
    "CompanyCashFlowState.load": (FRANS, lambda w: w.noord.client_name),
    "AccountsState.load": (NORA, lambda w: w.noord.account),
    "AccountLinesState.load": (NORA, lambda w: w.noord.client_name),
    "RequestsState.load": (FRANS, lambda w: w.noord.office_name),
    "CompaniesState.load": (FRANS, lambda w: w.noord.company_name),
    "CompanyUsersState.load": (FRANS, lambda w: w.emails[GERDA]),
    "MyServicesState.load": (FRANS, lambda w: w.noord.company_name),
    "CompanyOverviewState.load": (FRANS, lambda w: COMMENT_TEXT),
    "TwoFactorState.load": (NORA, lambda w: w.names[NORA]),
    "SecuritySettingsState.load": (NORA, lambda w: w.emails[NICK]),
    "ApiKeysState.load": (NORA, lambda w: "Boekhoudpakket Noordhuis"),
    "ClientAuditState.load": (NORA, lambda w: w.names[NORA]),
    "WhoSeesState.load": (FRANS, lambda w: w.names[NORA]),
    "MailboxState.load": (NORA, lambda w: w.emails[FRANS]),  # development: no SMTP server
    "AccountState.load": (NORA, lambda w: w.emails[NORA]),
    "ForecastState.load": (NORA, lambda w: w.noord.client_name),
    "PortfolioState.load": (NORA, lambda w: w.noord.client_name),
    "NoticesState.load": (NORA, lambda w: w.names[NORA]),
    "QuestionsListState.load": (NORA, lambda w: QUESTION_TEXT),
    "AdviceSettingsState.load": (NORA, lambda w: w.names[NORA]),
    "ClientPacksState.load": (NORA, lambda w: w.noord.client_name),
    "PackScheduleState.load": (NORA, lambda w: "Hierbij {periode} voor Noordhuis."),
    "PackState.load": (NORA, lambda w: PACK_TEXT),
    "PacksReviewState.load": (NORA, lambda w: w.noord.client_name),
    "CompanyPacksState.load": (FRANS, lambda w: "Maandrapportage mrt"),
    "CompanyPackState.load": (FRANS, lambda w: PACK_TEXT),
}


# --- running one call ----------------------------------------------------------------------

ANONYMOUS, OTHER_OFFICE, OTHER_COMPANY, JUNIOR = "anonymous", "other-office", "other-company", \
    "junior"
REFUSAL_VARS = ("error", "errors", "reason", "refused", "load_error", "list_error",
                "comment_error", "login_error", "form_error")
HOMES = (routes.CLIENTS, routes.ONLINE_SERVICES, routes.ONLINE_REQUESTS)  # where a refusal may send


def _refusing(path: str) -> bool:
    return path.startswith(routes.LOGIN) or path.split("?")[0] in HOMES


def _flat(values: dict) -> dict[tuple[str, str], Any]:
    return {(state, var): value for state, vars_ in values.items() for var, value in vars_.items()
            if not var.startswith(("router", "rx_router"))}


def _text(values: dict) -> str:
    return json.dumps(values, default=str, ensure_ascii=False)


def _handler(name: str) -> tuple[type[BaseState], str]:
    state, _, handler = name.partition(".")
    return STATES[state], handler


@dataclass
class Call:
    """One person's tab at one page, and what went wrong there."""

    world: World
    person: str | None
    secrets: list[str]
    database: Any  # conftest.Database
    may_change: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def tab(self, page: Page, tenant: Tenant) -> Tab:
        tab = Tab(self.world.tokens[self.person] if self.person else "")
        return tab.open(page.route, page.query(tenant), **page.params(tenant))

    def send(self, tab: Tab, cls: type[BaseState], handler: str, payload: dict, *,
             kind: str, label: str) -> Answer:
        before = _flat(tab.values())
        answer = tab.dispatch(cls, handler, payload)
        after_values = tab.values()
        what = f"{label}({_short(payload)})"
        if answer.error is not None:
            self.problems.append(f"{what} raised {type(answer.error).__name__}: {answer.error}")
            return answer
        shown = _text(after_values)
        leaked = [s for s in self.secrets if s in shown]
        if leaked:
            self.problems.append(f"{what} leaked {leaked} into the page's vars")
        if kind == GUARDED:
            self._refused(what, answer, before, _flat(after_values))
        return answer

    def database_unchanged(self, since: dict, where: str) -> None:
        """Every row as it was (a table the entry allows to change aside)."""
        kept, allowed = [], False
        for line in self.database.changes_since(since):
            if not line.startswith("  "):  # a table's header line; its rows follow, indented
                allowed = line.split(":")[0] in self.may_change
            if not allowed:
                kept.append(line)
        if kept:
            self.problems.append(f"{where}, the database changed:\n    " + "\n    ".join(kept))

    def _refused(self, what: str, answer: Answer, before: dict, after: dict) -> None:
        if answer.success_toasts or answer.downloads:
            self.problems.append(f"{what} was carried out: {answer}")
            return
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        if any(not _refusing(r) for r in answer.redirects):
            self.problems.append(f"{what} redirected elsewhere: {answer}")
        elif answer.redirects or answer.error_toasts or not changed:
            return
        elif not any(var.removesuffix("_rx_state_") in REFUSAL_VARS and value
                     for (state, var), value in after.items()):
            names = sorted(var for _, var in changed)
            self.problems.append(f"{what} was not refused: page changed {names}, {answer}")


def _short(payload: dict) -> str:
    return ", ".join(f"{k}={v!r}"[:60] for k, v in payload.items())


def _run_sequence(call: Call, name: str, entry: Entry, page_of: Tenant, *,
                  switch_to: Tenant | None = None) -> None:
    """Open the page of ``page_of`` and run its load, switch the route to ``switch_to``'s
    without a load (a stale tab), run the entry's primes, then call the handler with every
    payload; from the person's own page only the first (the one naming Noordhuis's object:
    garbage there would rightly act on their own). The database must be as before, or, from
    the person's own page, as its rightful load left it (a load may record a view)."""
    cls, handler = _handler(name)
    page = PAGES[cls.__name__]
    own = page_of is not call.world.noord
    where = ("from their own page" + (" switched to Noordhuis's" if switch_to else "")
             if own else "on Noordhuis's page")
    tab = call.tab(page, page_of)
    if page.load and page.load != name:
        load_cls, load_handler = _handler(page.load)
        call.send(tab, load_cls, load_handler, {}, kind=LOAD, label=page.load)
    since = call.database.snap() if own else call.database.initial
    if switch_to is not None:
        tab.open(page.route, page.query(switch_to), **page.params(switch_to))
    for prime, payloads in entry.prime:
        for payload in payloads(call.world)[:1]:
            call.send(tab, cls, prime, payload, kind=UI, label=f"(first) {cls.__name__}.{prime}")
    payloads = entry.args(call.world)
    for payload in payloads[:1] if own else payloads:
        call.send(tab, cls, handler, payload, kind=entry.kind, label=name)
    call.database_unchanged(since, where)


def _setvar_calls(cls: type[BaseState], world: World) -> list[tuple[str, Entry, dict]]:
    """setvar reaches every set_* attribute of the state: (its entry's name, entry, payload)."""
    calls = []
    for attr in sorted(a for a in dir(cls) if a.startswith("set_")):
        owner = next(c for c in cls.__mro__ if attr in vars(c))
        key = f"{owner.__name__}.{attr}"
        entry = MATRIX.get(key)
        if entry is None:
            pytest.fail(f"setvar reaches {key}, which has no entry in MATRIX")
        for payload in entry.args(world):
            value = next(iter(payload.values()), None)
            calls.append((key, entry, {"var_name": attr[4:], "value": value}))
    return calls


# --- the tests -------------------------------------------------------------------------------


def test_every_state_module_imports():
    assert IMPORT_FAILURES == {}


def _reached_by_setvar() -> set[str]:
    return {f"{next(o for o in c.__mro__ if a in vars(o)).__name__}.{a}"
            for c in STATES.values() for a in dir(c) if a.startswith("set_")}


def test_every_entry_names_a_handler():
    stale = sorted(set(MATRIX) - set(HANDLERS) - _reached_by_setvar())
    assert stale == [], "entries without a handler (renamed or removed?)"


def test_every_page_load_is_entered_as_one():
    """A handler made by @page_load checks the session itself: it is a load in the table."""
    loads = sorted(name for name in HANDLERS
                   if getattr(_handler(name)[0].event_handlers[_handler(name)[1]].fn,
                              "page_load", False))
    assert loads, "no @page_load handler found: has session.page_load changed?"
    assert [n for n in loads if _entry(n) is None or _entry(n).kind != LOAD] == []


def test_every_page_is_known():
    assert sorted(set(STATES) - set(PAGES)) == [], "states without a page in PAGES"


@pytest.mark.parametrize("load", sorted(RIGHTFUL))
def test_the_rightful_person_gets_the_page(load, world):
    person, shown = RIGHTFUL[load]
    cls, handler = _handler(load)
    page = PAGES[cls.__name__]
    tab = Tab(world.tokens[person]).open(page.route, page.query(world.noord),
                                         **page.params(world.noord))
    answer = tab.dispatch(cls, handler)
    assert answer.error is None and not answer.redirects and not answer.error_toasts, answer
    assert shown(world) in _text(tab.values())


def test_every_page_load_has_a_rightful_person():
    loads = {p.load for p in PAGES.values() if p.load} - {
        "LoginState.on_load", "ActivationState.load",  # nobody's: they show no one's data
        "PasswordForgottenState.load", "PasswordResetState.load", "EmailConfirmState.load"}
    assert sorted(loads - set(RIGHTFUL)) == []


def _cases() -> list[Any]:
    cases = []
    for name in HANDLERS:
        entry = _entry(name)
        people = [ANONYMOUS, OTHER_OFFICE, OTHER_COMPANY]
        if entry is not None and entry.junior:
            people.append(JUNIOR)
        cases += [pytest.param(name, who, id=f"{name}-{who}") for who in people]
    return cases


@pytest.mark.parametrize(("name", "who"), _cases())
def test_refused(name, who, world, database, monkeypatch):
    cls, handler = _handler(name)
    entry = _entry(name)
    assert entry is not None, (
        f"{name} has no entry in MATRIX: say who may call it (guarded), or why it is harmless")
    page = PAGES[cls.__name__]
    if page.env:
        for key, value in page.env.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
    person = {ANONYMOUS: None, OTHER_OFFICE: SVEN, OTHER_COMPANY: BEA, JUNIOR: entry.junior}[who]
    secrets = world.secrets_of_noord() if who != JUNIOR else (
        world.figures_secrets() if person == NICK else [world.emails[FRANS], world.names[FRANS]])
    own = world.zuid

    if handler == "setvar":
        for key, setter_entry, payload in _setvar_calls(cls, world):
            call = Call(world, person, secrets, database)
            _run_setvar(call, name, key, setter_entry, payload, world)
            _report(call, name)
        _setvar_sets_no_plain_var(cls, world, person, database)
        return

    call = Call(world, person, secrets, database, entry.may_change)
    _run_sequence(call, name, entry, world.noord)
    if who in (OTHER_OFFICE, OTHER_COMPANY) and entry.kind == GUARDED:
        _run_sequence(call, name, entry, own, switch_to=world.noord)
        if entry.by_argument:
            _run_sequence(call, name, entry, own)
    _report(call, name)


def _run_setvar(call: Call, name: str, key: str, entry: Entry, payload: dict, world: World):
    cls, _ = _handler(name)
    page = PAGES[cls.__name__]
    tab = call.tab(page, world.noord)
    if page.load:
        load_cls, load_handler = _handler(page.load)
        call.send(tab, load_cls, load_handler, {}, kind=LOAD, label=page.load)
    call.send(tab, cls, "setvar", payload, kind=entry.kind, label=f"{name}->{key}")
    call.database_unchanged(call.database.initial, "on Noordhuis's page")


def _setvar_sets_no_plain_var(cls, world, person, database) -> None:
    """setvar of a var without a set_* (the session cookie, the user's name, a role flag)
    raises Reflex's AttributeError and sets nothing."""
    tab = Tab(world.tokens[person] if person else "")
    for var, value in (("session_token", world.tokens[FRANS]), ("user_name", "Frans"),
                       ("is_office_admin", True)):
        answer = tab.dispatch(cls, "setvar", {"var_name": var, "value": value})
        assert isinstance(answer.error, AttributeError), (var, str(answer))
    assert tab.state(SessionState).session_token == (world.tokens[person] if person else "")
    assert database.changes_since(database.initial) == []


def _report(call: Call, name: str) -> None:
    """Fail with everything that went wrong in the calls."""
    assert not call.problems, (f"{name} as {call.person or 'nobody'}:\n  "
                               + "\n  ".join(call.problems))
