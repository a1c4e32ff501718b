"""The "Nieuwe klant" rules that need no database, each with its Dutch message."""

import pytest

from vfo_app.domain.advisor.client_input import (
    ClientInput,
    clean_client_input,
    clean_sbi_code,
    normalize_postcode,
    parse_amount_cents,
)


def valid(**changes) -> ClientInput:
    values = {
        "number": "bse", "name": "BS Events BV", "kvk_number": "11111298", "legal_form": "BV",
        "account_manager_id": "1", "price_list_id": "1", "address": "HJE Wenckebachweg 200",
        "postcode": "1006ak", "city": "Amsterdam", "country": "Nederland",
        "prev_start": "2025-01-01", "prev_end": "2025-12-31", "cur_start": "2026-01-01",
        "cur_end": "2026-12-31", "next_start": "2027-01-01", "next_end": "2027-12-31",
        "contact_first_name": "Frans", "contact_last_name": "Jansen",
        "contact_email": "frans.jansen@bsevents.example",
    }
    values.update(changes)
    return ClientInput(**values)


def errors_of(**changes) -> dict[str, str]:
    clean, errors = clean_client_input(valid(**changes))
    assert (clean is None) == bool(errors)
    return errors


def test_a_complete_form_is_cleaned_and_normalised():
    clean, errors = clean_client_input(valid(vat_number="nl 0044.95.445.B01",
                                             credit_limit="1.500,00", website="www.bs.nl",
                                             files_own_vat_return="Ja", contact_roles=["Directeur"]))
    assert errors == {}
    assert clean.fields["number"] == "BSE"
    assert clean.fields["postcode"] == "1006 AK"
    assert clean.fields["vat_number"] == "NL004495445B01"
    assert clean.fields["credit_limit_cents"] == 150000
    assert clean.fields["files_own_vat_return"] is True
    assert clean.fields["data_delivered"] is False
    assert clean.roles == ["Directeur"]
    assert clean.contact["email"] == "frans.jansen@bsevents.example"


@pytest.mark.parametrize("field,message", [
    ("number", "Klantnummer is verplicht."),
    ("name", "Naam is verplicht."),
    ("kvk_number", "KvK-nummer is verplicht."),
    ("legal_form", "Kies een rechtsvorm."),
    ("account_manager_id", "Kies een accountmanager."),
    ("contact_first_name", "Voornaam is verplicht."),
    ("contact_last_name", "Achternaam is verplicht."),
    ("cur_start", "Vul de begindatum van huidig jaar in."),
    ("next_end", "Vul de einddatum van volgend jaar in."),
])
def test_required_fields(field, message):
    assert errors_of(**{field: "  "})[field] == message


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a"])
def test_kvk_is_exactly_eight_digits(kvk):
    assert errors_of(kvk_number=kvk)["kvk_number"] == "Het KvK-nummer bestaat uit precies 8 cijfers."


def test_dutch_postcode_only_checked_for_nederland():
    assert errors_of(postcode="10066 A")["postcode"] == "Vul een Nederlandse postcode in als 1234 AB."
    assert errors_of(postcode="0123 AB")["postcode"]
    assert "postcode" not in errors_of(postcode="B-1000", country="België")
    assert "visit_postcode" in errors_of(visit_postcode="abc", visit_country="Nederland")
    assert normalize_postcode(" 1006ak ") == "1006 AK"


def test_email_addresses():
    assert errors_of(contact_email="frans@")["contact_email"] == "Vul een geldig e-mailadres in."
    assert errors_of(company_email="geen mail")["company_email"] == "Vul een geldig e-mailadres in."


def test_vat_number_must_be_a_valid_dutch_number():
    assert errors_of(vat_number="NL123456789B01")["vat_number"].startswith(
        "Vul een geldig Nederlands BTW-nummer in")


@pytest.mark.parametrize("text,cents", [("0", 0), ("1.500,00", 150000), ("1500", 150000),
                                         ("12,5", 1250), ("€ 10", 1000), ("-5", -500)])
def test_amounts_in_dutch_notation(text, cents):
    assert parse_amount_cents(text) == cents


def test_credit_limit_not_negative_and_readable():
    assert errors_of(credit_limit="-1,00")["credit_limit"] == "De kredietlimiet mag niet negatief zijn."
    assert errors_of(credit_limit="1,500.00")["credit_limit"] == (
        "Vul een bedrag in, bijvoorbeeld 1.500,00.")


def test_fiscal_years_start_before_end_and_consecutive():
    assert errors_of(cur_end="2025-06-30")["cur_end"] == "De einddatum ligt vóór de begindatum."
    gap = errors_of(next_start="2027-02-01", next_end="2028-01-31")
    assert gap["next_start"].startswith("De boekjaren moeten op elkaar aansluiten")
    # a broken year (e.g. July-June) is fine when the years still connect
    assert errors_of(prev_start="2024-07-01", prev_end="2025-12-31") == {}
    assert errors_of(prev_start="1-1-2025", prev_end="31-12-2025") == {}


def test_website_and_phone_light_checks():
    assert errors_of(website="niet een site")["website"].startswith("Vul een geldig webadres")
    assert errors_of(phone="bel me")["phone"] == "Vul een geldig telefoonnummer in."
    assert errors_of(phone="+31 (0)20-123 45 67", website="https://bs.nl/contact") == {}


def test_select_values_must_come_from_the_lists():
    errors = errors_of(legal_form="GmbH", vat_period="Dag", invoice_language="FR",
                       country="Atlantis")
    assert set(errors) == {"legal_form", "vat_period", "invoice_language", "country"}


def test_existing_contact_mode_needs_a_choice_and_no_names():
    errors = errors_of(contact_mode="Aanwezig", contact_first_name="", contact_last_name="")
    assert errors == {"contact_id": "Kies een aanwezige contactpersoon."}


def test_form_posts_roles_as_numbered_fields():
    data = ClientInput.from_form({"number": "A1", "contact_role_0": "Directeur",
                                  "contact_role_1": " ", "unknown": "x"})
    assert data.number == "A1" and data.contact_roles == ["Directeur"]


@pytest.mark.parametrize("text,result", [("5610", "5610"), ("56.10", "5610"), ("56.10.1", "56101"),
                                         ("", ""), ("5", None), ("561012", None), ("ab", None)])
def test_sbi_code(text, result):
    assert clean_sbi_code(text) == result
