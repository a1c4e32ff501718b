"""A date field in Dutch notation (dd-mm-jjjj) whatever the browser's language.

A text input, not <input type="date">: that one shows and takes dates in the browser's
language and format. The server reads the text with vfo_app.domain.dates; a text that is no
date stays in the field with the Dutch reason beside it (forms.py keeps what was typed)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from vfo_app.components.forms import _error, _label
from vfo_app.domain.dates import PLACEHOLDER


def date_field(label: str, name: str, *, default: Any = "", error: Any = "",
               required: bool = False, field_id: str | None = None) -> rx.Component:
    field_id = field_id or f"f-{name}"
    return rx.el.div(
        _label(label, field_id, required),
        rx.el.input(
            id=field_id,
            name=name,
            type="text",
            input_mode="numeric",
            auto_complete="off",
            max_length=10,
            default_value=default,
            placeholder=PLACEHOLDER,
            aria_required="true" if required else "false",
            aria_invalid=rx.cond(error, "true", "false"),
            aria_describedby=f"{field_id}-hint {field_id}-error",
            class_name="input input-date",
        ),
        rx.el.div(f"Notatie: {PLACEHOLDER}", id=f"{field_id}-hint", class_name="field-hint muted",
                  style={"font_size": "13px"}),
        _error(error, field_id),
        class_name="field",
    )
