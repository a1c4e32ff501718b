"""Every page, page state and dialog passes axe-core's WCAG 2.x A/AA rules, at 1280 and 375 px.

axe-core comes from npm into .tools (the Makefile's test target installs it) and is injected
into each page by Playwright. Each kind of person has one browser context, logged in once:
an employee of an office (Demo Advisor, beheerder), a company's Beheerder (Frans Jansen), a
company's Gebruiker (made here through the domain) and nobody (the pages before login).

A failure lists every violation: where (person, page or state, width), the rule, its help
text and the elements (CSS selectors), and the whole report is also written to
screenshots/axe-report.txt. Dialogs are also photographed at both widths (screenshots/axe-*).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from types import SimpleNamespace
from unittest.mock import patch

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import select

from tests.e2e.conftest import (
    ACTION_TIMEOUT_MS,
    ROOT,
    SCREENSHOTS,
    login,
    screenshot,
    wait_for_hydration,
)
from tests.e2e.test_advice_settings import _branche, _put_back
from tests.e2e.test_overview_story import _client
from tests.e2e.test_wie_kan_onze_cijfers_zien import _advisor, _bse_with_financial_overview
from vfo_app import routes
from vfo_app.domain import security, tokens
from vfo_app.domain.auth import Actor
from vfo_app.domain.db import session_scope
from vfo_app.domain.models import (
    Client,
    Collaboration,
    Company,
    CompanyMember,
    Identity,
    LedgerAccount,
    LedgerImport,
    ReportPack,
    ReportPackVersion,
    ServiceDefinition,
)
from vfo_app.domain.online import products
from vfo_app.domain.online import users as online_users
from vfo_app.domain.online.companies import COMPANY_ROLE_GEBRUIKER
from vfo_app.domain.overview import comparison, questions
from vfo_app.domain.overview import scope as scopes
from vfo_app.domain.reports import packs
from vfo_app.domain.reports import parts as pack_parts

AXE_JS = ROOT / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 375)

ADVISOR = ("advisor@demo-accountants.example", "Demo-Advisor-2026")
FRANS = ("frans.jansen@bsevents.example", "Demo-Klant-2026")
GEBRUIKER = ("gert.gebruiker@bsevents.example", "Zonnige-Dinsdag-Gert-2026")
NEWCOMER = "nog.niet.actief@bsevents.example"  # made here, never activated
# Toegankelijk BV: a client with figures, its company's Beheerder and Gebruiker, a question on
# a figure and a published report pack (BS Events BV, Frans's company, has no figures)
AXE_CLIENT = ("AXE", "Toegankelijk BV", "27182818")
BEA = ("bea.beheer@toegankelijk.example", "Toegankelijk-Bea-2026")
GUUS = ("guus.gebruik@toegankelijk.example", "Toegankelijk-Guus-2026")


# --- axe --------------------------------------------------------------------------------------


@dataclass
class Report:
    found: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(self.found)


@cache
def _axe_source() -> str:
    return AXE_JS.read_text()


def _axe(page: Page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                          summary: (n.failureSummary || '').split('\\n')
                                                   .slice(0, 3).join(' ')}))}));
        }""", WCAG_TAGS)
    return result


def _outline(page: Page) -> list[str]:
    """One h1, and no level skipped going down (h1 > h2 > h3): what axe leaves to best
    practice, asked here. A dialog is a document of its own: its title (h2) starts it."""
    headings = page.evaluate("""() => {
        const modal = document.querySelector('[role=dialog],[role=alertdialog]');
        const root = modal || document.body;
        return [...root.querySelectorAll('h1,h2,h3,h4,h5,h6')]
            .filter(h => h.getClientRects().length && !h.closest('[aria-hidden=true]'))
            .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60), !!modal]);
    }""")
    problems = []
    in_dialog = bool(headings) and headings[0][2]
    if not in_dialog and sum(1 for h in headings if h[0] == 1) != 1:
        problems.append(f"{sum(1 for h in headings if h[0] == 1)} h1-koppen in plaats van één")
    previous = 1
    for level, text, _ in headings:
        if level > previous + 1:
            problems.append(f"h{level} '{text}' na h{previous}")
        previous = level
    return problems


