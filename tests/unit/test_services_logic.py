"""Pure logic of Diensten: validation, day parsing, participant cleaning, form parsing."""

from vfo_app.domain.advisor.services import (
    ActivityInput,
    CheckpointInput,
    ServiceInput,
    _clean_participants,
    access_reason,
    parse_days,
    validate_service,
)
from vfo_app.state.services import activity_row, checkpoint_row, parse_form


def test_parse_days():
    assert parse_days("") == 0
    assert parse_days(" 14 ") == 14
    assert parse_days(730) == 730
    assert parse_days("731") is None
    assert parse_days("-1") is None
    assert parse_days("1,5") is None


def test_a_valid_service_has_no_errors_and_blank_rows_are_ignored():
    data = ServiceInput(code="FO", name="Financial Overview", period="Maand",
                        checkpoints=[CheckpointInput(name="", days_after_period="")],
                        activities=[ActivityInput(code="90", name="FO"), ActivityInput()])
    assert validate_service(data) == {}


def test_lengths_and_case_insensitive_activity_codes():
    data = ServiceInput(code="X" * 21, name="N", period="Jaar", article_no="A" * 41,
                        activities=[ActivityInput(code="a1", name="A"),
                                    ActivityInput(code="A1", name="B")])
    assert validate_service(data) == {
        "code": "Maximaal 20 tekens.", "article_no": "Maximaal 40 tekens.",
        "activities.1.code": "Deze code komt al voor bij deze dienst."}


def test_participants_drop_blanks_duplicates_and_the_owner_keeping_row_index():
    assert _clean_participants([None, 5, 7, 5, 3, 0], owner_id=3) == [(1, 5), (2, 7)]


def test_access_reason():
    assert access_reason("Financial Overview", "owner") == "Diensteigenaar van Financial Overview"
    assert access_reason("Boekhouding", "participant") == "Deelnemer van Boekhouding"


def test_parse_form_reads_rows_by_their_key():
    cp = checkpoint_row(CheckpointInput(id=4, name="Oud", days_after_period=3))
    act = activity_row()
    form = {"code": "FO", "name": "Financial Overview", "period": "Maand", "active": "on",
            f"cp_name_{cp.key}": "Cijfers", f"cp_days_{cp.key}": "10",
            f"act_code_{act.key}": "90", f"act_name_{act.key}": "Financial Overview",
            f"act_pricing_{act.key}": "uur", f"act_active_{act.key}": "on"}
    data = parse_form(form, [cp], [act])
    assert data.active and not data.reuse_due_dates and not data.show_overdue_checkpoints
    assert data.checkpoints == [CheckpointInput(id=4, name="Cijfers", days_after_period="10")]
    assert data.activities == [ActivityInput(code="90", name="Financial Overview", pricing="uur",
                                             use_in_resource_planning=False, active=True)]
