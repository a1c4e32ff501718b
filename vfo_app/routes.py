"""Route constants and URL builders: no URL strings scattered through components."""

from __future__ import annotations

from urllib.parse import quote

LOGIN = "/login"
HOME = "/"
CLIENTS = "/klanten"
CLIENT_NEW = "/klanten/nieuw"
CLIENT = "/klanten/[client_id]"
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


def safe_next(next_path: str | None) -> str:
    """Only same-site paths are followed after login (no open redirect)."""
    if next_path and next_path.startswith("/") and not next_path.startswith("//"):
        return next_path
    return CLIENTS
