"""A restated pack's changed lines: was, now and the difference read at the precision it takes
to see the change; a change too small to show is no change (reports.parts.shown_change)."""

from __future__ import annotations

from vfo_app.domain.reports import parts as P


def _part(key: str, unit: str, value) -> dict:
    return {"key": P.KEY_FIGURES, "title": "Kengetallen",
            "columns": [{"key": "value", "label": "Waarde"}],
            "rows": [{"key": key, "label": key.capitalize(), "kind": "row", "unit": unit,
                      "values": {"value": value}}]}


def test_a_ratio_that_rounds_to_the_same_shows_the_decimals_it_takes_in_percentage_points():
    change = P.Change("Kengetallen", "Solvabiliteit", "pct", 80.34, 80.30)
    assert P.shown_change(change) == P.ShownChange("80,34%", "80,30%", "-0,04 %-punt")
    assert P.shown_difference(change) == "-0,04 %-punt"
    # a visible change keeps the usual precision, still in percentage points
    assert P.shown_change(P.Change("Kengetallen", "Brutomarge %", "pct", 10.0, 12.5)) == \
        P.ShownChange("10,0%", "12,5%", "+2,5 %-punt")
    # the values differ at one decimal but the difference would read 0,0: one more decimal
    assert P.shown_change(P.Change("Kengetallen", "Nettomarge", "pct", 80.349, 80.351)) == \
        P.ShownChange("80,349%", "80,351%", "+0,002 %-punt")


def test_never_a_difference_that_reads_as_zero():
    cases = [("pct", 80.34, 80.3), ("ratio", 1.351, 1.349), ("days", 42.2, 42.4),
             ("months", 2.51, 2.49), ("eur", 1234.4, 1234.0), ("cents", 65000, 65001)]
    for unit, old, new in cases:
        shown = P.shown_change(P.Change("Kengetallen", "x", unit, old, new))
        assert shown is not None and shown.old != shown.new, (unit, shown)
        assert shown.difference.replace("-", "").replace("+", "").strip("€\xa0 ") not in (
            "0", "0,0", "0,00", "0,0 %-punt", "0,00 %-punt", "0 dagen", "0,0 maanden"), shown


def test_amounts_read_to_the_cent_and_days_in_words():
    assert P.shown_change(P.Change("W", "Huur", "cents", 65000, 70000)) == \
        P.ShownChange("€\xa0650,00", "€\xa0700,00", "+€\xa050,00")
    assert P.shown_change(P.Change("K", "Debiteurendagen", "days", 42.0, 43.0)).difference == \
        "+1 dag"
    # a line that appeared: nothing to subtract
    assert P.shown_change(P.Change("K", "Quick ratio", "ratio", None, 1.2)) == \
        P.ShownChange("–", "1,20", "–")


def test_a_remainder_too_small_to_show_is_no_change():
    noise = P.Change("Kengetallen", "Solvabiliteit", "pct", 80.3, 80.30000000001)
    assert P.shown_change(noise) is None
    assert P.changes([_part("solvabiliteit", "pct", 80.3)],
                     [_part("solvabiliteit", "pct", 80.30000000001)]) == []
    found = P.changes([_part("solvabiliteit", "pct", 80.34)],
                      [_part("solvabiliteit", "pct", 80.30)])
    assert [(c.label, c.old, c.new) for c in found] == [("Solvabiliteit", 80.34, 80.30)]


def test_whole_euros_that_differ_by_less_than_a_euro_show_the_cents():
    shown = P.shown_change(P.Change("Kengetallen", "Omzet", "eur", 1234.6, 1234.4))
    assert shown == P.ShownChange("€\xa01.234,60", "€\xa01.234,40", "€\xa0-0,20")


def _read(text: str) -> float:
    """The number in a shown figure: '€\xa0-1.234,50', '12,3%', '-0,2 %-punt', '3 dagen'."""
    bare = text.replace("€\xa0", "").split()[0].rstrip("%")
    return float(bare.replace(".", "").replace(",", "."))


def test_the_difference_adds_up_with_the_figures_as_shown():
    # at one decimal 17,8 and 17,5 would differ by 0,3 while the change is 0,22: two decimals
    assert P.shown_change(P.Change("Kengetallen", "Liquide middelen in maanden kosten",
                                   "months", 17.76, 17.54)) == \
        P.ShownChange("17,76 maanden", "17,54 maanden", "-0,22 maanden")
    for unit, old, new in [("pct", 12.34, 15.67), ("months", 3.25, 3.35), ("ratio", 1.005, 1.25),
                           ("eur", 100.49, 101.51), ("days", 40.4, 41.6)]:
        shown = P.shown_change(P.Change("K", "x", unit, old, new))
        was, now, diff = (_read(t) for t in (shown.old, shown.new, shown.difference))
        assert round(now - was, 4) == diff, (unit, shown)
