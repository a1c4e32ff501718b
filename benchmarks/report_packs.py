"""Benchmark of the report-pack schedule: python benchmarks/report_packs.py [--clients 1000]
[--postgres URL] [--app URL [--users 50] [--duration 60] [--ramp 15] [--think 1 3]
[--as-the-job]]

Builds, in a freshly migrated database (SQLite in a temporary directory; with ``--postgres`` a
throwaway database beside that admin URL), one office whose ``--clients`` clients all have
Visma Financial Overview and two fiscal years of figures (``portfolio.build``), and switches
the office's schedule on (month, 10 days after the period). Then it drafts every due pack as
the job does (``reports.schedule.draft_due``, ``BATCH`` packs per run, each run its own
transaction) and prints:
- the drafting time (the sum of the runs) and per pack, against the target of 10 minutes for
  1,000 clients;
- the wall time the job needs in the app, where it runs once a minute: the runs plus a
  minute's wait between them.

With ``--app URL`` (a running app with the demo data, e.g. ``make run-prod``) it also runs
``benchmarks/load_ws.py`` twice against it, once alone and once while this process drafts
the packs, and prints both p95s (steps started after the ramp) and their ratio against the
target (within 20 %). The drafting then runs in this process on this machine, beside the app:
it competes for the same two cores, as the job does, but not for the app's own process or
database (the job inside the app shares both). By default the drafting goes on without pause
for the whole load run (harsher than the job); ``--as-the-job`` drafts one run a minute, as
the app's timer does. Other work on the machine (other helpers'
tests) shows up in both runs; the script prints the load average before each so a busy
machine is visible.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from portfolio import build
from xaf_import import _fresh_postgres, drop_postgres

TARGET_SECONDS = 600  # 1,000 clients in under 10 minutes
TARGET_P95_RATIO = 1.20
TICK_SECONDS = 60  # the app's timer runs the due jobs once a minute


def switch_schedule_on(url: str, office_id: int) -> None:
    from sqlmodel import Session

    from vfo_app.domain.db import make_engine
    from vfo_app.domain.models import ReportSchedule
    from vfo_app.domain.reports import parts as P

    engine = make_engine(url)
    with Session(engine) as s:
        s.add(ReportSchedule(office_id=office_id, active=True, period_kind=P.MONTH,
                             days_after=10, parts=list(P.DEFAULT_PARTS),
                             introduction="Hierbij de cijfers van {periode}."))
        s.commit()
    engine.dispose()


def draft_all(url: str, pause: float = 0.0, until=None, rest: float | None = 0.0
              ) -> tuple[int, list[float]]:
    """Every due pack, ``BATCH`` per run in a transaction of its own: (packs, run times).
    ``pause``: seconds from the start of one run to the next (the app's tick; 0: at once);
    ``rest``: the job's rest after each pack, times its time (None: the job's own REST; 0:
    none, to measure the drafting itself)."""
    from sqlmodel import Session

    from vfo_app.domain import clock
    from vfo_app.domain.db import make_engine
    from vfo_app.domain.reports import schedule

    clock.freeze(datetime(2026, 1, 20, 9, tzinfo=UTC))  # December 2025 is due
    engine = make_engine(url)
    made, runs = 0, []
    try:
        while True:
            start = time.perf_counter()
            with Session(engine) as s:
                n = schedule.draft_due(s, rest=schedule.REST if rest is None else rest)
                s.commit()
            runs.append(time.perf_counter() - start)
            made += n
            if n == 0 or (until is not None and until()):
                break
            time.sleep(max(pause - runs[-1], 0))
    finally:
        clock.freeze(None)
        engine.dispose()
    return made, runs


def clear_packs(url: str) -> None:
    from sqlmodel import Session, delete

    from vfo_app.domain.db import make_engine
    from vfo_app.domain.models import ReportPack

    engine = make_engine(url)
    with Session(engine) as s:
        s.execute(delete(ReportPack))
        s.commit()
    engine.dispose()


def load_ws(args, label: str) -> tuple[float | None, str]:
    """One load_ws.py run against the app: (p95 of the steps after the ramp, its output)."""
    command = [sys.executable, str(Path(__file__).resolve().parent / "load_ws.py"), args.app,
               "--users", str(args.users), "--duration", str(args.duration),
               "--ramp", str(args.ramp), "--think", *map(str, args.think)]
    print(f"\n--- load_ws ({label}), load average {os.getloadavg()[0]:.2f} ---", flush=True)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    print(output.rstrip())
    for line in output.splitlines():
        if line.startswith("na ramp"):
            try:
                return float(line.split()[4]), output
            except (IndexError, ValueError):
                break
    return None, output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--postgres", default="", help="admin URL of a PostgreSQL server")
    parser.add_argument("--app", default="", help="a running app for load_ws.py")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--ramp", type=float, default=15)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0))
    parser.add_argument("--as-the-job", action="store_true",
                        help="with --app: draft as the app's timer does (a run a minute) "
                             "instead of without pause for the whole load run")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = _fresh_postgres(args.postgres) if args.postgres else f"sqlite:///{tmp}/packs.db"
        try:
            started = time.perf_counter()
            ids = build(url, args.clients, args.clients)
            switch_schedule_on(url, ids["office"])
            print(f"database: {url.split('@')[-1]}, {args.clients} klanten met twee jaar cijfers "
                  f"(opgebouwd in {time.perf_counter() - started:.0f} s), "
                  f"load average {os.getloadavg()[0]:.2f}", flush=True)

            baseline = None
            if args.app:
                baseline, _ = load_ws(args, "zonder concepten maken")

            result: dict = {}

            def drafting() -> None:
                result["made"], result["runs"] = draft_all(url)

            if args.app and args.as_the_job:
                # as the app's timer does: one run of the job a minute, while users work
                loader = threading.Thread(target=lambda: result.update(
                    during=load_ws(args, "terwijl de taak eens per minuut concepten maakt")[0]))
                loader.start()
                time.sleep(args.ramp)
                made, runs = draft_all(url, TICK_SECONDS, until=lambda: not loader.is_alive(),
                                       rest=None)
                loader.join()
                during = result.get("during")
                print(f"\ntijdens de load-run: {made} concepten in {len(runs)} runs van de taak "
                      f"(eens per minuut, {sum(runs):.1f} s per run samen, de rust na elk "
                      f"concept inbegrepen)")
                if baseline and during:
                    print(f"p95 na de ramp: {baseline:.0f} ms zonder, {during:.0f} ms met de taak: "
                          f"{100 * (during / baseline - 1):+.0f}% (doel binnen 20%)")
                return

            worker = threading.Thread(target=drafting)
            during = None
            if args.app:
                loader = threading.Thread(target=lambda: result.update(
                    during=load_ws(args, "terwijl de concepten worden gemaakt")[0]))
                loader.start()
                time.sleep(args.ramp)  # the users are working before the job starts
                worker.start()
                worker.join()
                # harsher than the job (a run a minute): draft again and again until the load
                # run ends, so every step after the ramp competes with drafting
                again = 0
                while loader.is_alive():
                    clear_packs(url)
                    again += draft_all(url)[0]
                loader.join()
                during = result.get("during")
                print(f"tijdens de load-run daarna nog {again} concepten opnieuw gemaakt "
                      "(aan één stuk door, zwaarder dan de taak die eens per minuut draait)")
            else:
                worker.start()
                worker.join()
            made, runs = result["made"], result["runs"]
            busy = sum(runs)
            # in the app each pack is followed by REST times its time of rest, and the runs
            # are a minute apart
            from vfo_app.domain.reports.schedule import REST

            wall = busy * (1 + REST) + TICK_SECONDS * max(len(runs) - 2, 0)
            print(f"\nconcepten gemaakt: {made} in {len(runs)} runs van de taak; rekentijd "
                  f"{busy:.1f} s ({1000 * busy / max(made, 1):.0f} ms per concept); "
                  f"in de app (één run per minuut, na elk concept {REST}x zijn tijd rust) "
                  f"klaar na ~{wall / 60:.1f} min; "
                  f"doel < {TARGET_SECONDS // 60} min voor 1.000 klanten: "
                  f"{'gehaald' if wall < TARGET_SECONDS * args.clients / 1000 else 'NIET gehaald'}")
            if args.app:
                if baseline and during:
                    ratio = during / baseline
                    print(f"p95 na de ramp: {baseline:.0f} ms zonder, {during:.0f} ms met het "
                          f"maken van concepten: {100 * (ratio - 1):+.0f}% (doel binnen "
                          f"{100 * (TARGET_P95_RATIO - 1):.0f}%: "
                          f"{'gehaald' if ratio <= TARGET_P95_RATIO else 'NIET gehaald'})")
                else:
                    print("p95: load_ws gaf geen uitkomst (zie de uitvoer hierboven)")
            else:
                print("p95 tijdens het maken: niet gemeten (geef --app URL van een draaiende app)")
            print(f"load average na afloop: {os.getloadavg()[0]:.2f} (2 kernen; andere processen "
                  "op de machine tellen mee)")
        finally:
            if args.postgres:
                drop_postgres(args.postgres, url)


if __name__ == "__main__":
    main()
