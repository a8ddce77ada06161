"""Four eyes, fully: who may approve a publication, which amendments wait for a second
official, how they are approved or rejected, and how the amendment log reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone, translation

from emining.models import AuditEvent
from emining.services import DomainError
from projects import permissions, selectors, services
from projects.models import Amendment, AmendmentProposal, Project
from projects.services import Criterion
from tests.factories import OfficialFactory, make_project, new_draft

pytestmark = pytest.mark.django_db

Status = Project.Status


@pytest.fixture
def four(moe_pd):
    """Four officials of one agency: creator, editor, submitter and a fresh pair of eyes."""
    return {
        name: OfficialFactory(username=name, agency=moe_pd)
        for name in ("creator", "editor", "submitter", "fresh")
    }


def in_review(four) -> Project:
    project = new_draft(four["creator"])
    services.update_draft(project, by=four["editor"], values={"grade": "0.5% Cu"})
    services.submit_for_review(project, by=four["submitter"])
    return project


@pytest.mark.parametrize(
    ("role", "why"),
    [
        ("creator", "you created"),
        ("editor", "you made the last change"),
        ("submitter", "you submitted"),
    ],
)
def test_creator_last_editor_and_submitter_may_not_approve(four, role, why):
    project = in_review(four)
    assert project.last_edited_by == four["editor"]
    assert not permissions.may_approve_project(four[role], project)
    with pytest.raises(PermissionDenied, match=why):
        services.publish_project(project, by=four[role])
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW
    assert permissions.may_approve_project(four["fresh"], project)
    services.publish_project(project, by=four["fresh"])
    assert project.status == Status.PUBLISHED


def test_the_api_refuses_the_last_editor(four, api_client):
    project = in_review(four)
    api_client.force_authenticate(four["editor"])
    response = api_client.post(f"/api/v1/projects/{project.reference}/publish/")
    assert response.status_code == 403
    assert "you made the last change" in response.json()["detail"]
    project.refresh_from_db()
    assert project.status == Status.IN_REVIEW


# --- Amendments that wait for a second official -----------------------------------------------


@pytest.mark.parametrize(
    ("values", "criteria", "field"),
    [
        ({"bid_closes_at": "+14d"}, None, "bid_closes_at"),
        ({"investment_usd": 300_000_000}, None, "investment_usd"),
        ({}, [Criterion("Technical capability", 70), Criterion("Financial offer", 30)], None),
    ],
)
def test_priced_in_changes_wait_for_a_second_official(
    official, approver, reference_data, values, criteria, field
):
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    before = (project.bid_closes_at, project.investment_usd)
    if values.get("bid_closes_at") == "+14d":
        values = {"bid_closes_at": project.bid_closes_at + timedelta(days=14)}
    proposal = services.amend_project(
        project, by=official, reason="Investor feedback.", values=values, criteria=criteria
    )
    assert isinstance(proposal, AmendmentProposal)
    assert proposal.status == AmendmentProposal.Status.PENDING
    project.refresh_from_db()
    assert (project.bid_closes_at, project.investment_usd) == before
    assert [(c.name, c.weight) for c in project.evaluation_criteria.all()] == [
        ("Technical capability", 60),
        ("Financial offer", 40),
    ]
    assert not Amendment.objects.exists()

    # The proposer cannot approve; a second official of the agency can.
    with pytest.raises(PermissionDenied, match="you proposed"):
        services.approve_amendment(proposal, by=official)
    amendment = services.approve_amendment(proposal, by=approver)
    assert amendment.created_by == official
    assert amendment.approved_by == approver
    project.refresh_from_db()
    if field == "bid_closes_at":
        assert project.bid_closes_at == before[0] + timedelta(days=14)
    elif field == "investment_usd":
        assert project.investment_usd == 300_000_000
    else:
        assert [c.weight for c in project.evaluation_criteria.all()] == [70, 30]
    proposal.refresh_from_db()
    assert proposal.status == AmendmentProposal.Status.APPROVED
    assert proposal.amendment == amendment
    event = AuditEvent.objects.filter(action="project.amended").get()
    assert event.actor == approver
    assert event.data["proposed_by"] == official.pk
    with pytest.raises(DomainError, match="already been decided"):
        services.approve_amendment(proposal, by=approver)


def test_other_changes_take_effect_at_once(official, reference_data):
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    amendment = services.amend_project(
        project, by=official, reason="Assay results.", values={"grade": "0.6% Cu"}
    )
    assert isinstance(amendment, Amendment)
    assert amendment.approved_by is None
    project.refresh_from_db()
    assert project.grade == "0.6% Cu"


def test_an_official_of_another_agency_may_not_decide(official, other_agency_official):
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    proposal = services.amend_project(
        project, by=official, reason="Bigger plant.", values={"investment_usd": 300_000_000}
    )
    with pytest.raises(PermissionDenied):
        services.approve_amendment(proposal, by=other_agency_official)
    with pytest.raises(PermissionDenied):
        services.reject_amendment(proposal, by=other_agency_official, reason="No")


def test_rejection_needs_a_reason_and_changes_nothing(official, approver, reference_data):
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    proposal = services.amend_project(
        project, by=official, reason="Bigger plant.", values={"investment_usd": 300_000_000}
    )
    with pytest.raises(DomainError) as refused:
        services.reject_amendment(proposal, by=approver, reason=" ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.reject_amendment(proposal, by=official, reason="Changed my mind")
    services.reject_amendment(proposal, by=approver, reason="Finance did not agree.")
    proposal.refresh_from_db()
    assert proposal.status == AmendmentProposal.Status.REJECTED
    assert proposal.decided_by == approver
    project.refresh_from_db()
    assert project.investment_usd == 250_000_000
    assert AuditEvent.objects.filter(action="project.amendment_rejected").count() == 1
    # Decided: a new proposal may follow.
    services.amend_project(
        project, by=official, reason="Smaller plant.", values={"investment_usd": 200_000_000}
    )


def test_one_pending_amendment_at_a_time(official, reference_data):
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    services.amend_project(
        project, by=official, reason="Bigger plant.", values={"investment_usd": 300_000_000}
    )
    with pytest.raises(DomainError, match="already has an amendment waiting"):
        services.amend_project(
            project, by=official, reason="Even bigger.", values={"investment_usd": 400_000_000}
        )


def test_pending_amendments_are_shown_to_the_agency_only(
    client, official, approver, other_agency_official, firm_member, api_client
):
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    services.amend_project(
        project, by=official, reason="Bigger plant planned.", values={"investment_usd": 3 * 10**8}
    )
    url = project.get_absolute_url()
    for user in (None, firm_member, other_agency_official):
        viewer = Client()
        if user:
            viewer.force_login(user)
        page = viewer.get(url).content.decode()
        assert "Bigger plant planned." not in page
        assert "waiting for approval" not in page
    api_answer = api_client.get(f"/api/v1/projects/{project.reference}/").content.decode()
    assert "Bigger plant planned." not in api_answer
    colleague = Client()
    colleague.force_login(approver)
    page = colleague.get(url).content.decode()
    assert "Amendment waiting for approval" in page
    assert "Bigger plant planned." in page
    assert "USD 300,000,000" in page
    assert "Approve the amendment" in page


# --- The amendment log reads in the visitor's language -----------------------------------------


def test_amendment_log_labels_and_values_follow_the_reader(client, official, approver):
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    with translation.override("zh-hans"):  # amended by an official using Chinese
        proposal = services.amend_project(
            project,
            by=official,
            reason="More time.",
            values={
                "bid_closes_at": project.bid_closes_at + timedelta(days=14),
                "investment_usd": 300_000_000,
            },
        )
        services.approve_amendment(proposal, by=approver)
    amendment = Amendment.objects.get()
    assert set(amendment.values) == {"bid_closes_at", "investment_usd"}
    assert amendment.values["investment_usd"] == {"from": 250_000_000, "to": 300_000_000}

    english = client.get(f"/en{project.get_absolute_url()[3:]}").content.decode()
    assert "Investment sought (USD)" in english
    assert "USD 250,000,000" in english
    assert "USD 300,000,000" in english
    closes = timezone.localtime(project.bid_closes_at + timedelta(days=14))
    assert f"{closes:%Y}" in english
    assert amendment.values["bid_closes_at"]["to"] not in english  # no raw ISO text

    chinese = client.get(f"/zh-hans{project.get_absolute_url()[3:]}").content.decode()
    with translation.override("zh-hans"):
        label = str(Project._meta.get_field("investment_usd").verbose_name)
    assert label != "investment sought (USD)"
    assert label in chinese


def test_the_draft_page_does_not_speak_of_amendments_since_publication(client, official):
    draft = make_project(status=Status.DRAFT, agency=official.agency)
    client.force_login(official)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "not been amended since it was published" not in page
    published = make_project(status=Status.PUBLISHED, agency=official.agency)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "not been amended since it was published" in page


def test_a_pending_amendment_is_measured_against_todays_values(official, approver):
    project = make_project(status=Status.PUBLISHED, agency=official.agency, grade="0.4% Cu")
    proposal = services.amend_project(
        project,
        by=official,
        reason="Bigger plant, new assays.",
        values={"investment_usd": 300_000_000, "grade": "0.5% Cu"},
    )
    # Meanwhile another change takes effect at once.
    services.amend_project(project, by=approver, reason="Typo.", values={"grade": "0.45% Cu"})
    project.refresh_from_db()
    row = selectors.pending_amendments(approver, project)[0]
    grade = next(change for change in row["changes"] if change["label"] == "grade")
    assert (grade["from"], grade["to"]) == ("0.45% Cu", "0.5% Cu")
    amendment = services.approve_amendment(proposal, by=approver)
    assert amendment.values["grade"] == {"from": "0.45% Cu", "to": "0.5% Cu"}
    project.refresh_from_db()
    assert (project.grade, project.investment_usd) == ("0.5% Cu", 300_000_000)


def test_a_waiting_amendment_keeps_its_translations(official, approver, reference_data):
    """The reason and the criterion names in Chinese and Urdu survive the wait for approval."""
    project = make_project(status=Status.PUBLISHED, agency=official.agency)
    criteria = [
        Criterion("Technical capability", 70, "技术能力", "تکنیکی صلاحیت"),
        Criterion("Financial offer", 30, "财务报价", "مالی پیشکش"),
    ]
    proposal = services.amend_project(
        project,
        by=official,
        reason="Investor feedback.",
        reason_zh="投资者反馈。",
        reason_ur="سرمایہ کاروں کی رائے۔",
        values={},
        criteria=criteria,
    )
    amendment = services.approve_amendment(proposal, by=approver)
    assert (amendment.reason_zh, amendment.reason_ur) == ("投资者反馈。", "سرمایہ کاروں کی رائے۔")
    assert [(c.name_zh, c.name_ur) for c in project.evaluation_criteria.all()] == [
        ("技术能力", "تکنیکی صلاحیت"),
        ("财务报价", "مالی پیشکش"),
    ]
    with translation.override("zh-hans"):
        page = Client().get(f"/zh-hans/projects/{project.reference}/").content.decode()
    assert "投资者反馈。" in page
    assert "技术能力 70%" in page
