"""Directory pages, all under /p/<partnership>/directory/."""

from django.urls import URLPattern, URLResolver, path

from wellboard.directory import views

ROOT = "p/<slug:slug>/directory/"
SERVICE = ROOT + "<slug:service>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(ROOT, views.directory_list, name="directory-list"),
    path(ROOT + "new/", views.directory_service_create, name="directory-service-create"),
    path(ROOT + "settings/", views.directory_settings, name="directory-settings"),
    path(ROOT + "import/", views.directory_import, name="directory-import"),
    path(ROOT + "import/confirm/", views.directory_import_confirm, name="directory-import-confirm"),
    path(ROOT + "directory.<str:fmt>", views.directory_download, name="directory-download"),
    path(SERVICE, views.directory_service, name="directory-service"),
    path(SERVICE + "edit/", views.directory_service_edit, name="directory-service-edit"),
    path(
        SERVICE + "organisation/edit/", views.directory_organisation_edit, name="directory-organisation-edit"
    ),
    path(SERVICE + "verify/", views.directory_service_verify, name="directory-service-verify"),
    path(SERVICE + "history/", views.directory_service_history, name="directory-service-history"),
]
