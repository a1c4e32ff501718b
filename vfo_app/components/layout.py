"""Page chrome: the top bar, the skip link, the back link and the page title.

Wide screens show the menu in the top bar; a phone shows a bar of 56 px with the logo and a
Menu button (a Radix dropdown: Enter, Space or arrow down opens it, the arrows move, Esc
closes and gives focus back to the button). Both menus come from the one list ``_menu``; its
labels name the page itself ("Diensten"), with the group ("Instellingen") above them.

Every signed-in page has one ``h1``, its title; sections below it use ``h2``. A page that is
reached from another has one way back, ``back_link``, above its title, always the same.
"""

from __future__ import annotations

import reflex as rx
from reflex_components_core.el.elements.inline import A

from vfo_app import routes
from vfo_app.state.session import SessionState

MAIN_ID = "inhoud"  # the skip link's target

# (group label or "", [(label, href)]): the employee's menu and the client user's
EMPLOYEE_MENU = [
    ("", [("Klanten", routes.CLIENTS), ("Portefeuille", routes.PORTFOLIO),
          ("Rapportages", routes.PACKS_REVIEW), ("Vragen", routes.QUESTIONS)]),
    ("Instellingen", [("Diensten", routes.SETTINGS_SERVICES),
                      ("Beveiliging", routes.SETTINGS_SECURITY),
                      ("API-sleutels", routes.SETTINGS_API_KEYS),
                      ("Advies", routes.SETTINGS_ADVICE),
                      ("Huisstijl", routes.SETTINGS_HOUSE_STYLE)]),
    ("Online", [("Bedrijven", routes.ONLINE_COMPANIES)]),
]
CLIENT_MENU = [("", [("Mijn diensten", routes.ONLINE_SERVICES)])]
COMPANY_ADMIN_MENU = [("", [("Verzoeken", routes.ONLINE_REQUESTS),
                            ("Gebruikers", routes.ONLINE_COMPANIES),
                            ("Wie kan onze cijfers zien", routes.ONLINE_WHO_SEES)])]


def _link_text(text: str) -> rx.Component | str:
    """A menu label; Verzoeken (requests) and Vragen (questions on a figure) carry how many
    wait for an answer."""
    waiting = {"Verzoeken": SessionState.waiting_requests,
               "Vragen": SessionState.waiting_questions}.get(text)
    if waiting is None:
        return text
    # one element: a phone menu's link stacks its children (the user's name under Mijn account)
    return rx.el.span(text, rx.cond(
        waiting > 0,
        rx.el.span(" ", rx.el.span(waiting.to_string(), class_name="count"),
                   rx.el.span(" wachten op antwoord", class_name="sr-only")),
        rx.fragment()))


def _wide_group(label: str, links: list[tuple[str, str]]) -> rx.Component:
    """Links of their own; a group of several (Instellingen) is one button that opens its
    items (a Radix dropdown, by keyboard too), so the bar keeps one row as pages are added."""
    items = [rx.el.li(rx.el.a(_link_text(text), href=href, class_name="nav-link"))
             for text, href in links]
    if not label:
        return rx.fragment(*items)
    if len(links) == 1:
        text, href = links[0]
        return rx.el.li(rx.el.a(rx.el.span(label + ": ", class_name="sr-only"), text,
                                href=href, class_name="nav-link"))
    return rx.el.li(rx.menu.root(
        rx.menu.trigger(rx.el.button(label, rx.el.span("▾", aria_hidden="true"),
                                     type="button", class_name="nav-link nav-menu-button")),
        rx.menu.content(*[_menu_link(_link_text(text), href=href) for text, href in links],
                        align="start", aria_label=label),
    ))


def _wide_menu(menu) -> rx.Component:
    return rx.fragment(*[_wide_group(label, links) for label, links in menu])


def _wide_nav() -> rx.Component:
    return rx.el.nav(
        rx.el.ul(
            rx.cond(SessionState.is_employee, _wide_menu(EMPLOYEE_MENU),
                    rx.fragment(_wide_menu(CLIENT_MENU),
                                rx.cond(SessionState.is_company_admin,
                                        _wide_menu(COMPANY_ADMIN_MENU), rx.fragment()))),
            class_name="nav-list",
        ),
        class_name="nav only-wide",
        aria_label="Hoofdmenu",
    )


def _menu_link(*content: rx.Component | str, href: str) -> rx.Component:
    return rx.menu.item(rx.el.a(*content, href=href, class_name="menu-link"), as_child=True)


def _phone_menu(menu) -> rx.Component:
    parts: list[rx.Component] = []
    for label, links in menu:
        if label:  # the group shows above its items; a screen reader hears it in each name
            parts += [rx.menu.separator(),
                      rx.el.div(label, class_name="menu-group-label", aria_hidden="true")]
        parts += [_menu_link(rx.el.span(label + ": ", class_name="sr-only") if label else "",
                             _link_text(text), href=href) for text, href in links]
    return rx.fragment(*parts)


