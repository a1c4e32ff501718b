"""Every version and dialect into the same ledger: XAF 4.0, 3.2 with what real exports do,
and CLAIR 2.00, each checked against an independent calculation.

The calculation is a plain ElementTree walk with Decimal amounts, written from the standards
and ../shared/xaf/README.md, not from the reader: CLAIR lines are debitAmount minus the size
of creditAmount; an XAF amount turns side with its sign; a zero amount may lack amntTp."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlmodel import func, select

from tests.integration.test_xaf_import import children as fields
from tests.integration.test_xaf_import import do_import, give_service, local, make_client
from vfo_app.domain.models import LedgerAccount, LedgerImport, LedgerLine, LedgerParty
from vfo_app.domain.xaf.importer import import_auditfile, result_cents, trial_balance

FIXTURES = Path(__file__).parent.parent / "fixtures" / "xaf"
XAF40 = FIXTURES / "xaf40_small.xaf"
XAF31 = FIXTURES / "xaf31_small.xaf"
XSD31 = FIXTURES / "AuditfileFinancieelVersie3.1.xsd"
CLAIR = FIXTURES / "clair200.xml"
LENIENT = FIXTURES / "xaf32_lenient.xaf"
PROFIT_LOSS_TYPES = {"p", "expenses", "income", "revenue"}


@pytest.fixture
def client_id(db, office_admin) -> int:
    cid = make_client(db, office_admin, "VER")
    give_service(db, office_admin, cid, office_admin.identity_id)
    return cid


# --- the independent calculation ----------------------------------------------------------


def signed(f: dict[str, str]) -> Decimal:
    if "debitAmount" in f or "creditAmount" in f:  # CLAIR
        return Decimal(f.get("debitAmount") or 0) - abs(Decimal(f.get("creditAmount") or 0))
    amount = Decimal(f["amnt"])
    if not f.get("amntTp"):
        assert amount == 0
        return Decimal(0)
    return amount if f["amntTp"] == "D" else -amount


def expected(path: Path) -> dict:
    root = ET.parse(path).getroot()
    every = list(root.iter())
    clair = any(local(e.tag) == "auditfileVersion" and e.text.startswith("CLAIR") for e in every)
    accounts = {}
    for el in (e for e in every if local(e.tag) == "ledgerAccount"):
        f = fields(el)
        accounts[f.get("accID") or f["accountID"]] = (f.get("accTp") or f["accountType"]).lower()
    opening, debit, credit = defaultdict(Decimal), defaultdict(Decimal), defaultdict(Decimal)
    ob_lines = [fields(e) for e in every if local(e.tag) == "obLine"]
    for f in ob_lines:
        opening[f["accID"]] += signed(f)
    lines = transactions = opening_lines = 0
    last = None
    for journal in (e for e in every if local(e.tag) == "journal"):
        jf = fields(journal)
        for tx in (c for c in journal if local(c.tag) == "transaction"):
            tf = fields(tx)
            transactions += 1
            period = tf.get("periodNumber", tf.get("period"))
            is_opening = period == "0" and (clair or jf.get("jrnTp") == "O")
            day = date.fromisoformat(tf.get("trDt") or tf["transactionDate"])
            if not is_opening:
                last = max(last or day, day)
            for line in (c for c in tx if local(c.tag) in ("trLine", "line")):
                lines += 1
                f = fields(line)
                acc, amount = f.get("accID") or f["accountID"], signed(f)
                if is_opening:
                    assert not ob_lines
                    opening_lines += 1
                    opening[acc] += amount
                elif amount > 0:
                    debit[acc] += amount
                else:
                    credit[acc] -= amount
    return {"accounts": accounts, "opening": opening, "debit": debit, "credit": credit,
            "lines": lines, "transactions": transactions, "last": last,
            "opening_lines": len(ob_lines) or opening_lines}


def cents(amount: Decimal) -> int:
    return int(amount * 100)


def check_against_independent(db, actor, cid, path: Path, year: int, report) -> dict:
    exp = expected(path)
    assert report.ok, report.errors
    assert report.ledger_accounts == len(exp["accounts"])
    assert (report.transactions, report.lines) == (exp["transactions"], exp["lines"])
    assert report.opening_balance_lines == exp["opening_lines"]
    # the report's totals count every line, the opening transactions too
    all_lines = [*exp["debit"].values(), *exp["credit"].values()]
    assert report.debit_total_cents == report.credit_total_cents
    assert report.debit_total_cents >= cents(sum(all_lines)) // 2
    rows = {r.account_id: r for r in trial_balance(db, actor, cid, year)}
    used = set(exp["opening"]) | set(exp["debit"]) | set(exp["credit"])
    assert set(rows) == used
    for acc in used:
        r = rows[acc]
        assert r.opening_cents == cents(exp["opening"][acc]), acc
        assert r.debit_cents == cents(exp["debit"][acc]), acc
        assert r.credit_cents == cents(exp["credit"][acc]), acc
    pl = {a for a, t in exp["accounts"].items() if t in PROFIT_LOSS_TYPES}
    profit = -sum(exp["opening"][a] + exp["debit"][a] - exp["credit"][a] for a in pl)
    assert result_cents(list(rows.values())) == cents(profit)
    assert sum(r.closing_cents for r in rows.values()) == 0
    imp = db.exec(select(LedgerImport).where(LedgerImport.client_id == cid,
                                             LedgerImport.year == year)).one()
    assert imp.last_booking_date == exp["last"]
    return {"import": imp, "result": cents(profit)}


def parties(db, imp) -> dict[str, tuple]:
    return {p.party_id: (p.name, p.kind, p.opening_cents, p.closing_cents) for p in db.exec(
        select(LedgerParty).where(LedgerParty.import_id == imp.id))}


# --- XAF 4.0 ----------------------------------------------------------------------------------


def test_xaf_40_matches_the_independent_calculation(db, office_admin, client_id):
    report = do_import(db, office_admin, client_id, XAF40)
    got = check_against_independent(db, office_admin, client_id, XAF40, 2026, report)
    assert report.xaf_version == "4.0" and report.company_name == "Vier Nul BV"
    assert got["result"] == 121000 and report.warnings == []
    imp = got["import"]
    assert (imp.currency, imp.software, imp.software_version) == ("EUR", "Testpakket", "4.0.1")
    # opBalDesc / clBalDesc hold amounts in 4.0, signed by opBalTp / clBalTp
    assert parties(db, imp) == {"K001": ("Klant Een BV", "klant", 33333, 154333),
                                "L001": ("Leverancier Een BV", "leverancier", -44444, 0),
                                "B001": ("Beide NV", "beide", None, None)}
    # RGScode reaches the account
    acc = db.exec(select(LedgerAccount).where(LedgerAccount.account_id == "1300")).one()
    assert acc.rgs_code_file == "BVorDebHad"


def test_reimport_replaces_the_parties(db, office_admin, client_id):
    assert do_import(db, office_admin, client_id, XAF40).ok
    assert do_import(db, office_admin, client_id, XAF40).ok
    assert db.exec(select(func.count()).select_from(LedgerParty)).one() == 3


# --- XAF 3.1 ----------------------------------------------------------------------------------


def test_the_31_fixture_is_valid_against_the_31_schema():
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(XSD31)))
    assert schema.validate(etree.parse(str(XAF31))), schema.error_log


def test_xaf_31_matches_the_independent_calculation(db, office_admin):
    from tests.integration.test_xaf_checks import make_client as client_with

    cid = client_with(db, office_admin, name="Drie Een BV", kvk="31313131")
    report = import_auditfile(db, office_admin, cid, XAF31, source="cli")
    db.commit()
    got = check_against_independent(db, office_admin, cid, XAF31, 2017, report)
    assert report.xaf_version == "3.1" and report.company_name == "Drie Een BV"
    assert (report.transactions, report.lines, report.ledger_accounts) == (5, 15, 9)
    assert report.debit_total == report.credit_total == "11207.50"
    # revenue 2000 + 1000, purchases 1500, rent 900 and a cash difference of 7.50
    assert got["result"] == 300000 - 150000 - 90000 - 750
    assert (report.opening_balance_source, report.opening_balance_lines) == ("obLine", 4)
    assert report.warnings == []
    checks = {c["code"]: c for c in report.checks}
    assert checks["company_mismatch"]["status"] == "ok"
    assert checks["control_totals"]["message"] == "De controletotalen in het bestand kloppen."
    # the file books quarterly: months without bookings before the last one are named
    assert checks["periods_complete"]["missing_months"][:2] == ["januari 2017", "maart 2017"]
    # RGS codes from 3.1's generalLedger/taxonomies; the file's own (quarter) periods kept
    accounts = {a.account_id: a for a in db.exec(select(LedgerAccount)).all()}
    assert (accounts["1300"].category, accounts["1300"].rgs_code_file) == ("debiteuren",
                                                                            "BVorDebHad")
    assert accounts["1600"].category == "crediteuren" and accounts["1000"].category == (
        "liquide_middelen")
    periods = dict(db.exec(select(LedgerLine.transaction_nr, LedgerLine.period)
                           .where(LedgerLine.is_opening == False)).all())
    assert periods == {"17001": 1, "17002": 3, "17501": 2, "17901": 2, "17902": 4}
    assert parties(db, got["import"]) == {"D1": ("Bakker en Zn", "klant", None, None),
                                          "C1": ("Groothandel Noord", "leverancier", None,
                                                 None)}


# --- CLAIR 2.00 -------------------------------------------------------------------------------


def test_clair_200_matches_the_independent_calculation(db, office_admin, client_id):
    report = do_import(db, office_admin, client_id, CLAIR)
    got = check_against_independent(db, office_admin, client_id, CLAIR, 2024, report)
    assert report.xaf_version == "CLAIR2.00" and report.company_name == "Oud Papier VOF"
    assert got["result"] == 100050 + 20000 - 25000
    assert report.opening_balance_lines == 2 and report.software == "EekBoek"
    imp = got["import"]
    assert imp.currency == "USD"
    assert any("USD" in w for w in report.warnings)
    assert any("negatief creditAmount" in w for w in report.warnings)
    assert any("periodenummer" in w for w in report.warnings)  # period 2024: the year
    assert parties(db, imp) == {"D100": ("Klant Papier", "klant", None, None),
                                "C200": ("Drukkerij", "leverancier", None, None)}
    # free-text account types: Expenses/Income are results, Assets/Liabilities balance
    kinds = dict(db.exec(select(LedgerAccount.account_id, LedgerAccount.account_type)).all())
    assert kinds == {"0100": "B", "1000": "B", "1200": "B", "4100": "P", "8000": "P"}
    # latin-1 text read right
    assert db.exec(select(LedgerLine.description).where(LedgerLine.account_id == "4100")
                   ).one() == "Drukwerk één"
    periods = dict(db.exec(select(LedgerLine.transaction_nr, LedgerLine.period)).all())
    assert periods == {"0": 0, "24001": 3, "24002": 5, "24101": 6}


# --- what real exports do ---------------------------------------------------------------------


def test_each_leniency_is_a_warning_not_a_refusal(db, office_admin, client_id):
    report = do_import(db, office_admin, client_id, LENIENT)
    got = check_against_independent(db, office_admin, client_id, LENIENT, 2024, report)
    assert got["result"] == 12150 - 2000 - 19542
    imp = got["import"]
    assert (imp.year, imp.start_date, imp.end_date) == (2024, date(2024, 1, 1),
                                                        date(2024, 12, 31))
    assert imp.currency == "GBP"
    text = "\n".join(report.warnings)
    for needle in ("endDate 2025-01-01", "fiscalYear '2023'", "GBP", "linesCount", "totalDebit",
                   "bedrag 0 zonder amntTp", "negatief bedrag", "periodenummer",
                   "vrije tekst", "meer dan eens"):
        assert needle in text, needle
    periods = dict(db.exec(select(LedgerLine.transaction_nr, LedgerLine.period)
                           .where(LedgerLine.is_opening == False)).all())
    assert periods == {"1": 1, "2": 2, "3": 3}  # "01", derived from 14 February, "003"


@pytest.mark.parametrize(("path", "old", "new", "element"), [
    (XAF40, b"<amnt>444.44</amnt><amntTp>D", b"<amnt>44x.44</amnt><amntTp>D", "amnt"),
    (XAF40, b"<amnt>1210.00</amnt><amntTp>D", b"<amnt>1210.00</amnt><amntTp>X", "amntTp"),
    (XAF40, b"<amnt>1210.00</amnt><amntTp>D</amntTp>",
     b"<amnt>1210.00</amnt><amntTp></amntTp>", "amntTp"),
    (CLAIR, b"<debitAmount>1000.50", b"<debitAmount>1OOO.50", "debitAmount"),
    (CLAIR, b"<creditAmount>200.0<", b"<creditAmount>20O.0<", "creditAmount"),
    (CLAIR, b"<transactionDate>2024-05-02", b"<transactionDate>2-5-2024", "transaction"),
    (LENIENT, b"<periodNumber>003", b"<periodNumber>drie", "transaction"),
])
def test_broken_files_are_refused_with_element_and_line(db, office_admin, client_id, path,
                                                        old, new, element):
    year = 2024 if path != XAF40 else 2026
    assert do_import(db, office_admin, client_id, path).ok
    before = [r.as_dict() for r in trial_balance(db, office_admin, client_id, year)]
    data = path.read_bytes()
    assert data.count(old) == 1
    report = do_import(db, office_admin, client_id, io.BytesIO(data.replace(old, new)))
    assert not report.ok
    assert report.errors[0]["element"] == element
    at = data.index(old) if element != "transaction" else data.rindex(b"<transaction>", 0,
                                                                          data.index(old))
    assert report.errors[0]["line"] == data[:at].count(b"\n") + 1
    assert [r.as_dict() for r in trial_balance(db, office_admin, client_id, year)] == before
