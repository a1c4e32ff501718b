"""The whole database as data: every table's rows, to compare before and after an event."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import MetaData, select
from sqlalchemy.engine import Engine

Snapshot = dict[str, list[tuple]]

# Bookkeeping that any event of a signed-in person writes by design, left out of the comparison:
# auth.actor_for_token notes when a session was last used (at most once a minute, Mijn account).
NOT_COMPARED = {"authsession": {"last_seen_at"}}


def tables(engine: Engine) -> MetaData:
    """Every table the migrations made (reflected, so a new table is included unasked)."""
    meta = MetaData()
    meta.reflect(bind=engine)
    return meta


def take(engine: Engine, meta: MetaData) -> Snapshot:
    with engine.connect() as conn:
        return {
            name: [tuple(_frozen(v) for v in row) for row in conn.execute(
                select(*(c for c in table.columns
                         if c.name not in NOT_COMPARED.get(name, ())))
                .order_by(*(table.primary_key.columns or table.columns)))]
            for name, table in sorted(meta.tables.items())
        }


def _frozen(value: Any) -> Any:
    """A JSON column's dict or list as its text, so a row can be compared as a set member."""
    return json.dumps(value, sort_keys=True, default=str) if isinstance(value, dict | list) \
        else value


def differences(before: Snapshot, after: Snapshot, limit: int = 6) -> list[str]:
    """What changed, per table: rows that appeared and rows that went (a changed row is both)."""
    found = []
    for name in sorted(set(before) | set(after)):
        old, new = set(before.get(name, [])), set(after.get(name, []))
        if old == new:
            continue
        added, removed = sorted(new - old, key=repr), sorted(old - new, key=repr)
        found.append(f"{name}: +{len(added)} -{len(removed)}")
        found += [f"  + {row!r}"[:200] for row in added[:limit]]
        found += [f"  - {row!r}"[:200] for row in removed[:limit]]
    return found
