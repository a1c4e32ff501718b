"""Instellingen > Huisstijl through its state, and the downloads and the budget upload beside
the tables: a beheerder sets colour and logo (a medewerker is refused, nothing changes), the
company's users see their office's mark in the portal header, the trial balance downloads as
a real workbook, and a refused budget upload leaves the typed grid and the saved budget alone."""

from __future__ import annotations

import base64
import io
from urllib.parse import unquote_to_bytes

from openpyxl import load_workbook
from sqlmodel import Session, select

from tests.state.harness import upload
from tests.state.world import FRANS, NICK, NORA
from vfo_app import routes
from vfo_app.domain.models import BudgetLine, OfficeHouseStyle
from vfo_app.state.budget import BudgetState
from vfo_app.state.budget_upload import BudgetUploadState
from vfo_app.state.exports import ExportState
from vfo_app.state.house_style import HouseStyleState
from vfo_app.state.my_services import CompanyOverviewState
from vfo_app.state.session import SessionState


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 20), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _style(engine, office_id: int) -> OfficeHouseStyle | None:
    with Session(engine) as s:
        return s.get(OfficeHouseStyle, office_id)


def test_the_beheerder_sets_colour_and_logo(tab, world, app_engine):
    nora = tab(NORA).open(routes.SETTINGS_HOUSE_STYLE)
    assert nora.call(HouseStyleState.load).error is None
    assert nora.state(HouseStyleState).can_edit
    answer = nora.call(HouseStyleState.save, {"colour": "#ffee00", "disclaimer": "Zonder controle"})
    assert "4,5:1" in nora.state(HouseStyleState).errors["colour"] and not answer.success_toasts
    assert _style(app_engine, world.noord.office_id) is None  # nothing saved
    answer = nora.call(HouseStyleState.save, {"colour": "#7a1f5c", "disclaimer": "Zonder controle"})
    assert answer.success_toasts
    answer = nora.call(HouseStyleState.upload_logo, upload("logo.png", _png()))
    assert answer.success_toasts, answer
    row = _style(app_engine, world.noord.office_id)
    assert (row.colour, row.disclaimer, row.logo_mime) == ("#7a1f5c", "Zonder controle", "image/png")
    page = nora.state(HouseStyleState)
    assert page.logo_url == routes.house_style_logo_url(world.noord.office_id, 1)
    refused = nora.call(HouseStyleState.upload_logo, upload("logo.svg", b"<svg onload='x'/>"))
    assert nora.state(HouseStyleState).errors["logo"] and not refused.success_toasts
    assert _style(app_engine, world.noord.office_id).logo_version == 1

    # the company's users see the office's mark in their portal header
    frans = tab(FRANS).open(routes.ONLINE_COMPANY_OVERVIEW, company_id=world.noord.company_id)
    frans.call(CompanyOverviewState.load)
    header = frans.state(SessionState)
    assert header.brand_colour == "#7a1f5c" and header.brand_office == world.noord.office_name
    assert header.brand_logo == routes.house_style_logo_url(world.noord.office_id, 1)


def test_a_medewerker_reads_but_changes_nothing(tab, world, app_engine):
    nick = tab(NICK).open(routes.SETTINGS_HOUSE_STYLE)
    nick.call(HouseStyleState.load)
    assert not nick.state(HouseStyleState).can_edit
    assert nick.call(HouseStyleState.save, {"colour": "#000000", "disclaimer": "x"}).error_toasts
    assert nick.call(HouseStyleState.upload_logo, upload("logo.png", _png())).error_toasts
    assert nick.call(HouseStyleState.remove_logo).error_toasts
    assert _style(app_engine, world.noord.office_id) is None


def _download_bytes(answer) -> bytes:
    event = next(e for e in answer.frontend if e.name == "_download")
    url = str(event.payload.get("url", ""))
    head, _, body = url.partition(",")
    return base64.b64decode(body) if head.endswith(";base64") else unquote_to_bytes(body)


