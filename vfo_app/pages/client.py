"""Klant - <klantnummer> <naam>: the client page with its tabs."""

from __future__ import annotations

import reflex as rx

from vfo_app import routes
from vfo_app.components.layout import back_link, page
from vfo_app.pages.client_tabs.collaborations import collaborations_tab
from vfo_app.pages.client_tabs.contact_moments import contact_moments_tab
from vfo_app.pages.client_tabs.contacts import contacts_tab
from vfo_app.pages.client_tabs.industry import industry_tab
from vfo_app.pages.client_tabs.overview import overview_tab
from vfo_app.pages.client_tabs.pricing import pricing_tab
from vfo_app.pages.client_tabs.services import services_tab
from vfo_app.state.client_page import TAB_STATES, TABS, ClientPageState

_TAB_CONTENT = {
    "overzicht": overview_tab,
    "contactpersonen": contacts_tab,
    "diensten": services_tab,
    "prijsstelling": pricing_tab,
    "contactmomenten": contact_moments_tab,
    "industriestandaard": industry_tab,
    "samenwerkingen": collaborations_tab,
}


# The arrow keys (and Home, End) move between the tabs, as in every tab list; Tab reaches each
# tab too. Only the focus moves, in the browser; Enter or Space opens the tab.
_ARROWS_JS = """(e) => {
  const tabs = [...e.currentTarget.querySelectorAll('[role=tab]')];
  const i = tabs.indexOf(document.activeElement);
  const to = {ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1}[e.key];
  if (i < 0 || to === undefined) return;
  e.preventDefault();
  tabs[(to + tabs.length) % tabs.length].focus();
}"""


def _tab_button(key: str, label: str) -> rx.Component:
    return rx.el.button(
        label,
        role="tab",
        id=f"tab-{key}",
        aria_selected=rx.cond(ClientPageState.tab == key, "true", "false"),
        aria_controls=f"panel-{key}",
        on_click=ClientPageState.set_tab(key),
        class_name="tab",
        type="button",
    )


def _panel(key: str) -> rx.Component:
    """The open tab; "Laden..." until its data for this client is read (a tab's data is read
    when it is opened: its empty text, such as "Nog geen contactpersonen.", would be wrong)."""
    return rx.cond(
        ClientPageState.tab == key,
        rx.el.section(
            rx.cond(TAB_STATES[key].loaded, _TAB_CONTENT[key](),
                    rx.el.p("Laden…", class_name="muted", role="status")),
            role="tabpanel", id=f"panel-{key}", aria_labelledby=f"tab-{key}"),
        rx.fragment(),
    )


def client_page() -> rx.Component:
    return page(
        rx.cond(ClientPageState.heading != "", ClientPageState.heading, "Klant"),
        rx.cond(
            ClientPageState.current_client_id > 0,
            rx.el.div(
                rx.el.div(*[_tab_button(k, label) for k, label in TABS], role="tablist",
                          class_name="tabs", aria_label="Klantgegevens",
                          custom_attrs={"onKeyDown": rx.Var(_js_expr=_ARROWS_JS)}),
                *[_panel(k) for k, _ in TABS],
            ),
            rx.el.p(ClientPageState.load_error, class_name="banner banner-error"),
        ),
        back=back_link("Terug naar Klanten", routes.CLIENTS),
        actions=rx.cond(
            ClientPageState.current_client_id > 0,
            rx.el.a("Logboek", class_name="btn btn-secondary",
                    href=routes.CLIENTS + "/" + ClientPageState.current_client_id.to_string()
                    + "/logboek"),
            rx.fragment()),
    )
