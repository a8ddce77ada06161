"""A team invitation's email is sent directly (the invitee may have no account, the link's
token may not be stored), so its idempotence is a claim in the invitation's row: a task run
twice emails once, a failed send can be tried again, a send in progress is not doubled."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from firms import tasks
from firms.models import Invitation
from firms.services import team

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cn_firm, cn_firm_owner) -> team.IssuedInvitation:
    """An invitation whose email task has not run yet (the after-commit hook never fires)."""
    return team.invite_member(cn_firm, by=cn_firm_owner, email="newcomer@example.cn")


def test_a_task_run_twice_emails_once(issued, mailoutbox):
    args = (issued.invitation.pk, issued.token, "en")
    assert tasks.send_firm_invitation.delay(*args).get() is True
    assert tasks.send_firm_invitation.delay(*args).get() is False
    assert len(mailoutbox) == 1
    invitation = Invitation.objects.get(pk=issued.invitation.pk)
    assert invitation.emailed_at is not None
    assert invitation.email_claimed_until is None
    # Only the digest is in the row, never the link's token.
    assert issued.token not in {invitation.token_digest, invitation.email}


def test_a_failed_send_releases_the_claim_for_the_retry(issued, mailoutbox, monkeypatch):
    def unreachable(**kwargs):
        raise OSError("SMTP unreachable")

    monkeypatch.setattr(team, "send_templated_mail", unreachable)
    with pytest.raises(OSError, match="SMTP unreachable"):
        team.send_invitation_email(issued.invitation.pk, token=issued.token, language="en")
    invitation = Invitation.objects.get(pk=issued.invitation.pk)
    assert invitation.emailed_at is None
    assert invitation.email_claimed_until is None

    monkeypatch.undo()
    assert team.send_invitation_email(issued.invitation.pk, token=issued.token, language="en")
    assert len(mailoutbox) == 1


def test_a_send_in_progress_elsewhere_is_not_doubled(issued, mailoutbox):
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        email_claimed_until=timezone.now() + timedelta(minutes=1)
    )
    assert team.send_invitation_email(issued.invitation.pk, token=issued.token, language="en") is (
        False
    )
    assert not mailoutbox
    # A lease that ran out (the worker was killed mid-send) is taken over.
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        email_claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert team.send_invitation_email(issued.invitation.pk, token=issued.token, language="en")
    assert len(mailoutbox) == 1


def test_a_deleted_invitation_or_a_wrong_token_sends_nothing(issued, mailoutbox):
    assert tasks.send_firm_invitation.delay(issued.invitation.pk, "forged", "en").get() is False
    Invitation.objects.filter(pk=issued.invitation.pk).delete()
    assert tasks.send_firm_invitation.delay(issued.invitation.pk, issued.token, "en").get() is (
        False
    )
    assert not mailoutbox
