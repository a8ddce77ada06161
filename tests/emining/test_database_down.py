"""With the database down, pages answer 503 in the site layout and the API 503 as
problem+json, both with Retry-After: never a 500."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture
def database_down(settings):
    settings.CELERY_BROKER_URL = ""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens there
    else:
        connection.settings_dict.update(NAME="/nonexistent-dir/emining.sqlite3")
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/en/projects/", "/zh-hans/minerals/", "/en/"])
def test_pages_are_503_in_the_layout(client, database_down, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    page = response.content.decode()
    assert "<nav" in page  # the site layout
    assert "temporarily unavailable" in page or "暂时" in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/api/v1/projects/", "/api/v1/minerals/"])
def test_api_is_503_problem_json(client, database_down, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 503
    assert body["title"]
    assert body["detail"]
