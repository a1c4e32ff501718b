"""Logout forgets the tab: every state back at its defaults on the server, and the browser
told to drop its storage and load the login page anew."""

from __future__ import annotations

from tests.state.harness import Tab
from tests.state.world import NORA, PASSWORD
from vfo_app import routes
from vfo_app.state.clients import ClientListState
from vfo_app.state.login import LoginState
from vfo_app.state.session import SessionState, _every_state


def _backend_values(tab: Tab) -> dict[str, dict]:
    """The backend-only vars (``_name``) of every state of the tab."""
    found = {}
    for cls in _every_state(type(tab.root)):
        state = tab.state(cls) if cls is not type(tab.root) else tab.root
        found[cls.get_full_name()] = {n: getattr(state, n) for n, f in cls.__fields__.items()
                                      if n.startswith("_") and f._owner is cls}
    return found


def _without_router(values: dict) -> dict:
    return {state: {k: v for k, v in vars_.items() if not k.startswith(("router", "rx_router"))}
            for state, vars_ in values.items()}


def test_logout_resets_every_state_of_the_tab(tab, world):
    fresh = Tab("").open(routes.LOGIN)
    defaults, backend_defaults = _without_router(fresh.values()), _backend_values(fresh)

    nora = tab(None).open(routes.LOGIN)
    answer = nora.call(LoginState.submit, form={"email": world.emails[NORA],
                                                "password": PASSWORD})
    assert answer.redirects and nora.state(SessionState).session_token, answer
    nora.open(routes.CLIENTS)
    nora.call(ClientListState.load)
    assert world.noord.client_name in str(nora.values())
    assert nora.state(SessionState).user_name == world.names[NORA]

    answer = nora.call(SessionState.logout)
    assert answer.error is None, answer
    assert _without_router(nora.values()) == defaults
    assert _backend_values(nora) == backend_defaults
    assert world.noord.client_name not in str(nora.values())
    # the browser drops its storage (the Reflex client token), loads /auth/logout (which
    # expires the HttpOnly cookie) and from there the login page anew
    names = [e.name for e in answer.frontend]
    assert "_clear_session_storage" in names
    [script] = [e for e in answer.frontend if e.name == "_call_script"]
    assert f'window.location.replace("{routes.AUTH_LOGOUT}")' in str(script.payload)
    assert answer.redirects == [routes.LOGIN] and nora.cookie == ""

    # a reconnect of the same tab (its page load) shows the login page, not the clients
    nora.open(routes.CLIENTS)
    again = nora.call(ClientListState.load)
    assert again.redirects and again.redirects[0].startswith(routes.LOGIN), again
    assert world.noord.client_name not in str(nora.values())
