"""Settings shared by every environment. Environment-specific files import from here.

Everything that differs between machines comes from the environment (12-factor), never
from a file in the repository: secrets, the database URL, OIDC client details. Every setting
the project reads is declared in this file with its environment variable and default, and
listed in the README's configuration table; code reads ``django.conf.settings``, never the
environment, and passes paths and values on to the framework-free libraries.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from oversight.config import paths
from oversight.config.paths import PROJECT_ROOT

BASE_DIR = Path(__file__).resolve().parents[2]  # src/oversight
# OVERSIGHT_VAR_DIR: the embedded database, the warehouse (unless OVERSIGHT_WAREHOUSE) and uploads.
VAR_DIR = paths.var_dir()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",  # its Swagger UI templates and static files, served from here (no CDN) at /api/v1/docs
    "axes",
    "csp",
    "oversight.core",
    "oversight.audit",
    "oversight.organisations",
    "oversight.accounts",
    "oversight.surveillance",
    "oversight.governance",
    "oversight.workforce",
    "oversight.reports",
    "oversight.infogov",
    "oversight.clinical_performance",
    "oversight.urgent_care",
    "oversight.professional_standards",
    # Background tasks (the case imports): Django's tasks framework, backported, with its queue in the database.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "oversight.accounts.middleware.SessionRefreshMiddleware",
    "oversight.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "oversight.audit.middleware.AuditActorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Axes last, as its documentation asks, so it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "oversight.config.urls"
WSGI_APPLICATION = "oversight.config.wsgi.application"

# Jinja2 for every page, on the NHS.UK design system macros (nhsuk-frontend-jinja).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "core" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "oversight.config.jinja2.environment"},
    },
    # Django templates only for third-party pages that ship them (django-ninja's API docs).
    {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True},
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'oversight.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
# SQLite under a threaded server: write-ahead logging lets pages read while a write is under way;
# IMMEDIATE transactions take the write lock at BEGIN, so a writer waits its turn (up to the busy
# timeout) instead of failing with "database is locked" when it upgrades a read lock mid-transaction.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

# Sessions end after 30 minutes without activity (NHS clinical systems norm) and when the
# browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("OVERSIGHT_SESSION_MINUTES", "30")) * 60
# Not saved on every request (a write per page would serialise SQLite): accounts.middleware refreshes the
# expiry at most once a minute, so the idle timeout holds to within that minute.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Lock out a user name *at one address* after repeated failures; the message never says whether the
# user exists. Never by address alone: behind a reverse proxy or an NHS trust's NAT one address is
# every user, and five mistakes by one person would lock out the whole trust.
AXES_FAILURE_LIMIT = int(os.environ.get("OVERSIGHT_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OVERSIGHT_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# OVERSIGHT_TRUSTED_PROXIES: how many reverse proxies in front of the app append to X-Forwarded-For.
# 0 (the default) takes the address of the connection itself, which a client cannot forge; behind a
# proxy, set it so the client's own address, not the proxy's, is the one recorded and locked.
OVERSIGHT_TRUSTED_PROXIES = int(os.environ.get("OVERSIGHT_TRUSTED_PROXIES", "0"))
# Read by accounts.client_address for the lockout, the public form's rate limits and the audit trail.
AXES_CLIENT_IP_CALLABLE = "oversight.accounts.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.jinja"
AXES_VERBOSE = False

# A strict Content Security Policy: no inline script or style except the NHS template's one
# nonce'd line that marks JS support.
from csp.constants import NONCE, NONE, SELF

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        # No web font from outside the app: many NHS networks cannot reach the NHS asset host and
        # pages would stall. core.frontend serves the design system's CSS without its @font-face
        # rules, so text uses the system fallback (Arial) the NHS.UK frontend documents.
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_ROOT / "static_build"
# The NHS.UK design system's compiled CSS/JS comes from the npm package, installed by make.
NHSUK_FRONTEND_DIST = PROJECT_ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
HTMX_DIST = PROJECT_ROOT / "node_modules" / "htmx.org" / "dist"
STATICFILES_DIRS = [
    path
    for path in [("nhsuk", NHSUK_FRONTEND_DIST), ("htmx", HTMX_DIST)]
    if path[1].is_dir()
]
# The design system's CSS refers to its icons at /assets/...: serve its folder at the root.
WHITENOISE_ROOT = NHSUK_FRONTEND_DIST if NHSUK_FRONTEND_DIST.is_dir() else None
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# ---- Oversight's own settings (each also in the README's configuration table) ----

# OVERSIGHT_WAREHOUSE: the DuckDB metric warehouse file. The CLI's ingest asks config.paths too, so
# both always name the same file.
OVERSIGHT_WAREHOUSE = str(paths.warehouse_path())
# OVERSIGHT_SHARED: the team's shared data folder (default ../shared beside the checkout); read by
# the demo and the tests through oversight.shared_data.
OVERSIGHT_SHARED = str(paths.shared_dir_candidate())
# OVERSIGHT_REFERENCE_DIR: a folder of reference-data TOML files replacing the packaged ones
# (docs/reference-data.md), e.g. a trust's own harm labels. Empty: the packaged files.
OVERSIGHT_REFERENCE_DIR = paths.reference_dir()
# OVERSIGHT_DEADLINES_FILE: a deadlines TOML replacing the packaged one (docs/deadlines.md).
OVERSIGHT_DEADLINES_FILE = paths.deadlines_file()
# OVERSIGHT_HIGH_RISK_ACTIONS: which overdue actions a board report lists as high risk, by the kind of
# case that raised them (comma-separated; docs/reports.md).
OVERSIGHT_HIGH_RISK_ACTIONS = env_list(
    "OVERSIGHT_HIGH_RISK_ACTIONS", "never_event,psii,notifiable,ombudsman"
)

# OVERSIGHT_MAX_AGREED_MONTHS: how far after receipt a complaint's agreed response date may be
# (docs/governance.md): a later date is refused as a typing error (e.g. 2106 for 2026).
OVERSIGHT_MAX_AGREED_MONTHS = int(os.environ.get("OVERSIGHT_MAX_AGREED_MONTHS", "12"))

# The public incident form's rate limits (docs/security.md): reports from one address in 10 minutes,
# and reports about one organisation in an hour. Over either, the form answers 429.
OVERSIGHT_REPORTS_PER_ADDRESS = int(os.environ.get("OVERSIGHT_REPORTS_PER_ADDRESS", "5"))
OVERSIGHT_REPORTS_PER_ORGANISATION = int(os.environ.get("OVERSIGHT_REPORTS_PER_ORGANISATION", "100"))

# CACHES: the rate limits count in Django's cache. The database cache (table oversight_cache, made
# by `django-admin createcachetable`) is shared by every worker process, so a limit holds however
# many processes serve; OVERSIGHT_CACHE=locmem counts per process (a single-process install).
OVERSIGHT_CACHE = os.environ.get("OVERSIGHT_CACHE", "database")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "oversight"}
    if OVERSIGHT_CACHE == "locmem"
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "oversight_cache"}
}

# OVERSIGHT_AUDIT_KEY: the key that seals the audit trail (HMAC-SHA256 of each entry, the chain head
# and each checkpoint). Held outside the database, so someone who can write the audit table cannot
# forge its seals; required in production (docs/security.md, "Audit trail").
OVERSIGHT_AUDIT_KEY = os.environ.get("OVERSIGHT_AUDIT_KEY", "")
# OVERSIGHT_AUDIT_CHECKPOINT_DIR: where `oversight audit checkpoint` writes the signed checkpoints that
# anchor the chain outside the database; point it at storage the database's administrators cannot rewrite.
OVERSIGHT_AUDIT_CHECKPOINT_DIR = os.environ.get("OVERSIGHT_AUDIT_CHECKPOINT_DIR") or str(VAR_DIR / "audit-checkpoints")

# OVERSIGHT_IMPORT_MAX_MB, OVERSIGHT_IMPORT_MAX_ROWS: the largest case import one file may be
# (docs/governance.md); a file of a million rows once held a worker for 7 minutes and 2.9 GB.
OVERSIGHT_IMPORT_MAX_MB = int(os.environ.get("OVERSIGHT_IMPORT_MAX_MB", "20"))
OVERSIGHT_IMPORT_MAX_ROWS = int(os.environ.get("OVERSIGHT_IMPORT_MAX_ROWS", "200000"))
# An import arrives as a multipart request a little larger than its file (docs/adr/0005).
DATA_UPLOAD_MAX_MEMORY_SIZE = max(DATA_UPLOAD_MAX_MEMORY_SIZE, (OVERSIGHT_IMPORT_MAX_MB + 1) * 1024 * 1024)
# OVERSIGHT_IMPORT_WORKER: who runs queued imports (docs/adr/0005-background-tasks.md). "in-process": a
# thread of the web server picks each one up as it is queued, so the demo needs nothing else running;
# "separate": an `oversight worker` process does (production, so a web server restart never stops one).
OVERSIGHT_IMPORT_WORKER = os.environ.get("OVERSIGHT_IMPORT_WORKER", "in-process")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]}}

# OIDC sign-in (NHS CIS2 or Entra ID style) is off unless configured.
OIDC_ENABLED = env_bool("OVERSIGHT_OIDC_ENABLED")
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "oversight.accounts.oidc.OversightOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ["OIDC_RP_CLIENT_SECRET"]
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile email")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OVERSIGHT_LOG_LEVEL", "WARNING")},
}
