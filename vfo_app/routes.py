"""Route constants and URL builders: no URL strings scattered through components."""

from __future__ import annotations

from urllib.parse import quote, urlencode

LOGIN = "/login"
# HTTP routes of the backend (vfo_app.auth_routes): the only places the session cookie is set
# and removed, so it can be HttpOnly.
AUTH_SESSION = "/auth/session"
AUTH_LOGOUT = "/auth/logout"
HOME = "/"
CLIENTS = "/klanten"
CLIENT_NEW = "/klanten/nieuw"
CLIENT = "/klanten/[client_id]"
CLIENT_EDIT = "/klanten/[client_id]/bewerken"
SETTINGS_SERVICES = "/instellingen/diensten"
SETTINGS_SERVICE_NEW = "/instellingen/diensten/nieuw"
SETTINGS_SERVICE = "/instellingen/diensten/[service_id]"


def login_url(next_path: str = "") -> str:
    if next_path and next_path.startswith("/") and not next_path.startswith(LOGIN):
        return f"{LOGIN}?next={quote(next_path, safe='/')}"
    return LOGIN


def client_url(client_id: int | str) -> str:
    return f"{CLIENTS}/{client_id}"


def service_url(service_id: int | str) -> str:
    return f"{SETTINGS_SERVICES}/{service_id}"


def safe_next(next_path: str | None, default: str = CLIENTS) -> str:
    """Only same-site paths are followed after login (no open redirect): a path of our own,
    not ``//host`` nor ``/\\host`` (browsers read a backslash as a slash), no control
    characters."""
    if (next_path and next_path.startswith("/") and not next_path.startswith("//")
            and "\\" not in next_path and next_path.isprintable()):
        return next_path
    return default


def session_url(ticket: str, next_path: str) -> str:
    """Where the browser redeems a session ticket and lands on ``next_path`` (a full page load:
    the websocket of the new page carries the HttpOnly cookie)."""
    return f"{AUTH_SESSION}?{urlencode({'ticket': ticket, 'next': next_path})}"

# Online: the client's side
ONLINE_REQUESTS = "/online/verzoeken"


def home_for(is_employee: bool, is_company_admin: bool = False) -> str:
    """Where a user lands after login when no page was asked for."""
    return CLIENTS if is_employee else client_home(is_company_admin)

CLIENT_OVERVIEW = "/klanten/[client_id]/financial-overview"


def financial_overview_url(client_id: int | str, year: int | str | None = None) -> str:
    """The client's dashboard; with ``year`` (``jaar``) that fiscal year instead of the newest."""
    url = f"{CLIENTS}/{client_id}/financial-overview"
    return f"{url}?{urlencode({'jaar': year})}" if year else url

TERMS = "/voorwaarden/financial-overview"

# Online: company users, activation links, Mijn diensten
ONLINE_SERVICES = "/online/diensten"
ONLINE_COMPANIES = "/online/bedrijven"
ONLINE_USERS = "/online/bedrijven/[company_id]/gebruikers"
ONLINE_COMPANY_OVERVIEW = "/online/bedrijven/[company_id]/financial-overview"
ACTIVATE = "/activeren"
DEV_MAILBOX = "/dev/mailbox"

# One's own account: Wachtwoord vergeten?, Mijn account and the links they e-mail
PASSWORD_FORGOTTEN = "/wachtwoord-vergeten"
PASSWORD_RESET = "/wachtwoord-herstellen"
ACCOUNT = "/account"
EMAIL_CONFIRM = "/account/e-mail-bevestigen"


def reset_url(base_url: str, token: str) -> str:
    """The absolute link put in a reset e-mail."""
    return f"{base_url.rstrip('/')}{PASSWORD_RESET}?token={quote(token, safe='')}"


def email_confirm_url(base_url: str, token: str) -> str:
    """The absolute link sent to a new address to confirm it."""
    return f"{base_url.rstrip('/')}{EMAIL_CONFIRM}?token={quote(token, safe='')}"


def company_users_url(company_id: int | str) -> str:
    return f"{ONLINE_COMPANIES}/{company_id}/gebruikers"


def company_overview_url(company_id: int | str) -> str:
    return f"{ONLINE_COMPANIES}/{company_id}/financial-overview"


def activation_url(base_url: str, token: str) -> str:
    """The absolute link put in an activation e-mail."""
    return f"{base_url.rstrip('/')}{ACTIVATE}?token={quote(token, safe='')}"


