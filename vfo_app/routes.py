"""Route constants and URL builders: no URL strings scattered through components."""

from __future__ import annotations

from urllib.parse import quote

LOGIN = "/login"
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


def client_edit_url(client_id: int | str) -> str:
    return f"{CLIENTS}/{client_id}/bewerken"


def service_url(service_id: int | str) -> str:
    return f"{SETTINGS_SERVICES}/{service_id}"


def safe_next(next_path: str | None, default: str = CLIENTS) -> str:
    """Only same-site paths are followed after login (no open redirect)."""
    if next_path and next_path.startswith("/") and not next_path.startswith("//"):
        return next_path
    return default

# Online: the client's side
ONLINE = "/online"
ONLINE_REQUESTS = "/online/verzoeken"


def home_for(is_employee: bool) -> str:
    """Where a user lands after login when no page was asked for."""
    return CLIENTS if is_employee else ONLINE_REQUESTS

CLIENT_OVERVIEW = "/klanten/[client_id]/financial-overview"


def financial_overview_url(client_id: int | str) -> str:
    return f"{CLIENTS}/{client_id}/financial-overview"

TERMS = "/voorwaarden/financial-overview"
