"""Production settings: PostgreSQL from DATABASE_URL, secrets from the environment, HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *

# Keys published in this repository (local and test settings) or too weak to resist guessing.
PUBLISHED_KEYS = {"local-development-only-not-a-secret", "test-only-not-a-secret"}
MINIMUM_KEY_LENGTH = 50
MINIMUM_DISTINCT_CHARACTERS = 10


def _refuse_weak_secret_key(key: str) -> None:
    if not key:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production")
    if key in PUBLISHED_KEYS or key.startswith("django-insecure"):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is a published development key: generate a new one")
    if len(key) < MINIMUM_KEY_LENGTH or len(set(key)) < MINIMUM_DISTINCT_CHARACTERS:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is too weak: use at least {MINIMUM_KEY_LENGTH} random characters "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )


# The audit keys published in local and test settings: a chain sealed with one of them protects nothing.
PUBLISHED_AUDIT_KEYS = {"local-audit-key-not-a-secret", "test-audit-key-not-a-secret"}


def _refuse_weak_audit_key(key: str, secret_key: str) -> None:
    if not key:
        raise ImproperlyConfigured("OVERSIGHT_AUDIT_KEY must be set in production: it seals the audit trail")
    if key in PUBLISHED_AUDIT_KEYS | PUBLISHED_KEYS:
        raise ImproperlyConfigured("OVERSIGHT_AUDIT_KEY is a published development key: generate a new one")
    if key == secret_key:
        raise ImproperlyConfigured("OVERSIGHT_AUDIT_KEY must differ from DJANGO_SECRET_KEY")
    if len(key) < MINIMUM_KEY_LENGTH or len(set(key)) < MINIMUM_DISTINCT_CHARACTERS:
        raise ImproperlyConfigured(
            f"OVERSIGHT_AUDIT_KEY is too weak: use at least {MINIMUM_KEY_LENGTH} random characters "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )


def _refuse_other_databases(url: str | None) -> None:
    if not url:
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production")
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL must be a PostgreSQL URL (postgres://...) in production; SQLite is for one machine only"
        )


_refuse_weak_secret_key(SECRET_KEY)
_refuse_other_databases(os.environ.get("DATABASE_URL"))
_refuse_weak_audit_key(OVERSIGHT_AUDIT_KEY, SECRET_KEY)

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
