"""Hub figures: contacts counted by who, how and from where; what became of onward referrals; the
money month by month. Counted in the database (grouped queries), never row by row, and never rows."""

from wellboard.hub.calculations.afresh import hub_figures_afresh, referral_figures_afresh
from wellboard.hub.calculations.dashboard import DashboardFigures, Disclosure, Shown, dashboard_figures
from wellboard.hub.calculations.figures import HubFigures, hub_figures
from wellboard.hub.calculations.money import MoneyFigures, MonthFigures, money_figures
from wellboard.hub.calculations.referrals import OUTCOME_LABELS, OUTCOMES, ReferralFigures, referral_figures
from wellboard.hub.calculations.scope import (
    Scope,
    dashboard_hub,
    dashboard_hubs,
    parse_routes,
    scope_for,
    sees_exact,
)
from wellboard.hub.calculations.summary import Totals, totals_for

__all__ = [
    "OUTCOMES",
    "OUTCOME_LABELS",
    "DashboardFigures",
    "Disclosure",
    "HubFigures",
    "MoneyFigures",
    "MonthFigures",
    "ReferralFigures",
    "Scope",
    "Shown",
    "Totals",
    "dashboard_figures",
    "dashboard_hub",
    "dashboard_hubs",
    "hub_figures",
    "hub_figures_afresh",
    "money_figures",
    "parse_routes",
    "referral_figures",
    "referral_figures_afresh",
    "scope_for",
    "sees_exact",
    "totals_for",
]
