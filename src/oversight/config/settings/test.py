"""Settings for the test suite: fast hashing, no lockout carry-over between tests."""

from .base import *

SECRET_KEY = "test-only-not-a-secret"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # still Argon2: the hashing is under test
]
AXES_FAILURE_LIMIT = 3
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
