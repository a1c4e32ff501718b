"""Dialogs and confirmations on Radix (rx.dialog, rx.alert_dialog): focus moves into the
dialog and stays there, Esc closes it, and on closing focus returns to the button that opened
it. That last part needs the opening button to be the dialog's own trigger: Radix returns
focus to its trigger only, so every dialog here is built around one.

The dialog is only the question; the handler it calls keeps its own access check.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import FunctionStringVar

CLOSE_LABEL = "Sluit dit venster"

# Radix returns the focus to the dialog's trigger. When the dialog's action removes that button
# (the wizard's last step replaces Activeren by the card's new state, Deactiveren leaves a card
# without actions, Verzoek intrekken removes its row), the focus would fall to the top of the
# page, or stay on a button that now belongs to the next card of the list. So on opening
# remember the button (and its name), the heading of its card and its ancestors; when the button
# is gone or names something else on closing, or once the server has answered (a confirmation
# closes at once) while the focus is still there, focus that heading (wherever the card moved
# in its list), else the heading of the nearest section still shown, else the page's h1.
_REMEMBER_OPENER = FunctionStringVar.create(
    "(() => { const t = document.activeElement; if (!t || t === document.body) {"
    " window.__vfoOpener = null; return; } const up = [];"
    " for (let n = t.parentElement; n; n = n.parentElement) up.push(n);"
    " const h = t.closest('article, section')?.querySelector('h1, h2, h3');"
    " window.__vfoOpener = {el: t, up, name: h ? h.textContent : '',"
    "  label: t.getAttribute('aria-label') || t.textContent}; })")
_FOCUS_AFTER_CLOSE = FunctionStringVar.create(
    "((e) => { const o = window.__vfoOpener; window.__vfoOpener = null; if (!o) return;"
    " const land = () => {"
    "  const main = document.querySelector('main') || document.body;"
    "  let target = o.name && [...main.querySelectorAll('h1, h2, h3')]"
    "   .find(h => h.textContent === o.name);"
    "  if (!target) { const box = o.up.find(n => n.isConnected && n.matches('section, main')"
    "   && n.querySelector('h1, h2, h3')); target = (box || main).querySelector('h1, h2, h3')"
    "   || main; }"
    "  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');"
    "  target.focus(); };"
    " const gone = () => !o.el.isConnected"
    "  || (o.el.getAttribute('aria-label') || o.el.textContent) !== o.label;"
    " if (gone()) { e.preventDefault(); land(); return; }"
    " const watch = new MutationObserver(() => { if (!gone()) return;"
    "  watch.disconnect(); const a = document.activeElement;"
    "  if (!a || a === document.body || a === o.el) land(); });"
    " watch.observe(document.body, {childList: true, subtree: true, attributes: true,"
    "  characterData: true});"
    " setTimeout(() => watch.disconnect(), 10000); })")
FOCUS_PROPS = {"on_open_auto_focus": _REMEMBER_OPENER, "on_close_auto_focus": _FOCUS_AFTER_CLOSE}


def _close_button() -> rx.Component:
    """The cross in the corner; Radix closes the dialog and calls on_open_change(False)."""
    return rx.dialog.close(
        rx.el.button("×", type="button", class_name="dialog-close", aria_label=CLOSE_LABEL,
                     title=CLOSE_LABEL),
    )


def dialog_content(title: Any, *children: rx.Component, wide: bool = False,
                   **props: Any) -> rx.Component:
    """The dialog itself: ``title`` as its heading (h2), a close button, the children;
    ``props`` go to Radix's content (e.g. ``on_close_auto_focus``)."""
    return rx.dialog.content(
        rx.dialog.title(title, class_name="dialog-title"),
        *children,
        # last in the tab order (Radix gives the first field the focus), first on the screen
        _close_button(),
        class_name="vfo-dialog",
        max_width="720px" if wide else "560px",
        **(FOCUS_PROPS | props),
    )


def modal(trigger: rx.Component, title: Any, *children: rx.Component, open_: Any = None,
          on_open_change: Any = None, wide: bool = False) -> rx.Component:
    """A dialog opened by ``trigger`` (a button), with ``title`` as its heading and a close
    button. Controlled when ``open_`` is given: the state decides, ``on_open_change``
    receives False when the person presses Esc or the close button."""
    root_props: dict[str, Any] = {}
    if open_ is not None:
        root_props["open"] = open_
    if on_open_change is not None:
        root_props["on_open_change"] = on_open_change
    return rx.dialog.root(
        rx.dialog.trigger(trigger),
        dialog_content(title, *children, wide=wide),
        **root_props,
    )


def confirm_button(trigger_label: Any, title: Any, consequence: Any, action_label: str,
                   on_confirm: Any, *, trigger_aria_label: Any = None,
                   trigger_class: str = "btn btn-danger") -> rx.Component:
    """A button that asks first (Radix alert dialog): the title, the consequence, "Annuleren"
    (which has the focus when it opens, so Enter does no harm) and the action, which alone
    sends ``on_confirm``. Esc and Annuleren change nothing."""
    trigger_props: dict[str, Any] = {}
    if trigger_aria_label is not None:
        trigger_props["aria_label"] = trigger_aria_label
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.el.button(trigger_label, type="button", class_name=trigger_class,
                         **trigger_props)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title, class_name="dialog-title"),
            rx.alert_dialog.description(consequence, class_name="dialog-text"),
            rx.el.div(
                rx.alert_dialog.cancel(
                    rx.el.button("Annuleren", type="button", class_name="btn btn-secondary")),
                rx.alert_dialog.action(
                    rx.el.button(action_label, type="button", class_name="btn btn-danger",
                                 on_click=on_confirm)),
                class_name="form-buttons dialog-buttons",
            ),
            class_name="vfo-dialog",
            max_width="480px",
            **FOCUS_PROPS,
        ),
    )
