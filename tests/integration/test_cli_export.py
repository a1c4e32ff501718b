"""`vfo export`: the demo client's reports written as files, read back as a user would, the
trial balance against sums of the ledger lines computed here."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import text


def test_vfo_export_trial_balance_reports_and_pack(tmp_path, vfo_demo):
    vfo = vfo_demo
    with vfo.engine.connect() as conn:
        number, year, import_id = conn.execute(text(
            "SELECT c.number, i.year, i.id FROM client c JOIN ledgerimport i "
            "ON i.client_id = c.id ORDER BY i.id LIMIT 1")).one()
        sums = {a: [o, d, c] for a, o, d, c in conn.execute(text(
            "SELECT account_id, "
            "sum(CASE WHEN is_opening THEN amount_cents ELSE 0 END), "
            "sum(CASE WHEN NOT is_opening AND amount_cents > 0 THEN amount_cents ELSE 0 END), "
            "sum(CASE WHEN NOT is_opening AND amount_cents < 0 THEN -amount_cents ELSE 0 END) "
            "FROM ledgerline WHERE import_id = :i GROUP BY account_id"), {"i": import_id})}

    base = ("export", "--client", number, "--year", str(year))
    out = tmp_path / "proefbalans.xlsx"
    done = vfo(*base, "--report", "trial-balance", "--format", "xlsx", "--out", str(out))
    assert done.returncode == 0, done.stderr
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == ["Rekening", "Omschrijving", "Beginsaldo", "Debet",
                                        "Credit", "Eindsaldo"]
    body = list(ws.iter_rows(min_row=2, values_only=True))[:-1]
    assert len(body) == len(sums)
    for account, _d, opening, debit, credit, closing in body:
        o, d, c = sums[account]
        assert [Decimal(str(v)) for v in (opening, debit, credit, closing)] == \
            [Decimal(x) / 100 for x in (o, d, c, o + d - c)], account

    out_csv = tmp_path / "proefbalans.csv"
    assert vfo(*base, "--report", "trial-balance", "--format", "csv",
               "--out", str(out_csv)).returncode == 0
    rows = list(csv.reader(io.StringIO(out_csv.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Rekening" and len(rows) == len(sums) + 2

    for report in ("profit-and-loss", "balance-sheet"):
        path = tmp_path / f"{report}.xlsx"
        done = vfo(*base, "--report", report, "--format", "xlsx", "--out", str(path))
        assert done.returncode == 0, done.stderr
        assert load_workbook(path).worksheets[0].max_row > 2
    pdf = tmp_path / "rapport.pdf"
    assert vfo(*base, "--report", "profit-and-loss", "--format", "pdf",
               "--out", str(pdf)).returncode == 0
    assert "Winst-en-verliesrekening" in PdfReader(pdf).pages[0].extract_text() + "".join(
        p.extract_text() for p in PdfReader(pdf).pages)

    refused = vfo(*base, "--report", "trial-balance", "--format", "pdf", "--out",
                  str(tmp_path / "x.pdf"))
    assert refused.returncode == 2 and "xlsx of csv" in refused.stderr
    assert not (tmp_path / "x.pdf").exists()
    pack_csv = vfo(*base, "--report", "pack", "--format", "csv", "--out", str(tmp_path / "p.csv"))
    assert pack_csv.returncode == 2 and "meerdere delen" in pack_csv.stderr
    pack = vfo(*base, "--report", "pack", "--format", "pdf", "--out", str(tmp_path / "p.pdf"))
    # the demo has no published pack: the pack export's Dutch reason, and no file
    assert pack.returncode == 2 and "gepubliceerde rapportage" in pack.stderr, pack.stderr
    assert not (tmp_path / "p.pdf").exists()
    unknown = vfo("export", "--client", "BESTAATNIET", "--year", str(year), "--report",
                  "trial-balance", "--format", "xlsx", "--out", str(tmp_path / "n.xlsx"))
    assert unknown.returncode == 2 and not (tmp_path / "n.xlsx").exists()