def _check(page: Page, report: Report, who: str, what: str, width: int) -> None:
    where = f"{who} | {what} | {width}px"
    report.checked.append(where)
    for problem in _outline(page):
        report.found.append(f"{where}: kopstructuur: {problem}")
    for v in _axe(page):
        lines = [f"{where}: {v['id']} ({v['impact']}) {v['help']}"]
        lines += [f"      {n['target']}  -- {n['summary']}" for n in v["nodes"][:8]]
        if len(v["nodes"]) > 8:
            lines.append(f"      ... en nog {len(v['nodes']) - 8}")
        report.found.append("\n".join(lines))


def _settle(page: Page) -> None:
    """The state has arrived and React has drawn it (and Radix has opened what it opens)."""
    wait_for_hydration(page)
    page.wait_for_timeout(400)


def _relayout(page: Page) -> None:
    """After a resize: two animation frames (style, layout and paint of the new width), and a
    moment for what Radix measures (dropdowns, scroll areas) to follow."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(100)


def _finish(report: Report, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    out = SCREENSHOTS / f"axe-report-{name}.txt"
    out.write_text(f"{len(report.checked)} gecontroleerd:\n  " + "\n  ".join(report.checked)
                   + "\n\n" + (report.text() or "geen overtredingen") + "\n")
    assert not report.found, (f"axe-core: {len(report.found)} overtredingen van WCAG 2.x A/AA "
                              f"(ook in {out}):\n" + report.text())


# --- the people ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def axe_ready() -> None:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} ontbreekt: `make test` installeert axe-core in .tools.")


def _context(browser: Browser, base_url: str) -> BrowserContext:
    ctx = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800},
                              locale="en-US")  # Dutch dates whatever the browser's language
    ctx.set_default_timeout(ACTION_TIMEOUT_MS)
    return ctx


@dataclass
class Person:
    name: str
    page: Page
    errors: list[str]


def _person(browser: Browser, base_url: str, name: str, credentials: tuple[str, str] | None
            ) -> Iterator[Person]:
    ctx = _context(browser, base_url)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: errors.append(f"console.error: {msg.text}")
            if msg.type == "error" else None)
    from tests.e2e.conftest import _track_state_frames

    _track_state_frames(page)
    if credentials is not None:
        login(page, *credentials)
    yield Person(name, page, errors)
    ctx.close()


def _ensure_user(s, email: str, first: str, last: str) -> Identity:
    """A Gebruiker (not Beheerder) of BS Events BV with Financial Overview."""
    if s.exec(select(Identity).where(Identity.email == email)).first() is None:
        company = s.exec(select(Company).where(Company.name == "BS Events BV")).one()
        online_users.create_user(s, _advisor(s), company_id=company.id, data=online_users.UserInput(
            email=email, first_name=first, last_name=last, role=COMPANY_ROLE_GEBRUIKER,
            products=(products.FINANCIAL_OVERVIEW,)))
    return s.exec(select(Identity).where(Identity.email == email)).one()


def _ensure_gebruiker(app_db) -> None:
    """Gert, activated (what activation does, without reading the mail)."""
    with session_scope(app_db) as s:
        gert = _ensure_user(s, *GEBRUIKER[:1], "Gert", "Gebruiker")
        if not gert.password_hash:
            gert.password_hash = security.hash_password(GEBRUIKER[1])
            s.add(gert)


def _links(app_db, secret: str) -> tuple[str, str]:
    """A valid activation link (a user not yet activated) and a valid reset link (Gert), signed
    with the running app's secret key, as the e-mails carry them."""
    with patch.object(tokens, "get_settings", lambda: SimpleNamespace(secret_key=secret)), \
            session_scope(app_db) as s:
        newcomer = _ensure_user(s, NEWCOMER, "Nog", "Niet-Actief")
        gert = s.exec(select(Identity).where(Identity.email == GEBRUIKER[0])).one()
        return tokens.issue(s, newcomer, tokens.ACTIVATE), tokens.issue(s, gert, tokens.RESET)


def _company_actor(identity: Identity) -> Actor:
    return Actor(identity_id=identity.id, email=identity.email, name=identity.full_name,
                 office_id=None, office_name="", office_role=None)


@dataclass(frozen=True)
class Figures:
    client: int  # Toegankelijk BV as a client of Demo Accountants, with figures
    company: int  # Toegankelijk BV as a company in Online
    pack: int  # its report pack of one month, published
    version: int  # that pack's published version


