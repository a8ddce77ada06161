"""The firms' bidding pages: submit, "my bids", a bid's page with receipts and documents,
revise, withdraw and confirm; sealing (nobody else sees anything) and the three languages."""

from __future__ import annotations

import hashlib

import pytest

from projects.models import Bid, BidVersion
from tests.factories import close_bidding_now, make_project

from .bidding import PDF, form_data, pdf, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(official):
    return make_project(status="published")


def html(response) -> str:
    return response.content.decode()


def test_a_firm_submits_through_the_page_and_sees_its_receipt(client, project, verified_member):
    client.force_login(verified_member)
    page = client.get(f"/en/projects/{project.reference}/")
    assert "Submit a bid" in html(page)
    form = client.get(f"/en/projects/{project.reference}/bid/")
    assert form.status_code == 200
    assert "no-store" in form["Cache-Control"]
    response = client.post(
        f"/en/projects/{project.reference}/bid/",
        {**form_data(), "document_title_0": "Technical proposal", "document_file_0": pdf()},
        follow=True,
    )
    assert response.status_code == 200
    version = BidVersion.objects.get()
    body = html(response)
    assert version.receipt_digest in body
    assert "Technical proposal" in body
    assert "no-store" in response["Cache-Control"]
    bid = version.bid
    assert bid.lead_firm.name == "Test China Mining Corporation"
    assert bid.offered_investment_usd is None  # sealed
    # The project page now links to the firm's bid instead.
    page = html(client.get(f"/en/projects/{project.reference}/"))
    assert f'href="/en/bids/{bid.pk}/"' in page
    assert "Submit a bid" not in page


