"""Who sees which projects: the rule every page, endpoint, search, map and count relies on.

Drafts, projects in review and projects cancelled before publication are seen only by the
owning agency's officials; everything ever published is public.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from emining.key_figures import collect
from projects import permissions, selectors
from projects.models import Project
from projects.search import search_projects
from tests.factories import make_project

pytestmark = pytest.mark.django_db

Status = Project.Status


@pytest.fixture
def projects(reference_data):
    """One project in each status, all mentioning 'porphyry', owned by MoE-PD."""
    rows = {
        status: make_project(status=status, title=f"Porphyry {status}") for status in Status.values
    }
    rows["cancelled_after_publication"] = make_project(
        status=Status.CANCELLED,
        title="Porphyry cancelled after publication",
        published_at=timezone.now() - timedelta(days=3),
    )
    return rows


PUBLIC = {
    Status.PUBLISHED,
    Status.CLOSED,
    Status.UNDER_EVALUATION,
    Status.AWARDED,
    "cancelled_after_publication",
}
HIDDEN = {Status.DRAFT, Status.IN_REVIEW, Status.CANCELLED}


def visible_keys(user, projects) -> set[str]:
    visible = set(permissions.projects_visible_to(user).values_list("pk", flat=True))
    return {key for key, project in projects.items() if project.pk in visible}


@pytest.mark.parametrize(
    "persona", ["anonymous", "firm_member", "partner_system", "other_agency_official"]
)
def test_outsiders_see_only_what_was_published(request, projects, persona):
    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    assert visible_keys(user, projects) == PUBLIC
    for key, project in projects.items():
        assert permissions.may_view_project(user, project) == (key in PUBLIC)
        assert (selectors.project_for_detail(user, project.reference) is not None) == (
            key in PUBLIC
        )


def test_owning_officials_see_everything_of_their_agency(projects, official, approver):
    for user in (official, approver):
        assert visible_keys(user, projects) == PUBLIC | HIDDEN
        for project in projects.values():
            assert selectors.project_for_detail(user, project.reference) is not None


def test_administrators_do_not_see_drafts(projects, administrator):
    """Administrators run the platform, not the agencies' business."""
    assert visible_keys(administrator, projects) == PUBLIC


def test_public_listing_search_and_map_leave_hidden_projects_out(projects, official):
    listed = set(selectors.public_projects().values_list("pk", flat=True))
    assert listed == {projects[key].pk for key in PUBLIC}
    found = set(
        search_projects(selectors.public_projects(), "porphyry").values_list("pk", flat=True)
    )
    assert found == listed
    mapped = {row["reference"] for row in selectors.map_points(selectors.public_projects())}
    assert mapped == {projects[key].reference for key in PUBLIC}


def test_key_figures_count_only_public_projects(projects):
    figures = {str(figure.label): figure.value for figure in collect()}
    assert figures["Mineral projects published"] == len(PUBLIC)
    assert figures["Projects open for bids"] == 1


def test_the_workspace_holds_every_status_of_the_own_agency_only(
    projects, official, other_agency_official, sifc
):
    theirs = make_project(status=Status.DRAFT, agency=sifc, title="SIFC draft")
    mine = set(selectors.agency_projects(official).values_list("pk", flat=True))
    assert mine == {project.pk for project in projects.values()}
    assert set(selectors.agency_projects(other_agency_official).values_list("pk", flat=True)) == {
        theirs.pk
    }
    counts = selectors.agency_status_counts(official)
    assert counts[Status.DRAFT] == 1
    assert counts[Status.CANCELLED] == 2
