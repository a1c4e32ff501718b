"""Klanten on a real, migrated database: create, validate, search, tenants, audit, tabs."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from vfo_app.domain.advisor import client_details as details
from vfo_app.domain.advisor import clients
from vfo_app.domain.advisor.client_input import ClientInput
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.models import (
    AuditEntry,
    Client,
    ContactPerson,
    ContactPersonRole,
    FiscalYear,
    PriceList,
    PriceListItem,
)


@pytest.fixture(autouse=True)
def _today(fake_clock):
    fake_clock.set(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))


def price_list(db, actor, name="Prijslijst 1", cents=8500) -> PriceList:
    pl = PriceList(office_id=actor.office_id, name=name)
    db.add(pl)
    db.flush()
    db.add(PriceListItem(price_list_id=pl.id, article_no="BH", description="Boekhouding",
                         unit="per uur", price_cents=cents))
    db.commit()
    return pl


def form(db, actor, **changes) -> ClientInput:
    values = {**clients.client_form_defaults(db, actor),
              "number": "BSE", "name": "BS Events BV", "kvk_number": "11111298",
              "legal_form": "BV", "account_manager_id": str(actor.identity_id),
              "address": "HJE Wenckebachweg 200", "postcode": "1006ak", "city": "Amsterdam",
              "country": "Nederland", "contact_first_name": "Frans",
              "contact_last_name": "Jansen", "contact_email": "frans.jansen@bsevents.example"}
    values.update(changes)
    return ClientInput(**values)


def create(db, actor, **changes) -> Client:
    client = clients.create_client(db, actor, form(db, actor, **changes))
    db.commit()
    return client


def test_defaults_follow_the_seed_and_the_calendar(db, office_admin):
    pl = price_list(db, office_admin)
    values = clients.client_form_defaults(db, office_admin)
    assert values["price_list_id"] == str(pl.id)
    assert values["vat_period"] == "Niet van toepassing"
    assert values["invoice_language"] == "NL - Dutch"
    assert values["credit_limit"] == "0"
    assert values["files_own_vat_return"] == values["data_delivered"] == "Nee"
    assert values["country"] == ""  # "Niet geselecteerd"
    assert (values["prev_start"], values["cur_end"], values["next_end"]) == (
        "01-01-2025", "31-12-2026", "31-12-2027")  # as the date fields show them
    options = clients.client_form_options(db, office_admin)
    assert [o.label for o in options["account_managers"]] == ["Anna Beheer"]
    assert "Coöperatie" in [o.value for o in options["legal_forms"]]


def test_create_with_every_field(db, office_admin):
    pl = price_list(db, office_admin)
    client = create(
        db, office_admin, price_list_id=str(pl.id), visit_address="Kade 1",
        visit_postcode="1011aa", visit_city="Amsterdam", visit_country="Nederland",
        phone="020-1234567", website="www.bsevents.nl", vat_period="Kwartaal",
        category="MKB", branche="Evenementen", vat_number="NL004495445B01",
        credit_limit="2.500,50", invoice_language="EN - English", contact_phone="0201234567",
        contact_mobile="0612345678", contact_roles=["Directeur", "Financieel"],
        company_email="info@bsevents.example", files_own_vat_return="Ja", data_delivered="Ja",
    )
    stored = db.get(Client, client.id)
    assert (stored.number, stored.postcode, stored.visit_postcode) == ("BSE", "1006 AK", "1011 AA")
    assert stored.credit_limit_cents == 250050 and stored.vat_number == "NL004495445B01"
    assert stored.files_own_vat_return and stored.data_delivered
    assert stored.search_text == "bse bs events bv 11111298 amsterdam"
    years = db.exec(select(FiscalYear).where(FiscalYear.client_id == client.id)
                    .order_by(FiscalYear.start_date)).all()
    assert [y.start_date.year for y in years] == [2025, 2026, 2027]
    main = db.exec(select(ContactPerson).where(ContactPerson.client_id == client.id)).one()
    assert main.is_main and main.full_name == "Frans Jansen" and main.mobile == "0612345678"
    roles = db.exec(select(ContactPersonRole.role)
                    .where(ContactPersonRole.contact_person_id == main.id)).all()
    assert sorted(roles) == ["Directeur", "Financieel"]
    overview = clients.client_overview(db, office_admin, client.id)
    assert overview["fiscal_year"] == "1-1-2026 - 31-12-2026"
    assert overview["price_list"] == "Prijslijst 1"
    assert overview["main_contact_email"] == "frans.jansen@bsevents.example"
    assert overview["account_manager"] == "Anna Beheer"


def test_the_overview_follows_the_calendar_and_shows_blanks(db, office_admin, fake_clock):
    client = create(db, office_admin)
    fake_clock.set(datetime(2027, 12, 31, 23, 30, tzinfo=UTC))  # 1 January 2028 in Amsterdam
    assert clients.client_overview(db, office_admin, client.id)["fiscal_year"] == ""
    fake_clock.set(datetime(2027, 12, 31, 12, 0, tzinfo=UTC))
    assert clients.client_overview(db, office_admin, client.id)["fiscal_year"] == (
        "1-1-2027 - 31-12-2027")
    client.price_list_id = None
    db.add(client)
    for person in db.exec(select(ContactPerson).where(ContactPerson.client_id == client.id)):
        db.delete(person)
    db.commit()
    overview = clients.client_overview(db, office_admin, client.id)
    assert (overview["price_list"], overview["main_contact"], overview["main_contact_email"],
            overview["account_manager"]) == ("", "", "", "Anna Beheer")


def test_duplicates_within_the_office_are_rejected_and_nothing_is_saved(db, office_admin):
    create(db, office_admin)
    with pytest.raises(ValidationFailed) as exc:
        clients.create_client(db, office_admin, form(db, office_admin, number="bse",
                                                     name="Ander", kvk_number="11111298",
                                                     contact_first_name="Piet"))
    db.rollback()
    assert exc.value.errors == {"number": "Dit klantnummer is al in gebruik.",
                                "kvk_number": "Er is al een klant met dit KvK-nummer."}
    assert len(db.exec(select(Client)).all()) == 1
    assert len(db.exec(select(ContactPerson)).all()) == 1


def test_the_same_numbers_are_fine_in_another_office(db, office_admin, other_office_admin):
    create(db, office_admin)
    other = create(db, other_office_admin)
    assert other.office_id == other_office_admin.office_id


def test_an_error_anywhere_saves_nothing(db, office_admin):
    with pytest.raises(ValidationFailed) as exc:
        clients.create_client(db, office_admin, form(db, office_admin, contact_email="frans@"))
    db.rollback()
    assert set(exc.value.errors) == {"contact_email"}
    assert db.exec(select(Client)).all() == []
    assert db.exec(select(FiscalYear)).all() == []
    assert db.exec(select(ContactPerson)).all() == []


def test_account_manager_and_price_list_must_be_of_the_office(db, office_admin,
                                                             other_office_admin):
    foreign_list = price_list(db, other_office_admin)
    with pytest.raises(ValidationFailed) as exc:
        clients.create_client(db, office_admin, form(
            db, office_admin, account_manager_id=str(other_office_admin.identity_id),
            price_list_id=str(foreign_list.id)))
    assert set(exc.value.errors) == {"account_manager_id", "price_list_id"}


def _many(db, actor):
    rows = [("K003", "Bakkerij de Korrel", "30000001", "Utrecht"),
            ("K001", "Zorg Thuis BV", "30000002", "Amsterdam"),
            ("K002", "Alfa Installatie", "30000003", "Zwolle")]
    for number, name, kvk, city in rows:
        create(db, actor, number=number, name=name, kvk_number=kvk, city=city, postcode="")


def test_search_by_name_number_kvk_and_city(db, office_admin):
    _many(db, office_admin)

    def names(query):
        return [r["name"] for r in clients.search_clients(db, office_admin, query=query).rows]

    assert names("korrel") == ["Bakkerij de Korrel"]
    assert names("k001") == ["Zorg Thuis BV"]
    assert names("30000003") == ["Alfa Installatie"]
    assert names("ZWOLLE") == ["Alfa Installatie"]
    assert names("bakkerij utrecht") == ["Bakkerij de Korrel"]
    assert names("100%") == []


def test_search_text_with_quotes_and_sql_is_matched_literally(db, office_admin):
    """The search pattern is rendered into the SQL (for PostgreSQL's trigram index): quotes,
    backslashes and SQL in it must stay text."""
    _many(db, office_admin)
    create(db, office_admin, number="K004", name="Café 't Hoekje", kvk_number="30000004",
           city="Den Bosch", postcode="")

    def names(query):
        return [r["name"] for r in clients.search_clients(db, office_admin, query=query).rows]

    assert names("'t hoekje") == ["Café 't Hoekje"]
    assert names("x' OR '1'='1") == []
    assert names("'; DELETE FROM client; --") == []
    assert names("\\") == [] and names("_") == []
    assert clients.search_clients(db, office_admin).total == 4  # nothing was deleted


def test_sorting_and_paging(db, office_admin):
    _many(db, office_admin)
    by = {key: [r["number"] for r in clients.search_clients(db, office_admin, sort=key).rows]
          for key in ("number", "name", "kvk", "city")}
    assert by == {"number": ["K001", "K002", "K003"], "name": ["K002", "K003", "K001"],
                  "kvk": ["K003", "K001", "K002"], "city": ["K001", "K003", "K002"]}
    desc = clients.search_clients(db, office_admin, sort="number", descending=True)
    assert [r["number"] for r in desc.rows] == ["K003", "K002", "K001"]
    first = clients.search_clients(db, office_admin, sort="number", page_size=2)
    second = clients.search_clients(db, office_admin, sort="number", page_size=2, page=2)
    assert [r["number"] for r in first.rows] == ["K001", "K002"] and first.has_next
    assert [r["number"] for r in second.rows] == ["K003"] and not second.has_next
    assert first.total == second.total == 3 and first.pages == 2
    searched = clients.search_clients(db, office_admin, query="k00", page_size=2)
    assert searched.total == 3 and not searched.total_capped
    third = clients.search_clients(db, office_admin, sort="number", page_size=1, page=3)
    assert [r["number"] for r in third.rows] == ["K003"] and (third.total, third.pages) == (3, 3)
    past = clients.search_clients(db, office_admin, query="k00", page_size=2, page=5)
    assert (past.rows, past.total, past.has_next) == ([], 3, False)
    assert [r["account_manager"] for r in first.rows] == ["Anna Beheer"] * 2


def test_a_broad_search_counts_up_to_the_cap(db, office_admin, monkeypatch):
    _many(db, office_admin)
    monkeypatch.setattr(clients, "COUNT_CAP", 2)
    searched = clients.search_clients(db, office_admin, query="k00", page_size=1)
    assert (searched.total, searched.total_capped, searched.has_next) == (2, True, True)
    everything = clients.search_clients(db, office_admin, page_size=1)  # no search: exact
    assert (everything.total, everything.total_capped) == (3, False)


def test_other_office_never_sees_or_changes_the_client(db, office_admin, other_office_admin):
    client = create(db, office_admin)
    assert clients.search_clients(db, other_office_admin, query="bse").rows == []
    assert clients.search_clients(db, other_office_admin).total == 0
    for call in (
        lambda: clients.get_client(db, other_office_admin, client.id),
        lambda: clients.client_form_values(db, other_office_admin, client.id),
        lambda: clients.update_client(db, other_office_admin, client.id,
                                      form(db, other_office_admin)),
        lambda: details.list_contact_persons(db, other_office_admin, client.id),
        lambda: details.record_contact_moment(db, other_office_admin, client.id,
                                              occurred_on="2026-03-01", kind="Telefoon",
                                              subject="x"),
        lambda: details.client_pricing(db, other_office_admin, client.id),
        lambda: details.update_industry(db, other_office_admin, client.id, sbi_code="5610",
                                        branche="x"),
    ):
        with pytest.raises(NotFound):
            call()


def test_update_writes_an_audit_entry_with_changed_values(db, office_admin, office_employee):
    client = create(db, office_admin)
    values = clients.client_form_values(db, office_admin, client.id)
    assert values["contact_mode"] == "Aanwezig" and values["postcode"] == "1006 AK"
    values.update(name="BS Events Nederland BV", city="Diemen",
                  account_manager_id=str(office_employee.identity_id))
    clients.update_client(db, office_employee, client.id, ClientInput(**values))
    db.commit()
    entries = db.exec(select(AuditEntry).where(AuditEntry.entity == "client",
                                               AuditEntry.entity_id == client.id)
                      .order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].changes["number"] == "BSE"
    assert entries[1].actor_id == office_employee.identity_id
    assert entries[1].changes == {
        "name": ["BS Events BV", "BS Events Nederland BV"], "city": ["Amsterdam", "Diemen"],
        "account_manager_id": [office_admin.identity_id, office_employee.identity_id]}
    stored = db.get(Client, client.id)
    assert "diemen" in stored.search_text and "nederland" in stored.search_text


def test_update_replaces_the_fiscal_years_and_keeps_numbers_unique(db, office_admin):
    client = create(db, office_admin)
    create(db, office_admin, number="X1", kvk_number="22222222")
    values = clients.client_form_values(db, office_admin, client.id)
    values.update(prev_start="2024-07-01", prev_end="2025-06-30", cur_start="2025-07-01",
                  cur_end="2026-06-30", next_start="2026-07-01", next_end="2027-06-30")
    clients.update_client(db, office_admin, client.id, ClientInput(**values))
    db.commit()
    years = db.exec(select(FiscalYear).where(FiscalYear.client_id == client.id)
                    .order_by(FiscalYear.start_date)).all()
    assert [(y.start_date.isoformat(), y.end_date.isoformat()) for y in years] == [
        ("2024-07-01", "2025-06-30"), ("2025-07-01", "2026-06-30"), ("2026-07-01", "2027-06-30")]
    with pytest.raises(ValidationFailed) as exc:
        clients.update_client(db, office_admin, client.id,
                              ClientInput(**{**values, "number": "x1"}))
    assert exc.value.errors == {"number": "Dit klantnummer is al in gebruik."}


def test_exactly_one_main_contact(db, office_admin):
    client = create(db, office_admin)
    piet = details.save_contact_person(db, office_admin, client.id, details.ContactInput(
        first_name="Piet", last_name="Pieters", email="piet@bsevents.example",
        roles="Boekhouder, Boekhouder"))
    db.commit()
    people = details.list_contact_persons(db, office_admin, client.id)
    assert [(p["name"], p["is_main"]) for p in people] == [("Frans Jansen", True),
                                                            ("Piet Pieters", False)]
    assert people[1]["roles"] == "Boekhouder"
    details.set_main_contact(db, office_admin, client.id, piet.id)
    db.commit()
    mains = db.exec(select(ContactPerson).where(ContactPerson.client_id == client.id,
                                                ContactPerson.is_main == True)).all()
    assert [m.id for m in mains] == [piet.id]
    # choosing an existing person in the client form moves the mark as well
    frans = next(p for p in people if p["name"] == "Frans Jansen")
    values = clients.client_form_values(db, office_admin, client.id)
    assert values["contact_id"] == str(piet.id)
    clients.update_client(db, office_admin, client.id,
                          ClientInput(**{**values, "contact_id": str(frans["id"])}))
    db.commit()
    assert clients.client_overview(db, office_admin, client.id)["main_contact"] == "Frans Jansen"
    assert sum(p["is_main"] for p in details.list_contact_persons(db, office_admin,
                                                                  client.id)) == 1


def test_edit_contact_person_validates_and_audits(db, office_admin):
    client = create(db, office_admin)
    frans = details.list_contact_persons(db, office_admin, client.id)[0]
    with pytest.raises(ValidationFailed) as exc:
        details.save_contact_person(db, office_admin, client.id,
                                    details.ContactInput(first_name="", last_name="Jansen",
                                                         email="fout"),
                                    contact_id=frans["id"])
    assert exc.value.errors == {"first_name": "Voornaam is verplicht.",
                                "email": "Vul een geldig e-mailadres in."}
    details.save_contact_person(db, office_admin, client.id,
                                details.ContactInput(first_name="Frans", last_name="Jansen",
                                                     phone="020 1234567"),
                                contact_id=frans["id"])
    db.commit()
    entry = db.exec(select(AuditEntry).where(AuditEntry.entity == "contact_person")).one()
    assert entry.changes == {"phone": ["", "020 1234567"],
                             "email": ["frans.jansen@bsevents.example", ""]}


def test_contact_moments_newest_first_by_the_acting_employee(db, office_admin, office_employee):
    client = create(db, office_admin)
    details.record_contact_moment(db, office_admin, client.id, occurred_on="2026-02-01",
                                  kind="Telefoon", subject="Jaarrekening")
    details.record_contact_moment(db, office_employee, client.id, occurred_on="2026-03-01",
                                  kind="Bezoek", subject="Financial Overview", notes="Demo")
    db.commit()
    moments = details.list_contact_moments(db, office_admin, client.id)
    assert [(m["subject"], m["employee"], m["date"]) for m in moments] == [
        ("Financial Overview", "Mees Werker", "01-03-2026"),
        ("Jaarrekening", "Anna Beheer", "01-02-2026")]
    with pytest.raises(ValidationFailed) as exc:
        details.record_contact_moment(db, office_admin, client.id, occurred_on="gisteren",
                                      kind="Fax", subject="")
    assert set(exc.value.errors) == {"occurred_on", "kind", "subject"}


def test_pricing_and_industry(db, office_admin, other_office_admin):
    pl1 = price_list(db, office_admin)
    pl2 = price_list(db, office_admin, "Prijslijst 2", cents=150000)
    client = create(db, office_admin, price_list_id=str(pl1.id))
    pricing = details.client_pricing(db, office_admin, client.id)
    assert pricing["price_list_name"] == "Prijslijst 1"
    assert pricing["items"][0]["price"] == "€\xa085,00"
    details.set_client_price_list(db, office_admin, client.id, pl2.id)
    db.commit()
    assert details.client_pricing(db, office_admin, client.id)["items"][0]["price"] == (
        "€\xa01.500,00")
    foreign = price_list(db, other_office_admin)
    with pytest.raises(ValidationFailed):
        details.set_client_price_list(db, office_admin, client.id, foreign.id)

    details.update_industry(db, office_admin, client.id, sbi_code="56.10", branche="Horeca")
    db.commit()
    assert details.client_industry(db, office_admin, client.id) == {"sbi_code": "5610",
                                                                    "branche": "Horeca"}
    with pytest.raises(ValidationFailed) as exc:
        details.update_industry(db, office_admin, client.id, sbi_code="5", branche="")
    assert "sbi_code" in exc.value.errors


def test_demo_seed_creates_bs_events_once(db):
    from vfo_app.domain.seed import seed_demo

    seed_demo(db)
    db.commit()
    seed_demo(db)
    db.commit()
    bse = db.exec(select(Client).where(Client.number == "BSE")).all()
    assert len(bse) == 1
    assert (bse[0].kvk_number, bse[0].postcode, bse[0].country) == ("11111298", "1006 AK",
                                                                    "Nederland")
