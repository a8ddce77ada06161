"""The meeting forms: request a meeting, answer it, cancel it, choose one's time zone. They
check the shape of the input; the rules are the services'."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emining.forms import PortalForm
from emining.models import TIME_ZONE_CHOICES, Agency
from firms.models import Firm

from .models import MeetingRequest, MeetingSlot
from .models.meetings import MAX_SLOTS
from .mou_forms import DomainErrorsMixin
from .services.meetings import portal_zone

FORUM = "Pak-China Mineral Cooperation Forum, Jinnah Convention Centre, Islamabad"


def invitee_choices(*, exclude_firm_id: int | None) -> list:
    firms = [
        (f"firm:{pk}", name)
        for pk, name in Firm.objects.filter(verification_status=Firm.VerificationStatus.VERIFIED)
        .exclude(pk=exclude_firm_id)
        .order_by("name")
        .values_list("pk", "name")
    ]
    agencies = [
        (f"agency:{slug}", name)
        for slug, name in Agency.objects.order_by("name").values_list("slug", "name")
    ]
    return [("", "—"), (_("Firms"), firms), (_("Agencies"), agencies)]


class MeetingRequestForm(DomainErrorsMixin, PortalForm):
    invitee = forms.ChoiceField(label=_("Meet with"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"), max_length=2000, required=False, widget=forms.Textarea({"rows": 4})
    )
    event = forms.CharField(
        label=_("At an event (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example Pak-China Mineral Cooperation Forum."),
    )
    location = forms.CharField(
        label=_("Location"),
        max_length=255,
        required=False,
        help_text=_("For example Jinnah Convention Centre, Islamabad, or a video call."),
    )

    def __init__(self, *args, exclude_firm_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitee"].choices = invitee_choices(exclude_firm_id=exclude_firm_id)
        for n in range(1, MAX_SLOTS + 1):
            self.fields[f"slot_{n}_date"] = forms.DateField(
                label=_("Date"),
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields[f"slot_{n}_start"] = forms.TimeField(
                label=_("From"),
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"slot_{n}_end"] = forms.TimeField(
                label=_("To"),
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
        self.slots: list[tuple[datetime, datetime] | None] = []
        self.invitee_firm: Firm | None = None
        self.invitee_agency: Agency | None = None

    @property
    def slot_rows(self) -> list[tuple[int, list[forms.BoundField]]]:
        return [
            (n, [self[f"slot_{n}_{part}"] for part in ("date", "start", "end")])
            for n in range(1, MAX_SLOTS + 1)
        ]

    def clean_invitee(self) -> str:
        value = self.cleaned_data["invitee"]
        kind, _sep, key = value.partition(":")
        if kind == "firm" and key.isdigit():
            self.invitee_firm = Firm.objects.filter(pk=int(key)).first()
        elif kind == "agency":
            self.invitee_agency = Agency.objects.filter(slug=key).first()
        if self.invitee_firm is None and self.invitee_agency is None:
            raise forms.ValidationError(_("Choose a firm or an agency."))
        return value

    def clean(self):
        cleaned = super().clean()
        zone = portal_zone()
        self.slots = []
        for n in range(1, MAX_SLOTS + 1):
            day, start, end = (cleaned.get(f"slot_{n}_{part}") for part in ("date", "start", "end"))
            if any(f"slot_{n}_{part}" in self.errors for part in ("date", "start", "end")):
                self.slots.append(None)
                continue
            if day is None and start is None and end is None:
                self.slots.append(None)
                continue
            if day is None or start is None or end is None:
                message = _("Give the slot's date, start time and end time.")
                self.add_error(f"slot_{n}_date", message)
                self.slots.append(None)
                continue
            self.slots.append(
                (
                    timezone.make_aware(datetime.combine(day, start), zone),
                    timezone.make_aware(datetime.combine(day, end), zone),
                )
            )
        return cleaned

    def add_domain_error(self, error) -> None:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.error_dict.items():
                if field.startswith("slot_") and f"{field}_date" in self.fields:
                    field = f"{field}_date"
                elif field not in self.fields:
                    field = None
                self.add_error(field, field_errors)
        else:
            self.add_error(None, error)


def slot_choice_label(slot: MeetingSlot) -> str:
    """A slot in the active (the viewer's) time zone."""
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} {start.tzname()}"


class AcceptForm(DomainErrorsMixin, PortalForm):
    slot = forms.TypedChoiceField(label=_("Time"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, meeting: MeetingRequest, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now()
        self.fields["slot"].choices = [
            (slot.pk, slot_choice_label(slot))
            for slot in meeting.slots.all()
            if slot.starts_at > now
        ]


class DeclineForm(DomainErrorsMixin, PortalForm):
    message = forms.CharField(
        label=_("Message to the requester"),
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
    )


class CancelForm(DomainErrorsMixin, PortalForm):
    message = forms.CharField(
        label=_("Message to the other side (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea({"rows": 2}),
    )


class TimeZoneForm(PortalForm):
    time_zone = forms.ChoiceField(label=_("Show times in"), choices=TIME_ZONE_CHOICES)
