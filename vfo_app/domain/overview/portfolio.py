"""Portefeuille: every client with Financial Overview that the employee serves, at a glance.

Which clients: ``access.portfolio_clients`` (the rule of a client's figures, as one query).
What is shown comes from each client's snapshot (``alerts``): freshness ("geboekt t/m", the
last import), the flag with its reasons (thresholds, observations, import checks) and a few
figures of the year to date against the same months last year. Snapshots that no longer match
the figures are computed again first (after an import there are a few), so the list is never
older than the figures. Sorting, filtering and paging happen in the database: one page of
rows and a count, however many clients (benchmarks/portfolio.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import bindparam, case, func, literal, nulls_last
from sqlmodel import Session, or_, select

from vfo_app.domain import access
from vfo_app.domain.auth import Actor
from vfo_app.domain.models import Client, ClientFigureSnapshot
from vfo_app.domain.overview import alerts, notices

PAGE_SIZE = 25
FLAGS = {"rood": alerts.RED, "oranje": alerts.ORANGE, "groen": alerts.GREEN}
NO_FIGURES = "geen"  # the filter and count of clients without figures (yet)
SORTS = ("signaal", "naam", "nummer", "geboekt", "import", "omzet", "resultaat")
STALE_PER_LOAD = 100  # more than this waits for the job (or the next load)
STATEMENTS_CACHED = 256  # per kind of statement (employees, sorts, filters): ~48 kB each


@dataclass(frozen=True)
class PortfolioRow:
    client_id: int
    number: str
    name: str
    booked_through: date | None
    last_import: datetime | None
    flag: int | None  # None: no figures yet
    reasons: list[str]
    omzet: int | None
    omzet_last_year: int | None
    result: int | None
    result_last_year: int | None
    cash: int | None
    solvency: float | None


@dataclass(frozen=True)
class PortfolioPage:
    rows: list[PortfolioRow]
    total: int
    page: int
    pages: int
    sort: str
    descending: bool
    counts: dict[str, int]  # per flag name and NO_FIGURES, over every client served
    unread: int = 0  # the employee's unread notices (Meldingen), read with the counts


_snap = ClientFigureSnapshot
# What a row shows: plain columns, not the snapshot as an entity (no identity map to fill)
_ROW = (Client.id, Client.number, Client.name, _snap.client_id, _snap.import_id,
        _snap.last_booking_date, _snap.imported_at, _snap.flag, _snap.flag_reasons,
        _snap.omzet_cents, _snap.omzet_last_year_cents, _snap.result_cents,
        _snap.result_last_year_cents, _snap.cash_cents, _snap.solvency_pct)
# The flag a client counts under: -1 without figures (no snapshot, or one without an import)
_LEVEL = case((_snap.import_id.is_(None), -1), else_=_snap.flag)
_NO_FIGURES_LEVEL = -1


def _order(sort: str, descending: bool):
    column = {"signaal": _snap.flag, "naam": func.lower(Client.name), "nummer": Client.number,
              "geboekt": _snap.last_booking_date, "import": _snap.imported_at,
              "omzet": _snap.omzet_cents, "resultaat": _snap.result_cents}[sort]
    return nulls_last(column.desc() if descending else column.asc())


def _like_pattern(text: str) -> str:
    """``contains`` with autoescape: "/" escapes the wildcards and itself."""
    return "%" + text.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


# The statements are built once per employee and kind of page, with bind parameters for the
# rest (the search, the page): SQLAlchemy then reuses each one's cache key instead of walking
# the whole composed statement (the access rule, the stale check) on every execution. This
# holds as long as ``access.portfolio_clients`` depends on the actor alone (not on the clock).
_SEARCHED = or_(*(c.like(bindparam("pattern"), escape="/") for c in (
    Client.search_text, func.lower(Client.name), func.lower(Client.number))))
_STALE = func.count(case((alerts.stale_condition(), 1)))  # clients whose snapshot is stale


@lru_cache(maxsize=STATEMENTS_CACHED)
def _summary_statement(actor: Actor):
    """The clients served per flag level, how many of them have a stale snapshot, and the
    employee's unread notices."""
    unread = notices.unread_query(actor)
    return (select(_LEVEL, func.count(), _STALE, unread if unread is not None else literal(0))
            .select_from(Client).outerjoin(_snap, _snap.client_id == Client.id)
            .where(Client.id.in_(access.portfolio_clients(actor))).group_by(_LEVEL))


