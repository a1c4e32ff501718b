"""Portefeuille (vfo_app.domain.overview.portfolio): the clients the employee serves, sorted,
filtered and paged on the server; and the employee's notices (Meldingen)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app import routes
from vfo_app.domain.formatting import day, moment, money_whole, number
from vfo_app.domain.overview import alerts, notices, portfolio
from vfo_app.state.ids import as_id
from vfo_app.state.session import SessionState, Tx, page_load

FLAG_TEXT = {alerts.RED: "rood", alerts.ORANGE: "oranje", alerts.GREEN: "groen"}


@dataclass
class PortfolioLine:
    client_id: int
    href: str
    number: str
    name: str
    booked_through: str
    last_import: str
    flag: str  # "rood" | "oranje" | "groen" | "geen"
    flag_label: str
    reasons: list[str]
    omzet: str
    omzet_last_year: str
    omzet_change: str
    result: str
    result_last_year: str
    cash: str
    solvency: str


def _change(now: int | None, before: int | None) -> str:
    if now is None or before is None or before == 0:
        return ""
    pct = 100 * (now - before) / abs(before)
    return f"{'+' if pct >= 0 else '−'}{number(abs(pct), 0)}%"


def _line(r: portfolio.PortfolioRow) -> PortfolioLine:
    flag = FLAG_TEXT.get(r.flag, "geen") if r.flag is not None else "geen"
    return PortfolioLine(
        client_id=r.client_id, href=routes.financial_overview_url(r.client_id),
        number=r.number, name=r.name, booked_through=day(r.booked_through) or "–",
        last_import=moment(r.last_import) or "–", flag=flag,
        flag_label={"geen": "Geen cijfers"}.get(flag, flag.capitalize()),
        reasons=r.reasons[:5], omzet=money_whole(r.omzet),
        omzet_last_year=money_whole(r.omzet_last_year), omzet_change=_change(r.omzet,
                                                                             r.omzet_last_year),
        result=money_whole(r.result), result_last_year=money_whole(r.result_last_year),
        cash=money_whole(r.cash),
        solvency=f"{number(r.solvency, 1)}%" if r.solvency is not None else "–")


class PortfolioState(SessionState):
    rows: list[PortfolioLine] = rx.field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    sort: str = "signaal"
    descending: bool = True
    search: str = ""
    flag: str = ""
    counts: dict[str, int] = rx.field(default_factory=dict)
    unread: int = 0
    error: str = ""

    def _read(self, tx: Tx | None = None, **changes):
        wanted = {"search": self.search, "flag": self.flag, "sort": self.sort,
                  "descending": self.descending, "page": self.page} | changes

        outcome = self._run(lambda tx: portfolio.portfolio(tx.session, tx.actor, **wanted),
                            tx=tx)
        if not outcome.ok:
            self.rows, self.error = [], str(outcome.error)
            return outcome.answer
        page = outcome.value
        self.unread = page.unread
        self.error = ""
        self.search, self.flag = wanted["search"], wanted["flag"]
        self.sort, self.descending, self.page = page.sort, page.descending, page.page
        self.rows = [_line(r) for r in page.rows]
        self.total, self.pages, self.counts = page.total, page.pages, page.counts
        return None

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._read(tx, page=1)

    @rx.event
    def sort_by(self, column: str):
        if not isinstance(column, str) or column not in portfolio.SORTS:
            return None
        descending = (not self.descending if column == self.sort
                      else column not in ("naam", "nummer"))
        return self._read(sort=column, descending=descending, page=1)

    @rx.event
    def apply_filter(self, form: dict):
        form = form if isinstance(form, dict) else {}
        flag = str(form.get("flag") or "")
        flag = flag if flag in (*portfolio.FLAGS, portfolio.NO_FIGURES) else ""
        return self._read(search=str(form.get("search") or "")[:100], flag=flag, page=1)

    @rx.event
    def show_flag(self, flag: str):
        flag = flag if isinstance(flag, str) and flag in (*portfolio.FLAGS,
                                                          portfolio.NO_FIGURES) else ""
        return self._read(flag=flag, page=1)

    @rx.event
    def next_page(self):
        return self._read(page=self.page + 1) if self.page < self.pages else None

    @rx.event
    def previous_page(self):
        return self._read(page=self.page - 1) if self.page > 1 else None


@dataclass
class NoticeLine:
    id: int
    client: str
    href: str
    message: str
    at: str
    read: bool


class NoticesState(SessionState):
    rows: list[NoticeLine] = rx.field(default_factory=list)
    unread: int = 0
    error: str = ""

    def _read(self, tx: Tx | None = None):
        def read(tx: Tx):
            return (notices.list_notices(tx.session, tx.actor),
                    notices.unread_count(tx.session, tx.actor))

        outcome = self._run(read, tx=tx)
        if not outcome.ok:
            self.rows, self.error = [], str(outcome.error)
            return outcome.answer
        rows, self.unread = outcome.value
        self.error = ""
        self.rows = [NoticeLine(n.id, f"{n.client_name} ({n.client_number})",
                                routes.financial_overview_url(n.client_id), n.message,
                                moment(n.at), n.read) for n in rows]
        return None

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        return self._read(tx)

    @rx.event
    def mark_read(self, notice_id: int):
        notice_id = as_id(notice_id)
        outcome = self._run(lambda tx: notices.mark_read(tx.session, tx.actor, notice_id))
        if not outcome.ok:
            return outcome.answer
        return self._read()

    @rx.event
    def mark_all_read(self):
        outcome = self._run(lambda tx: notices.mark_all_read(tx.session, tx.actor))
        if not outcome.ok:
            return outcome.answer
        return self._read()
