"""Report packs on the Banana sample: a draft only the office sees, publishing locks its
figures, a later import that changes a published month shows the lines that changed (old,
new, difference) and asks the service owner for a new version, placeholders render the
period's figures and unknown ones are refused, the mail to the company's users, the
schedule's job drafting once, and the PDF and workbook of a version."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from tests.integration.test_overview_comments import story as story_fixture  # noqa: F401
from tests.integration.test_xaf_import import BANANA
from vfo_app.domain import jobs, mail
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.exports import xlsx
from vfo_app.domain.models import (
    ClientAlert,
    FigureAccess,
    Notice,
    OutboxAttachment,
    OutboxMessage,
    ReportPack,
    ReportPackVersion,
    ReportSchedule,
)
from vfo_app.domain.reports import export, packs, placeholders, schedule
from vfo_app.domain.reports import parts as P
from vfo_app.domain.xaf.importer import import_auditfile

OCTOBER = 10
RENT = "Betaling huur september"


def _import(db, actor, client_id, path=BANANA):
    report = import_auditfile(db, actor, client_id, path, accept_other_company=True)
    db.commit()
    assert report.ok, report.errors
    return int(report.fiscal_year)


def _rent_raised(tmp_path):
    """The sample with October's rent payment booked as € 700 instead of € 650."""
    text = BANANA.read_text(encoding="utf-8")
    start = text.index(RENT)
    end = text.index("</transaction>", start)
    block = text[start:end].replace("<amnt>650.00</amnt>", "<amnt>700.00</amnt>")
    assert block.count("700.00") == 2
    path = tmp_path / "banana_herzien.xaf"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return path


@pytest.fixture
def booked(db, story_fixture):  # noqa: F811
    year = _import(db, story_fixture.advisor, story_fixture.client_id)
    return story_fixture, year


def _draft(db, actor, client_id, year, **kw):
    values = {"period_kind": P.MONTH, "year": year, "month": OCTOBER,
              "parts": (P.KEY_FIGURES, P.PROFIT_LOSS, P.BALANCE, P.CASH_FLOW, P.TEXT),
              "introduction": "Beste ondernemer, hierbij de cijfers van {periode}.",
              "text": "De omzet was {omzet} ({omzet_vs_vorig_jaar})."} | kw
    pack = packs.create(db, actor, client_id, packs.PackInput(**values))
    db.commit()
    return pack


def test_a_draft_is_the_offices_only(db, booked):
    story, year = booked
    pack = _draft(db, story.advisor, story.client_id, year)
    rows = packs.office_packs(db, story.advisor, story.client_id)
    assert [(r.id, r.status) for r in rows] == [(pack.id, "Concept")]
    # the company's user sees no draft: no published pack, and the draft's id is unknown
    assert packs.published(db, story.sophie, story.company_id) == []
    with pytest.raises(NotFound):
        packs.read_published(db, story.sophie, story.company_id, pack.id)
    with pytest.raises(PermissionDenied):
        packs.preview(db, story.sophie, pack.id)
    # another office: unknown; a colleague who serves nothing: refused
    with pytest.raises(NotFound):
        packs.preview(db, story.stranger, pack.id)
    with pytest.raises(PermissionDenied):
        packs.preview(db, story.colleague, pack.id)
    # a Beheerder of the company without Financial Overview ticked, another company's user
    with pytest.raises(NotFound):
        packs.published(db, story.frans, story.company_id)
    with pytest.raises(NotFound):
        packs.published(db, story.other_user, story.company_id)


def test_publish_locks_the_figures_and_mails_the_readers(db, booked):
    story, year = booked
    pack = _draft(db, story.advisor, story.client_id, year)
    view = packs.preview(db, story.advisor, pack.id)
    assert view.title.startswith("Maandrapportage okt") and view.version == 0
    version = packs.publish(db, story.advisor, pack.id)
    db.commit()
    assert version.version == 1 and [p["key"] for p in version.snapshot] == [
        P.KEY_FIGURES, P.PROFIT_LOSS, P.BALANCE, P.CASH_FLOW, P.TEXT]
    assert version.snapshot == view.parts  # the figures as the accountant saw them
    # the text's numbers are filled in when published, in Dutch
    assert "{omzet}" not in version.text and "€" in version.text
    assert version.introduction.endswith("okt 2018.")
    # the company's user reads it, without changes
    rows = packs.published(db, story.sophie, story.company_id)
    assert [(r.id, r.version, r.restated) for r in rows] == [(version.id, 1, False)]
    read = packs.read_published(db, story.sophie, story.company_id, version.id)
    assert read.changes == [] and read.restatement == ""
    # Sophie got the mail with the link to this version; Frans (no Financial Overview) not
    mails = db.exec(select(OutboxMessage).where(OutboxMessage.kind == "pack_published")).all()
    assert [m.to_email for m in mails] == ["sophie.mulder@bsevents.nl"]
    assert f"/online/bedrijven/{story.company_id}/rapportages/{version.id}" in mails[0].text_body
    assert db.exec(select(OutboxAttachment)).all() == []


