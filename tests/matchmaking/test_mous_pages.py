"""The MoU registry's pages: who sees what, the officials' forms, bad input, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from emining.models import Agency
from matchmaking.models import MoU, MoUDocument
from matchmaking.services import mous as services

from .mous import make_mou

pytestmark = pytest.mark.django_db

LIST = "/en/mous/"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def detail(mou: MoU, suffix: str = "") -> str:
    return f"/en/mous/{mou.reference}/{suffix}"


@pytest.fixture
def pmdc(reference_data) -> Agency:
    return Agency.objects.get(slug="pmdc")


@pytest.fixture
def registry(official, cn_firm, pk_firm, pmdc):
    """A public signed MoU (both firms), a confidential one of the Chinese firm and PMDC, and
    a public draft."""
    public = make_mou(official, pk_firm, cn_firm, title="Digital cross-border trade")
    confidential = make_mou(
        official, cn_firm, pmdc, title="Confidential copper smelter", is_public=False
    )
    draft = make_mou(official, pk_firm, pmdc, status="draft", title="Draft graphite MoU")
    for mou in (public, confidential):
        services.add_mou_document(
            mou,
            by=official,
            uploaded_file=SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf"),
            title="Signed text",
        )
    return {"public": public, "confidential": confidential, "draft": draft}


# Who sees which MoU: persona → the registry's MoUs they see.
SEEN = {
    None: {"public"},
    "pk_firm_member": {"public"},  # not a party to the confidential MoU
    "verified_member": {"public", "confidential"},  # its firm signed it
    "administrator": {"public"},
    "official": {"public", "confidential", "draft"},
    "other_agency_official": {"public", "confidential", "draft"},
}


@pytest.mark.parametrize(("persona", "seen"), SEEN.items())
def test_confidentiality_on_every_page(request, client, registry, persona, seen):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    listed = client.get(LIST).content.decode()
    for name, mou in registry.items():
        assert (mou.title in listed) == (name in seen), name
        page = client.get(detail(mou))
        assert page.status_code == (200 if name in seen else 404), name
        document = MoUDocument.objects.filter(mou=mou).first()
        if document is not None:
            download = client.get(detail(mou, f"documents/{document.pk}/"))
            assert download.status_code == (200 if name in seen else 404), name
            if name in seen:
                assert download["Content-Disposition"].startswith("attachment")
                assert b"".join(download.streaming_content) == PDF


def test_filters_and_search_in_three_languages(client, registry, official, cn_firm, pk_firm):
    client.force_login(official)
    make_mou(
        official,
        pk_firm,
        cn_firm,
        title="Gold refinery",
        title_zh="黄金精炼厂",
        title_ur="سونے کی ریفائنری",
        minerals=("gold",),
        regions=("punjab",),
        signed_on=timezone.localdate().replace(year=2024, month=5, day=1),
    )

    def titles(query: str) -> set[str]:
        response = client.get(LIST + query)
        assert response.status_code == 200
        return {m.title for m in response.context["page"].object_list}

    assert titles("?q=ریفائنری") == {"Gold refinery"}
    assert titles("?q=精炼") == {"Gold refinery"}
    assert titles("?q=Pakistan+Minerals") == {
        "Digital cross-border trade",
        "Draft graphite MoU",
        "Gold refinery",
    }  # a party's name
    assert titles("?mineral=gold") == {"Gold refinery"}
    assert titles("?region=punjab") == {"Gold refinery"}
    assert titles("?year=2024") == {"Gold refinery"}
    assert titles("?status=draft") == {"Draft graphite MoU"}
    assert "Confidential copper smelter" not in titles("?country=PK")
    assert titles("?q=nothing-like-this") == set()
    assert "No MoU matches these filters." in client.get(LIST + "?q=zzz").content.decode()


@pytest.mark.parametrize(
    "query", ["?status=lost", "?year=abc", "?year=1200", "?mineral=kryptonite", "?country=FR"]
)
def test_bad_filters_are_explained_on_the_page(client, registry, query):
    response = client.get(LIST + query)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Some filters are not valid" in body
    assert "No MoU is shown until the filters are corrected." in body


def test_empty_registry(client, reference_data):
    assert "No MoU has been recorded yet." in client.get(LIST).content.decode()


def test_overdue_milestones_are_flagged_on_list_and_timeline(client, official, cn_firm, pk_firm):
    mou = make_mou(official, pk_firm, cn_firm, status="in_implementation")
    today = timezone.localdate()
    services.add_milestone(mou, by=official, title="Feasibility study", due_on=today - timedelta(3))
    services.add_milestone(mou, by=official, title="Pilot plant", due_on=today + timedelta(30))
    listed = client.get(LIST)
    assert "1 overdue milestone" in listed.content.decode()
    assert listed.context["page"].object_list[0].overdue_milestones == 1
    page = client.get(detail(mou))
    overdue = [entry.item.title for entry in page.context["timeline"] if entry.overdue]
    assert overdue == ["Feasibility study"]
    assert "list-group-item-danger" in page.content.decode()


@pytest.mark.parametrize("count", [3, 25])
def test_list_page_query_count_is_pinned(
    client, official, cn_firm, pk_firm, django_assert_num_queries, count
):
    for i in range(count):
        make_mou(official, pk_firm, cn_firm, title=f"MoU {i}")
    # The count, the page's rows, their parties (with firms and agencies), their minerals,
    # and the filter form's mineral and province options.
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert response.status_code == 200


# --- The officials' forms --------------------------------------------------------------------


def form_data(cn_firm, pk_firm, **overrides) -> dict:
    data = {
        "title": "Lithium processing cooperation",
        "signed_on": "",
        "place": "Islamabad",
        "indicative_value_usd": "120000000",
        "is_public": "on",
        "party1_organisation": f"firm:{pk_firm.pk}",
        "party1_role": "pakistani_party",
        "party1_signatory_name": "Ali Raza",
        "party2_organisation": f"firm:{cn_firm.pk}",
        "party2_role": "chinese_party",
        "stages": ["processing"],
    }
    data.update(overrides)
    return data


def test_an_official_records_edits_and_moves_an_mou(client, official, cn_firm, pk_firm):
    client.force_login(official)
    assert client.get("/en/mous/new/").status_code == 200
    response = client.post("/en/mous/new/", form_data(cn_firm, pk_firm))
    mou = MoU.objects.get()
    assert response.status_code == 302
    assert response["Location"] == mou.get_absolute_url()
    assert mou.parties.count() == 2
    assert mou.stages.get().stage == "processing"
    assert client.get(detail(mou, "edit/")).status_code == 200
    edited = client.post(
        detail(mou, "edit/"), form_data(cn_firm, pk_firm, title="Renamed", is_public="")
    )
    assert edited.status_code == 302
    mou.refresh_from_db()
    assert (mou.title, mou.is_public) == ("Renamed", False)
    moved = client.post(detail(mou, "status/"), {"status": "signed", "effective_on": ""})
    assert moved.status_code == 302
    mou.refresh_from_db()
    assert (mou.status, mou.signed_on) == ("signed", timezone.localdate())
    refused = client.post(detail(mou, "status/"), {"status": "terminated", "reason": ""})
    assert refused.status_code == 400
    assert "Say why the MoU is terminated." in refused.content.decode()
    added = client.post(detail(mou, "milestones/"), {"title": "Site visit", "due_on": "2020-01-01"})
    assert added.status_code == 302
    milestone = mou.milestones.get()
    done = client.post(detail(mou, f"milestones/{milestone.pk}/complete/"))
    assert done.status_code == 302
    milestone.refresh_from_db()
    assert milestone.completed_on == timezone.localdate()
    upload = client.post(
        detail(mou, "documents/new/"),
        {"title": "Annex", "file": SimpleUploadedFile("annex.pdf", PDF)},
    )
    assert upload.status_code == 302
    assert mou.documents.get().title == "Annex"


def test_forms_keep_input_and_show_field_messages(client, official, cn_firm, pk_firm):
    client.force_login(official)
    response = client.post(
        "/en/mous/new/",
        form_data(
            cn_firm,
            pk_firm,
            title="Kept title",
            party2_organisation="",
            indicative_value_usd="-5",
            signed_on="not a date",
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="Kept title"' in body
    form = response.context["form"]
    assert "indicative_value_usd" in form.errors
    assert "signed_on" in form.errors
    assert not MoU.objects.exists()
    assert "party2_organisation" in form.errors  # two parties at least
    # A rule of the service's, shown at the top of the form.
    response = client.post(
        "/en/mous/new/", form_data(cn_firm, pk_firm, party2_organisation=f"firm:{pk_firm.pk}")
    )
    assert response.status_code == 400
    assert "Each party is listed once." in response.content.decode()
    unknown = client.post(
        "/en/mous/new/", form_data(cn_firm, pk_firm, party2_organisation="firm:999999")
    )
    assert unknown.status_code == 400
    assert "party2_organisation" in unknown.context["form"].errors
    assert client.post(LIST).status_code == 405


@pytest.mark.parametrize("persona", ["verified_member", "administrator", "other_agency_official"])
def test_others_cannot_use_the_officials_forms(request, client, registry, persona):
    client.force_login(request.getfixturevalue(persona))
    public = registry["public"]
    if persona != "other_agency_official":
        assert client.get("/en/mous/new/").status_code == 403
    for suffix in ("edit/", "status/", "documents/new/"):
        assert client.get(detail(public, suffix)).status_code == 403
    assert (
        client.post(detail(public, "status/"), {"status": "in_implementation"}).status_code == 403
    )
    public.refresh_from_db()
    assert public.status == "signed"
    if persona == "administrator":
        # A confidential MoU the user may not see is a 404, also behind its forms.
        assert client.get(detail(registry["confidential"], "edit/")).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, registry):
    response = client.get("/en/mous/new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("language", "heading"), [("zh-hans", "谅解备忘录登记册"), ("ur", "مفاہمتی یادداشتوں کا رجسٹر")]
)
def test_pages_speak_the_visitors_language(client, registry, language, heading):
    listed = client.get(f"/{language}/mous/").content.decode()
    assert heading in listed
    assert registry["public"].reference in listed
    page = client.get(f"/{language}/mous/{registry['public'].reference}/").content.decode()
    if language == "zh-hans":
        assert "数字跨境产业贸易" in page  # the MoU's own Chinese title
    else:  # no Urdu title: the English one, marked as such
        assert 'lang="en" dir="ltr" class="english-fallback">Digital cross-border trade' in page
        assert f'<bdi dir="ltr">{registry["public"].reference}</bdi>' in page


@pytest.mark.parametrize("milestones", [1, 12])
def test_detail_page_query_count_is_pinned(
    client, official, cn_firm, pk_firm, django_assert_num_queries, milestones
):
    mou = make_mou(official, pk_firm, cn_firm, status="in_implementation")
    for i in range(milestones):
        services.add_milestone(mou, by=official, title=f"Step {i}", due_on=timezone.localdate())
    # The MoU, then one query each for parties, minerals, regions, stages, milestones,
    # documents, status changes and linked projects (an anonymous visitor sees no bids).
    with django_assert_num_queries(9):
        response = client.get(detail(mou))
    assert response.status_code == 200


def test_document_uploads_are_refused_when_too_large_or_without_the_csrf_token(
    client, official, cn_firm, pk_firm, settings
):
    settings.PROJECT_DOCUMENT_MAX_BYTES = 1024
    mou = make_mou(official, pk_firm, cn_firm)
    client.force_login(official)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * 200_000, content_type="application/pdf")
    response = client.post(detail(mou, "documents/new/"), {"title": "Big", "file": big})
    assert response.status_code == 413
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(official)
    small = SimpleUploadedFile("annex.pdf", PDF, content_type="application/pdf")
    response = guarded.post(detail(mou, "documents/new/"), {"title": "Annex", "file": small})
    assert response.status_code == 403
    assert not MoUDocument.objects.exists()
