"""The hub pages: hubs for coordinators; contacts for hub workers."""

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
from wellboard.hub.views.months import hub_month_edit_view, hub_months_view

__all__ = [
    "contact_correct_view",
    "contact_record_view",
    "hub_create_view",
    "hub_dashboard",
    "hub_dashboard_download",
    "hub_detail",
    "hub_list_view",
    "hub_month_edit_view",
    "hub_months_view",
    "hub_site_add_view",
    "hub_worker_assign_view",
    "hubs_dashboard",
    "hubs_dashboard_download",
]
