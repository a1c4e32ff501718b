"""Which figures a question can be about, and what they are called (domain.overview.questions)."""

from __future__ import annotations

import pytest

from vfo_app.domain.online import products
from vfo_app.domain.overview import key_figures
from vfo_app.domain.overview.questions import allowed_figure, figure_label, period_label
from vfo_app.domain.overview.scope import COMPANY_USER, Scope


def _scope(product: str) -> Scope:
    return Scope(1, "Vraagbaak BV", "Demo Accountants", product, 1, COMPANY_USER)


@pytest.mark.parametrize(("key", "label"), [
    ("kpi:omzet", "Omzet"), ("pl:omzet", "Netto-omzet"), ("balance:debiteuren", "Debiteuren"),
    ("cashflow:afschrijvingen", "Afschrijvingen (kasstroom)"), ("pl:afschrijvingen", "Afschrijvingen"),
    ("pl:debiteuren", None),  # a balance category is no line of the profit and loss
    ("balance:omzet", None), ("kpi:bestaat_niet", None), ("omzet", None), ("kpi:", None),
    ("kpi:Omzet", None), ("pl:omzet; drop table", None), ("", None)])
def test_a_key_names_one_figure_or_none(key, label):
    assert figure_label(key) == label


def test_starter_asks_about_the_key_figures_it_shows_and_nothing_else():
    starter, full = _scope(products.FINANCIAL_OVERVIEW_STARTER), _scope(
        products.FINANCIAL_OVERVIEW)
    for key in key_figures.DEFAULT_SET:
        assert allowed_figure(starter, f"kpi:{key}")
    hidden = next(k for k in key_figures.LIBRARY if k not in key_figures.DEFAULT_SET)
    assert not allowed_figure(starter, f"kpi:{hidden}") and allowed_figure(full, f"kpi:{hidden}")
    for key in ("pl:omzet", "balance:debiteuren", "cashflow:afschrijvingen"):
        assert not allowed_figure(starter, key) and allowed_figure(full, key)


def test_a_month_of_the_fiscal_year_is_named_as_the_calendar_month():
    assert period_label(1, 2018, 3) == "maart 2018"
    assert period_label(7, 2018, 1) == "juli 2018"  # a fiscal year from July
    assert period_label(7, 2018, 7) == "januari 2019"
