"""Classify ledger accounts: balance sheet or profit and loss, and a category for reports.

Why this order (strongest evidence first): the accountant's correction (they know the client);
an RGS code in the file (walked up to the nearest code RGS 3.7 knows, as files made with RGS 2.0
carry codes 3.7 dropped); an account whose id is a customer's or supplier's id (Banana keeps
each customer as an account of its own); the account's description (whole Dutch words, with
spelling variants and abbreviations: "Debiteuren", "Afschr.", "Rentebaten"); the account type
accTp (B/P) for the side; the Dutch decimal account scheme (rubriek 0-3 balance, 4-9 profit
and loss) last. Lines that carry a customer's or supplier's id count only below the
description: real exports (Exact) put the custSupID on the revenue, VAT and cash lines of an
invoice too. Every classification says in words what it rests on (``basis``); a category that
rests on the account number alone is for the accountant to confirm (``to_confirm``).
The categories below are the one place the dashboards and reports take their groups from.
"""

from __future__ import annotations

import csv
import re
import unicodedata
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

# What an account's description says, as (pattern, {side: category}); the first rule that has
# a category on the account's side wins, so the specific come before the general ("Kostprijs
# verkopen" before "verkopen", "Voorziening dubieuze debiteuren" before "Voorziening").
# Patterns match whole words of the description in lower case without accents ("privé" is
# "prive"); ``\w*`` after a stem takes the compounds ("Afschrijvingskosten", "Rentebaten").
_B, _P = BALANCE, PROFIT_LOSS
DESCRIPTION_RULES: tuple[tuple[str, dict[str, str]], ...] = (
    (r"te betalen|nog te betalen|vooruit ?ontvangen\w*|transitori\w* passie\w*"
     r"|overlopende passiva", {_B: "kortlopende_schulden"}),
    (r"te vorderen btw|voorbelasting\w*", {_B: "vorderingen"}),
    (r"te vorderen|nog te ontvangen|vooruit ?betaal\w*|transitori\w* actie\w*"
     r"|overlopende activa|waarborgsom\w*", {_B: "vorderingen"}),
    (r"debiteur\w*|deb\.", {_B: "debiteuren"}),
    (r"crediteur\w*|cred\.", {_B: "crediteuren"}),
    (r"afschr(?:ijving\w*|\.)?", {_P: "afschrijvingen", _B: "vaste_activa"}),
    (r"rente\w*|intrest\w*|interest", {_P: "financiele_baten_lasten"}),
    (r"oninbare?|dubieuze?", {_P: "overige_bedrijfskosten"}),
    (r"kruispost\w*|kas|kasgeld|bank|banken|spaarrekening\w*|deposito'?s?|giro|postbank"
     r"|ing|rabobank|abn(?: amro)?|sns|triodos|knab|bunq|asn|regiobank",
     {_B: "liquide_middelen"}),
    (r"vraagpost\w*|btw|omzetbelasting|vat|loonheffing\w*|loonbelasting\w*"
     r"|pensioenpremie\w*|netto ?lonen|af te dragen", {_B: "kortlopende_schulden"}),
    (r"rekening[- ]courant|r/c", {_B: "kortlopende_schulden"}),
    (r"prive\w*|kapitaal|aandelenkapitaal|eigen vermogen|agio\w*|\w*reserves?"
     r"|resultaat voorgaande jaren|onverdeelde winst", {_B: "eigen_vermogen"}),
    (r"leningen? u/g|lening(?:en)? uitgegeven|deelneming\w*", {_B: "vaste_activa"}),
    (r"leningen?|hypothe\w*|o/g", {_B: "langlopende_schulden"}),
    (r"incourant\w*|voorra\w*|onderhanden werk", {_B: "voorraden"}),
    (r"voorziening\w*", {_B: "voorzieningen"}),
    (r"goodwill|gebouw\w*|verbouwing\w*|machines?|inventaris\w*|inrichting|computers?"
     r"|auto'?s|vervoermiddel\w*|installaties?|terreinen|aanloopkosten|software"
     r"|bedrijfspand", {_B: "vaste_activa"}),
    (r"kostprijs\w*|inkoopwaarde|inkoop|inkopen|inkoopkosten|inkoopprijs\w*",
     {_P: "kostprijs"}),
    (r"lonen|loon|salaris\w*|sociale lasten|pensioen\w*|personeel\w*|vakantiegeld"
     r"|werkkostenregeling|uitzendkrachten|\w*personeelskosten",
     {_P: "personeelskosten", _B: "kortlopende_schulden"}),
    (r"omzet\w*|opbrengst\w*|verkopen", {_P: "omzet"}),
    (r"verzekering\w*|assurantie\w*|huur|huisvesting\w*|energie\w*|telefoon\w*"
     r"|kantoor\w*|reclame\w*|reklame\w*|advertentie\w*|representatie\w*|porti"
     r"|drukwerk|contributie\w*|abonnement\w*|relatiegeschenk\w*|\w*kosten",
     {_P: "overige_bedrijfskosten"}),
)
_RULES = tuple((re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"), sides)
               for pattern, sides in DESCRIPTION_RULES)
# the relation kinds of customerSupplier (custSupTp C/S) and the category each points at
PARTY_CATEGORY = {"klant": "debiteuren", "leverancier": "crediteuren"}
# classified_by values whose category rests on the account number: the accountant confirms
ON_NUMBER = ("acctp", "nummer", "standaard")

_RGS_LIKE = re.compile(r"[BW](?:[A-Z][a-z0-9]+)*")
_SEGMENT = re.compile(r"[A-Z][a-z0-9]*$")


@dataclass(frozen=True)
class Classification:
    section: str
    category: str
    rgs_code: str = ""  # the RGS 3.7 code used, if any
    rgs_code_file: str = ""  # the code as the file had it
    # correctie | rgs | relatie | omschrijving | regels | acctp | nummer | standaard
    source: str = "standaard"
    basis: str = ""  # what the category rests on, in words, for the accountant

    @property
    def to_confirm(self) -> bool:
        """The category rests on the account number alone: the accountant should confirm."""
        return self.source in ON_NUMBER


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
        basis = f"RGS-code {code}" + (f" (in het bestand {raw})" if raw != code else "")
        return Classification(section, category, code, raw, "rgs", basis[:200])
    return None


def _default_in(section: str, account_id: str) -> str:
    """The number default if it lies on the given side, else that side's generic category."""
    category = number_default(account_id)
    if category and CATEGORIES[category].section == section:
        return category
    return GENERIC[section]


def _fold(text: str) -> str:
    """Lower case without accents, one character for one, so that positions stay those of
    ``text`` ("Privé" -> "prive")."""
    return "".join((unicodedata.normalize("NFKD", ch)[:1] or ch).lower()[:1] or ch
                   for ch in text)


def from_description(description: str, section: str | None) -> tuple[str, str] | None:
    """(category, the words of the description it rests on), or None. ``section`` is the side
    the account is known to be on (accTp, else the number scheme) or None: then only a rule
    that names one side decides."""
    folded = _fold(description)
    for pattern, sides in _RULES:
        match = pattern.search(folded)
        if match is None:
            continue
        category = sides.get(section) if section else (
            next(iter(sides.values())) if len(sides) == 1 else None)
        if category:
            return category, description[match.start():match.end()].strip()
    return None


def _side(account_type: str, account_id: str) -> str | None:
    if account_type in (BALANCE, PROFIT_LOSS):
        return account_type
    category = number_default(account_id)
    return CATEGORIES[category].section if category else None


def classify(account_id: str, account_type: str = "", codes: list[str] | None = None,
             correction: str | None = None, *, description: str = "",
             party: tuple[str, str] | None = None, party_on_lines: tuple[str, str] | None = None,
             corrected_by: str = "") -> Classification:
    """Classify one account. ``correction`` is the accountant's category key, if any, made by
    ``corrected_by``; ``party`` is (kind, id) when the account's id is that of a customer
    (kind "klant") or a supplier ("leverancier"); ``party_on_lines`` the same when the
    account's lines carry customers' or suppliers' ids of one kind (weaker: see the top)."""
    codes = codes or []
    first_code = next((c for c in codes if _RGS_LIKE.fullmatch(c)), "")
    if correction in CATEGORIES:
        basis = f"correctie door {corrected_by}" if corrected_by else "correctie door het kantoor"
        return Classification(CATEGORIES[correction].section, correction, "", first_code,
                              "correctie", basis[:200])
    found = _from_rgs(codes, account_id)
    if found:
        return found
    if party and party[0] in PARTY_CATEGORY and account_type != PROFIT_LOSS:
        return Classification(BALANCE, PARTY_CATEGORY[party[0]], "", first_code, "relatie",
                              f"{party[0]} {party[1]}"[:200])
    said = from_description(description, _side(account_type, account_id)) if description else None
    if said:
        category, words = said
        return Classification(CATEGORIES[category].section, category, "", first_code,
                              "omschrijving", f"omschrijving '{words}'"[:200])
    if party_on_lines and party_on_lines[0] in PARTY_CATEGORY and account_type != PROFIT_LOSS:
        kind, example = party_on_lines
        return Classification(BALANCE, PARTY_CATEGORY[kind], "", first_code, "regels",
                              f"boekingen met {kind} {example}"[:200])
    if account_type in (BALANCE, PROFIT_LOSS):
        category = _default_in(account_type, account_id)
        side = "balans" if account_type == BALANCE else "winst-en-verlies"
        basis = f"rekeningsoort {side}, " + (
            "rekeningnummer" if category == number_default(account_id) else "algemene rubriek")
        return Classification(account_type, category, "", first_code, "acctp", basis)
    category = number_default(account_id)
    if category:
        return Classification(CATEGORIES[category].section, category, "", first_code, "nummer",
                              "rekeningnummer")
    return Classification(BALANCE, GENERIC[BALANCE], "", first_code, "standaard",
                          "geen aanwijzing")
