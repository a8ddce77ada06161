"""Accepted meetings as iCalendar (RFC 5545), written by hand: one VEVENT per meeting, times
in UTC, text escaped and long lines folded, so any calendar program imports it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

from .models import MeetingRequest

PRODUCT = "-//Pak-China E-Mining Platform//B2B meetings//EN"
LINE_OCTETS = 75
# A meeting's UID stays the same in every download, so a calendar updates its event.
UID_DOMAIN = "meetings.emining.pk"


def escape_text(value: str) -> str:
    """A TEXT value: backslash, semicolon and comma escaped, line breaks as `\\n`."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space; a
    multi-byte UTF-8 character is never split."""
    parts: list[str] = []
    current, size = "", 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = LINE_OCTETS - 1  # the continuation's leading space counts
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid_of(meeting: MeetingRequest) -> str:
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def event_lines(meeting: MeetingRequest, *, url: str, stamp: datetime) -> list[str]:
    slot = meeting.accepted_slot
    description = meeting.message
    if meeting.event:
        description = f"{meeting.event}\n\n{description}".strip()
    description = f"{description}\n\n{url}".strip()
    location = ", ".join(part for part in (meeting.event, meeting.location) if part)
    summary = f"{meeting.subject} ({meeting.requester_firm.name} – {meeting.invitee})"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid_of(meeting)}",
        f"DTSTAMP:{utc_stamp(stamp)}",
        f"DTSTART:{utc_stamp(slot.starts_at)}",
        f"DTEND:{utc_stamp(slot.ends_at)}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["STATUS:CONFIRMED", "END:VEVENT"]
    return lines


def calendar(meetings: Iterable[MeetingRequest], *, url_of, stamp: datetime | None = None) -> str:
    """A VCALENDAR of accepted meetings; `url_of(meeting)` gives each one's absolute URL."""
    stamp = stamp or timezone.now()
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN"]
    lines.append("METHOD:PUBLISH")
    for meeting in meetings:
        lines += event_lines(meeting, url=url_of(meeting), stamp=stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
