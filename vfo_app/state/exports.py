"""Downloads of the app's tables as .xlsx (and the Proef- en saldibalans as .csv).

One small state beside the pages' own: each handler takes what the page shows (year, period,
figure, filter) as arguments, resolves the client or company from the route itself, and runs
the domain's sheet builders (``domain.exports.tables``) in a transaction of its own, so the
access policy is asked on every download, as the PDF download does (``state.dashboard``).
The file goes to the browser with ``rx.download``; a refusal is a toast and no file.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from vfo_app.domain import figure_log
from vfo_app.domain.exports import tables
from vfo_app.domain.exports.xlsx import CSV_MIME, XLSX_MIME, Sheet, csv_bytes, filename, workbook
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.scope import Scope
from vfo_app.state.session import SessionState, Tx


def _int(value: object, default: int = 0) -> int:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() and len(text) < 7 else default


def _text(value: object, limit: int = 100) -> str:
    return value[:limit] if isinstance(value, str) else ""


class ExportState(SessionState):
    """Download handlers; holds no data of its own."""

    def _scope(self, tx: Tx) -> Scope:
        """The overview the route names: a client (employees) or a company (its users)."""
        company_id = self._route_id("company_id")
        if company_id is not None and self._route_id("client_id") is None:
            return scopes.for_company_user(tx.session, tx.actor, company_id)
        return scopes.for_employee(tx.session, tx.actor, self._client_id())

    def _send(self, build: Callable[[Tx], tuple[list[Sheet], str, str | None]], *,
              fmt: str = "xlsx"):
        """Build the sheets in a transaction (access asked there), record the export of a
        client's figures, and hand the file to the browser."""
        def work(tx: Tx) -> tuple[bytes, str]:
            sheets, name, what = build(tx)
            if what is not None:
                figure_log.record_export(tx.session, tx.actor, self._scope(tx), what)
            data = csv_bytes(sheets[0]) if fmt == "csv" else workbook(sheets)
            return data, name

        outcome = self._run(work)
        if not outcome.ok:
            return outcome.answer
        data, name = outcome.value
        return rx.download(data=data, filename=name,
                           mime_type=CSV_MIME if fmt == "csv" else XLSX_MIME)

    @rx.event
    def trial_balance(self, year: str, fmt: str):
        """Proef- en saldibalans of the year shown, as .xlsx or .csv."""
        fmt = "csv" if fmt == "csv" else "xlsx"
        wanted = _int(year)

        def build(tx: Tx):
            scope = self._scope(tx)
            sheet = tables.trial_balance_sheet(tx.session, tx.actor, scope.client_id, wanted)
            return [sheet], filename("proefbalans", scope.client_name, str(wanted), ext=fmt), \
                f"Proef- en saldibalans {wanted} ({fmt})"

        return self._send(build, fmt=fmt)

    @rx.event
    def reports(self, year: str, month: str):
        """Winst-en-verliesrekening and Balans of the year and period shown, one sheet each."""
        wanted, upto = _int(year), _int(month, 12) or 12

        def build(tx: Tx):
            scope = self._scope(tx)
            sheets = [tables.profit_and_loss_sheet(tx.session, scope, wanted, upto)]
            if not scope.is_starter:
                sheets.append(tables.balance_sheet_sheet(tx.session, scope, wanted, upto))
            return sheets, filename("rapport", scope.client_name, str(wanted), f"{upto:02d}",
                                    ext="xlsx"), \
                f"Excel-rapport boekjaar {wanted} t/m periode {upto}"

        return self._send(build)

    @rx.event
    def accounts(self, year: str, key: str, first: str, upto: str):
        """The accounts behind a figure (Rekeningen), for the months shown."""
        wanted, figure = _int(year), _text(key, 60)
        first_month, upto_month = _int(first, 1) or 1, _int(upto, 12) or 12

        def build(tx: Tx):
            scope = self._scope(tx)
            sheet = tables.accounts_sheet(tx.session, tx.actor, scope.client_id, year=wanted,
                                          key=figure, first_month=first_month,
                                          upto_month=upto_month)
            return [sheet], filename("rekeningen", figure, scope.client_name, str(wanted),
                                     ext="xlsx"), f"Rekeningen {figure} {wanted}"

        return self._send(build)

    @rx.event
    def lines(self, year: str):
        """Every line of the account the route names, in the year shown."""
        wanted = _int(year)
        account = str(self.router._page.params.get("account_id", "") or "")[:35]

        def build(tx: Tx):
            scope = self._scope(tx)
            sheet = tables.lines_sheet(tx.session, tx.actor, scope.client_id, year=wanted,
                                       account_id=account)
            return [sheet], filename("rekening", account, scope.client_name, str(wanted),
                                     ext="xlsx"), f"Boekingen rekening {account} {wanted}"

        return self._send(build)

    @rx.event
    def budget(self, year: str):
        """The budget of the year: also the template to fill in and upload."""
        wanted = _int(year)

        def build(tx: Tx):
            scope = self._scope(tx)
            sheet = tables.budget_sheet(tx.session, tx.actor, scope.client_id, wanted)
            return [sheet], filename("budget", scope.client_name, str(wanted), ext="xlsx"), \
                f"Budget {wanted}"

        return self._send(build)

    @rx.event
    def portfolio(self, search: str, flag: str, sort: str, descending: bool):
        """The whole Portefeuille as filtered and sorted on the page."""
        def build(tx: Tx):
            sheet = tables.portfolio_sheet(tx.session, tx.actor, search=_text(search),
                                           flag=_text(flag, 20), sort=_text(sort, 20),
                                           descending=bool(descending) if isinstance(
                                               descending, bool) else None)
            return [sheet], "portefeuille.xlsx", None

        return self._send(build)
