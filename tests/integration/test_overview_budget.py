"""Budget per month per category, and budget against actual, on the Banana sample: saving and
reading a year, refusing unreadable amounts whole, the quick fills, actuals that agree with
``figures``, and only owners and participants of this office changing it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import select

from tests.conftest import actor_of, make_employee
from tests.integration.test_overview_drilldown import active_client
from tests.integration.test_xaf_import import BANANA
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import AuditEntry, BudgetLine, ClientServiceParticipant, Office
from vfo_app.domain.online import products
from vfo_app.domain.overview import budget, figures, key_figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.xaf.importer import import_auditfile


@pytest.fixture
def banana(db, office_admin):
    client_id, link = active_client(db, office_admin, kvk="66778810", number="BUD")
    report = import_auditfile(db, office_admin, client_id, BANANA,
                              accept_other_company=True)
    db.commit()
    assert report.ok, report.errors
    return client_id, int(report.fiscal_year), link


def test_save_and_read_a_year(db, office_admin, banana):
    client_id, year, _ = banana
    form = {"omzet-1": "1.500", "omzet-2": "1.500,00", "kostprijs-1": "600,5",
            "personeelskosten-12": "€ 2.000", "overige_bedrijfskosten-3": "", "omzet-jaar": "99"}
    budget.save(db, office_admin, client_id, year, form)
    db.commit()
    read = budget.read(db, office_admin, client_id, year)
    assert read.cells == {("omzet", 1): 150000, ("omzet", 2): 150000, ("kostprijs", 1): 60050,
                          ("personeelskosten", 12): 200000}
    assert read.total("omzet") == 300000 and not read.is_empty
    assert budget.read(db, office_admin, client_id, year + 1).is_empty
    # saving again replaces the whole year: cells left out are gone, unchanged ones stay
    budget.save(db, office_admin, client_id, year, {"omzet-1": "1.500", "omzet-2": "2.000"})
    db.commit()
    assert budget.read(db, office_admin, client_id, year).cells == {("omzet", 1): 150000,
                                                                    ("omzet", 2): 200000}
    assert len(db.exec(select(BudgetLine)).all()) == 2
    entries = db.exec(select(AuditEntry).where(AuditEntry.entity == "budget")).all()
    assert len(entries) == 2 and entries[-1].changes["cells"]["omzet-2"] == [150000, 200000]
    assert entries[-1].changes["cells"]["kostprijs-1"] == [60050, 0]
    assert entries[-1].actor_id == office_admin.identity_id


def test_an_unreadable_amount_saves_nothing(db, office_admin, banana):
    client_id, year, _ = banana
    budget.save(db, office_admin, client_id, year, {"omzet-1": "100"})
    db.commit()
    with pytest.raises(ValidationFailed) as caught:
        budget.save(db, office_admin, client_id, year,
                    {"omzet-1": "200", "omzet-2": "1,2,3", "kostprijs-5": "tien",
                     "kostprijs-6": "1.50", "afschrijvingen-1": "1" + "0" * 14})
    db.rollback()
    assert set(caught.value.errors) == {"omzet-2", "kostprijs-5", "kostprijs-6",
                                        "afschrijvingen-1"}
    assert "1.500" in caught.value.errors["omzet-2"]
    assert budget.read(db, office_admin, client_id, year).cells == {("omzet", 1): 10000}
    with pytest.raises(ValidationFailed):
        budget.save(db, office_admin, client_id, year, {("balans", 1): 5})


def test_spread_a_yearly_amount(db):
    assert budget.spread(1_200_000) == [100_000] * 12
    parts = budget.spread(100_000)  # € 1.000: € 84 four times, then € 83
    assert parts == [8_400] * 4 + [8_300] * 8 and sum(parts) == 100_000
    odd = budget.spread(123_457)
    assert sum(odd) == 123_457 and all(p % 100 == 0 for p in odd[1:])
    assert sum(budget.spread(-5_000)) == -5_000 and budget.spread(0) == [0] * 12


def test_copy_last_year_with_a_percentage(db, office_admin, banana):
    client_id, year, _ = banana
    with pytest.raises(NotFound):  # no figures of the year before the sample
        budget.from_last_year(db, office_admin, client_id, year)
    grid = budget.from_last_year(db, office_admin, client_id, year + 1, "10")
    sums = figures.year_sums(db, client_id, year)
    for key in budget.KEYS:
        for month in budget.MONTHS:
            actual = Decimal(budget.sign(key) * sums.pl(key, month, month)) * Decimal("1.1")
            expected = int((actual / 100).quantize(Decimal(1), "ROUND_HALF_UP")) * 100
            assert grid.get((key, month), 0) == expected, (key, month)
    omzet = sum(grid.get(("omzet", m), 0) for m in budget.MONTHS)
    assert omzet > 0 and abs(omzet - round(-sums.pl("omzet", 1, 12) * 1.1)) <= 12 * 50
    same = budget.from_last_year(db, office_admin, client_id, year + 1, "2,5")
    assert same != grid
    with pytest.raises(ValidationFailed):
        budget.from_last_year(db, office_admin, client_id, year + 1, "veel")
    budget.save(db, office_admin, client_id, year + 1, grid)  # the grid saves as it is
    db.commit()
    assert budget.read(db, office_admin, client_id, year + 1).cells == grid


def test_budget_against_actual_agrees_with_the_figures(db, office_admin, banana):
    client_id, year, _ = banana
    budget.save(db, office_admin, client_id, year,
                {budget.field_name(k, m): "1.000" for k in ("omzet", "kostprijs",
                                                            "overige_bedrijfskosten")
                 for m in budget.MONTHS})
    db.commit()
    sums = figures.year_sums(db, client_id, year)
    pl = {r["category"]: r for r in figures.profit_and_loss(sums, None, 6, 6)}
    pl_ytd = {r["category"]: r for r in figures.profit_and_loss(sums, None, 1, 6)}
    result = budget.against_actual(db, office_admin, client_id, year, upto=6)
    assert result.has_budget and result.has_actuals and (result.first, result.upto) == (6, 6)
    for rows, statement, months in ((result.period, pl, 1), (result.ytd, pl_ytd, 6)):
        by_key = {r.category: r for r in rows}
        for key in ("omzet", "kostprijs", "overige_bedrijfskosten"):
            row = by_key[key]
            shown = statement[key]["period"] if key in statement else 0  # P&L: costs negative
            assert row.actual == (shown if key in budget.REVENUE else -shown), key
            assert row.budget == 100_000 * months
            assert row.difference == row.actual - row.budget
            assert row.percent == round(100 * row.difference / row.budget, 1)
        total = by_key["resultaat"]
        key = key_figures.compute_from(sums, None, 6, 6 if months == 1 else 1)
        assert total.actual == round(next(f for f in key if f.key == "nettoresultaat").value
                                     * 100)
        assert total.budget == (100_000 - 200_000) * months
        assert rows[-1].category == "resultaat"
    # the scope of a client user reads the same
    scope = scopes.for_employee(db, office_admin, client_id)
    assert budget.against_actual(db, scope, client_id, year, upto=6) == result
    with pytest.raises(ValidationFailed):
        budget.against_actual(db, office_admin, client_id, year, first=7, upto=3)
    # a year without figures: the budget against zero
    empty = budget.against_actual(db, office_admin, client_id, year + 1)
    assert not empty.has_actuals and not empty.has_budget and empty.upto == 12


def test_only_owners_and_participants_of_this_office(db, office_admin, other_office_admin,
                                                     banana):
    client_id, year, link = banana
    office = db.get(Office, office_admin.office_id)
    outsider = actor_of(make_employee(db, office, "buiten@a.example"), office)
    participant = actor_of(make_employee(db, office, "deelnemer@a.example"), office)
    db.add(ClientServiceParticipant(client_service_id=link.id,
                                    identity_id=participant.identity_id))
    db.commit()
    budget.save(db, participant, client_id, year, {"omzet-1": "10"})
    db.commit()
    assert budget.read(db, participant, client_id, year).total("omzet") == 1000
    for actor, error in ((outsider, PermissionDenied), (other_office_admin, NotFound)):
        with pytest.raises(error):
            budget.read(db, actor, client_id, year)
        with pytest.raises(error):
            budget.save(db, actor, client_id, year, {"omzet-1": "99"})
        with pytest.raises(error):
            budget.from_last_year(db, actor, client_id, year + 1)
        with pytest.raises(error):
            budget.against_actual(db, actor, client_id, year)
        db.rollback()
    assert budget.read(db, office_admin, client_id, year).total("omzet") == 1000
    # a client user's scope reads, never writes; a scope of another client reads nothing
    scope = scopes.for_employee(db, office_admin, client_id)
    assert budget.read(db, scope, client_id, year).total("omzet") == 1000
    with pytest.raises(PermissionDenied):
        budget.save(db, scope, client_id, year, {"omzet-1": "1"})
    other_id, _ = active_client(db, office_admin, kvk="66778811", number="BU2")
    with pytest.raises(PermissionDenied):
        budget.read(db, scope, other_id, year)


def test_starter_has_no_budget(db, office_admin):
    client_id, _ = active_client(db, office_admin, product=products.FINANCIAL_OVERVIEW_STARTER,
                                 kvk="66778812", number="STB")
    with pytest.raises(PermissionDenied):
        budget.read(db, office_admin, client_id, 2018)
    with pytest.raises(PermissionDenied):
        budget.save(db, office_admin, client_id, 2018, {"omzet-1": "1"})
