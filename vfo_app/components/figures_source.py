"""Where a page's figures come from: "Cijfers t/m <date>, ingelezen <date> uit <software>."

Every page that shows a year's figures (dashboard, reports, trial balance, drill-down) puts
this line under its title, so nobody reads figures without knowing how fresh they are."""

from __future__ import annotations

import reflex as rx


def figures_source(text: rx.Var) -> rx.Component:
    return rx.cond(text != "", rx.el.p(text, class_name="figures-source",
                                       data_testid="figures-source"), rx.fragment())
