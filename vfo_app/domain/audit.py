"""The append-only audit log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from vfo_app.domain.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def record(
    session: Session,
    *,
    actor_id: int | None,
    office_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    changes: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            actor_id=actor_id,
            office_id=office_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            changes={k: _plain(v) for k, v in (changes or {}).items()},
        )
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Changed fields as {field: [old, new]}."""
    return {
        k: [_plain(before.get(k)), _plain(v)] for k, v in after.items() if before.get(k) != v
    }
