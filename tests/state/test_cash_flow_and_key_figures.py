"""Kasstroom and Kengetallen driven as their users do: the accountant who serves the client
sees a statement that adds up and sets the dashboard's figures; the client user sees the
figures and opens a figure's accounts; a text that is not a number stays with its message."""

from __future__ import annotations

from tests.state.world import FRANS, NORA
from vfo_app import routes
from vfo_app.state.cash_flow import CashFlowState
from vfo_app.state.key_figures import CompanyKeyFiguresState, KeyFiguresState


def test_kasstroom_adds_up_and_links_to_the_accounts(tab, world):
    nora = tab(NORA).open(routes.CLIENT_OVERVIEW_CASH_FLOW, {"jaar": world.noord.year},
                          client_id=world.noord.client_id)
    assert nora.call(CashFlowState.load).error is None
    s = nora.state(CashFlowState)
    assert s.allowed and s.reason == "" and s.reconciles and s.reconcile_message == ""
    labels = [r.label for r in s.rows]
    for expected in ("Resultaat", "Afschrijvingen", "Mutatie debiteuren", "Mutatie crediteuren",
                     "Investeringen in vaste activa (na desinvesteringen)",
                     "Mutatie liquide middelen", "Liquide middelen einde periode"):
        assert expected in labels, labels
    resultaat = next(r for r in s.rows if r.label == "Resultaat")
    assert "/rekeningen?" in resultaat.href and "categorie=nettoresultaat" in resultaat.href
    assert s.waterfall[0].label == "Beginsaldo" and s.waterfall[-1].label == "Eindsaldo"
    assert s.waterfall[-1].niveau == next(
        r.amount for r in s.rows if r.label == "Liquide middelen einde periode")
    assert all(v == "ja" for v in s.month_rows[-1].amounts)
    # one month: the period options navigate, the load shows that month
    answer = nora.call(CashFlowState.choose_period, period="2")
    assert answer.redirects and "periode=2" in answer.redirects[0]


def test_accountant_chooses_the_dashboards_figures(tab, world):
    nora = tab(NORA).open(routes.CLIENT_OVERVIEW_KEY_FIGURES, {"jaar": world.noord.year},
                          client_id=world.noord.client_id)
    assert nora.call(KeyFiguresState.load).error is None
    s = nora.state(KeyFiguresState)
    figures = [r for r in s.rows if r.kind == "figure"]
    assert len(figures) >= 30 and s.may_edit and not s.chosen_by_client
    omzet = next(r for r in figures if r.key == "omzet")
    assert omzet.value.startswith("€") and omzet.formula and omzet.sentence and omzet.period
    assert omzet.accounts[0].href.startswith(routes.financial_overview_url(world.noord.client_id))
    refused = nora.call(KeyFiguresState.save, form={
        "shown_solvabiliteit": "on", "target_solvabiliteit": "veel"})
    assert refused.error_toasts and "target_solvabiliteit" in nora.state(KeyFiguresState).errors
    saved = nora.call(KeyFiguresState.save, form={
        "shown_solvabiliteit": "on", "target_solvabiliteit": "30", "threshold_solvabiliteit": "",
        "shown_omzet": "on", "threshold_omzet": "1.000.000"})
    assert saved.success_toasts, saved
    s = nora.state(KeyFiguresState)
    assert s.chosen_by_client and s.errors == {}
    by_key = {r.key: r for r in s.rows if r.kind == "figure"}
    assert by_key["solvabiliteit"].shown and by_key["solvabiliteit"].target == "30"
    assert by_key["omzet"].threshold == "1.000.000" and by_key["omzet"].status == "alert"
    assert not by_key["nettomarge"].shown
    back = nora.call(KeyFiguresState.reset_to_default)
    assert back.success_toasts and not nora.state(KeyFiguresState).chosen_by_client


