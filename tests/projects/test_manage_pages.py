"""The officials' pages: the workspace, the project form (create, edit, amend) and the workflow
actions, with the refusals each persona meets."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from emining.models import AuditEvent
from minerals.models import Mineral, Region
from projects import permissions, services
from projects.models import Amendment, AmendmentProposal, Project
from tests.factories import close_bidding_now, make_project

pytestmark = pytest.mark.django_db

CREATE_URL = "/en/projects/new/"
WORKSPACE_URL = "/en/projects/workspace/"


def local_input(moment: datetime) -> str:
    """What a datetime-local input sends: wall-clock time in Asia/Karachi, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def criteria_rows(*rows: tuple[str, str], total: int = 6) -> dict[str, str]:
    data = {
        "criteria-TOTAL_FORMS": str(total),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
    }
    for index in range(total):
        name, weight = rows[index] if index < len(rows) else ("", "")
        data[f"criteria-{index}-name"] = name
        data[f"criteria-{index}-weight"] = weight
    return data


def form_data(official, **overrides) -> dict:
    """A complete, valid project form as a browser would send it."""
    now = timezone.now()
    data = {
        "title": "Chagai porphyry copper block",
        "summary": "Exploration block next to the Saindak mine.",
        "description": "Porphyry copper-gold mineralisation with\r\nexisting road access.",
        "minerals": [
            Mineral.objects.get(slug="copper").pk,
            Mineral.objects.get(slug="gold").pk,
        ],
        "primary_mineral": Mineral.objects.get(slug="copper").pk,
        "region": Region.objects.get(slug="balochistan").pk,
        "district": Region.objects.get(slug="chagai").pk,
        "latitude": "29.13",
        "longitude": "61.65",
        "area_km2": "120.5",
        "stage": "exploration",
        "investment_model": "joint_venture",
        "investment_usd": "250000000",
        "estimated_reserves": "",
        "grade": "",
        "distance_to_gwadar_km": "",
        "special_economic_zone": "",
        "corridor": "Nokundi–Mashkel–Turbat–Gwadar",
        "expected_jobs": "1200",
        "training_commitment": "",
        "title_zh": "",
        "title_ur": "",
        "summary_zh": "",
        "summary_ur": "",
        "contact_official": official.pk,
        "bid_opens_at": local_input(now + timedelta(days=1)),
        "bid_closes_at": local_input(now + timedelta(days=40)),
        **criteria_rows(("Technical capability", "60"), ("Financial offer", "40")),
    }
    data.update(overrides)
    return data


