"""What the firm registry announces to higher apps (matchmaking rescoring, notifications).

Both are sent after the transaction commits and carry ids only:

    firm_changed(sender=Firm, firm_id=..., event="registered" | "updated" | "submitted" |
                 "verified" | "rejected" | "document_added" | "document_removed")
    firm_verified(sender=Firm, firm_id=...)
"""

from __future__ import annotations

from django.dispatch import Signal

firm_changed = Signal()
firm_verified = Signal()
