"""The app: every page and its on_load, nothing else.

A protected page's on_load is its state's ``load`` alone: ``@page_load`` checks the session
(and for Advisor pages that the user is an employee) in the same event, before any data."""

import gc

import reflex as rx

from vfo_app import routes
from vfo_app.api import api_app
from vfo_app.auth_routes import AuthRoutes
from vfo_app.domain.jobs import run_forever
from vfo_app.http_headers import SecurityHeadersMiddleware
from vfo_app.logo_route import LogoRoute
from vfo_app.pages.account import email_confirm_page, my_account_page
from vfo_app.pages.activation import activation_page
from vfo_app.pages.advice_settings import advice_settings_page
from vfo_app.pages.api_keys import api_keys_page
from vfo_app.pages.budget import budget_page
from vfo_app.pages.cash_flow import cash_flow_page, company_cash_flow_page
from vfo_app.pages.client import client_page
from vfo_app.pages.client_audit import client_audit_page
from vfo_app.pages.client_form import client_form_page
from vfo_app.pages.clients import clients_page
from vfo_app.pages.dev_mailbox import mailbox_page
from vfo_app.pages.drilldown import account_page, accounts_page
from vfo_app.pages.forecast import forecast_page
from vfo_app.pages.house_style import house_style_page
from vfo_app.pages.key_figures import company_key_figures_page, key_figures_page
from vfo_app.pages.ledger_import import ledger_import_page
from vfo_app.pages.login import login_page
from vfo_app.pages.my_services import company_overview_page, my_services_page
from vfo_app.pages.online import requests_page
from vfo_app.pages.online_users import companies_page, users_page
from vfo_app.pages.overview import financial_overview_page, terms_page
from vfo_app.pages.password_reset import forgotten_page, reset_page
from vfo_app.pages.portfolio import notices_page, portfolio_page
from vfo_app.pages.questions import questions_page
from vfo_app.pages.report_packs import (
    client_packs_page,
    company_pack_page,
    company_packs_page,
    pack_page,
    pack_schedule_page,
    packs_review_page,
)
from vfo_app.pages.security_settings import security_settings_page
from vfo_app.pages.services import service_form_page, services_list_page
from vfo_app.pages.trial_balance import trial_balance_page
from vfo_app.pages.two_factor import two_factor_page
from vfo_app.pages.who_sees import who_sees_page
from vfo_app.state.account import AccountState, EmailConfirmState
from vfo_app.state.activation import ActivationState
from vfo_app.state.advice import AdviceSettingsState
from vfo_app.state.api_keys import ApiKeysState
from vfo_app.state.budget import BudgetState
from vfo_app.state.cash_flow import CashFlowState, CompanyCashFlowState
from vfo_app.state.client_audit import ClientAuditState
from vfo_app.state.client_page import ClientPageState
from vfo_app.state.clients import ClientFormState, ClientListState
from vfo_app.state.dev_mailbox import MailboxState
from vfo_app.state.drilldown import AccountLinesState, AccountsState
from vfo_app.state.forecast import ForecastState
from vfo_app.state.house_style import HouseStyleState
from vfo_app.state.key_figures import CompanyKeyFiguresState, KeyFiguresState
from vfo_app.state.ledger_import import LedgerImportState
from vfo_app.state.login import LoginState
from vfo_app.state.my_services import CompanyOverviewState, MyServicesState
from vfo_app.state.online import RequestsState
from vfo_app.state.online_users import CompaniesState, CompanyUsersState
from vfo_app.state.overview import FinancialOverviewState
from vfo_app.state.password_reset import PasswordForgottenState, PasswordResetState
from vfo_app.state.portfolio import NoticesState, PortfolioState
from vfo_app.state.questions import QuestionsListState
from vfo_app.state.report_packs import (
    ClientPacksState,
    CompanyPacksState,
    CompanyPackState,
    PackScheduleState,
    PacksReviewState,
    PackState,
)
from vfo_app.state.security_settings import SecuritySettingsState
from vfo_app.state.services import ServiceFormState, ServiceListState
from vfo_app.state.trial_balance import TrialBalanceState
from vfo_app.state.two_factor import TwoFactorState
from vfo_app.state.who_sees import WhoSeesState