def as_post_data(form) -> dict:
    """The data an unbound form shows, as the browser would send it back unchanged."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if value is None:
            value = ""
        elif isinstance(value, datetime):
            value = value.strftime("%Y-%m-%dT%H:%M")
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        elif isinstance(value, str):
            value = value.replace("\n", "\r\n")  # browsers send text areas with CRLF
        data[name] = value
    formset = form.criteria
    for name in formset.management_form.fields:
        data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
    for row in formset.forms:
        for name in row.fields:
            value = row[name].value()
            data[row.add_prefix(name)] = "" if value is None else value
    return data


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def errors_of(response) -> dict:
    return response.context["form"].errors


# --- Creating a draft ------------------------------------------------------------------------


def test_create_form_renders_sections_and_help(official_client, official):
    response = official_client.get(CREATE_URL)
    assert response.status_code == 200
    body = response.content.decode()
    for heading in (
        "Text for visitors",
        "Minerals and location",
        "Investment",
        "Infrastructure and local benefits",
        "Bidding and evaluation",
    ):
        assert heading in body
    assert 'type="datetime-local"' in body
    assert "Asia/Karachi" in body
    assert "between 23.5 and 37.1" in body
    assert "<optgroup" in body  # districts grouped by province
    assert "js/project-form.js" in body
    assert "<script>" not in body  # CSP: no inline scripts
    region_choices = [label for _value, label in response.context["form"].fields["region"].choices]
    assert "Balochistan" in region_choices
    assert "Chagai" not in region_choices  # provinces and territories only


def test_official_creates_a_draft_through_the_page(official_client, official):
    response = official_client.post(CREATE_URL, form_data(official))
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.reference.startswith(f"PMP-{timezone.localtime().year}-")
    assert project.status == Project.Status.DRAFT
    assert project.agency == official.agency
    assert project.created_by == official
    assert project.description == "Porphyry copper-gold mineralisation with\nexisting road access."
    assert {m.slug for m in project.minerals.all()} == {"copper", "gold"}
    assert [(c.name, c.weight) for c in project.evaluation_criteria.all()] == [
        ("Technical capability", 60),
        ("Financial offer", 40),
    ]
    assert AuditEvent.objects.filter(
        action="project.created", target_id=str(project.pk), actor=official
    ).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(project.reference in m for m in messages)


def test_times_are_read_in_karachi_time(official_client, official):
    official_client.post(
        CREATE_URL,
        form_data(official, bid_opens_at="2031-01-10T09:00", bid_closes_at="2031-02-10T17:30"),
    )
    project = Project.objects.get()
    # Asia/Karachi is UTC+5 all year round.
    assert project.bid_opens_at == datetime(2031, 1, 10, 4, 0, tzinfo=UTC)
    assert project.bid_closes_at == datetime(2031, 2, 10, 12, 30, tzinfo=UTC)
    body = official_client.get(f"/en/projects/{project.reference}/edit/").content.decode()
    assert 'value="2031-01-10T09:00"' in body
    assert 'value="2031-02-10T17:30"' in body


def test_invalid_post_rerenders_with_errors_and_keeps_what_was_typed(official_client, official):
    data = form_data(
        official,
        title="Typed title that must survive",
        investment_usd="",
        latitude="north",
        **criteria_rows(("Typed criterion", "55"), ("Second typed", "")),
    )
    response = official_client.post(CREATE_URL, data)
    assert response.status_code == 400
    assert not Project.objects.exists()
    errors = errors_of(response)
    assert "investment_usd" in errors
    assert "latitude" in errors
    body = response.content.decode()
    assert 'value="Typed title that must survive"' in body
    assert 'value="Typed criterion"' in body
    assert 'value="55"' in body
    assert 'value="Second typed"' in body
    assert "Give this criterion a weight between 1 and 100." in body
    assert 'id="error-summary"' in body
    assert 'aria-invalid="true"' in body


def test_weights_must_add_up_to_100(official_client, official):
    data = form_data(official, **criteria_rows(("Technical", "60"), ("Financial", "30")))
    response = official_client.post(CREATE_URL, data)
    assert response.status_code == 400
    assert not Project.objects.exists()
    assert any("add up to 90" in e for e in response.context["form"].criteria_errors)
    assert "they must add up to 100" in response.content.decode()


def test_primary_mineral_must_be_among_the_minerals(official_client, official):
    data = form_data(
        official,
        minerals=[Mineral.objects.get(slug="gold").pk],
        primary_mineral=Mineral.objects.get(slug="copper").pk,
    )
    response = official_client.post(CREATE_URL, data)
    assert response.status_code == 400
    assert not Project.objects.exists()
    assert errors_of(response)["primary_mineral"] == [
        "The primary mineral must be one of the project’s minerals."
    ]
    # Kept as typed: gold still ticked, copper still the primary choice.
    form = response.context["form"]
    assert form["minerals"].value() == [str(Mineral.objects.get(slug="gold").pk)]


def test_district_must_lie_in_the_region(official_client, official):
    data = form_data(official, region=Region.objects.get(slug="punjab").pk)
    response = official_client.post(CREATE_URL, data)
    assert response.status_code == 400
    assert not Project.objects.exists()
    assert errors_of(response)["district"] == ["Chagai is not in Punjab."]


def test_region_must_be_a_province_or_territory(official_client, official):
    data = form_data(official, region=Region.objects.get(slug="chagai").pk)
    response = official_client.post(CREATE_URL, data)
    assert response.status_code == 400
    assert "region" in errors_of(response)


def test_location_must_lie_within_pakistan(official_client, official):
    response = official_client.post(CREATE_URL, form_data(official, latitude="40.2"))
    assert response.status_code == 400
    assert not Project.objects.exists()
    assert errors_of(response)["latitude"] == ["Pakistan lies between latitudes 23.5 and 37.1."]
    response = official_client.post(CREATE_URL, form_data(official, longitude="55"))
    assert errors_of(response)["longitude"] == ["Pakistan lies between longitudes 60.8 and 77.9."]


def test_bids_must_close_after_they_open(official_client, official):
    now = timezone.now()
    data = form_data(
        official,
        bid_opens_at=local_input(now + timedelta(days=20)),
        bid_closes_at=local_input(now + timedelta(days=10)),
    )
    response = official_client.post(CREATE_URL, data)
    assert response.status_code == 400
    assert not Project.objects.exists()
    assert errors_of(response)["bid_closes_at"] == ["Bids must close after they open."]


def test_contact_official_is_limited_to_the_users_agency(
    official_client, official, approver, other_agency_official
):
    form = official_client.get(CREATE_URL).context["form"]
    contacts = set(form.fields["contact_official"].queryset)
    assert contacts == {official, approver}
    response = official_client.post(
        CREATE_URL, form_data(official, contact_official=other_agency_official.pk)
    )
    assert response.status_code == 400
    assert "contact_official" in errors_of(response)
    assert not Project.objects.exists()


def test_tampered_criteria_management_form_is_a_form_error(official_client, official):
    data = form_data(official)
    del data["criteria-TOTAL_FORMS"]
    response = official_client.post(CREATE_URL, data)
    assert response.status_code == 400
    assert not Project.objects.exists()


def test_mineral_and_region_names_follow_the_language(official_client, official):
    form = official_client.get("/zh-hans/projects/new/").context["form"]
    assert "铜" in dict(form.fields["minerals"].choices).values()
    region_labels = dict(form.fields["region"].choices).values()
    assert Region.objects.get(slug="balochistan").name_zh in region_labels


# --- Editing drafts ----------------------------------------------------------------------------


def test_official_edits_a_draft(official_client, official):
    official_client.post(CREATE_URL, form_data(official))
    project = Project.objects.get()
    url = f"/en/projects/{project.reference}/edit/"
    form = official_client.get(url).context["form"]
    data = as_post_data(form)
    data["title"] = "Renamed block"
    response = official_client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Renamed block"
    assert AuditEvent.objects.filter(action="project.updated", target_id=str(project.pk)).exists()


def test_edit_of_a_published_project_is_refused(official_client, official):
    project = make_project(status="published")
    url = f"/en/projects/{project.reference}/edit/"
    response = official_client.get(url)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Published projects change through an amendment" in body
    assert f"/en/projects/{project.reference}/amend/" in body
    response = official_client.post(url, {"title": "Sneaky change"})
    assert response.status_code == 409
    project.refresh_from_db()
    assert project.title != "Sneaky change"


# --- The workflow --------------------------------------------------------------------------------


def test_submit_then_four_eyes_then_publish(client, official, approver):
    client.force_login(official)
    client.post(CREATE_URL, form_data(official))
    project = Project.objects.get()
    base = f"/en/projects/{project.reference}/actions"

    response = client.post(f"{base}/submit/")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.IN_REVIEW
    assert project.submitted_by == official

    # The submitter may not approve what they submitted: refused, and told why.
    response = client.post(f"{base}/publish/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Four eyes" in body
    assert 'class="portal-header"' in body
    project.refresh_from_db()
    assert project.status == Project.Status.IN_REVIEW

    client.force_login(approver)
    response = client.post(f"{base}/publish/")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED
    assert project.published_by == approver
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"{project.reference} is published and open for bids."]


def test_illegal_transition_is_a_message_not_an_error(official_client):
    project = make_project(status="draft")
    response = official_client.post(f"/en/projects/{project.reference}/actions/publish/")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["A project that is “Draft” cannot become “Open for bids”."]
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT


def test_closing_before_the_deadline_is_refused_with_a_message(official_client):
    project = make_project(status="published")
    response = official_client.post(f"/en/projects/{project.reference}/actions/close/")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert len(messages) == 1
    assert "Bidding stays open until" in messages[0]
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED


def test_evaluate_opens_the_bids_and_the_award_is_on_the_evaluation_page(official_client):
    project = close_bidding_now(make_project(status="closed"))
    base = f"/en/projects/{project.reference}/actions"
    confirm = official_client.get(f"{base}/evaluate/")
    assert confirm.status_code == 200
    assert "Open the bids" in confirm.content.decode()
    assert "recorded" in confirm.content.decode()
    assert official_client.post(f"{base}/evaluate/").status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.UNDER_EVALUATION
    assert project.bid_opening.bids_opened == 0
    # The award needs its winning bid: no generic action, a link to the evaluation page.
    assert official_client.get(f"{base}/award/").status_code == 404
    assert official_client.post(f"{base}/award/", {"note": "x"}).status_code == 404
    page = official_client.get(f"/en/projects/{project.reference}/").content.decode()
    assert f'href="/en/projects/{project.reference}/bids/">Record the award' in page
    project.refresh_from_db()
    assert project.status == Project.Status.UNDER_EVALUATION


def test_cancel_requires_a_reason(official_client):
    project = make_project(status="published")
    url = f"/en/projects/{project.reference}/actions/cancel/"
    confirm = official_client.get(url)
    assert confirm.status_code == 200
    assert "<textarea" in confirm.content.decode()

    response = official_client.post(url, {"reason": "   "})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == [
        "Give the reason for cancelling the project."
    ]
    project.refresh_from_db()
    assert project.status == Project.Status.PUBLISHED

    response = official_client.post(url, {"reason": "The licence area is under dispute."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.CANCELLED
    assert project.cancellation_reason == "The licence area is under dispute."


def test_return_to_draft_requires_a_reason(client, official, approver):
    client.force_login(official)
    client.post(CREATE_URL, form_data(official))
    project = Project.objects.get()
    client.post(f"/en/projects/{project.reference}/actions/submit/")
    client.force_login(approver)
    url = f"/en/projects/{project.reference}/actions/return/"
    assert client.post(url, {}).status_code == 400
    response = client.post(url, {"reason": "Add the geological report."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT


def test_unknown_action_is_a_404(official_client):
    project = make_project(status="draft")
    assert (
        official_client.post(f"/en/projects/{project.reference}/actions/explode/").status_code
        == 404
    )


def test_confirm_page_of_a_disallowed_action_sends_back_with_a_message(official_client):
    project = make_project(status="draft")
    response = official_client.get(f"/en/projects/{project.reference}/actions/evaluate/")
    assert response.status_code == 302
    assert project.get_absolute_url() == response["Location"]


# --- Amendments ----------------------------------------------------------------------------


@pytest.fixture
def published(official):
    return make_project(
        status="published",
        description="First line.\nSecond line.",
        bid_closes_at=timezone.now() + timedelta(days=30, seconds=17, microseconds=123),
    )


def test_amend_form_is_prefilled_with_a_fixed_opening(official_client, published):
    response = official_client.get(f"/en/projects/{published.reference}/amend/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.fields["bid_opens_at"].disabled
    assert form.fields["reason"].required
    assert form["title"].value() == published.title
    assert "The opening time of a published project is fixed." in response.content.decode()


def test_amendment_moving_the_deadline_earlier_is_refused(official_client, published):
    url = f"/en/projects/{published.reference}/amend/"
    data = as_post_data(official_client.get(url).context["form"])
    data["bid_closes_at"] = local_input(published.bid_closes_at - timedelta(days=3))
    data["reason"] = "Faster timetable."
    response = official_client.post(url, data)
    assert response.status_code == 400
    assert errors_of(response)["bid_closes_at"] == [
        "An amendment may extend the closing time, never bring it forward."
    ]
    assert not Amendment.objects.exists()
    closes = published.bid_closes_at
    published.refresh_from_db()
    assert published.bid_closes_at == closes


def test_amendment_needs_a_reason(official_client, published):
    url = f"/en/projects/{published.reference}/amend/"
    data = as_post_data(official_client.get(url).context["form"])
    data["title"] = "New title"
    data["reason"] = ""
    response = official_client.post(url, data)
    assert response.status_code == 400
    assert errors_of(response)["reason"] == ["Say why the project is amended."]
    assert not Amendment.objects.exists()


def test_valid_amendment_records_only_what_changed(official_client, official, approver, published):
    url = f"/en/projects/{published.reference}/amend/"
    data = as_post_data(official_client.get(url).context["form"])
    old_closing = published.bid_closes_at
    new_closing = published.bid_closes_at + timedelta(days=14)
    data["bid_closes_at"] = local_input(new_closing)
    data["reason"] = "More time for the site visits."
    response = official_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == published.get_absolute_url()
    # A new closing time waits for a second official: shown to the agency, not the public.
    assert not Amendment.objects.filter(project=published).exists()
    proposal = AmendmentProposal.objects.get(project=published)
    # Untouched fields (text sent back with CRLF, times shown to the minute) are not "changes".
    assert set(proposal.values) == {"bid_closes_at"}
    published.refresh_from_db()
    assert published.bid_closes_at == old_closing
    detail = official_client.get(published.get_absolute_url()).content.decode()
    assert "Amendment waiting for approval" in detail
    assert "you proposed this amendment" in detail
    public = Client().get(published.get_absolute_url()).content.decode()
    assert "More time for the site visits." not in public
    assert "waiting for approval" not in public

    approver_client = Client()
    approver_client.force_login(approver)
    action = f"/en/projects/{published.reference}/actions/approve-amendment/"
    assert official_client.post(action).status_code == 403  # four eyes
    assert approver_client.get(action).status_code == 200
    response = approver_client.post(action)
    assert response.status_code == 302
    amendment = Amendment.objects.get(project=published)
    assert amendment.reason == "More time for the site visits."
    assert amendment.created_by == official
    assert amendment.approved_by == approver
    assert set(amendment.changes) == {"bid_closes_at"}
    published.refresh_from_db()
    assert local_input(published.bid_closes_at) == local_input(new_closing)
    public = Client().get(published.get_absolute_url()).content.decode()
    assert "More time for the site visits." in public
    assert f"approved by {approver}" in re.sub(r"<[^>]+>", "", public)


def test_a_pending_amendment_can_be_rejected_with_a_reason(
    official_client, official, approver, published
):
    url = f"/en/projects/{published.reference}/amend/"
    data = as_post_data(official_client.get(url).context["form"])
    data["investment_usd"] = "300000000"
    data["reason"] = "A larger plant."
    assert official_client.post(url, data).status_code == 302
    approver_client = Client()
    approver_client.force_login(approver)
    workspace = approver_client.get(WORKSPACE_URL).content.decode()
    assert "Amendments waiting for a second official" in workspace
    assert published.reference in workspace
    action = f"/en/projects/{published.reference}/actions/reject-amendment/"
    response = approver_client.post(action, {"reason": ""})
    assert response.status_code == 400
    assert "Say why the amendment is rejected." in response.content.decode()
    assert approver_client.post(action, {"reason": "Not agreed with finance."}).status_code == 302
    proposal = AmendmentProposal.objects.get(project=published)
    assert proposal.status == "rejected"
    assert proposal.rejection_reason == "Not agreed with finance."
    published.refresh_from_db()
    assert published.investment_usd == 250_000_000
    assert not Amendment.objects.exists()


def test_unchanged_amendment_is_refused(official_client, published):
    url = f"/en/projects/{published.reference}/amend/"
    data = as_post_data(official_client.get(url).context["form"])
    data["reason"] = "Nothing really."
    response = official_client.post(url, data)
    assert response.status_code == 400
    assert "Nothing was changed, so there is nothing to amend." in response.content.decode()


def test_amend_of_a_draft_points_to_edit(official_client):
    project = make_project(status="draft")
    response = official_client.get(f"/en/projects/{project.reference}/amend/")
    assert response.status_code == 409
    assert f"/en/projects/{project.reference}/edit/" in response.content.decode()


# --- Who may use these pages -----------------------------------------------------------------


def management_requests(reference: str) -> list[tuple[str, str]]:
    base = f"/en/projects/{reference}"
    return [
        ("get", f"{base}/edit/"),
        ("post", f"{base}/edit/"),
        ("get", f"{base}/amend/"),
        ("post", f"{base}/amend/"),
        ("get", f"{base}/actions/cancel/"),
        ("post", f"{base}/actions/submit/"),
        ("post", f"{base}/actions/publish/"),
        ("post", f"{base}/actions/cancel/"),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, reference_data):
    project = make_project(status="published")
    for method, url in [
        ("get", WORKSPACE_URL),
        ("get", CREATE_URL),
        *management_requests(project.reference),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/accounts/login/?next="), url


@pytest.mark.parametrize("persona", ["firm_member", "partner_system"])
def test_non_officials_are_refused_everywhere(client, request, reference_data, persona):
    client.force_login(request.getfixturevalue(persona))
    draft = make_project(status="draft")
    public = make_project(status="published")
    urls = [
        ("get", WORKSPACE_URL),
        ("get", CREATE_URL),
        ("post", CREATE_URL),
        *management_requests(draft.reference),
        *management_requests(public.reference),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert 'class="portal-header"' in response.content.decode()
    assert Project.objects.filter(status="published").count() == 1


def test_other_agency_official_gets_404_for_hidden_and_403_for_public(
    client, other_agency_official
):
    client.force_login(other_agency_official)
    draft = make_project(status="draft")
    in_review = make_project(status="in_review")
    public = make_project(status="published")
    for project in (draft, in_review):
        for method, url in management_requests(project.reference):
            assert getattr(client, method)(url).status_code == 404, url
    for method, url in management_requests(public.reference):
        response = getattr(client, method)(url)
        assert response.status_code == 403, url
        assert "Only officials of the owning agency" in response.content.decode()
    public.refresh_from_db()
    assert public.status == Project.Status.PUBLISHED
    assert not Amendment.objects.exists()


def test_csrf_is_enforced(official, reference_data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(official)
    response = client.post(CREATE_URL, form_data(official))
    assert response.status_code == 403
    assert not Project.objects.exists()
    project = make_project(status="draft")
    response = client.post(f"/en/projects/{project.reference}/actions/submit/")
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    # With the token from the page, the same form goes through.
    page = client.get(CREATE_URL)
    token = page.context["csrf_token"]
    response = client.post(CREATE_URL, {**form_data(official), "csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302


# --- Workspace -----------------------------------------------------------------------------


def test_workspace_lists_every_status_of_the_own_agency_only(official_client, sifc):
    own = {status: make_project(status=status) for status in Project.Status.values}
    foreign = make_project(status="draft", agency=sifc, title="Foreign agency draft")
    response = official_client.get(WORKSPACE_URL)
    assert response.status_code == 200
    body = response.content.decode()
    for project in own.values():
        assert project.reference in body
    assert foreign.reference not in body
    assert f"/en/projects/{own['draft'].reference}/edit/" in body
    assert f"/en/projects/{own['published'].reference}/amend/" in body
    assert 'href="/en/projects/new/"' in body
    tabs = {tab["value"]: tab["count"] for tab in response.context["tabs"]}
    assert tabs[""] == len(Project.Status.values)
    assert tabs["draft"] == 1


def test_workspace_status_filter(official_client):
    draft = make_project(status="draft")
    public = make_project(status="published")
    body = official_client.get(f"{WORKSPACE_URL}?status=draft").content.decode()
    assert draft.reference in body
    assert public.reference not in body
    response = official_client.get(f"{WORKSPACE_URL}?status=exploded")
    assert response.status_code == 400
    assert "This status filter is not valid." in response.content.decode()
    assert official_client.get(f"{WORKSPACE_URL}?page=99").status_code == 404


def test_workspace_paginates(official_client, monkeypatch):
    monkeypatch.setattr("projects.views.manage.PROJECTS_PER_PAGE", 3)
    for _ in range(4):
        make_project(status="draft")
    first = official_client.get(WORKSPACE_URL)
    assert len(first.context["page"].object_list) == 3
    assert "?page=2" in first.content.decode()
    second = official_client.get(f"{WORKSPACE_URL}?page=2")
    assert len(second.context["page"].object_list) == 1


@pytest.mark.parametrize("projects", [2, 8])
def test_workspace_query_count_is_pinned(
    official_client, official, django_assert_num_queries, projects
):
    for index in range(projects):
        make_project(status="draft" if index % 2 else "published", minerals=("copper", "gold"))
    # Session, user, agency (layout), status counts, rows, their minerals, the amendments
    # waiting for approval, the questions waiting for an answer: never per row.
    with django_assert_num_queries(8):
        response = official_client.get(WORKSPACE_URL)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == projects


# --- The actions shown on the detail page ------------------------------------------------------


def render_actions(user, project) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "projects/partials/_manage_actions.html",
        {
            "project": project,
            "may_manage": permissions.may_manage_project(user, project),
            "may_approve": permissions.may_approve_project(user, project),
        },
        request=request,
    )


def test_actions_follow_the_status_and_four_eyes(official, approver, other_agency_official):
    draft = make_project(status="draft")
    html = render_actions(official, draft)
    assert "Submit for review" in html
    assert f"/projects/{draft.reference}/edit/" in html
    assert f"/projects/{draft.reference}/documents/new/" in html
    assert "Approve and publish" not in html
    assert "csrfmiddlewaretoken" in html

    services.submit_for_review(draft, by=official)
    html = render_actions(official, draft)
    assert "Four eyes" in html
    assert "disabled" in html
    html = render_actions(approver, draft)
    assert "/actions/publish/" in html
    assert "Four eyes" not in html
    assert "/actions/return/" in html

    public = make_project(status="published")
    html = render_actions(official, public)
    assert f"/projects/{public.reference}/amend/" in html
    assert "/actions/close/" not in html  # the deadline has not passed
    past_due = make_project(
        status="published",
        bid_opens_at=timezone.now() - timedelta(days=20),
        bid_closes_at=timezone.now() - timedelta(hours=1),
    )
    assert "/actions/close/" in render_actions(official, past_due)
    assert "/actions/evaluate/" in render_actions(official, make_project(status="closed"))
    evaluated = make_project(status="under_evaluation")
    assert f"/projects/{evaluated.reference}/bids/" in render_actions(official, evaluated)
    assert render_actions(other_agency_official, public).strip() == ""


def test_amendment_reason_in_chinese_and_urdu(official_client, published):
    url = f"/en/projects/{published.reference}/amend/"
    form_page = official_client.get(url).content.decode()
    assert 'name="reason_zh"' in form_page
    assert 'name="reason_ur"' in form_page
    data = as_post_data(official_client.get(url).context["form"])
    # A grade correction takes effect at once (a closing time would wait for a second official).
    data["grade"] = "0.52% Cu (revised assay)"
    data["reason"] = "More time for the site visits."
    data["reason_zh"] = "延长现场考察时间。"
    data["reason_ur"] = "سائٹ کے دوروں کے لیے مزید وقت۔"
    assert official_client.post(url, data).status_code == 302
    amendment = Amendment.objects.get(project=published)
    assert (amendment.reason_zh, amendment.reason_ur) == (data["reason_zh"], data["reason_ur"])
    urdu = official_client.get(f"/ur/projects/{published.reference}/").content.decode()
    assert "سائٹ کے دوروں کے لیے مزید وقت۔" in urdu