def _where(actor: Actor, flag: str, searching: bool) -> list:
    where = [Client.id.in_(access.portfolio_clients(actor))]
    if flag in FLAGS:
        where += [_snap.flag == FLAGS[flag], _snap.import_id.is_not(None)]
    elif flag == NO_FIGURES:
        where.append(or_(_snap.client_id.is_(None), _snap.import_id.is_(None)))
    if searching:
        where.append(_SEARCHED)
    return where


@lru_cache(maxsize=STATEMENTS_CACHED)
def _count_statement(actor: Actor, flag: str):
    """How many clients a search finds (with the flag filter)."""
    return (select(func.count()).select_from(Client)
            .outerjoin(_snap, _snap.client_id == Client.id).where(*_where(actor, flag, True)))


@lru_cache(maxsize=STATEMENTS_CACHED)
def _page_statement(actor: Actor, flag: str, searching: bool, sort: str, descending: bool):
    return (select(*_ROW).outerjoin(_snap, _snap.client_id == Client.id)
            .where(*_where(actor, flag, searching))
            .order_by(_order(sort, descending), func.lower(Client.name), Client.id)
            .offset(bindparam("offset")).limit(bindparam("limit")))


def _summary(session: Session, actor: Actor) -> tuple[dict, int, int]:
    rows = session.exec(_summary_statement(actor)).all()
    if not rows:  # serves no client: nothing counted, nothing stale
        return {}, 0, notices.unread_count(session, actor)
    return ({level: n for level, n, _, _ in rows}, sum(r[2] for r in rows), rows[0][3])


def portfolio(session: Session, actor: Actor, *, search: str = "", flag: str = "",
              sort: str = "signaal", descending: bool | None = None, page: int = 1,
              size: int = PAGE_SIZE, refresh: bool = True) -> PortfolioPage:
    """One page of the employee's portfolio. Default order: red first, then by name.

    Two queries in the usual case: the counts per flag (which give the total without a
    search, and say whether any snapshot is stale: only then are they refreshed and counted
    again) and the page."""
    counted, stale, unread = _summary(session, actor)
    if refresh and stale:
        alerts.refresh_stale(session, access.portfolio_clients(actor), limit=STALE_PER_LOAD)
        counted, _, unread = _summary(session, actor)
    sort = sort if sort in SORTS else "signaal"
    if descending is None:
        descending = sort in ("signaal", "geboekt", "import", "omzet", "resultaat")
    counts = {name: counted.get(value, 0) for name, value in FLAGS.items()}
    counts[NO_FIGURES] = counted.get(_NO_FIGURES_LEVEL, 0) + counted.get(None, 0)
    flag = flag if flag in FLAGS or flag == NO_FIGURES else ""
    if flag in FLAGS:
        total = counted.get(FLAGS[flag], 0)
    elif flag == NO_FIGURES:
        total = counted.get(_NO_FIGURES_LEVEL, 0)
    else:
        total = sum(counted.values())
    text = search.strip().lower()
    params = {"pattern": _like_pattern(text)} if text else {}
    if text:
        total = session.exec(_count_statement(actor, flag), params=params).one()
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    rows = session.exec(_page_statement(actor, flag, bool(text), sort, bool(descending)),
                        params={**params, "offset": (page - 1) * size, "limit": size}
                        ).all() if total else []
    out = []
    for (client_id, number, name, snap_id, import_id, booked, imported, flag_value, reasons,
         omzet, omzet_last, result, result_last, cash, solvency) in rows:
        has = import_id is not None
        out.append(PortfolioRow(
            client_id, number, name, booked if has else None, imported if has else None,
            flag_value if has else None,
            [r.get("text", "") for r in (reasons or [])] if snap_id is not None else [],
            omzet if has else None, omzet_last if has else None,
            result if has else None, result_last if has else None,
            cash if has else None, solvency if has else None))
    return PortfolioPage(out, total, page, pages, sort, descending, counts, unread)
