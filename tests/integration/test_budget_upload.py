"""Budget in from Excel: the downloaded template, filled in and uploaded, replaces the year's
budget; one unreadable cell refuses the whole file with a message naming the cell, and nothing
is saved."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.integration.test_exports import banana  # noqa: F401  (fixture)
from vfo_app.domain import house_style
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.exports import budget_upload, tables
from vfo_app.domain.exports.xlsx import workbook
from vfo_app.domain.overview import budget
from vfo_app.domain.xaf.classify import CATEGORIES


def _template(db, actor, client_id, year) -> io.BytesIO:
    return io.BytesIO(workbook([tables.budget_sheet(db, actor, client_id, year)]))


def _filled(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row_of(ws, key: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == CATEGORIES[key].label)


def test_filled_template_replaces_the_budget(db, office_admin, banana):  # noqa: F811
    client_id, year = banana
    book = load_workbook(_template(db, office_admin, client_id, year))
    ws = book.active
    assert ws["A1"].value == "Rubriek" and ws.max_column == 14
    omzet = _row_of(ws, "omzet")
    for month in range(1, 13):
        ws.cell(omzet, month + 1, 1000.5 * month)
    ws.cell(omzet, 14, "wordt niet gelezen")  # the Totaal column
    ws.cell(_row_of(ws, "personeelskosten"), 4, "1.500,25")  # text in Dutch notation
    saved = budget_upload.import_budget(db, office_admin, client_id, year, _filled(book))
    db.commit()
    plan = budget.read(db, office_admin, client_id, year)
    assert plan.cells == saved.cells
    assert plan.amount("omzet", 1) == 100050 and plan.amount("omzet", 12) == 1200600
    assert plan.amount("personeelskosten", 3) == 150025
    # downloaded again, the template holds the budget as numbers
    again = load_workbook(_template(db, office_admin, client_id, year)).active
    assert again.cell(_row_of(again, "omzet"), 2).value == pytest.approx(1000.5)


def test_unreadable_cells_are_named_and_nothing_is_saved(db, office_admin, banana):  # noqa: F811
    client_id, year = banana
    budget.save(db, office_admin, client_id, year, {("omzet", 1): 4200})
    db.commit()
    book = load_workbook(_template(db, office_admin, client_id, year))
    ws = book.active
    omzet = _row_of(ws, "omzet")
    ws.cell(omzet, 2, 9999)  # a good change, in a file that is refused
    ws.cell(5, 3, "abc")
    ws.cell(omzet, 5, "12,34,5")
    ws.cell(ws.max_row + 1, 1, "Onbekende rubriek")
    with pytest.raises(ValidationFailed) as refused:
        budget_upload.import_budget(db, office_admin, client_id, year, _filled(book))
    db.rollback()
    messages = refused.value.errors["upload"].split("\n")
    assert "Cel C5: 'abc' is geen bedrag." in messages
    assert f"Cel E{omzet}: '12,34,5' is geen bedrag." in messages
    assert any(m.startswith(f"Cel A{ws.max_row}: 'Onbekende rubriek'") for m in messages)
    assert budget.read(db, office_admin, client_id, year).cells == {("omzet", 1): 4200}


@pytest.mark.parametrize("data", [b"", b"geen excel", b"PK\x03\x04kapot"])
def test_a_file_that_is_no_workbook_is_refused_in_dutch(data):
    with pytest.raises(ValidationFailed) as refused:
        budget_upload.read_grid(data)
    assert refused.value.errors["upload"]


def test_a_sheet_without_the_template_header_is_refused():
    from vfo_app.domain.exports.xlsx import Column, Sheet

    data = workbook([Sheet("Blad", [Column("Iets anders")], [["omzet"]])])
    with pytest.raises(ValidationFailed) as refused:
        budget_upload.read_grid(data)
    assert refused.value.errors["upload"].startswith("Cel A1")


def test_upload_asks_the_access_policy_first(db, office_admin, office_employee,
                                             other_office_admin, banana):  # noqa: F811
    client_id, year = banana
    data = _filled(load_workbook(_template(db, office_admin, client_id, year)))
    with pytest.raises(NotFound):
        budget_upload.import_budget(db, other_office_admin, client_id, year, data)
    with pytest.raises(PermissionDenied):
        budget_upload.import_budget(db, office_employee, client_id, year, b"not even read")


def _png(size=(60, 20)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (10, 60, 120)).save(out, format="PNG")
    return out.getvalue()


def test_house_style_is_for_office_beheerders(db, office_admin, office_employee,
                                             other_office_admin):
    style = house_style.save(db, office_admin, colour="#135", disclaimer="  Tekst  ")
    assert (style.colour, style.disclaimer) == ("#113355", "Tekst")
    with pytest.raises(PermissionDenied):
        house_style.save(db, office_employee, colour="#000000", disclaimer="")
    with pytest.raises(PermissionDenied):
        house_style.set_logo(db, office_employee, _png())
    house_style.set_logo(db, office_admin, _png())
    db.commit()
    # another office's beheerder changes their own office, never this one
    house_style.save(db, other_office_admin, colour="#000000", disclaimer="B")
    db.commit()
    mine = house_style.for_office(db, office_admin.office_id)
    assert mine.disclaimer != "B" and mine.has_logo
    assert house_style.logo_for(db, other_office_admin, office_admin.office_id) is None
    assert house_style.logo_for(db, office_employee, office_admin.office_id)[1] == "image/png"


def test_a_light_colour_is_refused_with_a_darker_one_suggested(db, office_admin):
    with pytest.raises(ValidationFailed) as refused:
        house_style.save(db, office_admin, colour="#ffcc00", disclaimer="")
    message = refused.value.errors["colour"]
    assert "4,5:1" in message and "bijvoorbeeld #" in message
    suggested = message.rsplit("bijvoorbeeld ", 1)[1].rstrip(".")
    assert house_style.contrast_with_white(suggested) >= 4.5
    with pytest.raises(ValidationFailed):
        house_style.save(db, office_admin, colour="rood", disclaimer="")
    assert house_style.for_office(db, office_admin.office_id).colour == house_style.DEFAULT_COLOUR


@pytest.mark.parametrize(("data", "why"), [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "leesbare"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "leesbare"),  # PNG magic, no image
    (b"GIF89a" + b"\x00" * 100, "leesbare"),
])
def test_only_decodable_png_or_jpeg_is_a_logo(db, office_admin, data, why):
    with pytest.raises(ValidationFailed) as refused:
        house_style.set_logo(db, office_admin, data)
    assert why in refused.value.errors["logo"]


def test_logo_limits(db, office_admin):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2100, 10)).save(out, format="PNG")
    with pytest.raises(ValidationFailed) as wide:
        house_style.set_logo(db, office_admin, out.getvalue())
    assert "2000 pixels" in wide.value.errors["logo"]
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    with pytest.raises(ValidationFailed) as kind:
        house_style.set_logo(db, office_admin, gif.getvalue())
    assert "PNG- of JPEG" in kind.value.errors["logo"]
    with pytest.raises(ValidationFailed) as big:
        house_style.set_logo(db, office_admin, b"\x89PNG" + b"0" * house_style.MAX_LOGO_BYTES)
    assert "te groot" in big.value.errors["logo"]