def client_home(is_company_admin: bool) -> str:
    """Where a client user lands: Mijn diensten, Beheerders too (the menu's Verzoeken says
    how many requests wait for them)."""
    return ONLINE_SERVICES

# Financial Overview: Gegevens bijwerken and drill-down
CLIENT_OVERVIEW_DATA = "/klanten/[client_id]/financial-overview/gegevens"
CLIENT_OVERVIEW_ACCOUNTS = "/klanten/[client_id]/financial-overview/rekeningen"
CLIENT_OVERVIEW_ACCOUNT = "/klanten/[client_id]/financial-overview/rekening/[account_id]"


def overview_data_url(client_id: int | str) -> str:
    return f"{financial_overview_url(client_id)}/gegevens"


def overview_accounts_url(client_id: int | str, year: int | str, category: str,
                          upto: int | str | None = None, first: int | str | None = None) -> str:
    """The accounts of a category or key figure (``categorie``) for ``jaar``; ``t_m``: up to and
    including that month of the fiscal year, ``van``: from that month (profit and loss)."""
    query = {"jaar": year, "categorie": category}
    if first not in (None, "", 1, "1"):
        query["van"] = first
    if upto not in (None, ""):
        query["t_m"] = upto
    return f"{financial_overview_url(client_id)}/rekeningen?{urlencode(query)}"


def overview_account_url(client_id: int | str, account_id: str, year: int | str,
                         page: int | str = 1) -> str:
    query = {"jaar": year} | ({"pagina": page} if str(page) != "1" else {})
    return (f"{financial_overview_url(client_id)}/rekening/{quote(str(account_id), safe='')}"
            f"?{urlencode(query)}")

# Financial Overview: budget and budget against actual
CLIENT_OVERVIEW_BUDGET = "/klanten/[client_id]/financial-overview/budget"


def overview_budget_url(client_id: int | str, year: int | str | None = None) -> str:
    query = f"?{urlencode({'jaar': year})}" if year not in (None, "") else ""
    return f"{financial_overview_url(client_id)}/budget{query}"

CLIENT_OVERVIEW_TRIAL_BALANCE = "/klanten/[client_id]/financial-overview/proefbalans"


def overview_trial_balance_url(client_id: int | str, year: int | str | None = None) -> str:
    query = f"?{urlencode({'jaar': year})}" if year not in (None, "") else ""
    return f"{financial_overview_url(client_id)}/proefbalans{query}"

# Two-factor login: the user's own second factor, and the office's requirement
TWO_FACTOR = "/account/tweestapsverificatie"
SETTINGS_SECURITY = "/instellingen/beveiliging"
# Office API keys for pushing auditfiles (vfo_app/api.py)
SETTINGS_API_KEYS = "/instellingen/api-sleutels"

# Online: Wie kan onze cijfers zien (a company's Beheerders)
ONLINE_WHO_SEES = "/online/wie-kan-onze-cijfers-zien"


def who_sees_url(company_id: int | str | None = None, page: int | str = 1) -> str:
    query = ({"bedrijf": company_id} if company_id not in (None, "") else {}) \
        | ({"pagina": page} if str(page) != "1" else {})
    return f"{ONLINE_WHO_SEES}?{urlencode(query)}" if query else ONLINE_WHO_SEES

# Advisor: a client's audit log (Logboek)
CLIENT_AUDIT = "/klanten/[client_id]/logboek"


def client_audit_url(client_id: int | str, **query: str | int) -> str:
    """The Logboek with its filters (``persoon``, ``onderdeel``, ``actie``, ``van``, ``tot``)
    and ``pagina``; empty filters and the first page are left out."""
    wanted = {k: v for k, v in query.items()
              if v not in (None, "", 0, "0") and not (k == "pagina" and str(v) == "1")}
    return f"{CLIENTS}/{client_id}/logboek" + (f"?{urlencode(wanted)}" if wanted else "")

# Financial Overview that advises: the liquidity forecast, the office's attention list
# (Portefeuille), an employee's notices, and the office's advice settings
CLIENT_OVERVIEW_FORECAST = "/klanten/[client_id]/financial-overview/liquiditeitsprognose"
PORTFOLIO = "/portefeuille"
NOTICES = "/meldingen"
SETTINGS_ADVICE = "/instellingen/advies"


def overview_forecast_url(client_id: int | str) -> str:
    return f"{financial_overview_url(client_id)}/liquiditeitsprognose"


