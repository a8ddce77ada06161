"""Audit events for signing in and out, which Django's own views perform."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .audit import record_event
from .request_utils import client_ip


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def audit_signed_in(sender, request, user, **kwargs):
    record_event(action="user.signed_in", actor=user, target=user, ip_address=client_ip(request))


@receiver(user_logged_out, dispatch_uid="audit_signed_out")
def audit_signed_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(
            action="user.signed_out", actor=user, target=user, ip_address=client_ip(request)
        )


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def audit_sign_in_failed(sender, credentials, request=None, **kwargs):
    record_event(
        action="user.sign_in_failed",
        data={"username": str(credentials.get("username", ""))[:150]},
        ip_address=client_ip(request),
    )
