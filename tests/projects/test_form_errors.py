"""The project form reports every problem at once; a closing time too soon is flagged when a
draft is saved and refused at submission; messages read cleanly; officials land on their
workspace after signing in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone, translation

from emining.services import DomainError
from minerals.models import Mineral, Region
from projects import services
from projects.models import Project
from tests.factories import make_project
from tests.projects.test_manage_pages import CREATE_URL, criteria_rows, form_data, local_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def test_every_error_at_once(official_client, official):
    data = form_data(
        official,
        # One field error...
        latitude="45",
        # ... rules across fields the service owns ...
        primary_mineral=Mineral.objects.get(slug="zinc").pk,
        district=Region.objects.filter(kind=Region.Kind.DISTRICT)
        .exclude(parent__slug="balochistan")
        .first()
        .pk,
        bid_closes_at=local_input(timezone.now() - timedelta(days=3)),
        # ... and the criteria: a row without weight, and weights not adding up to 100.
        **criteria_rows(("Technical capability", "50"), ("Financial offer", "20"), ("Jobs", "")),
    )
    response = official_client.post(CREATE_URL, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) >= {"latitude", "primary_mineral", "district", "bid_closes_at"}
    page = response.content.decode()
    assert "Pakistan lies between latitudes" in page
    assert "The primary mineral must be one of the project’s minerals." in page
    assert "is not in Balochistan." in page
    assert "Bids must close after they open." in page
    assert "Give this criterion a weight between 1 and 100." in page
    assert not Project.objects.exists()


def test_criteria_totals_are_reported_beside_field_errors(official_client, official):
    data = form_data(official, title="", **criteria_rows(("A", "50"), ("B", "20")))
    response = official_client.post(CREATE_URL, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "they must add up to 100" in page
    assert response.context["form"].errors["title"]


@pytest.mark.parametrize(("days", "words"), [(3, "less than 7 days away"), (-2, "already passed")])
def test_a_closing_time_too_soon_is_flagged_on_save_and_refused_at_submission(
    official_client, official, days, words
):
    now = timezone.now()
    data = form_data(
        official,
        bid_opens_at=local_input(now - timedelta(days=10)),
        bid_closes_at=local_input(now + timedelta(days=days)),
    )
    response = official_client.post(CREATE_URL, data)
    assert response.status_code == 302  # saved anyway: it is a draft
    project = Project.objects.get()
    warnings = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert words in str(warnings[0])
    assert "The draft was saved" in str(warnings[0])

    submit = f"/en/projects/{project.reference}/actions/submit/"
    response = official_client.post(submit)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert any(words in message for message in errors)
    with pytest.raises(DomainError) as refused:
        services.submit_for_review(project, by=official)
    assert "bid_closes_at" in refused.value.message_dict


def test_a_closing_time_far_enough_raises_no_warning(official_client, official):
    response = official_client.post(CREATE_URL, form_data(official))
    assert response.status_code == 302
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
def test_messages_never_end_in_two_full_stops(language):
    """English formats end times in "p.m.": a time is never the last word before a stop."""
    afternoon = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    with translation.override(language):
        for closes in (afternoon - timedelta(days=1), afternoon + timedelta(days=2)):
            message = services.closing_time_problem(closes, now=afternoon)
            assert message
            assert ".." not in message
            assert ".." not in (
                f"{message} The draft was saved, but it cannot be submitted like this."
            )


def test_the_cancelled_notice_reads_cleanly(client, official):
    project = make_project(status=Project.Status.PUBLISHED, agency=official.agency)
    services.cancel_project(project, by=official, reason="Licence dispute.")
    Project.objects.filter(pk=project.pk).update(
        cancelled_at=timezone.localtime().replace(hour=14, minute=0)
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert "This project was cancelled (" in page
    assert "p.m.." not in page
    assert "a.m.." not in page


# --- Where signing in leads ----------------------------------------------------------------------


def sign_in(user, settings, next_url: str = "") -> str:
    client = Client()
    url = "/en/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": user.username, "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302
    return response["Location"]


def test_an_official_lands_on_the_workspace(official, settings):
    assert sign_in(official, settings) == "/en/projects/workspace/"


def test_others_land_at_home(firm_member, settings):
    assert sign_in(firm_member, settings) == "/en/"


def test_the_next_page_still_wins(official, settings):
    assert sign_in(official, settings, "/en/projects/map/") == "/en/projects/map/"
