"""Advice beside the dashboard (the link to the Liquiditeitsprognose and the anonymous
comparison within the office), and Instellingen > Advies (the office's switch for the
comparison and its default set of key figures for the dashboards)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from vfo_app import routes
from vfo_app.domain import access
from vfo_app.domain.choices import Option
from vfo_app.domain.errors import NotFound, ValidationFailed
from vfo_app.domain.formatting import number
from vfo_app.domain.overview import comparison, key_figures
from vfo_app.domain.overview import scope as scopes
from vfo_app.state.session import SessionState, Tx, page_load

QUARTILES = {1: "laagste kwart", 2: "tweede kwart", 3: "derde kwart", 4: "beste kwart"}


@dataclass
class RatioLine:
    label: str
    own: str
    q1: str
    median: str
    q3: str
    position: str  # "beste kwart", ... ("" without a value of the client's own)
    better: str  # "hoger is beter" | "lager is beter"


def _fmt(unit: str, value: float | None) -> str:
    if value is None:
        return "–"
    if unit == "pct":
        return f"{number(value, 1)}%"
    if unit == "days":
        return f"{number(value, 0)} dagen"
    return number(value, 2)


class DashboardAdviceState(SessionState):
    """Loaded by the dashboard's advice section when it appears (employee's or company
    user's overview, as the route says); the access policy decides through the scope."""

    forecast_href: str = ""
    compare_shown: bool = False
    compare_reason: str = ""
    sbi_code: str = ""
    group_size: int = 0
    ratios: list[RatioLine] = rx.field(default_factory=list)

    @rx.event
    def load(self):
        client_id, company_id = self._route_id("client_id"), self._route_id("company_id")
        if client_id is None and company_id is None:
            # a mount that still carries the previous page's route, no one's figures: the
            # part loads again once its own page has answered (components/mount.py)
            self.forecast_href, self.compare_shown, self.ratios = "", False, []
            return None

        def read(tx: Tx) -> tuple[scopes.Scope, comparison.Comparison]:
            if client_id is not None:
                scope = scopes.for_employee(tx.session, tx.actor, client_id)
            elif company_id is not None:
                scope = scopes.for_company_user(tx.session, tx.actor, company_id)
            else:
                raise NotFound()
            return scope, comparison.compare(tx.session, scope)

        outcome = self._run(read)
        self.forecast_href, self.compare_shown, self.ratios = "", False, []
        if not outcome.ok:
            return outcome.answer
        scope, result = outcome.value
        if scope.is_employee_view and not scope.is_starter:
            self.forecast_href = routes.overview_forecast_url(scope.client_id)
        self.compare_shown, self.compare_reason = result.shown, result.reason
        self.sbi_code, self.group_size = result.sbi_code, result.group_size
        self.ratios = [RatioLine(
            r.label, _fmt(r.unit, r.own), _fmt(r.unit, r.q1), _fmt(r.unit, r.median),
            _fmt(r.unit, r.q3), QUARTILES.get(r.quartile, ""),
            "hoger is beter" if r.better == "higher" else "lager is beter") for r in result.ratios]
        return None


@dataclass
class DefaultFigure:
    """A key figure of the office's default set, in its place on the dashboard."""

    key: str
    label: str
    group: str
    position: int  # 1-based, as read
    first: bool = False
    last: bool = False


def _default_rows(keys: list[str]) -> list[DefaultFigure]:
    return [DefaultFigure(k, key_figures.LIBRARY[k].label, key_figures.LIBRARY[k].group, i + 1,
                          i == 0, i == len(keys) - 1) for i, k in enumerate(keys)]