def test_client_user_reads_the_figures_and_opens_their_accounts(tab, world):
    frans = tab(FRANS).open(routes.ONLINE_COMPANY_KEY_FIGURES, company_id=world.noord.company_id)
    assert frans.call(CompanyKeyFiguresState.load).error is None
    s = frans.state(CompanyKeyFiguresState)
    assert s.allowed and not s.may_edit
    assert any(r.key == "debiteurendagen" for r in s.rows)
    frans.call(CompanyKeyFiguresState.show_accounts, key="omzet")
    s = frans.state(CompanyKeyFiguresState)
    assert s.open_key == "omzet" and s.open_accounts
    assert all(a.amount.startswith("€") for a in s.open_accounts)


def test_dashboard_tiles_are_the_chosen_figures_each_with_its_period(tab, world):
    from vfo_app.domain.overview import key_figures
    from vfo_app.state.overview import FinancialOverviewState

    nora = tab(NORA).open(routes.CLIENT_OVERVIEW, {"jaar": world.noord.year},
                          client_id=world.noord.client_id)
    assert nora.call(FinancialOverviewState.load).error is None
    s = nora.state(FinancialOverviewState)
    assert [c.key for c in s.cards] == list(key_figures.DEFAULT_SET)
    assert all(c.period_label for c in s.cards)
    assert s.cash_flow_href and s.key_figures_href
    # the accountant's own choice: those tiles (in the library's order), a crossed threshold
    kg = tab(NORA).open(routes.CLIENT_OVERVIEW_KEY_FIGURES, {"jaar": world.noord.year},
                        client_id=world.noord.client_id)
    kg.call(KeyFiguresState.load)
    kg.call(KeyFiguresState.save, form={"shown_current_ratio": "on", "shown_ebitda": "on",
                                        "threshold_current_ratio": "1.000"})
    nora.call(FinancialOverviewState.load)
    s = nora.state(FinancialOverviewState)
    assert [c.key for c in s.cards] == ["ebitda", "current_ratio"]
    ratio = s.cards[1]
    assert ratio.period_label.startswith("per ") and ratio.note == "Signaalgrens overschreden"
    assert ratio.href.endswith("#kg-current_ratio")
    ebitda = s.cards[0]
    assert "; jaar t/m " in ebitda.period_label


def test_client_user_reads_the_same_cash_flow_without_the_accountants_links(tab, world):
    from vfo_app.state.cash_flow import CompanyCashFlowState
    from vfo_app.state.my_services import CompanyOverviewState

    company_id = world.noord.company_id
    frans = tab(FRANS).open(routes.ONLINE_COMPANY_OVERVIEW, company_id=company_id)
    assert frans.call(CompanyOverviewState.load).error is None
    href = frans.state(CompanyOverviewState).cash_flow_href
    assert href.startswith(routes.company_cash_flow_url(company_id)), href

    frans = tab(FRANS).open(routes.ONLINE_COMPANY_CASH_FLOW, {"jaar": world.noord.year},
                            company_id=company_id)
    assert frans.call(CompanyCashFlowState.load).error is None
    mine = frans.state(CompanyCashFlowState)
    assert mine.allowed and mine.reconciles and mine.rows
    assert all(r.href == "" for r in mine.rows)  # read-only: no accountant's drill-down
    assert mine.key_figures_href.startswith(routes.company_key_figures_url(company_id))
    nora = tab(NORA).open(routes.CLIENT_OVERVIEW_CASH_FLOW, {"jaar": world.noord.year},
                          client_id=world.noord.client_id)
    nora.call(CashFlowState.load)
    theirs = nora.state(CashFlowState)
    assert [(r.label, r.amount) for r in mine.rows] == [(r.label, r.amount) for r in theirs.rows]
    assert [b.range for b in mine.waterfall] == [b.range for b in theirs.waterfall]
    answer = frans.call(CompanyCashFlowState.choose_period, period="2")
    assert answer.redirects and answer.redirects[0].startswith(
        routes.company_cash_flow_url(company_id)) and "periode=2" in answer.redirects[0]


