"""Auditfile import on a real, migrated database (SQLite; PostgreSQL when configured).

Every figure is checked against an independent calculation: a plain ElementTree pass over
the same sample, with Decimal amounts, written without the importer's code."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from tests.conftest import activate_overview, actor_of, make_employee
from vfo_app.domain.access import system_actor
from vfo_app.domain.advisor import services as svc
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.advisor.services import ServiceInput
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, PermissionDenied
from vfo_app.domain.models import LedgerAccount, LedgerDaySum, LedgerImport, LedgerLine, Office
from vfo_app.domain.xaf.importer import import_auditfile, result_cents, trial_balance
from vfo_app.domain.xaf.ledger import set_classification

FIXTURES = Path(__file__).parent.parent / "fixtures" / "xaf"
BANANA = FIXTURES / "BananaAccounting__Netherlands__auditfile_v3.2_nl_20180101_20181231.xaf"
EXACT = FIXTURES / "koenderks__rxaf__ExactOnline.xaf"
OFFICIAL = FIXTURES / "BananaAccounting__Netherlands__XmlAuditfileFinancieel3.2_test.xml"


# --- factories ---------------------------------------------------------------------------


def make_client(db: Session, actor: Actor, number: str = "BSE") -> int:
    data = ClientInput(**{**client_form_defaults(db, actor), "number": number,
                          "name": f"Klant {number}", "kvk_number": f"{abs(hash(number)) % 10**8:08d}",
                          "legal_form": "BV", "account_manager_id": str(actor.identity_id),
                          "contact_first_name": "A", "contact_last_name": "B"})
    client = create_client(db, actor, data)
    db.commit()
    return client.id


def give_service(db: Session, admin: Actor, client_id: int, owner_id: int,
                 participants: tuple[int, ...] = ()) -> None:
    detail = svc.create_service(db, admin, ServiceInput(code=f"FO{client_id}",
                                                        name="Financial Overview", period="Maand"))
    link_id = svc.add_client_service(db, admin, client_id, detail.id, owner_id,
                                     participant_ids=participants)
    activate_overview(db, link_id)
    db.commit()


@pytest.fixture
def client_id(db, office_admin) -> int:
    cid = make_client(db, office_admin)
    give_service(db, office_admin, cid, office_admin.identity_id)
    return cid


def do_import(db, actor, cid, source, **kw):
    kw.setdefault("accept_other_company", True)  # the samples are other companies' files
    report = import_auditfile(db, actor, cid, source, **kw)
    db.commit()
    return report


# --- the independent calculation ----------------------------------------------------------


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def children(el) -> dict[str, str]:
    return {local(c.tag): (c.text or "").strip() for c in el}


def expected(path: Path) -> dict:
    """Counts, totals and per-account figures, from a plain ElementTree walk."""
    root = ET.parse(path).getroot()
    accounts = {children(a)["accID"]: children(a) for a in root.iter() if
                local(a.tag) == "ledgerAccount"}
    opening = defaultdict(Decimal)
    debit = defaultdict(Decimal)
    credit = defaultdict(Decimal)
    lines = transactions = 0
    for ob in (e for e in root.iter() if local(e.tag) == "obLine"):
        f = children(ob)
        opening[f["accID"]] += Decimal(f["amnt"]) * (1 if f["amntTp"] == "D" else -1)
    for tx in (e for e in root.iter() if local(e.tag) == "transaction"):
        transactions += 1
        for line in (c for c in tx if local(c.tag) == "trLine"):
            lines += 1
            f = children(line)
            (debit if f["amntTp"] == "D" else credit)[f["accID"]] += Decimal(f["amnt"])
    return {"accounts": accounts, "opening": opening, "debit": debit, "credit": credit,
            "lines": lines, "transactions": transactions}


def cents(amount: Decimal) -> int:
    return int(amount * 100)


def check_against_independent(db, actor, cid, path: Path, year: int, report) -> None:
    exp = expected(path)
    assert report.ok, report.errors
    assert report.ledger_accounts == len(exp["accounts"])
    assert report.transactions == exp["transactions"]
    assert report.lines == exp["lines"]
    assert report.debit_total_cents == cents(sum(exp["debit"].values()))
    assert report.credit_total_cents == cents(sum(exp["credit"].values()))
    assert report.opening_balance_lines == sum(
        1 for _ in ET.parse(path).getroot().iter("{http://www.auditfiles.nl/XAF/3.2}obLine"))
    rows = {r.account_id: r for r in trial_balance(db, actor, cid, year)}
    used = set(exp["opening"]) | set(exp["debit"]) | set(exp["credit"])
    assert set(rows) == used
    for acc in used:
        r = rows[acc]
        assert r.opening_cents == cents(exp["opening"][acc]), acc
        assert r.debit_cents == cents(exp["debit"][acc]), acc
        assert r.credit_cents == cents(exp["credit"][acc]), acc
        assert r.closing_cents == r.opening_cents + r.debit_cents - r.credit_cents
    pl = {a for a, f in exp["accounts"].items() if f.get("accTp") == "P"}
    profit = -sum(exp["opening"][a] + exp["debit"][a] - exp["credit"][a] for a in pl)
    assert result_cents(list(rows.values())) == cents(profit)
    assert sum(r.closing_cents for r in rows.values()) == 0  # the trial balance balances


# --- the real samples ------------------------------------------------------------------------


def test_banana_sample_matches_the_independent_calculation(db, office_admin, client_id):
    report = do_import(db, office_admin, client_id, BANANA)
    check_against_independent(db, office_admin, client_id, BANANA, 2018, report)
    assert (report.transactions, report.lines, report.ledger_accounts) == (44, 121, 131)
    assert report.debit_total == report.credit_total == "91275.49"
    assert report.opening_balance_source == "obLine"
    assert report.fiscal_year == "2018"
    # Banana writes the number of transactions as linesCount: recognised, a note in the check
    assert not any("linesCount" in w for w in report.warnings)
    control = {c["code"]: c for c in report.checks}["control_totals"]
    assert control["status"] == "ok" and "linesCount (44) telt de boekingen" in control["message"]


def test_exact_sample_matches_the_independent_calculation(db, office_admin, client_id):
    report = do_import(db, office_admin, client_id, EXACT)
    check_against_independent(db, office_admin, client_id, EXACT, 2016, report)
    assert (report.transactions, report.lines, report.ledger_accounts) == (57, 167, 97)
    assert report.debit_total == "999954.06"
    assert report.opening_balance_lines == 0 and report.warnings == []
    assert report.encoding == "utf-8"
    # leading zeros kept; RGS 2.0 codes from leadReference classified
    acc = db.exec(select(LedgerAccount).where(LedgerAccount.account_id == "0310")).one()
    assert (acc.section, acc.category, acc.classified_by) == ("B", "eigen_vermogen", "rgs")


def test_official_test_file_is_refused_as_unbalanced_with_its_figures(db, office_admin,
                                                                     client_id):
    report = do_import(db, office_admin, client_id, OFFICIAL)
    assert not report.ok
    assert (report.transactions, report.lines, report.ledger_accounts) == (1, 1, 1)
    assert (report.debit_total_cents, report.credit_total_cents) == (0, 314)
    assert {e["element"] for e in report.errors} == {"openingBalance", "transactions"}
    assert all(e["line"] for e in report.errors)
    assert db.exec(select(func.count()).select_from(LedgerImport)).one() == 0


# --- replacing a year ---------------------------------------------------------------------------


def _lines(db) -> int:
    return db.exec(select(func.count()).select_from(LedgerLine)).one()


def test_reimport_replaces_the_year(db, office_admin, client_id):
    first = do_import(db, office_admin, client_id, BANANA)
    again = do_import(db, office_admin, client_id, BANANA)
    assert first.ok and again.ok
    assert db.exec(select(func.count()).select_from(LedgerImport)).one() == 1
    assert _lines(db) == 121 + 2
    assert db.exec(select(func.count()).select_from(LedgerAccount)).one() == 131
    # the day sums the reports read are the lines' sums, once, not once per import
    lines, debit, credit = db.exec(select(func.sum(LedgerDaySum.lines),
                                          func.sum(LedgerDaySum.debit_cents),
                                          func.sum(LedgerDaySum.credit_cents))).one()
    assert lines == 121 + 2
    line_debit = db.exec(select(func.sum(LedgerLine.amount_cents))
                         .where(LedgerLine.amount_cents > 0)).one()
    assert debit == credit == line_debit


def _orphans(db) -> int:
    return db.exec(select(func.count()).select_from(LedgerLine).where(
        LedgerLine.import_id.not_in(select(LedgerImport.id)))).one()


def test_lines_never_outlive_their_import(db, office_admin, client_id):
    """The triggers that stand in for the foreign key (migration 0010): no line without its
    import after an import, a re-import and a delete; a line of an unknown import and the
    delete of an import that still has lines are refused, as the foreign key refused them."""
    from sqlalchemy import delete, insert
    from sqlalchemy.exc import IntegrityError

    do_import(db, office_admin, client_id, BANANA)
    do_import(db, office_admin, client_id, BANANA)
    do_import(db, office_admin, client_id, EXACT)
    assert _lines(db) > 0 and _orphans(db) == 0
    imp_id = db.exec(select(LedgerImport.id).where(LedgerImport.year == 2018)).one()
    hanging = [t for t in reversed(LedgerImport.metadata.sorted_tables)  # children first
               if t is not LedgerImport.__table__ and "import_id" in t.c]
    assert LedgerLine.__table__ in hanging
    for table in hanging:  # all but the lines: only they keep the import now
        if table is not LedgerLine.__table__:
            db.execute(delete(table).where(table.c.import_id == imp_id))
    with pytest.raises(IntegrityError):
        db.execute(delete(LedgerImport).where(LedgerImport.id == imp_id))
    db.rollback()
    with pytest.raises(IntegrityError):
        db.execute(LedgerImport.__table__.update().where(LedgerImport.id == imp_id)
                   .values(id=imp_id + 1000))
    db.rollback()
    with pytest.raises(IntegrityError):
        db.execute(insert(LedgerLine).values(import_id=imp_id + 1000, account_id="1000",
                                             amount_cents=1))
    db.rollback()
    with pytest.raises(IntegrityError):  # moving its lines to an import that is not there
        db.execute(LedgerLine.__table__.update().where(LedgerLine.import_id == imp_id)
                   .values(import_id=imp_id + 1000))
    db.rollback()
    for table in hanging:
        db.execute(delete(table).where(table.c.import_id == imp_id))
    db.execute(delete(LedgerImport).where(LedgerImport.id == imp_id))
    db.commit()
    assert _orphans(db) == 0
    assert db.exec(select(func.count()).select_from(LedgerImport)).one() == 1


def test_failing_import_leaves_the_previous_figures(db, office_admin, client_id):
    do_import(db, office_admin, client_id, BANANA)
    before = [r.as_dict() for r in trial_balance(db, office_admin, client_id, 2018)]
    data = BANANA.read_bytes()
    broken = data.replace(b"<amnt>413.22</amnt>", b"<amnt>41x.22</amnt>", 1)
    report = do_import(db, office_admin, client_id, io.BytesIO(broken))
    assert not report.ok and report.errors[0]["element"] == "amnt"
    assert report.errors[0]["line"] == data[:data.index(b"<amnt>413.22")].count(b"\n") + 1
    truncated = do_import(db, office_admin, client_id, io.BytesIO(data[: len(data) * 2 // 3]))
    assert not truncated.ok
    assert [r.as_dict() for r in trial_balance(db, office_admin, client_id, 2018)] == before


def test_two_years_are_kept_apart(db, office_admin, client_id):
    do_import(db, office_admin, client_id, BANANA)
    do_import(db, office_admin, client_id, EXACT)
    assert len(trial_balance(db, office_admin, client_id, 2018)) > 0
    assert len(trial_balance(db, office_admin, client_id, 2016)) > 0
    with pytest.raises(NotFound):
        trial_balance(db, office_admin, client_id, 2017)


# --- opening balance and control totals -------------------------------------------------------


def _with_opening_journal(data: bytes) -> bytes:
    journal = (b"<journal><jrnID>BEG</jrnID><desc>Beginbalans</desc><jrnTp>O</jrnTp>"
               b"<transaction><nr>0</nr><periodNumber>0</periodNumber><trDt>2018-01-01</trDt>"
               b"<trLine><nr>1</nr><accID>1010</accID><docRef/><effDate>2018-01-01</effDate>"
               b"<amnt>5000.00</amnt><amntTp>D</amntTp></trLine>"
               b"<trLine><nr>2</nr><accID>0500</accID><docRef/><effDate>2018-01-01</effDate>"
               b"<amnt>5000</amnt><amntTp>C</amntTp></trLine></transaction></journal>")
    return data.replace(b"<journal>", journal + b"<journal>", 1)


def test_opening_balance_is_never_counted_twice(db, office_admin, client_id):
    report = do_import(db, office_admin, client_id, io.BytesIO(_with_opening_journal(
        BANANA.read_bytes())))
    assert report.ok, report.errors
    assert report.opening_balance_lines == 2 and report.opening_balance_source == "obLine"
    assert any("twee keer" in w for w in report.warnings)
    rows = {r.account_id: r for r in trial_balance(db, office_admin, client_id, 2018)}
    assert rows["1010"].opening_cents == 500000


def test_opening_balance_from_a_journal_of_type_o(db, office_admin, client_id):
    data = _with_opening_journal(BANANA.read_bytes())
    start, end = data.index(b"<openingBalance>"), data.index(b"</openingBalance>")
    data = data[:start] + data[end + len(b"</openingBalance>"):]
    report = do_import(db, office_admin, client_id, io.BytesIO(data))
    assert report.ok and report.opening_balance_source == "journaal O"
    assert report.opening_balance_lines == 2
    rows = {r.account_id: r for r in trial_balance(db, office_admin, client_id, 2018)}
    assert (rows["1010"].opening_cents, rows["0500"].opening_cents) == (500000, -500000)


def test_control_total_mismatch_is_a_warning(db, office_admin, client_id):
    data = EXACT.read_bytes().replace(b"<totalDebit>999954.06</totalDebit>",
                                      b"<totalDebit>1.00</totalDebit>", 1)
    report = do_import(db, office_admin, client_id, io.BytesIO(data))
    assert report.ok
    assert any("totalDebit" in w and "1.00" in w for w in report.warnings)


# --- encodings ------------------------------------------------------------------------------------


def _latin(data: bytes, declared: bytes) -> bytes:
    text = data.decode("utf-8-sig").replace("Goodwill", "Goodwill café €")
    body = text.encode("cp1252")
    return body.replace(b'encoding="utf-8"', b'encoding="' + declared + b'"', 1)


@pytest.mark.parametrize("variant", ["bom", "no_bom", "iso", "cp1252_as_utf8",
                                     "cp1252_as_iso", "no_declaration"])
def test_encodings_real_exports_use(db, office_admin, client_id, variant):
    data = BANANA.read_bytes()
    name = "Goodwill"
    if variant == "bom":
        data = b"\xef\xbb\xbf" + data.replace(b"Goodwill", "Goodwill café €".encode(), 1)
        name = "Goodwill café €"
    elif variant == "iso":
        text = data.decode().replace("Goodwill", "Goodwill café", 1)
        data = text.encode("latin-1").replace(b'"utf-8"', b'"ISO-8859-1"', 1)
        name = "Goodwill café"
    elif variant in ("cp1252_as_utf8", "cp1252_as_iso"):
        data = _latin(data, b"utf-8" if variant == "cp1252_as_utf8" else b"ISO-8859-1")
        name = "Goodwill café €"
    elif variant == "no_declaration":
        data = data[data.index(b"?>") + 2:]
    report = do_import(db, office_admin, client_id, io.BytesIO(data))
    assert report.ok, report.errors
    assert report.lines == 121
    acc = db.exec(select(LedgerAccount).where(LedgerAccount.account_id == "0100")).one()
    assert acc.description == name
    assert any("Windows-1252" in w for w in report.warnings) == (variant == "cp1252_as_utf8")


# --- classification ------------------------------------------------------------------------------------


def test_correction_wins_and_survives_reimport(db, office_admin, client_id):
    do_import(db, office_admin, client_id, EXACT)
    set_classification(db, office_admin, client_id, "0310", "langlopende_schulden")
    db.commit()
    do_import(db, office_admin, client_id, EXACT)
    acc = db.exec(select(LedgerAccount).where(LedgerAccount.account_id == "0310")).one()
    assert (acc.category, acc.corrected, acc.classified_by) == ("langlopende_schulden", True,
                                                               "correctie")


def test_accounts_only_in_lines_get_a_number_default(db, office_admin, client_id):
    data = BANANA.read_bytes().replace(b"<accID>8100</accID>\n      <docRef>",
                                       b"<accID>8999</accID>\n      <docRef>", 1)
    report = do_import(db, office_admin, client_id, io.BytesIO(data))
    assert report.ok and any("8999" in w for w in report.warnings)
    acc = db.exec(select(LedgerAccount).where(LedgerAccount.account_id == "8999")).one()
    assert (acc.section, acc.category, acc.classified_by) == ("P", "omzet", "nummer")


# --- access -------------------------------------------------------------------------------------------


def test_other_office_and_non_participants_are_refused(db, office_admin, other_office_admin,
                                                       client_id):
    office = db.get(Office, office_admin.office_id)
    colleague = actor_of(make_employee(db, office), office, "medewerker")
    db.commit()
    with pytest.raises(NotFound):
        import_auditfile(db, other_office_admin, client_id, BANANA)
    with pytest.raises(PermissionDenied):
        import_auditfile(db, colleague, client_id, BANANA)
    do_import(db, office_admin, client_id, BANANA)
    with pytest.raises(PermissionDenied):
        trial_balance(db, colleague, client_id, 2018)
    with pytest.raises(NotFound):
        trial_balance(db, other_office_admin, client_id, 2018)


def test_participant_may_import_and_system_actor_acts_for_the_office(db, office_admin):
    office = db.get(Office, office_admin.office_id)
    helper = make_employee(db, office)
    cid = make_client(db, office_admin, "P1")
    give_service(db, office_admin, cid, office_admin.identity_id, (helper.id,))
    assert do_import(db, actor_of(helper, office, "medewerker"), cid, BANANA).ok
    assert do_import(db, system_actor(office), cid, EXACT).ok


def test_progress_is_reported(db, office_admin, client_id):
    seen: list[tuple[int, int | None]] = []
    do_import(db, office_admin, client_id, BANANA, progress=lambda n, t: seen.append((n, t)))
    size = BANANA.stat().st_size
    assert seen and seen[-1] == (size, size)


# --- the command line -------------------------------------------------------------------------------


def test_cli_import_and_trial_balance(vfo_demo):
    vfo = vfo_demo
    from sqlalchemy import text
    with vfo.engine.connect() as conn:
        number = conn.execute(text("SELECT number FROM client ORDER BY id LIMIT 1")).scalar()
    done = vfo("import-xaf", str(BANANA), "--client", number, "--json",
               "--accept-other-company")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {"ledger_accounts", "transactions", "lines", "debit_total", "credit_total",
            "opening_balance_lines", "fiscal_year", "warnings"} <= set(report)
    assert report["lines"] == 121
    with vfo.engine.connect() as conn:
        sources = conn.execute(text("SELECT DISTINCT source FROM ledgerimport")).scalars().all()
    assert sorted(sources) == ["cli", "demo"]  # the demo seed's import and this one
    tb = vfo("trial-balance", "--client", number, "--year", "2018", "--json")
    assert tb.returncode == 0, tb.stderr
    assert sum(r["closing_cents"] for r in json.loads(tb.stdout)["rows"]) == 0
    refused = vfo("import-xaf", str(OFFICIAL), "--client", number)
    assert refused.returncode == 1 and "niet in evenwicht" in refused.stdout + refused.stderr


def test_copy_text_reads_back_as_the_lines(monkeypatch):
    """The lines' CSV for PostgreSQL's COPY (the %-format, or the csv module for a batch with
    a double quote or a missing value) reads back as the same values."""
    import csv

    from vfo_app.domain.xaf import importer
    from vfo_app.domain.xaf.importer import _csv

    plain = [("1000", "M1", "M", "17", "2024-03-15", 3, "Regel, met komma\nen regel", 12345,
              False), ("8000", "", "", "", "2024-01-01", 0, "", -12345, True)]
    odd = [("1000", "M1", "M", "17", "2024-03-15", 3, 'Factuur "3"', 1, False),
           ("2000", "O", "O", "1", None, 0, "None", -1, True)]
    for rows in (plain, odd, plain + odd):
        text = _csv(list(rows), 7)
        back = list(csv.reader(io.StringIO(text)))
        assert back == [["7", *("" if v is None else str(v) for v in row)] for row in rows]
    assert _csv(list(plain), 7).count("\n") == 3  # the newline inside a quoted description
    monkeypatch.setattr(importer.csv, "writer", None)  # plain lines never need the module
    assert list(csv.reader(io.StringIO(_csv(list(plain), 7))))[1][8] == "-12345"
