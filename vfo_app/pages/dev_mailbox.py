"""The development mailbox: the e-mail the viewer's office (or company) sent while no SMTP
server is configured; in production it shows nothing."""

from __future__ import annotations

import reflex as rx

from vfo_app.components.layout import page
from vfo_app.state.dev_mailbox import MailboxState as M


def _message(message: rx.Var) -> rx.Component:
    return rx.el.article(
        rx.el.h2(message.subject),
        rx.el.p("Aan: ", message.recipient, " · ", message.at, class_name="muted"),
        rx.el.pre(message.text, class_name="mail-text"),
        class_name="card", aria_label="E-mail " + message.id.to_string(),
    )


def mailbox_page() -> rx.Component:
    return page(
        "Ontwikkelmailbox",
        rx.cond(
            M.enabled,
            rx.el.div(
                rx.el.p("Er is geen SMTP-server ingesteld (VFO_SMTP_HOST). Verzonden e-mails "
                        "blijven hier staan. U ziet alleen de e-mails van uw eigen kantoor of "
                        "bedrijf.", class_name="banner banner-info"),
                rx.foreach(M.messages, _message),
            ),
            rx.el.p("De ontwikkelmailbox staat uit: e-mails gaan via de SMTP-server naar de "
                    "ontvangers.",
                    class_name="muted"),
        ),
    )
