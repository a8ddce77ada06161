"""Writes of the notifications outbox.

`notify()` is the one call apps make: it writes a row per recipient (one bulk insert, the
preferences of all recipients read in one query) in the caller's transaction, and hands one
delivery task to Celery after commit. If the broker is down the rows wait: the beat sweep
delivers them. Delivery claims rows (`SELECT ... FOR UPDATE SKIP LOCKED`, then a lease in
`claimed_until`), sends, and marks each row sent, so a task run twice emails once.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from emining.audit import record_event
from emining.enqueue import enqueue_after_commit
from emining.models import User
from emining.services import DomainError

from .models import Notification, NotificationPreference
from .registry import Frequency, Kind, all_kinds, get_kind
from .rendering import reader_language, render

logger = logging.getLogger(__name__)

Status = Notification.EmailStatus
# How long a sender may hold rows before another may take them (beyond the task time limit,
# so a slow but living worker is not doubled; a killed one delays its rows this long).
CLAIM_LEASE = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)
MAX_ATTEMPTS = 8
CLAIM_SIZE = 50
BULK_BATCH_SIZE = 2000


# --- Writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    in_app: bool
    email: bool
    frequency: str


def default_choice(kind: Kind) -> Choice:
    return Choice(in_app=kind.in_app, email=kind.email, frequency=kind.frequency)


def _recipient_rows(recipients: Iterable[User | int] | QuerySet[User]) -> list[tuple]:
    """(pk, email, is_active) for each recipient, once each: one query at most."""
    if isinstance(recipients, QuerySet):
        return list(recipients.order_by().distinct().values_list("pk", "email", "is_active"))
    users: dict[int, tuple] = {}
    ids: set[int] = set()
    for recipient in recipients:
        if isinstance(recipient, User):
            users[recipient.pk] = (recipient.pk, recipient.email, recipient.is_active)
        else:
            ids.add(int(recipient))
    ids -= set(users)
    if ids:
        for row in User.objects.filter(pk__in=ids).values_list("pk", "email", "is_active"):
            users[row[0]] = row
    return list(users.values())


def notify(
    kind: str,
    recipients: Iterable[User | int] | QuerySet[User],
    *,
    context: dict[str, Any] | None = None,
    url: str = "",
    key: str = "",
) -> int:
    """Write `kind` for every recipient, as each one's preferences ask; returns the number of
    rows written (with a `key`, the rows new to this call). Call it inside the transaction of
    the event: the rows commit with it.

    `context` holds JSON values (a title's three languages as `title`, `title_zh`,
    `title_ur`); `url` a page path (`reverse(...)`, any language); `key` makes the call
    idempotent per recipient (a reminder written by a task that may run twice).
    """
    kind_ = get_kind(kind)  # ValueError for a kind no app registered
    rows = _recipient_rows(recipients)
    if not rows:
        return 0
    ids = [row[0] for row in rows]
    chosen = {
        user_id: Choice(in_app, email, frequency)
        for user_id, in_app, email, frequency in NotificationPreference.objects.filter(
            user_id__in=ids
            if not isinstance(recipients, QuerySet)
            else recipients.order_by().values("pk"),
            kind=kind_.name,
        ).values_list("user_id", "in_app", "email", "frequency")
    }
    default = default_choice(kind_)
    batch = uuid.uuid4()
    now = timezone.now()
    notifications = []
    for user_id, email, is_active in rows:
        if not is_active:
            continue
        choice = chosen.get(user_id, default)
        if kind_.email_required:
            choice = Choice(choice.in_app, True, Frequency.IMMEDIATE)
        if not email or not choice.email:
            email_status = Status.SKIPPED
        elif choice.frequency == Frequency.IMMEDIATE:
            email_status = Status.PENDING
        else:
            email_status = Status.DIGEST
        if not choice.in_app and email_status == Status.SKIPPED:
            continue
        notifications.append(
            Notification(
                recipient_id=user_id,
                kind=kind_.name,
                context=context or {},
                url=url,
                key=key,
                batch=batch,
                in_app=choice.in_app,
                created_at=now,
                email_status=email_status,
                email_frequency=choice.frequency,
            )
        )
    if not notifications:
        return 0
    Notification.objects.bulk_create(
        notifications, batch_size=BULK_BATCH_SIZE, ignore_conflicts=bool(key)
    )
    if key:
        # Rows that already existed were not written: count (and announce) only the new ones,
        # so a reminder run again reports 0 and no badge moves.
        written = list(
            Notification.objects.filter(batch=batch).values_list(
                "recipient_id", "in_app", "email_status"
            )
        )
    else:
        written = [(n.recipient_id, n.in_app, n.email_status) for n in notifications]
    shown = [recipient_id for recipient_id, in_app, _status in written if in_app]
    if shown:
        User.objects.filter(pk__in=shown).update(unread_notifications=F("unread_notifications") + 1)
    if any(status == Status.PENDING for _id, _in_app, status in written):
        from .tasks import deliver_notifications

        enqueue_after_commit(deliver_notifications, str(batch))
    return len(written)


# --- Reading marks ------------------------------------------------------------------------------


def _uncount(user: User, count: int) -> None:
    if count:
        User.objects.filter(pk=user.pk).update(
            unread_notifications=Greatest(F("unread_notifications") - count, Value(0))
        )
        user.unread_notifications = max(user.unread_notifications - count, 0)


@transaction.atomic
def mark_read(user: User, notification_id: int) -> bool:
    """Mark one of the user's notices read (False: not theirs, or read already)."""
    count = Notification.objects.filter(
        pk=notification_id, recipient=user, in_app=True, read_at__isnull=True
    ).update(read_at=timezone.now())
    _uncount(user, count)
    return bool(count)


