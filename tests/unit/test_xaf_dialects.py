"""Every version and dialect through the one reader, fuzzed.

Random balanced ledgers are written as XAF 4.0, 3.2, 3.1 and CLAIR 2.00, each with what real
exports do drawn at random (negative amounts with the side turned, zero amounts without
amntTp, 0 or 1 decimals, zero-padded or missing period numbers, CLAIR credits written
negative, no XML declaration); the reader must give back exactly the generated figures. The
version fixtures are also truncated and damaged at any point: only XafRefused may come out."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vfo_app.domain.xaf.reader import NS_40, XafRefused, read_all

FIXTURES = Path(__file__).parent.parent / "fixtures" / "xaf"
VERSION_FILES = [(FIXTURES / n).read_bytes() for n in ("xaf40_small.xaf", "clair200.xml",
                                                       "xaf32_lenient.xaf")]
NAMESPACES = {"4.0": NS_40, "3.2": "http://www.auditfiles.nl/XAF/3.2",
              "3.1": "http://www.auditfiles.nl/XAF/3.1"}
ACCOUNTS = ("0100", "1000", "4000", "8000")
FUZZ = settings(max_examples=80, deadline=3000, suppress_health_check=[HealthCheck.too_slow])


def euros(cents: int, decimals: int) -> str:
    """Unsigned cents as text with 0, 1 or 2 decimals, where that loses nothing."""
    whole, frac = divmod(cents, 100)
    if decimals == 0 and frac == 0:
        return str(whole)
    if decimals == 1 and frac % 10 == 0:
        return f"{whole}.{frac // 10}"
    return f"{whole}.{frac:02d}"


@st.composite
def ledgers(draw):
    """[(period style, [(account, signed cents, style)])], every transaction balanced."""
    transactions = []
    for _ in range(draw(st.integers(1, 6))):
        amounts = draw(st.lists(st.integers(-10**9, 10**9), min_size=1, max_size=4))
        amounts.append(-sum(amounts))
        lines = [(draw(st.sampled_from(ACCOUNTS)), c, draw(st.integers(0, 7))) for c in amounts]
        transactions.append((draw(st.sampled_from(["1", "01", "003", None])), lines))
    return transactions


def xaf_line(account: str, cents: int, style: int) -> str:
    if cents == 0 and style % 2:
        amount, side = euros(0, style % 3), ""  # zero without amntTp
    elif style >= 6:  # negative amount, the side turned
        amount, side = "-" + euros(abs(cents), style % 3), "C" if cents > 0 else "D"
    else:
        amount, side = euros(abs(cents), style % 3), "D" if cents >= 0 else "C"
    kind = f"<amntTp>{side}</amntTp>" if side else ""
    return (f"<trLine><nr>1</nr><accID>{account}</accID><docRef>x</docRef><effDate>2024-02-03"
            f"</effDate><amnt>{amount}</amnt>{kind}</trLine>")


def clair_line(account: str, cents: int, style: int) -> str:
    debit = euros(cents, style % 3) if cents > 0 else "0.00"
    credit = euros(-cents, style % 3) if cents < 0 else "0.00"
    if cents < 0 and style >= 4:
        credit = "-" + credit
    return (f"<line><accountID>{account}</accountID><effectiveDate>2024-02-03</effectiveDate>"
            f"<debitAmount>{debit}</debitAmount><creditAmount>{credit}</creditAmount></line>")


def render(version: str, ledger, declaration: bool) -> bytes:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n' if declaration else ""
    if version == "CLAIR":
        txs = "".join(
            f"<transaction><transactionID>{i}</transactionID><description>t</description>"
            + (f"<period>{p}</period>" if p else "")
            + "<transactionDate>2024-02-03</transactionDate>"
            + "".join(clair_line(*line) for line in lines) + "</transaction>"
            for i, (p, lines) in enumerate(ledger))
        return (f"{head}<auditfile><header><auditfileVersion>CLAIR2.00.00</auditfileVersion>"
                "<companyName>F</companyName><fiscalYear>2024</fiscalYear><startDate>2024-01-01"
                "</startDate><endDate>2024-12-31</endDate><currencyCode>EUR</currencyCode>"
                "</header><generalLedger>"
                + "".join(f"<ledgerAccount><accountID>{a}</accountID><accountDesc>r</accountDesc>"
                          "<accountType>Assets</accountType></ledgerAccount>" for a in ACCOUNTS)
                + "</generalLedger><transactions><journal><journalID>M</journalID><description>"
                f"m</description><type>M</type>{txs}</journal></transactions></auditfile>"
                ).encode()
    txs = "".join(
        f"<transaction><nr>{i}</nr><desc>t</desc>"
        + (f"<periodNumber>{p}</periodNumber>" if p else "")
        + "<trDt>2024-02-03</trDt>" + "".join(xaf_line(*line) for line in lines)
        + "</transaction>" for i, (p, lines) in enumerate(ledger))
    return (f'{head}<auditfile xmlns="{NAMESPACES[version]}"><header><fiscalYear>2024'
            "</fiscalYear><startDate>2024-01-01</startDate><endDate>2024-12-31</endDate>"
            "<curCode>EUR</curCode><softwareDesc>s</softwareDesc><softwareVersion>1"
            "</softwareVersion></header><company><companyName>F</companyName><generalLedger>"
            + "".join(f"<ledgerAccount><accID>{a}</accID><accDesc>r</accDesc><accTp>B</accTp>"
                      "</ledgerAccount>" for a in ACCOUNTS)
            + "</generalLedger><transactions><journal><jrnID>M</jrnID><desc>m</desc>"
            f"<jrnTp>M</jrnTp>{txs}</journal></transactions></company></auditfile>").encode()


@FUZZ
@given(st.sampled_from(["4.0", "3.2", "3.1", "CLAIR"]), ledgers(), st.booleans())
def test_every_version_gives_back_the_generated_figures(version, ledger, declaration):
    header, accounts, rows, summary = read_all(io.BytesIO(render(version, ledger, declaration)))
    assert header.xaf_version == ("CLAIR2.00" if version == "CLAIR" else version)
    assert [a.account_id for a in accounts] == list(ACCOUNTS)
    want, got = Counter(), Counter()
    for _, lines in ledger:
        for account, cents, _style in lines:
            want[account] += cents
    for row in rows:
        got[row["account_id"]] += row["amount_cents"]
        assert row["period"] == 2 or row["period"] in (1, 3)  # derived from 3 February
    assert +want == +got and -want == -got
    assert summary.transactions == len(ledger)
    assert summary.lines == sum(len(lines) for _, lines in ledger)
    assert summary.debit_cents == summary.credit_cents
    assert (summary.last_booking_date.isoformat() if summary.last_booking_date else None
            ) == "2024-02-03"


def must_end_cleanly(data: bytes) -> None:
    try:
        read_all(io.BytesIO(data))
    except XafRefused as exc:
        assert exc.problems and all(isinstance(p.what, str) and p.what for p in exc.problems)


@FUZZ
@given(st.sampled_from(VERSION_FILES), st.floats(0, 1))
def test_each_version_truncated_at_any_point(data, where):
    must_end_cleanly(data[:int(len(data) * where)])


@FUZZ
@given(st.sampled_from(VERSION_FILES), st.floats(0, 1), st.binary(min_size=1, max_size=16))
def test_each_version_damaged_at_any_point(data, where, junk):
    pos = int((len(data) - 1) * where)
    must_end_cleanly(data[:pos] + junk + data[pos + len(junk):])
