"""Hub figures: contacts counted by who, how and from where; what became of onward referrals; the
money month by month. Counted in the database (grouped queries), never row by row, and never rows."""

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
    "dashboard_figures",
    "dashboard_hub",
    "dashboard_hubs",
    "hub_figures",
    "money_figures",
    "parse_routes",
    "referral_figures",
    "scope_for",
    "sees_exact",
]
