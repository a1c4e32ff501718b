"""The client's Logboek for the office: filters, pages and the CSV export."""

import csv
import io
from datetime import UTC, datetime

import pytest

from tests.integration.test_collaborations import _start, make_client, make_company
from vfo_app.domain import audit, dates
from vfo_app.domain.advisor import audit_log
from vfo_app.domain.advisor.audit_log import Filters
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.online import collaborations as collabs

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def logged(db, office_admin, office_employee, fake_clock):
    """Klant BSE: collaboration enabled by Anna on 2 March, a change by Mees on 5 March, and
    the collaboration ended by Anna on 9 March; another client's entry beside it."""
    fake_clock.set(T0)
    client, link = make_client(db, office_admin, kvk="22334455")
    other, _ = make_client(db, office_admin, kvk="11111298", number="OTH")
    make_company(db, "22334455")
    collab = _start(db, office_admin, client, link)
    fake_clock.advance(days=3)
    audit.record(db, actor_id=office_employee.identity_id, office_id=client.office_id,
                 action="update", entity="client", entity_id=client.id,
                 changes={"name": ["Oud BV", "=HYPERLINK(\"x\")"]})
    audit.record(db, actor_id=office_employee.identity_id, office_id=client.office_id,
                 action="update", entity="client", entity_id=other.id, changes={})
    fake_clock.advance(days=4)
    collabs.end(db, office_admin, collaboration_id=collab.id)
    db.commit()
    return client


def test_the_log_of_one_client_newest_first(db, logged, office_admin):
    log = audit_log.client_log(db, office_admin, logged.id, Filters())
    assert [(r.who, r.part, r.action) for r in log.rows] == [
        ("Anna Beheer", "Samenwerking", "Beëindigd"),
        ("Mees Werker", "Klantgegevens", "Gewijzigd"),
        *[("Anna Beheer", "Samenwerking", r.action) for r in log.rows[2:]],
    ]
    assert log.total == len(log.rows) >= 3 and log.errors == {}
    assert [name for _, name in log.people] == ["Anna Beheer", "Mees Werker"]


def test_filters_by_person_part_action_and_dates(db, logged, office_admin, office_employee):
    def whats(**kw):
        return [(r.who, r.action) for r in
                audit_log.client_log(db, office_admin, logged.id, Filters(**kw)).rows]

    assert whats(person_id=office_employee.identity_id) == [("Mees Werker", "Gewijzigd")]
    assert whats(part="client") == [("Mees Werker", "Gewijzigd")]
    assert whats(action="ended") == [("Anna Beheer", "Beëindigd")]
    assert whats(date_from="2026-03-05", date_to="2026-03-05") == [("Mees Werker", "Gewijzigd")]
    assert whats(date_from="2026-03-06") == [("Anna Beheer", "Beëindigd")]
    log = audit_log.client_log(db, office_admin, logged.id,
                               Filters(date_from="gisteren", date_to="2026-03-01"))
    assert log.errors == {"date_from": dates.UNREADABLE}
    assert log.rows == []  # the usable date still applies
    log = audit_log.client_log(db, office_admin, logged.id,
                               Filters(date_from="2026-03-09", date_to="2026-03-01"))
    assert log.errors == {"date_to": audit_log.DATE_ORDER}


def test_pages_on_the_server(db, logged, office_admin, monkeypatch):
    monkeypatch.setattr(audit_log, "PAGE_SIZE", 1)
    first = audit_log.client_log(db, office_admin, logged.id, Filters())
    last = audit_log.client_log(db, office_admin, logged.id, Filters(), page=999)
    assert len(first.rows) == 1 and first.pages == first.total >= 3
    assert last.page == last.pages and last.rows[0].at <= first.rows[0].at


def test_csv_export_of_everything_that_matches(db, logged, office_admin):
    data = audit_log.client_log_csv(db, office_admin, logged.id, Filters(part="client"))
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Datum en tijd", "Wie", "Onderdeel", "Actie", "Record", "Wijzigingen"]
    [row] = rows[1:]
    assert row[:4] == ["05-03-2026 10:00", "Mees Werker", "Klantgegevens", "Gewijzigd"]
    assert row[5].startswith("Naam: Oud BV → =HYPERLINK")  # not a cell that starts with "="
    with pytest.raises(ValidationFailed):
        audit_log.client_log_csv(db, office_admin, logged.id, Filters(date_to="morgen"))


def test_another_office_gets_nothing(db, logged, other_office_admin):
    with pytest.raises(NotFound):
        audit_log.client_log(db, other_office_admin, logged.id, Filters())
    with pytest.raises(NotFound):
        audit_log.client_log_csv(db, other_office_admin, logged.id, Filters())
