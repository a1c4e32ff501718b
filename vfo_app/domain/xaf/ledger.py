"""Reading the imported ledger: who may, the trial balance, classification corrections.

Every figure is aggregated in the database, from the day sums the import writes
(LedgerDaySum), never by looping over lines in Python: a year can hold a million lines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import case, func, update
from sqlmodel import Session, select

from vfo_app.domain import access, audit, clock
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.formatting import day
from vfo_app.domain.models import (
    Client,
    Identity,
    LedgerAccount,
    LedgerClassificationCorrection,
    LedgerDaySum,
    LedgerImport,
    LedgerParty,
    Office,
)
from vfo_app.domain.xaf.classify import (
    BALANCE,
    CATEGORIES,
    ON_NUMBER,
    PARTY_CATEGORY,
    PROFIT_LOSS,
    classify,
)

NO_YEAR = "Van dit boekjaar zijn geen cijfers ingelezen."


def client_by_number(session: Session, number: str, office_name: str | None = None) -> Client:
    """For the command line: the client with this klantnummer (in this office, if given)."""
    query = select(Client).where(Client.number == number.strip())
    if office_name:
        query = query.join(Office, Office.id == Client.office_id).where(
            Office.name == office_name)
    clients = session.exec(query).all()
    if not clients:
        raise NotFound(f"Geen klant met klantnummer {number!r}"
                       + (f" bij {office_name}." if office_name else "."))
    if len(clients) > 1:
        raise ValidationFailed({"office": f"Klantnummer {number} bestaat bij meer kantoren; "
                                          "geef --office."})
    return clients[0]


def year_import(session: Session, client_id: int, year: int) -> LedgerImport | None:
    return session.exec(select(LedgerImport).where(
        LedgerImport.client_id == client_id, LedgerImport.year == year)).first()


# --- trial balance -----------------------------------------------------------------------


@dataclass
class TrialBalanceRow:
    """One account of the proef- en saldibalans; amounts in cents, debit positive."""

    account_id: str
    description: str
    section: str
    category: str
    opening_cents: int
    debit_cents: int
    credit_cents: int
    closing_cents: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _aggregate(import_id: int):
    day = LedgerDaySum
    moving = day.is_opening == False
    return (
        select(day.account_id.label("account_id"),
               func.sum(case((day.is_opening == True, day.debit_cents - day.credit_cents),
                             else_=0)).label("opening"),
               func.sum(case((moving, day.debit_cents), else_=0)).label("debit"),
               func.sum(case((moving, day.credit_cents), else_=0)).label("credit"))
        .where(day.import_id == import_id)
        .group_by(day.account_id)
        .subquery())


def trial_balance(session: Session, actor: Actor, client_id: int, year: int
                  ) -> list[TrialBalanceRow]:
    """Each account with lines in the year: opening, debit and credit movements, closing."""
    client = access.require_ledger(session, actor, client_id)
    imp = year_import(session, client.id, year)
    if imp is None:
        raise NotFound(NO_YEAR)
    agg = _aggregate(imp.id)
    rows = session.exec(
        select(agg.c.account_id, LedgerAccount.description, LedgerAccount.section,
               LedgerAccount.category, agg.c.opening, agg.c.debit, agg.c.credit)
        .join(LedgerAccount, (LedgerAccount.import_id == imp.id)
              & (LedgerAccount.account_id == agg.c.account_id), isouter=True)
        .order_by(agg.c.account_id)).all()
    return [TrialBalanceRow(a, d or "", s or "", c or "", int(o), int(db), int(cr),
                            int(o) + int(db) - int(cr)) for a, d, s, c, o, db, cr in rows]


def result_cents(rows: list[TrialBalanceRow]) -> int:
    """The year's result (profit positive): minus the closing balance of the P&L accounts."""
    return -sum(r.closing_cents for r in rows if r.section == PROFIT_LOSS)


# --- corrections ---------------------------------------------------------------------------


