"""Hub pages, all under /p/<partnership>/hubs/; and the status link a service is sent about a
referral, which needs no account, at /referral-status/<token>/."""

from django.urls import URLPattern, URLResolver, path

from wellboard.hub import views
from wellboard.hub.views import assessment_corrections, assessment_uploads, assessments

HUB = "p/<slug:slug>/hubs/<slug:hub>/"
INITIATIVE_OUTCOMES = "p/<slug:slug>/initiatives/<slug:initiative>/outcomes/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("p/<slug:slug>/hubs/", views.hub_list_view, name="hub-list"),
    path("p/<slug:slug>/hubs/new/", views.hub_create_view, name="hub-create"),
    # Every hub's dashboard comes before a hub's own pages: "dashboard" is a word no hub may take.
    path("p/<slug:slug>/hubs/dashboard/", views.hubs_dashboard, name="hubs-dashboard"),
    path(
        "p/<slug:slug>/hubs/dashboard/<slug:key>.<str:fmt>",
        views.hubs_dashboard_download,
        name="hubs-dashboard-download",
    ),
    path(HUB, views.hub_detail, name="hub-detail"),
    path(HUB + "workers/", views.hub_worker_assign_view, name="hub-worker-assign"),
    path(HUB + "sites/", views.hub_site_add_view, name="hub-site-add"),
    path(HUB + "contacts/", views.contact_record_view, name="hub-contacts"),
    path(HUB + "contacts/<int:pk>/correct/", views.contact_correct_view, name="hub-contact-correct"),
    path(
        HUB + "contacts/<int:pk>/referrals/", views.contact_referrals_add_view, name="hub-contact-referrals"
    ),
    path(HUB + "referrals/", views.referral_list_view, name="hub-referrals"),
    path(HUB + "referrals/<int:pk>/", views.referral_detail_view, name="hub-referral"),
    path(HUB + "referrals/<int:pk>/send-link/", views.referral_link_send_view, name="hub-referral-link"),
    path("referral-status/<str:token>/", views.referral_status_link_view, name="referral-status-link"),
    # wellbeing outcomes of a hub's own work or an initiative
    path(HUB + "outcomes/", assessments.hub_outcomes_view, name="hub-outcomes"),
    path(HUB + "outcomes/record/", assessments.hub_assessment_record_view, name="hub-outcomes-record"),
    path(HUB + "outcomes/import/", assessment_uploads.hub_assessment_upload_view, name="hub-outcomes-import"),
    path(
        HUB + "outcomes/<int:pk>/correct/",
        assessment_corrections.hub_assessment_correct_view,
        name="hub-outcomes-correct",
    ),
    path(
        HUB + "outcomes/results.<str:fmt>",
        assessments.hub_outcomes_download,
        name="hub-outcomes-download",
    ),
    path(INITIATIVE_OUTCOMES, assessments.initiative_outcomes_view, name="initiative-outcomes"),
    path(
        INITIATIVE_OUTCOMES + "record/",
        assessments.initiative_assessment_record_view,
        name="initiative-outcomes-record",
    ),
    path(
        INITIATIVE_OUTCOMES + "<int:pk>/correct/",
        assessment_corrections.initiative_assessment_correct_view,
        name="initiative-outcomes-correct",
    ),
    path(
        INITIATIVE_OUTCOMES + "import/",
        assessment_uploads.initiative_assessment_upload_view,
        name="initiative-outcomes-import",
    ),
    path(
        INITIATIVE_OUTCOMES + "results.<str:fmt>",
        assessments.initiative_outcomes_download,
        name="initiative-outcomes-download",
    ),
    path(
        INITIATIVE_OUTCOMES + "publish/",
        assessments.initiative_outcomes_publish_view,
        name="initiative-outcomes-publish",
    ),
    # A hub's dashboard and its tables as CSV or JSON; its monthly figures.
    path(HUB + "dashboard/", views.hub_dashboard, name="hub-dashboard"),
    path(HUB + "dashboard/<slug:key>.<str:fmt>", views.hub_dashboard_download, name="hub-dashboard-download"),
    path(HUB + "months/", views.hub_months_view, name="hub-months"),
    path(HUB + "months/<str:month>/", views.hub_month_edit_view, name="hub-month-edit"),
    # Managing a hub (coordinators), and moving its visits in and out as files (its workers)
    path(HUB + "edit/", views.hub_edit_view, name="hub-edit"),
    path(HUB + "sites/<int:site>/edit/", views.hub_site_edit_view, name="hub-site-edit"),
    path(HUB + "sites/<int:site>/remove/", views.hub_site_remove_view, name="hub-site-remove"),
    path(HUB + "sites/<int:site>/sessions/new/", views.hub_session_add_view, name="hub-session-add"),
    path(HUB + "sessions/<int:session>/edit/", views.hub_session_edit_view, name="hub-session-edit"),
    path(HUB + "sessions/<int:session>/remove/", views.hub_session_remove_view, name="hub-session-remove"),
    path(HUB + "partners/new/", views.hub_partner_add_view, name="hub-partner-add"),
    path(HUB + "partners/<int:partner>/remove/", views.hub_partner_remove_view, name="hub-partner-remove"),
    path(
        HUB + "workers/<int:assignment>/remove/", views.hub_worker_unassign_view, name="hub-worker-unassign"
    ),
    path(HUB + "contacts/import/", views.contacts_import_view, name="hub-contacts-import"),
    path(
        HUB + "contacts/import/confirm/",
        views.contacts_import_confirm_view,
        name="hub-contacts-import-confirm",
    ),
    path(HUB + "contacts.csv", views.contacts_export_view, name="hub-contacts-export"),
]
