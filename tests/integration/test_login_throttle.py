"""Login throttling: growing delays per address, per IP and per pair; an attacker's failures
never keep the owner out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import PASSWORD
from vfo_app.domain import auth, login_throttle
from vfo_app.settings import get_settings

ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"
ADDRESS = "beheer@a.example"


@pytest.fixture
def start(fake_clock):
    fake_clock.set(datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    return fake_clock


def _fail(db, ip=ATTACKER, email=ADDRESS) -> auth.LoginOutcome:
    outcome = auth.login(db, email=email, password="fout-wachtwoord", ip=ip)
    db.commit()
    return outcome


def test_the_owner_from_another_ip_is_not_locked_out_by_an_attacker(db, office_admin, start):
    for _ in range(40):  # the attacker keeps going, waiting out each delay
        outcome = _fail(db)
        if outcome.message.startswith("Te veel"):
            start.advance(minutes=15)
    owner = auth.login(db, email=ADDRESS, password=PASSWORD, ip=OWNER)
    assert owner.token, owner.message


def test_delays_grow_for_the_address_from_the_failing_ip(db, office_admin, start):
    free = get_settings().login_max_failures
    for _ in range(free):
        assert _fail(db).message == auth.LOGIN_FAILED_MESSAGE
    throttled = auth.login(db, email=ADDRESS, password=PASSWORD, ip=ATTACKER)
    assert throttled.token is None
    assert throttled.message == auth.THROTTLED_MESSAGE.format(wait="1 seconde")
    start.advance(seconds=1)
    assert _fail(db).message == auth.LOGIN_FAILED_MESSAGE  # the 6th try, after 1 s
    assert "over 2 seconden" in _fail(db).message  # not counted: waiting is enough
    start.advance(seconds=2)
    _fail(db)
    assert "over 4 seconden" in _fail(db).message
    for _ in range(12):  # up to the cap
        start.advance(minutes=15)
        _fail(db)
    assert "over 15 minuten" in _fail(db).message


def test_a_successful_login_starts_the_pair_afresh(db, office_admin, start):
    for _ in range(get_settings().login_max_failures):
        _fail(db, ip=OWNER)
    start.advance(seconds=1)
    assert auth.login(db, email=ADDRESS, password=PASSWORD, ip=OWNER).token
    db.commit()
    assert _fail(db, ip=OWNER).message == auth.LOGIN_FAILED_MESSAGE


def test_one_ip_spraying_many_addresses_is_slowed(db, office_admin, start):
    free = get_settings().login_ip_max_failures
    for n in range(free):
        assert _fail(db, email=f"persoon{n}@a.example").message == auth.LOGIN_FAILED_MESSAGE
    assert _fail(db, email="nog-een@a.example").message.startswith("Te veel")
    # another IP is not affected, the owner included
    assert auth.login(db, email=ADDRESS, password=PASSWORD, ip=OWNER).token


def test_many_ips_on_one_address_slow_down_those_ips(db, office_admin, start):
    free = get_settings().login_max_failures * login_throttle.ADDRESS_FACTOR
    for n in range(free):
        _fail(db, ip=f"203.0.113.{n}")  # one try each: no pair is over its free failures
    assert _fail(db, ip="203.0.113.1").message.startswith("Te veel")  # failed here before
    assert auth.login(db, email=ADDRESS, password=PASSWORD, ip=OWNER).token  # a clean IP


def test_ipv6_counts_per_64_network():
    assert login_throttle.ip_key("2001:db8:1:2::7") == login_throttle.ip_key("2001:db8:1:2:ffff::1")
    assert login_throttle.ip_key("2001:db8:1:2::7") == "2001:db8:1:2::/64"
    assert login_throttle.ip_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert login_throttle.ip_key("") == ""
