"""Mineral projects that Pakistani agencies offer to investors, their documents and amendments,
and the bids firms make for them (one module per topic; import from here).

A project's life: draft → in review → published → closed → under evaluation → awarded, or
cancelled (with a reason) at any stage before the award. The transitions are made only by
`projects.services`; the model holds the table of what may follow what, and the database
keeps the status and its timestamps consistent.
"""

from .amendments import Amendment, AmendmentProposal
from .bids import OFFER_FIELDS, Bid, BidDocument, BidOpening, BidParticipant, BidVersion
from .clarifications import ANSWER_MAX_LENGTH, QUESTION_MAX_LENGTH, Clarification
from .documents import ProjectDocument, document_upload_path
from .evaluation import BidScore, EvaluationCriterion
from .projects import MINIMUM_BIDDING_PERIOD, Project, ReferenceSequence

__all__ = [
    "ANSWER_MAX_LENGTH",
    "MINIMUM_BIDDING_PERIOD",
    "OFFER_FIELDS",
    "QUESTION_MAX_LENGTH",
    "Amendment",
    "AmendmentProposal",
    "Bid",
    "BidDocument",
    "BidOpening",
    "BidParticipant",
    "BidScore",
    "BidVersion",
    "Clarification",
    "EvaluationCriterion",
    "Project",
    "ProjectDocument",
    "ReferenceSequence",
    "document_upload_path",
]
