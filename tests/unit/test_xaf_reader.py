"""The streaming reader: namespaces, amounts, hostile and damaged files, fuzzing.

Every bad file must end in XafRefused with problems naming what and where; nothing else
may escape, and nothing may hang (hypothesis deadline)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vfo_app.domain.xaf.reader import XafReader, XafRefused, parse_cents, read_all

FIXTURES = Path(__file__).parent.parent / "fixtures" / "xaf"
BANANA = (FIXTURES / "BananaAccounting__Netherlands__auditfile_v3.2_nl_20180101_20181231.xaf"
          ).read_bytes()
EXACT = (FIXTURES / "koenderks__rxaf__ExactOnline.xaf").read_bytes()


def small(ns: str = 'xmlns="http://www.auditfiles.nl/XAF/3.2"', lines: str = "") -> bytes:
    lines = lines or ("<trLine><nr>1</nr><accID>0100</accID><amnt>10</amnt><amntTp>D</amntTp>"
                      "</trLine><trLine><nr>2</nr><accID>8000</accID><amnt>10.00</amnt>"
                      "<amntTp>C</amntTp></trLine>")
    return (f'<?xml version="1.0"?>\n<auditfile {ns}>\n<header><fiscalYear>2024</fiscalYear>'
            "<startDate>2024-01-01</startDate></header>\n<company><companyName>X</companyName>"
            "<generalLedger><ledgerAccount><accID>0100</accID><accDesc>A</accDesc><accTp>B"
            "</accTp></ledgerAccount></generalLedger>\n<transactions><journal><jrnID>M</jrnID>"
            "<jrnTp>M</jrnTp><transaction><nr>1</nr><periodNumber>1</periodNumber>"
            f"<trDt>2024-01-05</trDt>\n{lines}</transaction></journal></transactions>"
            "</company></auditfile>").encode()


def refused(data: bytes) -> list[dict]:
    with pytest.raises(XafRefused) as info:
        read_all(io.BytesIO(data))
    problems = [p.as_dict() for p in info.value.problems]
    assert problems and all(p["what"] for p in problems)
    return problems


def test_namespaces_31_32_and_none_are_read():
    for ns, version in (('xmlns="http://www.auditfiles.nl/XAF/3.2"', "3.2"),
                        ('xmlns="http://www.auditfiles.nl/XAF/3.1"', "3.1"), ("", "")):
        header, accounts, rows, summary = read_all(io.BytesIO(small(ns)))
        assert header.xaf_version == version
        assert [a.account_id for a in accounts] == ["0100"]
        assert [r["amount_cents"] for r in rows] == [1000, -1000]
        assert summary.lines == 2


def test_unknown_namespace_is_refused():
    assert "versie" in refused(small('xmlns="http://www.auditfiles.nl/XAF/3.0"'))[0]["what"]


def test_xaf_31_taxonomy_codes_reach_their_account():
    data = small('xmlns="http://www.auditfiles.nl/XAF/3.1"').replace(
        b"</generalLedger>", b"<taxonomies><taxonomy><taxoRef>RGS</taxoRef><taxoElement>"
        b"<txCd>BMvaBeg</txCd><glAccID>0100</glAccID></taxoElement></taxonomy></taxonomies>"
        b"</generalLedger>")
    _, accounts, _, _ = read_all(io.BytesIO(data))
    assert accounts[0].codes == ["BMvaBeg"]


def test_amounts_are_exact_cents():
    assert parse_cents("1234.5", None) == 123450
    assert parse_cents("0.07", None) == 7
    assert parse_cents(" 12 ", None) == 1200
    assert parse_cents("1E+2", None) == 10000
    total = sum(parse_cents("0.10", None) for _ in range(10))
    assert total == 100


def test_the_samples_stream_in_batches_without_keeping_the_tree():
    reader = XafReader(io.BytesIO(EXACT), batch_size=10)
    items = list(reader.items())
    kinds = [kind for kind, _ in items]
    assert kinds[:3] == ["header", "parties", "accounts"]
    # a batch is handed on once it holds batch_size lines, at the end of a transaction
    sizes = [len(rows) for kind, rows in items if kind == "lines"]
    assert len(sizes) > 10 and all(size < 10 + 20 for size in sizes)
    assert sum(sizes) == reader.summary.lines == 167


def _giant(n: int, bad_at: int | None = None) -> bytes:
    """One transaction of ``n`` lines, one per file line; line ``bad_at`` has a bad amount."""
    lines = "".join(
        f"<trLine><nr>{i}</nr><accID>{'0100' if i % 2 else '8000'}</accID><custSupID>K{i % 3}"
        f"</custSupID><amnt>{'x' if i == bad_at else '1.25'}</amnt><amntTp>"
        f"{'D' if i % 2 else 'C'}</amntTp></trLine>\n" for i in range(1, n + 1))
    return small(lines=lines)


def test_a_giant_transaction_is_read_as_its_lines_arrive(monkeypatch):
    """A transaction bigger than BIG_TRANSACTION is read in parts while it is parsed (its
    finished lines removed from the tree), with the same result as whole."""
    import vfo_app.domain.xaf.reader as reader_module

    data = _giant(6000)
    calls = []
    original = XafReader._read_finished_lines
    monkeypatch.setattr(XafReader, "_read_finished_lines",
                        lambda self, tx: (calls.append(len(tx)), original(self, tx)))
    parts = read_all(io.BytesIO(data))
    assert calls and max(calls) < 2 * reader_module.BIG_TRANSACTION  # never the whole 6000
    monkeypatch.setattr(reader_module, "BIG_TRANSACTION", 10**9)
    whole = read_all(io.BytesIO(data))
    assert parts[2] == whole[2] and len(parts[2]) == 6000
    assert parts[3].transactions == 1 and parts[3].unbalanced_transactions == 0
    assert parts[3].debit_cents == parts[3].credit_cents == 3000 * 125
    assert parts[3].line_parties == whole[3].line_parties == {
        "0100": {"K1": 1000, "K0": 1000, "K2": 1000}, "8000": {"K2": 1000, "K1": 1000,
                                                           "K0": 1000}}


def test_a_bad_line_deep_in_a_giant_transaction_names_its_line():
    problems = refused(_giant(6000, bad_at=4321))
    assert problems[0]["element"] == "amnt" and problems[0]["line"] == 6 + 4321 - 1
    assert "Ongeldig bedrag 'x'" in problems[0]["what"]


def test_the_custsupid_of_each_line_is_counted_per_account():
    lines = ("<trLine><nr>1</nr><accID>1300</accID><custSupID> K1 </custSupID><amnt>5.00</amnt>"
             "<amntTp>D</amntTp></trLine><trLine><nr>2</nr><accID>8000</accID><amnt>5</amnt>"
             "<amntTp>C</amntTp></trLine>")
    assert read_all(io.BytesIO(small(lines=lines)))[3].line_parties == {"1300": {"K1": 1}}


# --- hostile files ------------------------------------------------------------------------------


def test_billion_laughs_is_refused_before_parsing():
    bomb = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
            + b"".join(b'<!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;")
                                                       * 10) for i in range(1, 10))
            + b"]>\n<auditfile>&lol9;</auditfile>")
    problem = refused(bomb)[0]
    assert problem["element"] == "!DOCTYPE" and problem["line"] == 2


def test_external_entity_to_a_local_file_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM")
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file://{secret}">]>\n'
           "<auditfile><header><fiscalYear>&x;</fiscalYear></header></auditfile>").encode()
    problems = refused(xxe)
    assert "GEHEIM" not in str(problems)


def test_undeclared_entity_is_refused_with_its_line():
    data = small().replace(b"<accDesc>A</accDesc>", b"<accDesc>&x;</accDesc>")
    assert refused(data)[0]["line"] == 4


def test_not_an_auditfile():
    problem = refused(b'<?xml version="1.0"?>\n<!-- x -->\n<html><body/></html>')[0]
    assert (problem["element"], problem["line"]) == ("html", 3)
    assert refused(b"")[0]["what"]
    assert refused(b"col1;col2\n1;2\n")[0]["what"]


def test_unbalanced_and_bad_values_name_element_and_line():
    unbalanced = small(lines="<trLine><nr>1</nr><accID>0100</accID><amnt>10</amnt>"
                             "<amntTp>D</amntTp></trLine>")
    assert refused(unbalanced)[0]["element"] == "transactions"
    bad_type = small().replace(b"<amntTp>C</amntTp>", b"<amntTp>X</amntTp>")
    assert refused(bad_type)[0] == {"what": "amntTp moet D of C zijn, niet 'X'",
                                    "element": "amntTp", "line": 6}
    bad_date = small().replace(b"2024-01-05", b"5-1-2024")
    assert refused(bad_date)[0]["element"] == "transaction"


def test_unknown_encoding_is_refused():
    data = small().replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="x-none"?>')
    assert "tekenset" in refused(data)[0]["what"]


def test_utf16_with_bom_is_read():
    data = small().decode().encode("utf-16")
    assert read_all(io.BytesIO(data))[3].lines == 2


# --- fuzzing ---------------------------------------------------------------------------------------

FUZZ = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def must_end_cleanly(data: bytes) -> None:
    try:
        read_all(io.BytesIO(data))
    except XafRefused as exc:
        assert exc.problems and all(isinstance(p.what, str) and p.what for p in exc.problems)


@FUZZ
@given(st.integers(min_value=0, max_value=len(BANANA)))
def test_truncated_at_any_point(cut):
    must_end_cleanly(BANANA[:cut])


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    must_end_cleanly(data)


@FUZZ
@given(st.integers(min_value=0, max_value=len(EXACT) - 1), st.binary(min_size=1, max_size=16))
def test_damaged_at_any_point(pos, junk):
    must_end_cleanly(EXACT[:pos] + junk + EXACT[pos + len(junk):])


@FUZZ
@given(st.sampled_from(["utf-16-le", "utf-32", "cp1252", "latin-1", "cp437", "utf-8"]))
def test_wrong_encoding(codec):
    text = BANANA.decode().replace("Goodwill", "Gööd€will")
    must_end_cleanly(text.encode(codec, errors="replace"))


@FUZZ
@given(st.integers(min_value=1, max_value=40), st.sampled_from(["lol", "x" * 50]))
def test_entity_bombs_of_any_shape(depth, payload):
    decl = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 5 if i else payload}">'
                   for i in range(depth))
    data = f'<?xml version="1.0"?><!DOCTYPE auditfile [{decl}]><auditfile>&e{depth - 1};' \
           "</auditfile>"
    must_end_cleanly(data.encode())
