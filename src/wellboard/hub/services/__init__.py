"""The hub app's writers: hubs and their workers; sites and their sessions; partners; contacts;
onward referrals; monthly figures."""

from wellboard.hub.services.contacts import (
    contact_correct,
    contact_for_correction,
    contact_record,
    contacts_seen,
)
from wellboard.hub.services.hub_partners import hub_partner_add, hub_partner_remove
from wellboard.hub.services.hubs import (
    hub_create,
    hub_update,
    hub_worker_assign,
    hub_worker_unassign,
)
from wellboard.hub.services.months import hub_month_for_editing, hub_month_save, hub_months
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
from wellboard.hub.services.sites import (
    hub_session_add,
    hub_session_remove,
    hub_session_update,
    hub_site_add,
    hub_site_remove,
    hub_site_update,
)

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
    "hub_partner_remove",
    "hub_session_add",
    "hub_session_remove",
    "hub_session_update",
    "hub_site_add",
    "hub_site_remove",
    "hub_site_update",
    "hub_update",
    "hub_worker_assign",
    "hub_worker_unassign",
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
