"""Errors answer in the site layout for pages and as JSON for the API; never a bare 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from emining import views


@pytest.fixture
def rf():
    return RequestFactory()


def test_server_error_page_uses_the_layout_without_touching_the_database(rf):
    # No db fixture: pytest-django would fail the test if the page queried the database.
    response = views.server_error(rf.get("/en/anything/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Server error" in body
    assert 'class="portal-header"' in body


def test_server_error_for_the_api_is_json(rf):
    response = views.server_error(rf.get("/api/v1/minerals/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["status"] == 500


@pytest.mark.django_db
def test_permission_denied_page(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/en/private/")
    request.user = AnonymousUser()
    response = views.permission_denied(request)
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_is_a_403_in_the_layout(official):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/en/accounts/login/", {"username": "official", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Reload the page and try again." in body
    assert 'class="portal-header"' in body


@pytest.mark.django_db
def test_api_root_lists_the_endpoints(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert {"minerals", "regions"} <= set(response.json())
