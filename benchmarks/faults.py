"""Faults under load, against `make run-prod`:

    python benchmarks/faults.py http://localhost:8080 kill-instance|restart-postgres|restart-redis
        [--users 100] [--think 1 3] [--before 30] [--after 45]

Starts ``load_ws.py`` (simulated users on the real websocket), waits until every user has
started plus ``--before`` seconds, then injects the fault and lets the load run ``--after``
seconds more. Prints the load generator's report and what happened around the fault:
- kill-instance: SIGKILL to app-1's process group, as a crash would (it stays down);
- restart-postgres: ``pg_ctlcluster ... restart`` of the local cluster (fast shutdown: open
  connections are cut);
- restart-redis: SHUTDOWN NOSAVE and a new redis-server, so all Reflex state is gone.
The generator counts a lost connection, a timeout, an error toast or a redirect to the login
page as an error; a user whose connection broke reloads the page (a new connection) and goes
on, as a person would. "naar login" errors would mean sessions were lost.

PostgreSQL and Redis are started again with the commands this machine's services use; run it
only where nothing else needs them for the seconds of the restart.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN_DIR = ROOT / "data" / "prod" / "run"
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
               "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
               "--logfile", "/var/log/redis/ci.log"]


def _cluster() -> str:
    return sorted(os.listdir("/etc/postgresql"))[0]


def kill_instance() -> str:
    pgid = int((RUN_DIR / "app-1.pid").read_text())
    os.killpg(pgid, signal.SIGKILL)
    return f"app-1 (procesgroep {pgid}) gestopt met SIGKILL"


def restart_postgres() -> str:
    start = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", _cluster(), "main", "restart",
                    "-m", "fast"], check=True)
    return f"PostgreSQL herstart in {time.monotonic() - start:.1f} s"


def restart_redis() -> str:
    start = time.monotonic()
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False,
                   capture_output=True)
    while subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True).returncode == 0:
        time.sleep(0.05)
    down = time.monotonic() - start
    subprocess.run(REDIS_START, check=True)
    while subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True).returncode:
        time.sleep(0.05)
    return (f"Redis gestopt (zonder opslaan: alle Reflex-state weg) na {down:.1f} s en opnieuw "
            f"gestart; samen {time.monotonic() - start:.1f} s")


FAULTS = {"kill-instance": kill_instance, "restart-postgres": restart_postgres,
          "restart-redis": restart_redis}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("fault", choices=sorted(FAULTS))
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0))
    parser.add_argument("--ramp", type=float, default=25)
    parser.add_argument("--before", type=float, default=30, help="seconden load na de ramp, vóór de fout")
    parser.add_argument("--after", type=float, default=45, help="seconden load na de fout")
    args = parser.parse_args()
    load = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "load_ws.py"), args.url, "--users",
         str(args.users), "--ramp", str(args.ramp), "--think", *map(str, args.think),
         "--duration", str(args.before + args.after)],
        stdout=subprocess.PIPE, text=True)
    t0 = time.monotonic()
    time.sleep(args.ramp + args.before)
    print(f"[t={time.monotonic() - t0:5.1f} s] fout: {args.fault}", flush=True)
    print(f"[t={time.monotonic() - t0:5.1f} s] {FAULTS[args.fault]()}", flush=True)
    out, _ = load.communicate()
    print(out)
    return load.returncode


if __name__ == "__main__":
    raise SystemExit(main())
