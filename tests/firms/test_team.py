"""A firm's team: the owner invites by email, the invitee joins through a one-time link, the
owner removes members or hands the firm over; strangers see nothing (404)."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from emining.models import AuditEvent
from emining.services import DomainError
from firms import tasks
from firms.models import Invitation, Membership
from firms.services import team
from tests.factories import FirmFactory, UserFactory, make_firm_member

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/firms/invitations/(\S+)/")


@pytest.fixture
def invite(django_capture_on_commit_callbacks, cn_firm, cn_firm_owner):
    """Invite through the service as cn_firm's owner; the email goes after commit."""

    def issue(email: str, *, firm=None, by=None) -> team.IssuedInvitation:
        with django_capture_on_commit_callbacks(execute=True):
            return team.invite_member(firm or cn_firm, by=by or cn_firm_owner, email=email)

    return issue


def accept_path(token: str, language: str = "en") -> str:
    return f"/{language}/firms/invitations/{token}/"


def team_path(firm, rest: str = "", language: str = "en") -> str:
    return f"/{language}/firms/{firm.pk}/team/{rest}"


def owners(firm) -> list[str]:
    return list(
        Membership.objects.filter(firm=firm, role="owner").values_list("user__username", flat=True)
    )


# --- Inviting ----------------------------------------------------------------------------------