def set_classification(session: Session, actor: Actor, client_id: int, account_id: str,
                       category: str) -> None:
    """The accountant's category for an account: applied to every year, kept for re-imports."""
    client = access.require_ledger(session, actor, client_id)
    if category not in CATEGORIES:
        raise ValidationFailed({"category": "Kies een bestaande rubriek."})
    section = CATEGORIES[category].section
    row = session.exec(select(LedgerClassificationCorrection).where(
        LedgerClassificationCorrection.client_id == client.id,
        LedgerClassificationCorrection.account_id == account_id)).first()
    row = row or LedgerClassificationCorrection(client_id=client.id, account_id=account_id,
                                                section=section, category=category)
    row.section, row.category, row.corrected_at = section, category, clock.now()
    row.corrected_by_id = None if access.is_system(actor) else actor.identity_id
    session.add(row)
    session.execute(update(LedgerAccount).where(
        LedgerAccount.client_id == client.id, LedgerAccount.account_id == account_id)
        .values(section=section, category=category, classified_by="correctie", corrected=True,
                classification_basis=f"correctie door {actor.name}"[:200]))
    audit.record(session, actor_id=row.corrected_by_id, office_id=client.office_id,
                 action="classify", entity="ledger_account", entity_id=None,
                 changes={"client_id": client.id, "account_id": account_id,
                          "category": category})
    session.flush()


@dataclass(frozen=True)
class AccountToConfirm:
    """An account whose category rests on its number alone, for the accountant to confirm."""

    account_id: str
    description: str
    category: str  # a key of CATEGORIES
    category_label: str
    basis: str  # what the category rests on, in words


def accounts_to_confirm(session: Session, actor: Actor, client_id: int, year: int
                        ) -> list[AccountToConfirm]:
    """The year's accounts whose category rests on the account number alone (``ON_NUMBER``,
    the rule of ``Classification.to_confirm``)."""
    client = access.require_ledger(session, actor, client_id)
    imp = year_import(session, client.id, year)
    if imp is None:
        raise NotFound(NO_YEAR)
    rows = session.exec(select(LedgerAccount).where(
        LedgerAccount.import_id == imp.id, LedgerAccount.classified_by.in_(ON_NUMBER))
        .order_by(LedgerAccount.account_id)).all()
    return [AccountToConfirm(a.account_id, a.description or "", a.category,
                             CATEGORIES[a.category].label if a.category in CATEGORIES
                             else a.category, a.classification_basis or "")
            for a in rows]


def confirm_classification(session: Session, actor: Actor, client_id: int, year: int,
                           account_id: str) -> str:
    """The accountant keeps the account's category: recorded as a correction, so it stays on
    a re-import and its basis becomes "correctie door <naam>". Returns the category."""
    client = access.require_ledger(session, actor, client_id)
    imp = year_import(session, client.id, year)
    if imp is None:
        raise NotFound(NO_YEAR)
    account = session.exec(select(LedgerAccount).where(
        LedgerAccount.import_id == imp.id, LedgerAccount.account_id == account_id)).first()
    if account is None:
        raise NotFound(f"Rekening {account_id} komt in {year} niet voor.")
    category = account.category
    set_classification(session, actor, client.id, account_id, category)
    return category


def corrections_of(session: Session, client_id: int) -> dict[str, str]:
    """account id -> corrected category, for the import."""
    rows = session.exec(select(LedgerClassificationCorrection.account_id,
                               LedgerClassificationCorrection.category)
                        .where(LedgerClassificationCorrection.client_id == client_id)).all()
    return dict(rows)


def correctors_of(session: Session, client_id: int) -> dict[str, str]:
    """account id -> the name of who corrected its category, for "correctie door <naam>"."""
    rows = session.exec(select(LedgerClassificationCorrection.account_id, Identity.first_name,
                               Identity.last_name)
                        .join(Identity, Identity.id == LedgerClassificationCorrection
                              .corrected_by_id)
                        .where(LedgerClassificationCorrection.client_id == client_id)).all()
    return {a: f"{f} {n}".strip() for a, f, n in rows}


# --- customers and suppliers as evidence ---------------------------------------------------


def party_kinds(session: Session, import_id: int) -> dict[str, str]:
    """custSupID -> "klant" | "leverancier" of the import's customers and suppliers whose kind
    is one of the two (a relation that is both says nothing about an account)."""
    rows = session.exec(select(LedgerParty.party_id, LedgerParty.kind).where(
        LedgerParty.import_id == import_id, LedgerParty.kind.in_(PARTY_CATEGORY))).all()
    return dict(rows)


