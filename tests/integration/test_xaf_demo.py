"""The demo stays honest: De Bloemenhoek BV's figures pass every check (no alarm that is not
one), Banana's linesCount dialect is recognised, and every import says how it came in."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.integration.test_xaf_checks import by_code, make_client, monthly, run, xaf
from vfo_app.domain.models import Client, LedgerImport
from vfo_app.domain.seed import seed_demo
from vfo_app.domain.xaf.importer import import_auditfile
from vfo_app.domain.xaf.ledger import figures_source


def test_the_demo_import_passes_every_check(db):
    seed_demo(db)
    db.commit()
    client = db.exec(select(Client).where(Client.number == "DEM")).one()
    imp = db.exec(select(LedgerImport).where(LedgerImport.client_id == client.id)).one()
    checks = {c["code"]: c for c in imp.checks}
    assert {c["status"] for c in imp.checks} == {"ok"}, imp.checks
    assert imp.source == "demo" and imp.company_name == "De Bloemenhoek BV"
    assert "KvK-nummer 33445566" in checks["company_mismatch"]["message"]
    # Banana writes the number of transactions as linesCount: a note, not a warning
    assert "Banana" in checks["control_totals"]["message"]
    assert not any("linesCount" in w for w in imp.warnings or [])
    assert checks["periods_complete"]["missing_months"] == []
    assert "Geboekt t/m" in checks["periods_complete"]["message"]
    assert "bestand van" not in figures_source(imp)


def test_a_lines_count_that_is_neither_lines_nor_transactions_is_still_a_warning(
        db, office_admin, tmp_path):
    cid = make_client(db, office_admin)
    txs = monthly(2019)  # 12 transactions, 24 lines
    banana = run(db, office_admin, cid, tmp_path, xaf(txs=txs, controls=(12, "1200.00",
                                                                          "1200.00")))
    assert by_code(banana)["control_totals"]["status"] == "ok"
    assert "telt de boekingen" in by_code(banana)["control_totals"]["message"]
    wrong = run(db, office_admin, cid, tmp_path, xaf(txs=txs, controls=(13, "1200.00",
                                                                         "1200.00")))
    check = by_code(wrong)["control_totals"]
    assert check["status"] == "warning" and "linesCount in het bestand is 13" in check["message"]


def test_the_import_keeps_how_it_came_in(db, office_admin, tmp_path):
    cid = make_client(db, office_admin)
    path = tmp_path / "f.xaf"
    path.write_bytes(xaf(txs=monthly(2019)))
    for source in ("upload", "cli", "api", "demo"):
        assert import_auditfile(db, office_admin, cid, path, source=source).ok
        db.commit()
        assert db.exec(select(LedgerImport)).one().source == source
    with pytest.raises(ValueError):
        import_auditfile(db, office_admin, cid, path, source="fax")
