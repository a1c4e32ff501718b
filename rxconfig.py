"""Reflex configuration. Database URL and secrets come from vfo_app.settings, not from here."""

import os

import reflex as rx

from vfo_app.settings import SettingsError, get_settings

# Nothing phones home and nothing is fetched outside the package registries.
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")

try:
    settings = get_settings()
except SettingsError as error:  # production without its required settings: say which, no traceback
    raise SystemExit(f"vfo_app start niet: {error}") from None

production = {}
if settings.is_production:
    # The built frontend connects its websocket to the public URL (the load balancer), not to
    # the instance that built it; the socket.io server and the HTTP API only accept that origin.
    production = {
        "api_url": settings.base_url.rstrip("/"),
        "deploy_url": settings.base_url.rstrip("/"),
        "cors_allowed_origins": settings.cors_origins,
    }

# Without Redis there is one process: its page state lives in memory. Reflex's default, a
# file per browser tab, rescans the whole folder as it writes and took a third of the CPU under
# load; what a restart loses is only page state (data and sessions are in the database, so a
# reconnecting page is still logged in).
single_process = {} if (settings.redis_url or os.environ.get("REFLEX_REDIS_URL")) else {
    "state_manager_mode": "memory"}

config = rx.Config(
    app_name="vfo_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # A Redis URL switches Reflex to its Redis state manager (shared by workers and instances);
    # REFLEX_REDIS_URL, when set, still takes precedence.
    redis_url=settings.redis_url or None,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="blue", radius="small"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
    **single_process,
    **production,
)
