"""The lead pages are valid HTML in the three languages (the Nu HTML Checker, as in
tests/quality/test_html_validity.py), for an official and for a member of the lead's firm;
and they speak the visitor's language."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from matchmaking.lead_selectors import lead_pipeline_figures
from matchmaking.services import leads as services
from tests.quality.test_html_validity import LANGUAGES, validate, vnu_jar  # noqa: F401

from .leads import make_lead

pytestmark = pytest.mark.django_db


def test_lead_pages_are_valid_html_in_every_language(
    client,
    official,
    verified_member,
    cn_firm,
    vnu_jar,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    lead = make_lead(
        official,
        firm=cn_firm,
        stage="contacted",
        next_action="Send the terms",
        next_action_due=timezone.localdate() - timezone.timedelta(days=1),
        estimated_value_usd=5_000_000,
    )
    services.add_activity(lead, by=official, kind="call", text="Called.", internal=False)
    lost = make_lead(official, stage="lost")
    visits = {
        official: [
            "/leads/",
            "/leads/?stage=won",
            "/leads/board/",
            "/leads/overdue/",
            "/leads/new/",
            f"/leads/{lead.reference}/",
            f"/leads/{lead.reference}/edit/",
            f"/leads/{lead.reference}/move/?stage=lost",
            f"/leads/{lost.reference}/",
        ],
        verified_member: ["/leads/", f"/leads/{lead.reference}/"],
    }
    pages = {}
    for user, paths in visits.items():
        client.force_login(user)
        for language in LANGUAGES:
            for path in paths:
                url = f"/{language}{path}"
                response = client.get(url)
                assert response.status_code in (200, 400), url
                pages[f"{url} (as {user.username})"] = response.content.decode()
    # The dashboard's partial, inside a page of its own.
    for language in LANGUAGES:
        with translation.override(language):
            partial = render_to_string(
                "matchmaking/leads/_pipeline.html", {"pipeline": lead_pipeline_figures()}
            )
        pages[f"pipeline-{language}"] = (
            f'<!doctype html><html lang="{language}"><head><title>t</title></head>'
            f"<body>{partial}</body></html>"
        )
    errors = validate(vnu_jar, pages, tmp_path)
    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize(
    ("language", "heading", "stage"),
    [("zh-hans", "投资线索", "已联系"), ("ur", "سرمایہ کاری لیڈز", "رابطہ ہو گیا")],
)
def test_lead_pages_speak_the_visitors_language(client, official, language, heading, stage):
    lead = make_lead(official, stage="contacted")
    client.force_login(official)
    page = client.get(f"/{language}/leads/").content.decode()
    assert heading in page
    assert stage in page
    detail = client.get(f"/{language}/leads/{lead.reference}/").content.decode()
    # References stay left to right in Urdu pages.
    assert f'<bdi dir="ltr">{lead.reference}</bdi>' in detail or language != "ur"
