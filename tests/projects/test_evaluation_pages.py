"""The officials' bidding pages: the count before the opening, the opening, the side-by-side
table, independent scores, reconciliation, shortlist, award and the public award notice."""

from __future__ import annotations

import pytest

from firms.models import Firm
from projects.models import Bid, BidOpening, Project
from tests.factories import FirmFactory, close_bidding_now, make_firm_member, make_project

from .bidding import reconcile_all, score_all, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(official):
    return make_project(status="published")


def html(response) -> str:
    return response.content.decode()


def evaluation_url(project) -> str:
    return f"/en/projects/{project.reference}/bids/"


def test_before_the_opening_officials_see_the_count_only(
    client, project, verified_member, pk_firm_member, official
):
    submit(project, verified_member, offered_investment_usd=987_654_321)
    submit(project, pk_firm_member, offered_investment_usd=123_456_789)
    client.force_login(official)
    response = client.get(evaluation_url(project))
    assert response.status_code == 200
    body = html(response)
    assert "Bids received: 2" in body
    for secret in ("Test China Mining Corporation", "Test Pakistan Minerals", "987", "123,456"):
        assert secret not in body
    # Before the closing time there is nothing to open, and the opening is refused.
    assert "Open the bids</a>" not in body
    refused = client.post(f"/en/projects/{project.reference}/bids/open/", follow=True)
    assert "Bids cannot be opened before the closing time." in html(refused)
    assert not BidOpening.objects.exists()
    assert set(Bid.objects.values_list("status", flat=True)) == {"submitted"}


