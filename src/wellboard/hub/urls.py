"""Hub pages, all under /p/<partnership>/hubs/; and the status link a service is sent about a
referral, which needs no account, at /referral-status/<token>/."""

from django.urls import URLPattern, URLResolver, path

from wellboard.hub import views

HUB = "p/<slug:slug>/hubs/<slug:hub>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("p/<slug:slug>/hubs/", views.hub_list_view, name="hub-list"),
    path("p/<slug:slug>/hubs/new/", views.hub_create_view, name="hub-create"),
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
]
