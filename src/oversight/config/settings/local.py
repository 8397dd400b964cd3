"""Settings for a developer's machine and the demo: embedded SQLite, DEBUG off by default."""

from .base import *
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", False)
# A fixed development key is acceptable only because this file is never used in production.
SECRET_KEY = SECRET_KEY or "local-development-only-not-a-secret"
# Likewise a fixed audit key, published here and so no protection at all: the chain on a developer's
# machine is sealed only so that the same code runs as in production, where the key is a secret.
OVERSIGHT_AUDIT_KEY = OVERSIGHT_AUDIT_KEY or "local-audit-key-not-a-secret"

# Serve static files straight from the app folders and node_modules (no collectstatic step).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
