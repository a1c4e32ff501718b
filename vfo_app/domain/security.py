"""Password hashing (argon2 via passlib), password strength (zxcvbn) and session tokens
(random, stored as SHA-256)."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from functools import cache

from passlib.context import CryptContext
from zxcvbn import zxcvbn

from vfo_app.domain.common_passwords import COMMON_PASSWORDS

pwd_context = CryptContext(schemes=["argon2"], deprecated="auto")

MIN_PASSWORD_LENGTH = 12  # employees and company users alike
PASSWORD_TOO_SHORT = f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens hebben."
MAX_PASSWORD_LENGTH = 128
PASSWORD_TOO_LONG = f"Het wachtwoord mag hoogstens {MAX_PASSWORD_LENGTH} tekens hebben."
# zxcvbn's scale: 0 (guessed at once) .. 4 (beyond 10^10 guesses). 3 is "safely
# unguessable" (10^8 guesses, hours to days offline against a slow hash such as argon2).
MIN_PASSWORD_SCORE = 3
STRENGTH_RULE = "Niet te raden: geen naam, e-mailadres, bedrijfsnaam of veelgebruikt woord"
PASSWORD_COMMON = "Dit wachtwoord wordt veel gebruikt. Kies een ander wachtwoord."
PASSWORD_ADVICE = ("Kies een langer of minder voorspelbaar wachtwoord; vermijd uw naam, "
                   "e-mailadres en bedrijfsnaam.")
PASSWORD_TOO_WEAK = f"Dit wachtwoord is te makkelijk te raden. {PASSWORD_ADVICE}"
# zxcvbn's warnings, roughly in Dutch; an unknown or empty warning gets PASSWORD_TOO_WEAK alone.
_WARNINGS = {
    "Straight rows of keys are easy to guess.": "Rijen toetsen zijn makkelijk te raden.",
    "Short keyboard patterns are easy to guess.":
        "Korte patronen op het toetsenbord zijn makkelijk te raden.",
    'Repeats like "aaa" are easy to guess.': 'Herhalingen zoals "aaa" zijn makkelijk te raden.',
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".':
        'Herhalingen zoals "abcabcabc" zijn nauwelijks moeilijker te raden dan "abc".',
    'Sequences like "abc" or "6543" are easy to guess.':
        'Reeksen zoals "abc" of "6543" zijn makkelijk te raden.',
    "Recent years are easy to guess.": "Recente jaartallen zijn makkelijk te raden.",
    "Dates are often easy to guess.": "Datums zijn vaak makkelijk te raden.",
    "This is a top-10 common password.": "Dit is een van de meest gebruikte wachtwoorden.",
    "This is a top-100 common password.": "Dit is een veelgebruikt wachtwoord.",
    "This is a very common password.": "Dit is een veelgebruikt wachtwoord.",
    "This is similar to a commonly used password.": "Dit lijkt op een veelgebruikt wachtwoord.",
    "A word by itself is easy to guess.": "Eén los woord is makkelijk te raden.",
    "Names and surnames by themselves are easy to guess.":
        "Een naam op zich is makkelijk te raden.",
    "Common names and surnames are easy to guess.": "Gangbare namen zijn makkelijk te raden.",
}
# zxcvbn's own limit (its matching grows fast with the length); the rest of a longer
# password only adds strength, so the first part is what is judged.
_ZXCVBN_MAX = 72

@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so both failures take the same time. Made
    on first use: an argon2 hash takes 64 MB for a moment, which every process that merely
    imports this module (an auditfile import, a CLI command) should not pay."""
    return pwd_context.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return pwd_context.hash(password)


def password_context(*values: str | None) -> list[str]:
    """The words a password must not lean on, from the user's name, e-mail address and
    company or office: each value whole and cut into its words ("frans.jansen@bsevents.example"
    gives frans, jansen, bsevents, example)."""
    words: list[str] = []
    for value in values:
        value = (value or "").strip().lower()
        if value:
            parts = [w for w in re.split(r"[^0-9a-zà-ÿ]+", value) if w]
            words += [value, "".join(parts), *(w for w in parts if len(w) >= 3)]
    return list(dict.fromkeys(words))


def password_problem(password: str, context: Iterable[str] = ()) -> str | None:
    """Why this password may not be chosen (a Dutch message), or None. Length first
    (``MIN_PASSWORD_LENGTH`` stays the floor), then zxcvbn with the user's own words as
    context: a score below ``MIN_PASSWORD_SCORE`` is refused. The Dutch list of common
    passwords comes first (zxcvbn knows English ones best)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return PASSWORD_TOO_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return PASSWORD_TOO_LONG
    if password.lower() in COMMON_PASSWORDS or len(set(password)) == 1:
        return PASSWORD_COMMON
    result = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=list(context), max_length=_ZXCVBN_MAX)
    if result["score"] >= MIN_PASSWORD_SCORE:
        return None
    warning = _WARNINGS.get(result["feedback"].get("warning") or "")
    return f"{warning} {PASSWORD_ADVICE}" if warning else PASSWORD_TOO_WEAK


def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """Return (valid, new_hash); new_hash is set when the stored hash should be upgraded."""
    if not password_hash:
        pwd_context.verify(password, _dummy_hash())
        return False, None
    return pwd_context.verify_and_update(password, password_hash)


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
