"""The one normal form of an account's e-mail address, for storing it and for looking it up.

An address is checked by email-validator (no DNS look-up), which puts it in its normal form
(Unicode NFC, the domain normalised), and then lower-cased whole: ``Frans.Jansen@BSEvents.example``
and ``frans.jansen@bsevents.example`` are one account, as ``Identity.email`` is unique. Creating
an employee or a company user stores ``validated``; logging in, "Stuur een nieuwe link" and
finding an employee look up by ``normalize``, so what was stored is found however it is typed.

A client's contact address (``contact_address``) is contact data, not a login: the same check,
but it keeps the case it was typed in.
"""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


def contact_address(raw: str) -> str | None:
    """A valid address as email-validator normalises it, the local part's case kept; None
    when it is not one."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def validated(raw: str) -> str | None:
    """An account's address in its normal form, or None when it is not a valid address."""
    address = contact_address(raw)
    return address.lower() if address else None


def normalize(raw: str) -> str:
    """The form to look an address up by: ``validated`` when valid; otherwise trimmed and
    lower-cased, so a typo is still counted for throttling and an address stored without the
    check (a benchmark's ``.invalid`` domain) is still found."""
    return validated(raw) or raw.strip().lower()
