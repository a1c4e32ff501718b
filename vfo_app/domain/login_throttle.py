"""How long a login attempt must wait: growing delays per address, per client IP and per
pair, never a lockout an attacker can impose on someone else.

After the free failures of a key, each further attempt waits ``2**k`` seconds after the
key's last failure (k = failures beyond the free ones, capped at
``login_max_delay_minutes``); failures count for ``login_window_hours``. A throttled attempt
is refused without checking the password and is not counted, so waiting it out is enough.
The keys, as the big identity providers do it (Microsoft Entra smart lockout, Okta's
"unknown device" lockout, OWASP's authentication cheat sheet: slow the attacker, not the
owner):

- **the address from this IP** (``login_max_failures`` free): someone guessing one account
  from one place. A successful login from that IP starts the pair afresh.
- **the address, from every IP together** (twice as many free), applied only to IPs that
  have failed on this address themselves: a botnet guessing one password slows down, while
  the owner, from an IP that has not failed on the address, still logs in at once. The
  address's count starts afresh after a successful login.
- **the IP, over every address** (``login_ip_max_failures`` free, generous because an office
  shares one address behind NAT): one password tried against many addresses (spraying). A
  successful login does not reset it, or an attacker with one account of their own could
  clear it between tries. IPv6 counts per /64, the block one subscriber holds.

What remains, and why: an attacker with many IPs gets a few free tries per IP per address;
stopping that without locking out owners needs a second factor, which accounts can require.
Measured with ``benchmarks/login_throttle.py``.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, func, select

from vfo_app.domain import clock
from vfo_app.domain.models import LoginAttempt
from vfo_app.settings import get_settings

KIND = "login"  # LoginAttempt.kind of a password attempt
ADDRESS_FACTOR = 2  # an address from all IPs together gets this many times the free failures


def ip_key(ip: str) -> str:
    """The IP as throttling counts it: IPv4 as is, IPv6 by its /64 network ("" when unknown)."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return (ip or "").strip()[:45]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@dataclass(frozen=True)
class Wait:
    seconds: int  # 0: go ahead

    @property
    def text(self) -> str:
        """"20 seconden", "1 minuut", "15 minuten": rounded up."""
        if self.seconds < 60:
            return f"{self.seconds} seconde" + ("" if self.seconds == 1 else "n")
        minutes = -(-self.seconds // 60)
        return "1 minuut" if minutes == 1 else f"{minutes} minuten"


def delay(excess: int) -> timedelta:
    """The pause after the ``excess``-th failure beyond the free ones (1 s, 2 s, 4 s, ...)."""
    cap = get_settings().login_max_delay_minutes * 60
    return timedelta(seconds=min(2 ** min(excess, 30), cap))


def _failures(session: Session, since: datetime, *conditions, reset: bool
              ) -> tuple[int, datetime | None]:
    """Failures of a key since ``since`` (and since its last success when ``reset``), with
    the newest one's time."""
    if reset:
        last_success = session.exec(select(func.max(LoginAttempt.at)).where(
            LoginAttempt.kind == KIND, LoginAttempt.success == True, *conditions)).one()
        if last_success is not None and last_success > since:
            since = last_success
    count, last = session.exec(select(func.count(), func.max(LoginAttempt.at)).where(
        LoginAttempt.kind == KIND, LoginAttempt.success == False, LoginAttempt.at > since,
        *conditions)).one()
    return count, last


def _until(count: int, last: datetime | None, free: int) -> datetime | None:
    if last is None or count < free:
        return None
    return last + delay(count - free)


def wait(session: Session, *, email: str, ip: str) -> Wait:
    """How long this address must wait from this IP before its password is checked."""
    settings = get_settings()
    now = clock.now()
    since = now - timedelta(hours=settings.login_window_hours)
    key = ip_key(ip)
    pair = _failures(session, since, LoginAttempt.email == email, LoginAttempt.ip == key,
                     reset=True)
    untils = [_until(*pair, settings.login_max_failures),
              _until(*_failures(session, since, LoginAttempt.ip == key, reset=False),
                     settings.login_ip_max_failures)]
    if pair[0]:  # this IP has failed on this address: the address's own count applies too
        untils.append(_until(*_failures(session, since, LoginAttempt.email == email,
                                        reset=True),
                             settings.login_max_failures * ADDRESS_FACTOR))
    latest = max((u for u in untils if u is not None), default=None)
    if latest is None or latest <= now:
        return Wait(0)
    return Wait(max(1, int(-(-(latest - now).total_seconds() // 1))))


def record(session: Session, *, email: str, ip: str, success: bool) -> None:
    session.add(LoginAttempt(email=email, ip=ip_key(ip), at=clock.now(), success=success,
                             kind=KIND))
