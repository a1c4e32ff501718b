"""Loading a part of a page when it mounts, once per page it is on.

A page whose state is still filled from an earlier visit shows its parts at once when a link
leads back to it, and an event sent on that mount still carries the previous page's route
(Reflex updates the route it sends only after the children have mounted): the load finds no
client and shows nothing, or an error. Keyed by the path the server last saw, the part mounts
again once the page's own load has answered, and loads with its own route."""

from __future__ import annotations

import reflex as rx


def per_page(component: rx.Component) -> rx.Component:
    """``component`` (with its ``on_mount``), mounted again on every page it is shown on.
    The key sits on a parent: Reflex runs ``on_mount`` in a wrapper around the element, which
    a key on the element itself would not mount again."""
    return rx.fragment(component, key=rx.State.router.url.path)
