"""Wellboard's one settings module. Every deployment choice comes from the environment.

Defaults suit the demo and development: a SQLite file under ``var/``, DEBUG on, mail printed to the
console. Production sets ``DEBUG=false``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``;
with DEBUG off the secure defaults below switch on so that ``check --deploy`` passes.
See ``.env.sample`` for every variable.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from wellboard.core.database_settings import database_settings, with_replica_middleware

PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout keeps its data beside the code; an installed package uses the working directory.
_CHECKOUT = PACKAGE_DIR.parent.parent
_DEFAULT_HOME = _CHECKOUT if (_CHECKOUT / "pyproject.toml").exists() else Path.cwd()
BASE_DIR = Path(os.environ.get("WELLBOARD_HOME", _DEFAULT_HOME)).resolve()
VAR_DIR = Path(os.environ.get("WELLBOARD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# The local demo (`wellboard demo` sets WELLBOARD_DEMO) runs as a visitor would see a real site: DEBUG
# off, so a mistyped address shows Wellboard's own 404 page, but over plain HTTP on this machine with
# the demo secret key, so none of the production transport settings below apply.
DEMO = env_bool("WELLBOARD_DEMO", False)
DEBUG = env_bool("DEBUG", not DEMO)
_DEMO_SECRET = "wellboard-demo-only-secret-key-never-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or DEMO):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = _DEMO_SECRET

# The key that turns a hub's local identifier for a person into their pseudonymous client key. It is
# never stored in the database: a copy of the database alone cannot link a client key to anyone. In
# development and the demo, with none set, the hub app keeps a random one in var/pseudonym.key;
# elsewhere, hub pages and commands refuse to work until it is set.
WELLBOARD_PSEUDONYM_KEY = os.environ.get("WELLBOARD_PSEUDONYM_KEY", "")
WELLBOARD_PSEUDONYM_KEY_LOCAL = DEBUG or DEMO

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "wellboard.core",
    "wellboard.web",
    "wellboard.cli",
    "wellboard.partners",
    "wellboard.strategy",
    "wellboard.geography",
    "wellboard.indicators",
    "wellboard.returns",
    "wellboard.publishing",
    "wellboard.directory",
    "wellboard.hub",
    "wellboard.reports",
    "wellboard.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "wellboard.core.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wellboard.core.middleware.DeniedRequestAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wellboard.partners.authentication.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wellboard.core.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",
    "wellboard.core.cache.DataVersionMiddleware",  # last: before the view reads any data
]

ROOT_URLCONF = "wellboard.urls"
WSGI_APPLICATION = "wellboard.wsgi.application"
AUTH_USER_MODEL = "partners.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wellboard.core.context_processors.site",
            ],
            "builtins": ["django.templatetags.static", "wellboard.core.templatetags.govuk"],
        },
    }
]
FORM_RENDERER = "wellboard.core.forms.GovukFormRenderer"

# ---------------------------------------------------------------- database
_DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'wellboard.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL", "") or _DEFAULT_SQLITE
if DATABASE_URL == _DEFAULT_SQLITE:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
# DATABASE_REPLICA_URL adds a PostgreSQL read replica for read-only page views; the router sends
# everything else to the primary (wellboard.core.replica, ADR 0019).
_DATABASES = database_settings(os.environ, sqlite_default=_DEFAULT_SQLITE)
DATABASES = _DATABASES.databases
DATABASE_ROUTERS = _DATABASES.routers
DATABASE_REPLICA_STICKY_SECONDS = _DATABASES.sticky_seconds
MIDDLEWARE = with_replica_middleware(MIDDLEWARE, _DATABASES)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- cache
# Indicator summaries and rendered page parts are kept in one cache that every worker process on
# this machine shares (files under var/cache), keyed on each partnership's data version (see
# wellboard.core.cache and ADR 0009), so a change shows at once. 0 turns the cache and conditional
# GET off. The default cache stays in each process: it holds only rate-limit counters.
WELLBOARD_CACHE_SECONDS = int(os.environ.get("WELLBOARD_CACHE_SECONDS", "900"))
WELLBOARD_CACHE_DIR = Path(os.environ.get("WELLBOARD_CACHE_DIR", VAR_DIR / "cache"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "wellboard",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(WELLBOARD_CACHE_DIR),
        "TIMEOUT": WELLBOARD_CACHE_SECONDS or None,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("WELLBOARD_CACHE_ENTRIES", "20000"))},
    },
}
# What runs once a change to a partnership's data commits (each is called with the partnership's
# id, or None for the shared geography): refreshing the precomputed indicator pages in the background.
WELLBOARD_DATA_CHANGED_HOOKS = ["wellboard.indicators.tasks.refresh_after_change"]

# ---------------------------------------------------------------- auth and security
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "wellboard.partners.authentication.EmailBackend",
]
# Refused sign-ins count per account and address, and per address whatever the account, so spraying
# many accounts from one address is stopped as surely as guessing one password.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_USERNAME_CALLABLE = "wellboard.partners.authentication.signin_username"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
OTP_TOTP_ISSUER = "Wellboard"

# Optional single sign-on with an OpenID Connect provider (an NHS or council identity service),
# configured only from the environment. It signs in people who already have a Wellboard account
# with the same email; it never creates accounts.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
WELLBOARD_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
WELLBOARD_OIDC_NAME = os.environ.get("WELLBOARD_OIDC_NAME", "your organisation's account")
# Whether a sign-in through the provider counts as the second factor (the provider enforces its own).
WELLBOARD_OIDC_SATISFIES_TWO_FACTOR = env_bool("WELLBOARD_OIDC_SATISFIES_TWO_FACTOR", True)
if WELLBOARD_OIDC_ENABLED:
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT") or None
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    AUTHENTICATION_BACKENDS.append("wellboard.partners.authentication.SingleSignOnBackend")
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "sso-callback"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
# How long a password-accepted sign-in waits for its second factor.
WELLBOARD_SECOND_FACTOR_SECONDS = 300
# API rate limits, per token and per address ("requests/period": s, m, h or d).
WELLBOARD_API_RATE_PER_TOKEN = os.environ.get("WELLBOARD_API_RATE_PER_TOKEN", "600/m")
WELLBOARD_API_RATE_PER_ADDRESS = os.environ.get("WELLBOARD_API_RATE_PER_ADDRESS", "1200/m")
# Bad API tokens from one address before it must wait, and how long.
WELLBOARD_API_BAD_TOKEN_LIMIT = int(os.environ.get("WELLBOARD_API_BAD_TOKEN_LIMIT", "10"))
WELLBOARD_API_BAD_TOKEN_SECONDS = int(os.environ.get("WELLBOARD_API_BAD_TOKEN_SECONDS", "900"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not (DEBUG or DEMO):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline scripts anywhere; charts use Vega's expression interpreter so no eval is needed either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# ---------------------------------------------------------------- i18n and time
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------- static files
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# ---------------------------------------------------------------- email
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Wellboard <wellboard@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How many days the status link emailed to a service about a hub's referral keeps working.
WELLBOARD_REFERRAL_LINK_DAYS = int(os.environ.get("WELLBOARD_REFERRAL_LINK_DAYS", "14"))

# ---------------------------------------------------------------- background tasks
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Called by `wellboard worker` on every cycle; each enqueues whatever work has fallen due.
WELLBOARD_PERIODIC_TASKS = [
    "wellboard.returns.tasks.enqueue_due_reminders",
    "wellboard.reports.tasks.enqueue_waiting_renders",
    "wellboard.core.importing.pending.sweep_pending_uploads",
]

# ---------------------------------------------------------------- uploads
# Imports enforce their own, tighter limits; these are the outer walls.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
WELLBOARD_MAX_UPLOAD_BYTES = int(os.environ.get("WELLBOARD_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
# An upload waits this long for its confirmation after the dry run (wellboard.core.importing.pending).
WELLBOARD_PENDING_UPLOAD_SECONDS = int(os.environ.get("WELLBOARD_PENDING_UPLOAD_SECONDS", "3600"))


def _upload_storage() -> dict[str, object]:
    """Where uploads wait for confirmation. Every app server must see the same files: by default a
    private folder under var/ (WELLBOARD_UPLOADS_DIR moves it, e.g. to a shared mount); or any Django
    storage backend (WELLBOARD_UPLOAD_STORAGE) with its options as a JSON object."""
    backend = (
        os.environ.get("WELLBOARD_UPLOAD_STORAGE", "")
        or "wellboard.core.importing.pending.PendingUploadStorage"
    )
    raw = os.environ.get("WELLBOARD_UPLOAD_STORAGE_OPTIONS", "") or "{}"
    try:
        options = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"WELLBOARD_UPLOAD_STORAGE_OPTIONS must be a JSON object: {exc}") from exc
    if not isinstance(options, dict):
        raise ImproperlyConfigured("WELLBOARD_UPLOAD_STORAGE_OPTIONS must be a JSON object")
    if os.environ.get("WELLBOARD_UPLOADS_DIR"):
        options.setdefault("location", os.environ["WELLBOARD_UPLOADS_DIR"])
    return {"BACKEND": backend, "OPTIONS": options}


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "uploads": _upload_storage(),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "wellboard.core.logging.StderrHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint narrates every step of every PDF at INFO; only its warnings are worth a line.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
