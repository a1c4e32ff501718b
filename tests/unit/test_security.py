"""Password hashing and session tokens."""

from vfo_app.domain import security
from vfo_app.routes import login_url, safe_next


def test_password_hash_is_argon2_and_verifies():
    h = security.hash_password("een lang wachtwoord")
    assert h.startswith("$argon2")
    assert security.verify_password("een lang wachtwoord", h)[0] is True
    assert security.verify_password("een ander wachtwoord", h)[0] is False


def test_unknown_user_verification_fails_without_a_hash():
    assert security.verify_password("wat dan ook", None) == (False, None)


def test_tokens_are_random_and_only_their_digest_is_comparable():
    a, b = security.new_session_token(), security.new_session_token()
    assert a != b and len(a) >= 40
    assert security.token_digest(a) == security.token_digest(a) != security.token_digest(b)


def test_after_login_only_same_site_paths_are_followed():
    assert safe_next("/klanten/3") == "/klanten/3"
    assert safe_next("//evil.example/x") == "/klanten"
    assert safe_next("https://evil.example") == "/klanten"
    assert safe_next(None) == "/klanten"
    assert login_url("/klanten/3") == "/login?next=/klanten/3"
