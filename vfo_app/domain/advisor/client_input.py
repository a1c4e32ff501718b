"""The "Nieuwe klant" form as posted, and its rules that need no database.

Every value arrives as the string an HTML form posts. ``clean_client_input`` turns
it into typed values or a Dutch message per field; the checks that need the
database (uniqueness, the office's employees and price lists) live in clients.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import btw

from vfo_app.domain import dates, emails

LEGAL_FORMS = ["Eenmanszaak", "VOF", "Maatschap", "CV", "BV", "NV", "Stichting", "Vereniging",
               "Coöperatie"]
COUNTRIES = ["Nederland", "België", "Duitsland", "Frankrijk", "Luxemburg", "Verenigd Koninkrijk",
             "Overig"]
NETHERLANDS = "Nederland"
VAT_PERIODS = ["Niet van toepassing", "Maand", "Kwartaal", "Jaar"]
LANGUAGES = ["NL - Dutch", "EN - English", "DE - German"]
CONTACT_NEW = "Nieuw"
CONTACT_EXISTING = "Aanwezig"
YES, NO = "Ja", "Nee"
MAX_ROLES = 10
MAX_NUMBER, MAX_NAME, MAX_POSTCODE = 20, 200, 10  # tekens

# (form field prefix, label) of the three Boekjaren, oldest first
FISCAL_YEARS = [("prev", "Vorig jaar"), ("cur", "Huidig jaar"), ("next", "Volgend jaar")]

_REQUIRED = {
    "number": "Klantnummer is verplicht.",
    "name": "Naam is verplicht.",
    "kvk_number": "KvK-nummer is verplicht.",
    "legal_form": "Kies een rechtsvorm.",
    "account_manager_id": "Kies een accountmanager.",
}
_POSTCODE_NL = re.compile(r"^([1-9]\d{3})\s?([A-Za-z]{2})$")
_KVK = re.compile(r"^\d{8}$")
_AMOUNT = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$")
_WEBSITE = re.compile(r"^(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?(/\S*)?$")
_PHONE = re.compile(r"^\+?[\d\s\-().]+$")


@dataclass
class ClientInput:
    """Every field of the "Nieuwe klant" form, as posted (field name = form name)."""

    number: str = ""
    name: str = ""
    kvk_number: str = ""
    legal_form: str = ""
    account_manager_id: str = ""
    price_list_id: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""
    visit_address: str = ""
    visit_postcode: str = ""
    visit_city: str = ""
    visit_country: str = ""
    prev_start: str = ""
    prev_end: str = ""
    cur_start: str = ""
    cur_end: str = ""
    next_start: str = ""
    next_end: str = ""
    phone: str = ""
    website: str = ""
    vat_period: str = "Niet van toepassing"
    category: str = ""
    branche: str = ""
    vat_number: str = ""
    credit_limit: str = "0"
    invoice_language: str = "NL - Dutch"
    contact_mode: str = CONTACT_NEW
    contact_id: str = ""
    contact_first_name: str = ""
    contact_last_name: str = ""
    contact_phone: str = ""
    contact_mobile: str = ""
    contact_email: str = ""
    contact_roles: list[str] = field(default_factory=list)
    company_email: str = ""
    files_own_vat_return: str = NO
    data_delivered: str = NO

    @classmethod
    def from_form(cls, form: dict[str, Any]) -> ClientInput:
        """From posted form data; roles come as contact_role_0, contact_role_1, ..."""
        known = {f.name for f in fields(cls)} - {"contact_roles"}
        values = {k: str(v if v is not None else "") for k, v in form.items() if k in known}
        roles = [str(form[k]).strip() for k in sorted(form) if k.startswith("contact_role_")]
        return cls(**values, contact_roles=[r for r in roles if r])


@dataclass
class CleanClient:
    """Typed values ready to store."""

    fields: dict[str, Any]  # Client columns
    fiscal_years: list[tuple[date, date]]
    contact_mode: str
    contact_id: int | None
    contact: dict[str, str]  # ContactPerson columns for a new main contact
    roles: list[str]


# --- single rules, also used by the tabs ---------------------------------------------


def normalize_postcode(value: str) -> str | None:
    """'1006ak' -> '1006 AK'; None when it is not a Dutch postcode."""
    match = _POSTCODE_NL.match(value.strip())
    return f"{match.group(1)} {match.group(2).upper()}" if match else None


def parse_amount_cents(value: str) -> int | None:
    """Dutch notation ('1.500,00', '1500', '12,5', '€ 10') to cents; None when unreadable."""
    text = value.strip().replace("€", "").replace(" ", "").replace("\xa0", "")
    negative = text.startswith("-")
    text = text.lstrip("-")
    if not _AMOUNT.match(text):
        return None
    try:
        cents = int(Decimal(text.replace(".", "").replace(",", ".")) * 100)
    except InvalidOperation:
        return None
    return -cents if negative else cents


def clean_vat_number(value: str) -> str | None:
    """A Dutch BTW-nummer as 'NL004495445B01', or None when invalid."""
    try:
        return "NL" + btw.validate(value)
    except StdnumError:
        return None


def phone_ok(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return bool(_PHONE.match(value)) and 6 <= len(digits) <= 15


def website_ok(value: str) -> bool:
    return bool(_WEBSITE.match(value))


def clean_sbi_code(value: str) -> str | None:
    """SBI code: 2 to 5 digits, dots allowed as written ('56.10' -> '5610'). '' stays ''."""
    digits = value.strip().replace(".", "").replace(" ", "")
    if digits == "":
        return ""
    return digits if re.match(r"^\d{2,5}$", digits) else None


# --- the whole form -----------------------------------------------------------------


def clean_client_input(data: ClientInput) -> tuple[CleanClient | None, dict[str, str]]:
    """Apply every rule that needs no database. Returns (values, {}) or (None, errors)."""
    errors: dict[str, str] = {}
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    text = {k: v.strip() for k, v in values.items() if isinstance(v, str)}
    for name, message in _REQUIRED.items():
        if not text[name]:
            errors[name] = message
    out: dict[str, Any] = {
        k: text[k] for k in ("number", "name", "legal_form", "address", "city", "country",
                             "visit_address", "visit_city", "visit_country", "category",
                             "branche", "vat_period", "invoice_language")
    }
    out["number"] = out["number"].upper()
    _check_basics(text, out, errors)
    _check_address(text, out, errors, "postcode", "country")
    _check_address(text, out, errors, "visit_postcode", "visit_country")
    _check_misc(text, out, errors)
    years = _check_fiscal_years(text, errors)
    contact = _check_contact(text, errors)
    if errors:
        return None, errors
    return CleanClient(
        fields=out,
        fiscal_years=years,
        contact_mode=text["contact_mode"],
        contact_id=int(text["contact_id"]) if text["contact_id"].isdigit() else None,
        contact=contact,
        roles=list(dict.fromkeys(r.strip()[:60] for r in data.contact_roles if r.strip()))[
            :MAX_ROLES],
    ), {}


def _check_basics(text: dict, out: dict, errors: dict) -> None:
    kvk = text["kvk_number"].replace(" ", "").replace(".", "")
    if kvk and not _KVK.match(kvk):
        errors["kvk_number"] = "Het KvK-nummer bestaat uit precies 8 cijfers."
    out["kvk_number"] = kvk
    if len(text["number"]) > MAX_NUMBER:
        errors["number"] = f"Het klantnummer mag hooguit {MAX_NUMBER} tekens hebben."
    if len(text["name"]) > MAX_NAME:
        errors["name"] = f"De naam mag hooguit {MAX_NAME} tekens hebben."
    if text["legal_form"] and text["legal_form"] not in LEGAL_FORMS:
        errors["legal_form"] = "Kies een rechtsvorm uit de lijst."
    out["account_manager_id"] = _int_or_none(text["account_manager_id"])
    if text["account_manager_id"] and out["account_manager_id"] is None:
        errors["account_manager_id"] = "Kies een accountmanager."
    out["price_list_id"] = _int_or_none(text["price_list_id"])


def _check_address(text: dict, out: dict, errors: dict, postcode: str, country: str) -> None:
    value = text[postcode]
    out[postcode] = value
    if text[country] and text[country] not in COUNTRIES:
        errors[country] = "Kies een land uit de lijst."
    if value and text[country] == NETHERLANDS:
        normal = normalize_postcode(value)
        if normal is None:
            errors[postcode] = "Vul een Nederlandse postcode in als 1234 AB."
        out[postcode] = normal or value
    elif len(value) > MAX_POSTCODE:
        errors[postcode] = f"De postcode mag hooguit {MAX_POSTCODE} tekens hebben."


def _check_misc(text: dict, out: dict, errors: dict) -> None:
    out["phone"] = text["phone"]
    if text["phone"] and not phone_ok(text["phone"]):
        errors["phone"] = "Vul een geldig telefoonnummer in."
    out["website"] = text["website"]
    if text["website"] and not website_ok(text["website"]):
        errors["website"] = "Vul een geldig webadres in, bijvoorbeeld www.voorbeeld.nl."
    if text["vat_period"] not in VAT_PERIODS:
        errors["vat_period"] = "Kies een BTW-periode uit de lijst."
    if text["invoice_language"] not in LANGUAGES:
        errors["invoice_language"] = "Kies een declaratietaal uit de lijst."
    out["vat_number"] = ""
    if text["vat_number"]:
        out["vat_number"] = clean_vat_number(text["vat_number"]) or ""
        if not out["vat_number"]:
            errors["vat_number"] = "Vul een geldig Nederlands BTW-nummer in, bijv. NL004495445B01."
    cents = parse_amount_cents(text["credit_limit"] or "0")
    if cents is None:
        errors["credit_limit"] = "Vul een bedrag in, bijvoorbeeld 1.500,00."
    elif cents < 0:
        errors["credit_limit"] = "De kredietlimiet mag niet negatief zijn."
    out["credit_limit_cents"] = cents or 0
    out["company_email"] = ""
    if text["company_email"]:
        out["company_email"] = emails.contact_address(text["company_email"]) or ""
        if not out["company_email"]:
            errors["company_email"] = "Vul een geldig e-mailadres in."
    out["files_own_vat_return"] = _yes(text["files_own_vat_return"])
    out["data_delivered"] = _yes(text["data_delivered"])


def _check_fiscal_years(text: dict, errors: dict) -> list[tuple[date, date]]:
    years: list[tuple[date, date]] = []
    for prefix, label in FISCAL_YEARS:
        start, end = dates.parse(text[f"{prefix}_start"]), dates.parse(text[f"{prefix}_end"])
        if start is None:
            errors[f"{prefix}_start"] = (dates.problem(text[f"{prefix}_start"])
                                         if text[f"{prefix}_start"].strip()
                                         else f"Vul de begindatum van {label.lower()} in.")
        if end is None:
            errors[f"{prefix}_end"] = (dates.problem(text[f"{prefix}_end"])
                                       if text[f"{prefix}_end"].strip()
                                       else f"Vul de einddatum van {label.lower()} in.")
        if start and end and start > end:
            errors[f"{prefix}_end"] = "De einddatum ligt vóór de begindatum."
        years.append((start, end))  # type: ignore[arg-type]
    for i, (prefix, _) in enumerate(FISCAL_YEARS[1:], start=1):
        prev_end, start = years[i - 1][1], years[i][0]
        if prev_end and start and start != prev_end + timedelta(days=1) \
                and f"{prefix}_start" not in errors:
            errors[f"{prefix}_start"] = (
                "De boekjaren moeten op elkaar aansluiten: dit boekjaar begint de dag na "
                "het einde van het vorige.")
    return years


def _check_contact(text: dict, errors: dict) -> dict[str, str]:
    mode = text["contact_mode"]
    if mode not in (CONTACT_NEW, CONTACT_EXISTING):
        errors["contact_mode"] = "Kies Nieuw of Aanwezig."
        return {}
    if mode == CONTACT_EXISTING:
        if not text["contact_id"].isdigit():
            errors["contact_id"] = "Kies een aanwezige contactpersoon."
        return {}
    contact = {
        "first_name": text["contact_first_name"], "last_name": text["contact_last_name"],
        "phone": text["contact_phone"], "mobile": text["contact_mobile"], "email": "",
    }
    if not contact["first_name"]:
        errors["contact_first_name"] = "Voornaam is verplicht."
    if not contact["last_name"]:
        errors["contact_last_name"] = "Achternaam is verplicht."
    for key in ("phone", "mobile"):
        if contact[key] and not phone_ok(contact[key]):
            errors[f"contact_{key}"] = "Vul een geldig telefoonnummer in."
    if text["contact_email"]:
        contact["email"] = emails.contact_address(text["contact_email"]) or ""
        if not contact["email"]:
            errors["contact_email"] = "Vul een geldig e-mailadres in."
    return contact


def _int_or_none(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _yes(value: str) -> bool:
    return value.strip().lower() in ("ja", "on", "true", "1", "yes")
