"""The product catalogue of the tab Samenwerkingen, with the seed's texts."""

from __future__ import annotations

from dataclasses import dataclass, field

FINANCIALS = "financials"
EACCOUNTING = "eaccounting"
FINANCIAL_OVERVIEW = "financial_overview"
FINANCIAL_OVERVIEW_STARTER = "financial_overview_starter"
SCANNER = "scanner"
ADVISOR = "advisor"


@dataclass(frozen=True)
class Product:
    key: str
    name: str
    description: str = ""
    bullets: tuple[str, ...] = ()
    family: str = ""  # products of one family share one collaboration per client
    paid: bool = True
    variants: tuple[str, ...] = field(default=())  # choices offered under "Activeren"

    @property
    def family_key(self) -> str:
        return self.family or self.key


CATALOGUE: tuple[Product, ...] = (
    Product(
        FINANCIALS,
        "Visma.net Financials-suite",
        "Online software voor boekhouden en financieel management. Bestaat uit de diensten "
        "AutoInvoice, AutoPay, AutoReport en Approval.",
        ("Online oplossing", "Kan worden aangepast"),
    ),
    Product(
        EACCOUNTING,
        "Visma eAccounting",
        "Online software voor factureren en boekhouden. Met een samenwerking tussen u en uw "
        "klant hebt u op hetzelfde moment toegang tot dezelfde informatie en kijkt u samen "
        "naar dezelfde dingen.",
        ("Uw klanten kunnen op elk gewenst moment werken", "Verdeel het werk tussen u en uw klant",
         "Automatische updates en backups"),
    ),
    Product(
        FINANCIAL_OVERVIEW,
        "Visma Financial Overview",
        "Online software voor het presenteren van de financiële status van het bedrijf van uw "
        "klant. Werk samen en presenteer de meest actuele cijfers in heldere en begrijpelijke "
        "grafieken en rapporten. Kies tussen de gratis vereenvoudigde versie Visma Financial "
        "Overview Starter of de uitgebreidere versie Visma Financial Overview.",
        ("Heldere presentatie van cijfers en trends", "Vertel het verhaal met grafieken en rapporten",
         "Te gebruiken op computers, tablets en smartphones"),
        family=FINANCIAL_OVERVIEW,
        variants=(FINANCIAL_OVERVIEW, FINANCIAL_OVERVIEW_STARTER),
    ),
    Product(
        SCANNER,
        "Visma Scanner",
        "Met deze mobiele app kan uw klant bonnen en inkoopfacturen scannen en naar u verzenden. "
        "Met een samenwerking hoeft uw klant de scans zelfs niet meer via e-mail te sturen.",
        ("Beheer uw bonnetjes online", "Koppel documenten rechtstreeks aan boekingen",
         "Verminder de papieren rompslomp rondom bonnetjes"),
    ),
)

# Products that can be activated but are no card of their own.
VARIANTS: dict[str, Product] = {
    FINANCIAL_OVERVIEW_STARTER: Product(
        FINANCIAL_OVERVIEW_STARTER, "Visma Financial Overview Starter",
        family=FINANCIAL_OVERVIEW, paid=False,
    ),
}

NAMES = {p.key: p.name for p in CATALOGUE} | {k: v.name for k, v in VARIANTS.items()} | {
    ADVISOR: "Visma Advisor"
}


def product(key: str) -> Product:
    for p in CATALOGUE:
        if p.key == key:
            return p
    if key in VARIANTS:
        return VARIANTS[key]
    raise KeyError(key)


def family_of(key: str) -> str:
    return product(key).family_key
