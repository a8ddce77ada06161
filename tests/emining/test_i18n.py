"""Three languages: English, Simplified Chinese, Urdu (right to left)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from emining.models import AuditEvent

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def test_english_home_page(client, reference_data):
    response = client.get("/en/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr">' in body
    assert "Pak-China E-Mining Platform" in body


def test_chinese_page_shows_chinese_text(client, reference_data):
    body = client.get("/zh-hans/minerals/").content.decode()
    assert '<html lang="zh-hans" dir="ltr">' in body
    # The layout and the page, not only the data, are in Chinese.
    assert "矿产目录" in body
    assert "登录" in body


def test_urdu_page_is_right_to_left(client, reference_data):
    body = client.get("/ur/").content.decode()
    assert '<html lang="ur" dir="rtl">' in body
    assert "bootstrap.rtl.min.css" in body
    assert ARABIC_SCRIPT.search(body)


def test_unprefixed_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_unknown_language_prefix_is_a_404_in_the_site_layout(client):
    response = client.get("/fr/minerals/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert 'class="portal-header"' in body


def test_switcher_sets_the_language_and_redirects_to_the_translated_page(client):
    response = client.post(
        "/i18n/setlang/", {"language": "ur", "next": "/en/minerals/"}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"] == "/ur/minerals/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ur"


def test_switcher_refuses_an_unknown_language(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/en/"})
    assert response.status_code == 400
    assert "That language is not offered." in response.content.decode()


def test_switcher_refuses_an_offsite_next(client):
    response = client.post("/i18n/setlang/", {"language": "ur", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_language_is_remembered_for_a_signed_in_user(client, official):
    client.force_login(official)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/en/"})
    official.refresh_from_db()
    assert official.preferred_language == "zh-hans"
    assert AuditEvent.objects.filter(action="user.language_changed", actor=official).exists()

    # On another device: signing in lands on the remembered language.
    other_device = client.__class__()
    response = other_device.post(
        "/en/accounts/login/",
        {
            "username": official.username,
            "password": settings.DEMO_PASSWORD,
            "next": "/en/minerals/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/minerals/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"


def test_api_errors_follow_accept_language(api_client):
    response = api_client.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 401
    assert CJK.search(response.json()["detail"])


# --- The switcher leads to the same page in the chosen language ------------------------------


@pytest.mark.parametrize(
    ("next_url", "language", "expected"),
    [
        # A fresh browser (no cookie, English Accept-Language) on a Chinese or Urdu link.
        ("/zh-hans/projects/PMP-2026-0001/", "en", "/en/projects/PMP-2026-0001/"),
        ("/ur/", "en", "/en/"),
        ("/ur/", "zh-hans", "/zh-hans/"),
        ("/zh-hans/minerals/copper/", "ur", "/ur/minerals/copper/"),
        # Query strings are kept.
        ("/ur/projects/?mineral=copper&page=2", "en", "/en/projects/?mineral=copper&page=2"),
        # A page that does not exist keeps its path, in the new language.
        ("/zh-hans/no-such-page/", "en", "/en/no-such-page/"),
        # No prefix: the home page of the chosen language.
        ("/", "ur", "/ur/"),
    ],
)
def test_switcher_leads_to_the_same_page_whatever_the_browser_sent(
    client, next_url, language, expected
):
    response = client.post(
        "/i18n/setlang/",
        {"language": language, "next": next_url},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    assert response.status_code == 302
    assert response["Location"] == expected
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def test_switcher_with_a_cookie_for_another_language_still_leaves_the_page_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/zh-hans/regions/?kind=province"}
    )
    assert response["Location"] == "/en/regions/?kind=province"