def test_trial_balance_downloads_as_a_workbook(tab, world):
    nora = tab(NORA).open(routes.CLIENT_OVERVIEW_TRIAL_BALANCE, {"jaar": world.noord.year},
                          client_id=world.noord.client_id)
    answer = nora.call(ExportState.trial_balance, str(world.noord.year), "xlsx")
    assert answer.downloads and answer.downloads[0].endswith(".xlsx"), answer
    ws = load_workbook(io.BytesIO(_download_bytes(answer))).active
    assert ws["A1"].value == "Rekening" and ws["F1"].value == "Eindsaldo"
    assert ws.max_row > 2
    nick = tab(NICK).open(routes.CLIENT_OVERVIEW_TRIAL_BALANCE, client_id=world.noord.client_id)
    refused = nick.call(ExportState.trial_balance, str(world.noord.year), "csv")
    assert refused.error_toasts and not refused.downloads


def _budget(engine, client_id: int) -> list[tuple]:
    with Session(engine) as s:
        return sorted((b.year, b.category, b.month, b.amount_cents) for b in s.exec(
            select(BudgetLine).where(BudgetLine.client_id == client_id)))


def test_a_refused_budget_upload_keeps_the_grid_and_saves_nothing(tab, world, app_engine):
    nora = tab(NORA).open(routes.CLIENT_OVERVIEW_BUDGET, {"jaar": world.noord.year},
                          client_id=world.noord.client_id)
    nora.call(BudgetState.load)
    template = nora.call(ExportState.budget, str(world.noord.year))
    book = load_workbook(io.BytesIO(_download_bytes(template)))
    before_grid = dict(nora.state(BudgetState).values)
    before = _budget(app_engine, world.noord.client_id)
    book.active["C3"] = "abc"
    out = io.BytesIO()
    book.save(out)
    answer = nora.call(BudgetUploadState.receive, upload("budget.xlsx", out.getvalue()))
    assert answer.error_toasts and not answer.success_toasts
    assert "Cel C3: 'abc' is geen bedrag." in nora.state(BudgetUploadState).messages
    assert nora.state(BudgetState).values == before_grid
    assert _budget(app_engine, world.noord.client_id) == before

    book.active["C3"] = 321
    book.active["B2"] = 1234.5
    out = io.BytesIO()
    book.save(out)
    answer = nora.call(BudgetUploadState.receive, upload("budget.xlsx", out.getvalue()))
    assert answer.success_toasts, answer
    assert nora.state(BudgetUploadState).messages == []
    saved = {(c, m): a for y, c, m, a in _budget(app_engine, world.noord.client_id)
             if y == world.noord.year}
    first, second = book.active["A2"].value, book.active["A3"].value
    from vfo_app.domain.xaf.classify import CATEGORIES

    key = {c.label: k for k, c in CATEGORIES.items()}
    assert saved[(key[first], 1)] == 123450 and saved[(key[second], 2)] == 32100
    assert nora.state(BudgetState).values[f"{key[first]}-1"] != before_grid.get(f"{key[first]}-1")


def _logo_request(token: str, office_id: object):
    from starlette.requests import Request

    from vfo_app.logo_route import logo_response

    cookie = f"vfo_session={token}".encode() if token else b""
    return logo_response(Request({
        "type": "http", "method": "GET", "path": routes.HOUSE_STYLE_LOGO,
        "query_string": f"kantoor={office_id}&v=1".encode(),
        "headers": [(b"cookie", cookie)] if cookie else []}))


def test_the_logo_is_served_to_the_office_and_its_clients_only(tab, world):
    nora = tab(NORA).open(routes.SETTINGS_HOUSE_STYLE)
    nora.call(HouseStyleState.load)
    nora.call(HouseStyleState.upload_logo, upload("logo.png", _png()))
    office = world.noord.office_id
    for person in (NORA, NICK, FRANS):  # its employees, the user of a company it serves
        answer = _logo_request(world.tokens[person], office)
        assert answer.status_code == 200 and answer.body == _png(), person
        assert answer.media_type == "image/png"
        assert answer.headers["x-content-type-options"] == "nosniff"
    from tests.state.world import BEA, SVEN

    for token in (world.tokens[SVEN], world.tokens[BEA], ""):  # another office, company, nobody
        assert _logo_request(token, office).status_code == 404
    assert _logo_request(world.tokens[NORA], "abc").status_code == 404
    assert _logo_request(world.tokens[NORA], world.zuid.office_id).status_code == 404
