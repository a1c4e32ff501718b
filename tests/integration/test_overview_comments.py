"""Vertel het verhaal: the accountant's comments on a client's Financial Overview. Employees who
serve the client write, the author edits and deletes, the company's users with Financial
Overview read their own company's comments, and nobody else gets anything."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from tests.integration.test_online_users import PASSWORD, _link_company, _token_of
from tests.integration.test_overview_drilldown import active_client
from vfo_app.domain import auth
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import AuditEntry, ClientService, OverviewComment
from vfo_app.domain.online import activation, products, users
from vfo_app.domain.online.users import UserInput
from vfo_app.domain.overview import comments
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.scope import COMPANY_USER, EMPLOYEE

FO = products.FINANCIAL_OVERVIEW


@dataclass
class Story:
    client_id: int
    company_id: int
    other_company_id: int
    advisor: Actor  # owner of the client's service
    colleague: Actor  # same office, serves nothing
    stranger: Actor  # another office
    sophie: Actor  # user of the company with Financial Overview
    frans: Actor  # Beheerder of the company, without Financial Overview ticked
    other_user: Actor  # user of another company with Financial Overview


def _client_user(db, actor: Actor, company_id: int, email: str, first_name: str) -> Actor:
    """A user of the company with Financial Overview, through the activation link."""
    users.create_user(db, actor, company_id=company_id, data=UserInput(
        email=email, first_name=first_name, last_name="Mulder", role="gebruiker", products=(FO,)))
    db.commit()
    token = activation.activate(db, token=_token_of(db, email), password=PASSWORD,
                                password_repeat=PASSWORD, accept_terms=True)
    db.commit()
    return auth.actor_for_token(db, token)


@pytest.fixture
def story(db, office_admin, office_employee, other_office_admin) -> Story:
    company, frans, link = _link_company(db, office_admin, "11111298", "BSE", "frans@bse.example")
    other, _, _ = _link_company(db, other_office_admin, "22334455", "KOR",
                                          "lisa@kor.example")
    sophie = _client_user(db, office_admin, company.id, "sophie.mulder@bsevents.nl", "Sophie")
    other_user = _client_user(db, other_office_admin, other.id, "piet@kor.example", "Piet")
    return Story(db.get(ClientService, link.id).client_id, company.id, other.id, office_admin,
                 office_employee, other_office_admin, sophie, frans, other_user)


def _write(db, actor, scope, text="Omzet stijgt door de nieuwe zaal.", **kw):
    values = {"year": 2025, "target": "omzet", "month": 3} | kw
    comment = comments.add_comment(db, actor, scope, text=text, **values)
    db.commit()
    return comment


def test_the_serving_employee_writes_and_the_company_user_reads(db, story, fake_clock):
    fake_clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    scope = scopes.for_employee(db, story.advisor, story.client_id)
    assert scope.viewer == EMPLOYEE
    first = _write(db, story.advisor, scope, target="dashboard", month=None,
                   text="Een goed jaar.")
    fake_clock.advance(minutes=5)
    _write(db, story.advisor, scope)
    _write(db, story.advisor, scope, year=2024, text="Vorig jaar.")

    theirs = scopes.for_company_user(db, story.sophie, story.company_id)
    assert theirs.viewer == COMPANY_USER and theirs.client_id == story.client_id
    seen = comments.list_comments(db, story.sophie, theirs, year=2025)
    assert [(c.target_label, c.month, c.text) for c in seen] == [
        ("Omzet", 3, "Omzet stijgt door de nieuwe zaal."), ("Dashboard", None, "Een goed jaar.")]
    assert {c.author_name for c in seen} == {story.advisor.name}
    assert not any(c.mine for c in seen)  # read-only for the company's users
    assert all(c.updated_at == c.created_at for c in seen)  # not edited
    mine = comments.list_comments(db, story.advisor, scope, year=2025)
    assert all(c.mine for c in mine)
    entry = db.exec(select(AuditEntry).where(AuditEntry.entity == "overview_comment",
                                             AuditEntry.entity_id == first.id)).one()
    assert (entry.action, entry.actor_id, entry.changes["text"]) == \
        ("create", story.advisor.identity_id, "Een goed jaar.")


def _scopes(db, story) -> dict[str, scopes.Scope]:
    employee = scopes.for_employee(db, story.advisor, story.client_id)
    company = scopes.for_company_user(db, story.sophie, story.company_id)
    return {"employee": employee, "company": company}


@pytest.mark.parametrize(("who", "scope_kind", "error"), [
    ("colleague", "employee", PermissionDenied),  # same office, no service of the client
    ("stranger", "employee", NotFound),  # another office: the client does not exist
    ("sophie", "company", PermissionDenied),  # the client's own user reads only
    ("sophie", "employee", PermissionDenied),  # a scope made for an employee does not help
    ("other_user", "company", PermissionDenied),
])
def test_nobody_else_writes(db, story, who, scope_kind, error):
    scope = _scopes(db, story)[scope_kind]
    with pytest.raises(error):
        comments.add_comment(db, getattr(story, who), scope, year=2025, target="dashboard",
                             text="Mag niet.")
    db.rollback()
    assert db.exec(select(OverviewComment)).all() == []


def test_a_participant_writes_too(db, story):
    link = db.exec(select(ClientService).where(ClientService.client_id == story.client_id)).one()
    from vfo_app.domain.advisor import services as svc

    svc.update_client_service(db, story.advisor, link.id, story.advisor.identity_id,
                              participant_ids=[story.colleague.identity_id])
    db.commit()
    scope = scopes.for_employee(db, story.colleague, story.client_id)
    _write(db, story.colleague, scope, text="Van de deelnemer.")
    seen = comments.list_comments(db, story.sophie, _scopes(db, story)["company"], year=2025)
    assert [c.text for c in seen] == ["Van de deelnemer."]


def test_another_companys_user_reads_nothing(db, story):
    scope = scopes.for_employee(db, story.advisor, story.client_id)
    _write(db, story.advisor, scope)
    with pytest.raises(NotFound):
        scopes.for_company_user(db, story.other_user, story.company_id)
    own = scopes.for_company_user(db, story.other_user, story.other_company_id)
    assert comments.list_comments(db, story.other_user, own, year=2025) == []
    forged = (replace(own, client_id=story.client_id),  # own company, our client
              replace(own, company_id=story.company_id),  # our company
              scope)  # the accountant's scope
    for s in forged:
        with pytest.raises((NotFound, PermissionDenied)):
            comments.list_comments(db, story.other_user, s, year=2025)
    # a user of the company without Financial Overview ticked reads nothing either
    with pytest.raises(NotFound):
        scopes.for_company_user(db, story.frans, story.company_id)
    for who in (story.colleague, story.stranger):
        with pytest.raises((NotFound, PermissionDenied)):
            comments.list_comments(db, who, scope, year=2025)


def test_only_the_author_edits_and_deletes(db, story, fake_clock):
    fake_clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    link = db.exec(select(ClientService).where(ClientService.client_id == story.client_id)).one()
    from vfo_app.domain.advisor import services as svc

    svc.update_client_service(db, story.advisor, link.id, story.advisor.identity_id,
                              participant_ids=[story.colleague.identity_id])
    db.commit()
    scope = scopes.for_employee(db, story.advisor, story.client_id)
    comment = _write(db, story.advisor, scope)
    colleague_scope = scopes.for_employee(db, story.colleague, story.client_id)
    for attempt in (lambda: comments.update_comment(db, story.colleague, colleague_scope,
                                                    comment.id, text="Overschreven"),
                    lambda: comments.delete_comment(db, story.colleague, colleague_scope,
                                                    comment.id)):
        with pytest.raises(PermissionDenied, match="Alleen wie de toelichting schreef"):
            attempt()
        db.rollback()
    company = _scopes(db, story)["company"]
    with pytest.raises(PermissionDenied):
        comments.update_comment(db, story.sophie, company, comment.id, text="Van de klant")
    db.rollback()
    fake_clock.advance(minutes=10)
    comments.update_comment(db, story.advisor, scope, comment.id, text="Bijgewerkt.")
    db.commit()
    saved = db.get(OverviewComment, comment.id)
    assert saved.text == "Bijgewerkt." and saved.updated_at > saved.created_at
    comments.delete_comment(db, story.advisor, scope, comment.id)
    db.commit()
    assert db.get(OverviewComment, comment.id) is None
    actions = db.exec(select(AuditEntry.action).where(
        AuditEntry.entity == "overview_comment", AuditEntry.entity_id == comment.id)
        .order_by(AuditEntry.id)).all()
    assert actions == ["create", "update", "delete"]


def test_a_comment_of_another_client_is_unknown(db, story, office_admin):
    scope = scopes.for_employee(db, story.advisor, story.client_id)
    comment = _write(db, story.advisor, scope)
    other_id, _ = active_client(db, office_admin, kvk="66778811", number="OTH")
    other_scope = scopes.for_employee(db, office_admin, other_id)
    with pytest.raises(NotFound):
        comments.delete_comment(db, office_admin, other_scope, comment.id)


def test_text_target_and_period_are_checked(db, story):
    scope = scopes.for_employee(db, story.advisor, story.client_id)
    with pytest.raises(ValidationFailed) as exc:
        comments.add_comment(db, story.advisor, scope, year=2025, target="geheim", month=13,
                             text="   ")
    assert set(exc.value.errors) == {"text", "target", "month"}
    with pytest.raises(ValidationFailed):
        comments.add_comment(db, story.advisor, scope, year=2025, target="dashboard",
                             text="x" * (comments.MAX_LENGTH + 1))


def test_starter_has_no_report_comments(db, office_admin):
    client_id, _ = active_client(db, office_admin, kvk="66778812", number="STA",
                                 product=products.FINANCIAL_OVERVIEW_STARTER)
    scope = scopes.for_employee(db, office_admin, client_id)
    keys = [k for k, _ in comments.targets(scope)]
    assert "dashboard" in keys and "omzet" in keys
    assert "winst_en_verlies" not in keys and "balans" not in keys
    with pytest.raises(ValidationFailed):
        comments.add_comment(db, office_admin, scope, year=2025, target="balans", text="Nee.")
    comments.add_comment(db, office_admin, scope, year=2025, target="omzet", text="Ja.")
    db.commit()
    assert [c.text for c in comments.list_comments(db, office_admin, scope, year=2025)] == ["Ja."]
