from __future__ import annotations

import pytest
from django.conf import settings
from knox.models import AuthToken

from emining.models import AuditEvent

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def obtain(api_client, username, password=None):
    return api_client.post(
        TOKEN_URL, {"username": username, "password": password or settings.DEMO_PASSWORD}
    )


def test_good_credentials_give_a_hashed_expiring_token(api_client, partner_system):
    response = obtain(api_client, partner_system.username)
    assert response.status_code == 200
    token = response.json()["token"]
    assert response.json()["expiry"]
    stored = AuthToken.objects.get(user=partner_system)
    assert token not in (stored.digest, stored.token_key)  # only a digest is stored
    assert AuditEvent.objects.filter(action="api_token.created", actor=partner_system).exists()

    me = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["username"] == partner_system.username
    assert me.json()["role"] == "partner_system"


def test_bad_credentials_are_a_400_with_a_message(api_client, partner_system):
    response = obtain(api_client, partner_system.username, "wrong-password")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Unable to sign in with these credentials."


def test_missing_fields_are_field_errors(api_client, db):
    response = api_client.post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}


def test_missing_token_is_401(api_client):
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer not-a-real-token",
        "Bearer",
        "Bearer two parts",
        "Bearer \x00\x01",
        "Bearer " + "a" * 500,
    ],
)
def test_bad_or_malformed_token_is_401(api_client, header):
    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_expired_token_is_refused(api_client, partner_system):
    from datetime import timedelta

    from django.utils import timezone

    token = obtain(api_client, partner_system.username).json()["token"]
    AuthToken.objects.filter(user=partner_system).update(
        expiry=timezone.now() - timedelta(minutes=1)
    )
    assert api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_logout_revokes_the_token(api_client, partner_system):
    token = obtain(api_client, partner_system.username).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert api_client.post("/api/v1/auth/logout/", **auth).status_code == 204
    assert api_client.get("/api/v1/me/", **auth).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoked", actor=partner_system).exists()


def test_token_endpoint_is_throttled(api_client, db):
    # Different accounts, so that the sign-in lock-out (per account) does not answer first.
    statuses = [obtain(api_client, f"nobody-{n}", "wrong").status_code for n in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    throttled = obtain(api_client, "nobody-11", "wrong")
    assert throttled.json()["code"] == "throttled"
    assert throttled["Retry-After"]


def test_unknown_api_url_is_json_404(api_client):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": "Not found.",
        "code": "not_found",
    }
