"""Plain-Python domain of vfo_app. Never imports reflex."""
