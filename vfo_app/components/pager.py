"""The pager under a server-paginated list: a count, Vorige, "Pagina n van m", Volgende."""

from __future__ import annotations

from typing import Any

import reflex as rx


def pager(count: Any, page: rx.Var, on_previous: Any, on_next: Any, *,
          of_pages: Any = None, has_next: rx.Var | None = None) -> rx.Component:
    """``count``: the text before the buttons; ``of_pages``: what follows "Pagina n" (e.g.
    " van 3"), left out where the total is not known; ``has_next`` where only the list knows
    whether another page follows."""
    return rx.el.nav(
        rx.el.span(count),
        rx.el.button("Vorige", on_click=on_previous, type="button",
                     class_name="btn btn-secondary", disabled=page <= 1),
        rx.el.span("Pagina ", page.to_string(), of_pages if of_pages is not None else ""),
        rx.el.button("Volgende", on_click=on_next, type="button",
                     class_name="btn btn-secondary", disabled=~has_next),
        class_name="pager", aria_label="Pagina's",
    )


def numbered_pager(count: Any, page: rx.Var, pages: rx.Var, on_previous: Any,
                   on_next: Any) -> rx.Component:
    """A pager whose number of pages is known."""
    return pager(count, page, on_previous, on_next, of_pages=" van " + pages.to_string(),
                 has_next=page < pages)
