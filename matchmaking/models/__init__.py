"""Matchmaking models: one module per domain noun, re-exported here."""

from .matches import BidInvitation, MatchFeedback, PartnerMatch, ProjectMatch
from .mous import (
    MoU,
    MoUDocument,
    MoUMilestone,
    MoUParty,
    MoUReferenceSequence,
    MoUStage,
    MoUTransition,
)

__all__ = [
    "BidInvitation",
    "MatchFeedback",
    "MoU",
    "MoUDocument",
    "MoUMilestone",
    "MoUParty",
    "MoUReferenceSequence",
    "MoUStage",
    "MoUTransition",
    "PartnerMatch",
    "ProjectMatch",
]
