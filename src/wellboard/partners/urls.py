from django.urls import path

from wellboard.partners.views import api_tokens, organisations, people, settings

urlpatterns = [
    path("invitations/<str:token>/", people.invitation, name="invitation-accept"),
    path("p/<slug:slug>/settings/", settings.partnership_settings, name="partnership-settings"),
    path("p/<slug:slug>/settings/history/", settings.partnership_history, name="partnership-history"),
    path("p/<slug:slug>/people/", people.people, name="people"),
    path("p/<slug:slug>/api-tokens/", api_tokens.api_tokens, name="api-tokens"),
    path(
        "p/<slug:slug>/api-tokens/<int:token_id>/revoke/",
        api_tokens.api_token_revoke_view,
        name="api-token-revoke",
    ),
    path("p/<slug:slug>/people/<int:grant_id>/remove/", people.role_remove, name="role-remove"),
    # Before wellboard.web's organisation page, whose <slug:organisation> would also match "new".
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
]
