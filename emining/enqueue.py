"""Hand a task to Celery once the transaction that made it necessary has committed.

The write has committed by then: a broker that is down (or, with tasks run eagerly, a task
that fails, such as a mail server that refuses the connection) must not turn the user's
successful request into an error page. The failure is logged for the operators and the
request goes on; what the task would have sent (a receipt, a notice) is also on the pages.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_after_commit(task: Any, *args: Any) -> None:
    """`task.delay(*args)` after commit; logged, never raised, if it cannot be handed over."""

    def send() -> None:
        try:
            task.delay(*args)
        except Exception:  # kombu, redis and smtplib raise many transport-specific errors
            logger.exception("Could not hand %s%r to Celery", task.name, args)

    transaction.on_commit(send)
