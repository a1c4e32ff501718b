"""Advice on real exports: the liquidity forecast from the books, alerts that fire once and a
digest at most once a day (over real SMTP), the Portefeuille of only the clients an employee
serves, and the office comparison that refuses groups under five."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tests.conftest import actor_of, make_employee
from tests.integration.test_collaborations import make_client
from tests.integration.test_xaf_import import BANANA
from tests.mail_catcher import MailCatcher, parts
from vfo_app.domain import clock, jobs, mail
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import (
    Client,
    ClientAlert,
    ClientKeyFigure,
    ClientService,
    ClientServiceParticipant,
    Notice,
    Office,
    OutboxMessage,
)
from vfo_app.domain.online import collaborations as collabs
from vfo_app.domain.online import products
from vfo_app.domain.overview import alerts, comparison, figures, forecast, notices, portfolio
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.xaf.importer import import_auditfile
from vfo_app.settings import Settings

TODAY = datetime(2019, 2, 1, 9, 0, tzinfo=UTC)  # a month after the sample's year 2018


def _active(db, actor, number: str, kvk: str, *, product=products.FINANCIAL_OVERVIEW,
            figures_in: bool = True, sbi: str = "") -> int:
    client, link = make_client(db, actor, kvk=kvk, number=number)
    terms = ({"invoice_recipient": "kantoor", "duration_months": 12}
             if product == products.FINANCIAL_OVERVIEW else {})
    collabs.start(db, actor, client_id=client.id, product=product, client_service_id=link.id,
                  **terms)
    client.sbi_code = sbi
    db.add(client)
    db.commit()
    if figures_in:
        report = import_auditfile(db, actor, client.id, BANANA, accept_other_company=True)
        db.commit()
        assert report.ok, report.errors
    return client.id


@pytest.fixture
def today(fake_clock):
    fake_clock.set(TODAY)
    return TODAY


@pytest.fixture
def banana(db, office_admin, today):
    return _active(db, office_admin, "ADV", "66778820")


# --- the liquidity forecast ---------------------------------------------------------------------


def test_forecast_starts_from_the_books_and_adds_up(db, office_admin, banana):
    client = db.get(Client, banana)
    client.vat_period = "Kwartaal"
    db.add(client)
    db.commit()
    result = forecast.forecast(db, office_admin, banana)
    sums = figures.year_sums(db, banana, 2018)
    upto = figures.default_month(sums)  # the last complete month: October
    assert upto == 10
    assert result.inputs.start_cash == sums.balance("liquide_middelen", upto)
    assert result.inputs.debtors == sums.balance("debiteuren", upto)
    assert result.inputs.creditors == -sums.balance("crediteuren", upto)
    assert result.today == date(2019, 2, 1) and len(result.weeks) == 13
    moved = sum(w.receipts - w.payments - w.vat - w.costs for w in result.weeks)
    assert result.weeks[-1].closing == result.inputs.start_cash + moved
    assert result.lowest.amount == min(result.inputs.start_cash,
                                       *(w.closing for w in result.weeks))
    # the books run to 5 November 2018, so October is the last complete month: the figures
    # end on 31 October. Q4 was due 31 January, before today (taken as paid); Q1 2019 is due
    # 30 April, in week 13: three months of the estimate, which is the VAT owed over the one
    # month of Q4 in the figures (October)
    assert result.inputs.figures_date == date(2018, 10, 31)
    per_month = result.inputs.vat_per_month
    assert per_month == round(result.inputs.vat_owed / 1)
    assert [(v.due, v.amount) for v in result.vat] == [(date(2019, 4, 30), 3 * per_month)]
    assert [w.index for w in result.weeks if w.vat] == [13]
    assert {a.field for a in result.assumptions} == set(forecast.FIELDS)
    assert all(a.basis for a in result.assumptions)
    assert any("t/m 31-10-2018" in n for n in result.notes)  # older than a month: said


def test_the_accountant_adjusts_an_assumption_and_can_undo_it(db, office_admin, banana):
    forecast.save_assumptions(db, office_admin, banana, {
        "start_cash": "10.000,00", "debtor_days": "14", "monthly_costs": "", "creditor_days": "",
        "vat_per_month": ""})
    db.commit()
    result = forecast.forecast(db, office_admin, banana)
    used = {a.field: a for a in result.assumptions}
    assert used["start_cash"].value == 1_000_000 and used["start_cash"].overridden
    assert used["debtor_days"].value == 14 and not used["monthly_costs"].overridden
    assert result.inputs.start_cash == 1_000_000 and result.inputs.debtor_days == 14
    with pytest.raises(ValidationFailed) as bad:
        forecast.save_assumptions(db, office_admin, banana, {"debtor_days": "veel",
                                                             "monthly_costs": "-5"})
    db.rollback()
    assert set(bad.value.errors) == {"debtor_days", "monthly_costs"}
    forecast.save_assumptions(db, office_admin, banana, {})
    db.commit()
    assert not any(a.overridden for a in forecast.forecast(db, office_admin, banana).assumptions)


def test_forecast_refuses_starter_and_who_does_not_serve(db, office_admin, other_office_admin,
                                                         today):
    starter = _active(db, office_admin, "STA", "66778821", product=products.FINANCIAL_OVERVIEW_STARTER,
                      figures_in=False)
    with pytest.raises(PermissionDenied, match="Starter"):
        forecast.forecast(db, office_admin, starter)
    full = _active(db, office_admin, "FUL", "66778822", figures_in=False)
    assert forecast.forecast(db, office_admin, full) is None  # no figures yet
    with pytest.raises(NotFound):
        forecast.forecast(db, other_office_admin, full)
    colleague = make_employee(db, db.get(Office, office_admin.office_id), "c@a.example")
    db.commit()
    with pytest.raises(PermissionDenied):
        forecast.save_assumptions(db, actor_of(colleague, db.get(Office, office_admin.office_id)),
                                  full, {"debtor_days": "10"})


# --- alerts and notices -------------------------------------------------------------------------


def _threshold(db, client_id: int, key: str, value: float) -> None:
    """The accountant sets an alert threshold (a second later than what came before)."""
    clock.freeze(clock.now() + timedelta(seconds=1))
    row = db.exec(select(ClientKeyFigure).where(ClientKeyFigure.client_id == client_id,
                                                ClientKeyFigure.key == key)).first()
    row = row or ClientKeyFigure(client_id=client_id, key=key)
    row.threshold, row.updated_at = value, clock.now()
    db.add(row)
    db.commit()


def test_a_breached_threshold_fires_once_for_owner_and_participants(db, office_admin, banana,
                                                                    fake_clock):
    office = db.get(Office, office_admin.office_id)
    helper = make_employee(db, office, "helper@a.example", first_name="Hans")
    assert db.exec(select(ClientAlert)).first() is None
    link = db.exec(select(ClientService).where(ClientService.client_id == banana)).one()
    db.add(ClientServiceParticipant(client_service_id=link.id, identity_id=helper.id))
    db.commit()
    _threshold(db, banana, "current_ratio", 1000)  # always breached
    alerts.fire_due(db)
    db.commit()
    made = db.exec(select(Notice).where(Notice.client_id == banana)).all()
    breached = [n for n in made if "Current ratio" in n.message]
    assert sorted(n.identity_id for n in breached) == sorted([office_admin.identity_id,
                                                              helper.id])
    count = len(made)
    # again: the job, a new day, a re-import: still breached, nothing new
    alerts.fire_due(db)
    fake_clock.advance(days=1)
    alerts.fire_due(db)
    import_auditfile(db, office_admin, banana, BANANA, accept_other_company=True)
    db.commit()
    alerts.fire_due(db)
    db.commit()
    assert len(db.exec(select(Notice).where(Notice.client_id == banana)).all()) == count
    # no longer breached: cleared; breached again later: fires again
    _threshold(db, banana, "current_ratio", 0)
    alerts.fire_due(db)
    db.commit()
    alert = db.exec(select(ClientAlert).where(ClientAlert.code == "drempel:current_ratio")).one()
    assert not alert.active and alert.cleared_at is not None
    _threshold(db, banana, "current_ratio", 1000)
    alerts.fire_due(db)
    db.commit()
    assert len(db.exec(select(Notice).where(Notice.client_id == banana)).all()) == count + 2


def test_the_late_figures_observation_follows_the_agreed_delivery(db, office_admin, banana):
    client = db.get(Client, banana)
    on = date(2019, 2, 1)  # the service is monthly, 30 days: december is due by 30 january
    delivery = alerts.agreed_delivery(db, banana, on)
    assert delivery.due_through == date(2018, 12, 31)
    assert alerts.agreed_delivery(db, banana, date(2019, 3, 5)).due_through == date(2019, 1, 31)
    _, found = alerts.refresh(db, client, date(2019, 3, 5))
    late = [c for c in found if c.code == alerts.LATE]
    assert late and "t/m 31-01-2019" in late[0].message


def test_the_digest_goes_out_at_most_once_a_day_over_smtp(db, office_admin, banana, fake_clock):
    _threshold(db, banana, "current_ratio", 1000)
    alerts.fire_due(db)
    db.commit()
    assert notices.send_digests(db) == 1
    db.commit()
    assert notices.send_digests(db) == 0  # nothing new
    # a new alert the same day waits for tomorrow's digest
    _threshold(db, banana, "solvabiliteit", 1000)
    alerts.fire_due(db)
    db.commit()
    assert notices.send_digests(db) == 0
    fake_clock.advance(days=1)
    assert notices.send_digests(db) == 1
    db.commit()
    digests = db.exec(select(OutboxMessage).where(OutboxMessage.kind == "notice_digest")).all()
    assert len(digests) == 2 and {d.to_email for d in digests} == {office_admin.email}
    catcher = MailCatcher().start()
    try:
        settings = Settings(data_dir="/tmp", secret_key="test", smtp_host="127.0.0.1",
                            smtp_port=catcher.port, smtp_starttls=False,
                            mail_from="Visma <noreply@test.example>")
        with Session(db.get_bind(), expire_on_commit=False) as other:
            assert mail.deliver_pending(other, settings=settings) >= 2
        received = catcher.to(office_admin.email)
        assert len(received) == 2
        text, html = parts(received[-1])
        assert "Solvabiliteit" in text and "Solvabiliteit" in html
        assert "/financial-overview" in text and "/portefeuille" in html
    finally:
        catcher.stop()


def test_the_jobs_run_alerts_and_digests_once_across_workers(db, office_admin, banana):
    _threshold(db, banana, "current_ratio", 1000)
    ran = jobs.run_due_jobs(db, jobs=[j for j in jobs.JOBS
                                      if j.name in ("fire_alerts", "send_notice_digests")])
    assert sorted(ran) == ["fire_alerts", "send_notice_digests"]
    assert jobs.run_due_jobs(db, jobs=[j for j in jobs.JOBS if j.name == "fire_alerts"]) == []
    assert len(db.exec(select(OutboxMessage).where(OutboxMessage.kind == "notice_digest")
                       ).all()) == 1


def test_notices_are_each_employees_own(db, office_admin, office_employee, banana):
    _threshold(db, banana, "current_ratio", 1000)
    alerts.fire_due(db)
    db.commit()
    mine = notices.list_notices(db, office_admin)
    assert mine and notices.unread_count(db, office_admin) == len(mine)
    assert notices.list_notices(db, office_employee) == []
    with pytest.raises(NotFound):
        notices.mark_read(db, office_employee, mine[0].id)
    notices.mark_read(db, office_admin, mine[0].id)
    db.commit()
    assert notices.unread_count(db, office_admin) == len(mine) - 1
    notices.mark_all_read(db, office_admin)
    db.commit()
    assert notices.unread_count(db, office_admin) == 0


# --- Portefeuille -----------------------------------------------------------------------------------


def test_the_portfolio_shows_only_the_clients_the_employee_serves(db, office_admin, office_employee,
                                                                 other_office_admin, banana):
    _active(db, office_admin, "NOF", "66778823", figures_in=False)  # served, no figures yet
    # a client of the office without Financial Overview, and one of another office
    make_client(db, office_admin, kvk="66778824", number="ZFO")
    _active(db, other_office_admin, "OTH", "66778825", figures_in=False)
    page = portfolio.portfolio(db, office_admin)
    assert {r.number for r in page.rows} == {"ADV", "NOF"}
    row = next(r for r in page.rows if r.number == "ADV")
    assert row.booked_through == date(2018, 11, 5) and row.omzet is not None
    assert row.flag is not None
    assert portfolio.portfolio(db, office_employee).rows == []  # serves no client
    assert {r.number for r in portfolio.portfolio(db, other_office_admin).rows} == {"OTH"}
    assert {r.number for r in portfolio.portfolio(db, office_admin, search="nof").rows} == {"NOF"}
    by_name = portfolio.portfolio(db, office_admin, sort="naam", descending=True)
    assert [r.number for r in by_name.rows] == ["NOF", "ADV"]


def test_the_portfolio_flag_follows_a_re_import_and_a_threshold(db, office_admin, banana):
    first = portfolio.portfolio(db, office_admin).rows[0]
    _threshold(db, banana, "current_ratio", 1000)
    again = portfolio.portfolio(db, office_admin).rows[0]
    assert again.flag == alerts.RED and any("Current ratio" in r for r in again.reasons)
    assert first.flag != alerts.RED or any("Current ratio" not in r for r in first.reasons)
    assert portfolio.portfolio(db, office_admin, flag="rood").total == 1
    assert portfolio.portfolio(db, office_admin, flag="groen").total == 0


def test_the_portfolio_counts_filters_searches_and_pages(db, office_admin, office_employee, banana):
    _active(db, office_admin, "N%F_1", "66778826", figures_in=False)
    _active(db, office_admin, "NXFX2", "66778827", figures_in=False)
    _threshold(db, banana, "current_ratio", 1000)  # ADV red: its snapshot is stale until read
    page = portfolio.portfolio(db, office_admin)
    assert page.counts == {"rood": 1, "oranje": 0, "groen": 0, "geen": 2}
    assert (page.total, page.pages, [r.number for r in page.rows]) == (
        3, 1, ["ADV", "N%F_1", "NXFX2"])  # red first, then by name
    assert page.unread == notices.unread_count(db, office_admin)
    assert [r.reasons for r in page.rows[1:]] == [[], []]
    assert portfolio.portfolio(db, office_admin, flag="rood").total == 1
    assert [r.number for r in portfolio.portfolio(db, office_admin, flag="geen").rows] == [
        "N%F_1", "NXFX2"]
    # % and _ are searched as themselves, with a flag as well
    assert [r.number for r in portfolio.portfolio(db, office_admin, search="n%f_").rows] == [
        "N%F_1"]
    found = portfolio.portfolio(db, office_admin, search="n", flag="geen")
    assert (found.total, found.counts["geen"]) == (2, 2)
    assert portfolio.portfolio(db, office_admin, search="nxf", flag="rood").rows == []
    # pages: a page past the last shows the last one
    last = portfolio.portfolio(db, office_admin, size=2, page=9)
    assert (last.page, last.pages, [r.number for r in last.rows]) == (2, 2, ["NXFX2"])
    by_number = portfolio.portfolio(db, office_admin, sort="nummer", descending=False, size=2)
    assert [r.number for r in by_number.rows] == ["ADV", "N%F_1"]
    none = portfolio.portfolio(db, office_employee, page=3)
    assert (none.rows, none.total, none.page, none.pages, none.unread) == ([], 0, 1, 1, 0)
    assert none.counts == {"rood": 0, "oranje": 0, "groen": 0, "geen": 0}


# --- the comparison within the office ----------------------------------------------------------------


def test_the_comparison_needs_the_switch_and_five_clients(db, office_admin, other_office_admin,
                                                          today):
    ids = [_active(db, office_admin, f"S{i}", f"6677883{i}", sbi="4711") for i in range(4)]
    scope = scopes.for_employee(db, office_admin, ids[0])
    assert not comparison.compare(db, scope).shown  # switched off
    with pytest.raises(PermissionDenied):
        comparison.save_setting(db, actor_of(make_employee(db, db.get(Office, office_admin.office_id)),
                                             db.get(Office, office_admin.office_id)),
                                compare_within_office=True)
    db.rollback()
    comparison.save_setting(db, office_admin, compare_within_office=True)
    db.commit()
    four = comparison.compare(db, scope)
    assert not four.shown and four.reason == comparison.TOO_FEW and four.group_size == 0
    # another office's fifth client with the same code does not count
    _active(db, other_office_admin, "X5", "66778839", sbi="4711")
    assert not comparison.compare(db, scope).shown
    ids.append(_active(db, office_admin, "S4", "66778834", sbi="4711"))
    five = comparison.compare(db, scope)
    assert five.shown and five.group_size == 5 and five.ratios
    text = repr(five)
    for i in ids:
        number = db.get(Client, i).number
        assert f"Klant {number}" not in text  # no names of the others
    ratio = five.ratios[0]
    assert ratio.q1 <= ratio.median <= ratio.q3 and ratio.quartile in (1, 2, 3, 4)


def test_every_default_period_is_the_last_complete_month(db, office_admin, banana):
    """The sample is booked up to 5 November 2018: November has bookings but is not complete.
    Wherever the reader gets a period without choosing one (dashboard and figures, cash flow,
    budget against actual, the forecast's start, the Portefeuille's snapshot, the accounts
    page), it is October, the last complete month."""
    from vfo_app.domain.overview import budget, cash_flow, drilldown, key_figures

    sums = figures.year_sums(db, banana, 2018)
    assert figures.months_available(sums) == 11 and figures.default_month(sums) == 10
    scope = scopes.for_employee(db, office_admin, banana)
    assert cash_flow.report(db, office_admin, banana, 2018).upto == 10
    assert key_figures.for_client(db, office_admin, banana, 2018)[0] == 10
    assert budget.against_actual(db, scope, banana, 2018).upto == 10
    assert forecast.forecast(db, office_admin, banana).inputs.figures_date == date(2018, 10, 31)
    snap, _ = alerts.refresh(db, db.get(Client, banana))
    assert snap.upto == 10
    view = drilldown.accounts(db, office_admin, banana, year=2018, key="omzet", upto_month=None)
    assert view.upto_month == 10