def test_the_receipt_is_emailed_after_commit(
    client, project, verified_member, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(verified_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/projects/{project.reference}/bid/", form_data())
    assert response.status_code == 302
    digest = BidVersion.objects.get().receipt_digest
    assert len(mailoutbox) == 1
    assert digest in mailoutbox[0].body
    assert "275" not in mailoutbox[0].body  # never the offer


def test_bad_input_keeps_what_was_typed(client, project, verified_member):
    client.force_login(verified_member)
    response = client.post(
        f"/en/projects/{project.reference}/bid/",
        form_data(offered_investment_usd="12abc", technology_transfer="Our own smelter plan"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["offered_investment_usd"] == ["Enter a whole number."]
    assert "Our own smelter plan" in html(response)
    assert 'value="12abc"' in html(response)
    assert not Bid.objects.exists()


def test_an_unknown_partner_and_a_bad_file_are_named(client, project, verified_member):
    client.force_login(verified_member)
    response = client.post(
        f"/en/projects/{project.reference}/bid/",
        {**form_data(), "partners": ["999999"]},
    )
    assert response.status_code == 400
    assert "partners" in response.context["form"].errors
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("x.exe", b"MZ\x90\x00" + b"\x00" * 60, content_type="text/plain")
    response = client.post(
        f"/en/projects/{project.reference}/bid/", {**form_data(), "document_file_0": exe}
    )
    assert response.status_code == 400
    assert response.context["form"].document_errors
    assert not Bid.objects.exists()


def test_a_late_submission_is_refused_with_the_closing_time(client, project, verified_member):
    client.force_login(verified_member)
    close_bidding_now(project)
    assert "not open for bids" in html(client.get(f"/en/projects/{project.reference}/bid/"))
    response = client.post(f"/en/projects/{project.reference}/bid/", form_data())
    assert response.status_code == 400
    assert "Bidding on this project closed at" in html(response)
    assert 'value="275000000"' in html(response)
    assert not Bid.objects.exists()


@pytest.mark.parametrize("persona", ["pending_member", "firm_member", "official"])
def test_only_members_of_verified_firms_reach_the_submit_page(client, request, project, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/en/projects/{project.reference}/bid/").status_code == 404
    assert client.get("/en/bids/").status_code == 404


def test_the_project_page_shows_officials_the_count_only(
    client, project, verified_member, official, other_agency_official
):
    submit(project, verified_member, offered_investment_usd=987_654_321)
    client.force_login(official)
    body = html(client.get(f"/en/projects/{project.reference}/"))
    assert "Bids received: 1" in body
    assert "Test China Mining Corporation" not in body
    assert "987" not in body
    client.force_login(other_agency_official)
    body = html(client.get(f"/en/projects/{project.reference}/"))
    assert "Bids received" not in body
    assert "Submit a bid" not in body
    client.logout()
    body = html(client.get(f"/en/projects/{project.reference}/"))
    assert "Bids received" not in body
    assert "Submit a bid" not in body


def _bid_urls(bid) -> list[tuple[str, str]]:
    document = bid.documents.first()
    return [
        ("get", f"/en/bids/{bid.pk}/"),
        ("get", f"/en/bids/{bid.pk}/versions/1/receipt.json"),
        ("get", f"/en/bids/{bid.pk}/documents/{document.pk}/"),
        ("get", f"/en/bids/{bid.pk}/revise/"),
        ("post", f"/en/bids/{bid.pk}/revise/"),
        ("get", f"/en/bids/{bid.pk}/withdraw/"),
        ("post", f"/en/bids/{bid.pk}/withdraw/"),
        ("post", f"/en/bids/{bid.pk}/confirm/"),
        ("get", f"/en/bids/{bid.pk}/score/"),
        ("get", f"/en/bids/{bid.pk}/reconcile/"),
        ("post", f"/en/bids/{bid.pk}/shortlist/"),
        ("get", f"/en/bids/{bid.pk}/award/"),
    ]


@pytest.mark.parametrize(
    "persona", ["pk_firm_member", "other_agency_official", "official", "administrator", None]
)
def test_nobody_but_its_firms_reaches_a_sealed_bid(
    client, request, project, verified_member, persona
):
    bid = submit(project, verified_member, documents=[(pdf(), "Plan")])
    if persona:
        client.force_login(request.getfixturevalue(persona))
    for method, url in _bid_urls(bid):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (persona, method, url, response.status_code)
    bid.refresh_from_db()
    assert bid.status == "submitted"
    assert bid.version == 1


def test_the_firm_downloads_its_receipt_and_documents(client, project, verified_member):
    bid = submit(project, verified_member, documents=[(pdf("plan.pdf"), "Plan")])
    client.force_login(verified_member)
    receipt = client.get(f"/en/bids/{bid.pk}/versions/1/receipt.json")
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/json"
    assert receipt["Content-Disposition"].startswith("attachment;")
    assert hashlib.sha256(receipt.content).hexdigest() == bid.versions.get().receipt_digest
    assert "no-store" in receipt["Cache-Control"]
    document = client.get(f"/en/bids/{bid.pk}/documents/{bid.documents.get().pk}/")
    assert document.content == PDF
    assert document["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in document["Content-Security-Policy"]
    assert client.get(f"/en/bids/{bid.pk}/versions/2/receipt.json").status_code == 404


def test_revise_prefills_the_offer_and_removes_documents(client, project, verified_member):
    bid = submit(project, verified_member, documents=[(pdf("old.pdf"), "Old plan")])
    client.force_login(verified_member)
    page = client.get(f"/en/bids/{bid.pk}/revise/")
    assert page.status_code == 200
    assert 'value="275000000"' in html(page)
    assert "Old plan" in html(page)
    old = bid.documents.get()
    response = client.post(
        f"/en/bids/{bid.pk}/revise/",
        {
            **form_data(offered_investment_usd=300_000_000),
            "remove_documents": [str(old.pk)],
            "document_title_0": "New plan",
            "document_file_0": pdf("new.pdf"),
        },
        follow=True,
    )
    assert response.status_code == 200
    bid.refresh_from_db()
    assert bid.version == 2
    body = html(response)
    assert "New plan" in body
    assert "Old plan" not in body
    assert "300,000,000" in body
    assert body.count('class="receipt-digest') == 2


def test_a_partner_does_not_revise(client, project, verified_member, pk_firm, pk_firm_member):
    bid = submit(project, verified_member, partners=[pk_firm])
    client.force_login(pk_firm_member)
    assert client.get(f"/en/bids/{bid.pk}/revise/").status_code == 403
    assert client.post(f"/en/bids/{bid.pk}/withdraw/").status_code == 403


def test_withdraw_asks_first(client, project, verified_member):
    bid = submit(project, verified_member)
    client.force_login(verified_member)
    confirm = client.get(f"/en/bids/{bid.pk}/withdraw/")
    assert confirm.status_code == 200
    assert "never opened" in html(confirm)
    assert Bid.objects.get().status == "submitted"
    response = client.post(f"/en/bids/{bid.pk}/withdraw/", follow=True)
    assert "Your bid was withdrawn" in html(response)
    assert Bid.objects.get().status == "withdrawn"
    assert "Submit a bid" in html(client.get(f"/en/projects/{project.reference}/"))


def test_a_partner_confirms_its_participation(
    client, project, verified_member, pk_firm, pk_firm_member
):
    bid = submit(project, verified_member, partners=[pk_firm])
    client.force_login(verified_member)
    body = html(client.get(f"/en/bids/{bid.pk}/"))
    assert "Incomplete: waiting for consortium partners to confirm." in body
    assert "Test Pakistan Minerals (Pvt) Limited" in body
    client.force_login(pk_firm_member)
    assert "Your confirmation is needed" in html(client.get("/en/bids/"))
    page = client.get(f"/en/bids/{bid.pk}/")
    assert "Confirm my firm" in html(page)
    assert "275,000,000" in html(page)  # partners read what they confirm
    response = client.post(f"/en/bids/{bid.pk}/confirm/", follow=True)
    assert "participation in this bid is confirmed" in html(response)
    assert "Incomplete" not in html(response)
    assert bid.participants.get(firm=pk_firm).confirmed_at is not None
    assert "Your confirmation is needed" not in html(client.get("/en/bids/"))


def test_my_bids_lists_the_firms_bids_with_a_pinned_query_count(
    client, verified_member, pk_firm_member, pk_firm, django_assert_num_queries
):
    client.force_login(verified_member)
    empty = client.get("/en/bids/")
    assert "Your firm has no bids yet." in html(empty)

    def list_with(count: int):
        for _ in range(count):
            submit(make_project(status="published"), verified_member, partners=[pk_firm])
        # Session, user, firm membership, COUNT, the rows, their firms.
        with django_assert_num_queries(6):
            return client.get("/en/bids/")

    response = list_with(2)
    assert len(response.context["rows"]) == 2
    response = list_with(5)
    assert len(response.context["rows"]) == 7
    digest = BidVersion.objects.order_by("-pk").first().receipt_digest
    assert f'dir="ltr">{digest}</code>' in html(response)
    other = make_project(status="published")
    submit(other, pk_firm_member)
    assert other.reference not in html(client.get("/en/bids/"))


def test_my_bids_is_paginated(client, verified_member, settings):
    from projects.views import bids as bid_views

    client.force_login(verified_member)
    for _ in range(3):
        submit(make_project(status="published"), verified_member)
    original = bid_views.BIDS_PER_PAGE
    bid_views.BIDS_PER_PAGE = 2
    try:
        assert "Page 1 of 2" in html(client.get("/en/bids/"))
        assert len(client.get("/en/bids/?page=2").context["rows"]) == 1
        assert client.get("/en/bids/?page=9").status_code == 404
    finally:
        bid_views.BIDS_PER_PAGE = original


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
def test_bid_pages_in_every_language(client, project, verified_member, language):
    bid = submit(project, verified_member)
    client.force_login(verified_member)
    digest = bid.versions.get().receipt_digest
    for url in (
        f"/{language}/bids/{bid.pk}/",
        f"/{language}/bids/",
        f"/{language}/bids/{bid.pk}/revise/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = html(response)
        assert f'dir="{"rtl" if language == "ur" else "ltr"}"' in body
        if "revise" not in url:
            assert f'dir="ltr">{digest}</code>' in body
    body = html(client.get(f"/{language}/bids/{bid.pk}/"))
    assert "<bdi" in body