def test_a_member_without_financial_overview_and_another_company_see_no_cash_flow(tab, world):
    from tests.state.world import BEA
    from vfo_app.state.cash_flow import CompanyCashFlowState

    bea = tab(BEA).open(routes.ONLINE_COMPANY_CASH_FLOW, {"jaar": world.noord.year},
                        company_id=world.noord.company_id)
    bea.call(CompanyCashFlowState.load)
    s = bea.state(CompanyCashFlowState)
    assert not s.allowed and s.rows == [] and world.noord.client_name not in s.title


def test_the_office_beheerder_chooses_and_orders_the_default_set(tab, world):
    from tests.state.world import NICK
    from vfo_app.domain.overview import key_figures
    from vfo_app.state.advice import AdviceSettingsState
    from vfo_app.state.overview import FinancialOverviewState

    nora = tab(NORA).open(routes.SETTINGS_ADVICE)
    assert nora.call(AdviceSettingsState.load).error is None
    s = nora.state(AdviceSettingsState)
    assert s.can_edit and s.default_is_product
    assert [f.key for f in s.default_figures] == list(key_figures.DEFAULT_SET)
    assert s.default_figures[0].label == "Omzet" and s.default_figures[0].first
    nora.call(AdviceSettingsState.use_product_default)
    for key in key_figures.DEFAULT_SET[2:]:
        nora.call(AdviceSettingsState.remove_default_figure, key=key)
    nora.call(AdviceSettingsState.add_default_figure, form={"key": "quick_ratio"})
    nora.call(AdviceSettingsState.move_default_figure, key="quick_ratio", step=-1)
    nora.call(AdviceSettingsState.add_default_figure, form={"key": "geen_kengetal"})
    s = nora.state(AdviceSettingsState)
    assert s.default_error and s.default_changed
    assert [f.key for f in s.default_figures] == ["omzet", "quick_ratio", "brutomarge_pct"]
    assert "quick_ratio" not in [o.value for o in s.default_options]

    nick = tab(NICK).open(routes.SETTINGS_ADVICE)
    nick.call(AdviceSettingsState.load)
    assert not nick.state(AdviceSettingsState).can_edit
    nick.call(AdviceSettingsState.remove_default_figure, key="omzet")
    refused = nick.call(AdviceSettingsState.save_default)
    assert refused.error_toasts and not refused.success_toasts

    saved = nora.call(AdviceSettingsState.save_default)
    assert saved.success_toasts, saved
    s = nora.state(AdviceSettingsState)
    assert not s.default_changed and not s.default_is_product
    assert [f.key for f in s.default_figures] == ["omzet", "quick_ratio", "brutomarge_pct"]
    # the dashboard of a client without a choice of its own follows it, in that order
    dash = tab(NORA).open(routes.CLIENT_OVERVIEW, {"jaar": world.noord.year},
                          client_id=world.noord.client_id)
    dash.call(FinancialOverviewState.load)
    assert [c.key for c in dash.state(FinancialOverviewState).cards] == [
        "omzet", "quick_ratio", "brutomarge_pct"]


def test_the_dashboards_observations_are_the_librarys(tab, world, app_engine):
    from sqlmodel import Session

    from vfo_app.domain.overview import figures, key_figures
    from vfo_app.state.overview import FinancialOverviewState

    nora = tab(NORA).open(routes.CLIENT_OVERVIEW, {"jaar": world.noord.year},
                          client_id=world.noord.client_id)
    nora.call(FinancialOverviewState.load)
    s = nora.state(FinancialOverviewState)
    with Session(app_engine) as db:
        this = figures.year_sums(db, world.noord.client_id, int(s.year))
        last = figures.year_sums(db, world.noord.client_id, int(s.year) - 1)
        expected = key_figures.observations(this, last, int(s.month))
    assert s.notes == expected and any(n.startswith("Liquide middelen dekken") for n in s.notes)
