"""Wie kan onze cijfers zien: who at the office can open a company's figures, and the log of
every view, export and import of them."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from tests.integration.test_collaborations import _start, make_client, make_company
from vfo_app.domain import figure_log
from vfo_app.domain.errors import NotFound
from vfo_app.domain.models import ClientServiceParticipant, Collaboration, FigureAccess
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.xaf.importer import import_auditfile

XAF = (Path(__file__).resolve().parents[1] / "fixtures" / "xaf"
       / "BananaAccounting__Netherlands__auditfile_v3.2_nl_20180101_20181231.xaf")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def company(db, office_admin, office_employee, fake_clock):
    """Klant BSE with Financial Overview active for company 22334455, whose Beheerder is Frans;
    Anna (beheerder) owns the service, Mees takes part in it from a day later."""
    fake_clock.set(T0)
    client, link = make_client(db, office_admin, kvk="22334455")
    company, frans = make_company(db, "22334455", admin_email="frans@bedrijf.example")
    collab = _start(db, office_admin, client, link)
    assert collab.state == "actief" and collab.company_id == company.id
    fake_clock.advance(days=1)
    db.add(ClientServiceParticipant(client_service_id=link.id,
                                    identity_id=office_employee.identity_id))
    db.commit()
    return client, company, frans


def _kinds(db, client_id):
    return [(r.kind, r.what) for r in db.exec(select(FigureAccess).where(
        FigureAccess.client_id == client_id).order_by(FigureAccess.id))]


def test_the_beheerder_sees_who_can_open_the_figures_why_and_since_when(
        db, company, office_admin, office_employee):
    _, comp, frans = company
    viewers = figure_log.viewers(db, frans, comp.id)
    assert [(v.name, v.reasons, v.since, v.last_looked) for v in viewers] == [
        ("Anna Beheer", ("Diensteigenaar van Financial Overview",), T0, None),
        ("Mees Werker", ("Deelnemer van Financial Overview",),
         datetime(2026, 3, 3, 9, 0, tzinfo=UTC), None),
    ]
    assert {v.office_name for v in viewers} == {"Kantoor A"}


def test_nobody_else_reads_it(db, company, office_admin, other_office_admin):
    _, comp, _ = company
    _, stranger = make_company(db, "99887766", admin_email="vreemd@ander.example")
    for who in (stranger, office_admin, other_office_admin):
        with pytest.raises(NotFound):
            figure_log.viewers(db, who, comp.id)
        with pytest.raises(NotFound):
            figure_log.access_log(db, who, comp.id)
    with pytest.raises(NotFound):
        figure_log.transparency(db, office_admin, comp.id)


def test_views_once_per_person_page_and_ten_minutes_exports_and_imports(
        db, company, office_admin, office_employee, fake_clock):
    client, comp, frans = company
    scope = scopes.for_employee(db, office_admin, client.id)
    assert figure_log.record_view(db, office_admin, scope, figure_log.DASHBOARD) is True
    fake_clock.advance(minutes=9)
    assert figure_log.record_view(db, office_admin, scope, figure_log.DASHBOARD) is False
    assert figure_log.record_view(db, office_admin, scope, figure_log.TRIAL_BALANCE) is True
    fake_clock.advance(minutes=2)
    assert figure_log.record_view(db, office_admin, scope, figure_log.DASHBOARD) is True
    mees = scopes.for_employee(db, office_employee, client.id)
    assert figure_log.record_view(db, office_employee, mees, figure_log.DASHBOARD) is True
    # the company's own users reading their own figures are not the office: not recorded
    frans_scope = scopes.Scope(client.id, client.name, "Kantoor A", "financial_overview",
                               comp.id, viewer=scopes.COMPANY_USER)
    assert figure_log.record_view(db, frans, frans_scope, figure_log.DASHBOARD) is False
    figure_log.record_export(db, office_admin, scope, "PDF-rapport boekjaar 2018 t/m periode 12")
    db.commit()
    fake_clock.advance(minutes=1)
    report = import_auditfile(db, office_admin, client.id, XAF, accept_other_company=True)
    assert report.ok
    db.commit()
    assert [k for k, _ in _kinds(db, client.id)] == ["view", "view", "view", "view", "export",
                                                     "import"]
    viewers = {v.name: v for v in figure_log.viewers(db, frans, comp.id)}
    assert viewers["Anna Beheer"].last_looked is not None
    assert viewers["Mees Werker"].last_looked is not None

    log = figure_log.access_log(db, frans, comp.id)
    assert log.total == 6 and log.pages == 1
    assert [(r.who, r.kind) for r in log.rows[:2]] == [("Anna Beheer", "import"),
                                                      ("Anna Beheer", "export")]
    assert log.rows[0].what.startswith("Auditfile ")
    assert log.rows[0].at >= log.rows[-1].at


def test_a_failed_import_leaves_no_record(db, company, office_admin, tmp_path):
    client, _, _ = company
    bad = tmp_path / "kapot.xaf"
    bad.write_text("<auditfile>niet af")
    report = import_auditfile(db, office_admin, client.id, bad)
    db.commit()
    assert not report.ok
    assert _kinds(db, client.id) == []


def test_the_log_is_paginated_on_the_server_and_outlives_the_collaboration(
        db, company, office_admin, monkeypatch, fake_clock):
    client, comp, frans = company
    monkeypatch.setattr(figure_log, "LOG_PAGE_SIZE", 2)
    scope = scopes.for_employee(db, office_admin, client.id)
    for page in ("A", "B", "C", "D", "E"):
        figure_log.record_view(db, office_admin, scope, page)
        fake_clock.advance(minutes=1)
    db.commit()
    first = figure_log.access_log(db, frans, comp.id)
    assert (first.total, first.pages, [r.what for r in first.rows]) == (5, 3, ["E", "D"])
    last = figure_log.access_log(db, frans, comp.id, page=99)
    assert (last.page, [r.what for r in last.rows]) == (3, ["A"])
    # ended: nobody can open the figures any more, the log of who did stays
    collab = db.exec(select(Collaboration).where(Collaboration.client_id == client.id)).one()
    collab.state = collabs.State.ENDED.value
    db.commit()
    assert figure_log.viewers(db, frans, comp.id) == []
    assert figure_log.access_log(db, frans, comp.id).total == 5
