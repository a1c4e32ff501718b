"""What the file tells beyond its ledger: customers and suppliers on the lines classify an
account, and the company in a CLAIR 2.00 header (companyID, taxRegistrationNr) is checked
against the client like the company of an XAF file."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from tests.integration.test_xaf_checks import by_code, make_client, run
from vfo_app.domain.models import LedgerAccount, LedgerImport
from vfo_app.domain.xaf.ledger import parties_on_lines

CLAIR = Path(__file__).parents[1] / "fixtures" / "xaf" / "clair200.xml"


def _xaf_with_parties() -> bytes:
    """XAF 3.2: two customers, a supplier; 1400 and 1500 say nothing in their description."""
    accounts = {"1000": ("Kas", "B"), "1400": ("Rekening 1400", "B"),
                "1500": ("Rekening 1500", "B"), "1700": ("Rekening 1700", "B"),
                "1800": ("Rekening 1800", "B"), "1900": ("Debiteuren oud", "B"),
                "8000": ("Rekening 8000", "P")}
    ledger = "".join(f"<ledgerAccount><accID>{a}</accID><accDesc>{d}</accDesc><accTp>{t}"
                     "</accTp></ledgerAccount>" for a, (d, t) in accounts.items())
    parties = "".join(
        f"<customerSupplier><custSupID>{i}</custSupID><custSupName>{n}</custSupName>"
        f"<custSupTp>{t}</custSupTp></customerSupplier>"
        for i, n, t in (("K1", "Klant een", "C"), ("K2", "Klant twee", "C"),
                        ("L1", "Leverancier", "S")))

    def line(acc: str, cents: int, party: str = "") -> str:
        kind = "D" if cents >= 0 else "C"
        cs = f"<custSupID>{party}</custSupID>" if party else ""
        return (f"<trLine><nr>1</nr><accID>{acc}</accID><docRef>x</docRef><effDate>2019-03-01"
                f"</effDate><amnt>{abs(cents) / 100:.2f}</amnt><amntTp>{kind}</amntTp>{cs}"
                "</trLine>")

    txs = [
        # sales on 1400 (customers on every line) and payments from customers on 1000
        *[[("1400", 10000, k), ("8000", -10000, k)] for k in ("K1", "K1", "K2")],
        [("1000", 5000, "K1"), ("1400", -5000, "K1")],
        # purchases on 1500 (a supplier on two of its three lines)
        [("1500", -3000, "L1"), ("1000", 3000, "")],
        [("1500", -2000, "L1"), ("1000", 2000, "")],
        [("1500", 1000, ""), ("1000", -1000, "")],
        # 1700: customers and a supplier on its lines; 1800: a customer on one line of three
        [("1700", 100, "K1"), ("1700", -100, "L1")],
        [("1800", 100, "K2"), ("1000", -100, "")],
        [("1800", 100, ""), ("1000", -100, "")], [("1800", 100, ""), ("1000", -100, "")],
        # 1900 says Debiteuren itself; a supplier on its lines does not change that
        [("1900", 700, "L1"), ("1000", -700, "")],
    ]
    body = "".join(f"<transaction><nr>{i}</nr><desc>b</desc><periodNumber>3</periodNumber>"
                   f"<trDt>2019-03-01</trDt>" + "".join(line(*ln) for ln in tx)
                   + "</transaction>" for i, tx in enumerate(txs, 1))
    return ('<?xml version="1.0" encoding="UTF-8"?><auditfile xmlns="http://www.auditfiles.nl/'
            'XAF/3.2"><header><fiscalYear>2019</fiscalYear><startDate>2019-01-01</startDate>'
            '<endDate>2019-12-31</endDate><curCode>EUR</curCode><softwareDesc>Testboek'
            '</softwareDesc><softwareVersion>1</softwareVersion></header><company>'
            '<companyIdent>12345678</companyIdent><companyName>Tulp en Zonen BV</companyName>'
            '<taxRegistrationCountry>NL</taxRegistrationCountry><taxRegIdent/>'
            f'<customersSuppliers>{parties}</customersSuppliers><generalLedger>{ledger}'
            '</generalLedger><transactions><journal><jrnID>M</jrnID><desc>Memoriaal</desc>'
            f'<jrnTp>M</jrnTp>{body}</journal></transactions></company></auditfile>').encode()


def test_customers_and_suppliers_on_the_lines_classify_an_account(db, office_admin, tmp_path):
    cid = make_client(db, office_admin)
    report = run(db, office_admin, cid, tmp_path, _xaf_with_parties())
    assert report.ok, (report.errors, report.checks)
    accounts = {a.account_id: a for a in db.exec(select(LedgerAccount)).all()}

    def said(acc: str) -> tuple[str, str, str]:
        a = accounts[acc]
        return a.category, a.classified_by, a.classification_basis

    # the customer on most of 1400's lines is named (K1: three of its four lines)
    assert said("1400") == ("debiteuren", "regels", "boekingen met klant K1")
    assert said("1500") == ("crediteuren", "regels", "boekingen met leverancier L1")
    # customers and a supplier on one account: no evidence, the account type decides
    assert said("1700")[1] == "acctp" and said("1700")[0] != "debiteuren"
    # a customer on one line of three is too little
    assert said("1800")[1] == "acctp"
    # a profit-and-loss account stays one, customers on its lines or not
    assert accounts["8000"].section == "P" and said("8000")[1] == "acctp"
    # the description is stronger evidence than the lines
    assert said("1900") == ("debiteuren", "omschrijving", "omschrijving 'Debiteuren'")


def test_evidence_from_lines_needs_one_kind_on_half_the_lines():
    kinds = {"K1": "klant", "K2": "klant", "L1": "leverancier"}
    assert parties_on_lines(kinds, {"1400": {"K1": 3, "K2": 1}}, {"1400": 8}) == {
        "1400": ("klant", "K1")}
    assert parties_on_lines(kinds, {"1400": {"K1": 3, "K2": 1}}, {"1400": 9}) == {}
    assert parties_on_lines(kinds, {"1400": {"K1": 3, "L1": 1}}, {"1400": 4}) == {}
    # ids the file does not list as customer or supplier say nothing
    assert parties_on_lines(kinds, {"1400": {"X9": 5}}, {"1400": 5}) == {}
    # equal counts: the first id in order, so the basis is the same on every import
    assert parties_on_lines({**kinds, "L2": "leverancier"}, {"1600": {"L2": 2, "L1": 2}},
                            {"1600": 4}) == {"1600": ("leverancier", "L1")}


def _clair(company_id: str, vat: str, name: str = "Oud Papier VOF") -> bytes:
    data = CLAIR.read_bytes()
    return (data.replace(b"<companyID>Oud Papier</companyID>",
                         f"<companyID>{company_id}</companyID>".encode())
            .replace(b"<taxRegistrationNr>NL009876543B01</taxRegistrationNr>",
                     f"<taxRegistrationNr>{vat}</taxRegistrationNr>".encode())
            .replace(b"<companyName>Oud Papier VOF</companyName>",
                     f"<companyName>{name}</companyName>".encode()))


def test_clair_header_company_id_is_checked_as_the_kvk(db, office_admin, tmp_path):
    cid = make_client(db, office_admin, name="Oud Papier VOF", kvk="12345678")
    other = run(db, office_admin, cid, tmp_path, _clair("87654321", "", "Oud Papier VOF"))
    check = by_code(other)["company_mismatch"]
    assert not other.ok and check["status"] == "error" and check["file_kvk"] == "87654321"
    assert db.exec(select(LedgerImport)).first() is None  # nothing imported
    same = run(db, office_admin, cid, tmp_path, _clair("KvK 1234 5678", "", "Iets anders"))
    assert same.ok and by_code(same)["company_mismatch"]["status"] == "ok"
    assert "KvK-nummer 12345678" in by_code(same)["company_mismatch"]["message"]


def test_clair_header_btw_number_when_the_company_id_is_no_kvk(db, office_admin, tmp_path):
    cid = make_client(db, office_admin, name="Oud Papier VOF", kvk="12345678",
                      vat="NL004495445B01")
    # EekBoek writes its administration code as companyID: not a KvK, so the BTW number counts
    wrong = run(db, office_admin, cid, tmp_path, _clair("ADM1", "NL001112223B01"))
    check = by_code(wrong)["company_mismatch"]
    assert not wrong.ok and check["status"] == "error" and check["file_vat"] == "NL001112223B01"
    right = run(db, office_admin, cid, tmp_path, _clair("ADM1", "NL 0044.95445.B01", "X BV"))
    assert right.ok
    assert "btw-nummer NL004495445B01" in by_code(right)["company_mismatch"]["message"]


def test_an_administration_code_as_company_ident_is_no_kvk(db, office_admin, tmp_path):
    """Exact writes companyIdent 1: the name decides, no false alarm."""
    from tests.integration.test_xaf_checks import monthly, xaf

    cid = make_client(db, office_admin)
    report = run(db, office_admin, cid, tmp_path, xaf(kvk="1", txs=monthly(2019)))
    check = by_code(report)["company_mismatch"]
    assert report.ok and check["status"] == "ok" and "naam" in check["message"]


def test_odd_text_and_a_missing_date_arrive_as_written(db, office_admin, tmp_path):
    """Quotes, commas, backslashes, tabs and line breaks in a description, an empty journal
    id and an opening balance without any date reach the ledger unchanged (COPY as CSV on
    PostgreSQL, JSON on SQLite)."""
    from vfo_app.domain.models import LedgerLine

    odd = 'Factuur "12", a\\b\ttab\nregel twee; €'
    data = ('<?xml version="1.0" encoding="UTF-8"?><auditfile xmlns="http://www.auditfiles.nl/'
            'XAF/3.2"><header><fiscalYear>2019</fiscalYear></header><company><companyIdent>'
            '12345678</companyIdent><companyName>Tulp en Zonen BV</companyName>'
            '<generalLedger><ledgerAccount><accID>1000</accID><accDesc>Kas</accDesc><accTp>B'
            '</accTp></ledgerAccount></generalLedger><openingBalance><obLine><nr>1</nr><accID>'
            '1000</accID><amnt>0.00</amnt><amntTp>D</amntTp></obLine></openingBalance>'
            '<transactions><journal><jrnID></jrnID><jrnTp>M</jrnTp><transaction><nr>1</nr>'
            '<periodNumber>3</periodNumber><trDt>2019-03-01</trDt><trLine><nr>1</nr><accID>1000'
            f'</accID><desc>{odd.replace("&", "&amp;")}</desc><amnt>1.00</amnt><amntTp>D'
            '</amntTp></trLine><trLine><nr>2</nr><accID>1000</accID><desc></desc><amnt>1.00'
            '</amnt><amntTp>C</amntTp></trLine></transaction></journal></transactions>'
            '</company></auditfile>').encode()
    cid = make_client(db, office_admin)
    report = run(db, office_admin, cid, tmp_path, data)
    assert report.ok, (report.errors, report.checks)
    lines = db.exec(select(LedgerLine).order_by(LedgerLine.id)).all()
    assert [(x.description, x.journal_id, x.entry_date, x.amount_cents) for x in lines] == [
        ("Beginbalans", "", None, 0), (odd, "", lines[1].entry_date, 100), ("", "", lines[
            1].entry_date, -100)]
    assert str(lines[1].entry_date) == "2019-03-01" and lines[0].period == 0