def test_the_owner_invites_by_email_and_only_a_digest_is_kept(
    client, cn_firm, cn_firm_owner, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(cn_firm_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(team_path(cn_firm, "invite/"), {"email": "Zhang.San@Example.cn"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(firm=cn_firm)
    assert invitation.email == "Zhang.San@example.cn"
    token = LINK.search(mailoutbox[0].body).group(1)
    assert invitation.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_digest
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(7)
    assert mailoutbox[0].to == ["Zhang.San@example.cn"]
    assert cn_firm.name in mailoutbox[0].subject
    assert AuditEvent.objects.filter(action="firm.member_invited", actor=cn_firm_owner).exists()
    page = client.get(team_path(cn_firm)).content.decode()
    assert "Zhang.San@example.cn" in page


def test_the_invitation_lifetime_follows_the_setting(invite, settings):
    settings.FIRM_INVITATION_TTL = timedelta(days=2)
    issued = invite("someone@example.com")
    remaining = issued.invitation.expires_at - timezone.now()
    assert timedelta(days=1, hours=23) < remaining <= timedelta(days=2)


def test_inviting_again_replaces_the_earlier_link(invite, client, firm_member, mailoutbox):
    first = invite(firm_member.email)
    second = invite(firm_member.email.upper())
    first.invitation.refresh_from_db()
    assert first.invitation.revoked_at is not None
    assert Invitation.objects.filter(revoked_at__isnull=True).get() == second.invitation
    client.force_login(firm_member)
    assert client.get(accept_path(first.token)).status_code == 410
    assert client.get(accept_path(second.token)).status_code == 200
    # A replaced invitation's late email task sends no dead link.
    assert tasks.send_firm_invitation.delay(first.invitation.pk, first.token, "en").get() is False


def test_bad_addresses_and_members_are_refused_with_the_input_kept(
    client, cn_firm, cn_firm_owner, verified_member
):
    client.force_login(cn_firm_owner)
    response = client.post(team_path(cn_firm, "invite/"), {"email": "not an address"})
    assert response.status_code == 400
    assert 'value="not an address"' in response.content.decode()
    response = client.post(team_path(cn_firm, "invite/"), {"email": verified_member.email})
    assert response.status_code == 400
    assert "already in your team" in response.content.decode()
    assert not Invitation.objects.exists()


def test_only_the_owner_invites(client, cn_firm, verified_member):
    with pytest.raises(PermissionDenied):
        team.invite_member(cn_firm, by=verified_member, email="x@example.com")
    client.force_login(verified_member)
    response = client.post(team_path(cn_firm, "invite/"), {"email": "x@example.com"})
    assert response.status_code == 403
    page = client.get(team_path(cn_firm)).content.decode()
    assert "Invite someone" not in page
    assert not Invitation.objects.exists()


# --- Accepting ---------------------------------------------------------------------------------


def test_the_invitee_joins_once_and_their_address_is_confirmed(invite, client, firm_member):
    assert firm_member.email_confirmed_at is None
    issued = invite(firm_member.email)
    client.force_login(firm_member)
    page = client.get(accept_path(issued.token))
    assert page.status_code == 200
    assert "Test China Mining Corporation" in page.content.decode()
    response = client.post(accept_path(issued.token))
    assert response["Location"] == team_path(issued.invitation.firm)
    membership = Membership.objects.get(user=firm_member)
    assert membership.firm == issued.invitation.firm
    assert membership.role == Membership.Role.MEMBER
    firm_member.refresh_from_db()
    assert firm_member.email_confirmed_at is not None
    issued.invitation.refresh_from_db()
    assert issued.invitation.accepted_by == firm_member
    assert AuditEvent.objects.filter(action="firm.invitation_accepted").exists()
    # The link works once.
    again = client.post(accept_path(issued.token))
    assert again.status_code == 410
    assert "already accepted" in again.content.decode()
    assert client.get(accept_path(issued.token)).status_code == 410


def test_an_expired_link_fails(invite, client, firm_member):
    issued = invite(firm_member.email)
    past = timezone.now() - timedelta(days=8)
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        created_at=past, expires_at=past + timedelta(days=7)
    )
    client.force_login(firm_member)
    for response in (client.get(accept_path(issued.token)), client.post(accept_path(issued.token))):
        assert response.status_code == 410
        assert "This invitation has expired." in response.content.decode()
    with pytest.raises(DomainError) as refused:
        team.accept_invitation(issued.token, user=firm_member)
    assert refused.value.code == "invitation_expired"
    assert not Membership.objects.filter(user=firm_member).exists()


def test_a_withdrawn_link_fails(invite, client, cn_firm, cn_firm_owner, firm_member):
    issued = invite(firm_member.email)
    client.force_login(cn_firm_owner)
    response = client.post(team_path(cn_firm, f"invitations/{issued.invitation.pk}/withdraw/"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="firm.invitation_withdrawn").exists()
    client.force_login(firm_member)
    response = client.post(accept_path(issued.token))
    assert response.status_code == 410
    assert "withdrew this invitation" in response.content.decode()
    assert not Membership.objects.filter(user=firm_member).exists()


def test_an_unknown_link_is_a_404_in_the_layout(client, firm_member):
    client.force_login(firm_member)
    response = client.get(accept_path("not-a-token"))
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()
    assert client.post(accept_path("x" * 500)).status_code == 404


def test_a_forwarded_link_fails_for_another_address(invite, client, firm_member):
    issued = invite("the-real-invitee@example.com")
    client.force_login(firm_member)
    page = client.get(accept_path(issued.token))
    assert page.status_code == 400
    assert "sent to another email address" in page.content.decode()
    assert "Join the team" not in page.content.decode()
    response = client.post(accept_path(issued.token))
    assert response.status_code == 400
    assert not Membership.objects.filter(user=firm_member).exists()
    issued.invitation.refresh_from_db()
    assert issued.invitation.accepted_at is None


def test_someone_already_in_a_firm_cannot_join_another(invite, client, pk_firm_member):
    issued = invite(pk_firm_member.email)
    client.force_login(pk_firm_member)
    response = client.post(accept_path(issued.token))
    assert response.status_code == 400
    assert "You already belong to a firm." in response.content.decode()
    assert Membership.objects.get(user=pk_firm_member).firm.name.startswith("Test Pakistan")


def test_officials_cannot_join_a_firm(invite, client, official):
    issued = invite(official.email)
    client.force_login(official)
    assert client.post(accept_path(issued.token)).status_code == 400
    assert not Membership.objects.filter(user=official).exists()


def test_signed_out_the_link_leads_to_sign_in_or_sign_up_and_back(invite, client):
    issued = invite("newcomer@example.com")
    path = accept_path(issued.token)
    page = client.get(path)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Test China Mining Corporation" in body
    assert f"/en/accounts/login/?next={path}" in body
    assert f"/en/accounts/signup/?next={path}" in body
    assert client.post(path)["Location"].startswith("/en/accounts/login/?next=")


def test_a_newcomer_signs_up_from_the_link_and_joins(
    invite, client, mailoutbox, django_capture_on_commit_callbacks
):
    issued = invite("newcomer@example.com")
    path = accept_path(issued.token)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/signup/",
            {
                "name": "Newcomer",
                "email": "newcomer@example.com",
                "preferred_language": "en",
                "password1": "Thar-coal-field-2026",
                "password2": "Thar-coal-field-2026",
                "next": path,
            },
        )
    assert response["Location"] == path
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user__email="newcomer@example.com").firm.pk == (
        issued.invitation.firm_id
    )


# --- Members -----------------------------------------------------------------------------------


def test_the_owner_removes_a_member_but_not_themselves(
    client, cn_firm, cn_firm_owner, verified_member
):
    own = Membership.objects.get(user=cn_firm_owner)
    with pytest.raises(DomainError):
        team.remove_member(cn_firm, by=cn_firm_owner, user=cn_firm_owner)
    client.force_login(cn_firm_owner)
    refused = client.post(team_path(cn_firm, f"members/{own.pk}/remove/"))
    assert refused.status_code == 400
    assert "The owner cannot be removed." in refused.content.decode()
    membership = Membership.objects.get(user=verified_member)
    path = team_path(cn_firm, f"members/{membership.pk}/remove/")
    assert client.get(path).status_code == 200  # the confirmation step
    assert client.post(path).status_code == 302
    assert not Membership.objects.filter(user=verified_member).exists()
    assert AuditEvent.objects.filter(action="firm.member_removed").exists()


def test_members_cannot_remove_or_hand_over(client, cn_firm, cn_firm_owner, verified_member):
    owner_membership = Membership.objects.get(user=cn_firm_owner)
    with pytest.raises(PermissionDenied):
        team.remove_member(cn_firm, by=verified_member, user=cn_firm_owner)
    with pytest.raises(PermissionDenied):
        team.transfer_ownership(cn_firm, by=verified_member, to=verified_member)
    client.force_login(verified_member)
    for action in ("remove", "make-owner"):
        path = team_path(cn_firm, f"members/{owner_membership.pk}/{action}/")
        assert client.post(path).status_code == 403
    assert owners(cn_firm) == ["test_cn_owner"]


def test_a_member_leaves_but_the_owner_cannot(client, cn_firm, cn_firm_owner, verified_member):
    with pytest.raises(DomainError):
        team.leave_firm(cn_firm, by=cn_firm_owner)
    client.force_login(verified_member)
    assert client.get(team_path(cn_firm, "leave/")).status_code == 200
    assert client.post(team_path(cn_firm, "leave/"))["Location"] == "/en/"
    assert not Membership.objects.filter(user=verified_member).exists()
    assert AuditEvent.objects.filter(action="firm.member_left", actor=verified_member).exists()
    client.force_login(cn_firm_owner)
    assert client.post(team_path(cn_firm, "leave/")).status_code == 400
    assert owners(cn_firm) == ["test_cn_owner"]


def test_handing_over_keeps_exactly_one_owner(client, cn_firm, cn_firm_owner, verified_member):
    membership = Membership.objects.get(user=verified_member)
    path = team_path(cn_firm, f"members/{membership.pk}/make-owner/")
    client.force_login(cn_firm_owner)
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert "Hand over ownership" in confirm.content.decode()
    assert owners(cn_firm) == ["test_cn_owner"]  # nothing changes before the confirmation
    assert client.post(path).status_code == 302
    assert owners(cn_firm) == ["test_cn_member"]
    assert Membership.objects.get(user=cn_firm_owner).role == Membership.Role.MEMBER
    assert AuditEvent.objects.filter(action="firm.ownership_transferred").exists()
    # The former owner is now a member: the owner's actions are refused.
    client.force_login(cn_firm_owner)
    assert client.post(path).status_code == 403
    assert owners(cn_firm) == ["test_cn_member"]


def test_ownership_goes_only_to_a_member_of_the_team(cn_firm, cn_firm_owner, pk_firm_member):
    with pytest.raises(DomainError):
        team.transfer_ownership(cn_firm, by=cn_firm_owner, to=pk_firm_member)
    with pytest.raises(DomainError):
        team.transfer_ownership(cn_firm, by=cn_firm_owner, to=cn_firm_owner)
    assert owners(cn_firm) == ["test_cn_owner"]


def test_the_database_refuses_a_second_owner(cn_firm, cn_firm_owner, verified_member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(user=verified_member).update(role="owner")


# --- Who sees the team -------------------------------------------------------------------------


def test_outsiders_get_404_everywhere(
    client, invite, cn_firm, cn_firm_owner, verified_member, pk_firm_member, official, firm_member
):
    issued = invite("someone@example.com")
    membership = Membership.objects.get(user=verified_member)
    paths = {
        "get": [
            team_path(cn_firm),
            team_path(cn_firm, f"members/{membership.pk}/remove/"),
            team_path(cn_firm, f"members/{membership.pk}/make-owner/"),
            team_path(cn_firm, "leave/"),
        ],
        "post": [
            team_path(cn_firm, "invite/"),
            team_path(cn_firm, f"invitations/{issued.invitation.pk}/withdraw/"),
            team_path(cn_firm, f"members/{membership.pk}/remove/"),
            team_path(cn_firm, f"members/{membership.pk}/make-owner/"),
            team_path(cn_firm, "leave/"),
        ],
    }
    for outsider in (pk_firm_member, official, firm_member):
        client.force_login(outsider)
        for path in paths["get"]:
            assert client.get(path).status_code == 404, (outsider, path)
        for path in paths["post"]:
            assert client.post(path, {"email": "x@example.com"}).status_code == 404
    assert Membership.objects.filter(firm=cn_firm).count() == 2
    issued.invitation.refresh_from_db()
    assert issued.invitation.revoked_at is None
    assert not Invitation.objects.filter(firm=cn_firm).exclude(pk=issued.invitation.pk).exists()


def test_a_member_of_another_firm_cannot_reach_its_rows_through_their_own_firm(
    client, cn_firm, verified_member, pk_firm, pk_firm_member
):
    # The owner of pk_firm names cn_firm's membership under their own firm's address.
    membership = Membership.objects.get(user=verified_member)
    client.force_login(pk_firm_member)
    path = team_path(pk_firm, f"members/{membership.pk}/remove/")
    assert client.post(path).status_code == 404
    assert Membership.objects.filter(user=verified_member).exists()


def test_members_see_the_team_but_not_the_invitations(client, invite, cn_firm, verified_member):
    invite("secret-invitee@example.com")
    client.force_login(verified_member)
    body = client.get(team_path(cn_firm)).content.decode()
    assert "test_cn_owner@example.com" in body
    assert "secret-invitee@example.com" not in body
    assert client.post(team_path(cn_firm, "invitations/1/withdraw/")).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(client, cn_firm):
    response = client.get(team_path(cn_firm))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("language", ["en", "zh-hans", "ur"])
def test_the_team_and_invitation_pages_render_in_each_language(
    client, invite, cn_firm, cn_firm_owner, firm_member, language
):
    issued = invite(firm_member.email)
    client.force_login(cn_firm_owner)
    body = client.get(team_path(cn_firm, language=language)).content.decode()
    assert f'<html lang="{language}"' in body
    assert '<bdi dir="ltr">test_firm_member@example.com</bdi>' in body
    client.force_login(firm_member)
    page = client.get(accept_path(issued.token, language))
    assert page.status_code == 200
    assert f'<html lang="{language}"' in page.content.decode()


def test_the_team_page_query_count_does_not_grow_with_the_team(
    client, invite, cn_firm, cn_firm_owner, django_assert_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(team_path(cn_firm)).status_code == 200
        return len(queries)

    client.force_login(cn_firm_owner)
    invite("first@example.com")
    make_firm_member(cn_firm, username="member-a")
    small = count()
    for n in range(6):
        make_firm_member(cn_firm, username=f"member-more-{n}")
        invite(f"more-{n}@example.com")
    assert count() == small
    # session, user, membership (with its firm), members, invitations
    with django_assert_num_queries(5):
        client.get(team_path(cn_firm))


def test_an_invitation_email_is_in_the_invitees_language(invite, mailoutbox):
    UserFactory(username="urdu-reader", email="urdu@example.com", preferred_language="ur")
    invite("urdu@example.com")
    assert "/ur/firms/invitations/" in mailoutbox[0].body


def test_another_firms_owner_cannot_use_the_services_on_this_firm(
    cn_firm, verified_member, pk_firm_member, invite
):
    issued = invite("someone@example.com")
    other = FirmFactory(name="Unrelated Firm")
    with pytest.raises(PermissionDenied):
        team.invite_member(cn_firm, by=pk_firm_member, email="a@example.com")
    with pytest.raises(PermissionDenied):
        team.withdraw_invitation(issued.invitation, by=pk_firm_member)
    with pytest.raises(PermissionDenied):
        team.remove_member(cn_firm, by=pk_firm_member, user=verified_member)
    with pytest.raises(PermissionDenied):
        team.transfer_ownership(other, by=pk_firm_member, to=verified_member)
