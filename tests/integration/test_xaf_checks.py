"""The checks every import runs before the client sees new figures: each code on a small
auditfile written for it, a company mismatch refusing until confirmed (also on the command
line), and years imported in any order compared with each other."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import func, select

from tests.integration.test_xaf_import import give_service
from vfo_app.domain.advisor.clients import ClientInput, client_form_defaults, create_client
from vfo_app.domain.models import LedgerImport, LedgerLine
from vfo_app.domain.xaf.checks import CODES
from vfo_app.domain.xaf.importer import import_auditfile, trial_balance

NAME, KVK = "Tulp en Zonen BV", "12345678"
ACCOUNTS = {"1000": ("Kas", "B"), "1100": ("Debiteuren", "B"), "1600": ("Crediteuren", "B"),
            "0500": ("Eigen vermogen", "B"), "2000": ("Kruisposten", "B"),
            "8000": ("Omzet", "P"), "4000": ("Huur", "P")}


def xaf(year: int = 2019, *, company: str = NAME, kvk: str = KVK, vat: str = "",
        opening: dict[str, int] | None = None, txs: list[tuple[str, list[tuple[str, int]]]] = (),
        controls: tuple[int, str, str] | None = None) -> bytes:
    """A small XAF 3.2 file: amounts in cents, debit positive; txs = [(date, [(acc, cents)])]."""
    def line(acc: str, cents: int, tag: str) -> str:
        kind = "D" if cents >= 0 else "C"
        return (f"<{tag}><nr>1</nr><accID>{acc}</accID><amnt>{abs(cents) / 100:.2f}</amnt>"
                f"<amntTp>{kind}</amntTp></{tag}>")
    ledger = "".join(f"<ledgerAccount><accID>{a}</accID><accDesc>{d}</accDesc><accTp>{t}"
                     f"</accTp></ledgerAccount>" for a, (d, t) in ACCOUNTS.items())
    ob = ""
    if opening:
        ob = (f"<openingBalance><opBalDate>{year}-01-01</opBalDate>"
              + "".join(line(a, c, "obLine") for a, c in opening.items()) + "</openingBalance>")
    ctl = (f"<linesCount>{controls[0]}</linesCount><totalDebit>{controls[1]}</totalDebit>"
           f"<totalCredit>{controls[2]}</totalCredit>") if controls else ""
    body = "".join(
        f"<transaction><nr>{i}</nr><desc>b</desc><periodNumber>{int(d[5:7])}</periodNumber>"
        f"<trDt>{d}</trDt>" + "".join(line(a, c, "trLine") for a, c in lines) + "</transaction>"
        for i, (d, lines) in enumerate(txs, 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><auditfile xmlns="http://www.auditfiles.nl/'
            f'XAF/3.2"><header><fiscalYear>{year}</fiscalYear><startDate>{year}-01-01'
            f'</startDate><endDate>{year}-12-31</endDate><curCode>EUR</curCode>'
            f'<softwareDesc>Testboek</softwareDesc><softwareVersion>1</softwareVersion>'
            f'</header><company><companyIdent>{kvk}</companyIdent><companyName>{company}'
            f'</companyName><taxRegistrationCountry>NL</taxRegistrationCountry><taxRegIdent>'
            f'{vat}</taxRegIdent><generalLedger>{ledger}</generalLedger>{ob}<transactions>'
            f'{ctl}<journal><jrnID>M</jrnID><desc>Memoriaal</desc><jrnTp>M</jrnTp>{body}'
            f'</journal></transactions></company></auditfile>').encode()


def monthly(year: int, months=range(1, 13), amount: int = 10000) -> list:
    """A sale in cash each month."""
    return [(f"{year}-{m:02d}-15", [("1000", amount), ("8000", -amount)]) for m in months]


def make_client(db, actor, *, name: str = NAME, kvk: str = KVK, vat: str = "") -> int:
    data = ClientInput(**{**client_form_defaults(db, actor), "number": "TUL", "name": name,
                          "kvk_number": kvk, "legal_form": "BV", "vat_number": vat,
                          "account_manager_id": str(actor.identity_id),
                          "contact_first_name": "A", "contact_last_name": "B"})
    client = create_client(db, actor, data)
    db.commit()
    give_service(db, actor, client.id, actor.identity_id)
    return client.id


def run(db, actor, cid, tmp_path, data: bytes, name: str = "f.xaf", **kw):
    path = tmp_path / name
    path.write_bytes(data)
    report = import_auditfile(db, actor, cid, path, **kw)
    db.commit()
    return report


def by_code(report) -> dict[str, dict]:
    return {c["code"]: c for c in report.checks}


def test_a_clean_file_passes_every_check(db, office_admin, tmp_path):
    cid = make_client(db, office_admin)
    report = run(db, office_admin, cid, tmp_path, xaf(txs=monthly(2019)))
    assert report.ok
    checks = by_code(report)
    assert set(checks) == set(CODES)
    assert {c["status"] for c in report.checks} == {"ok"}, report.checks
    assert all(c["message"] for c in report.checks)
    assert "Geboekt t/m 15-12-2019" in checks["periods_complete"]["message"]
    imp = db.exec(select(LedgerImport)).one()
    assert imp.checks == report.checks
    assert str(imp.last_booking_date) == "2019-12-15" == report.last_booking_date


def test_company_mismatch_refuses_until_accepted(db, office_admin, tmp_path):
    cid = make_client(db, office_admin)
    first = run(db, office_admin, cid, tmp_path, xaf(txs=monthly(2019)))
    other = xaf(company="Toro Rosso BV", kvk="87654321", txs=monthly(2019, amount=99900))
    refused = run(db, office_admin, cid, tmp_path, other)
    check = by_code(refused)["company_mismatch"]
    assert not refused.ok and check["status"] == "error"
    assert "Toro Rosso BV (KvK 87654321)" in check["message"] and NAME in check["message"]
    # nothing of the file: the old figures stand
    assert db.exec(select(LedgerImport)).one().debit_total_cents == first.debit_total_cents
    accepted = run(db, office_admin, cid, tmp_path, other, accept_other_company=True)
    check = by_code(accepted)["company_mismatch"]
    assert accepted.ok and check["status"] == "warning" and check["accepted"]
    assert "toch ingelezen" in check["message"]
    assert db.exec(select(LedgerImport)).one().debit_total_cents == 12 * 99900


def test_company_found_by_vat_number_or_name(db, office_admin, tmp_path):
    cid = make_client(db, office_admin, kvk="11112222", vat="NL004495445B01")
    by_vat = run(db, office_admin, cid, tmp_path,
                 xaf(kvk="", vat="NL 0044.95445.B01", company="Iets anders", txs=monthly(2019)))
    assert by_code(by_vat)["company_mismatch"]["status"] == "ok"
    by_name = run(db, office_admin, cid, tmp_path,
                  xaf(kvk="", company="Tulp en Zonen B.V.", txs=monthly(2019)))
    assert by_code(by_name)["company_mismatch"]["status"] == "ok"
    nothing = run(db, office_admin, cid, tmp_path, xaf(kvk="", company="", txs=monthly(2019)))
    assert by_code(nothing)["company_mismatch"]["status"] == "warning"


def test_unbalanced_transaction_and_control_totals_are_warnings(db, office_admin, tmp_path):
    cid = make_client(db, office_admin)
    txs = [*monthly(2019), ("2019-06-01", [("1000", 500)]), ("2019-06-02", [("8000", -500)])]
    report = run(db, office_admin, cid, tmp_path, xaf(txs=txs, controls=(99, "1.00", "2.00")))
    checks = by_code(report)
    assert report.ok
    assert checks["balance"]["status"] == "warning" and checks["balance"]["unbalanced"] == 2
    assert checks["control_totals"]["status"] == "warning"
    assert "linesCount" in checks["control_totals"]["message"]
    right = run(db, office_admin, cid, tmp_path, xaf(txs=monthly(2019), controls=(24, "1200.00",
                                                                                 "1200.00")))
    assert by_code(right)["control_totals"] == {
        "code": "control_totals", "status": "ok",
        "message": "De controletotalen in het bestand kloppen."}


def test_missing_months_and_last_booking_date(db, office_admin, tmp_path):
    cid = make_client(db, office_admin)
    report = run(db, office_admin, cid, tmp_path, xaf(txs=monthly(2019, [1, 2, 4, 5])))
    check = by_code(report)["periods_complete"]
    assert check["status"] == "warning" and check["missing_months"] == ["maart 2019"]
    assert check["last_booking_date"] == "2019-05-15"
    assert "Geboekt t/m 15-05-2019" in check["message"]


def test_suspense_and_unusual_signs(db, office_admin, tmp_path):
    cid = make_client(db, office_admin)
    txs = [("2019-01-10", [("2000", 700), ("8000", -700)]),        # kruispost left open
           ("2019-02-10", [("4000", 5000), ("1000", -5000)]),      # cash below zero
           ("2019-03-10", [("8000", 300), ("1100", -300)]),        # debtors in credit
           ("2019-04-10", [("1600", 200), ("8000", -200)])]        # creditors in debit
    report = run(db, office_admin, cid, tmp_path, xaf(txs=txs))
    checks = by_code(report)
    assert checks["suspense_accounts"]["status"] == "warning"
    assert "2000 Kruisposten" in checks["suspense_accounts"]["message"]
    sign = checks["unusual_sign"]
    assert sign["status"] == "warning"
    for part in ("debiteuren met een creditsaldo: 1100", "crediteuren met een debetsaldo: 1600",
                 "negatieve liquide middelen: 1000"):
        assert part in sign["message"], sign["message"]


def _year(year: int, opening: dict[str, int], sales: int) -> bytes:
    return xaf(year, opening=opening, txs=monthly(year, amount=sales))


def test_years_in_any_order_and_continuity_compares_correctly(db, office_admin, tmp_path):
    """2019 first, then 2018: the 2018 import compares 2019's opening with 2018's closing
    (the result carried to equity is no difference; a wrong cash figure is)."""
    cid = make_client(db, office_admin)
    open18 = {"1000": 50000, "0500": -50000}
    # 2018 closes with cash 500 + 12 * 100 = 1700.00 and a result of 1200.00
    good19 = {"1000": 170000, "0500": -170000}
    bad19 = {"1000": 160000, "0500": -160000}
    alone = run(db, office_admin, cid, tmp_path, _year(2019, bad19, 20000), "2019.xaf")
    assert by_code(alone)["opening_balance_continuity"]["status"] == "ok"
    r18 = run(db, office_admin, cid, tmp_path, _year(2018, open18, 10000), "2018.xaf")
    check = by_code(r18)["opening_balance_continuity"]
    assert check["status"] == "warning", check
    diffs = {d["account_id"]: d["difference_cents"] for d in check["differences"]}
    # cash 100.00 short; equity got 1100.00 more credit, not the result of 1200.00
    assert diffs == {"1000": -10000, "0500": -110000}
    assert "Beginbalans 2019 tegen eindbalans 2018" in check["message"]
    stored19 = db.exec(select(LedgerImport).where(LedgerImport.year == 2019)).one()
    assert {c["code"]: c for c in stored19.checks}["opening_balance_continuity"]["status"] \
        == "warning"
    # the right 2019 replaces the wrong one in one go, and then everything joins up
    r19 = run(db, office_admin, cid, tmp_path, _year(2019, good19, 20000), "2019.xaf")
    assert by_code(r19)["opening_balance_continuity"]["status"] == "ok", r19.checks
    assert "sluit aan" in by_code(r19)["opening_balance_continuity"]["message"]
    assert db.exec(select(func.count()).select_from(LedgerImport)).one() == 2
    years = {r.account_id: r.closing_cents for r in trial_balance(db, office_admin, cid, 2019)}
    assert years["1000"] == 170000 + 12 * 20000
    imp19 = db.exec(select(LedgerImport).where(LedgerImport.year == 2019)).one()
    assert db.exec(select(func.count()).select_from(LedgerLine)
                   .where(LedgerLine.import_id == imp19.id)).one() == 24 + 2


def test_cli_refuses_another_company_without_the_flag(tmp_path, vfo_demo):
    vfo = vfo_demo
    path = Path(tmp_path) / "toro.xaf"
    path.write_bytes(xaf(2021, company="Toro Rosso BV", kvk="87654321", txs=monthly(2021)))
    refused = vfo("import-xaf", str(path), "--client", "BSE", "--json")
    assert refused.returncode == 1, refused.stderr
    report = json.loads(refused.stdout)
    check = {c["code"]: c for c in report["checks"]}["company_mismatch"]
    assert not report["ok"] and check["status"] == "error" and "Toro Rosso BV" in check["message"]
    assert "2021" not in vfo("trial-balance", "--client", "BSE", "--year", "2021").stdout
    assert vfo("trial-balance", "--client", "BSE", "--year", "2021").returncode != 0
    text = vfo("import-xaf", str(path), "--client", "BSE")
    assert text.returncode == 1 and "--accept-other-company" in text.stdout
    done = vfo("import-xaf", str(path), "--client", "BSE", "--json", "--accept-other-company")
    assert done.returncode == 0, done.stdout + done.stderr
    assert {c["code"]: c for c in json.loads(done.stdout)["checks"]}["company_mismatch"][
        "status"] == "warning"
    assert vfo("trial-balance", "--client", "BSE", "--year", "2021").returncode == 0
