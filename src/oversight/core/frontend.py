"""The NHS.UK design system's stylesheet, served without its web-font rules.

The compiled ``nhsuk-frontend.min.css`` declares the Frutiger font with ``@font-face`` rules that
load it from the NHS's asset host. Where that host is unreachable (many NHS networks, and
offline machines) every page waits on it, and a page must make no request outside the app. So
the stylesheet is served with those rules removed: the font stack then falls back to Arial, the
fallback the NHS.UK frontend itself declares. Read once per process, served with a validator.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_GET

STYLESHEET = "nhsuk-frontend.min.css"
_OUTSIDE_FONT_FACE = re.compile(r"@font-face\s*{[^}]*url\(\s*['\"]?https?://[^}]*}")


def without_outside_fonts(css: str) -> str:
    """The stylesheet with every @font-face rule that fetches from another host removed."""
    return _OUTSIDE_FONT_FACE.sub("", css)


@lru_cache(maxsize=1)
def _stylesheet() -> tuple[bytes, str]:
    path = settings.NHSUK_FRONTEND_DIST / STYLESHEET
    if not path.is_file():
        raise Http404("The NHS.UK design system is not installed: run `make install`.")
    body = without_outside_fonts(path.read_text(encoding="utf-8")).encode()
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@login_not_required
@require_GET
def nhsuk_stylesheet(request):
    body, etag = _stylesheet()
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=3600"
    return response