@transaction.atomic
def mark_all_read(user: User) -> int:
    count = Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _uncount(user, count)
    return count


@transaction.atomic
def recount_unread(user: User) -> int:
    """Repair the badge's counter from the rows (an operator's tool; services keep it right)."""
    count = Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()
    User.objects.filter(pk=user.pk).update(unread_notifications=count)
    user.unread_notifications = count
    return count


# --- Preferences ---------------------------------------------------------------------------------


def set_preferences(user: User, choices: dict[str, Choice]) -> None:
    """Save the user's choice for each kind named; a kind no app registered is refused."""
    unknown = sorted(name for name in choices if name not in {k.name for k in all_kinds()})
    if unknown:
        raise DomainError(
            _("Unknown kind of notification: %(kinds)s") % {"kinds": ", ".join(unknown)},
            code="unknown_kind",
        )
    for choice in choices.values():
        if choice.frequency not in Frequency.values:
            raise DomainError(_("Unknown email frequency."), code="invalid")
    rows = [
        NotificationPreference(
            user=user,
            kind=name,
            in_app=choice.in_app,
            email=choice.email,
            frequency=choice.frequency,
        )
        for name, choice in choices.items()
    ]
    with transaction.atomic():
        NotificationPreference.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["in_app", "email", "frequency"],
        )
        record_event(
            action="notifications.preferences_changed",
            actor=user,
            target=user,
            data={
                name: {"in_app": c.in_app, "email": c.email, "frequency": c.frequency}
                for name, c in choices.items()
            },
        )


# --- Delivery ----------------------------------------------------------------------------------


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    unfinished: bool = False  # stopped by the time budget with work left


# Stop taking new rows after this long: the task's time limit must never cut a send short.
TIME_BUDGET = max(settings.CELERY_TASK_SOFT_TIME_LIMIT - 15, 5)


