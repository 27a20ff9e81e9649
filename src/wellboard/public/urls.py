"""The public site's addresses: ``/public/<partnership>/…``, readable without signing in."""

from django.urls import path

from wellboard.public import openreferral, views

P = "public/<slug:slug>/"

urlpatterns = [
    path(P, views.public_home, name="public-home"),
    path(P + "strategies/<slug:strategy>/", views.public_strategy, name="public-strategy"),
    path(P + "indicators/", views.public_indicator_list, name="public-indicators"),
    path(P + "indicators/<slug:indicator>/", views.public_indicator_detail, name="public-indicator"),
    path(P + "reach/", views.public_reach_view, name="public-reach"),
    path(P + "reports/", views.public_reports, name="public-reports"),
    path(
        P + "reports/<int:report>/editions/<int:number>/<str:fmt>/",
        views.public_report_download,
        name="public-report-download",
    ),
    path(P + "accessibility/", views.public_accessibility, name="public-accessibility"),
    path(P + "data/", views.public_data, name="public-data"),
    path(P + "data/datapackage.json", views.public_datapackage, name="public-datapackage"),
    path(P + "data/<slug:dataset>.<str:fmt>", views.public_dataset, name="public-dataset"),
    # The directory's Open Referral UK 3.0 feed.
    path(P + "openreferral/", openreferral.public_openreferral, name="public-openreferral"),
    path(
        P + "openreferral/services",
        openreferral.public_openreferral_services,
        name="public-openreferral-services",
    ),
    path(
        P + "openreferral/services/<uuid:service>",
        openreferral.public_openreferral_service,
        name="public-openreferral-service",
    ),
]
