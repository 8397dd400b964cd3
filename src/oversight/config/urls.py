"""Top-level URLs: one include per domain app, and the API. Each app named here must import:
a broken app stops start-up instead of losing its pages."""

from django.conf import settings
from django.urls import include, path

from oversight.config.api import api

# (URL prefix, the app's urls module): the one list of the site's pages.
APP_URLS = [
    ("", "oversight.core.urls"),
    ("accounts/", "oversight.accounts.urls"),
    ("organisations/", "oversight.organisations.urls"),
    ("surveillance/", "oversight.surveillance.urls"),
    ("governance/", "oversight.governance.urls"),
    ("workforce/", "oversight.workforce.urls"),
    ("reports/", "oversight.reports.urls"),
    ("information-governance/", "oversight.infogov.urls"),
    # Urgent care KPIs sit inside clinical performance (one section of the site, two apps).
    ("clinical-performance/urgent-care/", "oversight.urgent_care.urls"),
    ("clinical-performance/", "oversight.clinical_performance.urls"),
    ("professional-standards/", "oversight.professional_standards.urls"),
]


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
urlpatterns = [path(prefix, include(module)) for prefix, module in APP_URLS]
urlpatterns.append(path("api/v1/", (_public(api_urls), api_app, api_namespace)))

if settings.OIDC_ENABLED:
    from django.contrib.auth.decorators import login_not_required

    oidc = include("mozilla_django_oidc.urls")
    urlpatterns.append(path("oidc/", oidc))
    for pattern in oidc[0].urlpatterns:
        pattern.callback = login_not_required(pattern.callback)

handler403 = "oversight.core.views.permission_denied"
handler404 = "oversight.core.views.page_not_found"
handler500 = "oversight.core.views.server_error"