def portfolio_url(**query: str | int) -> str:
    """The Portefeuille with its sort (``sorteer``, ``richting``), filters (``zoek``,
    ``signaal``) and ``pagina``; defaults are left out."""
    wanted = {k: v for k, v in query.items()
              if v not in (None, "") and not (k == "pagina" and str(v) == "1")}
    return PORTFOLIO + (f"?{urlencode(wanted)}" if wanted else "")

# Financial Overview: Kasstroom and Kengetallen (the full version)
CLIENT_OVERVIEW_CASH_FLOW = "/klanten/[client_id]/financial-overview/kasstroom"
CLIENT_OVERVIEW_KEY_FIGURES = "/klanten/[client_id]/financial-overview/kengetallen"
ONLINE_COMPANY_KEY_FIGURES = "/online/bedrijven/[company_id]/financial-overview/kengetallen"
ONLINE_COMPANY_CASH_FLOW = "/online/bedrijven/[company_id]/financial-overview/kasstroom"


def _overview_query(year: int | str | None, upto: int | str | None,
                    period: str | None = None) -> str:
    query = {k: v for k, v in (("jaar", year), ("t_m", upto), ("periode", period))
             if v not in (None, "")}
    return f"?{urlencode(query)}" if query else ""


def overview_cash_flow_url(client_id: int | str, year: int | str | None = None,
                           upto: int | str | None = None, period: str | None = None) -> str:
    """Kasstroom for ``jaar`` up to month ``t_m``; ``periode``: "jaar" (the year to date,
    the default) or one month of the fiscal year."""
    return f"{financial_overview_url(client_id)}/kasstroom{_overview_query(year, upto, period)}"


def overview_key_figures_url(client_id: int | str, year: int | str | None = None,
                             upto: int | str | None = None) -> str:
    return f"{financial_overview_url(client_id)}/kengetallen{_overview_query(year, upto)}"


def company_key_figures_url(company_id: int | str, year: int | str | None = None,
                            upto: int | str | None = None) -> str:
    return f"{company_overview_url(company_id)}/kengetallen{_overview_query(year, upto)}"


def company_cash_flow_url(company_id: int | str, year: int | str | None = None,
                          upto: int | str | None = None, period: str | None = None) -> str:
    """Kasstroom of the client user's own company, as ``overview_cash_flow_url``."""
    return f"{company_overview_url(company_id)}/kasstroom{_overview_query(year, upto, period)}"

# Vraag over dit cijfer: the questions of the clients an employee serves
QUESTIONS = "/vragen"


def questions_url(question_id: int | str | None = None) -> str:
    """Vragen; with ``question_id`` scrolled to that thread."""
    return f"{QUESTIONS}#vraag-{question_id}" if question_id else QUESTIONS

# Report packs: the office composes and publishes, the company's users read what was published
CLIENT_PACKS = "/klanten/[client_id]/financial-overview/rapportages"
CLIENT_PACK = "/klanten/[client_id]/financial-overview/rapportages/[pack_id]"
PACKS_REVIEW = "/rapportages"
SETTINGS_PACKS = "/instellingen/rapportages"
COMPANY_PACKS = "/online/bedrijven/[company_id]/rapportages"
COMPANY_PACK = "/online/bedrijven/[company_id]/rapportages/[version_id]"


def client_packs_url(client_id: int | str) -> str:
    return f"{financial_overview_url(client_id)}/rapportages"


def client_pack_url(client_id: int | str, pack_id: int | str) -> str:
    return f"{financial_overview_url(client_id)}/rapportages/{pack_id}"


def company_packs_url(company_id: int | str) -> str:
    return f"{company_overview_url(company_id).rsplit('/', 1)[0]}/rapportages"


def company_pack_url(company_id: int | str, version_id: int | str) -> str:
    return f"{company_packs_url(company_id)}/{version_id}"


# Instellingen > Huisstijl (an office's logo, main colour, disclaimer) and the logo itself, served
# under /auth/ (vfo_app/logo_route.py: checks the session cookie; nginx passes /auth/ on)
SETTINGS_HOUSE_STYLE = "/instellingen/huisstijl"
HOUSE_STYLE_LOGO = "/auth/huisstijl-logo"


def house_style_logo_url(office_id: int, version: int) -> str:
    """The office's logo; ``v`` changes with every new logo, so a cached copy is never stale."""
    return f"{HOUSE_STYLE_LOGO}?{urlencode({'kantoor': office_id, 'v': version})}"