def test_a_reimport_shows_old_new_and_difference_and_asks_for_a_new_version(
        db, booked, tmp_path):
    story, year = booked
    pack = _draft(db, story.advisor, story.client_id, year)
    version = packs.publish(db, story.advisor, pack.id)
    db.commit()
    locked = [dict(p) for p in version.snapshot]
    _import(db, story.advisor, story.client_id, _rent_raised(tmp_path))  # marks the pack
    db.commit()
    assert db.get(ReportPack, pack.id).restated_at is not None
    # the published version is what it was
    db.refresh(version)
    assert version.snapshot == locked
    read = packs.read_published(db, story.sophie, story.company_id, version.id)
    assert read.restatement.startswith("Deze cijfers zijn gewijzigd sinds de rapportage van ")
    by_label = {(c.part, c.label): c for c in read.changes}
    rent = by_label[("Winst-en-verliesrekening", "Overige bedrijfskosten")]
    assert rent.new - rent.old == -5000 and rent.difference == -5000  # € 50 more costs
    assert P.shown_difference(rent) == "€\xa0-50,00"
    cash = by_label[("Balans", "Liquide middelen")]
    assert cash.difference == -5000
    # the service owner is asked once, however often it is imported again
    notices = db.exec(select(Notice)).all()
    assert [n.identity_id for n in notices] == [story.advisor.identity_id]
    assert "Publiceer een nieuwe versie" in notices[0].message
    assert packs.after_import(db, story.client_id, year) == 0
    assert [r.status for r in packs.review_list(db, story.advisor)] == ["Cijfers gewijzigd"]
    assert packs.published(db, story.sophie, story.company_id)[0].restated
    # a new version locks the new figures and ends the question
    second = packs.publish(db, story.advisor, pack.id)
    db.commit()
    assert second.version == 2
    assert packs.read_published(db, story.sophie, story.company_id, second.id).changes == []
    assert not db.exec(select(ClientAlert)).one().active
    assert packs.review_list(db, story.advisor) == []
    assert [r.id for r in packs.published(db, story.sophie, story.company_id)] == [second.id]


def test_placeholders_render_the_period_and_unknown_ones_are_refused(db, booked):
    story, year = booked
    with pytest.raises(ValidationFailed) as caught:
        _draft(db, story.advisor, story.client_id, year, text="De {omzett} steeg {}.")
    db.rollback()
    assert caught.value.errors["text"].startswith("{omzett} bestaat niet.")
    assert "{omzet}" in caught.value.errors["text"]
    pack = _draft(db, story.advisor, story.client_id, year,
                  text="{omzet} · {brutomarge_pct} · {omzet_vs_vorig_jaar} · {periode} · {1}")
    view = packs.preview(db, story.advisor, pack.id)
    omzet, margin, change, period, literal = view.text.split(" · ")
    assert re.fullmatch(r"€ -?[\d.]+", omzet) and margin.endswith("%")
    assert change == "onbekend"  # the sample has no 2017
    assert period == "okt 2018" and literal == "{1}"
    key = next(p for p in view.parts if p["key"] == P.KEY_FIGURES)
    shown = {r["key"]: P.shown(r["unit"], r["values"]["value"]) for r in key["rows"]}
    assert shown["omzet"] == omzet
    assert placeholders.unknown("{omzet} {x_y} {x_y}") == ["x_y"]
    summary = packs.automatic_summary(db, story.advisor, pack.id)
    assert "{omzet}" in summary and placeholders.unknown(summary) == []


def test_a_period_once_and_only_a_quarter_that_ends_one(db, booked):
    story, year = booked
    _draft(db, story.advisor, story.client_id, year)
    with pytest.raises(ValidationFailed) as caught:
        _draft(db, story.advisor, story.client_id, year)
    db.rollback()
    assert caught.value.errors == {"month": packs.ALREADY}
    with pytest.raises(ValidationFailed):
        _draft(db, story.advisor, story.client_id, year, period_kind=P.QUARTER, month=8)
    db.rollback()
    quarter = _draft(db, story.advisor, story.client_id, year, period_kind=P.QUARTER, month=9)
    assert packs.preview(db, story.advisor, quarter.id).title == \
        "Kwartaalrapportage jul t/m sep 2018"