def _claim(queryset: QuerySet[Notification], *, now: datetime, size: int) -> list[int]:
    """Take up to `size` free rows: rows another sender holds (locked now, or leased) are
    skipped, never waited for."""
    with transaction.atomic():
        ids = list(
            queryset.filter(_free_q(now))
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        if ids:
            Notification.objects.filter(pk__in=ids).update(
                claimed_until=now + CLAIM_LEASE, attempts=F("attempts") + 1
            )
    return ids


def _free_q(now: datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)


def _failed(ids: list[int], error: Exception, *, now: datetime) -> None:
    """Release rows whose send failed: they wait longer after each attempt, then give up."""
    message = f"{type(error).__name__}: {error}"[:300]
    for notification in Notification.objects.filter(pk__in=ids).only("pk", "attempts"):
        if notification.attempts >= MAX_ATTEMPTS:
            Notification.objects.filter(pk=notification.pk).update(
                email_status=Status.FAILED, claimed_until=None, last_error=message
            )
            logger.error("Notification %s not emailed: %s", notification.pk, message)
        else:
            wait = timedelta(seconds=min(60 * 2 ** (notification.attempts - 1), 6 * 60 * 60))
            Notification.objects.filter(pk=notification.pk).update(
                claimed_until=now + wait, last_error=message
            )


def _message(notification: Notification) -> EmailMultiAlternatives:
    rendered = render(notification)
    message = EmailMultiAlternatives(
        rendered.subject, rendered.text, to=[notification.recipient.email]
    )
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    return message


def deliver(
    *, batch: str | None = None, limit: int = 5000, now: datetime | None = None
) -> Delivery:
    """Email the pending rows of one batch (the task after `notify`), or any pending rows
    (the sweep), at most `limit`. Each row is claimed before it is sent and marked sent after,
    so two runs at once, or one after the other, email it once."""
    now = now or timezone.now()
    pending = Notification.objects.filter(email_status=Status.PENDING)
    if batch is not None:
        pending = pending.filter(batch=batch)
    result = Delivery()
    connection = get_connection()
    started = time.monotonic()
    while result.sent + result.failed < limit:
        if time.monotonic() - started > TIME_BUDGET:
            result.unfinished = True
            break
        ids = _claim(pending, now=now, size=min(CLAIM_SIZE, limit - result.sent - result.failed))
        if not ids:
            break
        for notification in Notification.objects.filter(pk__in=ids).select_related("recipient"):
            try:
                connection.send_messages([_message(notification)])
            except Exception as error:  # SMTP, templates: the row waits and is tried again
                _failed([notification.pk], error, now=now)
                result.failed += 1
                continue
            Notification.objects.filter(pk=notification.pk, email_status=Status.PENDING).update(
                email_status=Status.SENT, emailed_at=timezone.now(), claimed_until=None
            )
            result.sent += 1
    return result


def send_digests(frequency: str, *, now: datetime | None = None) -> Delivery:
    """One email per user with every notice waiting for their daily (or weekly) digest."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"No digest is sent {frequency!r}")
    now = now or timezone.now()
    waiting = Notification.objects.filter(email_status=Status.DIGEST, email_frequency=frequency)
    result = Delivery()
    user_ids = list(
        waiting.filter(_free_q(now)).order_by().values_list("recipient_id", flat=True).distinct()
    )
    connection = get_connection()
    started = time.monotonic()
    for user_id in user_ids:
        if time.monotonic() - started > TIME_BUDGET:
            result.unfinished = True
            break
        ids = _claim(waiting.filter(recipient_id=user_id), now=now, size=500)
        if not ids:
            continue
        items = list(
            Notification.objects.filter(pk__in=ids)
            .select_related("recipient")
            .order_by("created_at", "pk")
        )
        try:
            connection.send_messages([_digest_message(items, frequency)])
        except Exception as error:
            _failed(ids, error, now=now)
            result.failed += 1
            continue
        Notification.objects.filter(pk__in=ids, email_status=Status.DIGEST).update(
            email_status=Status.SENT, emailed_at=timezone.now(), claimed_until=None
        )
        result.sent += 1
    return result


def _digest_message(items: list[Notification], frequency: str) -> EmailMultiAlternatives:
    recipient = items[0].recipient
    language = reader_language(recipient)
    entries = [render(item, language=language, body=False) for item in items]
    with translation.override(language):
        context = {
            "recipient": recipient,
            "entries": [
                {"subject": entry.subject, "url": f"{settings.SITE_URL}{entry.url or '/'}"}
                for entry in entries
            ],
            "weekly": frequency == Frequency.WEEKLY,
            "count": len(entries),
            "site_url": settings.SITE_URL,
            "preferences_path": reverse("notifications:preferences"),
        }
        subject = " ".join(render_to_string("notifications/digest_subject.txt", context).split())
        text = render_to_string("notifications/digest_body.txt", context)
    return EmailMultiAlternatives(subject, text, to=[recipient.email])
