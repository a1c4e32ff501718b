"""`vfo figures --json`: the key figures and the cash flow for scripts, on the demo's import."""

from __future__ import annotations

import json

from sqlalchemy import text


def test_cli_figures_json(vfo_demo):
    vfo = vfo_demo
    with vfo.engine.connect() as conn:
        number, year, import_id = conn.execute(text(
            "SELECT c.number, i.year, i.id FROM client c JOIN ledgerimport i "
            "ON i.client_id = c.id ORDER BY i.id LIMIT 1")).one()
        # cash from the raw lines: opening, and the end of the fiscal year's sixth month
        cash = "SELECT coalesce(sum(l.amount_cents), 0) FROM ledgerline l JOIN ledgeraccount a " \
               "ON a.import_id = l.import_id AND a.account_id = l.account_id " \
               "WHERE l.import_id = :i AND a.category = 'liquide_middelen' AND ({})"
        opening = conn.execute(text(cash.format("l.is_opening")), {"i": import_id}).scalar()
        start = conn.execute(text("SELECT start_date FROM ledgerimport WHERE id = :i"),
                             {"i": import_id}).scalar()
    assert str(start).endswith("-01-01")  # the demo's Banana year runs January to December
    until = f"{str(start)[:4]}-06-30"
    with vfo.engine.connect() as conn:
        closing = opening + conn.execute(text(cash.format(
            "NOT l.is_opening AND l.entry_date <= :d")), {"i": import_id, "d": until}).scalar()
        last_booked = conn.execute(text("SELECT max(entry_date) FROM ledgerline WHERE "
                                        "import_id = :i AND NOT is_opening"),
                                   {"i": import_id}).scalar()

    done = vfo("figures", "--client", number, "--year", str(year), "--month", "6", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    kpis = {k["key"]: k for k in data["kpis"]}
    assert len(kpis) >= 30
    assert {"key", "label", "value", "formula"} <= set(kpis["omzet"])
    assert kpis["liquide_middelen"]["value"] == closing / 100
    assert kpis["omzetgroei"]["value"] is None  # one imported year
    flow = data["cash_flow"]
    assert flow["cash_opening_cents"] == opening
    assert flow["cash_closing_cents"] == closing
    assert flow["net_change_cents"] == closing - opening
    assert sum(line["amount_cents"] for line in flow["lines"]) == flow["net_change_cents"]
    assert all({"label", "amount_cents"} <= set(line) for line in flow["lines"])
    # without --month: the last complete month (the demo's file is booked up to 5 November:
    # October); an unknown client: a Dutch message, exit 2
    default = json.loads(vfo("figures", "--client", number, "--year", str(year), "--json").stdout)
    assert str(last_booked).endswith("-11-05") and default["month"] == 10
    unknown = vfo("figures", "--client", "GEEN-KLANT", "--year", str(year), "--json")
    assert unknown.returncode == 2 and unknown.stderr.strip()
