"""Pages make no request outside the app: the design system's stylesheet has no web-font host."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse

from oversight.core.frontend import without_outside_fonts


def test_font_faces_from_another_host_are_removed_and_local_ones_kept():
    css = ("a{color:red}@font-face{font-family:F;src:url(https://assets.nhs.uk/f.woff2) format(\"woff2\")}"
           "@font-face{font-family:L;src:url(/static/l.woff2)}b{font-family:F,arial,sans-serif}")
    assert without_outside_fonts(css) == "a{color:red}@font-face{font-family:L;src:url(/static/l.woff2)}" \
        "b{font-family:F,arial,sans-serif}"


def test_the_served_stylesheet_loads_nothing_from_outside(client):
    response = client.get(reverse("core:nhsuk-stylesheet"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/css")
    body = response.content.decode()
    assert ".nhsuk-header" in body  # the real design system, not an empty file
    assert not re.search(r"url\(\s*['\"]?https?://", body)
    again = client.get(reverse("core:nhsuk-stylesheet"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_content_security_policy_allows_fonts_only_from_the_app():
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["font-src"] == ["'self'"]
