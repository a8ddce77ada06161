"""Writes on firms: every rule of the registry and its verification lives here.

Pages, the admin and other apps call these functions; none writes a firm on its own.
"""

from .documents import add_firm_document, remove_firm_document
from .registry import (
    EDITABLE_FIELDS,
    REVERIFY_FIELDS,
    needs_reverification,
    register_firm,
    registration_refusal,
    update_firm,
)
from .verification import (
    reject_firm,
    submission_problem,
    submit_for_verification,
    verify_firm,
)

__all__ = [
    "EDITABLE_FIELDS",
    "REVERIFY_FIELDS",
    "add_firm_document",
    "needs_reverification",
    "register_firm",
    "registration_refusal",
    "reject_firm",
    "remove_firm_document",
    "submission_problem",
    "submit_for_verification",
    "update_firm",
    "verify_firm",
]
