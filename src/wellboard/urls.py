"""Wellboard's URL map. Each app owns its own routes; partnership pages live under /p/<partnership>/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from wellboard.api.main import api

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", api.urls),
    path("", include("wellboard.partners.urls")),  # before web: see partners/urls.py
    path("", include("wellboard.web.urls")),
    path("", include("wellboard.strategy.urls")),
    path("", include("wellboard.strategy.urls_workbook")),
    path("", include("wellboard.geography.urls")),
    path("", include("wellboard.indicators.urls")),
    path("", include("wellboard.returns.urls")),
    path("", include("wellboard.reports.urls")),
    path("", include("wellboard.public.urls")),
]

handler404 = "wellboard.web.errors.not_found"
handler500 = "wellboard.web.errors.server_error"
