"""Hubs, the places they run, the partners that use them and the hub workers who record there."""

from wellboard.hub.models.contacts import Contact, Route, Sex
from wellboard.hub.models.hubs import (
    Hub,
    HubAssignment,
    HubKind,
    HubMonth,
    HubPartner,
    HubSession,
    HubSite,
    Weekday,
)
from wellboard.hub.models.outcomes import AssessmentStage, Instrument, OutcomeAssessment
from wellboard.hub.models.referrals import Referral, ReferralEvent, ReferralStatus
from wellboard.hub.models.totals import DayDimension, HubClient, HubDayTotal, HubTotalKey

__all__ = [
    "AssessmentStage",
    "Contact",
    "DayDimension",
    "Hub",
    "HubAssignment",
    "HubClient",
    "HubDayTotal",
    "HubKind",
    "HubMonth",
    "HubPartner",
    "HubSession",
    "HubSite",
    "HubTotalKey",
    "Instrument",
    "OutcomeAssessment",
    "Referral",
    "ReferralEvent",
    "ReferralStatus",
    "Route",
    "Sex",
    "Weekday",
]
