"""Hub pages, all under /p/<partnership>/hubs/."""

from django.urls import URLPattern, URLResolver, path

from wellboard.hub import views

HUB = "p/<slug:slug>/hubs/<slug:hub>/"

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
    # A hub's dashboard and its tables as CSV or JSON; its monthly figures.
    path(HUB + "dashboard/", views.hub_dashboard, name="hub-dashboard"),
    path(HUB + "dashboard/<slug:key>.<str:fmt>", views.hub_dashboard_download, name="hub-dashboard-download"),
    path(HUB + "months/", views.hub_months_view, name="hub-months"),
    path(HUB + "months/<str:month>/", views.hub_month_edit_view, name="hub-month-edit"),
]
