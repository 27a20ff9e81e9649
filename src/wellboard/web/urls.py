from django.urls import path

from wellboard.web import organisations, partnership, settings, views

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("invitations/<str:token>/", views.invitation, name="invitation-accept"),
    path("p/<slug:slug>/", partnership.partnership_home, name="partnership-home"),
    path("p/<slug:slug>/settings/", settings.partnership_settings, name="partnership-settings"),
    path("p/<slug:slug>/settings/history/", settings.partnership_history, name="partnership-history"),
    path("p/<slug:slug>/people/", views.people, name="people"),
    path("p/<slug:slug>/api-tokens/", views.api_tokens, name="api-tokens"),
    path(
        "p/<slug:slug>/api-tokens/<int:token_id>/revoke/",
        views.api_token_revoke_view,
        name="api-token-revoke",
    ),
    path("p/<slug:slug>/people/<int:grant_id>/remove/", views.role_remove, name="role-remove"),
]
urlpatterns += [
    path("p/<slug:slug>/organisations/", partnership.organisation_list_view, name="organisation-list"),
    path(
        "p/<slug:slug>/organisations/new/", organisations.organisation_create_view, name="organisation-create"
    ),
    path(
        "p/<slug:slug>/organisations/<slug:organisation>/edit/",
        organisations.organisation_edit_view,
        name="organisation-edit",
    ),
    path(
        "p/<slug:slug>/organisations/<slug:organisation>/history/",
        organisations.organisation_history_view,
        name="organisation-history",
    ),
    path(
        "p/<slug:slug>/organisations/<slug:organisation>/",
        partnership.organisation_detail,
        name="organisation-detail",
    ),
    path("p/<slug:slug>/my-actions/", partnership.my_actions_view, name="my-actions"),
]
