"""The library of key figures (kengetallen): what each means, how it is computed, and which
of them a client's dashboard shows with the accountant's target and alert threshold.

Every figure is computed from the same per-category sums as the rest of the overview
(``figures.year_sums``) for the year to date: months 1..``month`` of the fiscal year for
results, the position at the end of month ``month`` for the balance. Signs as an entrepreneur
reads them (revenue, equity and debts positive). A figure that cannot be computed (a division
by zero, no figures last year, negative equity for a return) is ``None`` with a Dutch
``reason``, never a made-up number.

Units: ``eur`` in euros (float, two decimals), ``pct`` in percent (25.0 = 25%), ``ratio`` a
plain number, ``days`` and ``months`` in days and months. A target and an alert threshold are
in the figure's own unit. ``better`` says which way is good: a threshold is breached when the
value falls below it (``higher``) or rises above it (``lower``); see ``breached``.

Definitions an accountant may ask about:
- Eigen vermogen includes the result of the year to date (it is not booked to equity until
  the year is closed), as the Balans shows it.
- Vreemd vermogen: voorzieningen, langlopende schulden, crediteuren and other short-term
  debts. Totaal vermogen: the total of the assets (Overige balansposten, suspense and
  clearing accounts, are left out of both and shown on the Balans).
- Days figures use the calendar days of the period (fiscal year start to the end of month
  ``month``): debiteurendagen = debiteuren / omzet x dagen.
- Kosten per maand (for "liquide middelen in maanden kosten"): the costs of the year to date
  without afschrijvingen (they cost no money now), divided by the months.
- Returns (rentabiliteit) relate the result of the year to date to the capital at the start
  of the fiscal year; they are not annualised, the period says which months they cover.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from vfo_app.domain import clock
from vfo_app.domain.auth import Actor
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.formatting import LOCALE
from vfo_app.domain.models import Client, ClientKeyFigure, OfficeKeyFigure
from vfo_app.domain.overview import figures
from vfo_app.domain.overview.figures import COSTS, YearSums
from vfo_app.domain.xaf.classify import CATEGORIES

UNITS = ("eur", "pct", "ratio", "days", "months")
NO_LAST_YEAR = "Er zijn geen cijfers van vorig jaar om mee te vergelijken."
NO_FIGURES = "Er zijn geen cijfers van dit boekjaar."


@dataclass(frozen=True)
class KeyFigureDef:
    """One key figure of the library: ``formula`` in plain Dutch, ``sentence`` for the
    entrepreneur; ``categories`` the groups of accounts it is made of (drill-down)."""

    key: str
    label: str
    formula: str
    sentence: str
    unit: str  # "eur" | "pct" | "ratio" | "days" | "months"
    better: str  # "higher" | "lower"
    categories: tuple[str, ...] = ()
    group: str = ""  # heading on the Kengetallen page


@dataclass(frozen=True)
class KeyFigureValue:
    """A computed key figure; ``value`` None with ``reason`` when it cannot be computed."""

    key: str
    label: str
    value: float | None
    unit: str
    formula: str
    period_label: str
    categories: tuple[str, ...]
    reason: str = ""
    sentence: str = ""
    better: str = "higher"


@dataclass(frozen=True)
class KeyFigureSetting:
    """Per client: shown on the dashboard (and where), the target and the alert threshold."""

    key: str
    shown: bool = False
    position: int = 0
    target: float | None = None
    threshold: float | None = None
    chosen_by_client: bool = False  # False: the office's (or the product's) default set


class NotComputable(Exception):
    """Raised inside a formula: the figure is None with this Dutch reason."""


# --- the parts every formula is made of ------------------------------------------------------


P_CATEGORIES = tuple(k for k, c in CATEGORIES.items() if c.section == "P")
DEBTS = ("voorzieningen", "langlopende_schulden", "crediteuren", "kortlopende_schulden")
SHORT = figures.SHORT_DEBT
CURRENT = figures.CURRENT_ASSETS
ASSETS = figures.ASSETS


@dataclass
class Parts:
    """The sums of the year to date (``pl``: revenue positive, costs positive) and the
    positions at the end of the period (``bal``: assets, equity and debts positive)."""

    sums: YearSums
    month: int
    last: YearSums | None = None
    days: int = 0
    first: int = 1  # the period's first month: 1 for the year to date

    def rev(self, category: str, s: YearSums | None = None) -> int:
        """A profit-and-loss category of the year to date, revenue positive."""
        s = s or self.sums
        return -s.pl(category, self.first, self.month)

    def cost(self, category: str, s: YearSums | None = None) -> int:
        """A profit-and-loss category of the year to date, costs positive."""
        s = s or self.sums
        return s.pl(category, self.first, self.month)

    def bal(self, category: str, upto: int | None = None) -> int:
        """A balance position at the end of the period (``upto`` 0: the opening), assets
        positive and equity and debts positive."""
        upto = self.month if upto is None else upto
        sign = 1 if category in ASSETS else -1
        return sign * self.sums.balance(category, upto)

    def net(self, s: YearSums | None = None) -> int:
        return sum(self.rev(c, s) for c in P_CATEGORIES)

    def operating(self, s: YearSums | None = None) -> int:
        return sum(self.rev(c, s) for c in figures.OPERATING)

    def equity(self, upto: int | None = None) -> int:
        upto = self.month if upto is None else upto
        result = -sum(self.sums.pl(c, 1, upto) for c in P_CATEGORIES)
        return self.bal("eigen_vermogen", upto) + result

    def total_assets(self, upto: int | None = None) -> int:
        return sum(self.bal(c, upto) for c in ASSETS)

    def debts(self, upto: int | None = None) -> int:
        return sum(self.bal(c, upto) for c in DEBTS)

    def short_debts(self) -> int:
        return sum(self.bal(c) for c in SHORT)

    def current_assets(self) -> int:
        return sum(self.bal(c) for c in CURRENT)

    def previous(self) -> YearSums:
        if self.last is None:
            raise NotComputable(NO_LAST_YEAR)
        return self.last


def _div(numerator: float, denominator: float, why: str) -> float:
    if denominator == 0:
        raise NotComputable(why)
    return numerator / denominator


def _eur(cents: float) -> float:
    return round(cents / 100, 2)


NO_REVENUE = "Er is in deze periode geen omzet geboekt; delen door nul kan niet."


def _of_revenue(p: Parts, cents: float) -> float:
    return 100 * _div(cents, p.rev("omzet"), NO_REVENUE)


def _growth(now: float, before: float, what: str) -> float:
    if before == 0:
        raise NotComputable(f"{what} was vorig jaar in dezelfde periode nul; een groei in "
                            "procenten kan niet.")
    return 100 * (now - before) / abs(before)


def _positive(value: float, why: str) -> float:
    if value <= 0:
        raise NotComputable(why)
    return value


def _gross(p: Parts, s: YearSums | None = None) -> int:
    return p.rev("omzet", s) - p.cost("kostprijs", s)


def _ebitda(p: Parts) -> int:
    return p.operating() + p.cost("afschrijvingen")


def _fixed_costs(p: Parts) -> int:
    return p.cost("personeelskosten") + p.cost("afschrijvingen") + p.cost("overige_bedrijfskosten")


def _interest(p: Parts) -> int:
    """Net interest and other financial costs (positive: a cost)."""
    return p.cost("financiele_baten_lasten")


def _cash_months(p: Parts) -> float:
    """Cash at the end of the period against the average costs of the year to date (also for
    a single month: one month's costs are too lumpy to plan on)."""
    costs = sum(p.sums.pl(c, 1, p.month) for c in COSTS if c != "afschrijvingen")
    months = figures.cash_cost_months(p.bal("liquide_middelen"), costs, p.month)
    if months is None:
        raise NotComputable("Er zijn in deze periode geen kosten geboekt.")
    return months


def _debtor_days(p: Parts) -> float:
    return _div(p.bal("debiteuren"), p.rev("omzet"), NO_REVENUE) * p.days


def _purchases(p: Parts) -> int:
    return p.cost("kostprijs") + p.cost("overige_bedrijfskosten")


def _creditor_days(p: Parts) -> float:
    return _div(p.bal("crediteuren"), _purchases(p),
                "Er zijn in deze periode geen inkopen of kosten geboekt.") * p.days


def _stock_days(p: Parts) -> float:
    if p.bal("voorraden") == 0:
        return 0.0  # no stock: no days of stock
    return _div(p.bal("voorraden"), p.cost("kostprijs"),
                "Er is voorraad, maar geen kostprijs van de omzet geboekt.") * p.days


NEG_EQUITY = "Het eigen vermogen aan het begin van het boekjaar is nul of negatief."
NO_ASSETS = "Er staan geen activa op de balans."
NO_SHORT = ("Er zijn per saldo geen kortlopende schulden (nul of een debetsaldo); de "
            "verhouding heeft geen betekenis.")


def _short(p: Parts) -> int:
    """The short-term debts as the ratios' denominator: a ratio against no debts, or a debit
    balance, means nothing (a negative current ratio would read as alarming)."""
    return int(_positive(p.short_debts(), NO_SHORT))


def _d(key, label, unit, better, formula, sentence, categories, group, compute
       ) -> tuple[KeyFigureDef, Callable[[Parts], float]]:
    return KeyFigureDef(key, label, formula, sentence, unit, better, tuple(categories), group), \
        compute


_PL_CATS = P_CATEGORIES
_OPER = figures.OPERATING
RES = "Resultaat"
LIQ = "Liquiditeit"
SOL = "Solvabiliteit en rentabiliteit"
WC = "Werkkapitaal"
GROWTH = "Groei"

_DEFS = [
    _d("omzet", "Omzet", "eur", "higher", "De netto-omzet van het jaar tot en met de periode.",
       "Wat u heeft gefactureerd, zonder btw.", ("omzet",), RES,
       lambda p: _eur(p.rev("omzet"))),
    _d("brutomarge", "Brutomarge", "eur", "higher",
       "Omzet min de kostprijs van de omzet (inkoop en uitbesteed werk).",
       "Wat er van de omzet overblijft om de vaste kosten te betalen.",
       ("omzet", "kostprijs"), RES, lambda p: _eur(_gross(p))),
    _d("brutomarge_pct", "Brutomarge %", "pct", "higher",
       "Brutomarge gedeeld door de omzet, maal 100.",
       "Van elke euro omzet blijft dit deel over na de inkoop.",
       ("omzet", "kostprijs"), RES, lambda p: _of_revenue(p, _gross(p))),
    _d("bedrijfsresultaat", "Bedrijfsresultaat", "eur", "higher",
       "Alle bedrijfsopbrengsten min alle bedrijfskosten, vóór rente en belastingen.",
       "Wat uw bedrijf met zijn eigen activiteiten verdient.", _OPER, RES,
       lambda p: _eur(p.operating())),
    _d("bedrijfsresultaat_pct", "Bedrijfsresultaat in % van de omzet", "pct", "higher",
       "Bedrijfsresultaat gedeeld door de omzet, maal 100.",
       "Van elke euro omzet houdt u dit deel over uit uw bedrijfsactiviteiten.",
       _OPER, RES, lambda p: _of_revenue(p, p.operating())),
    _d("ebitda", "EBITDA", "eur", "higher",
       "Bedrijfsresultaat plus afschrijvingen.",
       "Wat uw activiteiten opleveren vóór afschrijvingen, rente en belastingen.",
       _OPER, RES, lambda p: _eur(_ebitda(p))),
    _d("ebitda_pct", "EBITDA-marge", "pct", "higher",
       "EBITDA gedeeld door de omzet, maal 100.",
       "Het deel van de omzet dat overblijft vóór afschrijvingen, rente en belastingen.",
       _OPER, RES, lambda p: _of_revenue(p, _ebitda(p))),
    _d("nettoresultaat", "Nettoresultaat", "eur", "higher",
       "Alle opbrengsten min alle kosten, inclusief rente en belastingen.",
       "Wat er onder de streep overblijft.", _PL_CATS, RES, lambda p: _eur(p.net())),
    _d("nettomarge", "Nettomarge", "pct", "higher",
       "Nettoresultaat gedeeld door de omzet, maal 100.",
       "Van elke euro omzet blijft dit deel onder de streep over.",
       _PL_CATS, RES, lambda p: _of_revenue(p, p.net())),
    _d("personeelskosten", "Personeelskosten", "eur", "lower",
       "De personeelskosten van het jaar tot en met de periode.",
       "Lonen, sociale lasten, pensioen en andere kosten van uw personeel.",
       ("personeelskosten",), RES, lambda p: _eur(p.cost("personeelskosten"))),
    _d("personeelskosten_omzet", "Personeelskosten in % van de omzet", "pct", "lower",
       "Personeelskosten gedeeld door de omzet, maal 100.",
       "Zoveel van elke euro omzet gaat naar uw personeel.",
       ("personeelskosten", "omzet"), RES,
       lambda p: _of_revenue(p, p.cost("personeelskosten"))),
    _d("kostprijs_omzet", "Kostprijs in % van de omzet", "pct", "lower",
       "Kostprijs van de omzet gedeeld door de omzet, maal 100.",
       "Zoveel van elke euro omzet gaat op aan inkoop en uitbesteed werk.",
       ("kostprijs", "omzet"), RES, lambda p: _of_revenue(p, p.cost("kostprijs"))),
    _d("overige_kosten_omzet", "Overige bedrijfskosten in % van de omzet", "pct", "lower",
       "Overige bedrijfskosten gedeeld door de omzet, maal 100.",
       "Zoveel van elke euro omzet gaat naar huisvesting, auto, kantoor en andere kosten.",
       ("overige_bedrijfskosten", "omzet"), RES,
       lambda p: _of_revenue(p, p.cost("overige_bedrijfskosten"))),
    _d("break_even_omzet", "Break-evenomzet", "eur", "lower",
       "Vaste kosten (personeelskosten, afschrijvingen en overige bedrijfskosten) gedeeld "
       "door de brutomarge in procenten van de omzet.",
       "Zoveel omzet heeft u in deze periode nodig om geen verlies te maken.",
       ("personeelskosten", "afschrijvingen", "overige_bedrijfskosten", "omzet", "kostprijs"),
       RES, lambda p: _eur(_fixed_costs(p) / _positive(
           _div(_gross(p), p.rev("omzet"), NO_REVENUE),
           "De brutomarge is nul of negatief: geen omzet dekt dan de vaste kosten."))),
    _d("veiligheidsmarge", "Veiligheidsmarge", "pct", "higher",
       "Omzet min break-evenomzet, gedeeld door de omzet, maal 100.",
       "Zoveel mag uw omzet dalen voordat u verlies maakt.",
       ("personeelskosten", "afschrijvingen", "overige_bedrijfskosten", "omzet", "kostprijs"),
       RES, lambda p: _of_revenue(p, p.rev("omzet") - _fixed_costs(p) / _positive(
           _div(_gross(p), p.rev("omzet"), NO_REVENUE),
           "De brutomarge is nul of negatief: geen omzet dekt dan de vaste kosten."))),
    _d("liquide_middelen", "Liquide middelen", "eur", "higher",
       "Het saldo van kas en bank aan het einde van de periode.",
       "Het geld dat u nu op de bank en in kas heeft.", ("liquide_middelen",), LIQ,
       lambda p: _eur(p.bal("liquide_middelen"))),
    _d("liquiditeit_maanden", "Liquide middelen in maanden kosten", "months", "higher",
       "Liquide middelen aan het einde van de periode gedeeld door de gemiddelde kosten per "
       "maand (zonder afschrijvingen) van het boekjaar tot dan.",
       "Zo veel maanden kunt u uw kosten betalen van het geld dat u nu heeft.",
       ("liquide_middelen", *(c for c in COSTS if c != "afschrijvingen")), LIQ,
       lambda p: _cash_months(p)),
    _d("current_ratio", "Current ratio", "ratio", "higher",
       "Vlottende activa (voorraden, vorderingen en liquide middelen) gedeeld door de "
       "kortlopende schulden.",
       "Boven 1 kunt u uw schulden op korte termijn betalen uit wat u op korte termijn heeft.",
       (*CURRENT, *SHORT), LIQ, lambda p: p.current_assets() / _short(p)),
    _d("quick_ratio", "Quick ratio", "ratio", "higher",
       "Vlottende activa zonder voorraden, gedeeld door de kortlopende schulden.",
       "Of u uw kortlopende schulden kunt betalen zonder eerst voorraad te verkopen.",
       (*CURRENT, *SHORT), LIQ,
       lambda p: (p.current_assets() - p.bal("voorraden")) / _short(p)),
    _d("cash_ratio", "Cash ratio", "ratio", "higher",
       "Liquide middelen gedeeld door de kortlopende schulden.",
       "Welk deel van uw kortlopende schulden u vandaag met uw banksaldo kunt betalen.",
       ("liquide_middelen", *SHORT), LIQ,
       lambda p: p.bal("liquide_middelen") / _short(p)),
    _d("werkkapitaal", "Werkkapitaal", "eur", "higher",
       "Vlottende activa min kortlopende schulden.",
       "Het geld dat vastzit in de dagelijkse bedrijfsvoering, na aftrek van wat u op korte "
       "termijn moet betalen.", (*CURRENT, *SHORT), WC,
       lambda p: _eur(p.current_assets() - p.short_debts())),
    _d("debiteuren", "Openstaande debiteuren", "eur", "lower",
       "Het saldo van de debiteuren aan het einde van de periode.",
       "Wat klanten u nog moeten betalen.", ("debiteuren",), WC,
       lambda p: _eur(p.bal("debiteuren"))),
    _d("crediteuren", "Openstaande crediteuren", "eur", "lower",
       "Het saldo van de crediteuren aan het einde van de periode.",
       "Wat u leveranciers nog moet betalen.", ("crediteuren",), WC,
       lambda p: _eur(p.bal("crediteuren"))),
    _d("voorraad", "Voorraad", "eur", "lower",
       "Het saldo van voorraden en onderhanden werk aan het einde van de periode.",
       "Het geld dat in uw voorraad en onderhanden werk zit.", ("voorraden",), WC,
       lambda p: _eur(p.bal("voorraden"))),
    _d("debiteurendagen", "Debiteurendagen", "days", "lower",
       "Debiteuren gedeeld door de omzet, maal het aantal dagen van de periode.",
       "Zo veel dagen wachten u gemiddeld op het geld van uw klanten.",
       ("debiteuren", "omzet"), WC, _debtor_days),
    _d("crediteurendagen", "Crediteurendagen", "days", "lower",
       "Crediteuren gedeeld door de inkopen (kostprijs en overige bedrijfskosten), maal het "
       "aantal dagen van de periode.",
       "Zo veel dagen doet u er gemiddeld over om uw leveranciers te betalen.",
       ("crediteuren", "kostprijs", "overige_bedrijfskosten"), WC, _creditor_days),
    _d("voorraaddagen", "Voorraaddagen", "days", "lower",
       "Voorraad gedeeld door de kostprijs van de omzet, maal het aantal dagen van de "
       "periode (geen voorraad: nul dagen).",
       "Zo lang ligt uw voorraad gemiddeld op de plank.", ("voorraden", "kostprijs"), WC,
       _stock_days),
    _d("cash_conversion_cycle", "Cash conversion cycle", "days", "lower",
       "Debiteurendagen plus voorraaddagen min crediteurendagen.",
       "Zo veel dagen zit uw geld vast tussen het betalen van leveranciers en het ontvangen "
       "van klanten.", ("debiteuren", "voorraden", "crediteuren", "omzet", "kostprijs",
                        "overige_bedrijfskosten"), WC,
       lambda p: _debtor_days(p) + _stock_days(p) - _creditor_days(p)),
    _d("eigen_vermogen", "Eigen vermogen", "eur", "higher",
       "Het eigen vermogen aan het einde van de periode, inclusief het resultaat van het "
       "lopende jaar.", "Wat het bedrijf van u als eigenaar is.",
       ("eigen_vermogen", *_PL_CATS), SOL, lambda p: _eur(p.equity())),
    _d("solvabiliteit", "Solvabiliteit", "pct", "higher",
       "Eigen vermogen gedeeld door het totaal vermogen (het balanstotaal), maal 100.",
       "Het deel van uw bezittingen dat met eigen geld is betaald; banken kijken hiernaar.",
       ("eigen_vermogen", *ASSETS), SOL,
       lambda p: 100 * _div(p.equity(), p.total_assets(), NO_ASSETS)),
    _d("schuldratio", "Schuldratio", "ratio", "lower",
       "Vreemd vermogen (voorzieningen, langlopende en kortlopende schulden) gedeeld door "
       "het totaal vermogen.", "Het deel van uw bezittingen dat met geleend geld is betaald.",
       (*DEBTS, *ASSETS), SOL, lambda p: _div(p.debts(), p.total_assets(), NO_ASSETS)),
    _d("hefboom", "Vreemd vermogen / eigen vermogen", "ratio", "lower",
       "Vreemd vermogen gedeeld door het eigen vermogen aan het einde van de periode.",
       "Hoeveel euro u leent voor elke euro eigen geld in het bedrijf.",
       (*DEBTS, "eigen_vermogen"), SOL,
       lambda p: p.debts() / _positive(p.equity(), "Het eigen vermogen is nul of negatief.")),
    _d("netto_schuld", "Nettoschuld", "eur", "lower",
       "Langlopende schulden min liquide middelen.",
       "Uw leningen min het geld dat u op de bank heeft.",
       ("langlopende_schulden", "liquide_middelen"), SOL,
       lambda p: _eur(p.bal("langlopende_schulden") - p.bal("liquide_middelen"))),
    _d("rentedekking", "Rentedekking", "ratio", "higher",
       "Bedrijfsresultaat gedeeld door de financiële lasten (rente min rentebaten).",
       "Hoe vaak u de rente kunt betalen uit wat uw bedrijf verdient.",
       (*_OPER, "financiele_baten_lasten"), SOL,
       lambda p: p.operating() / _positive(
           _interest(p), "Er zijn per saldo geen rentelasten in deze periode.")),
    _d("rev", "Rentabiliteit eigen vermogen", "pct", "higher",
       "Nettoresultaat van het jaar tot en met de periode gedeeld door het eigen vermogen aan "
       "het begin van het boekjaar, maal 100.",
       "Wat uw eigen geld in het bedrijf heeft opgebracht.", (*_PL_CATS, "eigen_vermogen"),
       SOL, lambda p: 100 * p.net() / _positive(p.equity(0), NEG_EQUITY)),
    _d("rtv", "Rentabiliteit totaal vermogen", "pct", "higher",
       "Bedrijfsresultaat van het jaar tot en met de periode gedeeld door het totaal "
       "vermogen aan het begin van het boekjaar, maal 100.",
       "Wat alle bezittingen van het bedrijf samen hebben opgebracht.", (*_OPER, *ASSETS),
       SOL, lambda p: 100 * p.operating() / _positive(
           p.total_assets(0), "Er stonden aan het begin van het boekjaar geen activa op de "
           "balans.")),
    _d("omzetgroei", "Omzetgroei", "pct", "higher",
       "Omzet min de omzet van dezelfde maanden vorig jaar, gedeeld door die van vorig jaar, "
       "maal 100.", "Hoeveel meer (of minder) u verkoopt dan vorig jaar.", ("omzet",),
       GROWTH, lambda p: _growth(p.rev("omzet"), p.rev("omzet", p.previous()), "De omzet")),
    _d("brutomargegroei", "Groei brutomarge", "pct", "higher",
       "Brutomarge min die van dezelfde maanden vorig jaar, gedeeld door die van vorig jaar, "
       "maal 100.", "Of u meer overhoudt aan wat u verkoopt dan vorig jaar.",
       ("omzet", "kostprijs"), GROWTH,
       lambda p: _growth(_gross(p), _gross(p, p.previous()), "De brutomarge")),
    _d("kostengroei", "Groei bedrijfskosten", "pct", "lower",
       "Bedrijfskosten (zonder kostprijs) min die van dezelfde maanden vorig jaar, gedeeld "
       "door die van vorig jaar, maal 100.", "Hoe hard uw vaste kosten stijgen.",
       ("personeelskosten", "afschrijvingen", "overige_bedrijfskosten"), GROWTH,
       lambda p: _growth(_fixed_costs(p), _fixed_costs(Parts(p.previous(), p.month, first=p.first)),
                         "De bedrijfskosten")),
    _d("resultaatgroei", "Groei nettoresultaat", "pct", "higher",
       "Nettoresultaat min dat van dezelfde maanden vorig jaar, gedeeld door de absolute "
       "waarde van dat van vorig jaar, maal 100.", "Of u meer verdient dan vorig jaar.",
       _PL_CATS, GROWTH,
       lambda p: _growth(p.net(), p.net(p.previous()), "Het nettoresultaat")),
]

LIBRARY: dict[str, KeyFigureDef] = {d.key: d for d, _ in _DEFS}
_FORMULAS: dict[str, Callable[[Parts], float]] = {d.key: f for d, f in _DEFS}
GROUPS = (RES, LIQ, WC, SOL, GROWTH)

# The product's default set for the dashboard, when neither the client nor its office chose.
DEFAULT_SET = ("omzet", "brutomarge_pct", "bedrijfsresultaat", "nettoresultaat",
               "liquide_middelen", "liquiditeit_maanden", "current_ratio", "solvabiliteit",
               "debiteurendagen", "omzetgroei")


def _period_end(start: date, month: int) -> date:
    months = start.year * 12 + start.month - 1 + month - 1
    y, m = months // 12, months % 12 + 1
    return date(y, m, calendar.monthrange(y, m)[1])


def _period_start(start: date, month: int) -> date:
    return _period_end(start, month).replace(day=1) if month > 1 else start


def period_days(start: date, month: int, first: int = 1) -> int:
    """Calendar days from the start of month ``first`` (the fiscal year's start for 1) to the
    end of month ``month``."""
    return (_period_end(start, month) - _period_start(start, first)).days + 1


def period_labels(start: date, month: int, first: int = 1) -> tuple[str, str]:
    """(results, positions): "jan. t/m okt. 2018" (or "okt. 2018") and "per 31-10-2018"."""
    from vfo_app.domain.formatting import day, month_name

    end = _period_end(start, month)
    begin = month_name(_period_start(start, first).month)
    last = f"{month_name(end.month)} {end.year}"
    results = last if month == first else f"{begin} t/m {last}"
    return results, f"per {day(end)}"


# Positions at the end of the period (the others cover the months of the year to date).
POSITIONS = frozenset({
    "liquide_middelen", "current_ratio", "quick_ratio", "cash_ratio", "werkkapitaal",
    "debiteuren", "crediteuren", "voorraad", "eigen_vermogen", "solvabiliteit", "schuldratio",
    "hefboom", "netto_schuld", "liquiditeit_maanden"})


def compute_from(this: YearSums, last: YearSums | None, month: int, first: int = 1
                 ) -> list[KeyFigureValue]:
    """Every key figure of the library for months ``first``..``month`` of ``this`` year (the
    year to date by default; the dashboard's tiles also show the month alone). Positions are
    those at the end of month ``month`` whatever ``first``.

    Computed once per pair of years as read (``YearSums.memo``): a dashboard load asks for
    four sets (the month and the year to date, this year and last) and its observations ask
    again; the values are frozen, the list is the caller's own."""
    if this.memo is None or (last is not None and last.fingerprint is None):
        return _compute(this, last, month, first, tuple(LIBRARY))
    key = ("key_figures", last.fingerprint if last is not None else None, month, first)
    values = this.memo.get(key)
    if values is None:
        values = this.memo[key] = tuple(_compute(this, last, month, first, tuple(LIBRARY)))
    return list(values)


def one(key: str, this: YearSums, last: YearSums | None, month: int, first: int = 1
        ) -> KeyFigureValue:
    """One key figure of the library, as ``compute_from`` gives it (for a series of months)."""
    return _compute(this, last, month, first, (key,))[0]


def _compute(this: YearSums, last: YearSums | None, month: int, first: int,
             keys: tuple[str, ...]) -> list[KeyFigureValue]:
    month = min(max(int(month), 1), 12)
    first = min(max(int(first), 1), month)
    parts = Parts(this, month, last, period_days(this.start, month, first), first)
    results, positions = period_labels(this.start, month, first)
    values = []
    for key in keys:
        d = LIBRARY[key]
        try:
            value, reason = round(float(_FORMULAS[key](parts)), 2), ""
        except NotComputable as why:
            value, reason = None, str(why)
        label = positions if key in POSITIONS else results
        values.append(KeyFigureValue(key, d.label, value, d.unit, d.formula, label,
                                     d.categories, reason, d.sentence, d.better))
    return values


def compute(session: Session, client_id: int, year: int, month: int) -> list[KeyFigureValue]:
    """Every key figure of the client's fiscal ``year`` up to and including its month
    ``month`` (1 = the fiscal year's first). The caller has checked access. Raises NotFound
    when the year has no figures."""
    this = figures.year_sums(session, client_id, year)
    if this is None:
        raise NotFound(NO_FIGURES)
    return compute_from(this, figures.year_sums(session, client_id, year - 1), month)


def breached(definition: KeyFigureDef, value: float | None, threshold: float | None) -> bool:
    """Whether a value crossed the alert threshold the accountant set (the wrong way for
    ``better``). No value or no threshold: no alert."""
    if value is None or threshold is None:
        return False
    return value < threshold if definition.better == "higher" else value > threshold


# --- per client: the dashboard's choice, targets and thresholds ------------------------------


def office_chosen(session: Session, office_id: int) -> tuple[str, ...]:
    """The default set the office chose, in order; empty when it chose none."""
    rows = session.exec(select(OfficeKeyFigure).where(OfficeKeyFigure.office_id == office_id)
                        .order_by(OfficeKeyFigure.position)).all()
    return tuple(r.key for r in rows if r.key in LIBRARY)


def office_default(session: Session, office_id: int) -> tuple[str, ...]:
    """The office's default set for dashboards, else the product's."""
    return office_chosen(session, office_id) or DEFAULT_SET


def settings_for(session: Session, client_id: int, office_id: int | None = None
                 ) -> dict[str, KeyFigureSetting]:
    """Per key of the library: shown on the dashboard (the client's own choice, else the
    office's default set), position, target and threshold. The caller has checked access;
    ``office_id``: the client's office, when the caller knows it."""
    rows = {r.key: r for r in session.exec(
        select(ClientKeyFigure).where(ClientKeyFigure.client_id == client_id)).all()}
    own = any(r.shown for r in rows.values())
    if own:
        shown = [k for k, r in sorted(rows.items(), key=lambda kv: (kv[1].position, kv[0]))
                 if r.shown and k in LIBRARY]
    else:
        if office_id is None:
            client = session.get(Client, client_id)
            office_id = client.office_id if client else None
        shown = list(office_default(session, office_id) if office_id else DEFAULT_SET)
    out = {}
    for key in LIBRARY:
        row = rows.get(key)
        out[key] = KeyFigureSetting(
            key=key, shown=key in shown, position=shown.index(key) if key in shown else 0,
            target=row.target if row else None, threshold=row.threshold if row else None,
            chosen_by_client=own)
    return out


def dashboard_keys(session: Session, client_id: int) -> list[str]:
    """The keys the dashboard shows, in order."""
    return _shown(settings_for(session, client_id))


def _shown(settings: dict[str, KeyFigureSetting]) -> list[str]:
    return sorted((k for k, s in settings.items() if s.shown),
                  key=lambda k: settings[k].position)


MAX_TILES = 12


@dataclass(frozen=True)
class SettingInput:
    """One row of the Kengetallen form as typed: ``target`` and ``threshold`` as text."""

    key: str
    shown: bool
    target: str = ""
    threshold: str = ""


def parse_amount(text: str) -> float | None:
    """A Dutch number as typed ("1.234,5", "25", "-3,2", "€ 1.000", "25%"), read by Babel:
    None when empty; ValueError when it is not a number (also "1.5": a dot groups
    thousands in Dutch)."""
    from babel.numbers import NumberFormatError, parse_decimal

    cleaned = (text or "").strip().replace("€", "").replace("%", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        return float(parse_decimal(cleaned, locale=LOCALE, strict=True))
    except NumberFormatError as bad:
        raise ValueError(str(bad)) from bad


def save_settings(session: Session, actor: Actor, client_id: int,
                  rows: list[SettingInput]) -> dict[str, KeyFigureSetting]:
    """The accountant's choice for the client's dashboard, with targets and thresholds.
    Who may: ``access.require_key_figure_settings`` (as for the figures). Refuses unknown
    keys, more than ``MAX_TILES`` tiles and text that is not a number, with Dutch messages per
    field (``target_<key>`` / ``threshold_<key>``); nothing is saved then."""
    from vfo_app.domain import access

    access.require_key_figure_settings(session, actor, client_id)
    errors: dict[str, str] = {}
    parsed: list[tuple[SettingInput, float | None, float | None]] = []
    for row in rows:
        if row.key not in LIBRARY:
            raise ValidationFailed({"key": "Dit kengetal bestaat niet."})
        values = []
        for name, text in (("target", row.target), ("threshold", row.threshold)):
            try:
                values.append(parse_amount(text))
            except ValueError:
                word = "streefwaarde" if name == "target" else "signaalgrens"
                errors[f"{name}_{row.key}"] = (
                    f"De {word} van {LIBRARY[row.key].label} is geen getal; schrijf "
                    "bijvoorbeeld 1.250 of 12,5.")
                values.append(None)
        parsed.append((row, *values))
    if sum(1 for r in rows if r.shown) > MAX_TILES:
        errors["shown"] = f"Kies hoogstens {MAX_TILES} kengetallen voor het dashboard."
    if errors:
        raise ValidationFailed(errors)
    existing = {r.key: r for r in session.exec(
        select(ClientKeyFigure).where(ClientKeyFigure.client_id == client_id)).all()}
    position = 0
    for row, target, threshold in parsed:
        record = existing.get(row.key)
        if record is None:
            record = ClientKeyFigure(client_id=client_id, key=row.key)
        record.shown = row.shown
        record.position = position if row.shown else 0
        position += 1 if row.shown else 0
        record.target, record.threshold = target, threshold
        record.updated_at, record.updated_by_id = clock.now(), actor.identity_id
        session.add(record)
    session.flush()
    return settings_for(session, client_id)


def reset_to_office_default(session: Session, actor: Actor, client_id: int) -> None:
    """The client follows the office's default set again (targets and thresholds stay)."""
    from vfo_app.domain import access

    access.require_key_figure_settings(session, actor, client_id)
    for row in session.exec(select(ClientKeyFigure).where(
            ClientKeyFigure.client_id == client_id)).all():
        row.shown, row.position = False, 0
        session.add(row)
    session.flush()


def save_office_default(session: Session, actor: Actor, keys: list[str]) -> tuple[str, ...]:
    """The office's default set (office beheerders, Instellingen > Advies), in order: the
    dashboards of the office's clients that have no choice of their own show it. An empty
    list follows the product's set (``DEFAULT_SET``) again. The change is logged."""
    from vfo_app.domain import access, audit

    office_id = access.require_office_admin(actor)
    keys = list(dict.fromkeys(keys))
    unknown = [k for k in keys if k not in LIBRARY]
    if unknown:
        raise ValidationFailed({"keys": "Dit kengetal bestaat niet."})
    if len(keys) > MAX_TILES:
        raise ValidationFailed({"keys": f"Kies hoogstens {MAX_TILES} kengetallen."})
    rows = session.exec(select(OfficeKeyFigure).where(OfficeKeyFigure.office_id == office_id)
                        .order_by(OfficeKeyFigure.position)).all()
    before = [r.key for r in rows]
    for row in rows:
        session.delete(row)
    session.flush()
    for position, key in enumerate(keys):
        session.add(OfficeKeyFigure(office_id=office_id, key=key, position=position))
    session.flush()
    if before != keys:
        audit.record(session, actor_id=actor.identity_id or None, office_id=office_id,
                     action="update", entity="officekeyfigure", entity_id=office_id,
                     changes={"standaardset": [before, keys]})
    return office_default(session, office_id)


def for_client(session: Session, who, client_id: int, year: int, month: int | None = None
               ) -> tuple[int, list[KeyFigureValue]]:
    """(month, values) of the client's ``year`` for an employee's actor or a client user's
    Scope (``cash_flow.full_scope``: the full version); ``month`` None: the last complete
    month (``figures.default_month``)."""
    from vfo_app.domain.overview.cash_flow import full_scope

    full_scope(session, who, client_id)
    this = figures.year_sums(session, client_id, year)
    if this is None:
        raise NotFound(NO_FIGURES)
    month = figures.default_month(this) if month is None else min(max(int(month), 1), 12)
    return month, compute_from(this, figures.year_sums(session, client_id, year - 1), month)


# --- as shown ------------------------------------------------------------------------------------

UNIT_NAMES = {"eur": "euro", "pct": "%", "ratio": "verhouding", "days": "dagen",
              "months": "maanden"}


def display(unit: str, value: float | None) -> str:
    """A value as the entrepreneur reads it, in Dutch (Babel): € 12.345, 23,4%, 1,35,
    42 dagen, 2,5 maanden; "–" for none."""
    from vfo_app.domain.formatting import money_whole, number

    if value is None:
        return "–"
    if unit == "eur":
        return money_whole(round(value * 100))
    if unit == "pct":
        return f"{number(value, 1)}%"
    if unit == "days":
        return f"{number(value, 0)} dagen"
    if unit == "months":
        return f"{number(value, 1)} maanden"
    return number(value, 2)


def as_input(value: float | None) -> str:
    """A target or threshold as the form shows it again ("1.250", "12,5"): Babel reads it back."""
    from babel.numbers import format_decimal

    return "" if value is None else format_decimal(value, format="#,##0.##", locale=LOCALE)


def status(definition: KeyFigureDef, value: float | None, setting: KeyFigureSetting) -> str:
    """"alert" (the threshold is crossed), "target" (the target is reached) or ""."""
    if breached(definition, value, setting.threshold):
        return "alert"
    if value is not None and setting.target is not None and (
            value >= setting.target if definition.better == "higher" else value <= setting.target):
        return "target"
    return ""


# --- the dashboard's figures and the observations (screen, PDF and report pack alike) ----------


@dataclass(frozen=True)
class DashboardFigure:
    """A key figure as the dashboard and the PDF show it: month ``upto`` alone and the year to
    date, each against the same months last year (None: not computable or no figures).
    ``period_label`` says what the month's value covers; ``status`` compares the year to date
    with the accountant's target and threshold."""

    key: str
    label: str
    unit: str
    month: float | None
    month_last_year: float | None
    ytd: float | None
    ytd_last_year: float | None
    period_label: str
    reason: str = ""  # why the month's value cannot be computed
    status: str = ""  # "alert" | "target" | ""


def _by_key(this: YearSums | None, before: YearSums | None, upto: int, first: int
            ) -> dict[str, KeyFigureValue]:
    return {} if this is None else {v.key: v for v in compute_from(this, before, upto, first)}


def dashboard(session: Session, client_id: int, this: YearSums, last: YearSums | None,
              upto: int, *, starter: bool = False, office_id: int | None = None,
              known: figures.Imported | None = None) -> list[DashboardFigure]:
    """The key figures of the client's dashboard in the accountant's order (else the office's
    default set; Starter: the product's default set). The caller has checked access;
    ``office_id`` and ``known`` (the client's imports) when the caller has them."""
    settings = settings_for(session, client_id, office_id)
    keys = list(DEFAULT_SET) if starter else _shown(settings)
    two_back = figures.year_sums(session, client_id, this.year - 2, known) if last else None
    month, month_ly = _by_key(this, last, upto, upto), _by_key(last, two_back, upto, upto)
    ytd, ytd_ly = _by_key(this, last, upto, 1), _by_key(last, two_back, upto, 1)

    def value(values: dict[str, KeyFigureValue], key: str) -> float | None:
        got = values.get(key)
        return got.value if got else None

    out = []
    for key in keys:
        d, v = LIBRARY[key], month[key]
        out.append(DashboardFigure(
            key, d.label, d.unit, v.value, value(month_ly, key), value(ytd, key),
            value(ytd_ly, key), v.period_label, v.reason,
            status(d, ytd[key].value, settings[key])))
    return out


def observations(this: YearSums, last: YearSums | None, upto: int, first: int | None = None
                 ) -> list[str]:
    """Plain-Dutch remarks for the entrepreneur who reads no ratios, from the library's
    figures: revenue of months ``first``..``upto`` (default: month ``upto`` alone) against the
    same months last year, cash in months of costs, a current ratio under 1 and a negative
    result of the year to date."""
    from vfo_app.domain.formatting import number

    month = min(max(int(upto), 1), 12)
    first = month if first is None else min(max(int(first), 1), month)
    period, ytd = _by_key(this, last, month, first), _by_key(this, last, month, 1)
    notes = []
    growth, revenue = period["omzetgroei"].value, period["omzet"].value
    if growth is not None and revenue:
        word = "hoger" if growth >= 0 else "lager"
        notes.append(f"Omzet {number(abs(growth), 0)}% {word} dan dezelfde periode vorig jaar")
    months = ytd["liquiditeit_maanden"].value
    if months is not None:
        notes.append(f"Liquide middelen dekken {number(months, 1)} maand kosten")
    ratio = ytd["current_ratio"].value
    if ratio is not None and 0 <= ratio < 1:
        notes.append("De kortlopende schulden zijn hoger dan de vlottende activa "
                     f"(current ratio {number(ratio, 2)})")
    net = ytd["nettoresultaat"].value
    if net is not None and net < 0:
        notes.append("Het resultaat over het jaar tot nu toe is negatief")
    return notes
