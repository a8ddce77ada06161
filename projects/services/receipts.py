"""A bid's canonical content and its receipt digest.

The canonical content is the bid as the firm sent it (offer, firms, documents' digests) written
as UTF-8 JSON with sorted keys and no spaces, so the same bid always gives the same bytes and
the same SHA-256. It carries a random nonce: the digest alone cannot be used to guess an
offer by trying amounts. The firm keeps the receipt (server time, digest) and can download the
canonical content itself (with its nonce), and so prove later what it sent; the platform keeps
the content sealed in the version row and proves the same from its side.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DocumentDigest:
    """A proposal document as the canonical content names it."""

    title: str
    original_name: str
    content_type: str
    size: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "name": self.original_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def firm_json(firm: Any) -> dict[str, Any]:
    """A firm as the canonical content names it (a lead or a partner)."""
    return {
        "id": firm.pk,
        "name": firm.name,
        "country": firm.country,
        "registration_number": firm.registration_number,
    }


def new_nonce() -> str:
    return secrets.token_hex(16)


def canonical_content(
    *,
    bid_id: int,
    version: int,
    project_reference: str,
    lead_firm: dict[str, Any],
    partners: list[dict[str, Any]],
    offer: dict[str, Any],
    documents: list[DocumentDigest],
    nonce: str,
) -> bytes:
    content = {
        "format": "emining-bid/1",
        "bid": bid_id,
        "version": version,
        "project": project_reference,
        "lead_firm": lead_firm,
        "partners": sorted(partners, key=lambda firm: firm["id"]),
        "offer": offer,
        "documents": sorted(
            (document.as_json() for document in documents),
            key=lambda item: (item["sha256"], item["name"]),
        ),
        "nonce": nonce,
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def receipt_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