# The HTTP API (vfo_app.api) and the routes that set and remove the HttpOnly session cookie
# (vfo_app.auth_routes) in front of the backend; security headers on every response of every
# instance (those routes and, with --single-port, the pages).
app = rx.App(stylesheets=["/app.css", "/overlays.css"], html_lang="nl",
             api_transformer=[api_app(), AuthRoutes, LogoRoute, SecurityHeadersMiddleware])
app.add_page(login_page, route=routes.LOGIN, title="Inloggen", on_load=LoginState.on_load)
app.add_page(lambda: rx.fragment(), route=routes.HOME, title="Visma Advisor",
             on_load=rx.redirect(routes.CLIENTS))
app.add_page(client_page, route=routes.CLIENT, title="Klant",
             on_load=ClientPageState.load)  # loads every tab
app.add_page(clients_page, route=routes.CLIENTS, title="Klanten",
             on_load=ClientListState.load)
app.add_page(client_form_page, route=routes.CLIENT_NEW, title="Nieuwe klant",
             on_load=ClientFormState.load)
app.add_page(client_form_page, route=routes.CLIENT_EDIT, title="Klant bewerken",
             on_load=ClientFormState.load)
app.add_page(services_list_page, route=routes.SETTINGS_SERVICES, title="Diensten",
             on_load=ServiceListState.load)
app.add_page(service_form_page, route=routes.SETTINGS_SERVICE_NEW, title="Nieuwe dienst",
             on_load=ServiceFormState.load)
app.add_page(service_form_page, route=routes.SETTINGS_SERVICE, title="Dienst",
             on_load=ServiceFormState.load)
app.add_page(financial_overview_page, route=routes.CLIENT_OVERVIEW,
             title="Visma Financial Overview",
             on_load=FinancialOverviewState.load)
app.add_page(terms_page, route=routes.TERMS, title="Algemene voorwaarden")
app.add_page(requests_page, route=routes.ONLINE_REQUESTS, title="Verzoeken",
             on_load=RequestsState.load)

# Online: company users, activation, Mijn diensten
app.add_page(companies_page, route=routes.ONLINE_COMPANIES, title="Bedrijven",
             on_load=CompaniesState.load)
app.add_page(users_page, route=routes.ONLINE_USERS, title="Gebruikers",
             on_load=CompanyUsersState.load)
app.add_page(my_services_page, route=routes.ONLINE_SERVICES, title="Mijn diensten",
             on_load=MyServicesState.load)
app.add_page(company_overview_page, route=routes.ONLINE_COMPANY_OVERVIEW,
             title="Visma Financial Overview",
             on_load=CompanyOverviewState.load)
app.add_page(activation_page, route=routes.ACTIVATE, title="Account activeren",
             on_load=ActivationState.load)
app.add_page(mailbox_page, route=routes.DEV_MAILBOX, title="Ontwikkelmailbox",
             on_load=MailboxState.load)
# One's own account: Wachtwoord vergeten?, Mijn account and the e-mail confirmation link
app.add_page(forgotten_page, route=routes.PASSWORD_FORGOTTEN, title="Wachtwoord vergeten",
             on_load=PasswordForgottenState.load)
app.add_page(reset_page, route=routes.PASSWORD_RESET, title="Nieuw wachtwoord kiezen",
             on_load=PasswordResetState.load)
app.add_page(my_account_page, route=routes.ACCOUNT, title="Mijn account", on_load=AccountState.load)
app.add_page(email_confirm_page, route=routes.EMAIL_CONFIRM, title="E-mailadres bevestigen",
             on_load=EmailConfirmState.load)
app.register_lifespan_task(run_forever)  # outbox and periodic jobs, once across workers

# Financial Overview: Gegevens bijwerken and drill-down

app.add_page(ledger_import_page, route=routes.CLIENT_OVERVIEW_DATA, title="Gegevens bijwerken",
             on_load=LedgerImportState.load)
app.add_page(accounts_page, route=routes.CLIENT_OVERVIEW_ACCOUNTS, title="Rekeningen",
             on_load=AccountsState.load)
app.add_page(account_page, route=routes.CLIENT_OVERVIEW_ACCOUNT, title="Rekening",
             on_load=AccountLinesState.load)

# Financial Overview: budget and budget against actual
app.add_page(budget_page, route=routes.CLIENT_OVERVIEW_BUDGET, title="Budget",
             on_load=BudgetState.load)
