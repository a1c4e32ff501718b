"""Activation links: 15 minutes by the app's clock, once, bound to the user, address and purpose."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from itsdangerous import URLSafeTimedSerializer

from vfo_app.domain import tokens
from vfo_app.domain.models import Identity
from vfo_app.domain.tokens import InvalidLink
from vfo_app.settings import get_settings

T0 = datetime(2026, 3, 2, 14, 45, tzinfo=UTC)


@pytest.fixture
def person(db, fake_clock) -> Identity:
    fake_clock.set(T0)
    identity = Identity(email="sophie@bsevents.nl", first_name="Sophie", last_name="Mulder")
    db.add(identity)
    db.commit()
    return identity


def _at(fake_clock, hour: int, minute: int) -> None:
    fake_clock.set(T0.replace(hour=hour, minute=minute))


def test_valid_until_fifteen_minutes(db, person, fake_clock):
    token = tokens.issue(db, person)
    _at(fake_clock, 14, 59)
    assert tokens.read(db, token)[0].id == person.id
    _at(fake_clock, 15, 1)
    with pytest.raises(InvalidLink):
        tokens.read(db, token)


def test_a_link_from_the_future_is_refused(db, person, fake_clock):
    token = tokens.issue(db, person)
    _at(fake_clock, 14, 40)
    with pytest.raises(InvalidLink):
        tokens.read(db, token)


def test_usable_once(db, person):
    token = tokens.issue(db, person)
    _, claim = tokens.read(db, token)
    tokens.consume(db, claim)
    with pytest.raises(InvalidLink):
        tokens.read(db, token)
    with pytest.raises(InvalidLink):  # two simultaneous uses: only the first wins
        tokens.consume(db, claim)


def test_resend_kills_the_earlier_link(db, person):
    first = tokens.issue(db, person)
    second = tokens.issue(db, person)
    with pytest.raises(InvalidLink):
        tokens.read(db, first)
    assert tokens.read(db, second)[0].id == person.id


def test_address_change_kills_the_link(db, person):
    token = tokens.issue(db, person)
    person.email = "sophie.mulder@bsevents.nl"
    db.add(person)
    db.flush()
    with pytest.raises(InvalidLink):
        tokens.read(db, token)


def test_altered_link_is_refused(db, person):
    token = tokens.issue(db, person)
    for changed in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
                    token.replace(".", "x", 1), "", "abc"):
        with pytest.raises(InvalidLink):
            tokens.read(db, changed)


def test_link_made_for_another_purpose_or_key_is_refused(db, person):
    tokens.issue(db, person)
    generation = tokens.bookkeeping(db, person.id).generation
    payload = {"i": person.id, "e": person.email, "g": generation}
    other_purpose = URLSafeTimedSerializer(get_settings().secret_key, salt="vfo.password-reset.v1",
                                           signer=tokens._ClockSigner)
    other_key = URLSafeTimedSerializer("een-andere-sleutel", salt=tokens.SALTS[tokens.ACTIVATE],
                                       signer=tokens._ClockSigner)
    for serializer in (other_purpose, other_key):
        with pytest.raises(InvalidLink):
            tokens.read(db, serializer.dumps(payload))


def test_a_deactivated_identity_cannot_use_its_link(db, person):
    token = tokens.issue(db, person)
    person.is_active = False
    db.add(person)
    with pytest.raises(InvalidLink):
        tokens.read(db, token)