def _figures_world(app_db) -> Figures:
    """Toegankelijk BV with figures and Financial Overview, Bea (Beheerder) and Guus
    (Gebruiker) with their passwords, Guus's question about Omzet and a published pack."""
    number, name, kvk = AXE_CLIENT
    with session_scope(app_db) as s:
        advisor = _advisor(s)
        client = s.exec(select(Client).where(Client.office_id == advisor.office_id,
                                             Client.number == number)).first()
        if client is None:
            client_id, company_id = _client(s, advisor, number=number, name=name, kvk=kvk,
                                            product=products.FINANCIAL_OVERVIEW)
        else:
            client_id = client.id
            company_id = s.exec(select(Collaboration.company_id).where(
                Collaboration.client_id == client.id)).first()
        for (email, password), first, last, role in (
                (BEA, "Bea", "Beheer", "beheerder"), (GUUS, "Guus", "Gebruik", "gebruiker")):
            if s.exec(select(Identity).where(Identity.email == email)).first() is None:
                online_users.create_user(s, advisor, company_id=company_id,
                                         data=online_users.UserInput(
                                             email=email, first_name=first, last_name=last,
                                             role=role, products=(products.FINANCIAL_OVERVIEW,)))
                s.flush()
            person = s.exec(select(Identity).where(Identity.email == email)).one()
            if not person.password_hash:
                person.password_hash = security.hash_password(password)
                s.add(person)
        year = s.exec(select(LedgerImport.year).where(LedgerImport.client_id == client_id)
                      .order_by(LedgerImport.year.desc())).first()
        guus = _company_actor(s.exec(select(Identity).where(Identity.email == GUUS[0])).one())
        scope = scopes.for_company_user(s, guus, company_id)
        if not questions.threads(s, guus, scope):
            questions.ask(s, guus, scope, figure_key="kpi:omzet", year=year, month=1,
                          text="Waarom is de omzet in de eerste maand lager dan vorig jaar?")
        pack = s.exec(select(ReportPack).where(ReportPack.client_id == client_id)).first()
        if pack is None:
            pack = packs.create(s, advisor, client_id, packs.PackInput(
                period_kind=pack_parts.MONTH, year=year, month=1,
                introduction="De cijfers van de eerste maand."))
        version = s.exec(select(ReportPackVersion).where(ReportPackVersion.pack_id == pack.id)
                         ).first() or packs.publish(s, advisor, pack.id)
        return Figures(client=client_id, company=company_id, pack=pack.id, version=version.id)


@dataclass(frozen=True)
class World:
    dem: int  # De Bloemenhoek BV: Financial Overview with figures
    bse: int  # BS Events BV as a client of Demo Accountants
    company: int  # BS Events BV as a company in Online
    account: str  # one of De Bloemenhoek's revenue accounts
    service: int  # one of Demo Accountants' services (Instellingen > Diensten)
    activation: str  # a valid activation link's token
    reset: str  # a valid password reset link's token
    figures: Figures  # Toegankelijk BV, as its company's users see it


@pytest.fixture(scope="module")
def world(app_db, app_server) -> World:
    bse = _bse_with_financial_overview(app_db)
    _ensure_gebruiker(app_db)
    activation, reset = _links(app_db, (app_server.data_dir / "secret_key").read_text().strip())
    figures = _figures_world(app_db)
    with session_scope(app_db) as s:
        dem = s.exec(select(Client).where(Client.number == "DEM")).one()
        company = s.exec(select(Company).where(Company.name == "BS Events BV")).one().id
        gert = s.exec(select(Identity).where(Identity.email == GEBRUIKER[0])).one()
        assert s.exec(select(CompanyMember).where(CompanyMember.identity_id == gert.id)).one()
        account = s.exec(select(LedgerAccount.account_id).where(
            LedgerAccount.client_id == dem.id, LedgerAccount.category == "omzet")).first()
        service = s.exec(select(ServiceDefinition.id).where(
            ServiceDefinition.office_id == dem.office_id)).first()
    return World(dem=dem.id, bse=bse, company=company, account=account, service=service,
                 activation=activation, reset=reset, figures=figures)


# --- walking the pages --------------------------------------------------------------------------

Visit = tuple[str, str, Callable[[Page], None] | None]  # name, url, what to do there first


def _walk(person: Person, visits: list[Visit], report: Report, shots: set[str]) -> None:
    """Each visit is loaded (and acted on) once, then checked at every width in turn: the
    layout follows the viewport through CSS alone, so a resize shows what a phone shows."""
    page = person.page
    for name, url, act in visits:
        page.set_viewport_size({"width": WIDTHS[0], "height": 800})
        page.goto(url)
        _settle(page)
        if act is not None:
            act(page)
            _settle(page)
        for width in WIDTHS:
            if width != WIDTHS[0]:
                page.set_viewport_size({"width": width, "height": 800})
                _relayout(page)
            _check(page, report, person.name, name, width)
            if name in shots:
                screenshot(page, f"axe-{person.name}-{name}-{width}")
        page.keyboard.press("Escape")  # a dialog left open closes
    if person.errors:
        report.found.append(f"{person.name}: fouten in de browserconsole:\n      "
                            + "\n      ".join(person.errors))


