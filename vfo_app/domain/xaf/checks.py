"""The checks on every import, run before the client sees the new figures.

Why here and so: they run inside the import's savepoint, after the ledger is written, and read
the import's day sums (LedgerDaySum, a few thousand rows) and accounts, never the lines, so a
million-line year costs them milliseconds. Each check is ``{"code", "status", "message"}``
(status ``ok`` | ``warning`` | ``error``), plain Dutch, stored with the import. Only
``company_mismatch`` can be an error: a file of another company is not imported until the
accountant confirms it (then it stays as a warning, so every figure page can say so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, select

from vfo_app.domain.formatting import day, money
from vfo_app.domain.models import Client, LedgerAccount, LedgerDaySum, LedgerImport
from vfo_app.domain.xaf.classify import BALANCE, PROFIT_LOSS
from vfo_app.domain.xaf.reader import Summary

OK, WARNING, ERROR = "ok", "warning", "error"
CODES = ("company_mismatch", "balance", "control_totals", "opening_balance_continuity",
         "periods_complete", "suspense_accounts", "unusual_sign")
MAX_LISTED = 10  # accounts named in a message; the rest counted
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
_SUSPENSE = re.compile(r"\b(kruispost(en)?|vraagpost(en)?|tussenrekening(en)?|"
                       r"nog\s+te\s+verdelen|onbekende?\s+(ontvangsten|betalingen))\b", re.I)
_LEGAL_FORMS = re.compile(r"\b(b\.?\s?v\.?|n\.?\s?v\.?|v\.?\s?o\.?\s?f\.?|c\.?\s?v\.?|sa|gmbh|"
                          r"ltd|holding|stichting|vereniging|eenmanszaak)\b", re.I)


@dataclass
class CompanyMismatch:
    """What the file says it is, for the question "Toch inlezen?"."""

    file_name: str
    file_kvk: str
    file_vat: str


def check(code: str, status: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "status": status, "message": message, **extra}


def refusing(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The checks that stop the import."""
    return [c for c in checks if c.get("status") == ERROR]


def run_checks(session: Session, client: Client, imp: LedgerImport, summary: Summary, *,
               accept_other_company: bool = False) -> list[dict[str, Any]]:
    """Every check on the import just written; sets ``imp.last_booking_date``."""
    closing = _closing(session, imp.id)
    accounts = _accounts(session, imp.id)
    _recheck_next_year(session, client.id, imp)
    return [
        company_check(client, summary, accepted=accept_other_company),
        _balance(summary),
        _control_totals(summary),
        _continuity(session, client.id, imp, closing),
        _periods(session, imp),
        _suspense(closing, accounts),
        _unusual_sign(closing, accounts),
    ]


