"""Top-level URLs: one include per domain app, and the API."""

from django.conf import settings
from django.urls import include, path

from oversight.api import api


def _public(patterns):
    # The API authenticates each request itself (token or session), so the site-wide
    # sign-in redirect must not apply to it.
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _public(pattern.url_patterns)
        elif hasattr(pattern, "callback"):
            pattern.callback.login_required = False
    return patterns


api_urls, api_app, api_namespace = api.urls
urlpatterns = [
    path("", include("oversight.core.urls")),
    path("accounts/", include("oversight.accounts.urls")),
    path("organisations/", include("oversight.organisations.urls")),
    path("surveillance/", include("oversight.surveillance.urls")),
    path("governance/", include("oversight.governance.urls")),
    path("workforce/", include("oversight.workforce.urls")),
    path("reports/", include("oversight.reports.urls")),
    path("information-governance/", include("oversight.infogov.urls")),
    path("api/v1/", (_public(api_urls), api_app, api_namespace)),
]

if settings.OIDC_ENABLED:
    from django.contrib.auth.decorators import login_not_required

    oidc = include("mozilla_django_oidc.urls")
    urlpatterns.append(path("oidc/", oidc))
    for pattern in oidc[0].urlpatterns:
        pattern.callback = login_not_required(pattern.callback)

handler403 = "oversight.core.views.permission_denied"
handler404 = "oversight.core.views.page_not_found"
handler500 = "oversight.core.views.server_error"