def _click(role: str, name: str | re.Pattern, *, nth: int = 0) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.get_by_role(role, name=name).nth(nth).click()
    return act


def _dialog_by(role: str, name: str | re.Pattern, *, nth: int = 0, alert: bool = False
               ) -> Callable[[Page], None]:
    """Open a dialog with a button and wait until it has the focus."""
    def act(page: Page) -> None:
        page.get_by_role(role, name=name).nth(nth).click()
        expect(page.get_by_role("alertdialog" if alert else "dialog")).to_be_visible()
    return act


def _submit_empty(button: str) -> Callable[[Page], None]:
    def act(page: Page) -> None:
        page.get_by_role("button", name=button, exact=True).first.click()
        expect(page.locator("[aria-invalid='true']").first).to_be_visible()
    return act


def _create_user_errors(page: Page) -> None:
    _dialog_by("button", "Maak gebruiker aan")(page)
    page.get_by_role("dialog").get_by_role("button", name="Maak gebruiker aan").click()
    expect(page.get_by_role("dialog").locator("[aria-invalid='true']").first).to_be_visible()


def _new_api_key(page: Page) -> None:
    page.get_by_label("Naam (bijvoorbeeld het boekhoudpakket)").fill("Axe-controle")
    page.get_by_role("button", name="Sleutel maken").click()
    expect(page.get_by_text("Axe-controle").first).to_be_visible()


def _wrong_password(page: Page) -> None:
    page.get_by_label("E-mailadres").fill("niemand@example.com")
    page.get_by_label("Wachtwoord", exact=True).fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert").first).to_be_visible()


def _fill_and_submit(fields: dict[str, str], button: str) -> Callable[[Page], None]:
    """Type into the fields (by label) and submit; a field then says what is wrong."""
    def act(page: Page) -> None:
        for label, text in fields.items():
            page.get_by_label(label, exact=True).fill(text)
        page.get_by_role("button", name=button, exact=True).first.click()
        expect(page.locator("[aria-invalid='true']").first).to_be_visible()
    return act


def _shows(role: str, name: str) -> Callable[[Page], None]:
    """The state the visit is for is on the page (e.g. a section that needs data)."""
    def act(page: Page) -> None:
        expect(page.get_by_role(role, name=name)).to_be_visible()
    return act


def _answer_empty(page: Page) -> None:
    """Vragen: an empty answer is refused beside its field."""
    page.get_by_role("button", name=re.compile("^Antwoord versturen")).first.click()
    expect(page.locator("[aria-invalid='true']").first).to_be_visible()


def _ask_empty(page: Page) -> None:
    """Vraag over dit cijfer: an empty question is refused in the dialog, which stays open."""
    _dialog_by("button", re.compile("^Vraag over dit cijfer"))(page)
    page.get_by_role("dialog").get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("dialog").locator("[aria-invalid='true']")).to_be_visible()


def _tab(client_id: int, tab: str) -> str:
    return f"/klanten/{client_id}?tab={tab}"


def test_pages_before_login(browser: Browser, base_url: str, world: World, axe_ready) -> None:
    report = Report()
    for person in _person(browser, base_url, "anoniem", None):
        _walk(person, [
            ("inloggen", "/login", None),
            ("inloggen-fout", "/login", _wrong_password),
            ("wachtwoord-vergeten", "/wachtwoord-vergeten", None),
            ("wachtwoord-herstellen-ongeldig", "/wachtwoord-herstellen?token=ongeldig", None),
            ("activeren-ongeldig", "/activeren?token=ongeldig", None),
            ("activeren", f"/activeren?token={world.activation}", None),
            ("activeren-fouten", f"/activeren?token={world.activation}",
             _submit_empty("Wachtwoord instellen")),
            ("wachtwoord-herstellen", f"/wachtwoord-herstellen?token={world.reset}", None),
            ("wachtwoord-herstellen-fouten", f"/wachtwoord-herstellen?token={world.reset}",
             _submit_empty("Wachtwoord opslaan")),
            ("e-mail-bevestigen-ongeldig", "/account/e-mail-bevestigen?token=ongeldig", None),
            ("voorwaarden", "/voorwaarden/financial-overview", None),
        ], report, shots={"inloggen", "voorwaarden", "activeren-fouten",
                          "wachtwoord-herstellen-fouten"})
    _finish(report, "anoniem")