app.add_page(trial_balance_page, route=routes.CLIENT_OVERVIEW_TRIAL_BALANCE,
             title="Proef- en saldibalans",
             on_load=TrialBalanceState.load)

# Online: Wie kan onze cijfers zien (a company's Beheerders)
app.add_page(who_sees_page, route=routes.ONLINE_WHO_SEES, title="Wie kan onze cijfers zien",
             on_load=WhoSeesState.load)

# Advisor: a client's audit log (Logboek)
app.add_page(client_audit_page, route=routes.CLIENT_AUDIT, title="Logboek",
             on_load=ClientAuditState.load)

# Two-factor login: the user's own second factor, the office's requirement
app.add_page(two_factor_page, route=routes.TWO_FACTOR, title="Tweestapsverificatie",
             on_load=TwoFactorState.load)
app.add_page(security_settings_page, route=routes.SETTINGS_SECURITY, title="Beveiliging",
             on_load=SecuritySettingsState.load)

# Instellingen > API-sleutels: keys for pushing auditfiles (vfo_app/api.py)
app.add_page(api_keys_page, route=routes.SETTINGS_API_KEYS, title="API-sleutels",
             on_load=ApiKeysState.load)

# Financial Overview: Kasstroom and Kengetallen (the full version)
app.add_page(cash_flow_page, route=routes.CLIENT_OVERVIEW_CASH_FLOW, title="Kasstroom",
             on_load=CashFlowState.load)
app.add_page(key_figures_page, route=routes.CLIENT_OVERVIEW_KEY_FIGURES, title="Kengetallen",
             on_load=KeyFiguresState.load)
app.add_page(company_key_figures_page, route=routes.ONLINE_COMPANY_KEY_FIGURES,
             title="Kengetallen", on_load=CompanyKeyFiguresState.load)
app.add_page(company_cash_flow_page, route=routes.ONLINE_COMPANY_CASH_FLOW, title="Kasstroom",
             on_load=CompanyCashFlowState.load)

# Financial Overview that advises: the liquidity forecast, the Portefeuille and Meldingen of an
# employee, Instellingen > Advies (the comparison within the office)

app.add_page(forecast_page, route=routes.CLIENT_OVERVIEW_FORECAST, title="Liquiditeitsprognose",
             on_load=ForecastState.load)
app.add_page(portfolio_page, route=routes.PORTFOLIO, title="Portefeuille",
             on_load=PortfolioState.load)
app.add_page(notices_page, route=routes.NOTICES, title="Meldingen", on_load=NoticesState.load)
app.add_page(advice_settings_page, route=routes.SETTINGS_ADVICE, title="Advies",
             on_load=AdviceSettingsState.load)

# Vraag over dit cijfer: the questions of the clients an employee serves, answered here
app.add_page(questions_page, route=routes.QUESTIONS, title="Vragen",
             on_load=QuestionsListState.load)

# Instellingen > Huisstijl: the office's logo, main colour and disclaimer
app.add_page(house_style_page, route=routes.SETTINGS_HOUSE_STYLE, title="Huisstijl",
             on_load=HouseStyleState.load)

# Rapportages: the office composes and publishes a client's pack, reviews what waits, keeps a
# schedule; the company's users read the published versions
app.add_page(client_packs_page, route=routes.CLIENT_PACKS, title="Rapportages",
             on_load=ClientPacksState.load)
app.add_page(pack_page, route=routes.CLIENT_PACK, title="Rapportage", on_load=PackState.load)
app.add_page(packs_review_page, route=routes.PACKS_REVIEW, title="Rapportages",
             on_load=PacksReviewState.load)
app.add_page(pack_schedule_page, route=routes.SETTINGS_PACKS, title="Rapportages: schema",
             on_load=PackScheduleState.load)
app.add_page(company_packs_page, route=routes.COMPANY_PACKS, title="Rapportages",
             on_load=CompanyPacksState.load)
app.add_page(company_pack_page, route=routes.COMPANY_PACK, title="Rapportage",
             on_load=CompanyPackState.load)

# Every module and page is loaded now and lives as long as the process: out of the garbage
# collector's full passes (one walked them for 0.1 s in every auditfile import of 100,000
# lines; vfo import-xaf does the same).
gc.collect()
gc.freeze()
