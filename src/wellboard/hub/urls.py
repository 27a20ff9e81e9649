"""Hub pages, all under /p/<partnership>/hubs/."""

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
