"""Reflex configuration. Database URL and secrets come from vfo_app.settings, not from here."""

import os

import reflex as rx

# Nothing phones home and nothing is fetched outside the package registries.
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")

config = rx.Config(
    app_name="vfo_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="blue", radius="small"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
