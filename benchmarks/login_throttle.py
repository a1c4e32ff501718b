"""How many passwords an attacker can try, per hour and per day, under login throttling.

Simulated on a real, migrated SQLite database with the app's fake clock: each attacker tries
again the moment ``login_throttle.wait`` allows (the best an attacker can do), through
``auth.login`` with a wrong password, and the clock jumps over every wait. The password hash
is replaced by a constant-time stub: the policy, not argon2's 0.2 s, is measured. Scenarios:

- one IP against one address (guessing one account);
- one IP against a new address each try (password spraying): tries per IP;
- 100 IPs against one address (a botnet): tries per address in total, and per IP;
- the owner, from an IP that has not failed, during the botnet attack: how long they wait.

    python benchmarks/login_throttle.py [--ips 100]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vfo_app.domain import auth, clock, login_throttle, security
from vfo_app.domain.db import make_engine, session_scope
from vfo_app.domain.migrate import upgrade_head
from vfo_app.settings import get_settings

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
VICTIM = "victim@kantoor.example"


def _stub_hash() -> None:
    security.verify_password = lambda password, stored: (False, None)


def _attack(engine, *, ips: list[str], addresses, until: timedelta) -> dict[str, int]:
    """Each IP tries as soon as it may, for ``until``; returns tries per IP that reached the
    password check."""
    tries = dict.fromkeys(ips, 0)
    next_at = dict.fromkeys(ips, START)
    while True:
        ip = min(next_at, key=next_at.get)
        at = next_at[ip]
        if at - START >= until:
            return tries
        clock.freeze(at)
        email = addresses(ip, tries[ip])
        with session_scope(engine) as session:
            waited = login_throttle.wait(session, email=email, ip=ip)
            if waited.seconds:
                next_at[ip] = at + timedelta(seconds=waited.seconds)
                continue
            outcome = auth.login(session, email=email, password="guess", ip=ip)
            assert outcome.message == auth.LOGIN_FAILED_MESSAGE, outcome.message
        tries[ip] += 1
        next_at[ip] = at + timedelta(milliseconds=1)


def _fresh_engine(tmp: Path, name: str):
    url = f"sqlite:///{tmp / name}.db"
    upgrade_head(url)
    return make_engine(url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ips", type=int, default=100, help="botnet size (default 100)")
    args = parser.parse_args(argv)
    _stub_hash()
    s = get_settings()
    print(f"settings: {s.login_max_failures} free failures per address and IP, "
          f"{s.login_max_failures * login_throttle.ADDRESS_FACTOR} per address over all IPs, "
          f"{s.login_ip_max_failures} per IP over all addresses; then 1, 2, 4 ... s up to "
          f"{s.login_max_delay_minutes} min; counted over {s.login_window_hours} h")
    print(f"{'scenario':<44} {'1st hour':>9} {'24 hours':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows = []
        for hours in (1, 24):
            engine = _fresh_engine(tmp, f"one-{hours}")
            one = _attack(engine, ips=["203.0.113.7"], addresses=lambda ip, n: VICTIM,
                          until=timedelta(hours=hours))
            engine = _fresh_engine(tmp, f"spray-{hours}")
            spray = _attack(engine, ips=["203.0.113.8"],
                            addresses=lambda ip, n: f"user{n}@kantoor.example",
                            until=timedelta(hours=hours))
            engine = _fresh_engine(tmp, f"botnet-{hours}")
            botnet_ips = [f"10.{i // 250}.{i % 250}.1" for i in range(args.ips)]
            botnet = _attack(engine, ips=botnet_ips, addresses=lambda ip, n: VICTIM,
                             until=timedelta(hours=hours))
            clock.freeze(START + timedelta(hours=hours))
            with session_scope(engine) as session:
                owner_wait = login_throttle.wait(session, email=VICTIM, ip="198.51.100.20")
            rows.append((one["203.0.113.7"], spray["203.0.113.8"], sum(botnet.values()),
                         max(botnet.values()), owner_wait.seconds))
        clock.freeze(None)
    labels = ("one IP, one address: tries on the address",
              "one IP spraying: tries per IP (any addresses)",
              f"{args.ips} IPs, one address: tries on the address",
              f"{args.ips} IPs, one address: tries per IP (max)",
              "owner from a clean IP, after the botnet: wait s")
    for i, label in enumerate(labels):
        print(f"{label:<44} {rows[0][i]:>9} {rows[1][i]:>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
