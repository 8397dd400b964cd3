"""WSGI entry point (gunicorn ``oversight.config.wsgi``). Production settings unless
DJANGO_SETTINGS_MODULE says otherwise: a server must never fall back to the local settings and
their published development key."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight.config.settings.production")
application = get_wsgi_application()
