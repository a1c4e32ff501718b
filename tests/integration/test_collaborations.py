"""Samenwerkingen: the three situations, the state machine, and concurrent activation."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tests.conftest import actor_of, make_employee
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import (
    AuditEntry,
    Client,
    ClientService,
    ClientServiceParticipant,
    Collaboration,
    Company,
    CompanyMember,
    CompanyProduct,
    ContactPerson,
    Identity,
    PriceList,
    PriceListItem,
    ServiceDefinition,
)
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products

FO = products.FINANCIAL_OVERVIEW
STARTER = products.FINANCIAL_OVERVIEW_STARTER


def make_client(db, actor, *, kvk="11111298", number="BSE", email="frans@bsevents.example",
                address="HJE Wenckebachweg 200") -> tuple[Client, ClientService]:
    pl = PriceList(office_id=actor.office_id, name=f"Prijslijst {number}")
    db.add(pl)
    db.flush()
    db.add(PriceListItem(price_list_id=pl.id, article_no="FO", description="FO", price_cents=2500))
    client = Client(office_id=actor.office_id, number=number, name=f"Klant {number} BV",
                    kvk_number=kvk, legal_form="BV", account_manager_id=actor.identity_id,
                    price_list_id=pl.id, address=address, postcode="1006 AK", city="Amsterdam",
                    country="Nederland")
    db.add(client)
    db.flush()
    db.add(ContactPerson(client_id=client.id, first_name="Frans", last_name="Jansen",
                         email=email, is_main=True))
    svc = ServiceDefinition(office_id=actor.office_id, code=f"FO{number}", name="Financial Overview",
                            period="Maand")
    db.add(svc)
    db.flush()
    link = ClientService(client_id=client.id, service_id=svc.id, owner_id=actor.identity_id)
    db.add(link)
    db.commit()
    return client, link


def make_company(db, kvk, *products_used, admin_email=None):
    company = Company(kvk_number=kvk, name=f"Bedrijf {kvk}", email="info@bedrijf.example")
    db.add(company)
    db.flush()
    for p in products_used:
        db.add(CompanyProduct(company_id=company.id, product=p))
    admin = None
    if admin_email:
        admin = Identity(email=admin_email, first_name="Frans", last_name="Jansen")
        db.add(admin)
        db.flush()
        db.add(CompanyMember(company_id=company.id, identity_id=admin.id, role="beheerder",
                             is_main_contact=True))
    db.commit()
    return company, (actor_of(admin, None) if admin else None)


def _start(db, actor, client, link, product=FO, **kw):
    terms = {"invoice_recipient": "kantoor", "duration_months": 12} if product == FO else {}
    collab = collabs.start(db, actor, client_id=client.id, product=product,
                           client_service_id=link.id, **(terms | kw))
    db.commit()
    return collab


def test_company_that_uses_the_product_gets_a_request(db, office_admin):
    client, link = make_client(db, office_admin)
    make_company(db, "11111298", FO)
    preview = collabs.preview(db, office_admin, client_id=client.id, product=FO)
    assert preview.situation == collabs.Situation.USES_PRODUCT
    assert preview.price_cents == 2500 and preview.subscription_running
    collab = _start(db, office_admin, client, link)
    assert collab.state == "verzoek_verzonden"
    assert collab.expires_at - collab.created_at == timedelta(days=14)


def test_known_company_without_the_product_is_enabled_at_once(db, office_admin):
    client, link = make_client(db, office_admin, kvk="22334455", number="KOR")
    company, _ = make_company(db, "22334455", products.EACCOUNTING)
    assert collabs.preview(db, office_admin, client_id=client.id, product=FO).situation \
        == collabs.Situation.CUSTOMER
    collab = _start(db, office_admin, client, link)
    assert collab.state == "actief"
    assert collabs.company_uses(db, company.id, FO)


def test_unknown_company_is_created_from_the_client(db, office_admin):
    client, link = make_client(db, office_admin, kvk="99887766", number="NEW")
    assert collabs.preview(db, office_admin, client_id=client.id, product=STARTER).situation \
        == collabs.Situation.NEW_CUSTOMER
    collab = _start(db, office_admin, client, link, product=STARTER)
    company = db.get(Company, collab.company_id)
    assert (company.kvk_number, company.name, company.email) == \
        ("99887766", "Klant NEW BV", "frans@bsevents.example")
    assert collab.state == "actief" and collab.price_cents is None and collab.duration_months is None


def test_new_company_without_any_email_needs_the_internal_contact_address(db, office_admin):
    client, link = make_client(db, office_admin, kvk="99887766", number="NEW", email="x@y.example")
    db.exec(select(ContactPerson)).one().email = ""
    db.commit()
    with pytest.raises(ValidationFailed) as exc:
        _start(db, office_admin, client, link, product=STARTER)
    assert "contact_email" in exc.value.errors


def test_paid_product_requires_invoice_recipient_and_duration(db, office_admin):
    client, link = make_client(db, office_admin, kvk="99887766")
    with pytest.raises(ValidationFailed) as exc:
        collabs.start(db, office_admin, client_id=client.id, product=FO, client_service_id=link.id)
    assert set(exc.value.errors) == {"invoice_recipient", "duration_months"}
    db.rollback()
    assert db.exec(select(Collaboration)).all() == []
    assert db.exec(select(Company)).all() == []


def test_missing_client_data_is_listed_and_nothing_is_saved(db, office_admin):
    client, link = make_client(db, office_admin, address="")
    assert collabs.missing_client_data(db, client) == ["address"]
    with pytest.raises(ValidationFailed) as exc:
        _start(db, office_admin, client, link)
    assert "address" in exc.value.errors


def test_a_second_start_returns_the_open_collaboration(db, office_admin):
    client, link = make_client(db, office_admin)
    first = _start(db, office_admin, client, link)
    second = _start(db, office_admin, client, link, product=STARTER)
    assert first.id == second.id
    assert len(db.exec(select(Collaboration)).all()) == 1


def test_two_employees_at_the_same_moment_make_one_collaboration(engine, db, office_admin):
    client, link = make_client(db, office_admin, kvk="99887766")
    barrier = threading.Barrier(2)
    outcomes = []

    def activate():
        with Session(engine) as s:
            try:
                barrier.wait()
                collabs.start(s, office_admin, client_id=client.id, product=STARTER,
                              client_service_id=link.id)
                s.commit()
                outcomes.append("ok")
            except IntegrityError:
                s.rollback()
                outcomes.append("duplicate refused")

    threads = [threading.Thread(target=activate) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert "ok" in outcomes and len(outcomes) == 2
    db.expire_all()
    assert len(db.exec(select(Collaboration)).all()) == 1
    assert len(db.exec(select(Company)).all()) == 1


def test_beheerder_approves_and_the_product_is_enabled(db, office_admin):
    client, link = make_client(db, office_admin)
    _, frans = make_company(db, "11111298", FO, admin_email="frans@bsevents.example")
    collab = _start(db, office_admin, client, link)
    collabs.answer(db, frans, collaboration_id=collab.id, approve=True)
    db.commit()
    assert db.get(Collaboration, collab.id).state == "actief"
    actions = [e.action for e in db.exec(select(AuditEntry).where(
        AuditEntry.entity == "collaboration")).all()]
    assert actions == ["started", "request_sent", "approved", "enabled"]


def test_only_the_company_beheerder_may_answer(db, office_admin, other_office_admin):
    client, link = make_client(db, office_admin)
    company, _ = make_company(db, "11111298", FO)
    collab = _start(db, office_admin, client, link)
    gebruiker = Identity(email="g@bsevents.example", first_name="G", last_name="G")
    db.add(gebruiker)
    db.flush()
    db.add(CompanyMember(company_id=company.id, identity_id=gebruiker.id, role="gebruiker"))
    db.commit()
    for actor in (office_admin, other_office_admin, actor_of(gebruiker, None)):
        with pytest.raises(PermissionDenied):
            collabs.answer(db, actor, collaboration_id=collab.id, approve=True)
    assert db.get(Collaboration, collab.id).state == "verzoek_verzonden"


def test_declined_withdrawn_and_expired_free_the_slot(db, office_admin, fake_clock):
    fake_clock.set(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    client, link = make_client(db, office_admin)
    _, frans = make_company(db, "11111298", FO, admin_email="frans@bsevents.example")

    declined = _start(db, office_admin, client, link)
    collabs.answer(db, frans, collaboration_id=declined.id, approve=False)
    db.commit()
    withdrawn = _start(db, office_admin, client, link)
    assert withdrawn.id != declined.id
    collabs.withdraw(db, office_admin, collaboration_id=withdrawn.id)
    db.commit()
    expiring = _start(db, office_admin, client, link)
    fake_clock.advance(days=13, hours=23)
    assert collabs.expire_due(db) == 0
    fake_clock.advance(hours=2)
    assert collabs.expire_due(db) == 1
    db.commit()
    assert db.get(Collaboration, expiring.id).state == "verlopen"
    with pytest.raises(ValidationFailed):
        collabs.answer(db, frans, collaboration_id=expiring.id, approve=True)


def test_a_read_after_the_expiry_shows_the_request_expired_and_writes_nothing(
        db, office_admin, fake_clock):
    fake_clock.set(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    client, link = make_client(db, office_admin)
    _, frans = make_company(db, "11111298", FO, admin_email="frans@bsevents.example")
    collab = _start(db, office_admin, client, link)
    fake_clock.advance(days=14, hours=1)
    audit_before = len(db.exec(select(AuditEntry)).all())

    [card] = [c for c in collabs.catalogue(db, office_admin, client_id=client.id)
              if c.product == FO]
    assert card.action == collabs.CardAction.ACTIVATE and card.state_label == "niet actief"
    assert collabs.pending_for_client(db, office_admin, client_id=client.id) == []
    [request] = collabs.company_requests(db, frans)
    assert request["state"] == "verlopen"
    assert collabs.history(db, office_admin, client_id=client.id)[0]["step"] == "Verzoek verlopen"

    assert not db.new and not db.dirty and not db.deleted
    db.rollback()  # whatever the reads left in the session is gone; the row must be unchanged
    assert db.get(Collaboration, collab.id).state == "verzoek_verzonden"
    assert len(db.exec(select(AuditEntry)).all()) == audit_before
    assert collabs.effective_state(db.get(Collaboration, collab.id)) == "verlopen"
    assert collabs.expire_due(db) == 1  # the scheduled job still records it


def test_resend_gives_a_pending_request_fourteen_new_days(db, office_admin, fake_clock):
    fake_clock.set(datetime(2026, 5, 1, 9, 0, tzinfo=UTC))
    client, link = make_client(db, office_admin)
    make_company(db, "11111298", FO)
    collab = _start(db, office_admin, client, link)
    fake_clock.advance(days=10)
    collabs.resend(db, office_admin, collaboration_id=collab.id)
    db.commit()
    fake_clock.advance(days=10)
    assert collabs.expire_due(db) == 0


def test_the_state_machine_refuses_illegal_moves(db, office_admin):
    client, link = make_client(db, office_admin, kvk="22334455")
    make_company(db, "22334455")
    active = _start(db, office_admin, client, link)
    with pytest.raises(ValidationFailed):
        collabs.withdraw(db, office_admin, collaboration_id=active.id)
    collabs.end(db, office_admin, collaboration_id=active.id)
    db.commit()
    with pytest.raises(ValidationFailed):
        collabs.end(db, office_admin, collaboration_id=active.id)


def test_another_office_cannot_start_or_touch_a_collaboration(db, office_admin, other_office_admin):
    client, link = make_client(db, office_admin, kvk="22334455")
    make_company(db, "22334455")
    with pytest.raises(NotFound):
        collabs.start(db, other_office_admin, client_id=client.id, product=STARTER,
                      client_service_id=link.id)
    active = _start(db, office_admin, client, link, product=STARTER)
    for fn in (collabs.withdraw, collabs.resend, collabs.end):
        with pytest.raises(NotFound):
            fn(db, other_office_admin, collaboration_id=active.id)


def test_a_service_of_another_client_cannot_be_used(db, office_admin):
    client, _ = make_client(db, office_admin, kvk="22334455", number="A")
    _, other_link = make_client(db, office_admin, kvk="33445566", number="B")
    with pytest.raises(ValidationFailed) as exc:
        collabs.start(db, office_admin, client_id=client.id, product=STARTER,
                      client_service_id=other_link.id)
    assert "client_service_id" in exc.value.errors


def test_catalogue_shows_each_product_with_the_clients_state(db, office_admin):
    client, link = make_client(db, office_admin)
    make_company(db, "11111298", FO)
    cards = {c.product: c for c in collabs.catalogue(db, office_admin, client_id=client.id)}
    assert [c.name for c in cards.values()] == [
        "Visma.net Financials-suite", "Visma eAccounting", "Visma Financial Overview",
        "Visma Scanner"]
    assert cards[FO].variants == ((FO, "Visma Financial Overview"),
                                  (STARTER, "Visma Financial Overview Starter"))
    assert (cards[FO].state_label, cards[FO].action) == ("niet actief",
                                                         collabs.CardAction.ACTIVATE)
    _start(db, office_admin, client, link)
    card = {c.product: c for c in collabs.catalogue(db, office_admin, client_id=client.id)}[FO]
    assert (card.state_label, card.action) == ("verzoek verzonden", collabs.CardAction.NONE)


def test_requests_list_and_history(db, office_admin):
    client, link = make_client(db, office_admin)
    _, frans = make_company(db, "11111298", FO, admin_email="frans@bsevents.example")
    collab = _start(db, office_admin, client, link)
    [req] = collabs.company_requests(db, frans)
    assert (req["office"], req["product"], req["duration_months"], req["price_cents"]) == \
        ("Kantoor A", "Visma Financial Overview", 12, 2500)
    assert collabs.company_requests(db, office_admin) == []
    collabs.answer(db, frans, collaboration_id=collab.id, approve=True)
    db.commit()
    assert collabs.active_products(db, office_admin, client_id=client.id) == \
        [(collab.id, FO, "Visma Financial Overview")]
    steps = [h["step"] for h in collabs.history(db, office_admin, client_id=client.id)]
    assert steps[-1] == "Samenwerking gestart" and "Verzoek goedgekeurd" in steps


def test_missing_client_data_is_completed_with_the_client_forms_rules(db, office_admin):
    client, _ = make_client(db, office_admin, address="")
    client.postcode = ""
    db.exec(select(ContactPerson)).one().email = ""
    db.commit()
    assert collabs.missing_client_data(db, client) == ["address", "postcode", "contact_email"]
    with pytest.raises(ValidationFailed) as exc:
        collabs.complete_client_data(db, office_admin, client_id=client.id, values={
            "address": "Damrak 1", "postcode": "10061", "contact_email": "geen-adres"})
    assert set(exc.value.errors) == {"postcode", "contact_email"}
    db.rollback()
    assert db.get(Client, client.id).address == ""  # nothing half-saved
    collabs.complete_client_data(db, office_admin, client_id=client.id, values={
        "address": "Damrak 1", "postcode": "1012lg", "contact_email": "Frans@BSEvents.example",
        "name": "ignored: not missing"})
    db.commit()
    saved = db.get(Client, client.id)
    assert (saved.address, saved.postcode, saved.name) == ("Damrak 1", "1012 LG", "Klant BSE BV")
    assert collabs.missing_client_data(db, saved) == []
    with pytest.raises(NotFound):
        collabs.complete_client_data(db, _other(db), client_id=client.id, values={})


def _other(db):
    from tests.conftest import make_office

    office = make_office(db, "Kantoor Z")
    return actor_of(make_employee(db, office, "z@z.example"), office, "beheerder")


def test_only_owner_and_participants_may_open_financial_overview(db, office_admin, office_employee):
    client, link = make_client(db, office_admin, kvk="22334455")
    make_company(db, "22334455")
    before = collabs.open_financial_overview(db, office_admin, client_id=client.id)
    assert not before.allowed and "nog niet actief" in before.reason
    _start(db, office_admin, client, link)
    assert collabs.open_financial_overview(db, office_admin, client_id=client.id).allowed
    refused = collabs.open_financial_overview(db, office_employee, client_id=client.id)
    assert not refused.allowed and "geen diensteigenaar of deelnemer" in refused.reason
    svc.update_client_service(db, office_admin, link.id, office_admin.identity_id,
                              participant_ids=[office_employee.identity_id])
    db.commit()
    assert collabs.open_financial_overview(db, office_employee, client_id=client.id).allowed


def test_only_those_who_serve_the_client_or_a_beheerder_end_or_withdraw(
        db, office_admin, office_employee):
    """A medewerker who does not serve the client can neither end a paid collaboration nor
    withdraw a request; once they take part in the client's service they can."""
    client, link = make_client(db, office_admin, kvk="22334455")
    make_company(db, "22334455")
    active = _start(db, office_admin, client, link)
    _, link_b = make_client(db, office_admin, kvk="11111298", number="REQ")
    make_company(db, "11111298", FO)
    requested = _start(db, office_admin, db.get(Client, link_b.client_id), link_b)
    assert requested.state == collabs.State.REQUESTED.value
    for fn, collab in ((collabs.end, active), (collabs.withdraw, requested)):
        with pytest.raises(PermissionDenied):
            fn(db, office_employee, collaboration_id=collab.id)
        db.rollback()
    assert db.get(Collaboration, active.id).state == "actief"
    assert db.get(Collaboration, requested.id).state == collabs.State.REQUESTED.value
    # a participant of the client's service may
    db.add(ClientServiceParticipant(client_service_id=link.id,
                                    identity_id=office_employee.identity_id))
    db.commit()
    collabs.end(db, office_employee, collaboration_id=active.id)
    # and the office beheerder may, without serving
    collabs.withdraw(db, office_admin, collaboration_id=requested.id)
    db.commit()