def test_the_schedule_drafts_once_across_workers_and_attaches_the_pdf(db, booked, fake_clock):
    story, _ = booked
    with pytest.raises(PermissionDenied):
        schedule.save(db, story.colleague, active=True, period_kind=P.MONTH, days_after="10",
                      parts=list(P.DEFAULT_PARTS), introduction="", attach_pdf=True)
    with pytest.raises(ValidationFailed) as caught:
        schedule.save(db, story.advisor, active=True, period_kind=P.MONTH, days_after="tien",
                      parts=[], introduction="{winst}", attach_pdf=True)
    assert set(caught.value.errors) == {"days_after", "parts", "introduction"}
    schedule.save(db, story.advisor, active=True, period_kind=P.MONTH, days_after="10",
                  parts=list(P.DEFAULT_PARTS), introduction="Hierbij {periode}.", attach_pdf=True)
    db.commit()
    assert schedule.due_period(date(2018, 1, 1), P.MONTH, 10, date(2019, 1, 10)) == 12
    assert schedule.due_period(date(2018, 1, 1), P.MONTH, 10, date(2019, 1, 9)) == 11
    assert schedule.due_period(date(2018, 1, 1), P.QUARTER, 10, date(2018, 4, 5)) is None
    fake_clock.set(datetime(2019, 1, 20, 9, tzinfo=UTC))
    ran = [jobs.run_due_jobs(db, jobs=[j for j in jobs.JOBS if j.name == "draft_report_packs"],
                             worker=w) for w in ("a", "b")]
    assert ran == [["draft_report_packs"], []]  # the second worker finds the job held/done
    drafted = db.exec(select(ReportPack)).all()
    assert [(p.month, p.scheduled, p.period_kind) for p in drafted] == [(12, True, P.MONTH)]
    assert "{omzet}" in drafted[0].text  # the automatic summary, for the accountant to edit
    assert schedule.draft_due(db, today=date(2019, 1, 20)) == 0  # nothing twice
    assert [r.id for r in packs.review_list(db, story.advisor)] == [drafted[0].id]
    version = packs.publish(db, story.advisor, drafted[0].id)
    db.commit()
    attachment = db.exec(select(OutboxAttachment)).one()
    assert attachment.filename == export.pdf_name(version)
    outbox = db.get(OutboxMessage, attachment.outbox_id)
    mime = mail._mime(outbox, mail.get_settings(), mail.attachments(db, outbox.id))
    files = [part.get_filename() for part in mime.iter_attachments()]
    assert files == [attachment.filename]
    assert db.get(ReportSchedule, story.advisor.office_id).attach_pdf


def test_the_version_as_pdf_and_workbook(db, booked):
    from pypdf import PdfReader

    story, year = booked
    pack = _draft(db, story.advisor, story.client_id, year,
                  parts=(P.KEY_FIGURES, P.PROFIT_LOSS, P.BALANCE, P.TEXT))
    with pytest.raises(NotFound) as caught:
        export.office_download(db, story.advisor, pack.id, "pdf")
    assert str(caught.value) == export.NOT_PUBLISHED_YET
    version = packs.publish(db, story.advisor, pack.id)
    db.commit()
    data, name, mime = export.office_download(db, story.advisor, pack.id, "xlsx")
    assert data[:2] == b"PK" and name.endswith("-v1.xlsx") and mime == xlsx.XLSX_MIME
    logged = db.exec(select(FigureAccess).where(FigureAccess.client_id == story.client_id,
                                                FigureAccess.kind == "export")).all()
    assert [f.what for f in logged] == [f"{version.title} (versie 1, xlsx)"]
    data, name, mime = export.company_download(db, story.sophie, story.company_id, version.id,
                                               "pdf")
    assert data[:5] == b"%PDF-" and mime == "application/pdf"
    with pytest.raises(NotFound):
        export.company_download(db, story.other_user, story.company_id, version.id, "pdf")
    text = "".join(page.extract_text() for page in
                   PdfReader(io.BytesIO(export.version_pdf(db, version))).pages)
    for heading in ("Kengetallen", "Winst-en-verliesrekening", "Balans",
                    "Toelichting van uw accountant", version.title):
        assert heading in text
    book = load_workbook(io.BytesIO(export.version_xlsx(version)))
    assert book.sheetnames == ["Rapportage", "Kengetallen", "Winst-en-verliesrekening",
                               "Balans", "Toelichting van uw accountant"]
    pl = next(p for p in version.snapshot if p["key"] == P.PROFIT_LOSS)
    sheet = book["Winst-en-verliesrekening"]
    cells = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    for row in pl["rows"]:
        assert round(float(cells[row["label"]]) * 100) == row["values"]["period"]
    assert export.pack_export(db, story.advisor, db.get(ReportPack, pack.id) and
                              _client(db, story), year, "xlsx")[:2] == b"PK"
    with pytest.raises(NotFound):
        export.pack_export(db, story.advisor, _client(db, story), year + 1, "pdf")
    assert db.exec(select(ReportPackVersion)).one().id == version.id


def _client(db, story):
    from vfo_app.domain.models import Client

    return db.get(Client, story.client_id)
