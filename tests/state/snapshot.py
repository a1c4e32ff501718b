"""The whole database as data: every table's rows, to compare before and after an event."""

from __future__ import annotations

from sqlalchemy import MetaData
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
    """Every table's rows as the driver returns them (JSON as its text, times as stored), in
    primary-key order: plain tuples, compared at C speed."""
    with engine.connect() as conn:
        return {name: [tuple(row) for row in conn.exec_driver_sql(sql)]
                for name, sql in _queries(engine, meta)}


def _queries(engine: Engine, meta: MetaData) -> list[tuple[str, str]]:
    cached = _QUERIES.get(id(meta))
    if cached is None:
        quote = engine.dialect.identifier_preparer.quote
        cached = []
        for name, table in sorted(meta.tables.items()):
            columns = [c.name for c in table.columns if c.name not in NOT_COMPARED.get(name, ())]
            order = [c.name for c in (table.primary_key.columns or table.columns)]
            cached.append((name, f"SELECT {', '.join(map(quote, columns))} FROM {quote(name)} "
                                 f"ORDER BY {', '.join(map(quote, order))}"))
        _QUERIES[id(meta)] = cached
    return cached


_QUERIES: dict[int, list[tuple[str, str]]] = {}


def differences(before: Snapshot, after: Snapshot, limit: int = 6) -> list[str]:
    """What changed, per table: rows that appeared and rows that went (a changed row is both)."""
    if before == after:
        return []
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
