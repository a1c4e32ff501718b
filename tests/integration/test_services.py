"""Diensten: service definitions, a client's services and access to Financial Overview,
on a real, migrated database."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from tests.conftest import actor_of, make_employee
from vfo_app.domain import access
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.advisor.services import ActivityInput, CheckpointInput, ServiceInput
from vfo_app.domain.auth import OFFICE_ROLE_MEDEWERKER, Actor
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import AuditEntry, Client, Identity, Office

# --- factories ---------------------------------------------------------------------------


def serves(db, identity_id: int, client_id: int) -> bool:
    """Whether the access policy counts this identity among those serving the client."""
    client = db.get(Client, client_id)
    return any(g.identity_id == identity_id for g in access.grants(db, client))


def make_client(db: Session, actor: Actor, number: str = "BSE", name: str = "BS Events BV",
                account_manager_id: int | None = None) -> Client:
    client = Client(office_id=actor.office_id, number=number, name=name,
                    kvk_number=f"{abs(hash(number)) % 10**8:08d}", legal_form="BV",
                    account_manager_id=account_manager_id or actor.identity_id)
    db.add(client)
    db.commit()
    return client


def fo_input(code: str = "FO", **overrides) -> ServiceInput:
    data = ServiceInput(
        code=code, name="Financial Overview", period="Maand",
        checkpoints=[CheckpointInput(name="Cijfers compleet", days_after_period="10")],
        activities=[ActivityInput(code="90", name="Financial Overview", pricing="uur")],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def create(db: Session, actor: Actor, data: ServiceInput | None = None) -> svc.ServiceDetail:
    detail = svc.create_service(db, actor, data or fo_input())
    db.commit()
    return detail


def errors_of(call) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as info:
        call()
    return info.value.errors


def audit_rows(db: Session, entity: str) -> list[AuditEntry]:
    return list(db.exec(select(AuditEntry).where(AuditEntry.entity == entity)
                        .order_by(AuditEntry.id)).all())


# --- service definitions --------------------------------------------------------------------


def test_create_and_read_a_service_with_checkpoints_and_activities(db, office_admin):
    detail = create(db, office_admin, fo_input(
        article_no="FO-1", description="Rapportage", show_overdue_checkpoints=True,
        reuse_due_dates=True,
        activities=[ActivityInput(code="90", name="Financial Overview", pricing="uur",
                                  use_in_resource_planning=True),
                    ActivityInput(code="91", name="Jaarrapport", pricing="verrichting",
                                  active=False),
                    ActivityInput()],  # an untouched extra row is ignored
    ))
    got = svc.get_service(db, office_admin, detail.id).data
    assert (got.code, got.name, got.period, got.article_no) == ("FO", "Financial Overview",
                                                                "Maand", "FO-1")
    assert got.active and got.show_overdue_checkpoints and got.reuse_due_dates
    assert [(c.name, c.days_after_period) for c in got.checkpoints] == [("Cijfers compleet", 10)]
    assert [(a.code, a.pricing, a.use_in_resource_planning, a.active) for a in got.activities] == [
        ("90", "uur", True, True), ("91", "verrichting", False, False)]
    listed = svc.list_services(db, office_admin)
    assert [(s.code, s.activity_count) for s in listed] == [("FO", 2)]


def test_update_changes_rows_in_place_adds_and_removes(db, office_admin):
    detail = create(db, office_admin)
    data = detail.data
    kept = data.activities[0]
    kept.name = "Financial Overview maand"
    data.activities.append(ActivityInput(code="92", name="Extra", pricing="verrichting"))
    data.checkpoints = []
    data.period = "Kwartaal"
    updated = svc.update_service(db, office_admin, detail.id, data)
    db.commit()
    assert updated.data.period == "Kwartaal" and updated.data.checkpoints == []
    assert updated.data.activities[0].id == kept.id
    assert [a.code for a in updated.data.activities] == ["90", "92"]


def test_a_removed_activity_code_may_be_reused_in_the_same_save(db, office_admin):
    detail = create(db, office_admin)
    data = detail.data
    data.activities = [ActivityInput(code="90", name="Nieuw 90")]
    updated = svc.update_service(db, office_admin, detail.id, data)
    assert [a.name for a in updated.data.activities] == ["Nieuw 90"]


def test_required_fields_and_row_errors(db, office_admin):
    data = ServiceInput(
        code=" ", name="", period="Week",
        checkpoints=[CheckpointInput(name="", days_after_period="tien")],
        activities=[ActivityInput(code="90", name="A"), ActivityInput(code="90", name=""),
                    ActivityInput(code="93", name="B", pricing="gratis")],
    )
    errors = errors_of(lambda: svc.create_service(db, office_admin, data))
    assert errors == {
        "code": "Code is verplicht.", "name": "Naam is verplicht.", "period": "Kies een periode.",
        "checkpoints.0.name": "Naam is verplicht.",
        "checkpoints.0.days_after_period": "Vul een heel aantal dagen in (0 tot en met 730).",
        "activities.1.code": "Deze code komt al voor bij deze dienst.",
        "activities.1.name": "Naam is verplicht.",
        "activities.2.pricing": "Kies prijs per uur of prijs per verrichting.",
    }


def test_code_is_unique_per_office_but_free_in_another_office(db, office_admin,
                                                              other_office_admin):
    create(db, office_admin)
    errors = errors_of(lambda: svc.create_service(db, office_admin, fo_input(code="fo")))
    assert errors == {"code": svc.CODE_TAKEN}
    create(db, other_office_admin)  # the same code in another office is fine
    second = create(db, office_admin, fo_input(code="FO2"))
    renamed = second.data
    renamed.code = "FO"
    assert errors_of(lambda: svc.update_service(db, office_admin, second.id, renamed)) == {
        "code": svc.CODE_TAKEN}


def test_the_database_constraint_is_reported_as_a_field_error(db, office_admin, monkeypatch):
    create(db, office_admin)
    monkeypatch.setattr(svc, "_code_taken", lambda *a: False)  # as if a race slipped past
    errors = errors_of(lambda: svc.create_service(db, office_admin, fo_input()))
    assert errors == {"code": svc.CODE_TAKEN}
    db.rollback()
    assert len(svc.list_services(db, office_admin)) == 1


def test_only_beheerders_change_definitions_everyone_lists_them(db, office_admin,
                                                                 office_employee):
    detail = create(db, office_admin)
    with pytest.raises(PermissionDenied):
        svc.create_service(db, office_employee, fo_input(code="X"))
    with pytest.raises(PermissionDenied):
        svc.update_service(db, office_employee, detail.id, detail.data)
    assert [s.code for s in svc.list_services(db, office_employee)] == ["FO"]
    assert svc.get_service(db, office_employee, detail.id).data.code == "FO"


def test_audit_entries_hold_the_changed_values(db, office_admin):
    detail = create(db, office_admin)
    data = detail.data
    data.name = "FO maandelijks"
    svc.update_service(db, office_admin, detail.id, data)
    svc.update_service(db, office_admin, detail.id, data)  # no change, no entry
    db.commit()
    created, updated = audit_rows(db, "service")
    assert created.action == "create" and created.changes["code"] == "FO"
    assert created.changes["activities"][0]["code"] == "90"
    assert updated.action == "update" and updated.actor_id == office_admin.identity_id
    assert updated.changes == {"name": ["Financial Overview", "FO maandelijks"]}


# --- a client's services and access -------------------------------------------------------


@pytest.fixture
def setup(db, office_admin, office_employee):
    """A client with the service FO available, and the two employees of office A."""
    client = make_client(db, office_admin)
    fo = create(db, office_admin)
    return client, fo


def link(db, actor, client, service_id, owner_id, participants=(), description=""):
    link_id = svc.add_client_service(db, actor, client.id, service_id, owner_id, description,
                                     list(participants))
    db.commit()
    return link_id


def test_link_a_service_once_and_see_access_with_reasons(db, office_admin, office_employee,
                                                          setup):
    client, fo = setup
    link(db, office_admin, client, fo.id, office_admin.identity_id,
         [office_employee.identity_id])
    rows = svc.list_client_services(db, office_admin, client.id)
    assert [(r.service_name, r.owner.name, [p.name for p in r.participants]) for r in rows] == [
        ("Financial Overview", "Anna Beheer", ["Mees Werker"])]
    access = svc.financial_overview_access(db, office_employee, client.id)
    assert [(a.name, a.reasons) for a in access] == [
        ("Anna Beheer", ["Diensteigenaar van Financial Overview"]),
        ("Mees Werker", ["Deelnemer van Financial Overview"]),
    ]
    errors = errors_of(lambda: svc.add_client_service(
        db, office_admin, client.id, fo.id, office_admin.identity_id, "", []))
    assert errors == {"service_id": svc.LINKED_TWICE}


def test_reasons_are_collected_over_services(db, office_admin, office_employee, setup):
    client, fo = setup
    boek = create(db, office_admin, fo_input(code="BH", name="Boekhouding", activities=[]))
    link(db, office_admin, client, fo.id, office_admin.identity_id)
    link(db, office_admin, client, boek.id, office_employee.identity_id,
         [office_admin.identity_id])
    access = {a.name: a.reasons for a in svc.financial_overview_access(db, office_admin,
                                                                        client.id)}
    assert access == {
        "Anna Beheer": ["Diensteigenaar van Financial Overview", "Deelnemer van Boekhouding"],
        "Mees Werker": ["Diensteigenaar van Boekhouding"],
    }


def test_owner_and_participants_must_be_employees_of_the_office(db, office_admin,
                                                                 other_office_admin, setup):
    client, fo = setup
    outsider = other_office_admin.identity_id
    errors = errors_of(lambda: svc.add_client_service(
        db, office_admin, client.id, fo.id, outsider, "", [None, 999999]))
    assert errors == {"owner_id": "Kies een medewerker van uw kantoor als diensteigenaar.",
                      "participants.1": "Kies een medewerker van uw kantoor."}
    errors = errors_of(lambda: svc.add_client_service(db, office_admin, client.id, None, None))
    assert set(errors) == {"service_id", "owner_id"}


def test_inactive_or_foreign_services_cannot_be_linked(db, office_admin, other_office_admin,
                                                       setup):
    client, _fo = setup
    foreign = create(db, other_office_admin)
    sleeping = create(db, office_admin, fo_input(code="OLD", name="Oud", active=False))
    for service_id in (foreign.id, sleeping.id, 999999):
        errors = errors_of(lambda s=service_id: svc.add_client_service(
            db, office_admin, client.id, s, office_admin.identity_id))
        assert errors == {"service_id": "Kies een actieve dienst van uw kantoor."}


def test_duplicate_participants_and_the_owner_are_dropped(db, office_admin, office_employee,
                                                          setup):
    client, fo = setup
    me, mees = office_admin.identity_id, office_employee.identity_id
    link(db, office_admin, client, fo.id, me, [mees, None, mees, me])
    (row,) = svc.list_client_services(db, office_admin, client.id)
    assert [p.id for p in row.participants] == [mees]


def test_removing_a_participant_removes_access_at_once(db, office_admin, office_employee, setup):
    client, fo = setup
    mees = office_employee.identity_id
    link_id = link(db, office_admin, client, fo.id, office_admin.identity_id, [mees])
    assert serves(db, mees, client.id)
    svc.remove_participant(db, office_admin, link_id, mees)
    db.commit()
    assert not serves(db, mees, client.id)
    assert [a.name for a in svc.financial_overview_access(db, office_admin, client.id)] == [
        "Anna Beheer"]
    with pytest.raises(NotFound):
        svc.remove_participant(db, office_admin, link_id, mees)


def test_update_replaces_owner_and_participants(db, office_admin, office_employee, setup):
    client, fo = setup
    me, mees = office_admin.identity_id, office_employee.identity_id
    link_id = link(db, office_admin, client, fo.id, me, [mees])
    svc.update_client_service(db, office_admin, link_id, mees, "Maandrapport", [])
    db.commit()
    (row,) = svc.list_client_services(db, office_admin, client.id)
    assert (row.owner.id, row.description, row.participants) == (mees, "Maandrapport", [])
    assert not serves(db, me, client.id)
    entries = audit_rows(db, "client_service")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].changes == {"owner_id": [me, mees], "description": ["", "Maandrapport"],
                                  "participant_ids": [[mees], []]}


def test_inactive_services_and_employees_give_no_access(db, office_admin, office_employee,
                                                        setup):
    client, fo = setup
    mees = office_employee.identity_id
    link(db, office_admin, client, fo.id, office_admin.identity_id, [mees])
    ident = db.get(Identity, mees)
    ident.is_active = False
    db.add(ident)
    db.commit()
    assert not serves(db, mees, client.id)
    data = fo.data
    data.active = False
    svc.update_service(db, office_admin, fo.id, data)
    db.commit()
    assert svc.financial_overview_access(db, office_admin, client.id) == []
    assert svc.list_client_services(db, office_admin, client.id) == []
    assert len(svc.list_client_services(db, office_admin, client.id, include_inactive=True)) == 1


def test_who_may_change_a_clients_services(db, office_admin, office_employee, setup):
    client, fo = setup
    mees = office_employee.identity_id
    with pytest.raises(PermissionDenied):  # a medewerker who is not the accountmanager
        svc.add_client_service(db, office_employee, client.id, fo.id, mees)
    assert not svc.may_manage_client_services(db, office_employee, client.id)
    link_id = link(db, office_admin, client, fo.id, mees)
    # as diensteigenaar, Mees may change this link
    svc.update_client_service(db, office_employee, link_id, mees, "door eigenaar", [])
    own = make_client(db, office_admin, "OWN", "Eigen klant", account_manager_id=mees)
    assert svc.may_manage_client_services(db, office_employee, own.id)
    link(db, office_employee, own, fo.id, mees)


def test_another_office_sees_nothing(db, office_admin, office_employee, other_office_admin,
                                     setup):
    client, fo = setup
    link_id = link(db, office_admin, client, fo.id, office_admin.identity_id,
                   [office_employee.identity_id])
    them = other_office_admin
    own_service = create(db, them, fo_input(code="B1"))
    calls = [
        lambda: svc.get_service(db, them, fo.id),
        lambda: svc.update_service(db, them, fo.id, fo.data),
        lambda: svc.list_client_services(db, them, client.id),
        lambda: svc.add_client_service(db, them, client.id, own_service.id, them.identity_id),
        lambda: svc.update_client_service(db, them, link_id, them.identity_id),
        lambda: svc.remove_participant(db, them, link_id, office_employee.identity_id),
        lambda: svc.financial_overview_access(db, them, client.id),
        lambda: svc.may_manage_client_services(db, them, client.id),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
    assert [s.code for s in svc.list_services(db, them)] == ["B1"]
    assert not serves(db, them.identity_id, client.id)


def test_an_employee_of_another_office_named_as_participant_has_no_access(db, office_admin,
                                                                          setup):
    """Even if a row slipped in (say, a moved employee), access follows office membership."""
    client, _fo = setup
    other = Office(name="Kantoor C")
    db.add(other)
    db.flush()
    stranger = make_employee(db, other, "c@c.example")
    db.commit()
    assert not serves(db, stranger.id, client.id)
    assert actor_of(stranger, other, OFFICE_ROLE_MEDEWERKER).office_id != client.office_id
