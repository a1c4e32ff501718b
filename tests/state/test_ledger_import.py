"""Gegevens bijwerken driven as events: another company's file is kept, not imported, until
the serving accountant answers "Toch inlezen"; "Annuleren" deletes it and imports nothing."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from tests.integration.test_xaf_checks import monthly, xaf
from tests.state.harness import upload
from vfo_app import routes
from vfo_app.domain.models import LedgerImport
from vfo_app.state.ledger_import import LedgerImportState

FOREIGN = xaf(2021, company="Toro Rosso BV", kvk="87654321", txs=monthly(2021))


def _years(engine) -> list[int]:
    with Session(engine) as db:
        return sorted(db.exec(select(LedgerImport.year)).all())


def _uploaded(tab, world):
    nora = tab("nora").open(routes.CLIENT_OVERVIEW_DATA, client_id=world.noord.client_id)
    assert nora.call(LedgerImportState.load).error is None
    nora.call(LedgerImportState.receive, chunks=upload("toro.xaf", FOREIGN))
    return nora, nora.state(LedgerImportState)


def test_another_companys_file_waits_for_the_accountant(tab, world, app_engine):
    before = _years(app_engine)
    nora, page = _uploaded(tab, world)
    assert page.confirm_question == (f"Dit bestand lijkt van Toro Rosso BV (KvK 87654321) te "
                                     f"zijn, niet van {world.noord.client_name}. Toch inlezen?")
    assert not page.report_ok and not page.busy
    assert {c.code: c.status for c in page.checks}["company_mismatch"] == "error"
    kept = Path(page._pending_path)
    assert kept.exists(), "the file waits in its temporary file"
    assert _years(app_engine) == before  # nothing imported yet

    answer = nora.call(LedgerImportState.accept_other_company)
    assert answer.success_toasts == ["Boekjaar 2021 is ingelezen."], answer
    assert page.report_ok and page.confirm_question == "" and not kept.exists()
    assert {c.code: c.status for c in page.checks}["company_mismatch"] == "warning"
    assert _years(app_engine) == sorted([*before, 2021])
    assert "2021" in [y.year for y in page.years]


def test_cancel_deletes_the_file_and_imports_nothing(tab, world, app_engine):
    before = _years(app_engine)
    nora, page = _uploaded(tab, world)
    kept = Path(page._pending_path)
    nora.call(LedgerImportState.cancel_other_company)
    assert page.confirm_question == "" and page._pending_path == "" and not kept.exists()
    nora.call(LedgerImportState.accept_other_company)  # too late: nothing left to import
    assert _years(app_engine) == before


def test_a_new_load_forgets_the_question(tab, world, app_engine):
    before = _years(app_engine)
    nora, page = _uploaded(tab, world)
    kept = Path(page._pending_path)
    nora.call(LedgerImportState.load)
    assert page.confirm_question == "" and not kept.exists()
    nora.call(LedgerImportState.accept_other_company)
    assert _years(app_engine) == before
