"""The accountant confirms a rubriek that rests on the account number: it leaves the list."""

from __future__ import annotations

from tests.state.world import NORA
from vfo_app import routes
from vfo_app.state.drilldown import AccountsState


def test_confirming_a_rubriek_takes_the_account_off_the_list(tab, world):
    nora = tab(NORA).open(routes.CLIENT_OVERVIEW_ACCOUNTS,
                          {"jaar": world.noord.year, "categorie": "omzet"},
                          client_id=world.noord.client_id)
    assert nora.call(AccountsState.load).error is None
    listed = nora.state(AccountsState).to_confirm
    assert listed and all(r.basis for r in listed)
    first = listed[0]
    answer = nora.call(AccountsState.confirm, account_id=first.account_id)
    assert answer.error is None and not answer.error_toasts, answer
    assert answer.success_toasts == [
        f"Rubriek {first.category_label} van rekening {first.account_id} bevestigd."]
    assert first.account_id not in {r.account_id for r in nora.state(AccountsState).to_confirm}
