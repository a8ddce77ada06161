"""Sealed until the opening, on every surface: the database and media folder at rest, the API,
the Django admin, the audit trail, emails, project listings and search, and the project's
`updated_at`. A canary offer (an amount and a phrase no other data holds) is looked for
everywhere."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from emining.models import AuditEvent
from projects import sealing, services
from projects.models import Bid
from tests.factories import (
    FirmFactory,
    close_bidding_now,
    make_firm_member,
    make_offer,
    make_project,
)

pytestmark = pytest.mark.django_db

CANARY_AMOUNT = 987_654_321_123
CANARY_PHRASE = "zebra-canary-smelter-plan"


def pdf_with(text: str) -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def project(official):
    return make_project(status="published")


@pytest.fixture
def sealed_bid(project, verified_member, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "offer.pdf", pdf_with(f"{CANARY_PHRASE} {CANARY_AMOUNT}"), "application/pdf"
    )
    with django_capture_on_commit_callbacks(execute=True):  # the receipt email goes out
        version = services.submit_bid(
            project,
            by=verified_member,
            offer=make_offer(
                offered_investment_usd=CANARY_AMOUNT, technology_transfer=f"Our {CANARY_PHRASE}."
            ),
            documents=[(upload, "Canary annex of the offer")],
        )
    return version.bid


def _every_table_dump() -> str:
    """Every row of every table, as text, read straight from the database."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            parts.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(parts)


