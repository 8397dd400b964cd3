"""Settings for the test suite: fast hashing, no lockout carry-over between tests."""

import os
import tempfile
from pathlib import Path

from .base import *

SECRET_KEY = "test-only-not-a-secret"
# A fixed, published audit key (no secret: tests must seal and check the chain the same way every run),
# and checkpoints in a folder of this run's own that a test writes to only when it asks for it.
OVERSIGHT_AUDIT_KEY = "test-audit-key-not-a-secret"
OVERSIGHT_AUDIT_CHECKPOINT_DIR = str(Path(tempfile.gettempdir()) / f"oversight-test-checkpoints-{os.getpid()}")
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # still Argon2: the hashing is under test
]
AXES_FAILURE_LIMIT = 3
# Background tasks run at once, inside the test that queues them.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default", "imports"]}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
