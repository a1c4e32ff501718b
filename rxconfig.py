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

config = rx.Config(
    app_name="vfo_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # A Redis URL switches Reflex to its Redis state manager (shared by workers and instances);
    # REFLEX_REDIS_URL, when set, still takes precedence.
    redis_url=settings.redis_url or None,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="blue", radius="small"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
    **production,
)
