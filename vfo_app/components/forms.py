"""Form fields with a real <label for=...>, a required mark and an error beside the field.

Inputs are uncontrolled (default_value) inside rx.form: what the user typed stays
in the browser when the server rejects the form, and one submit sends it all.
"""

from __future__ import annotations

from typing import Any

import reflex as rx


def _label(text: str, field_id: str, required: bool) -> rx.Component:
    # The "*" sits beside the <label>, not in it: the label text stays exactly the field's
    # name (found by get_by_label(name, exact=True)); aria-required tells screen readers.
    return rx.el.div(
        rx.el.label(text, html_for=field_id, class_name="field-label"),
        rx.cond(required, rx.el.span(" *", class_name="req", aria_hidden="true"), rx.fragment()),
        class_name="field-label-row",
    )


def _error(error: Any, field_id: str) -> rx.Component:
    return rx.cond(
        error,
        rx.el.div(error, id=f"{field_id}-error", class_name="field-error", role="alert"),
        rx.fragment(),
    )


def text_field(
    label: str,
    name: str,
    *,
    default: Any = "",
    error: Any = "",
    required: bool = False,
    type_: str = "text",
    placeholder: str = "",
    field_id: str | None = None,
    **props: Any,
) -> rx.Component:
    field_id = field_id or f"f-{name}"
    return rx.el.div(
        _label(label, field_id, required),
        rx.el.input(
            id=field_id,
            name=name,
            type=type_,
            default_value=default,
            placeholder=placeholder,
            aria_required="true" if required else "false",
            aria_invalid=rx.cond(error, "true", "false"),
            aria_describedby=f"{field_id}-error",
            class_name="input",
            **props,
        ),
        _error(error, field_id),
        class_name="field",
    )


def textarea_field(label: str, name: str, *, default: Any = "", error: Any = "",
                   required: bool = False, field_id: str | None = None) -> rx.Component:
    field_id = field_id or f"f-{name}"
    return rx.el.div(
        _label(label, field_id, required),
        rx.el.textarea(id=field_id, name=name, default_value=default, rows=3,
                       class_name="input", aria_invalid=rx.cond(error, "true", "false")),
        _error(error, field_id),
        class_name="field",
    )


def select_field(
    label: str,
    name: str,
    options: Any,
    *,
    default: Any = "",
    error: Any = "",
    required: bool = False,
    placeholder: str | None = None,
    field_id: str | None = None,
    **props: Any,
) -> rx.Component:
    """A native <select>. ``options`` is a list of (value, text) pairs or a Var of a list of
    ``Option`` (vfo_app.domain.choices)."""
    field_id = field_id or f"f-{name}"
    if isinstance(options, rx.Var):
        children = [rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value))]
    else:
        children = [rx.el.option(text, value=value) for value, text in options]
    if placeholder is not None:
        children.insert(0, rx.el.option(placeholder, value=""))
    return rx.el.div(
        _label(label, field_id, required),
        rx.el.select(
            *children,
            id=field_id,
            name=name,
            default_value=default,
            aria_required="true" if required else "false",
            aria_invalid=rx.cond(error, "true", "false"),
            class_name="input",
            **props,
        ),
        _error(error, field_id),
        class_name="field",
    )


def checkbox_field(label: str, name: str, *, default: Any = False,
                   field_id: str | None = None, **props: Any) -> rx.Component:
    field_id = field_id or f"f-{name}"
    return rx.el.div(
        rx.el.input(type="checkbox", id=field_id, name=name, default_checked=default,
                    class_name="checkbox", **props),
        rx.el.label(label, html_for=field_id),
        class_name="field field-check",
    )


def section(title: str, *children: rx.Component, columns: int = 2) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(title, class_name="section-title"),
        rx.el.div(*children, class_name=f"grid grid-{columns}"),
        class_name="section",
    )


def form_error_banner(message: Any) -> rx.Component:
    return rx.cond(
        message,
        rx.el.div(message, class_name="banner banner-error", role="alert"),
        rx.fragment(),
    )


def buttons(*children: rx.Component) -> rx.Component:
    return rx.el.div(*children, class_name="form-buttons")


def primary_button(text: str, **props: Any) -> rx.Component:
    return rx.el.button(text, class_name="btn btn-primary", **props)


def secondary_button(text: str, **props: Any) -> rx.Component:
    """A button that does not submit its form, unless ``type="submit"`` says so."""
    props.setdefault("type", "button")
    return rx.el.button(text, class_name="btn btn-secondary", **props)


# --- fields inside table rows: the column header shows the visible name, a visually
# hidden label carries a unique one ("Code activiteit 1") for screen readers and tests.


def sr_label(text: Any, field_id: Any) -> rx.Component:
    return rx.el.label(text, html_for=field_id, class_name="sr-only cell-label")


def cell_input(label: Any, name: Any, field_id: Any, *, default: Any = "", error: Any = "",
               **props: Any) -> rx.Component:
    return rx.el.td(
        sr_label(label, field_id),
        rx.el.input(id=field_id, name=name, type="text", default_value=default,
                    aria_invalid=rx.cond(error, "true", "false"), class_name="input", **props),
        rx.cond(error, rx.el.div(error, class_name="field-error", role="alert"), rx.fragment()),
        class_name="cell-field",
    )


def cell_check(label: Any, name: Any, field_id: Any, *, default: Any = False,
               type_: str = "checkbox", value: str = "on") -> rx.Component:
    """A checkbox or radio in a table cell."""
    return rx.el.td(
        rx.el.input(type=type_, id=field_id, name=name, value=value, default_checked=default,
                    class_name="checkbox"),
        sr_label(label, field_id),
        class_name="cell-field cell-check",
    )
