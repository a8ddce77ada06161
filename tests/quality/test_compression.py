"""HTML is sent compressed to browsers that accept it; the API's JSON too."""

from __future__ import annotations

import gzip

import pytest

from tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_a_list_page_comes_back_gzipped_and_much_smaller(client, reference_data):
    for number in range(20):
        make_project(title=f"Copper project number {number}")
    response = client.get("/en/projects/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content)
    assert b"Copper project number 19" in html
    assert len(html) > 30_000
    assert len(response.content) < len(html) / 4


def test_a_browser_that_does_not_accept_gzip_gets_plain_html(client, reference_data):
    response = client.get("/en/minerals/")
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


def test_csrf_tokens_differ_in_each_compressed_response(client, reference_data):
    """BREACH needs a secret repeated across responses: the masked token never is."""
    tokens = set()
    for _ in range(3):
        response = client.get("/en/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")
        html = gzip.decompress(response.content).decode()
        token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        tokens.add(token)
    assert len(tokens) == 3
