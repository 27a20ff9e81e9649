from django.urls import path

from wellboard.web import partnership, views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("p/<slug:slug>/", partnership.partnership_home, name="partnership-home"),
    path("p/<slug:slug>/organisations/", partnership.organisation_list_view, name="organisation-list"),
    path(
        "p/<slug:slug>/organisations/<slug:organisation>/",
        partnership.organisation_detail,
        name="organisation-detail",
    ),
    path("p/<slug:slug>/my-actions/", partnership.my_actions_view, name="my-actions"),
]
