"""Instellingen > API-sleutels: a beheerder makes a key (shown once), every employee reads the
list, a medewerker can neither make nor revoke one, and revoking asks first."""

from __future__ import annotations

import hashlib

from sqlmodel import Session, select

from tests.state.world import NICK, NORA
from vfo_app import routes
from vfo_app.domain.models import ApiKey
from vfo_app.state.api_keys import ApiKeysState


def _keys(engine) -> list[ApiKey]:
    with Session(engine) as s:
        return list(s.exec(select(ApiKey).order_by(ApiKey.id)))


def test_the_beheerder_makes_a_key_shown_once_and_revokes_it(tab, world, app_engine):
    nora = tab(NORA).open(routes.SETTINGS_API_KEYS)
    answer = nora.call(ApiKeysState.load)
    assert answer.error is None and not answer.redirects, answer
    page = nora.state(ApiKeysState)
    assert page.can_edit and [k.name for k in page.keys] == ["Boekhoudpakket Noordhuis"]

    nora.call(ApiKeysState.create, {"name": "x" * 101})
    assert nora.state(ApiKeysState).errors["name"]
    assert nora.state(ApiKeysState).new_key == ""

    nora.call(ApiKeysState.create, {"name": "Exact Online"})
    page = nora.state(ApiKeysState)
    key = page.new_key
    assert key.startswith("vfo_") and page.new_key_name == "Exact Online"
    made = _keys(app_engine)[-1]
    assert made.key_hash == hashlib.sha256(key.encode()).hexdigest() and made.name == "Exact Online"
    assert [k.name for k in page.keys] == ["Exact Online", "Boekhoudpakket Noordhuis"]
    assert page.keys[0].last_used == "" and page.keys[0].revoked == ""

    nora.call(ApiKeysState.load)  # shown once: gone after the next load
    assert nora.state(ApiKeysState).new_key == ""

    nora.call(ApiKeysState.ask_revoke, made.id)  # picked: nothing revoked yet
    assert nora.state(ApiKeysState).confirm_name == "Exact Online"
    assert _keys(app_engine)[-1].revoked_at is None
    answer = nora.call(ApiKeysState.confirm_revoke)
    assert answer.success_toasts, answer
    assert _keys(app_engine)[-1].revoked_at is not None
    page = nora.state(ApiKeysState)
    assert page.keys[-1].name == "Exact Online" and page.keys[-1].revoked
    nora.call(ApiKeysState.ask_revoke, made.id)  # a revoked key is not offered again
    assert nora.state(ApiKeysState).confirm_id == 0


def test_a_medewerker_reads_the_list_but_makes_and_revokes_nothing(tab, world, app_engine):
    before = [(k.id, k.revoked_at) for k in _keys(app_engine)]
    nick = tab(NICK).open(routes.SETTINGS_API_KEYS)
    nick.call(ApiKeysState.load)
    page = nick.state(ApiKeysState)
    assert not page.can_edit and [k.name for k in page.keys] == ["Boekhoudpakket Noordhuis"]
    answer = nick.call(ApiKeysState.create, {"name": "Stiekem"})
    assert answer.error_toasts and nick.state(ApiKeysState).new_key == ""
    nick.call(ApiKeysState.ask_revoke, world.noord.api_key_id)
    answer = nick.call(ApiKeysState.confirm_revoke)
    assert answer.error_toasts, answer
    assert [(k.id, k.revoked_at) for k in _keys(app_engine)] == before
