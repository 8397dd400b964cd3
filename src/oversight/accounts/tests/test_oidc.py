"""OIDC is off by default and, when configured, loads and offers single sign-on."""

import os
import subprocess
import sys

import pytest

from oversight.shared_data import PROJECT_ROOT

SCRIPT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.conf import settings
from django.test import Client
from django.urls import reverse
assert settings.OIDC_ENABLED
assert "oversight.accounts.oidc.OversightOIDCBackend" in settings.AUTHENTICATION_BACKENDS
page = Client().get("/accounts/sign-in/").content.decode()
assert reverse("oidc_authentication_init") in page, page
start = Client().get(reverse("oidc_authentication_init"))
assert start.status_code == 302 and start.url.startswith("https://login.example.nhs.uk/authorize"), start
print("ok")
"""


def test_oidc_off_by_default(settings):
    assert settings.OIDC_ENABLED is False


@pytest.mark.slow
def test_oidc_configured_offers_single_sign_on(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "oversight.config.settings.test",
        "OVERSIGHT_OIDC_ENABLED": "1",
        "OIDC_RP_CLIENT_ID": "oversight",
        "OIDC_RP_CLIENT_SECRET": "test-secret",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.nhs.uk/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.nhs.uk/token",
        "OIDC_OP_USER_ENDPOINT": "https://login.example.nhs.uk/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://login.example.nhs.uk/jwks",
        "DATABASE_URL": f"sqlite:///{tmp_path}/oidc.sqlite3",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
