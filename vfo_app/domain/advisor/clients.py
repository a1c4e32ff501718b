"""Klanten: the clients of an office. Every function checks the actor's office."""

from __future__ import annotations

from sqlmodel import Session

from vfo_app.domain.auth import Actor, require_employee
from vfo_app.domain.errors import NotFound

from vfo_app.domain.models import Client


def get_client(session: Session, actor: Actor, client_id: int) -> Client:
    """The client, if it belongs to the actor's office; else NotFound (same as unknown)."""
    office_id = require_employee(actor)
    client = session.get(Client, client_id)
    if client is None or client.office_id != office_id:
        raise NotFound("Deze klant bestaat niet of hoort niet bij uw kantoor.")
    return client