@pytest.mark.parametrize("persona", ["other_agency_official", "verified_member", "administrator"])
def test_the_evaluation_pages_are_the_owning_agencys(client, request, project, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(evaluation_url(project)).status_code == 404
    assert client.post(f"/en/projects/{project.reference}/bids/open/").status_code == 404


def test_the_opening_after_the_closing_time(client, project, verified_member, official):
    submit(project, verified_member, offered_investment_usd=987_654_321)
    close_bidding_now(project)
    client.force_login(official)
    assert "Open the bids</a>" in html(client.get(evaluation_url(project)))
    confirm = client.get(f"/en/projects/{project.reference}/bids/open/")
    assert "recorded" in html(confirm)
    assert "1 sealed bid will be opened." in html(confirm)
    response = client.post(f"/en/projects/{project.reference}/bids/open/", follow=True)
    body = html(response)
    assert "Opening record" in body
    assert "Test China Mining Corporation" in body
    assert "USD 988 million" in body or "987" in body
    opening = BidOpening.objects.get()
    assert opening.opened_by == official
    project.refresh_from_db()
    assert project.status == Project.Status.UNDER_EVALUATION
    bid = Bid.objects.get()
    # Now the owning agency's officials read the bid's page, from its plain columns.
    assert client.get(f"/en/bids/{bid.pk}/").status_code == 200


@pytest.fixture
def opened(project, verified_member, pk_firm_member, official):
    """Two bids, opened."""
    first = submit(project, verified_member, offered_investment_usd=300_000_000)
    second = submit(project, pk_firm_member, offered_investment_usd=200_000_000)
    close_bidding_now(project)
    from projects import services

    services.open_bids(project, by=official)
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def test_an_evaluator_sees_only_their_own_scores(client, opened, official, approver):
    bid, _other = opened
    score_all(bid, approver, 37, "approver-secret-comment")
    client.force_login(official)
    page = client.get(f"/en/bids/{bid.pk}/score/")
    assert page.status_code == 200
    assert "approver-secret-comment" not in html(page)
    assert 'value="37"' not in html(page)
    # The reconciliation shows nobody's scores until two officials have finished.
    reconcile = client.get(f"/en/bids/{bid.pk}/reconcile/")
    assert reconcile.status_code == 409
    assert "approver-secret-comment" not in html(reconcile)
    refused = client.post(f"/en/bids/{bid.pk}/reconcile/", {})
    assert refused.status_code == 409
    # The evaluation table shows progress, not scores.
    body = html(client.get(evaluation_url(bid.project)))
    assert "approver-secret-comment" not in body
    assert "2/2" in body


def test_scoring_through_the_page_names_missing_scores(client, opened, official):
    bid, _other = opened
    criteria = list(bid.project.evaluation_criteria.all())
    client.force_login(official)
    response = client.post(
        f"/en/bids/{bid.pk}/score/", {f"score_{criteria[0].pk}": "80", "comment_1": "x"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors[f"score_{criteria[1].pk}"] == ["Score every criterion."]
    assert 'value="80"' in html(response)
    response = client.post(
        f"/en/bids/{bid.pk}/score/",
        {f"score_{criteria[0].pk}": "80", f"score_{criteria[1].pk}": "abc"},
    )
    assert response.status_code == 400
    response = client.post(
        f"/en/bids/{bid.pk}/score/",
        {f"score_{criteria[0].pk}": "80", f"score_{criteria[1].pk}": "140"},
    )
    assert response.status_code == 400
    response = client.post(
        f"/en/bids/{bid.pk}/score/",
        {f"score_{c.pk}": "70" for c in criteria} | {f"comment_{criteria[0].pk}": "Solid"},
    )
    assert response.status_code == 302
    assert 'value="70"' in html(client.get(f"/en/bids/{bid.pk}/score/"))


def test_reconcile_shortlist_and_award(client, opened, official, approver):
    bid, other = opened
    criteria = list(bid.project.evaluation_criteria.all())
    score_all(bid, official, 80, "official-comment")
    score_all(bid, approver, 70, "approver-comment")
    client.force_login(official)
    page = client.get(f"/en/bids/{bid.pk}/reconcile/")
    assert page.status_code == 200
    assert "official-comment" in html(page)
    assert "approver-comment" in html(page)
    response = client.post(
        f"/en/bids/{bid.pk}/reconcile/", {f"score_{c.pk}": "75" for c in criteria}
    )
    assert response.status_code == 302
    table = client.get(evaluation_url(bid.project))
    assert table.context["rows"][0].bid["id"] == bid.pk
    assert str(table.context["rows"][0].reconciled_total) == "75.0"
    # The other bid is not reconciled: shortlisting it is refused with the reason.
    refused = client.post(f"/en/bids/{other.pk}/shortlist/", follow=True)
    assert "Reconcile the bid" in html(refused)
    client.post(f"/en/bids/{bid.pk}/shortlist/")
    bid.refresh_from_db()
    assert bid.status == Bid.Status.SHORTLISTED
    confirm = client.get(f"/en/bids/{bid.pk}/award/")
    assert 'name="note"' in html(confirm)
    response = client.post(f"/en/bids/{bid.pk}/award/", {"note": "Best offer."})
    assert response.status_code == 302
    bid.refresh_from_db()
    other.refresh_from_db()
    assert (bid.status, other.status) == ("awarded", "unsuccessful")
    assert bid.project.__class__.objects.get(pk=bid.project_id).status == "awarded"


def test_the_award_notice_is_public(client, opened, official, approver):
    bid, _other = opened
    for evaluator in (official, approver):
        score_all(bid, evaluator, 80)
    reconcile_all(bid, official, 80)
    from projects import services

    services.shortlist_bid(bid, by=official)
    services.award_project(bid.project, by=approver, bid=bid, note="")
    for language in ("en", "zh-hans", "ur"):
        body = html(client.get(f"/{language}/projects/{bid.project.reference}/"))
        assert 'id="award-heading"' in body
        assert "Test China Mining Corporation" in body
        assert "Test Pakistan Minerals" not in body  # the other bid stays private
    body = html(client.get(f"/en/projects/{bid.project.reference}/"))
    assert "USD 300 million" in body
    assert "1,200" in body


def test_the_evaluation_page_renders_many_bids_in_fixed_queries(
    client, official, reference_data, django_assert_num_queries
):
    from projects import services

    def opened_project(count: int) -> Project:
        project = make_project(status="published")
        for _ in range(count):
            n = Firm.objects.count()
            firm = FirmFactory(name=f"Bidder {n}", country=Firm.Country.CHINA)
            submit(project, make_firm_member(firm, username=f"bidder{n}"))
        close_bidding_now(project)
        services.open_bids(project, by=official)
        for bid in Bid.objects.filter(project=project).order_by("pk")[:2]:
            score_all(bid, official, 60)
        return project

    client.force_login(official)
    for count in (2, 50):
        project = opened_project(count)
        # Session, user, project with its opening, criteria, bids, partners, scores, and the
        # agency the navigation names.
        with django_assert_num_queries(8):
            response = client.get(evaluation_url(project))
        assert len(response.context["rows"]) == count
        assert html(response).count("data-bid=") == count


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
def test_evaluation_pages_in_every_language(client, opened, official, language):
    bid, _other = opened
    client.force_login(official)
    for url in (
        f"/{language}/projects/{bid.project.reference}/bids/",
        f"/{language}/bids/{bid.pk}/",
        f"/{language}/bids/{bid.pk}/score/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'dir="{"rtl" if language == "ur" else "ltr"}"' in html(response)
        assert "no-store" in response["Cache-Control"]
    assert "<bdi" in html(client.get(f"/{language}/projects/{bid.project.reference}/bids/"))
