"""The house style's rules without a database: contrast against white, colour notation, and
the office's band atop an e-mail (escaped, only a checked colour)."""

from __future__ import annotations

import pytest

from vfo_app.domain import mail
from vfo_app.domain.house_style import (
    DEFAULT_COLOUR,
    HouseStyle,
    colour_problem,
    contrast_with_white,
    darkened,
    normalise_colour,
)

PACK = {"first_name": "Zoë", "office_name": "Kantoor", "client_name": "Łukasz Şahin BV",
        "title": "Rapportage maart", "link": "https://vfo.example/x", "version": 1,
        "attached": False}


@pytest.mark.parametrize(("colour", "ratio"), [("#ffffff", 1.0), ("#000000", 21.0),
                                               ("#0b63b6", 6.04), ("#767676", 4.54)])
def test_contrast_with_white_as_wcag_computes_it(colour, ratio):
    assert contrast_with_white(colour) == pytest.approx(ratio, abs=0.05)


def test_colour_notation_and_refusal():
    assert normalise_colour(" #ABC ") == "#aabbcc" and normalise_colour("0b63b6") == "#0b63b6"
    assert normalise_colour("blauw") is None and normalise_colour("#12345") is None
    assert colour_problem(DEFAULT_COLOUR) == ""
    assert "4,5:1" in colour_problem("#ffcc00")
    assert contrast_with_white(darkened("#ffcc00")) >= 4.5
    assert colour_problem("rood").startswith("Geen kleur")


def test_mail_carries_the_office_band_escaped():
    house = HouseStyle(office_id=1, office_name="Kantoor <script>", colour="#7a1f5c")
    html = mail.render("pack_published", PACK, house=house).html
    assert "background-color: #7a1f5c" in html
    assert "Kantoor &lt;script&gt;" in html and "<script>" not in html
    plain = mail.render("pack_published", PACK).html
    assert "background-color" not in plain


def test_a_colour_that_is_not_checked_never_reaches_the_mail():
    house = HouseStyle(office_id=1, office_name="Kantoor", colour="red;background:url(x)")
    html = mail.render("pack_published", PACK, house=house).html
    assert "url(x)" not in html and "background-color: #0b63b6" in html
