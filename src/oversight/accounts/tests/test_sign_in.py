import pytest
from django.test import Client
from django.urls import reverse

from oversight.accounts.models import APIToken
from oversight.audit.models import AuditAction, AuditEntry
from oversight.testing.factories import TEST_PASSWORD, UserFactory, api_token_for, build_tree, user_with_role

pytestmark = pytest.mark.django_db
SIGN_IN = "/accounts/sign-in/"


def test_passwords_are_hashed_with_argon2():
    assert UserFactory().password.startswith("argon2")


def test_sign_in_and_out_are_audited(client):
    UserFactory(username="asha")
    response = client.post(SIGN_IN, {"username": "asha", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    client.post("/accounts/sign-out/")
    actions = list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))
    assert actions == [AuditAction.SIGN_IN, AuditAction.SIGN_OUT]


def test_wrong_password_never_says_whether_the_user_exists(client):
    UserFactory(username="asha")
    known = client.post(SIGN_IN, {"username": "asha", "password": "wrong-password-1"})
    unknown = client.post(SIGN_IN, {"username": "nobody", "password": "wrong-password-1"})
    assert known.status_code == unknown.status_code == 200

    def errors(response):
        page = response.content.decode()
        summary = page[page.index("nhsuk-error-summary"):page.index("<form")]
        return summary.replace("asha", "").replace("nobody", "")

    assert errors(known) == errors(unknown)
    assert "Please enter a correct username and password" in errors(known)
    assert AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED).count() == 2


def test_lockout_after_repeated_failures_even_with_right_password(client, settings):
    UserFactory(username="asha")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(SIGN_IN, {"username": "asha", "password": "wrong-password-1"})
    response = client.post(SIGN_IN, {"username": "asha", "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content


def test_lockout_page_is_the_same_for_unknown_users(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(SIGN_IN, {"username": "nobody", "password": "wrong-password-1"})
    assert response.status_code == 429


def test_sign_in_requires_csrf_token():
    UserFactory(username="asha")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(SIGN_IN, {"username": "asha", "password": TEST_PASSWORD})
    assert response.status_code == 403


def test_pages_need_sign_in_and_send_a_strict_csp(client):
    response = client.get("/organisations/")
    assert response.status_code == 302 and response.url.startswith(SIGN_IN)
    policy = client.get(SIGN_IN).headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_session_times_out_after_inactivity(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert not settings.SESSION_SAVE_EVERY_REQUEST  # refreshed once a minute instead: see test_sessions.py


def test_trust_user_sees_only_their_trust(client):
    tree = build_tree()
    user = user_with_role("governance_lead", tree["trust_a"])
    client.force_login(user)
    page = client.get("/organisations/").content.decode()
    assert "Trust A NHS Trust" in page and "Trust B NHS Trust" not in page
    assert client.get("/organisations/TRA/").status_code == 200
    assert client.get("/organisations/TRA01/").status_code == 200  # its site
    assert client.get("/organisations/TRB/").status_code == 403
    assert client.get("/organisations/YR1/").status_code == 403


def test_regional_user_sees_the_region(client):
    tree = build_tree()
    client.force_login(user_with_role("regional_medical_director", tree["region"]))
    assert client.get("/organisations/TRB/").status_code == 200
    assert client.get("/organisations/TRC/").status_code == 403


def test_api_token_authentication_and_scope():
    tree = build_tree()
    user = user_with_role("analyst", tree["icb"])
    token, plain = api_token_for(user, "etl")
    api = Client()
    assert api.get("/api/v1/me").status_code == 401
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer ovs_bad_token").status_code == 401
    me = api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plain}").json()
    assert me["roles"] == [{"role": "analyst", "organisation_code": "QI1"}]
    codes = [o["ods_code"] for o in api.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Bearer {plain}").json()]
    assert codes == ["QI1", "TRA", "TRA01", "TRB"]
    assert api.get("/api/v1/organisations/TRC", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 403
    token.revoked_at = token.created_at
    token.save()
    assert api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401


def test_openapi_is_published_to_signed_in_users(client):
    assert client.get("/api/v1/openapi.json").status_code == 401
    client.force_login(UserFactory())
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Oversight API"
    assert "/api/v1/organisations/" in schema["paths"]


def test_cli_token_create_gives_a_working_token(capsys):
    from oversight.cli import main

    tree = build_tree()
    robot = user_with_role("analyst", tree["trust_a"], username="etl-bot")
    robot.is_service_account = True
    robot.save()
    assert main(["token", "create", "--user", "etl-bot"]) == 0
    plain = capsys.readouterr().out.strip()
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {plain}").json()["username"] == "etl-bot"
    assert APIToken.objects.get(user=robot).expires_at is not None
    assert main(["token", "create", "--user", "ghost"]) == 2
    user_with_role("analyst", tree["trust_a"], username="asha")
    assert main(["token", "create", "--user", "asha"]) == 2  # a person's account
    assert "service accounts only" in capsys.readouterr().err
    assert main(["token", "create", "--user", "etl-bot", "--days", "400"]) == 2
    assert "within 365 days" in capsys.readouterr().err


def test_cli_grant_role_validates(capsys):
    from oversight.cli import main

    build_tree()
    UserFactory(username="sam")
    assert main(["user", "grant", "sam", "governance_lead", "TRA"]) == 0
    assert main(["user", "grant", "sam", "wizard", "TRA"]) == 2
    assert "unknown role 'wizard'" in capsys.readouterr().err
    assert main(["user", "grant", "sam", "analyst", "ZZZ"]) == 2
    assert AuditEntry.objects.filter(action=AuditAction.GRANT).count() == 1


def test_home_shows_roles_and_only_permitted_modules(client):
    tree = build_tree()
    client.force_login(user_with_role("responsible_officer", tree["trust_a"]))
    page = client.get(reverse("core:home")).content.decode()
    assert "Responsible Officer for Trust A NHS Trust" in page
    assert "Workforce" in page and 'href="/surveillance/"' not in page.split("<main")[1]
