"""Server cost of each step of load_ws.py, in process: CPU and database round trips per step.

    python benchmarks/page_steps.py --offices-file offices.json [--users 20] [--rounds 5]

Needs the app's database (VFO_DATABASE_URL) seeded by ``benchmarks/seed_offices.py``, whose
``--out`` file names the employees and their clients. Each of ``--users`` employees gets a
session and a tab of the state tests' harness (``tests/state/harness.py``: the real handlers,
the real ``process_event``, an in-memory state manager instead of Redis) and walks load_ws.py's
cycle: Klanten > zoeken > klant > dashboard > Portefeuille, ``--rounds`` times after one
warm-up round. Prints per step the median and p95 of the process's CPU (all threads: page
loads run in worker threads) and wall time, and the statements sent to the database (BEGIN,
SAVEPOINT and COMMIT included, as each is a round trip).

What it leaves out: Redis (the state's read and write, about 5 % of a worker under load) and
the websocket. What it is for: the cost of a step's own work, stable on a busy machine where
load_ws.py's latencies are not.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offices-file", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import event
    from sqlmodel import select

    from tests.state.harness import Tab
    from vfo_app import routes
    from vfo_app.domain import auth
    from vfo_app.domain.db import get_engine, session_scope
    from vfo_app.domain.models import Client, Identity
    from vfo_app.state.client_page import ClientPageState
    from vfo_app.state.clients import ClientListState
    from vfo_app.state.overview import FinancialOverviewState
    from vfo_app.state.portfolio import PortfolioState

    logins = json.loads(Path(args.offices_file).read_text())[: args.users]
    statements = [0]

    def count(*_a, **_k):
        statements[0] += 1

    engine = get_engine()
    for name in ("before_cursor_execute", "begin", "commit", "rollback", "savepoint",
                 "release_savepoint"):
        event.listen(engine, name, count)

    users = []
    with session_scope() as session:
        for login in logins:
            identity = session.exec(select(Identity).where(
                Identity.email == login["email"])).one()
            client = session.exec(select(Client).where(
                Client.number == login["client_number"])).first()
            users.append((auth.start_session(session, identity), client.id, login))

    steps = {
        "klanten": lambda tab, cid, login: tab.open(routes.CLIENTS).call(
            ClientListState.load, follow=False),
        "zoeken": lambda tab, cid, login: tab.call(ClientListState.type_query,
                                                   login["client_number"]),
        "klant": lambda tab, cid, login: tab.open(routes.CLIENT, client_id=cid).call(
            ClientPageState.load, follow=False),
        "dashboard": lambda tab, cid, login: tab.open(
            routes.CLIENT_OVERVIEW, client_id=cid).call(FinancialOverviewState.load,
                                                           follow=False),
        "portefeuille": lambda tab, cid, login: tab.open(routes.PORTFOLIO).call(
            PortfolioState.load, follow=False),
    }
    cpu: dict[str, list[float]] = {k: [] for k in steps}
    wall: dict[str, list[float]] = {k: [] for k in steps}
    queries: dict[str, list[int]] = {k: [] for k in steps}
    tabs = [(Tab(token), cid, login) for token, cid, login in users]
    for round_no in range(args.rounds + 1):
        for tab, cid, login in tabs:
            for name, step in steps.items():
                statements[0] = 0
                c0, w0 = time.process_time(), time.perf_counter()
                answer = step(tab, cid, login)
                c1, w1 = time.process_time(), time.perf_counter()
                if answer.error is not None or answer.redirects or answer.error_toasts:
                    raise SystemExit(f"{name} van {login['email']}: {answer}")
                if round_no:  # the first round warms caches and connections
                    cpu[name].append(1000 * (c1 - c0))
                    wall[name].append(1000 * (w1 - w0))
                    queries[name].append(statements[0])

    print(f"page_steps: {len(tabs)} medewerkers x {args.rounds} rondes "
          f"({engine.url.render_as_string(hide_password=True)})")
    print(f"{'stap':<13} {'CPU p50':>8} {'CPU p95':>8} {'wand p50':>9} {'wand p95':>9} "
          f"{'queries':>8}")
    for name in steps:
        print(f"{name:<13} {statistics.median(cpu[name]):7.1f}  {_pct(cpu[name], .95):7.1f}  "
              f"{statistics.median(wall[name]):8.1f}  {_pct(wall[name], .95):8.1f}  "
              f"{statistics.median(queries[name]):7.1f}")
    total = sum(statistics.median(v) for v in cpu.values())
    print(f"een cyclus: {total:.1f} ms CPU (mediaan per stap opgeteld), ms")


if __name__ == "__main__":
    main()
