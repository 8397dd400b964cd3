"""'Raise an action' links back to the signal it came from, and only ever to a surveillance page of this
service: a crafted ``signal_url`` (javascript:, data:, another site) is never reflected into a link."""

from datetime import date

import pytest
from django.urls import reverse

from oversight.surveillance.models import EscalationAction
from oversight.surveillance.signal_links import surveillance_page

from .factories import owner_at

pytestmark = pytest.mark.django_db

GOOD = "/surveillance/providers/TRA/ae_4hr_all/"
BAD = [
    "javascript:alert(document.cookie)",
    " JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "//evil.example/surveillance/",
    "https://evil.example/surveillance/",
    "/\\evil.example/",
    "/surveillance/providers/../../accounts/sign-out/",
    "/surveillance/providers/%2e%2e/%2e%2e/accounts/",
    "/accounts/sign-out/",
    "/surveillance/\tjavascript:alert(1)",
]


@pytest.mark.parametrize("url", BAD)
def test_only_a_surveillance_page_of_this_site_is_a_signal_link(url):
    assert surveillance_page(url) == ""


def test_a_relative_surveillance_page_is_kept_with_its_query():
    assert surveillance_page(GOOD) == GOOD
    assert (
        surveillance_page("/surveillance/matrix/?metric=ae_4hr_all")
        == "/surveillance/matrix/?metric=ae_4hr_all"
    )


@pytest.fixture
def manager(client, tree):
    client.force_login(owner_at(tree["trust_a"], username="cmo-tra"))
    return client


def _form(client, signal_url: str) -> str:
    query = {"signal_kind": "nof_change", "signal_text": "Segment 3 to 4", "signal_url": signal_url}
    response = client.get(reverse("surveillance:action-new", kwargs={"code": "TRA"}), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url", BAD[:5])
def test_the_form_never_reflects_a_crafted_link(manager, url):
    html = _form(manager, url)
    assert "See the signal" not in html
    assert "evil.example" not in html and "javascript:" not in html.lower() and "data:text" not in html


def test_the_form_links_back_to_a_good_signal(manager):
    assert f'<a href="{GOOD}">See the signal</a>' in _form(manager, GOOD)


@pytest.mark.parametrize(
    ("url", "kept"), [("javascript:alert(1)", ""), ("https://evil.example/", ""), (GOOD, GOOD)]
)
def test_a_posted_link_is_checked_before_the_action_is_raised(manager, tree, url, kept):
    owner = EscalationAction._meta.get_field("owner").related_model.objects.get(username="cmo-tra")
    response = manager.post(
        reverse("surveillance:action-new", kwargs={"code": "TRA"}),
        {
            "title": "Review the segment change",
            "owner": str(owner.id),
            "due_date": date(2030, 1, 1).isoformat(),
            "signal_kind": "nof_change",
            "signal_text": "Segment 3 to 4",
            "signal_url": url,
        },
    )
    assert response.status_code == 302
    assert EscalationAction.objects.get().signal_url == kept
