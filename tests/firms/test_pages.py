"""The firm pages for each persona: registering, my firm, editing, submitting, documents,
the officials' queue and decision page; bad input keeps what was typed; three languages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from emining.models import AuditEvent
from firms import services
from firms.models import Firm, FirmDocument, Membership

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "ur"]
TENCENT = "9144030071526726XG"


def form_data(**overrides):
    data = {
        "name": "Tencent Mining Test Limited",
        "name_zh": "腾讯矿业测试有限公司",
        "country": "CN",
        "registration_number": TENCENT.lower(),
        "kind": "private",
        "head_office_city": "Shenzhen",
        "contact_name": "Ma",
        "contact_email": "ma@example.com",
        "capabilities": ["mining", "refining"],
        "minerals": ["copper", "lithium"],
        "regions": ["balochistan"],
        "capital_usd_min": "1000000",
        "capital_usd_max": "2000000",
    }
    data.update(overrides)
    return data


def pdf(name="licence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def firm_of(user) -> Firm:
    return Membership.objects.select_related("firm").get(user=user).firm


# --- Registering ------------------------------------------------------------------------------


def test_anonymous_visitors_sign_in_first(client, reference_data):
    response = client.get("/en/firms/register/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/firms/register/")


def test_officials_are_told_they_do_not_register_firms(client, official):
    client.force_login(official)
    response = client.get("/en/firms/register/")
    assert response.status_code == 403
    assert "company accounts" in response.content.decode()


def test_a_member_of_a_firm_is_sent_to_it(client, verified_member):
    client.force_login(verified_member)
    response = client.get("/en/firms/register/")
    assert response.status_code == 302
    assert response["Location"] == "/en/firms/mine/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_register_page_renders_in_every_language(client, firm_member, language):
    client.force_login(firm_member)
    response = client.get(f"/{language}/firms/register/")
    assert response.status_code == 200
    if language == "ur":
        assert 'dir="rtl"' in response.content.decode()


def test_register_a_firm(client, firm_member):
    client.force_login(firm_member)
    response = client.post("/en/firms/register/", form_data())
    assert response.status_code == 302, response.content.decode()
    firm = firm_of(firm_member)
    assert firm.registration_number == TENCENT
    assert firm.verification_status == "draft"
    assert {m.slug for m in firm.minerals.all()} == {"copper", "lithium"}
    page = client.get("/en/firms/mine/").content.decode()
    assert "Tencent Mining Test Limited" in page
    assert "Confirm your email address first" in page  # firm_member has not confirmed yet


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"registration_number": "914403001922038217"}, "check character"),
        ({"registration_number": "12345"}, "18 characters"),
        ({"capital_usd_min": "5", "capital_usd_max": "1"}, "upper end of the capital range"),
        ({"capital_usd_min": "-5"}, "greater than or equal to 0"),
        ({"country": "XX"}, "Select a valid choice"),
        ({"minerals": ["unobtainium"]}, "Select a valid choice"),
        ({"contact_email": "nope"}, "valid email"),
    ],
)
def test_bad_input_keeps_what_was_typed(client, firm_member, overrides, message):
    client.force_login(firm_member)
    response = client.post("/en/firms/register/", form_data(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Tencent Mining Test Limited"' in page
    assert not Membership.objects.filter(user=firm_member).exists()


def test_a_taken_number_is_shown_beside_its_field(client, firm_member, cn_firm):
    client.force_login(firm_member)
    response = client.post(
        "/en/firms/register/", form_data(registration_number=cn_firm.registration_number)
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["registration_number"] == [
        "A firm with this registration number is already registered in this country."
    ]


# --- My firm, editing, submitting -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_firm_shows_the_rejection_reason(client, rejected_member, language):
    client.force_login(rejected_member)
    response = client.get(f"/{language}/firms/mine/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "The business licence is illegible." in page
    assert 'action="/' + language + '/firms/mine/submit/"' in page
    assert (
        response["Cache-Control"].startswith("max-age=0") or "private" in response["Cache-Control"]
    )


def test_my_firm_without_a_firm_leads_to_registering(client, firm_member):
    client.force_login(firm_member)
    response = client.get("/en/firms/mine/")
    assert response["Location"] == "/en/firms/register/"


def test_editing_the_name_of_a_verified_firm_warns_and_sends_it_back(
    client, verified_member, cn_firm
):
    client.force_login(verified_member)
    page = client.get("/en/firms/mine/edit/")
    assert page.status_code == 200
    assert "sends the firm back for verification" in page.content.decode()
    data = form_data(
        name="Renamed China Mining",
        registration_number=cn_firm.registration_number,
        capabilities=["mining"],
    )
    response = client.post("/en/firms/mine/edit/", data, follow=True)
    assert "waits for verification again" in response.content.decode()
    cn_firm.refresh_from_db()
    assert cn_firm.verification_status == "pending"


def test_submit_and_resubmit(client, rejected_member):
    client.force_login(rejected_member)
    firm = firm_of(rejected_member)
    services.add_firm_document(firm, by=rejected_member, uploaded_file=pdf(), title="Licence")
    response = client.post("/en/firms/mine/submit/", follow=True)
    assert "was submitted for verification" in response.content.decode()
    firm.refresh_from_db()
    assert firm.verification_status == "pending"
    again = client.post("/en/firms/mine/submit/", follow=True)
    assert "cannot become" in again.content.decode()


def test_submitting_without_a_confirmed_email_is_explained(client, rejected_member):
    rejected_member.email_confirmed_at = None
    rejected_member.save()
    client.force_login(rejected_member)
    firm = firm_of(rejected_member)
    services.add_firm_document(firm, by=rejected_member, uploaded_file=pdf(), title="Licence")
    response = client.post("/en/firms/mine/submit/", follow=True)
    assert "Confirm your email address first" in response.content.decode()


# --- Documents ------------------------------------------------------------------------------------


def test_upload_download_and_delete_a_document(client, verified_member, cn_firm):
    client.force_login(verified_member)
    assert client.get("/en/firms/mine/documents/new/").status_code == 200
    response = client.post(
        "/en/firms/mine/documents/new/", {"file": pdf("licence.pdf"), "title": ""}
    )
    assert response.status_code == 302
    document = cn_firm.documents.get()
    assert document.title == "licence"
    download = client.get(f"/en/firms/{cn_firm.pk}/documents/{document.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client.get(f"/en/firms/mine/documents/{document.pk}/delete/").status_code == 200
    response = client.post(f"/en/firms/mine/documents/{document.pk}/delete/")
    assert response.status_code == 302
    assert not cn_firm.documents.exists()


def test_a_refused_upload_keeps_the_form(client, verified_member, cn_firm):
    client.force_login(verified_member)
    response = client.post(
        "/en/firms/mine/documents/new/",
        {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00binary"), "title": "Program"},
    )
    assert response.status_code == 400
    assert 'value="Program"' in response.content.decode()
    assert not cn_firm.documents.exists()


def test_documents_are_hidden_from_other_firms_and_visitors(
    client, verified_member, pk_firm_member, official, cn_firm
):
    document = services.add_firm_document(
        cn_firm, by=verified_member, uploaded_file=pdf(), title="Licence"
    )
    url = f"/en/firms/{cn_firm.pk}/documents/{document.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(pk_firm_member)
    assert client.get(url).status_code == 404
    # Another firm's member cannot delete it either: "mine" is their own firm.
    assert client.post(f"/en/firms/mine/documents/{document.pk}/delete/").status_code == 404
    assert FirmDocument.objects.filter(pk=document.pk).exists()
    client.force_login(official)
    assert client.get(url).status_code == 200


# --- Visibility -----------------------------------------------------------------------------------


def test_firm_pages_are_hidden_unless_verified(
    client, pending_member, verified_member, official, cn_firm
):
    pending = firm_of(pending_member)
    assert client.get(f"/en/firms/{pending.pk}/").status_code == 404
    assert client.get(f"/en/firms/{cn_firm.pk}/").status_code == 200
    client.force_login(verified_member)
    assert client.get(f"/en/firms/{pending.pk}/").status_code == 404
    client.force_login(pending_member)
    own = client.get(f"/en/firms/{pending.pk}/")
    assert own.status_code == 200
    assert "This firm is not verified" in own.content.decode()
    client.force_login(official)
    assert client.get(f"/en/firms/{pending.pk}/").status_code == 200
    assert client.get("/en/firms/999999/").status_code == 404


def test_api_detail_hides_unverified_firms(api_client, pending_member, verified_member):
    pending = firm_of(pending_member)
    assert api_client.get(f"/api/v1/firms/{pending.pk}/").status_code == 404
    api_client.force_authenticate(verified_member)
    assert api_client.get(f"/api/v1/firms/{pending.pk}/").status_code == 404
    api_client.force_authenticate(pending_member)
    assert api_client.get(f"/api/v1/firms/{pending.pk}/").status_code == 200
    assert api_client.post("/api/v1/firms/", {}).status_code == 405


@pytest.mark.parametrize("language", LANGUAGES)
def test_directory_and_firm_page_render_in_every_language(client, cn_firm, language):
    for url in (f"/{language}/firms/", f"/{language}/firms/{cn_firm.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert ('dir="rtl"' in response.content.decode()) == (language == "ur")


# --- The officials' pages -------------------------------------------------------------------------


def test_the_queue_is_for_officials(client, verified_member, reference_data):
    assert client.get("/en/firms/verification/").status_code == 302
    client.force_login(verified_member)
    assert client.get("/en/firms/verification/").status_code == 403


@pytest.mark.parametrize("language", LANGUAGES)
def test_queue_and_decision_pages_render(client, official, pending_member, language):
    pending = firm_of(pending_member)
    client.force_login(official)
    queue = client.get(f"/{language}/firms/verification/")
    assert queue.status_code == 200
    assert "Pending Minerals Limited" in queue.content.decode()
    decision = client.get(f"/{language}/firms/verification/{pending.pk}/")
    assert decision.status_code == 200


def test_verify_from_the_decision_page(client, official, pending_member):
    pending = firm_of(pending_member)
    client.force_login(official)
    response = client.post(f"/en/firms/verification/{pending.pk}/", {"decision": "verify"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.is_verified
    assert AuditEvent.objects.filter(action="firm.verified", actor=official).exists()


def test_reject_needs_a_reason(client, official, pending_member):
    pending = firm_of(pending_member)
    client.force_login(official)
    response = client.post(
        f"/en/firms/verification/{pending.pk}/", {"decision": "reject", "reason": ""}
    )
    assert response.status_code == 400
    assert "Say why the verification is refused" in response.content.decode()
    response = client.post(
        f"/en/firms/verification/{pending.pk}/",
        {"decision": "reject", "reason": "The licence has expired."},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.verification_status == "rejected"
    assert pending.rejection_reason == "The licence has expired."


def test_navigation_offers_each_persona_its_entry(
    client, firm_member, verified_member, official, reference_data
):
    anonymous = client.get("/en/").content.decode()
    assert "/en/firms/register/" in anonymous
    assert "/en/firms/" in anonymous
    client.force_login(firm_member)
    assert "/en/firms/register/" in client.get("/en/").content.decode()
    client.force_login(verified_member)
    page = client.get("/en/").content.decode()
    assert "/en/firms/mine/" in page
    assert "/en/firms/register/" not in page
    client.force_login(official)
    page = client.get("/en/").content.decode()
    assert "/en/firms/verification/" in page
    assert "/en/firms/register/" not in page
