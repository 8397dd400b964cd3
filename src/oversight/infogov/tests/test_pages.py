"""The information governance pages as the Caldicott Guardian uses them."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from oversight.audit.auditor import record
from oversight.audit.context import acting_as, system_actor
from oversight.audit.models import AuditAction
from oversight.testing.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def guardian(client):
    tree = build_tree()
    user = user_with_role("caldicott_guardian", tree["trust_a"])
    client.force_login(user)
    return user


def test_the_landing_page_offers_only_what_exists(client, guardian):
    html = client.get(reverse("infogov:index")).content.decode()
    assert f'href="{reverse("infogov:audit-trail")}"' in html
    assert f'href="{reverse("infogov:audit-verify")}"' in html
    assert f'href="{reverse("accounts:tokens")}"' in html
    for promise in ("breach", "subject access", "Not yet in Oversight"):
        assert promise not in html


def _entries(count: int):
    with acting_as(system_actor("test")):
        for number in range(count):
            record(AuditAction.EXPORT, object_type="test", object_repr=f"export {number}", organisation_code="TRA")


def _count(html: str) -> int:
    return int(re.search(r"([\d,]+) entries</caption>", html).group(1).replace(",", ""))


def test_the_filters_narrow_the_entries_and_the_pages_keep_them(client, guardian):
    _entries(55)
    with acting_as(system_actor("someone-else")):
        record(AuditAction.INGEST, object_type="test", object_repr="the monthly load", organisation_code="TRA")
    html = client.get(reverse("infogov:audit-trail"), {"action": AuditAction.EXPORT, "who": "test"}).content.decode()
    assert _count(html) == 55
    assert "the monthly load" not in html
    older = unescape(re.search(r'href="(\?[^"]*page=2[^"]*)"', html).group(1))
    assert "action=export" in older and "who=test" in older
    second = client.get(reverse("infogov:audit-trail") + older).content.decode()
    assert second.count("export ") == 5 and "the monthly load" not in second


def test_an_unknown_action_filters_nothing_out(client, guardian):
    _entries(2)
    response = client.get(reverse("infogov:audit-trail"), {"action": "not-an-action"})
    assert response.status_code == 200
    assert _count(response.content.decode()) >= 2


def test_the_check_names_a_wound_back_head_and_a_checkpoint_ahead(client, guardian, settings, tmp_path):
    from oversight.audit.checkpoints import write_checkpoint
    from oversight.audit.models import AuditChainHead
    from oversight.audit.tests import tampering

    settings.OVERSIGHT_AUDIT_CHECKPOINT_DIR = str(tmp_path)
    _entries(3)
    write_checkpoint()
    html = client.post(reverse("infogov:audit-verify")).content.decode()
    assert "The audit trail is intact" in html and "1 checkpoints checked" in html
    newest = AuditChainHead.objects.get().last_sequence
    tampering.execute("DELETE FROM audit_auditentry WHERE sequence = %s", [newest])
    tampering.rewind_head_to(newest - 1)
    html = unescape(client.post(reverse("infogov:audit-verify")).content.decode())
    assert "The audit trail has been tampered with" in html
    assert "chain head: its seal does not match" in html and f"it vouches for entry {newest}" in html
