"""Fan-out benchmark: one notification to 5,000 recipients, timed (target < 3 s to write).

    DATABASE_URL=postgres://... .venv/bin/python bench/notifications_fanout.py [count]

Creates throw-away users (bench-notify-*), writes one `bidding_closed` notice to all of them
in one transaction (rows, preferences read, badge counters), prints the time, then removes
them. Publishing is skipped (the task would run after commit): only the write is measured.
"""

from __future__ import annotations

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emining.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.db import transaction  # noqa: E402

from emining.models import User  # noqa: E402
from emining.notifications.models import Notification  # noqa: E402
from emining.notifications.services import notify  # noqa: E402


def main(count: int = 5000) -> float:
    User.objects.filter(username__startswith="bench-notify-").delete()
    User.objects.bulk_create(
        [
            User(username=f"bench-notify-{n}", email=f"bench-notify-{n}@example.com")
            for n in range(count)
        ],
        batch_size=2000,
    )
    recipients = User.objects.filter(username__startswith="bench-notify-")
    context = {"reference": "PMP-2026-0001", "title": "Bench", "title_zh": "基准"}
    try:
        with transaction.atomic():
            transaction.on_commit(lambda: None)
            started = time.perf_counter()
            written = notify("bidding_closed", recipients, context=context, url="/en/projects/")
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)  # measured; nothing to deliver
    finally:
        Notification.objects.filter(recipient__username__startswith="bench-notify-").delete()
        User.objects.filter(username__startswith="bench-notify-").delete()
    print(f"notify() to {written} recipients: {elapsed:.2f} s (target < 3 s)")
    return elapsed


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