def _phone_nav() -> rx.Component:
    return rx.el.div(
        rx.menu.root(
            rx.menu.trigger(rx.el.button(
                rx.el.span(aria_hidden="true", class_name="menu-icon"),
                "Menu", type="button", class_name="menu-button")),
            rx.menu.content(
                rx.cond(SessionState.is_employee, _phone_menu(EMPLOYEE_MENU),
                        rx.fragment(_phone_menu(CLIENT_MENU),
                                    rx.cond(SessionState.is_company_admin,
                                            _phone_menu(COMPANY_ADMIN_MENU), rx.fragment()))),
                rx.menu.separator(),
                _menu_link("Mijn account",
                           rx.el.span(SessionState.user_name, " · ", SessionState.office_name,
                                      class_name="menu-user"),
                           href=routes.ACCOUNT),
                rx.menu.item("Uitloggen", on_select=SessionState.logout),
                align="end", class_name="phone-menu", aria_label="Hoofdmenu",
            ),
        ),
        class_name="only-narrow",
    )


def skip_link() -> rx.Component:
    """A plain anchor (rx.el.a is a router link): the browser scrolls to the content and, as
    ``main`` has tabindex -1, moves the focus there; the page does not load again."""
    return A.create("Naar de inhoud", href="#" + MAIN_ID, class_name="skip-link")


def _portal_brand() -> rx.Component:
    """A client user's accountant: its logo (or name) beside ours, edged in its main colour."""
    return rx.cond(
        SessionState.brand_office != "",
        rx.el.span(
            rx.cond(SessionState.brand_logo != "",
                    rx.el.img(src=SessionState.brand_logo, alt=SessionState.brand_office),
                    rx.el.span(SessionState.brand_office, class_name="office-name")),
            class_name="portal-brand",
            style={"border_color": SessionState.brand_colour},
        ),
        rx.fragment(),
    )


def top_bar() -> rx.Component:
    return rx.el.header(
        rx.el.a(
            rx.el.span("VFO", class_name="logo-mark"),
            rx.el.span(rx.cond(SessionState.is_employee, "Advisor", "Online"),
                       class_name="logo-text"),
            href=rx.cond(SessionState.is_employee, routes.CLIENTS, routes.ONLINE_SERVICES),
            class_name="logo",
        ),
        _portal_brand(),
        _wide_nav(),
        rx.el.div(
            rx.el.span(rx.el.span(SessionState.user_name, class_name="user-name"),
                       rx.el.span(SessionState.office_name, class_name="office-name"),
                       class_name="user-ident"),
            rx.el.a("Mijn account", href=routes.ACCOUNT, class_name="btn btn-link"),
            rx.el.button("Uitloggen", on_click=SessionState.logout, class_name="btn btn-link",
                         type="button"),
            class_name="user-box only-wide",
        ),
        _phone_nav(),
        class_name="topbar",
    )


def back_link(text: str | rx.Var, href: str | rx.Var) -> rx.Component:
    """The one way back to where a page is reached from: "← Terug naar Klanten"."""
    return rx.el.a(rx.el.span("←", aria_hidden="true", class_name="back-arrow"), text,
                   href=href, class_name="back-link")


def page(title: str | rx.Var, *children: rx.Component, actions: rx.Component | None = None,
         back: rx.Component | None = None, wide: bool = False) -> rx.Component:
    """A signed-in page: nothing is shown until the session check has named the user.
    ``back``: a ``back_link`` shown above the title; ``wide``: the page may use up to 1440 px
    (the budget grid: a year of months beside each other)."""
    return rx.el.div(
        skip_link(),
        top_bar(),
        rx.el.main(
            rx.cond(
                SessionState.user_name != "",
                rx.el.div(
                    back if back is not None else rx.fragment(),
                    rx.el.div(
                        rx.el.h1(title, class_name="page-title"),
                        actions if actions is not None else rx.fragment(),
                        class_name="page-head",
                    ),
                    *children,
                ),
                rx.el.p("Laden…", class_name="muted"),
            ),
            id=MAIN_ID,
            tab_index=-1,
            class_name="content content-wide" if wide else "content",
        ),
        class_name="shell",
    )


def public_page(title: str, *children: rx.Component, back: rx.Component | None = None
                ) -> rx.Component:
    """A page without a session (e.g. the terms): the same skip link, title and way back."""
    return rx.el.div(
        skip_link(),
        rx.el.main(
            back if back is not None else rx.fragment(),
            rx.el.h1(title, class_name="page-title"),
            *children,
            id=MAIN_ID,
            tab_index=-1,
            class_name="content public-content",
        ),
        class_name="shell",
    )
