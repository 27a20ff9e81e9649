"""Indicator pages, all under /p/<partnership>/indicators/ (and a strategy node's indicators).

The fixed paths (import, profile, rug) come before ``<indicator>`` so they are never read as an
indicator's slug.
"""

from django.urls import URLPattern, URLResolver, path

from wellboard.indicators import views

ROOT = "p/<slug:slug>/indicators/"
ONE = ROOT + "<slug:indicator>/"
DATA = "data/<slug:chart>.<str:fmt>"

urlpatterns: list[URLPattern | URLResolver] = [
    path(ROOT, views.indicator_list_view, name="indicator-list"),
    path(ROOT + "import/fingertips/", views.fingertips_upload, name="fingertips-upload"),
    path(ROOT + "import/fingertips/confirm/", views.fingertips_confirm, name="fingertips-confirm"),
    path(ROOT + "profile/", views.area_profile_home, name="area-profile-home"),
    path(ROOT + "profile/<str:code>/", views.area_profile_view, name="area-profile"),
    path(ROOT + "profile/<str:code>/" + DATA, views.area_profile_data, name="area-profile-data"),
    path(ROOT + "rug/", views.tartan_rug_view, name="indicator-rug"),
    path(ROOT + "rug/data/rug.<str:fmt>", views.tartan_rug_data, name="indicator-rug-data"),
    path(ONE, views.indicator_detail, name="indicator-detail"),
    path(ONE + DATA, views.indicator_data, name="indicator-data"),
    path(ONE + "inequality/", views.indicator_inequality, name="indicator-inequality"),
    path(ONE + "inequality/" + DATA, views.indicator_inequality_data, name="indicator-inequality-data"),
    path(ONE + "map/", views.indicator_map, name="indicator-map"),
    path(ONE + "map/" + DATA, views.indicator_map_data, name="indicator-map-data"),
    path(
        "p/<slug:slug>/strategies/<slug:strategy>/nodes/<str:ref>/indicators/",
        views.node_indicators,
        name="node-indicators",
    ),
]
