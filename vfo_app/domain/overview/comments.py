"""Vertel het verhaal: the accountant's comments on a client's dashboard, reports and key
figures, per fiscal year and optionally per period; the company's users read them.

Every function takes the ``Scope`` the caller resolved for the actor (``scopes.for_employee``
or ``scopes.for_company_user``) and resolves it again for that actor here, so a scope is never
trusted on its own. Employees who may open the overview write; the author edits and deletes;
the company's users only read their own company's comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from vfo_app.domain import access, audit, clock
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, PermissionDenied, ValidationFailed
from vfo_app.domain.models import Identity, OverviewComment
from vfo_app.domain.overview import key_figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.overview.scope import Scope

MAX_LENGTH = 2000
DASHBOARD, PROFIT_AND_LOSS, BALANCE = "dashboard", "winst_en_verlies", "balans"
REPORTS = (PROFIT_AND_LOSS, BALANCE)  # not in Starter
# the key figures a comment can be about: their keys are stored with the comment, their labels
# are the library's
COMMENTED_FIGURES = ("omzet", "brutomarge", "bedrijfsresultaat", "nettoresultaat",
                     "liquide_middelen", "werkkapitaal", "current_ratio", "solvabiliteit",
                     "debiteuren", "crediteuren")
TARGETS = {DASHBOARD: "Dashboard", PROFIT_AND_LOSS: "Winst-en-verliesrekening",
           BALANCE: "Balans"} | {key: key_figures.LIBRARY[key].label for key in COMMENTED_FIGURES}
WRITERS_ONLY = "Alleen uw accountant schrijft een toelichting."
AUTHOR_ONLY = "Alleen wie de toelichting schreef, kan haar wijzigen of verwijderen."


@dataclass(frozen=True)
class CommentView:
    id: int
    year: int
    month: int | None
    target: str
    target_label: str
    text: str
    author_name: str
    created_at: datetime
    updated_at: datetime
    mine: bool  # written by the actor who asks: they may edit and delete it


def targets(scope: Scope) -> list[tuple[str, str]]:
    """What a comment can be about in this version: (key, label); Starter has no reports."""
    return [(k, v) for k, v in TARGETS.items() if not (scope.is_starter and k in REPORTS)]


def _writer(session: Session, actor: Actor, scope: Scope) -> Scope:
    if not scope.is_employee_view or not access.may_write_comments(actor):
        raise PermissionDenied(WRITERS_ONLY)
    return scopes.recheck(session, actor, scope)


def _clean(scope: Scope, *, year: int, target: str, month: int | None, text: str
           ) -> tuple[int, str, int | None, str]:
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = "Schrijf een toelichting."
    elif len(text) > MAX_LENGTH:
        errors["text"] = f"Een toelichting is hooguit {MAX_LENGTH} tekens."
    if target not in dict(targets(scope)):
        errors["target"] = "Kies waar de toelichting bij hoort."
    if month is not None and not 1 <= int(month) <= 12:
        errors["month"] = "Kies een periode van het boekjaar."
    if not 1900 <= int(year) <= 2999:
        errors["year"] = "Kies een boekjaar."
    if errors:
        raise ValidationFailed(errors)
    return int(year), target, None if month is None else int(month), text


def list_comments(session: Session, actor: Actor, scope: Scope, *, year: int
                  ) -> list[CommentView]:
    """The comments of one fiscal year, newest first (Starter: none on the reports)."""
    fresh = scopes.recheck(session, actor, scope)
    allowed = dict(targets(fresh))
    rows = session.exec(
        select(OverviewComment, Identity)
        .join(Identity, Identity.id == OverviewComment.author_id)
        .where(OverviewComment.client_id == fresh.client_id, OverviewComment.year == int(year),
               OverviewComment.target.in_(list(allowed)))
        .order_by(OverviewComment.created_at.desc(), OverviewComment.id.desc())).all()
    return [CommentView(c.id, c.year, c.month, c.target, allowed[c.target], c.text,
                        author.full_name, c.created_at, c.updated_at,
                        fresh.is_employee_view and c.author_id == actor.identity_id)
            for c, author in rows]


def add_comment(session: Session, actor: Actor, scope: Scope, *, year: int, target: str,
                text: str, month: int | None = None) -> OverviewComment:
    fresh = _writer(session, actor, scope)
    year, target, month, text = _clean(fresh, year=year, target=target, month=month, text=text)
    now = clock.now()  # one moment: a new comment is not "gewijzigd"
    comment = OverviewComment(client_id=fresh.client_id, year=year, month=month, target=target,
                              text=text, author_id=actor.identity_id, created_at=now,
                              updated_at=now)
    session.add(comment)
    session.flush()
    audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id, action="create",
                 entity="overview_comment", entity_id=comment.id,
                 changes={"client_id": fresh.client_id, "year": year, "month": month,
                          "target": target, "text": text})
    return comment


def _own(session: Session, actor: Actor, scope: Scope, comment_id: int | None
         ) -> OverviewComment:
    fresh = _writer(session, actor, scope)
    comment = (session.get(OverviewComment, comment_id) if isinstance(comment_id, int)
               else None)
    if comment is None or comment.client_id != fresh.client_id:
        raise NotFound("Deze toelichting bestaat niet (meer).")
    if comment.author_id != actor.identity_id:
        raise PermissionDenied(AUTHOR_ONLY)
    return comment


def update_comment(session: Session, actor: Actor, scope: Scope, comment_id: int, *,
                   text: str) -> OverviewComment:
    comment = _own(session, actor, scope, comment_id)
    _, _, _, text = _clean(scope, year=comment.year, target=comment.target,
                           month=comment.month, text=text)
    before = comment.text
    comment.text, comment.updated_at = text, clock.now()
    session.add(comment)
    audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id, action="update",
                 entity="overview_comment", entity_id=comment.id,
                 changes=audit.diff({"text": before}, {"text": text}))
    return comment


def delete_comment(session: Session, actor: Actor, scope: Scope, comment_id: int | None
                   ) -> None:
    comment = _own(session, actor, scope, comment_id)
    audit.record(session, actor_id=actor.identity_id, office_id=actor.office_id, action="delete",
                 entity="overview_comment", entity_id=comment.id,
                 changes={"client_id": comment.client_id, "year": comment.year,
                          "target": comment.target, "text": comment.text})
    session.delete(comment)
