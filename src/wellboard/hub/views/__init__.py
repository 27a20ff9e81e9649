"""The hub pages: hubs for coordinators; contacts and referrals for hub workers; the status link
for the services referred to."""

from wellboard.hub.views.contacts import (
    contact_correct_view,
    contact_record_view,
    contact_referrals_add_view,
from wellboard.hub.views.contacts import contact_correct_view, contact_record_view
from wellboard.hub.views.dashboard import (
    hub_dashboard,
    hub_dashboard_download,
    hubs_dashboard,
    hubs_dashboard_download,
)
from wellboard.hub.views.hubs import (
    hub_create_view,
    hub_detail,
    hub_list_view,
    hub_site_add_view,
    hub_worker_assign_view,
)
from wellboard.hub.views.referral_link import referral_status_link_view
from wellboard.hub.views.referrals import referral_detail_view, referral_link_send_view, referral_list_view
from wellboard.hub.views.months import hub_month_edit_view, hub_months_view

__all__ = [
    "contact_correct_view",
    "contact_record_view",
    "contact_referrals_add_view",
    "hub_create_view",
    "hub_dashboard",
    "hub_dashboard_download",
    "hub_detail",
    "hub_list_view",
    "hub_month_edit_view",
    "hub_months_view",
    "hub_site_add_view",
    "hub_worker_assign_view",
    "referral_detail_view",
    "referral_link_send_view",
    "referral_list_view",
    "referral_status_link_view",
    "hubs_dashboard",
    "hubs_dashboard_download",
]