def reclassify_by_parties(session: Session, import_id: int) -> None:
    """Accounts whose id is a customer's or supplier's id but were classified on weaker
    evidence (the relations came after the ledger in the file): Debiteuren / Crediteuren."""
    kinds = party_kinds(session, import_id)
    if not kinds:
        return
    weaker = session.exec(select(LedgerAccount).where(
        LedgerAccount.import_id == import_id, LedgerAccount.account_id.in_(kinds),
        LedgerAccount.classified_by.not_in(("correctie", "rgs", "relatie")),
        LedgerAccount.account_type != PROFIT_LOSS)).all()
    for account in weaker:
        kind = kinds[account.account_id]
        account.section, account.category = BALANCE, PARTY_CATEGORY[kind]
        account.classified_by, account.classification_basis = "relatie", (
            f"{kind} {account.account_id}")
        session.add(account)
    session.flush()


def parties_on_lines(kinds: dict[str, str], line_parties: dict[str, dict[str, int]],
                     lines_per_account: dict[str, int]) -> dict[str, tuple[str, str]]:
    """account -> (kind, the customer or supplier on most of its lines) for the accounts
    whose lines carry the ids of customers only or of suppliers only, on at least half of the
    account's lines. A mix of both kinds (a bank account paying suppliers and paid by
    customers) is no evidence, nor are ids the file does not list as customer or supplier."""
    found = {}
    for account, ids in line_parties.items():
        by_kind: dict[str, list[tuple[int, str]]] = {}
        for party_id, count in ids.items():
            kind = kinds.get(party_id)
            if kind is not None:
                by_kind.setdefault(kind, []).append((count, party_id))
        if len(by_kind) != 1:
            continue
        (kind, counted), = by_kind.items()
        if 2 * sum(n for n, _ in counted) < lines_per_account.get(account, 0):
            continue
        example = min(counted, key=lambda c: (-c[0], c[1]))[1]
        found[account] = (kind, example)
    return found


def reclassify_by_lines(session: Session, import_id: int,
                        line_parties: dict[str, dict[str, int]]) -> None:
    """Accounts classified on their number or type alone whose lines carry customers' (or
    suppliers') ids: Debiteuren (Crediteuren), "boekingen met klant 11000". Runs after the
    lines are in, since they come last in the file; the rank of this evidence (below the
    description) is classify's."""
    kinds = party_kinds(session, import_id)
    if not kinds or not line_parties:
        return
    weaker = session.exec(select(LedgerAccount).where(
        LedgerAccount.import_id == import_id,
        LedgerAccount.account_id.in_(list(line_parties)),
        LedgerAccount.classified_by.in_(ON_NUMBER),
        LedgerAccount.account_type != PROFIT_LOSS)).all()
    if not weaker:
        return
    counts = dict(session.exec(
        select(LedgerDaySum.account_id, func.sum(LedgerDaySum.lines))
        .where(LedgerDaySum.import_id == import_id,
               LedgerDaySum.account_id.in_([a.account_id for a in weaker]))
        .group_by(LedgerDaySum.account_id)).all())
    evidence = parties_on_lines(kinds, {a.account_id: line_parties[a.account_id]
                                        for a in weaker}, {a: int(n) for a, n in counts.items()})
    for account in weaker:
        if account.account_id not in evidence:
            continue
        c = classify(account.account_id, account.account_type, [], None,
                     description=account.description or "",
                     party_on_lines=evidence[account.account_id])
        if c.source != "regels":
            continue
        account.section, account.category = c.section, c.category
        account.classified_by, account.classification_basis = c.source, c.basis
        session.add(account)
    session.flush()


# --- where the figures come from ------------------------------------------------------------


def figures_source(imp: LedgerImport | None) -> str:
    """"Cijfers t/m <last booking date>, ingelezen <date> uit <software>", for every page that
    shows a year's figures ("" when nothing was imported)."""
    if imp is None:
        return ""
    upto = imp.last_booking_date or imp.end_date
    parts = [f"Cijfers t/m {day(upto)}" if upto else f"Cijfers {imp.year}",
             f"ingelezen {day(imp.imported_at.date())}" if imp.imported_at else ""]
    text = ", ".join(p for p in parts if p)
    text += f" uit {imp.software}" if imp.software else ""
    mismatch = next((c for c in imp.checks or [] if c.get("code") == "company_mismatch"
                     and c.get("accepted")), None)
    if mismatch is not None:
        text += f" (bestand van {mismatch.get('file_company_name') or 'een ander bedrijf'})"
    return text + "."