def test_the_database_and_media_hold_no_plaintext_of_the_offer(sealed_bid, settings):
    dump = _every_table_dump()
    assert str(CANARY_AMOUNT) not in dump
    assert f"{CANARY_AMOUNT:,}" not in dump
    assert CANARY_PHRASE not in dump
    assert "Canary annex" not in dump  # the document's title is sealed too
    files = [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    assert files, "the proposal document was stored"
    for path in files:
        content = path.read_bytes()
        assert CANARY_PHRASE.encode() not in content
        assert b"%PDF" not in content


def test_the_sealed_content_is_readable_only_with_the_key(sealed_bid, settings):
    version = sealed_bid.versions.get()
    assert CANARY_PHRASE in sealing.unseal(version.sealed_content).decode()
    settings.BID_SEALING_KEYS = ["yaRBojUZ1vA_V7wvsMagrJGmw8_A2y3dBX1fyZK2vfU="]  # another key
    with pytest.raises(sealing.SealBroken):
        sealing.unseal(version.sealed_content)


def test_key_rotation_reseals_under_the_new_key(sealed_bid, settings):
    old = settings.BID_SEALING_KEYS[0]
    new = "K4QzirqRHf9wW8SNN1GodL7X3h1KiehlXTuVVG8Z2w8="
    version = sealed_bid.versions.get()
    settings.BID_SEALING_KEYS = [new, old]
    resealed = sealing.reseal(version.sealed_content)
    settings.BID_SEALING_KEYS = [new]
    assert CANARY_PHRASE in sealing.unseal(resealed).decode()


def test_the_receipt_digest_is_reproducible_from_the_stored_bid(sealed_bid):
    import hashlib

    version = sealed_bid.versions.get()
    content = sealing.unseal(version.sealed_content)
    assert hashlib.sha256(content).hexdigest() == version.receipt_digest
    canonical = json.loads(content)
    assert (
        canonical["documents"][0]["sha256"]
        == hashlib.sha256(pdf_with(f"{CANARY_PHRASE} {CANARY_AMOUNT}")).hexdigest()
    )
    # The canonical form: sorted keys, no spaces, UTF-8.
    assert (
        content
        == json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    )


@pytest.mark.parametrize(
    "persona", ["official", "other_agency_official", "pk_firm_member", "partner_system"]
)
def test_the_api_shows_no_sealed_bid_to_others(request, api_client, sealed_bid, persona):
    api_client.force_authenticate(request.getfixturevalue(persona))
    listing = api_client.get("/api/v1/bids/")
    assert listing.status_code == 200
    assert listing.json()["count"] == 0
    assert api_client.get(f"/api/v1/bids/{sealed_bid.pk}/").status_code == 404
    assert str(CANARY_AMOUNT) not in listing.content.decode()


def test_the_api_shows_the_bid_to_its_firm(api_client, sealed_bid, cn_firm_owner):
    api_client.force_authenticate(cn_firm_owner)
    data = api_client.get(f"/api/v1/bids/{sealed_bid.pk}/").json()
    assert data["offered_investment_usd"] == CANARY_AMOUNT
    assert data["status"] == "submitted"


def test_the_project_api_and_pages_do_not_change_with_a_bid(client, api_client, project, official):
    def listed(query: str) -> list[str]:
        page = client.get(reverse("projects:project-list"), {"q": query}).content.decode()
        return re.findall(r'class="project-reference" dir="ltr">([^<]+)<', page)

    before_api = api_client.get(f"/api/v1/projects/{project.reference}/").json()
    before_listing = listed(str(CANARY_AMOUNT)), listed("copper")
    before_updated = type(project).objects.get(pk=project.pk).updated_at
    bidder = make_firm_member(FirmFactory(), username="bidder")
    services.submit_bid(project, by=bidder, offer=make_offer(offered_investment_usd=CANARY_AMOUNT))
    assert api_client.get(f"/api/v1/projects/{project.reference}/").json() == before_api
    assert type(project).objects.get(pk=project.pk).updated_at == before_updated
    # Search and listings do not see bids: the same results, in the same order.
    assert (listed(str(CANARY_AMOUNT)), listed("copper")) == before_listing


def test_the_audit_trail_and_admin_name_no_bidder(client, administrator, sealed_bid):
    events = AuditEvent.objects.filter(action__startswith="bid.")
    assert events.exists()
    for event in events:
        assert event.actor_id is None
        assert "Test China" not in event.target_repr + json.dumps(event.data)
        assert str(CANARY_AMOUNT) not in json.dumps(event.data)
    client.force_login(administrator)
    index = client.get("/en/admin/").content.decode()
    assert "/admin/projects/bid/" not in index  # bids are not browsable in the admin
    assert client.get(f"/en/admin/projects/bid/{sealed_bid.pk}/change/").status_code == 404
    trail = client.get("/en/admin/emining/auditevent/").content.decode()
    assert CANARY_PHRASE not in trail
    assert str(CANARY_AMOUNT) not in trail


def test_the_receipt_email_carries_the_digest_not_the_offer(sealed_bid, verified_member):
    receipts = [message for message in mail.outbox if verified_member.email in message.to]
    assert len(receipts) == 1
    body = receipts[0].body
    assert sealed_bid.versions.get().receipt_digest in body
    assert str(CANARY_AMOUNT) not in body
    assert f"{CANARY_AMOUNT:,}" not in body
    assert CANARY_PHRASE not in body


def test_after_the_opening_officials_read_the_offer(api_client, project, sealed_bid, official):
    close_bidding_now(project)
    services.open_bids(project, by=official)
    api_client.force_authenticate(official)
    data = api_client.get(f"/api/v1/bids/{sealed_bid.pk}/").json()
    assert data["offered_investment_usd"] == CANARY_AMOUNT
    assert Bid.objects.get(pk=sealed_bid.pk).technology_transfer == f"Our {CANARY_PHRASE}."


def test_reseal_bids_moves_every_sealed_value_to_the_new_key(
    sealed_bid, settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from projects.services.bid_documents import read_document

    old = settings.BID_SEALING_KEYS[0]
    new = "K4QzirqRHf9wW8SNN1GodL7X3h1KiehlXTuVVG8Z2w8="
    settings.BID_SEALING_KEYS = [new, old]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reseal_bids", stdout=io.StringIO())
    settings.BID_SEALING_KEYS = [new]  # the old key is gone: everything still unseals
    version = sealed_bid.versions.get()
    assert CANARY_PHRASE in sealing.unseal(version.sealed_content).decode()
    digest, content = read_document(sealed_bid.documents.get())
    assert digest.title == "Canary annex of the offer"
    assert CANARY_PHRASE.encode() in content


def test_logs_hold_nothing_of_the_offer(project, verified_member, caplog, client):
    """Every logger at DEBUG while a bid is submitted and its page and the API are read."""
    import logging

    caplog.set_level(logging.DEBUG)
    version = services.submit_bid(
        project,
        by=verified_member,
        offer=make_offer(
            offered_investment_usd=CANARY_AMOUNT, technology_transfer=f"Our {CANARY_PHRASE}."
        ),
    )
    client.force_login(verified_member)
    client.get(f"/api/v1/bids/{version.bid_id}/")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert str(CANARY_AMOUNT) not in logged
    assert CANARY_PHRASE not in logged
