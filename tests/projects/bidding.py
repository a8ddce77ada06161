"""Helpers shared by the bidding page tests: bids made through the services, a PDF that the
upload rules accept, and the two evaluators' scores."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from projects import services
from projects.models import Bid
from tests.factories import make_offer, offer_values

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "proposal.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def submit(project, user, *, partners=(), documents=(), **offer) -> Bid:
    return services.submit_bid(
        project, by=user, offer=make_offer(**offer), partners=partners, documents=documents
    ).bid


def form_data(**overrides) -> dict:
    """What the submit page's form posts for a valid offer."""
    return {key: str(value) for key, value in offer_values(**overrides).items()}


def score_all(bid: Bid, evaluator, score: int, comment: str = "") -> None:
    criteria = bid.project.evaluation_criteria.all()
    services.score_bid(bid, by=evaluator, scores={c.pk: (score, comment) for c in criteria})


def reconcile_all(bid: Bid, evaluator, score: int) -> None:
    criteria = bid.project.evaluation_criteria.all()
    services.reconcile_scores(bid, by=evaluator, scores={c.pk: (score, "") for c in criteria})
