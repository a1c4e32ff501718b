"""Vergelijking binnen het kantoor: a client's key ratios against the office's other clients
in the same branche, anonymously, by quartile.

- Only for offices that switched it on (Instellingen > Advies, office beheerders).
- The branche is the SBI code of the Industriestandaard tab, the same code exactly. The group
  is the office's clients with that code, an active Financial Overview (or Starter) and
  figures; the client itself counts.
- **Never fewer than five**: below five clients in the group nothing is compared, and a ratio
  that fewer than five of them have is left out. The count itself is not shown below five.
- **Anonymous**: only the quartile boundaries (25%, median, 75%) and in which quartile the
  client itself falls; no name, number, minimum or maximum of any other client leaves this
  module, so a client user who reads their own dashboard learns nothing of one other client.

The ratios come from the clients' snapshots (``alerts``), computed again where stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import quantiles

from sqlmodel import Session, select

from vfo_app.domain import access, audit, clock
from vfo_app.domain.auth import Actor
from vfo_app.domain.models import (
    Client,
    ClientFigureSnapshot,
    Collaboration,
    CollaborationState,
    OfficeAdviceSetting,
)
from vfo_app.domain.overview import alerts
from vfo_app.domain.overview.scope import Scope

MIN_GROUP = 5
# snapshot column, label, unit, which way is better
RATIOS = (("gross_margin_pct", "Brutomarge %", "pct", "higher"),
          ("net_margin_pct", "Nettomarge", "pct", "higher"),
          ("current_ratio", "Current ratio", "ratio", "higher"),
          ("solvency_pct", "Solvabiliteit", "pct", "higher"),
          ("debtor_days", "Debiteurendagen", "days", "lower"))
OFF = "Het kantoor vergelijkt klanten niet met elkaar."
NO_CODE = "Er is geen SBI-code ingevuld (tabblad Industriestandaard)."
TOO_FEW = ("Er zijn minder dan vijf klanten van het kantoor in deze branche met cijfers; "
           "er wordt niet vergeleken.")


@dataclass(frozen=True)
class RatioComparison:
    key: str
    label: str
    unit: str
    better: str
    own: float | None
    q1: float
    median: float
    q3: float
    quartile: int  # 1..4 from the worst to the best quarter; 0 when the client has no value


@dataclass(frozen=True)
class Comparison:
    shown: bool
    reason: str = ""
    sbi_code: str = ""
    group_size: int = 0  # only set when shown (five or more)
    ratios: tuple[RatioComparison, ...] = ()


def is_on(session: Session, office_id: int) -> bool:
    row = session.get(OfficeAdviceSetting, office_id)
    return bool(row and row.compare_within_office)


def save_setting(session: Session, actor: Actor, *, compare_within_office: bool) -> None:
    """Instellingen > Advies: an office beheerder switches the comparison on or off."""
    office_id = access.require_office_admin(actor)
    row = session.get(OfficeAdviceSetting, office_id) or OfficeAdviceSetting(office_id=office_id)
    before = row.compare_within_office
    row.compare_within_office = bool(compare_within_office)
    row.updated_at, row.updated_by_id = clock.now(), actor.identity_id or None
    session.add(row)
    if before != row.compare_within_office:
        audit.record(session, actor_id=actor.identity_id or None, office_id=office_id,
                     action="update", entity="officeadvicesetting", entity_id=office_id,
                     changes={"compare_within_office": [before, row.compare_within_office]})


def _quartile(value: float, q1: float, median: float, q3: float, better: str) -> int:
    rank = 1 if value <= q1 else 2 if value <= median else 3 if value <= q3 else 4
    return rank if better == "higher" else 5 - rank


def compare(session: Session, scope: Scope) -> Comparison:
    """The comparison for the client of an overview the caller already opened (``scope``:
    access checked by ``scopes.for_employee`` or ``for_company_user``)."""
    client = session.get(Client, scope.client_id)
    if client is None or not is_on(session, client.office_id):
        return Comparison(False, OFF)
    code = client.sbi_code.strip()
    if not code:
        return Comparison(False, NO_CODE)
    group = (select(Client.id).join(Collaboration, Collaboration.client_id == Client.id)
             .where(Client.office_id == client.office_id, Client.sbi_code == code,
                    Collaboration.state == CollaborationState.ACTIVE.value,
                    Collaboration.product.in_(access.OVERVIEW_PRODUCTS)))
    alerts.refresh_stale(session, group, limit=50)
    snaps = session.exec(select(ClientFigureSnapshot).where(
        ClientFigureSnapshot.client_id.in_(group),
        ClientFigureSnapshot.import_id.is_not(None))).all()
    if len(snaps) < MIN_GROUP:
        return Comparison(False, TOO_FEW, code)
    own = next((s for s in snaps if s.client_id == client.id), None)
    ratios = []
    for attr, label, unit, better in RATIOS:
        values = sorted(getattr(s, attr) for s in snaps if getattr(s, attr) is not None)
        if len(values) < MIN_GROUP:
            continue
        q1, median, q3 = (round(q, 2) for q in quantiles(values, n=4, method="inclusive"))
        mine = getattr(own, attr) if own is not None else None
        ratios.append(RatioComparison(
            attr, label, unit, better, mine, q1, median, q3,
            _quartile(mine, q1, median, q3, better) if mine is not None else 0))
    if not ratios:
        return Comparison(False, TOO_FEW, code)
    return Comparison(True, "", code, len(snaps), tuple(ratios))
