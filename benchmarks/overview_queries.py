"""Benchmark of the dashboard, report and drill-down queries:
python benchmarks/overview_queries.py [--lines N ...] [--runs R] [--postgres URL]

Generates the XAF 3.2 of ``xaf_import.py`` (N lines, one fiscal year), imports it into a
freshly migrated database (SQLite by default), then times on the server side, each the median
of R runs on a fresh session:
- dashboard: ``figures.year_sums`` (this year and last) + ``key_figures`` + ``monthly_trend``
  + ``observations``; reports: the same sums + ``profit_and_loss`` + ``balance_sheet``;
- drill-down: ``drilldown.accounts`` of a profit-and-loss and a balance figure, and
  ``drilldown.account_lines`` of the busiest account, page 1 and its last page;
- ``pdf.report_pdf`` (the whole PDF: queries and rendering).
Target: every query under 200 ms at 1,000,000 lines.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from xaf_import import _fresh_postgres, child_import, child_migrate, drop_postgres, generate

TARGET_MS = 200


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def time_queries(url: str, runs: int) -> list[tuple[str, float]]:
    from sqlalchemy import func
    from sqlmodel import Session, select

    from vfo_app.domain.db import make_engine
    from vfo_app.domain.models import Client, LedgerLine, Office
    from vfo_app.domain.online import products
    from vfo_app.domain.overview import drilldown, figures, key_figures
    try:
        from vfo_app.domain.overview import pdf
    except ImportError:  # before the PDF report existed: the queries alone
        pdf = None
    from vfo_app.domain.overview.scope import Scope

    engine = make_engine(url)
    with Session(engine) as session:
        client = session.exec(select(Client).where(Client.number == "B1")).one()
        office = session.get(Office, client.office_id)
        busiest, count = session.exec(
            select(LedgerLine.account_id, func.count()).group_by(LedgerLine.account_id)
            .order_by(func.count().desc())).first()
    scope = Scope(client.id, client.name, office.name, products.FINANCIAL_OVERVIEW)
    year, upto = 2024, 12
    last_page = -(-count // drilldown.PAGE_SIZE)

    def run(fn: Callable[[Session], object]) -> Callable[[], object]:
        def once() -> object:
            with Session(engine) as session:
                return fn(session)
        return once

    def sums(session: Session):
        return (figures.year_sums(session, client.id, year),
                figures.year_sums(session, client.id, year - 1))

    def dashboard(session: Session):
        this, last = sums(session)
        figures.monthly_trend(this)
        return (key_figures.dashboard(session, client.id, this, last, upto),
                key_figures.observations(this, last, upto))

    def reports(session: Session):
        this, last = sums(session)
        return (figures.profit_and_loss(this, last, 1, upto),
                figures.balance_sheet(this, last, upto))

    cases = [
        ("year_sums (this + last year)", sums),
        ("dashboard: sums + key figures + trend", dashboard),
        ("reports: sums + W&V + balans", reports),
        ("drill-down accounts: nettoresultaat", lambda s: drilldown.accounts(
            s, scope, client.id, year=year, key="nettoresultaat", upto_month=upto)),
        ("drill-down accounts: werkkapitaal", lambda s: drilldown.accounts(
            s, scope, client.id, year=year, key="werkkapitaal", upto_month=upto)),
        (f"account_lines {busiest} page 1 ({count:,} lines)", lambda s: drilldown.account_lines(
            s, scope, client.id, year=year, account_id=busiest, page=1)),
        (f"account_lines {busiest} page {last_page}", lambda s: drilldown.account_lines(
            s, scope, client.id, year=year, account_id=busiest, page=last_page)),
    ]
    if pdf is not None:
        cases.append(("report_pdf (queries + rendering)",
                      lambda s: pdf.report_pdf(s, scope, year, upto)))
    results = [(name, _median_ms(run(fn), runs)) for name, fn in cases]
    engine.dispose()
    return results


def measure(lines: int, runs: int, postgres: str | None, keep: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(keep) if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / f"bench_{lines}.db"
        url = _fresh_postgres(postgres) if postgres else f"sqlite:///{db}"
        if postgres or not db.exists():
            path = Path(tmp) / f"bench_{lines}.xaf"
            generate(path, lines)
            child_migrate(url)
            imp = child_import(str(path), url, "on")
            print(f"{lines:,} lines imported in {imp['seconds']:.1f} s into {url.split(':')[0]}")
        print(f"{lines:,} lines, {url.split(':')[0]}; median of {runs} runs:")
        try:
            for name, ms in time_queries(url, runs):
                flag = "ok" if ms < TARGET_MS else f"OVER {TARGET_MS} ms"
                print(f"  {name:<46} {ms:8.1f} ms  {flag}")
        finally:
            if postgres:
                drop_postgres(postgres, url)
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--postgres", help="admin URL; a fresh database is created per run")
    parser.add_argument("--keep", metavar="DIR", help="SQLite: keep the imported databases in DIR "
                        "and reuse them on the next run (compare query changes without importing)")
    args = parser.parse_args()
    for lines in args.lines:
        measure(lines, args.runs, args.postgres, args.keep)


if __name__ == "__main__":
    main()