# --- company ------------------------------------------------------------------------------


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _vat(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", (text or "").upper())


def _name(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", _LEGAL_FORMS.sub(" ", (text or "").lower())).split())


def _kvk(text: str) -> str:
    """A KvK number (eight digits) in the file's company id, else "": packages also write
    their own administration code there ("1", "ADM01"), which says nothing about whose
    file it is (XAF 3.x companyIdent, 4.0 Commercenr, CLAIR 2.00 companyID in the header)."""
    digits = _digits(text)
    return digits if len(digits) == 8 else ""


def company_check(client: Client, summary: Summary, *, accepted: bool) -> dict[str, Any]:
    """The file's KvK, else its BTW number, else its name against the client's."""
    kvk, vat, name = _kvk(summary.company_ident), _vat(summary.company_tax_id), \
        summary.company_name.strip()
    facts = {"file_company_name": name, "file_kvk": kvk, "file_vat": vat}
    if kvk and client.kvk_number:
        same, basis = kvk == _digits(client.kvk_number), f"KvK-nummer {kvk}"
    elif vat and client.vat_number and len(vat) >= 9:
        same, basis = vat == _vat(client.vat_number), f"btw-nummer {vat}"
    elif name:
        a, b = _name(name), _name(client.name)
        same, basis = bool(a and b and (a == b or a in b or b in a)), f"naam {name!r}"
    else:
        return check("company_mismatch", WARNING, "Het bestand noemt geen KvK-nummer, "
                     "btw-nummer of bedrijfsnaam; controleer zelf of het van "
                     f"{client.name} is.", **facts)
    if same:
        return check("company_mismatch", OK, f"Het bestand is van {client.name} ({basis}).",
                     **facts)
    who = describe_company(name, kvk)
    if accepted:
        return check("company_mismatch", WARNING, f"Dit bestand is van {who}, niet van "
                     f"{client.name}; op bevestiging toch ingelezen.", accepted=True, **facts)
    return check("company_mismatch", ERROR, f"Dit bestand lijkt van {who} te zijn, niet van "
                 f"{client.name}. Het is niet ingelezen.", **facts)


def describe_company(name: str, kvk: str) -> str:
    return f"{name or 'een ander bedrijf'}" + (f" (KvK {kvk})" if kvk else "")


# --- what the reader counted ----------------------------------------------------------------


def _balance(s: Summary) -> dict[str, Any]:
    if s.unbalanced_transactions:
        return check("balance", WARNING, f"{s.unbalanced_transactions} boeking(en) niet in "
                     f"evenwicht (debet ≠ credit); in totaal wel: debet en credit "
                     f"{money(s.debit_cents)}.", unbalanced=s.unbalanced_transactions)
    return check("balance", OK, f"Elke boeking en het totaal in evenwicht: debet en credit "
                 f"{money(s.debit_cents)}.")


def _control_totals(s: Summary) -> dict[str, Any]:
    if s.control_mismatches:
        return check("control_totals", WARNING, "De controletotalen in het bestand kloppen "
                     "niet met de boekingen: " + " ".join(s.control_mismatches))
    if not s.controls_declared:
        return check("control_totals", OK, "Het bestand geeft geen controletotalen; de "
                     "boekingen zelf zijn geteld.")
    notes = "".join(f" {n}" for n in s.control_notes)
    return check("control_totals", OK, f"De controletotalen in het bestand kloppen.{notes}")


# --- from the day sums ----------------------------------------------------------------------


def _closing(session: Session, import_id: int) -> dict[str, tuple[int, int]]:
    """account -> (opening, closing) in cents, debit positive."""
    d = LedgerDaySum
    rows = session.exec(
        select(d.account_id,
               func.sum(case((d.is_opening == True, d.debit_cents - d.credit_cents),
                             else_=0)),
               func.sum(d.debit_cents - d.credit_cents))
        .where(d.import_id == import_id).group_by(d.account_id)).all()
    return {a: (int(o or 0), int(c or 0)) for a, o, c in rows}


def _accounts(session: Session, import_id: int) -> dict[str, LedgerAccount]:
    return {a.account_id: a for a in session.exec(
        select(LedgerAccount).where(LedgerAccount.import_id == import_id)).all()}


def _label(account_id: str, accounts: dict[str, LedgerAccount]) -> str:
    a = accounts.get(account_id)
    return f"{account_id} {a.description}".strip() if a else account_id


def _listed(items: list[str]) -> str:
    more = len(items) - MAX_LISTED
    return "; ".join(items[:MAX_LISTED]) + (f" en {more} meer" if more > 0 else "")


def _continuity(session: Session, client_id: int, imp: LedgerImport,
                closing: dict[str, tuple[int, int]]) -> dict[str, Any]:
    """This year's opening against last year's closing, and next year's opening against this
    year's closing when the next year was imported first (years come in any order)."""
    parts, differences, status = [], [], OK
    for earlier, later, later_open in _neighbours(session, client_id, imp, closing):
        diffs = _differences(session, earlier, later, later_open)
        if diffs is None:
            continue
        label = f"Beginbalans {later.year} tegen eindbalans {earlier.year}"
        if diffs:
            status = WARNING
            parts.append(f"{label}: {len(diffs)} verschil(len): " + _listed(
                [f"{d['account']} {money(d['difference_cents'])}" for d in diffs]) + ".")
            differences += [{**d, "year": later.year} for d in diffs]
        else:
            parts.append(f"{label}: sluit aan.")
    if not parts:
        return check("opening_balance_continuity", OK, f"Geen boekjaar {imp.year - 1} of "
                     f"{imp.year + 1} ingelezen om de beginbalans mee te vergelijken.")
    return check("opening_balance_continuity", status, " ".join(parts), differences=differences)


def _recheck_next_year(session: Session, client_id: int, imp: LedgerImport) -> None:
    """The next year, imported before this one, now has a year to compare its opening with."""
    nxt = session.exec(select(LedgerImport).where(LedgerImport.client_id == client_id,
                                                  LedgerImport.year == imp.year + 1)).first()
    if nxt is None:
        return
    fresh = _continuity(session, client_id, nxt, _closing(session, nxt.id))
    nxt.checks = [fresh if c.get("code") == fresh["code"] else c for c in nxt.checks or []] \
        if any(c.get("code") == fresh["code"] for c in nxt.checks or []) \
        else [*(nxt.checks or []), fresh]
    session.add(nxt)


def _neighbours(session: Session, client_id: int, imp: LedgerImport,
                closing: dict[str, tuple[int, int]]):
    prev = session.exec(select(LedgerImport).where(LedgerImport.client_id == client_id,
                                                   LedgerImport.year == imp.year - 1)).first()
    if prev is not None:
        yield prev, imp, {a: o for a, (o, _c) in closing.items()}
    nxt = session.exec(select(LedgerImport).where(LedgerImport.client_id == client_id,
                                                  LedgerImport.year == imp.year + 1)).first()
    if nxt is not None:
        yield imp, nxt, {a: o for a, (o, _c) in _closing(session, nxt.id).items()}


def _differences(session: Session, earlier: LedgerImport, later: LedgerImport,
                 later_open: dict[str, int]) -> list[dict[str, Any]] | None:
    """Per balance-sheet account: opening of ``later`` minus closing of ``earlier``. The
    earlier year's result lands on one equity account in the opening balance: a difference
    of exactly that amount on one account is the result carried over, not an error."""
    if not any(later_open.values()):
        return None  # the later year has no opening balance to compare
    earlier_close = {a: c for a, (_o, c) in _closing(session, earlier.id).items()}
    accounts = _accounts(session, earlier.id) | _accounts(session, later.id)
    sections = {a: acc.section for a, acc in accounts.items()}
    result_on_equity = sum(c for a, c in earlier_close.items()
                           if sections.get(a) == PROFIT_LOSS)
    diffs = []
    for a in sorted(set(earlier_close) | set(later_open)):
        if sections.get(a, BALANCE) != BALANCE:
            continue
        diff = later_open.get(a, 0) - earlier_close.get(a, 0)
        if diff:
            diffs.append({"account": _label(a, accounts), "account_id": a,
                          "closing_cents": earlier_close.get(a, 0),
                          "opening_cents": later_open.get(a, 0), "difference_cents": diff})
    carried = [d for d in diffs if d["difference_cents"] == result_on_equity]
    if result_on_equity and carried:
        diffs.remove(carried[0])
    return diffs


def _periods(session: Session, imp: LedgerImport) -> dict[str, Any]:
    """Months without bookings between the start of the year and the last booking, and the
    last booking date ("geboekt t/m").

    The choice: every such month is named, however small the administration. An accountant
    reads an empty month with bookings after it as a bank statement not yet processed (even a
    quiet month has bank costs or rent), which is what this check is for; a month after the
    last booking is not missing, the books simply run to that date. So the demo's file has
    its August (rent, bank costs) rather than the check going quiet on an empty month."""
    d = LedgerDaySum
    month_col = func.strftime("%Y-%m", d.entry_date) \
        if session.get_bind().dialect.name == "sqlite" else func.to_char(d.entry_date,
                                                                         "YYYY-MM")
    rows = session.exec(select(month_col, func.max(d.entry_date))
                        .where(d.import_id == imp.id, d.is_opening == False)
                        .group_by(month_col)).all()
    booked = {m for m, _ in rows if m}
    last = max((_as_date(x) for _, x in rows if x), default=None)
    imp.last_booking_date = last  # of the lines just written (a re-import replaces it)
    session.add(imp)
    if last is None:
        return check("periods_complete", WARNING, "Er staan geen boekingen in dit boekjaar, "
                     "alleen een beginbalans.", last_booking_date=None)
    missing = []
    if imp.start_date and imp.end_date:
        y, m = imp.start_date.year, imp.start_date.month
        while (y, m) <= (last.year, last.month):
            if f"{y:04d}-{m:02d}" not in booked:
                missing.append(f"{MONTHS[m - 1]} {y}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    upto = f"Geboekt t/m {day(last)}"
    extra = {"last_booking_date": last.isoformat(), "missing_months": missing}
    if missing:
        return check("periods_complete", WARNING, f"{upto}; geen boekingen in "
                     f"{_listed(missing)}.", **extra)
    if imp.end_date and last < imp.end_date:
        return check("periods_complete", OK, f"{upto}: het boekjaar loopt tot "
                     f"{day(imp.end_date)}, de maanden tot dan zijn alle geboekt.", **extra)
    return check("periods_complete", OK, f"{upto}: elke maand van het boekjaar heeft "
                 "boekingen.", **extra)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _suspense(closing: dict[str, tuple[int, int]],
              accounts: dict[str, LedgerAccount]) -> dict[str, Any]:
    open_ = [f"{_label(a, accounts)} {money(c)}" for a, (_o, c) in sorted(closing.items())
             if c and a in accounts and _SUSPENSE.search(accounts[a].description or "")]
    if open_:
        return check("suspense_accounts", WARNING, "Kruisposten, vraagposten of "
                     f"tussenrekeningen staan aan het eind niet op nul: {_listed(open_)}.")
    return check("suspense_accounts", OK, "Kruisposten, vraagposten en tussenrekeningen staan "
                 "aan het eind op nul.")


_SIGN_RULES = (("debiteuren", -1, "debiteuren met een creditsaldo"),
               ("crediteuren", 1, "crediteuren met een debetsaldo"),
               ("liquide_middelen", -1, "negatieve liquide middelen"))


def _unusual_sign(closing: dict[str, tuple[int, int]],
                  accounts: dict[str, LedgerAccount]) -> dict[str, Any]:
    found = []
    for category, wrong_sign, what in _SIGN_RULES:
        odd = [f"{_label(a, accounts)} {money(c)}" for a, (_o, c) in sorted(closing.items())
               if a in accounts and accounts[a].category == category and c * wrong_sign > 0]
        if odd:
            found.append(f"{what}: {_listed(odd)}")
    if found:
        return check("unusual_sign", WARNING, "Opvallend saldo aan het eind: "
                     + "; ".join(found) + ".")
    return check("unusual_sign", OK, "Debiteuren, crediteuren en liquide middelen hebben aan "
                 "het eind een gewoon saldo.")
