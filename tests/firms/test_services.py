"""The registry's services: who may act, what they must give, and the verification flow with
its audit events and signals."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from emining.models import AuditEvent
from emining.services import DomainError
from firms import services, signals
from firms.models import Firm, Membership
from minerals.models import Mineral, Region
from tests.factories import FirmFactory, chinese_registration_number

pytestmark = pytest.mark.django_db

Status = Firm.VerificationStatus
HUAWEI = "914403001922038216"


def firm_values(**overrides):
    values = {
        "name": "Shenzhen Test Mining Co., Ltd.",
        "name_zh": "深圳测试矿业有限公司",
        "country": "CN",
        "registration_number": HUAWEI.lower(),
        "kind": "private",
        "head_office_city": "Shenzhen",
        "contact_name": "Li Wei",
        "contact_email": "li.wei@example.com",
        "capital_usd_min": 1_000_000,
        "capital_usd_max": 50_000_000,
    }
    values.update(overrides)
    return values


def register(user, **overrides):
    return services.register_firm(
        by=user,
        values=firm_values(**overrides),
        capabilities=["mining", "smelting"],
        minerals=list(Mineral.objects.filter(slug__in=["copper", "gold"])),
        regions=list(Region.objects.filter(slug="balochistan")),
    )


def pdf(name="licence.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def events(firm):
    return list(
        AuditEvent.objects.filter(target_id=str(firm.pk), action__startswith="firm.")
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- Registering ------------------------------------------------------------------------------


def test_register_a_draft_owned_by_its_registrant(firm_member, django_capture_on_commit_callbacks):
    firm_member.email_confirmed_at = None
    received = []
    signals.firm_changed.connect(lambda **kw: received.append(kw["event"]), weak=False)
    with django_capture_on_commit_callbacks(execute=True):
        firm = register(firm_member)
    assert firm.verification_status == Status.DRAFT
    assert firm.registration_number == HUAWEI  # normalised
    assert firm.created_by == firm_member
    assert Membership.objects.get(user=firm_member).role == Membership.Role.OWNER
    assert sorted(c.stage for c in firm.capabilities.all()) == ["mining", "smelting"]
    assert {m.slug for m in firm.minerals.all()} == {"copper", "gold"}
    assert events(firm) == ["firm.registered"]
    assert "registered" in received


def test_one_firm_per_person(verified_member, firm_member):
    with pytest.raises(PermissionDenied):
        register(verified_member)
    register(firm_member)
    with pytest.raises(PermissionDenied):
        register(firm_member, registration_number="91330100716105852F")


def test_officials_do_not_register_firms(official):
    with pytest.raises(PermissionDenied):
        register(official)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"registration_number": "914403001922038217"}, "registration_number"),
        ({"registration_number": ""}, "registration_number"),
        ({"country": "PK"}, "registration_number"),  # a USCC is not a Pakistani number
        ({"country": "IN"}, "country"),
        ({"capital_usd_min": 10, "capital_usd_max": 5}, "capital_usd_max"),
        ({"contact_email": "not an email"}, "contact_email"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_values_are_refused_by_field(firm_member, overrides, field):
    with pytest.raises(DomainError) as caught:
        register(firm_member, **overrides)
    assert field in caught.value.message_dict
    assert not Firm.objects.filter(created_by=firm_member).exists()


def test_a_taken_number_is_a_field_message_not_an_integrity_error(cn_firm, firm_member):
    with pytest.raises(DomainError) as caught:
        register(firm_member, registration_number=cn_firm.registration_number)
    assert caught.value.message_dict["registration_number"] == [
        "A firm with this registration number is already registered in this country."
    ]


def test_the_same_number_in_the_other_country_is_fine(firm_member, reference_data):
    FirmFactory(country="CN", registration_number="0012345")  # written directly
    firm = register(firm_member, country="PK", registration_number="0012345")
    assert firm.country == "PK"


def test_districts_are_not_provinces(firm_member):
    with pytest.raises(DomainError) as caught:
        services.register_firm(
            by=firm_member,
            values=firm_values(),
            regions=list(Region.objects.filter(slug="chagai")),
        )
    assert "regions" in caught.value.message_dict


# --- Changing the entry -----------------------------------------------------------------------


def test_members_change_their_firm_others_may_not(cn_firm, verified_member, pk_firm_member):
    services.update_firm(cn_firm, by=verified_member, values={"website": "https://cn.example"})
    cn_firm.refresh_from_db()
    assert cn_firm.website == "https://cn.example"
    assert cn_firm.is_verified  # descriptive changes keep the verification
    with pytest.raises(PermissionDenied):
        services.update_firm(cn_firm, by=pk_firm_member, values={"website": "https://x.example"})


@pytest.mark.parametrize(
    "change",
    [
        {"name": "Renamed Mining Corporation"},
        {"registration_number": chinese_registration_number(99_999)},
    ],
)
def test_changing_who_the_firm_is_sends_it_back_to_verification(cn_firm, verified_member, change):
    assert services.needs_reverification(cn_firm, change)
    services.update_firm(cn_firm, by=verified_member, values=change)
    assert cn_firm.verification_status == Status.PENDING
    assert cn_firm.verified_at is None
    assert cn_firm.submitted_at is not None
    event = AuditEvent.objects.filter(action="firm.updated").latest("id")
    assert event.data["back_to_verification"] is True


def test_a_taken_number_on_update_is_a_field_message(cn_firm, verified_member, reference_data):
    other = FirmFactory(country="CN")
    with pytest.raises(DomainError) as caught:
        services.update_firm(
            cn_firm, by=verified_member, values={"registration_number": other.registration_number}
        )
    assert "registration_number" in caught.value.message_dict


# --- Submitting, verifying, rejecting -----------------------------------------------------------


def test_the_whole_verification_flow(
    firm_member, official, django_capture_on_commit_callbacks, settings
):
    firm_member.email_confirmed_at = firm_member.date_joined
    firm_member.save()
    firm = register(firm_member)
    services.add_firm_document(firm, by=firm_member, uploaded_file=pdf(), title="Licence")
    services.submit_for_verification(firm, by=firm_member)
    assert firm.verification_status == Status.PENDING
    services.reject_firm(firm, by=official, reason="The licence is illegible.")
    assert firm.verification_status == Status.REJECTED
    assert firm.rejection_reason == "The licence is illegible."
    assert firm.decided_by == official
    services.submit_for_verification(firm, by=firm_member)  # resubmitted
    assert firm.rejection_reason == ""
    verified = []
    signals.firm_verified.connect(lambda **kw: verified.append(kw["firm_id"]), weak=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.verify_firm(firm, by=official)
    assert firm.verification_status == Status.VERIFIED
    assert firm.verified_at is not None
    assert verified == [firm.pk]
    assert events(firm) == [
        "firm.registered",
        "firm.document_added",
        "firm.submitted",
        "firm.rejected",
        "firm.submitted",
        "firm.verified",
    ]
    rejection = AuditEvent.objects.get(action="firm.rejected")
    assert rejection.actor == official
    assert rejection.data["reason"] == "The licence is illegible."


def test_submitting_needs_a_confirmed_email(firm_member):
    firm = register(firm_member)
    services.add_firm_document(firm, by=firm_member, uploaded_file=pdf(), title="Licence")
    with pytest.raises(DomainError, match="Confirm your email"):
        services.submit_for_verification(firm, by=firm_member)


def test_submitting_needs_a_document(firm_member):
    firm_member.email_confirmed_at = firm_member.date_joined
    firm = register(firm_member)
    with pytest.raises(DomainError, match="verification document"):
        services.submit_for_verification(firm, by=firm_member)


def test_only_members_submit(pending_member, verified_member):
    with pytest.raises(PermissionDenied):
        services.submit_for_verification(
            Membership.objects.get(user=pending_member).firm, by=verified_member
        )


def test_pending_or_verified_firms_cannot_be_submitted(pending_member, verified_member, cn_firm):
    pending = Membership.objects.get(user=pending_member).firm
    with pytest.raises(DomainError) as caught:
        services.submit_for_verification(pending, by=pending_member)
    assert caught.value.code == "invalid_transition"
    with pytest.raises(DomainError):
        services.submit_for_verification(cn_firm, by=verified_member)


def test_only_officials_decide(pending_member, verified_member, other_agency_official):
    pending = Membership.objects.get(user=pending_member).firm
    for user in (pending_member, verified_member):
        with pytest.raises(PermissionDenied):
            services.verify_firm(pending, by=user)
        with pytest.raises(PermissionDenied):
            services.reject_firm(pending, by=user, reason="No.")
    services.verify_firm(pending, by=other_agency_official)  # any official
    assert pending.is_verified


def test_only_pending_firms_are_decided(cn_firm, rejected_member, official):
    with pytest.raises(DomainError) as caught:
        services.verify_firm(cn_firm, by=official)
    assert caught.value.code == "invalid_transition"
    rejected = Membership.objects.get(user=rejected_member).firm
    with pytest.raises(DomainError):
        services.reject_firm(rejected, by=official, reason="Again.")


def test_a_rejection_says_why(pending_member, official):
    pending = Membership.objects.get(user=pending_member).firm
    with pytest.raises(DomainError) as caught:
        services.reject_firm(pending, by=official, reason="   ")
    assert "reason" in caught.value.message_dict
    pending.refresh_from_db()
    assert pending.verification_status == Status.PENDING
    assert not AuditEvent.objects.filter(action="firm.rejected").exists()


# --- Documents ------------------------------------------------------------------------------------


def test_documents_follow_the_upload_rules(cn_firm, verified_member, pk_firm_member):
    document = services.add_firm_document(
        cn_firm, by=verified_member, uploaded_file=pdf("licence.exe"), title=" Licence "
    )
    assert document.title == "Licence"
    assert document.content_type == "application/pdf"
    assert document.original_name == "licence.pdf"  # named after its content
    assert len(document.sha256) == 64
    with pytest.raises(DomainError):  # not an accepted type
        services.add_firm_document(
            cn_firm,
            by=verified_member,
            uploaded_file=SimpleUploadedFile("x.pdf", b"MZ\x90\x00binary"),
            title="Program",
        )
    with pytest.raises(PermissionDenied):
        services.add_firm_document(cn_firm, by=pk_firm_member, uploaded_file=pdf(), title="Licence")
    with pytest.raises(PermissionDenied):
        services.remove_firm_document(document, by=pk_firm_member)


def test_a_removed_document_takes_its_file_after_commit(
    cn_firm, verified_member, django_capture_on_commit_callbacks
):
    document = services.add_firm_document(
        cn_firm, by=verified_member, uploaded_file=pdf(), title="Licence"
    )
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_firm_document(document, by=verified_member)
    assert not storage.exists(name)
    assert not cn_firm.documents.exists()


def test_a_failed_write_leaves_no_stored_file(cn_firm, verified_member, monkeypatch, settings):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("firms.services.documents.record_event", broken)
    with pytest.raises(RuntimeError):
        services.add_firm_document(
            cn_firm, by=verified_member, uploaded_file=pdf(), title="Licence"
        )
    stored = settings.MEDIA_ROOT / "firms" / "documents"
    assert not stored.exists() or not any(stored.iterdir())


def test_a_pending_firm_keeps_its_last_document(pending_member):
    firm = Membership.objects.get(user=pending_member).firm
    document = services.add_firm_document(
        firm, by=pending_member, uploaded_file=pdf(), title="Licence"
    )
    with pytest.raises(DomainError, match="last one"):
        services.remove_firm_document(document, by=pending_member)
