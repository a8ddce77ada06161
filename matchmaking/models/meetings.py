"""B2B meetings: a firm asks another firm or an agency for a meeting, proposing up to three
time slots; the other side accepts one or declines; either side may cancel.

The life of a request: requested → accepted | declined | cancelled, and accepted → cancelled.
Only `matchmaking.services.meetings` moves it. An accepted meeting books its slot for both
participants: a `MeetingBooking` row per participant (firm or agency). Nobody is double-booked:
the service refuses an overlapping acceptance under row locks, and on PostgreSQL an exclusion
constraint on the bookings (added by migration 0005, btree_gist) refuses it in the database too.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from emining.models import Agency
from firms.models import Firm

MAX_SLOTS = 3
MIN_SLOT_DURATION = timedelta(minutes=15)
MAX_SLOT_DURATION = timedelta(hours=4)


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.REQUESTED: frozenset({Status.ACCEPTED, Status.DECLINED, Status.CANCELLED}),
        Status.ACCEPTED: frozenset({Status.CANCELLED}),
        Status.DECLINED: frozenset(),
        Status.CANCELLED: frozenset(),
    }

    requester_firm = models.ForeignKey(
        Firm,
        verbose_name=_("requesting firm"),
        on_delete=models.PROTECT,
        related_name="meeting_requests_sent",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="meeting_requests",
    )
    invitee_firm = models.ForeignKey(
        Firm,
        verbose_name=_("invited firm"),
        on_delete=models.PROTECT,
        related_name="meeting_requests_received",
        null=True,
        blank=True,
    )
    invitee_agency = models.ForeignKey(
        Agency,
        verbose_name=_("invited agency"),
        on_delete=models.PROTECT,
        related_name="meeting_requests_received",
        null=True,
        blank=True,
    )
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    event = models.CharField(
        _("event"),
        max_length=200,
        blank=True,
        help_text=_("For example Pak-China Mineral Cooperation Forum."),
    )
    location = models.CharField(
        _("location"),
        max_length=255,
        blank=True,
        help_text=_("For example Jinnah Convention Centre, Islamabad, or a video call."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    accepted_slot = models.ForeignKey(
        "MeetingSlot",
        verbose_name=_("accepted slot"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decline_message = models.TextField(_("reason for declining"), max_length=2000, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    cancel_message = models.TextField(_("reason for cancelling"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requester_firm", "status"], name="meeting_requester_idx"),
            models.Index(fields=["invitee_firm", "status"], name="meeting_invitee_firm_idx"),
            models.Index(fields=["invitee_agency", "status"], name="meeting_invitee_agency_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(invitee_firm__isnull=False, invitee_agency__isnull=True)
                | Q(invitee_firm__isnull=True, invitee_agency__isnull=False),
                name="%(app_label)s_%(class)s_firm_or_agency",
                violation_error_message=_("A meeting is requested with a firm or an agency."),
            ),
            models.CheckConstraint(
                condition=Q(invitee_firm__isnull=True) | ~Q(invitee_firm=F("requester_firm")),
                name="%(app_label)s_%(class)s_not_own_firm",
                violation_error_message=_("A firm does not request a meeting with itself."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="accepted")
                    & Q(accepted_at__isnull=False)
                    & Q(accepted_slot__isnull=False)
                )
                | Q(status="cancelled", accepted_at__isnull=False, accepted_slot__isnull=False)
                | (
                    Q(status__in=["requested", "declined", "cancelled"])
                    & Q(accepted_at__isnull=True)
                    & Q(accepted_slot__isnull=True)
                ),
                name="%(app_label)s_%(class)s_accepted_stamped",
                violation_error_message=_("An accepted meeting records its slot and when."),
            ),
            models.CheckConstraint(
                condition=Q(status="declined", declined_at__isnull=False)
                | (~Q(status="declined") & Q(declined_at__isnull=True)),
                name="%(app_label)s_%(class)s_declined_stamped",
                violation_error_message=_("A declined meeting records when it was declined."),
            ),
            models.CheckConstraint(
                condition=Q(status="cancelled", cancelled_at__isnull=False)
                | (~Q(status="cancelled") & Q(cancelled_at__isnull=True)),
                name="%(app_label)s_%(class)s_cancelled_stamped",
                violation_error_message=_("A cancelled meeting records when it was cancelled."),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("matchmaking:meeting-detail", kwargs={"pk": self.pk})

    @property
    def invitee(self) -> Firm | Agency:
        return self.invitee_firm or self.invitee_agency

    def may_become(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class MeetingSlot(models.Model):
    """A proposed time, stored in UTC (entered and shown in local times)."""

    meeting = models.ForeignKey(
        MeetingRequest,
        verbose_name=_("meeting request"),
        on_delete=models.CASCADE,
        related_name="slots",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("proposed time slot")
        verbose_name_plural = _("proposed time slots")
        ordering = ["meeting", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at") + MIN_SLOT_DURATION)
                & Q(ends_at__lte=F("starts_at") + MAX_SLOT_DURATION),
                name="%(app_label)s_%(class)s_duration",
                violation_error_message=_("A meeting lasts between 15 minutes and 4 hours."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "starts_at"],
                name="%(app_label)s_%(class)s_unique_start",
                violation_error_message=_("Each proposed time is given once."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M} UTC"


class MeetingBooking(models.Model):
    """One participant's hold on the time of an accepted meeting (a firm or an agency): the
    rows that double-booking is checked against. Written on acceptance, removed on
    cancellation, by the service only."""

    meeting = models.ForeignKey(
        MeetingRequest,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    firm = models.ForeignKey(
        Firm,
        verbose_name=_("firm"),
        on_delete=models.CASCADE,
        related_name="meeting_bookings",
        null=True,
        blank=True,
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="meeting_bookings",
        null=True,
        blank=True,
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("meeting booking")
        verbose_name_plural = _("meeting bookings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["firm", "starts_at"], name="meeting_booking_firm_idx"),
            models.Index(fields=["agency", "starts_at"], name="meeting_booking_agency_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(firm__isnull=False, agency__isnull=True)
                | Q(firm__isnull=True, agency__isnull=False),
                name="%(app_label)s_%(class)s_firm_or_agency",
                violation_error_message=_("A booking holds a firm's or an agency's time."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A meeting ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm or self.agency}: {self.meeting_id}"
