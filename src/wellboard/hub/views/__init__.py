"""The hub pages: hubs, their sites, sessions and partners for coordinators; contacts, referrals,
and importing and exporting contacts for hub workers; the status link for the services referred to."""

from wellboard.hub.views.contacts import (
    contact_correct_view,
    contact_record_view,
    contact_referrals_add_view,
)
from wellboard.hub.views.dashboard import (
    hub_dashboard,
    hub_dashboard_download,
    hubs_dashboard,
    hubs_dashboard_download,
)
from wellboard.hub.views.hub_partners import hub_partner_add_view, hub_partner_remove_view
from wellboard.hub.views.hubs import (
    hub_create_view,
    hub_detail,
    hub_edit_view,
    hub_list_view,
    hub_site_add_view,
    hub_worker_assign_view,
    hub_worker_unassign_view,
)
from wellboard.hub.views.months import hub_month_edit_view, hub_months_view
from wellboard.hub.views.referral_link import referral_status_link_view
from wellboard.hub.views.referrals import referral_detail_view, referral_link_send_view, referral_list_view
from wellboard.hub.views.sites import (
    hub_session_add_view,
    hub_session_edit_view,
    hub_session_remove_view,
    hub_site_edit_view,
    hub_site_remove_view,
)
from wellboard.hub.views.transfers import (
    contacts_export_view,
    contacts_import_confirm_view,
    contacts_import_view,
)

__all__ = [
    "contact_correct_view",
    "contact_record_view",
    "contact_referrals_add_view",
    "contacts_export_view",
    "contacts_import_confirm_view",
    "contacts_import_view",
    "hub_create_view",
    "hub_dashboard",
    "hub_dashboard_download",
    "hub_detail",
    "hub_edit_view",
    "hub_list_view",
    "hub_month_edit_view",
    "hub_months_view",
    "hub_partner_add_view",
    "hub_partner_remove_view",
    "hub_session_add_view",
    "hub_session_edit_view",
    "hub_session_remove_view",
    "hub_site_add_view",
    "hub_site_edit_view",
    "hub_site_remove_view",
    "hub_worker_assign_view",
    "hub_worker_unassign_view",
    "hubs_dashboard",
    "hubs_dashboard_download",
    "referral_detail_view",
    "referral_link_send_view",
    "referral_list_view",
    "referral_status_link_view",
]
