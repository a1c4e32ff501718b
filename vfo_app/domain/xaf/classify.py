"""Classify ledger accounts: balance sheet or profit and loss, and a category for reports.

Why this order: the accountant's correction wins (they know the client); an RGS code in the
file says most (walked up to the nearest code RGS 3.7 knows, as files made with RGS 2.0 carry
codes 3.7 dropped); else the account type accTp (B/P) gives the side; else the Dutch decimal
account scheme (rubriek 0-3 balance, 4-9 profit and loss) gives a sensible default.
The categories below are the one place the dashboards and reports take their groups from.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BALANCE = "B"
PROFIT_LOSS = "P"
RGS_CSV = Path(__file__).parent / "data" / "rgs37.csv"


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    section: str  # B = balans, P = winst-en-verlies


CATEGORIES: dict[str, Category] = {c.key: c for c in (
    Category("vaste_activa", "Vaste activa", BALANCE),
    Category("voorraden", "Voorraden en onderhanden werk", BALANCE),
    Category("debiteuren", "Debiteuren", BALANCE),
    Category("vorderingen", "Overige vorderingen", BALANCE),
    Category("liquide_middelen", "Liquide middelen", BALANCE),
    Category("eigen_vermogen", "Eigen vermogen", BALANCE),
    Category("voorzieningen", "Voorzieningen", BALANCE),
    Category("langlopende_schulden", "Langlopende schulden", BALANCE),
    Category("crediteuren", "Crediteuren", BALANCE),
    Category("kortlopende_schulden", "Overige kortlopende schulden", BALANCE),
    Category("overige_balansposten", "Overige balansposten", BALANCE),
    Category("omzet", "Netto-omzet", PROFIT_LOSS),
    Category("kostprijs", "Kostprijs van de omzet", PROFIT_LOSS),
    Category("overige_opbrengsten", "Overige bedrijfsopbrengsten", PROFIT_LOSS),
    Category("personeelskosten", "Personeelskosten", PROFIT_LOSS),
    Category("afschrijvingen", "Afschrijvingen", PROFIT_LOSS),
    Category("overige_bedrijfskosten", "Overige bedrijfskosten", PROFIT_LOSS),
    Category("financiele_baten_lasten", "Financiële baten en lasten", PROFIT_LOSS),
    Category("belastingen", "Belastingen", PROFIT_LOSS),
    Category("overig_resultaat", "Overige resultaatposten", PROFIT_LOSS),
)}

# RGS prefix -> category; the longest matching prefix wins (BVorDeb before BVor).
RGS_CATEGORY: dict[str, str] = {
    "BIva": "vaste_activa", "BMva": "vaste_activa", "BVas": "vaste_activa",
    "BFva": "vaste_activa", "BVrd": "voorraden", "BPro": "voorraden", "BVor": "vorderingen",
    "BVorDeb": "debiteuren", "BEff": "vorderingen", "BLim": "liquide_middelen",
    "BEiv": "eigen_vermogen", "BEga": "eigen_vermogen", "BVrz": "voorzieningen",
    "BLas": "langlopende_schulden", "BSch": "kortlopende_schulden", "BSchCre": "crediteuren",
    "WOmz": "omzet", "WLbe": "omzet", "WKpr": "kostprijs", "WWiv": "kostprijs",
    "WOvb": "overige_opbrengsten", "WRev": "overige_opbrengsten", "WRvi": "overige_opbrengsten",
    "WRgr": "overige_opbrengsten", "WWvv": "overige_opbrengsten", "WNoa": "overige_opbrengsten",
    "WPer": "personeelskosten", "WAfs": "afschrijvingen", "WWvi": "afschrijvingen",
    "WBed": "overige_bedrijfskosten", "WBwv": "overige_bedrijfskosten",
    "WOok": "overige_bedrijfskosten", "WKol": "overige_bedrijfskosten",
    "WVkf": "overige_bedrijfskosten", "WAkf": "overige_bedrijfskosten",
    "WFbe": "financiele_baten_lasten", "WOvt": "financiele_baten_lasten",
    "WVhe": "financiele_baten_lasten", "WWfa": "financiele_baten_lasten",
    "WRed": "financiele_baten_lasten", "WBel": "belastingen",
    "WAad": "overig_resultaat", "WNer": "overig_resultaat", "WMfo": "overig_resultaat",
}

# The Dutch decimal account scheme, by the first two digits of the account number.
NUMBER_DEFAULTS: dict[str, str] = {
    **dict.fromkeys(("00", "01", "02", "03", "04"), "vaste_activa"),
    **dict.fromkeys(("05", "06"), "eigen_vermogen"),
    "07": "voorzieningen",
    **dict.fromkeys(("08", "09"), "langlopende_schulden"),
    **dict.fromkeys(("10", "11", "12"), "liquide_middelen"),
    "13": "debiteuren", "14": "vorderingen", "16": "crediteuren",
    **dict.fromkeys(("15", "17", "18", "19"), "kortlopende_schulden"),
    **{f"2{d}": "kortlopende_schulden" for d in "0123456789"},  # tussenrekeningen
    **{f"3{d}": "voorraden" for d in "0123456789"},
    **{f"4{d}": "overige_bedrijfskosten" for d in "23456789"},
    **dict.fromkeys(("40", "41"), "personeelskosten"), "48": "afschrijvingen",
    **{f"{r}{d}": "overige_bedrijfskosten" for r in "56" for d in "0123456789"},
    **{f"7{d}": "kostprijs" for d in "0123456789"},
    **{f"8{d}": "omzet" for d in "0123456789"},
    **{f"9{d}": "financiele_baten_lasten" for d in "0123456789"},
}
GENERIC = {BALANCE: "overige_balansposten", PROFIT_LOSS: "overige_bedrijfskosten"}

_RGS_LIKE = re.compile(r"[BW](?:[A-Z][a-z0-9]+)*")
_SEGMENT = re.compile(r"[A-Z][a-z0-9]*$")


@dataclass(frozen=True)
class Classification:
    section: str
    category: str
    rgs_code: str = ""  # the RGS 3.7 code used, if any
    rgs_code_file: str = ""  # the code as the file had it
    source: str = "standaard"  # correctie | rgs | acctp | nummer | standaard


@lru_cache(maxsize=1)
def rgs_codes() -> dict[str, str]:
    """RGS 3.7 code -> short description; read once, on first use."""
    with RGS_CSV.open(encoding="utf-8", newline="") as fh:
        next(fh)  # title row
        return {row["Referentiecode"].strip(): row["Omschrijving (verkort)"].strip()
                for row in csv.DictReader(fh) if row.get("Referentiecode", "").strip()}


def nearest_rgs(code: str) -> str | None:
    """The code itself if RGS 3.7 knows it, else its nearest known ancestor (by prefix)."""
    known = rgs_codes()
    while code:
        if code in known:
            return code
        code = _SEGMENT.sub("", code) if len(code) > 1 else ""
    return None


def category_of_rgs(code: str) -> str | None:
    for length in range(len(code), 3, -1):
        category = RGS_CATEGORY.get(code[:length])
        if category:
            return category
    return None


def number_default(account_id: str) -> str | None:
    digits = account_id.strip()
    if len(digits) < 2 or not digits[:2].isdigit():
        return None if not digits[:1].isdigit() else NUMBER_DEFAULTS.get(digits[:1] + "0")
    return NUMBER_DEFAULTS.get(digits[:2])


def _from_rgs(codes: list[str], account_id: str) -> Classification | None:
    for raw in codes:
        if not _RGS_LIKE.fullmatch(raw):
            continue
        code = nearest_rgs(raw)
        if code is None:
            continue
        section = BALANCE if code[0] == "B" else PROFIT_LOSS
        category = category_of_rgs(code) or _default_in(section, account_id)
        return Classification(section, category, code, raw, "rgs")
    return None


def _default_in(section: str, account_id: str) -> str:
    """The number default if it lies on the given side, else that side's generic category."""
    category = number_default(account_id)
    if category and CATEGORIES[category].section == section:
        return category
    return GENERIC[section]


def classify(account_id: str, account_type: str = "", codes: list[str] | None = None,
             correction: str | None = None) -> Classification:
    """Classify one account. ``correction`` is the accountant's category key, if any."""
    codes = codes or []
    first_code = next((c for c in codes if _RGS_LIKE.fullmatch(c)), "")
    if correction in CATEGORIES:
        return Classification(CATEGORIES[correction].section, correction, "", first_code,
                              "correctie")
    found = _from_rgs(codes, account_id)
    if found:
        return found
    if account_type in (BALANCE, PROFIT_LOSS):
        return Classification(account_type, _default_in(account_type, account_id), "",
                              first_code, "acctp")
    category = number_default(account_id)
    if category:
        return Classification(CATEGORIES[category].section, category, "", first_code, "nummer")
    return Classification(BALANCE, GENERIC[BALANCE], "", first_code, "standaard")