def test_employee_pages_and_dialogs(browser: Browser, base_url: str, app_db, world: World,
                                    axe_ready) -> None:
    dem, bse, company, fig = world.dem, world.bse, world.company, world.figures
    # five clients share De Bloemenhoek's SBI code and the office compares: its dashboard
    # shows the anonymous comparison (the office's settings are put back afterwards)
    _branche(app_db)
    with session_scope(app_db) as s:
        comparison.save_setting(s, _advisor(s), compare_within_office=True)
    overview = f"/klanten/{dem}/financial-overview"
    visits: list[Visit] = [
        ("klanten", "/klanten", None),
        ("nieuwe-klant", "/klanten/nieuw", None),
        ("nieuwe-klant-fouten", "/klanten/nieuw", _submit_empty("Opslaan")),
        ("klant-bewerken", f"/klanten/{dem}/bewerken", None),
        *[(f"klant-{t}", _tab(dem, t), None) for t in (
            "overzicht", "contactpersonen", "diensten", "prijsstelling", "contactmomenten",
            "industriestandaard", "samenwerkingen")],
        ("contactmoment-datum-fout", _tab(dem, "contactmomenten"),
         _fill_and_submit({"Datum": "31-02-2026", "Onderwerp": "Controle"}, "Vastleggen")),
        ("samenwerking-beeindigen", _tab(dem, "samenwerkingen"),
         _dialog_by("button", "Samenwerking beëindigen", alert=True)),
        ("wizard-service-activeren", _tab(bse, "samenwerkingen"),
         _dialog_by("button", "Activeren")),
        ("logboek", f"/klanten/{dem}/logboek", None),
        ("logboek-datum-fout", f"/klanten/{dem}/logboek?van=31-02-2026", None),
        ("dashboard", overview, _shows("heading", "Vergelijking binnen het kantoor")),
        ("gegevens-bijwerken", f"{overview}/gegevens", None),
        ("rekeningen", routes.overview_accounts_url(dem, 2018, "omzet"), None),
        ("budget", f"{overview}/budget", None),
        ("proefbalans", f"{overview}/proefbalans", None),
        ("rekening", routes.overview_account_url(dem, world.account, 2018), None),
        ("kasstroom", routes.overview_cash_flow_url(dem), None),
        ("kengetallen", routes.overview_key_figures_url(dem), None),
        ("liquiditeitsprognose", routes.overview_forecast_url(dem), None),
        ("portefeuille", routes.PORTFOLIO, None),
        ("meldingen", routes.NOTICES, None),
        ("advies", routes.SETTINGS_ADVICE, None),
        ("huisstijl", routes.SETTINGS_HOUSE_STYLE, None),
        ("huisstijl-fout", routes.SETTINGS_HOUSE_STYLE,
         _fill_and_submit({"Hoofdkleur (hexcode)": "#ffff00"}, "Opslaan")),
        ("vragen", routes.QUESTIONS, None),
        ("vragen-antwoord-fout", routes.QUESTIONS, _answer_empty),
        ("dashboard-met-vraag", routes.financial_overview_url(fig.client), None),
        ("rapportages-klant", routes.client_packs_url(fig.client), None),
        ("rapportage", routes.client_pack_url(fig.client, fig.pack), None),
        ("rapportage-publiceren", routes.client_pack_url(fig.client, fig.pack),
         _dialog_by("button", "Publiceren", alert=True)),
        ("rapportages", routes.PACKS_REVIEW, None),
        ("rapportages-schema", routes.SETTINGS_PACKS, None),
        ("dienst", routes.service_url(world.service), None),
        ("diensten", "/instellingen/diensten", None),
        ("nieuwe-dienst", "/instellingen/diensten/nieuw", None),
        ("beveiliging", "/instellingen/beveiliging", None),
        ("api-sleutels", "/instellingen/api-sleutels", None),
        ("api-sleutel-gemaakt", "/instellingen/api-sleutels", _new_api_key),
        ("api-sleutel-intrekken", "/instellingen/api-sleutels",
         _dialog_by("button", re.compile("API-sleutel intrekken"), alert=True)),
        ("bedrijven", "/online/bedrijven", None),
        ("gebruikers", f"/online/bedrijven/{company}/gebruikers", None),
        ("maak-gebruiker-aan", f"/online/bedrijven/{company}/gebruikers",
         _dialog_by("button", "Maak gebruiker aan")),
        ("maak-gebruiker-aan-fouten", f"/online/bedrijven/{company}/gebruikers",
         _create_user_errors),
        ("gebruiker-bewerken", f"/online/bedrijven/{company}/gebruikers",
         _dialog_by("button", "Bewerken Frans Jansen")),
        ("gebruiker-deactiveren", f"/online/bedrijven/{company}/gebruikers",
         _dialog_by("button", "Deactiveren Gert Gebruiker", alert=True)),
        ("mijn-account", "/account", None),
        ("tweestapsverificatie", "/account/tweestapsverificatie", None),
    ]
    report = Report()
    dialogs = {v[0] for v in visits if v[2] is not None}
    try:
        for person in _person(browser, base_url, "medewerker", ADVISOR):
            _walk(person, visits, report, shots=dialogs | {"gebruikers", "api-sleutels",
                                                            "beveiliging", "dashboard"})
    finally:
        _put_back(app_db)
    _finish(report, "medewerker")


