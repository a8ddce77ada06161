from __future__ import annotations

import pytest
from django.conf import settings

from emining.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_sign_in_by_username(client, official):
    response = client.post(
        "/en/accounts/login/", {"username": official.username, "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.signed_in", actor=official).exists()


def test_sign_in_by_email_ignoring_case(client, official):
    response = client.post(
        "/en/accounts/login/",
        {"username": official.email.upper(), "password": settings.DEMO_PASSWORD},
    )
    assert response.status_code == 302


def test_wrong_password_re_renders_the_form_with_a_message(client, official):
    response = client.post(
        "/en/accounts/login/", {"username": official.username, "password": "wrong"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Please enter a correct username or email and password." in body
    assert f'value="{official.username}"' in body  # what was typed is kept
    assert AuditEvent.objects.filter(action="user.sign_in_failed").exists()


def test_partner_systems_cannot_sign_in_to_the_web(client, partner_system):
    response = client.post(
        "/en/accounts/login/",
        {"username": partner_system.username, "password": settings.DEMO_PASSWORD},
    )
    assert response.status_code == 200
    assert "Partner system accounts use the API only" in response.content.decode()


def test_sign_out_is_a_post_and_is_audited(client, official):
    client.force_login(official)
    assert client.get("/en/accounts/logout/").status_code == 405
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.signed_out", actor=official).exists()


def test_password_change(client, official):
    client.force_login(official)
    assert client.get("/en/accounts/password/change/").status_code == 200
    response = client.post(
        "/en/accounts/password/change/",
        {
            "old_password": settings.DEMO_PASSWORD,
            "new_password1": "Gwadar-Saindak-2026",
            "new_password2": "Gwadar-Saindak-2026",
        },
    )
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.check_password("Gwadar-Saindak-2026")
    assert AuditEvent.objects.filter(action="user.password_changed", actor=official).exists()


def test_password_change_needs_sign_in(client):
    response = client.get("/en/accounts/password/change/")
    assert response.status_code == 302
    assert "/en/accounts/login/" in response["Location"]


def test_password_change_mismatch_is_shown_beside_the_field(client, official):
    client.force_login(official)
    response = client.post(
        "/en/accounts/password/change/",
        {
            "old_password": settings.DEMO_PASSWORD,
            "new_password1": "Gwadar-Saindak-2026",
            "new_password2": "something-else-2026",
        },
    )
    assert response.status_code == 200
    assert 'id="id_new_password2_error"' in response.content.decode()
    official.refresh_from_db()
    assert official.check_password(settings.DEMO_PASSWORD)


def test_home_shows_live_key_figures(client, reference_data):
    from minerals.models import Mineral

    body = client.get("/en/").content.decode()
    assert "Minerals in the catalogue" in body
    assert f">{Mineral.objects.count()}<" in body
    assert "Government agencies on the platform" in body


def test_admin_is_for_administrators_only(client, official, administrator):
    client.force_login(official)
    assert client.get("/en/admin/").status_code == 302  # to the admin sign-in
    client.force_login(administrator)
    assert client.get("/en/admin/").status_code == 200
