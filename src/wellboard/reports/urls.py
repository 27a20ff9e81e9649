"""Board reports, under /p/<partnership>/reports/."""

from django.urls import URLPattern, URLResolver, path

from wellboard.reports import views

R = "p/<slug:slug>/reports/"
REPORT = R + "<int:pk>/"
EDITION = REPORT + "editions/<int:number>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(R, views.report_list_view, name="report-list"),
    path(R + "new/", views.report_create_view, name="report-new"),
    path(REPORT, views.report_detail, name="report-detail"),
    path(REPORT + "edit/", views.report_edit, name="report-edit"),
    path(REPORT + "publish/", views.report_publish_view, name="report-publish"),
    path(EDITION, views.edition_detail, name="edition-detail"),
    path(EDITION + "files/", views.edition_files, name="edition-files"),
    path(EDITION + "render/<str:fmt>/", views.edition_render, name="edition-render"),
    path(EDITION + "download.<str:fmt>", views.edition_download, name="edition-download"),
]
