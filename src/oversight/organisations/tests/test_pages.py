"""The organisation pages as a user sees them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from oversight.testing.factories import user_with_role

from ..models import Organisation
from .factories import build_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client):
    tree = build_tree()
    client.force_login(user_with_role("analyst", tree["region"]))
    return tree


def _part_of(html: str) -> str:
    return re.search(r"Part of\s*</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S).group(1).strip()


def test_part_of_is_a_link_to_the_parent_not_escaped_markup(client, analyst):
    html = client.get(reverse("organisations:detail", args=["TRA"])).content.decode()
    part_of = _part_of(html)
    assert part_of == f'<a href="{reverse("organisations:detail", args=["QI1"])}">Test ICB</a>'
    assert "&lt;a" not in html


def test_a_parent_name_with_markup_is_shown_as_text(client, analyst):
    Organisation.objects.filter(ods_code="QI1").update(name="<b>Bold</b> ICB")
    part_of = _part_of(client.get(reverse("organisations:detail", args=["TRA"])).content.decode())
    assert ">&lt;b&gt;Bold&lt;/b&gt; ICB</a>" in part_of


def test_an_organisation_with_no_parent_says_so(client, analyst):
    assert _part_of(client.get(reverse("organisations:detail", args=["YR1"])).content.decode()) == "—"


def test_breadcrumbs_and_children_link_by_ods_code(client, analyst):
    html = client.get(reverse("organisations:detail", args=["QI1"])).content.decode()
    assert f'href="{reverse("organisations:list")}"' in html
    assert f'href="{reverse("organisations:detail", args=["TRB"])}">Trust B NHS Trust</a>' in html


def _listed(client, **query) -> list[str]:
    html = client.get(reverse("organisations:list"), query).content.decode()
    return re.findall(r'<td class="nhsuk-table__cell">([A-Z0-9]+)</td>', html)


def test_the_list_filters_by_type_name_and_closure(client, analyst):
    from datetime import date

    Organisation.objects.filter(ods_code="TRB").update(close_date=date(2024, 3, 31))
    assert set(_listed(client)) == {"YR1", "QI1", "TRA", "TRA01"}
    assert _listed(client, kind="trust") == ["TRA"]
    assert _listed(client, q="tra01") == ["TRA01"]
    assert "TRB" in _listed(client, closed="on", kind="trust")
