"""Wellboard's URL map. Each app owns its own routes; partnership pages live under /p/<partnership>/."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from wellboard.api.main import api
from wellboard.partners.views import signin, two_factor

urlpatterns = [
    path("accounts/login/", signin.SignInView.as_view(), name="login"),
    path("accounts/login/code/", signin.signin_verify, name="signin-verify"),
    path("accounts/sso/", signin.single_sign_on_start, name="sso-start"),
    path("accounts/sso/callback/", signin.single_sign_on_callback, name="sso-callback"),
    path("accounts/two-factor/", two_factor.two_factor, name="two-factor"),
    path("accounts/two-factor/set-up/", two_factor.two_factor_setup, name="two-factor-setup"),
    path(
        "accounts/two-factor/recovery-codes/",
        two_factor.two_factor_recovery_codes,
        name="two-factor-recovery-codes",
    ),
    path("accounts/two-factor/turn-off/", two_factor.two_factor_off, name="two-factor-off"),
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
    path("", include("wellboard.hub.urls")),
    path("", include("wellboard.directory.urls")),
    path("", include("wellboard.public.urls")),
]

handler404 = "wellboard.web.errors.not_found"
handler500 = "wellboard.web.errors.server_error"
