"""The hub app's writers: hubs and their workers; contacts; onward referrals."""

from wellboard.hub.services.contacts import (
    contact_correct,
    contact_for_correction,
    contact_record,
    contacts_seen,
)
from wellboard.hub.services.hubs import (
    hub_create,
    hub_partner_add,
    hub_site_add,
    hub_update,
    hub_worker_assign,
)
from wellboard.hub.services.referrals import (
    referral_for_update,
    referral_link_send,
    referral_send,
    referral_status_set,
    referral_status_set_via_link,
    referrals_add,
    referrals_of_visit,
    referrals_seen,
    referrals_send,
    visit_record,
)
from wellboard.hub.services.months import hub_month_for_editing, hub_month_save, hub_months

__all__ = [
    "contact_correct",
    "contact_for_correction",
    "contact_record",
    "contacts_seen",
    "hub_create",
    "hub_month_for_editing",
    "hub_month_save",
    "hub_months",
    "hub_partner_add",
    "hub_site_add",
    "hub_update",
    "hub_worker_assign",
    "referral_for_update",
    "referral_link_send",
    "referral_send",
    "referral_status_set",
    "referral_status_set_via_link",
    "referrals_add",
    "referrals_of_visit",
    "referrals_seen",
    "referrals_send",
    "visit_record",
]
