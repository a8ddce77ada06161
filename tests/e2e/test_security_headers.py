"""The Content-Security-Policy allows only our own scripts, and the pages still work under it."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "unsafe-eval" not in policy


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_offline_under_the_policy(page, live_server):
    violations = []
    page.on(
        "console", lambda msg: "Content-Security-Policy" in msg.text and violations.append(msg.text)
    )
    page.goto(live_server.url + "/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for(timeout=15000)
    assert (
        "Pak-China E-Mining Platform API" in page.locator(".swagger-ui .info .title").inner_text()
    )
    assert not violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_site_pages_raise_no_policy_violations(page, live_server, reference_data):
    violations = []
    page.on(
        "console", lambda msg: "Content-Security-Policy" in msg.text and violations.append(msg.text)
    )
    for path in ("/en/", "/zh-hans/regions/chagai/", "/en/accounts/login/", "/ur/minerals/"):
        page.goto(live_server.url + path)
    # htmx still swaps the results in place under the policy.
    page.select_option("#id_category", "energy")
    page.wait_for_url("**category=energy**")
    results = page.locator("#results")
    results.get_by_role("link", name="کوئلہ").wait_for()  # coal
    assert "تانبا" not in results.inner_text()  # copper is not an energy mineral
    assert not violations, violations