class AdviceSettingsState(SessionState):
    """Instellingen > Advies. Every employee reads it; office beheerders change it (the access
    policy checks each save: ``access.require_office_admin``). The default set is edited in
    the page (add, move, remove) and saved at once with Opslaan."""

    compare_within_office: bool = False
    can_edit: bool = False
    form_key: int = 0
    # the office's default set of key figures for dashboards without a choice of their own
    default_figures: list[DefaultFigure] = rx.field(default_factory=list)
    default_options: list[Option] = rx.field(default_factory=list)  # figures not in the set
    default_is_product: bool = True  # the office has not chosen: the product's set
    default_changed: bool = False  # edited in the page, not yet saved
    default_error: str = ""
    default_form_key: int = 0
    max_tiles: int = key_figures.MAX_TILES

    def _reread(self, tx: Tx | None = None):
        def read(tx: Tx) -> tuple[bool, tuple[str, ...], bool]:
            office_id = access.require_employee(tx.actor)
            chosen = key_figures.office_chosen(tx.session, office_id)
            return (comparison.is_on(tx.session, office_id),
                    chosen or key_figures.DEFAULT_SET, not chosen)

        outcome = self._run(read, tx=tx)
        if not outcome.ok:
            return outcome.answer
        self.compare_within_office, keys, self.default_is_product = outcome.value
        self._set_default(list(keys), changed=False)
        self.form_key += 1
        return None

    def _keys(self) -> list[str]:
        return [f.key for f in self.default_figures if f.key in key_figures.LIBRARY]

    def _set_default(self, keys: list[str], changed: bool = True) -> None:
        self.default_figures = _default_rows(keys)
        self.default_options = [
            Option(k, f"{d.label} ({d.group.lower()})") for k, d in key_figures.LIBRARY.items()
            if k not in keys]
        self.default_changed, self.default_error = changed, ""
        self.default_form_key += 1

    @rx.event
    @page_load(employee=True)
    def load(self, tx: Tx):
        self.can_edit = tx.actor.is_office_admin
        return self._reread(tx)

    @rx.event
    def save(self, form: dict):
        if not isinstance(form, dict):
            return None
        wanted = bool(form.get("compare_within_office"))
        outcome = self._run(lambda tx: comparison.save_setting(
            tx.session, tx.actor, compare_within_office=wanted))
        if not outcome.ok:
            return outcome.answer
        self._reread()
        return rx.toast.success("Instelling opgeslagen.")

    # --- the default set: edited in the page, saved by save_default ------------------------

    @rx.event
    def add_default_figure(self, form: dict):
        key = str((form if isinstance(form, dict) else {}).get("key") or "")
        keys = self._keys()
        if key not in key_figures.LIBRARY:
            self.default_error = "Kies een kengetal om toe te voegen."
            return None
        if key in keys:
            return None
        if len(keys) >= key_figures.MAX_TILES:
            self.default_error = (f"Het dashboard toont hoogstens {key_figures.MAX_TILES} "
                                  "kengetallen; haal er eerst een weg.")
            return None
        self._set_default([*keys, key])
        return None

    @rx.event
    def move_default_figure(self, key: str, step: int):
        keys = self._keys()
        key = str(key or "")
        try:
            step = 1 if int(step) > 0 else -1
        except (TypeError, ValueError):
            return None
        if key not in keys:
            return None
        i = keys.index(key)
        j = i + step
        if 0 <= j < len(keys):
            keys[i], keys[j] = keys[j], keys[i]
            self._set_default(keys)
        return None

    @rx.event
    def remove_default_figure(self, key: str):
        keys = self._keys()
        if str(key or "") in keys:
            keys.remove(str(key))
            self._set_default(keys)
        return None

    @rx.event
    def use_product_default(self):
        """The product's set in the page (saved with Opslaan)."""
        self._set_default(list(key_figures.DEFAULT_SET))
        return None

    @rx.event
    def undo_default(self):
        """Forget the edits in the page: the saved set again."""
        return self._reread()

    @rx.event
    def save_default(self):
        keys = self._keys()
        outcome = self._run(lambda tx: key_figures.save_office_default(
            tx.session, tx.actor, keys))
        if isinstance(outcome.error, ValidationFailed):
            self.default_error = " ".join(outcome.error.errors.values())
            return None
        if not outcome.ok:
            return outcome.answer
        self._reread()
        return rx.toast.success("De standaardset van het kantoor is opgeslagen.")