def test_company_beheerder_pages(browser: Browser, base_url: str, world: World, axe_ready
                                 ) -> None:
    report = Report()
    for person in _person(browser, base_url, "beheerder", FRANS):
        _walk(person, [
            ("mijn-diensten", "/online/diensten", None),
            ("verzoeken", "/online/verzoeken", None),
            ("wie-kan-onze-cijfers-zien", "/online/wie-kan-onze-cijfers-zien", None),
            ("financial-overview", f"/online/bedrijven/{world.company}/financial-overview", None),
            ("kengetallen", routes.company_key_figures_url(world.company), None),
            ("gebruikers", routes.company_users_url(world.company), None),
            ("maak-gebruiker-aan", routes.company_users_url(world.company),
             _dialog_by("button", "Maak gebruiker aan")),
            ("voorwaarden", routes.TERMS, None),
            ("mijn-account", "/account", None),
            ("tweestapsverificatie", routes.TWO_FACTOR, None),
        ], report, shots={"mijn-diensten", "verzoeken", "maak-gebruiker-aan"})
    _finish(report, "beheerder")


def test_company_gebruiker_pages(browser: Browser, base_url: str, world: World, axe_ready
                                 ) -> None:
    report = Report()
    for person in _person(browser, base_url, "gebruiker", GEBRUIKER):
        _walk(person, [
            ("mijn-diensten", "/online/diensten", None),
            ("financial-overview", f"/online/bedrijven/{world.company}/financial-overview", None),
            ("kengetallen", routes.company_key_figures_url(world.company), None),
            ("mijn-account", "/account", None),
        ], report, shots={"mijn-diensten"})
    _finish(report, "gebruiker")



def test_company_users_figures_questions_and_packs(browser: Browser, base_url: str, world: World,
                                                   axe_ready) -> None:
    """A company with figures as its users see it: the dashboard with "Vraag over dit cijfer"
    (the dialog, and its refusal of an empty question), Kengetallen, Kasstroom and the
    published report packs; the Gebruiker everything, the Beheerder what differs for them."""
    company, version = world.figures.company, world.figures.version
    overview = routes.company_overview_url(company)
    visits: list[Visit] = [
        ("financial-overview", overview, None),
        ("vraag-over-dit-cijfer", overview, _dialog_by("button", re.compile("^Vraag over dit cijfer"))),
        ("vraag-fout", overview, _ask_empty),
        ("kengetallen", routes.company_key_figures_url(company), None),
        ("kasstroom", routes.company_cash_flow_url(company), None),
        # a line's question: the small icon button named "Vraag over <line>", then its dialog
        ("kasstroom-vraag", routes.company_cash_flow_url(company),
         _dialog_by("button", re.compile("^Vraag over "))),
        ("rapportages", routes.company_packs_url(company), None),
        ("rapportage", routes.company_pack_url(company, version), None),
    ]
    beheerder_skips = {"vraag-fout", "kengetallen", "kasstroom-vraag"}
    report = Report()
    for name, credentials, walk in (
            ("klant-gebruiker", GUUS, visits),
            ("klant-beheerder", BEA, [v for v in visits if v[0] not in beheerder_skips])):
        for person in _person(browser, base_url, name, credentials):
            _walk(person, walk, report, shots={"vraag-over-dit-cijfer", "rapportage",
                                               "kasstroom"})
    _finish(report, "klant-met-cijfers")
