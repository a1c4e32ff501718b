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

from sqlalchemy import case, func, nulls_last
from sqlmodel import Session, or_, select

from vfo_app.domain import access
from vfo_app.domain.auth import Actor
from vfo_app.domain.models import Client, ClientFigureSnapshot
from vfo_app.domain.overview import alerts

PAGE_SIZE = 25
FLAGS = {"rood": alerts.RED, "oranje": alerts.ORANGE, "groen": alerts.GREEN}
NO_FIGURES = "geen"  # the filter and count of clients without figures (yet)
SORTS = ("signaal", "naam", "nummer", "geboekt", "import", "omzet", "resultaat")
STALE_PER_LOAD = 100  # more than this waits for the job (or the next load)


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


def _order(sort: str, descending: bool):
    snap = ClientFigureSnapshot
    column = {"signaal": snap.flag, "naam": func.lower(Client.name), "nummer": Client.number,
              "geboekt": snap.last_booking_date, "import": snap.imported_at,
              "omzet": snap.omzet_cents, "resultaat": snap.result_cents}[sort]
    return nulls_last(column.desc() if descending else column.asc())


def portfolio(session: Session, actor: Actor, *, search: str = "", flag: str = "",
              sort: str = "signaal", descending: bool | None = None, page: int = 1,
              size: int = PAGE_SIZE, refresh: bool = True) -> PortfolioPage:
    """One page of the employee's portfolio. Default order: red first, then by name."""
    ids = access.portfolio_clients(actor)
    if refresh:
        alerts.refresh_stale(session, ids, limit=STALE_PER_LOAD)
    sort = sort if sort in SORTS else "signaal"
    if descending is None:
        descending = sort in ("signaal", "geboekt", "import", "omzet", "resultaat")
    snap = ClientFigureSnapshot
    where = [Client.id.in_(ids)]
    text = search.strip().lower()
    if text:
        where.append(or_(Client.search_text.contains(text, autoescape=True),
                         func.lower(Client.name).contains(text, autoescape=True),
                         func.lower(Client.number).contains(text, autoescape=True)))
    if flag in FLAGS:
        where += [snap.flag == FLAGS[flag], snap.import_id.is_not(None)]
    elif flag == NO_FIGURES:
        where.append(or_(snap.client_id.is_(None), snap.import_id.is_(None)))
    level = case((snap.import_id.is_(None), -1), else_=snap.flag)
    counted = dict(session.exec(
        select(level, func.count()).select_from(Client)
        .outerjoin(snap, snap.client_id == Client.id)
        .where(Client.id.in_(ids)).group_by(level)).all())
    counts = {name: counted.get(value, 0) for name, value in FLAGS.items()}
    counts[NO_FIGURES] = counted.get(-1, 0) + counted.get(None, 0)
    total = session.exec(select(func.count()).select_from(Client)
                         .outerjoin(snap, snap.client_id == Client.id).where(*where)).one()
    pages = max(1, -(-total // size))
    page = min(max(1, page), pages)
    rows = session.exec(
        select(Client.id, Client.number, Client.name, snap)
        .outerjoin(snap, snap.client_id == Client.id).where(*where)
        .order_by(_order(sort, descending), func.lower(Client.name), Client.id)
        .offset((page - 1) * size).limit(size)).all()
    out = []
    for client_id, number, name, s in rows:
        has = s is not None and s.import_id is not None
        out.append(PortfolioRow(
            client_id, number, name, s.last_booking_date if has else None,
            s.imported_at if has else None, s.flag if has else None,
            [r.get("text", "") for r in (s.flag_reasons or [])] if s else [],
            s.omzet_cents if has else None, s.omzet_last_year_cents if has else None,
            s.result_cents if has else None, s.result_last_year_cents if has else None,
            s.cash_cents if has else None, s.solvency_pct if has else None))
    return PortfolioPage(out, total, page, pages, sort, descending, counts)
